"""The data the bot reasons about: frozen dataclasses shared by every module.

Everything here is plain data with no I/O, so the pure core (parse, measure, trust,
score, render) can be tested on strings and literals. Times are timezone-aware UTC
``datetime`` objects; contest days are ``date`` objects interpreted in the contest's
time zone (see :meth:`ContestSettings.period`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.aliases import normalize_title

# --------------------------------------------------------------------------- problems


#: The problem that says a contest runs on its last good settings because the trusted text
#: of its page does not read cleanly (issue 17); the leaderboard shows it as a banner.
SETTINGS_KEPT = "contest-settings-kept"


@dataclass(frozen=True)
class Problem:
    """Something wrong with on-wiki input, shown to the people who can fix it.

    ``key`` is a message key of the catalog (``bot/messages/*.json``) and ``params``
    the values it needs. ``page`` and ``wiki`` say where the problem is; ``revid``
    (when known) lets the renderer link the diff that introduced it; ``line`` is a
    1-based line number in that page when it helps.
    """

    key: str
    wiki: str
    page: str
    params: tuple[tuple[str, str], ...] = ()
    revid: int | None = None
    line: int | None = None

    @staticmethod
    def make(
        key: str,
        wiki: str,
        page: str,
        *,
        revid: int | None = None,
        line: int | None = None,
        **params: object,
    ) -> Problem:
        """Build a problem with keyword parameters (all stringified, order kept)."""
        return Problem(
            key=key,
            wiki=wiki,
            page=page,
            params=tuple((k, str(v)) for k, v in params.items()),
            revid=revid,
            line=line,
        )

    def param(self, name: str, default: str = "") -> str:
        for k, v in self.params:
            if k == name:
                return v
        return default

    def to_json(self) -> dict[str, Any]:
        """The stored form of a problem (trust ledgers, status rows): written once, here."""
        return {"key": self.key, "wiki": self.wiki, "page": self.page,
                "params": [list(kv) for kv in self.params], "revid": self.revid, "line": self.line}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Problem:
        return Problem(
            key=str(d["key"]),
            wiki=str(d["wiki"]),
            page=str(d["page"]),
            params=tuple((str(k), str(v)) for k, v in d.get("params", ())),
            revid=d.get("revid"),
            line=d.get("line"),
        )


# --------------------------------------------------------------------------- page history


@dataclass(frozen=True)
class PageRevision:
    """One revision of a page whose history we read for trust (B, subpages).

    ``text`` is None when the revision's text was not fetched (or is hidden).
    """

    revid: int
    parentid: int
    user: str
    timestamp: datetime
    text: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class PageHistory:
    """A page's revisions, oldest first, sorted by revision id (not by timestamp:
    same-second revisions come out of the API in the wrong order)."""

    wiki: str
    title: str
    revisions: tuple[PageRevision, ...] = ()
    exists: bool = True
    creator: str | None = None  # user of the page's first revision ever

    @property
    def latest(self) -> PageRevision | None:
        return self.revisions[-1] if self.revisions else None


# --------------------------------------------------------------------------- contest settings


class Review(enum.StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Rule:
    """``{{Editathon rule | TYPE | POINTS | max = CAP | wiki = tt}}``."""

    type: str  # new expanded kilobyte words reference image worklist language
    points: float
    max: float | None = None
    wiki: str | None = None


@dataclass(frozen=True)
class CategoryRef:
    wiki: str | None  # None: the article's own wiki
    name: str  # without the namespace prefix


@dataclass(frozen=True)
class Criterion:
    """``{{Editathon criterion | TYPE | ... | informational = yes}}``.

    Only the fields of its type are meaningful; the others keep their defaults.
    """

    type: str  # new expanded worklist category namespace newcomer
    informational: bool = False
    min_bytes: int | None = None
    min_words: int | None = None
    min_added_bytes: int | None = None
    min_added_words: int | None = None
    max_start_bytes: int | None = None
    categories: tuple[CategoryRef, ...] = ()
    depth: int = 3
    namespaces: tuple[int, ...] = ()
    registered_after: date | None = None


class RankBy(enum.StrEnum):
    POINTS = "points"
    ENTRIES = "entries"
    LANGUAGES = "languages"


@dataclass(frozen=True)
class Nomination:
    name: str
    wikis: tuple[str, ...] = ()  # empty: every wiki of the contest
    newcomers: date | None = None  # only accounts registered after this date
    rank_by: RankBy = RankBy.POINTS


OVERALL = "overall"


@dataclass(frozen=True)
class Prize:
    nomination: str  # a nomination name, or OVERALL
    places: int = 1


@dataclass(frozen=True)
class SubpageNames:
    """Titles of a contest's subpages (defaults ``B/Participants`` ...)."""

    participants: str
    worklist: str
    jury: str
    leaderboard: str
    queue: str
    worklist_status: str
    subscribers: str

    @staticmethod
    def defaults(base: str) -> SubpageNames:
        return SubpageNames(
            participants=f"{base}/Participants",
            worklist=f"{base}/Worklist",
            jury=f"{base}/Jury",
            leaderboard=f"{base}/Leaderboard",
            queue=f"{base}/Queue",
            worklist_status=f"{base}/Worklist status",
            subscribers=f"{base}/Subscribers",
        )


@dataclass(frozen=True)
class PageRef:
    """A page on a given wiki (``tt:Project:X`` -> PageRef('tt', 'Project:X'))."""

    wiki: str
    title: str

    def __str__(self) -> str:
        return f"{self.wiki}:{self.title}"


@dataclass(frozen=True)
class ContestSettings:
    """What the trusted revision of the contest page ``B`` says."""

    wiki: str  # home wiki
    title: str  # B
    start: date
    end: date
    timezone: str
    wikis: tuple[str, ...]
    organizers: tuple[str, ...] = ()
    jury: tuple[str, ...] = ()
    quorum: int = 1
    review: Review = Review.OPTIONAL
    verdict_notices: bool = False
    parent: PageRef | None = None
    umbrella: bool = False
    closed: bool = False  # {{Editathon close}} present in the trusted text
    pages: SubpageNames | None = None
    rules: tuple[Rule, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    nominations: tuple[Nomination, ...] = ()
    prizes: tuple[Prize, ...] = ()
    revid: int | None = None  # the trusted revision these settings come from
    sponsors: tuple[str, ...] = ()  # v1.1: whose approval the contest awaits (issue 21)
    previous: PageRef | None = None  # v1.1: the previous edition's page (issue 21)

    @property
    def subpages(self) -> SubpageNames:
        return self.pages or SubpageNames.defaults(self.title)

    def period(self) -> tuple[datetime, datetime]:
        """The contest period as UTC instants: [start 00:00, end+1 00:00) local time."""
        tz = ZoneInfo(self.timezone)
        start = datetime.combine(self.start, time(0), tz)
        end = datetime.combine(self.end + timedelta(days=1), time(0), tz)
        return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


class ContestState(enum.StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    ENDED = "ended"  # period over, jury still working, not closed by an organizer
    CLOSED = "closed"


def contest_state(settings: ContestSettings, now: datetime) -> ContestState:
    """Where a contest stands at ``now``: before, in or after its period, or closed."""
    start, end = settings.period()
    if settings.closed:
        return ContestState.CLOSED
    if now < start:
        return ContestState.UPCOMING
    if now < end:
        return ContestState.OPEN
    return ContestState.ENDED


# --------------------------------------------------------------------------- signup, worklist, jury


@dataclass(frozen=True)
class Signup:
    """A participant, proven by the revision that added their line."""

    user: str
    revid: int
    timestamp: datetime
    added_by: str


@dataclass(frozen=True)
class Topic:
    """A worklist topic: one title per language edition (wiki code -> title)."""

    key: str  # stable id: the wikidata item, or the first title as "wiki:Title"
    titles: tuple[tuple[str, str], ...]  # (wiki, title), in the order given
    heading: str = ""
    wikidata: str | None = None

    def title_on(self, wiki: str) -> str | None:
        for w, t in self.titles:
            if w == wiki:
                return t
        return None


@dataclass(frozen=True)
class Worklist:
    topics: tuple[Topic, ...] = ()


class Verdict(enum.StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True)
class Decision:
    """A juror's decision, attributed to the revision that added it."""

    juror: str
    article: PageRef
    verdict: Verdict
    revid: int
    timestamp: datetime
    points: float = 0.0
    user: str | None = None  # whose entry, when two participants share an article
    comment: str = ""


@dataclass(frozen=True)
class Suspension:
    user: str
    by: str
    revid: int
    timestamp: datetime
    comment: str = ""


# --------------------------------------------------------------------------- articles and edits


@dataclass(frozen=True)
class Figures:
    """What a revision's text holds: readable words, references, images."""

    words: int = 0
    references: int = 0
    images: int = 0


@dataclass(frozen=True)
class Edit:
    """One revision of an article, with what the measure needs.

    ``parent_size`` is 0 for a page creation. ``figures``/``parent_figures`` are the
    measured contents of this revision's text and its parent's (None until measured).
    Whether an edit counts (reverts, restores) is decided in :mod:`bot.counted`.
    """

    wiki: str
    revid: int
    parentid: int
    pageid: int
    user: str
    timestamp: datetime
    size: int
    parent_size: int
    sha1: str = ""
    tags: tuple[str, ...] = ()
    figures: Figures | None = None
    parent_figures: Figures | None = None


@dataclass(frozen=True)
class Move:
    """A page move from the log: ``pageid`` keeps its identity across moves."""

    wiki: str
    pageid: int
    timestamp: datetime
    user: str
    from_title: str
    to_title: str
    from_ns: int
    to_ns: int


@dataclass(frozen=True)
class Article:
    """An article page on a contest wiki and everything measured about it.

    ``edits`` holds the page's revisions in the window we looked at (at least every
    revision from the participant's first edit in the period onwards, so reverts by
    others are visible), sorted by revid. ``created`` is the creation of the page
    (its first revision ever), ``created_by`` its author. ``entered_main`` is when a
    draft was moved into the article namespace (None if it was always there).
    """

    wiki: str
    pageid: int
    title: str  # current title
    namespace: int
    created: datetime
    created_by: str
    edits: tuple[Edit, ...] = ()
    moves: tuple[Move, ...] = ()
    redirect: bool = False
    deleted: bool = False
    end_size: int = 0  # size at the end of the period (or now, if earlier)
    end_figures: Figures = field(default_factory=Figures)
    categories: tuple[str, ...] = ()  # all categories in its tree up to the needed depth
    langlinks: tuple[tuple[str, str], ...] = ()  # (wiki, title)
    wikidata: str | None = None
    entered_main: datetime | None = None


@dataclass(frozen=True)
class Contribution:
    """What one participant did to one article: the counted-edit analysis result."""

    user: str
    wiki: str
    pageid: int
    kind: str  # "new" | "expanded"
    counted_revids: tuple[int, ...]
    first_counted: datetime | None
    last_counted: datetime | None
    bytes_added: int = 0
    words_added: int = 0
    references_added: int = 0
    images_added: int = 0
    start_size: int = 0  # size just before the participant's first counted edit


# --------------------------------------------------------------------------- results


class Status(enum.StrEnum):
    COUNTED = "counted"
    PROVISIONAL = "provisional"
    AWAITING = "awaiting jury"
    UNDECIDED = "undecided"
    REJECTED = "rejected"
    NOT_ENTRY = "not an entry"
    DELETED = "deleted"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


SCORING = frozenset({Status.COUNTED, Status.PROVISIONAL})


@dataclass(frozen=True)
class Reason:
    """Why an entry has its status: a message key and its parameters."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def make(key: str, **params: object) -> Reason:
        return Reason(key, tuple((k, str(v)) for k, v in params.items()))


@dataclass(frozen=True)
class PointsLine:
    rule: str
    points: float
    detail: str = ""


@dataclass(frozen=True)
class Entry:
    """A participant's article as the contest sees it."""

    user: str
    wiki: str
    pageid: int
    title: str
    kind: str  # new | expanded
    status: Status
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Reason, ...] = ()  # informational criteria not met
    points: float = 0.0
    breakdown: tuple[PointsLine, ...] = ()
    topic: str | None = None  # Topic.key
    contribution: Contribution | None = None
    end_size: int = 0
    end_words: int = 0
    decisions: tuple[Decision, ...] = ()
    decisions_needed: int = 0
    jury_points: float = 0.0
    created: datetime | None = None


@dataclass(frozen=True)
class Standing:
    user: str
    rank: int
    points: float
    entries: int
    languages: int
    last_counted: datetime | None


@dataclass(frozen=True)
class Ranking:
    nomination: str  # OVERALL or a nomination name
    rank_by: RankBy
    standings: tuple[Standing, ...]


@dataclass(frozen=True)
class Extension:
    """More time (v1.1, issue 21) for ``user`` (a user name) or every participant on ``wiki``:
    their edits count up to the end of day ``until`` (see :mod:`bot.extensions`)."""

    user: str | None
    wiki: str | None
    until: date
    comment: str = ""

    @property
    def key(self) -> str:
        """What identifies it on a page (a new comment alone makes no new extension)."""
        who = f"user:{self.user}" if self.user else f"wiki:{self.wiki}"
        return f"{who}|{self.until.isoformat()}"

    def applies(self, user: str, wiki: str) -> bool:
        if self.user is not None:
            return normalize_title(user) == self.user
        return wiki == self.wiki


@dataclass(frozen=True)
class ContestResult:
    """Everything the renderer needs to write a contest's pages."""

    settings: ContestSettings
    state: ContestState
    entries: tuple[Entry, ...]
    rankings: tuple[Ranking, ...]  # overall first, then one per nomination
    participants: tuple[str, ...]  # everyone signed up, in signup order
    problems: tuple[Problem, ...] = ()
    worklist: Worklist = field(default_factory=Worklist)
    extensions: tuple[Extension, ...] = ()  # issue 21: more time for some, shown on the leaderboard
    previous: PageRef | None = None  # issue 21: the previous edition's page
    next: PageRef | None = None  # issue 21: the next edition's page, once it exists


@dataclass(frozen=True)
class Candidate:
    """One (participant, article) pair the scorer judges.

    ``creation`` is ``bot.counted.creation_status``: "new", "expanded" or
    "before-signup". ``contribution`` is None when the participant has no counted
    edit on the article (it then cannot score, but may still be shown).
    """

    user: str
    article: Article
    creation: str
    contribution: Contribution | None

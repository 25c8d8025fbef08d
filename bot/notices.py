"""Which notices a contest owes its participants, and how each one reads (contract §5).

Pure: a :class:`~bot.model.ContestResult` and a few facts in, :class:`Notice` values
and wikitext out; no I/O and no clock (``now`` comes in). Sending them exactly once is
:mod:`bot.run.notify`'s job.

Every notice has a stable identity ``(wiki, contest, user, kind, key)``: the store
records its state under it, and the text carries it as a hidden marker
(``<!-- editathon-notice:WIKI:CONTEST:USER:KIND:KEY -->``), so a run that died between
the edit and recording it finds the notice on the talk page instead of sending it again.

When a notice is due (home wiki ``User talk:`` pages only):

``welcome`` (key ``signup``)
    for each participant (not withdrawn) while the contest is upcoming or open.
    A signup made after the period is not welcomed: there is nothing left to do.
``verdict`` (key ``WIKI:PAGEID:N:VERDICT``), only with ``verdict notices = yes``
    for each entry the jury decided: ``counted`` by an accepting quorum, or
    ``rejected``. ``N`` counts the verdicts told about that entry: while the verdict
    stays the one last told, the key stays the same (a further accept or a juror's
    new comment does not repeat it); when it changes (a juror changed their mind),
    ``N + 1`` is a new notice. A verdict that goes back to one already told and then
    superseded is a change too, and is told again.
``results`` (key ``final``)
    for every participant (not withdrawn) once the contest is closed, that is once an
    organizer's ``{{Editathon close}}`` stands on ``B`` (state ``closed``).
``prize`` (key: the nomination)
    for each place a ``{{Editathon prize}}`` names, to whoever holds it when the
    contest is closed (ties share a place, and then a prize).

Stale events: a notice is not sent for an event older than :data:`MAX_AGE` (a
signup, the jury's last decision on the entry, the close). A bot started for the
first time on a wiki with old contests must not flood talk pages with news of last
year; people who missed a notice that way can read the leaderboard.

``{{bots}}`` and ``{{nobots}}`` (:func:`bots_deny`) follow the conventions of
``Template:Bots`` and pywikibot's ``Page.botMayEdit``: ``{{nobots}}`` and
``{{bots|deny=all}}`` keep every bot out, ``{{bots|deny=A,B}}`` and ``{{nobots|A,B}}``
the bots named, ``{{bots|allow=A,B}}`` every bot not named, and
``{{bots|optout=all}}`` every bot's messages (notices are messages).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.aliases import normalize_title
from bot.i18n import Catalog
from bot.model import (
    OVERALL,
    ContestResult,
    ContestSettings,
    ContestState,
    Entry,
    PageRef,
    Ranking,
    Signup,
    Standing,
    Status,
    Verdict,
)
from bot.parse.common import parse_code
from bot.render.layout import fill
from bot.render.links import escape_text, page_link, user_link

#: Events older than this get no notice (see the module docstring).
MAX_AGE = timedelta(days=30)

#: The opt-out message type of ``{{bots|optout=...}}`` that covers our notices.
OPTOUT_TYPE = "editathon"


class NoticeKind(enum.StrEnum):
    WELCOME = "welcome"
    VERDICT = "verdict"
    RESULTS = "results"
    PRIZE = "prize"
    ANNOUNCE = "announce"  # issue 10: see announcement_notices() at the end of this module


@dataclass(frozen=True)
class Notice:
    """One message owed to one participant, with what its text needs.

    ``entry`` is set for a verdict, ``standing`` for results (None: not ranked) and
    prizes, ``nomination`` for a prize (:data:`~bot.model.OVERALL` or a name).
    """

    wiki: str
    contest: str
    user: str
    kind: NoticeKind
    key: str
    entry: Entry | None = None
    standing: Standing | None = None
    ranked: int = 0  # results: how many participants are ranked
    total: int = 0  # results: the participant's entries, counted or not
    nomination: str = ""

    @property
    def talk_page(self) -> str:
        """Where it goes: the participant's talk page on the home wiki."""
        return f"User talk:{self.user}"

    @property
    def ident(self) -> tuple[str, str, str, str, str]:
        """(wiki, contest, user, kind, key): the store's primary key."""
        return (self.wiki, self.contest, self.user, self.kind.value, self.key)

    @property
    def marker(self) -> str:
        return marker(self.wiki, self.contest, self.user, self.kind.value, self.key)


def marker(wiki: str, contest: str, user: str, kind: str, key: str) -> str:
    """The hidden comment that proves a notice is on the page.

    Titles and user names cannot hold ``<``, ``>`` or line breaks; a nomination name
    (part of a prize's key) can, so those and ``%`` are percent-encoded: nothing can
    end the comment early.
    """
    parts = ":".join(_marker_safe(p) for p in (wiki, contest, user, kind, key))
    return f"<!-- editathon-notice:{parts} -->"


def _marker_safe(part: str) -> str:
    return re.sub(r"[%<>\r\n]", lambda m: f"%{ord(m.group(0)):02X}", part)


# --------------------------------------------------------------------------- what is due


def verdict_of(entry: Entry) -> Verdict | None:
    """The jury's verdict on an entry: an accepting quorum, or a rejection; else None.

    ``counted`` without decisions (no jury, or optional review) is no verdict.
    """
    if entry.status is Status.REJECTED:
        return Verdict.REJECT
    if (
        entry.status is Status.COUNTED
        and entry.decisions
        and entry.decisions_needed == 0
        and any(d.verdict is Verdict.ACCEPT for d in entry.decisions)
    ):
        return Verdict.ACCEPT
    return None


def entry_ref(entry: Entry) -> str:
    return f"{entry.wiki}:{entry.pageid}"


def verdict_key(entry: Entry, verdict: Verdict, recorded: Iterable[str]) -> str:
    """The key of the notice of ``verdict`` on ``entry``, given the verdict keys
    already recorded for its author (see the module docstring)."""
    ref = entry_ref(entry)
    told: list[tuple[int, str]] = []
    for key in recorded:
        head, _, rest = key.rpartition(":")  # "wiki:pageid:N" + "verdict"
        prefix, _, seq = head.rpartition(":")
        if prefix == ref and seq.isdigit():
            told.append((int(seq), rest))
    if told:
        number, last = max(told)
        if last == verdict.value:
            return f"{ref}:{number}:{last}"
        return f"{ref}:{number + 1}:{verdict.value}"
    return f"{ref}:1:{verdict.value}"


def _fresh(event: datetime | None, now: datetime, max_age: timedelta) -> bool:
    return event is None or now - event <= max_age


def _ranking(result: ContestResult, nomination: str) -> Ranking | None:
    for ranking in result.rankings:
        if ranking.nomination == nomination:
            return ranking
    folded = nomination.casefold()
    return next((r for r in result.rankings if r.nomination.casefold() == folded), None)


def due_notices(
    result: ContestResult,
    *,
    signups: Sequence[Signup],
    withdrawn: frozenset[str],
    closed_at: datetime | None,
    now: datetime,
    recorded_verdicts: Iterable[tuple[str, str]] = (),
    max_age: timedelta = MAX_AGE,
) -> tuple[Notice, ...]:
    """Every notice the contest owes now, in a stable order.

    ``recorded_verdicts`` are the (user, key) pairs of verdict notices the store
    knows, whatever their state: they number the verdicts already told.
    ``closed_at`` is the time of the revision that closed the contest.
    """
    s = result.settings
    home, title = s.wiki, s.title
    out: list[Notice] = []
    active = [sg for sg in signups if sg.user not in withdrawn]

    if result.state in (ContestState.UPCOMING, ContestState.OPEN):
        _, end = s.period()
        seen: set[str] = set()
        for sg in active:
            if sg.user in seen or sg.timestamp >= end or not _fresh(sg.timestamp, now, max_age):
                continue
            seen.add(sg.user)
            out.append(Notice(home, title, sg.user, NoticeKind.WELCOME, "signup"))

    if s.verdict_notices:
        recorded: dict[str, list[str]] = {}
        for user, key in recorded_verdicts:
            recorded.setdefault(user, []).append(key)
        for entry in sorted(result.entries, key=lambda e: (e.user, e.wiki, e.pageid)):
            verdict = verdict_of(entry)
            if verdict is None or entry.user in withdrawn:
                continue
            last = max((d.timestamp for d in entry.decisions), default=None)
            if not _fresh(last, now, max_age):
                continue
            key = verdict_key(entry, verdict, recorded.get(entry.user, ()))
            out.append(Notice(home, title, entry.user, NoticeKind.VERDICT, key, entry=entry))

    if result.state is ContestState.CLOSED and _fresh(closed_at, now, max_age):
        overall = _ranking(result, OVERALL)
        standings = {st.user: st for st in overall.standings} if overall else {}
        ranked = len(standings)
        seen = set()
        for user in result.participants:
            if user in withdrawn or user in seen:
                continue
            seen.add(user)
            total = sum(1 for e in result.entries if e.user == user)
            out.append(Notice(home, title, user, NoticeKind.RESULTS, "final",
                              standing=standings.get(user), ranked=ranked, total=total))
        for prize in s.prizes:
            ranking = _ranking(result, prize.nomination)
            if ranking is None:
                continue
            for st in sorted(ranking.standings, key=lambda x: (x.rank, x.user)):
                if st.rank <= prize.places and st.user not in withdrawn:
                    out.append(Notice(home, title, st.user, NoticeKind.PRIZE, ranking.nomination,
                                      standing=st, nomination=ranking.nomination))
    unique: dict[tuple[str, ...], Notice] = {}
    for n in out:
        unique.setdefault(n.ident, n)
    return tuple(unique.values())


# --------------------------------------------------------------------------- {{bots}} / {{nobots}}


_NAMESPACE = re.compile(r"^[^:]*:\s*")


def _names(value: str) -> set[str]:
    return {normalize_title(v) for v in value.split(",") if v.strip()}


def bots_deny(text: str | None, username: str) -> str | None:
    """The ``{{bots}}``/``{{nobots}}`` template that keeps ``username`` off a page, or None.

    Templates anywhere count (also inside other templates, as MediaWiki transcludes
    them); commented out or ``<nowiki>`` ones do not.
    """
    if not text or ("bots" not in text.casefold()):
        return None
    me = normalize_title(username)
    for tpl in parse_code(text).filter_templates(recursive=True):
        name = _NAMESPACE.sub("", str(tpl.name).strip()).strip().casefold().replace("_", " ")
        if name not in ("bots", "nobots"):
            continue
        shown = str(tpl).strip()
        params = [(str(p.name).strip().casefold(), str(p.value).strip()) for p in tpl.params]
        if name == "nobots":
            listed = set().union(*(_names(v) for _, v in params)) if params else set()
            if not params or "All" in listed or me in listed:
                return shown
            continue
        for pname, value in params:
            listed = _names(value)
            if pname == "allow" and not ("All" in listed or me in listed):
                return shown
            if pname == "deny" and ("All" in listed or me in listed):
                return shown
            if pname == "optout" and ({"All", normalize_title(OPTOUT_TYPE)} & listed):
                return shown
    return None


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class RenderedNotice:
    """A notice as it is saved: a new section ``heading`` with ``text`` and an edit summary."""

    heading: str
    text: str
    summary: str


def _article(entry: Entry, home: str) -> tuple[str, str]:
    """(link, plain name) of an entry's article as seen from the home wiki."""
    plain = entry.title if entry.wiki == home else f"{entry.wiki}:{entry.title}"
    return page_link(entry.title, entry.wiki, home), escape_text(plain)


def _comments(entry: Entry, verdict: Verdict) -> str:
    texts = [d.comment.strip() for d in entry.decisions if d.verdict is verdict and d.comment.strip()]
    return "; ".join(escape_text(t) for t in dict.fromkeys(texts))


def prize_privately(organizers: Sequence[str], cat: Catalog) -> str:
    """How a winner sends their postal details: by e-mail through the wiki to an organizer
    (``Special:EmailUser``), never on a wiki page, where every edit is public for good."""
    links = [f"[[Special:EmailUser/{o}|{cat.text('notice-prize-email-label', user=escape_text(o))}]]"
             for o in organizers]
    return cat.text("notice-prize-private", email=cat.join(links))


def nomination_name(nomination: str, cat: Catalog) -> str:
    return cat.text("notice-prize-overall") if nomination == OVERALL else escape_text(nomination)


def render_notice(notice: Notice, settings: ContestSettings, cat: Catalog, *, docs: str) -> RenderedNotice:
    """The heading, text and edit summary of ``notice`` in ``cat``'s language.

    The text ends with the bot's signature and the notice's marker, in that order,
    so the marker is on the page whenever the notice is.
    """
    if notice.kind is NoticeKind.ANNOUNCE:
        return render_announcement(notice, settings, cat, docs=docs)
    contest = settings.title
    leaderboard = settings.subpages.leaderboard
    more = cat.text("notice-more", leaderboard=leaderboard)
    kind = notice.kind
    parts: dict[str, str] = {"more": more, "marker": notice.marker}
    if kind is NoticeKind.WELCOME:
        heading = cat.text("notice-welcome-heading", contest=contest)
        parts["body"] = cat.text(
            "notice-welcome-body", user=notice.user, contest=contest, start=cat.date(settings.start),
            end=cat.date(settings.end), timezone=escape_text(settings.timezone),
            wikis=cat.join(list(settings.wikis)))
    elif kind is NoticeKind.VERDICT:
        entry = notice.entry
        assert entry is not None, "a verdict notice carries its entry"
        verdict = Verdict.REJECT if notice.key.endswith(":reject") else Verdict.ACCEPT
        link, plain = _article(entry, settings.wiki)
        heading = cat.text("notice-verdict-heading", contest=contest, article=plain)
        if verdict is Verdict.ACCEPT:
            parts["body"] = cat.text("notice-verdict-accept", article=link, contest=contest,
                                     points=round(entry.points, 1))
        else:
            parts["body"] = cat.text("notice-verdict-reject", article=link, contest=contest)
        comment = _comments(entry, verdict)
        parts["comment"] = cat.text("notice-verdict-comment", comment=comment) if comment else ""
    elif kind is NoticeKind.RESULTS:
        heading = cat.text("notice-results-heading", contest=contest)
        st = notice.standing
        if st is not None:
            parts["body"] = cat.text("notice-results-ranked", contest=contest, rank=st.rank,
                                     ranked=notice.ranked, points=st.points, entries=st.entries)
        else:
            parts["body"] = cat.text("notice-results-unranked", contest=contest, total=notice.total)
    else:
        st = notice.standing
        heading = cat.text("notice-prize-heading", contest=contest)
        parts["body"] = cat.text("notice-prize-body", contest=contest, place=st.rank if st else 0,
                                 nomination=nomination_name(notice.nomination, cat))
        organizers = [user_link(o) for o in settings.organizers]
        parts["organizers"] = (cat.text("notice-prize-organizers", organizers=cat.join(organizers))
                               + "\n\n" + prize_privately(settings.organizers, cat)
                               if organizers else "")
    summary = cat.text("summary-notice", kind=cat.text(f"notice-kind-{kind.value}"), contest=contest,
                       docs=docs)
    return RenderedNotice(heading=heading, text=fill(f"notice-{kind.value}", **parts), summary=summary)


# --------------------------------------------------------------------------- announcements (issue 10)
#
# Added by the municipality kit (issue 10), apart from the participants' notices above:
# the people on an umbrella's ``B/Subscribers`` get one notice when a contest below the
# umbrella opens. Reading the subscribers (with trust, from the page history) is I/O and
# lives in :mod:`bot.run.announce`; here is only what is due and how it reads.


def announcement_notices(
    contest: ContestSettings,
    state: ContestState,
    *,
    umbrella: PageRef,
    subscribers: Sequence[str],
    now: datetime,
    max_age: timedelta = MAX_AGE,
) -> tuple[Notice, ...]:
    """One ``announce`` notice per subscriber of ``umbrella`` for a contest below it.

    Due while the contest is open and opened at most ``max_age`` ago (a bot started on
    a wiki with last month's contests does not announce them). The key names the
    umbrella, so a person subscribed to two umbrellas above one contest gets a notice
    from each: they asked both. It goes to the subscriber's talk page on the contest's
    home wiki, in its language (contract §1: a contest's notices go there; a user name
    is the same person on every wiki).
    """
    if contest.umbrella or state is not ContestState.OPEN:
        return ()
    start, _ = contest.period()
    if not _fresh(start, now, max_age):
        return ()
    key = f"{umbrella.wiki}:{umbrella.title}"
    return tuple(Notice(contest.wiki, contest.title, user, NoticeKind.ANNOUNCE, key)
                 for user in dict.fromkeys(subscribers))


def announced_umbrella(notice: Notice) -> PageRef:
    """The umbrella an ``announce`` notice comes from (its key is ``WIKI:TITLE``)."""
    wiki, _, title = notice.key.partition(":")
    return PageRef(wiki, title)


def render_announcement(notice: Notice, settings: ContestSettings, cat: Catalog, *, docs: str) -> RenderedNotice:
    """The text of an ``announce`` notice: the new contest, its dates, where to sign up,
    and why the reader gets it (with how to stop it)."""
    umbrella = announced_umbrella(notice)
    home = settings.wiki
    contest = settings.title
    subscribers = f"{umbrella.title}/Subscribers"
    parts = {
        "body": cat.text(
            "notice-announce-body", contest=contest, umbrella=page_link(umbrella.title, umbrella.wiki, home),
            start=cat.date(settings.start), end=cat.date(settings.end),
            timezone=escape_text(settings.timezone), wikis=cat.join(list(settings.wikis)),
            participants=settings.subpages.participants),
        "why": cat.text("notice-announce-why", subscribers=page_link(subscribers, umbrella.wiki, home)),
        "marker": notice.marker,
    }
    summary = cat.text("summary-notice", kind=cat.text("notice-kind-announce"), contest=contest, docs=docs)
    return RenderedNotice(heading=cat.text("notice-announce-heading", contest=contest),
                          text=fill("notice-announce", **parts), summary=summary)

"""Programme statistics: what the contests below an umbrella add up to (contract §1, §5).

Pure: contest results in, plain numbers out. The umbrella's ``B/Leaderboard`` and the
``editathon report`` files are both built from these figures, so the page and the
files a sponsor gets can never disagree.

What the figures mean (each is documented here once, the renderers only show them):

- **entries**: counted entries (status counted or provisional, the statuses that
  score). An article that one participant entered in two contests below the umbrella
  counts once, taken from the first contest in (home wiki, title) order, as the
  umbrella ranking takes it.
- **bytes / words added**: the sum over those entries of what their author added by
  counted edits (contract §2); another participant's edits to the same article are in
  their own entry.
- **topics**: distinct subjects among those entries: the language versions of one
  subject are one topic (worklist, interlanguage links, Wikidata; see
  :mod:`bot.topics`). Across contests, two entries are one topic when either
  contest's scorer says so, or their topic keys are equal (a key is a Wikidata item
  or a ``wiki:Title``, so equal keys always name the same subject).
- **participants**: per contest, everyone signed up; for the whole umbrella, every
  person signed up to any contest below it, each once (user names are global
  accounts: a participant in two contests is one person); per language, the
  participants with a counted entry in that language.

Per day (for the report's chart): an entry is dated by the day of its first counted
edit, a participant by the day they signed up, both in the contest's own time zone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.aliases import normalize_title
from bot.model import SCORING, ContestResult, ContestState, Entry, Signup

EntryId = tuple[str, str, int]  # (user, wiki, pageid)


@dataclass(frozen=True)
class Totals:
    """The figures of one row: a contest, a language, or the whole umbrella."""

    participants: int = 0
    entries: int = 0
    bytes_added: int = 0
    words_added: int = 0
    topics: int = 0


@dataclass(frozen=True)
class ContestStats:
    wiki: str
    title: str
    state: ContestState
    languages: tuple[str, ...]  # wikis of its counted entries, sorted
    totals: Totals


@dataclass(frozen=True)
class LanguageStats:
    wiki: str
    totals: Totals


@dataclass(frozen=True)
class UmbrellaStats:
    contests: tuple[ContestStats, ...]  # by (home wiki, title)
    languages: tuple[LanguageStats, ...]  # by wiki code
    total: Totals


@dataclass(frozen=True)
class Daily:
    """One contest's counts per local day; days without anything are left out."""

    wiki: str
    title: str
    entries: tuple[tuple[date, int], ...]
    participants: tuple[tuple[date, int], ...]

    @property
    def total_entries(self) -> int:
        return sum(n for _, n in self.entries)

    @property
    def total_participants(self) -> int:
        return sum(n for _, n in self.participants)


def _ordered(results: Iterable[ContestResult]) -> list[ContestResult]:
    return sorted(results, key=lambda r: (r.settings.wiki, r.settings.title))


def _entry_id(e: Entry) -> EntryId:
    return (normalize_title(e.user), e.wiki, e.pageid)


def counted_entries(results: Iterable[ContestResult]) -> list[Entry]:
    """Scoring entries of every contest, each (participant, article) once, in a stable order."""
    seen: dict[EntryId, Entry] = {}
    for result in _ordered(results):
        for e in result.entries:
            if e.status in SCORING:
                seen.setdefault(_entry_id(e), e)
    return [seen[k] for k in sorted(seen)]


class _Topics:
    """Which counted entries are the same subject, across every contest given.

    Union-find over article nodes ``(wiki, pageid)`` and topic-key nodes: each entry
    joins its article to its contest's topic key for it.
    """

    def __init__(self, results: Iterable[ContestResult]) -> None:
        self.parent: dict[tuple[str, ...], tuple[str, ...]] = {}
        for result in results:
            for e in result.entries:
                if e.status in SCORING:
                    node = self._article(e)
                    self._find(node)
                    if e.topic is not None:
                        self._union(node, ("key", e.topic))

    @staticmethod
    def _article(e: Entry) -> tuple[str, ...]:
        return ("article", e.wiki, str(e.pageid))

    def _find(self, node: tuple[str, ...]) -> tuple[str, ...]:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def _union(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def count(self, entries: Iterable[Entry]) -> int:
        return len({self._find(self._article(e)) for e in entries})


def _totals(entries: Sequence[Entry], participants: int, topics: int) -> Totals:
    return Totals(
        participants=participants,
        entries=len(entries),
        bytes_added=sum(e.contribution.bytes_added for e in entries if e.contribution),
        words_added=sum(e.contribution.words_added for e in entries if e.contribution),
        topics=topics,
    )


def _people(names: Iterable[str]) -> int:
    return len({normalize_title(n) for n in names})


def contest_stats(result: ContestResult) -> ContestStats:
    """The figures of one contest, as its own scorer sees its topics."""
    entries = counted_entries([result])
    topics = len({e.topic if e.topic is not None else f"{e.wiki}#{e.pageid}" for e in entries})
    return ContestStats(
        wiki=result.settings.wiki,
        title=result.settings.title,
        state=result.state,
        languages=tuple(sorted({e.wiki for e in entries})),
        totals=_totals(entries, _people(result.participants), topics),
    )


def umbrella_stats(results: Sequence[ContestResult]) -> UmbrellaStats:
    """Per contest, per language, and in all, for the contests below an umbrella."""
    ordered = _ordered(results)
    entries = counted_entries(ordered)
    topics = _Topics(ordered)
    languages = []
    for wiki in sorted({e.wiki for e in entries}):
        mine = [e for e in entries if e.wiki == wiki]
        languages.append(
            LanguageStats(wiki, _totals(mine, _people(e.user for e in mine), topics.count(mine)))
        )
    everyone = _people(p for r in ordered for p in r.participants)
    return UmbrellaStats(
        contests=tuple(contest_stats(r) for r in ordered),
        languages=tuple(languages),
        total=_totals(entries, everyone, topics.count(entries)),
    )


def _day(t: datetime, zone: ZoneInfo) -> date:
    return t.astimezone(zone).date()


def daily(result: ContestResult, signups: Sequence[Signup]) -> Daily:
    """Counted entries and new participants per day of one contest (its time zone).

    ``signups`` are the contest's current signups (withdrawn people have none, and
    are not counted); a person signed up twice counts on their first day.
    """
    zone = ZoneInfo(result.settings.timezone)
    entries: Counter[date] = Counter()
    for e in counted_entries([result]):
        if e.contribution is not None and e.contribution.first_counted is not None:
            entries[_day(e.contribution.first_counted, zone)] += 1
    first: dict[str, datetime] = {}
    for s in signups:
        key = normalize_title(s.user)
        if key not in first or s.timestamp < first[key]:
            first[key] = s.timestamp
    people: Counter[date] = Counter(_day(t, zone) for t in first.values())
    return Daily(
        wiki=result.settings.wiki,
        title=result.settings.title,
        entries=tuple(sorted(entries.items())),
        participants=tuple(sorted(people.items())),
    )


def day_span(
    series: Iterable[Daily], periods: Iterable[tuple[date, date]], until: date | None
) -> tuple[date, date]:
    """The days a chart shows: every contest's period and every dated count, cut at ``until``.

    Signups before a contest opens stay visible (the range starts at the earliest
    one); days after ``until`` (today) are not drawn, as nothing can be on them yet,
    but a dated count is never cut off.
    """
    data = [d for s in series for d, _ in (*s.entries, *s.participants)]
    bounds = data + [d for period in periods for d in period]
    if not bounds:
        today = until or date(1970, 1, 1)
        return today, today
    first, last = min(bounds), max(bounds)
    if until is not None:
        last = max(first, min(last, max([until, *data])))
    return first, last

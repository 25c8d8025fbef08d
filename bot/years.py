"""Years compared (issue 21): a programme's edition beside the previous ones.

Pure: each edition's contest results and a few facts read from the wikis in, one row
of figures per edition out. The umbrella's ``B/Leaderboard`` and ``editathon report``
show the same rows.

What the figures mean (documented here once):

- **participants**: people signed up to any contest below the edition's umbrella
  (withdrawn included, as on the umbrella's leaderboard), each once.
- **returning**: of them, those who were participants of the edition before
  (None for the oldest edition shown: nothing to compare with).
- **new accounts**: participants whose account (on their home wiki: that of the first
  contest they signed up to, by wiki and title) was registered at most
  :data:`NEW_ACCOUNT_DAYS` days before the edition's start, or later.
- **entries**, **bytes**: counted entries and the bytes their authors added
  (:mod:`bot.stats`: an article entered in two contests counts once).
- **worklist coverage per language**: of the topics on the edition's worklists (the
  contests' own and the umbrella's general ones, each topic once), how many got a
  counted entry in that language in the edition.
- **active after 30 / 90 days**: participants who made at least one edit on one of the
  edition's wikis in the :data:`WINDOW_DAYS` days starting 30 (90) days after the
  edition's end; None until that window is over (read once then, 50 users a request).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.aliases import normalize_title
from bot.model import SCORING, ContestResult, ContestSettings
from bot.stats import umbrella_stats

NEW_ACCOUNT_DAYS = 30
WINDOW_DAYS = 30
AFTER = (30, 90)


@dataclass(frozen=True)
class Edition:
    """One edition as the run knows it."""

    umbrella: ContestSettings
    results: tuple[ContestResult, ...]
    registrations: Mapping[str, datetime | None] = field(default_factory=dict)  # user -> registered
    active: Mapping[int, frozenset[str] | None] = field(default_factory=dict)  # days after -> who edited


@dataclass(frozen=True)
class EditionFigures:
    wiki: str
    title: str
    year: int
    participants: int
    returning: int | None
    new_accounts: int
    entries: int
    bytes_added: int
    coverage: tuple[tuple[str, int, int], ...]  # (wiki, topics covered, topics)
    active: tuple[tuple[int, int | None], ...]  # (days after the end, participants active)


def participants_of(results: Iterable[ContestResult]) -> frozenset[str]:
    return frozenset(normalize_title(p) for r in results for p in r.participants)


def home_wikis(results: Iterable[ContestResult]) -> dict[str, str]:
    """Each participant's home wiki: that of the first contest (by wiki, title) they signed up to."""
    out: dict[str, str] = {}
    for r in sorted(results, key=lambda r: (r.settings.wiki, r.settings.title)):
        for p in r.participants:
            out.setdefault(normalize_title(p), r.settings.wiki)
    return out


def window(umbrella: ContestSettings, days: int) -> tuple[datetime, datetime]:
    """The instants in which an edit counts as "still editing ``days`` after the end"."""
    end = umbrella.period()[1]
    return end + timedelta(days=days), end + timedelta(days=days + WINDOW_DAYS)


def coverage(results: Sequence[ContestResult]) -> tuple[tuple[str, int, int], ...]:
    """Per language of the edition: topics with a counted entry there, of all listed topics."""
    topics = {t.key for r in results for t in r.worklist.topics}
    languages = sorted({w for r in results for w in r.settings.wikis})
    out = []
    for w in languages:
        covered = {e.topic for r in results for e in r.entries
                   if e.status in SCORING and e.wiki == w and e.topic in topics}
        out.append((w, len(covered), len(topics)))
    return tuple(out)


def figures(edition: Edition, before: Edition | None) -> EditionFigures:
    u = edition.umbrella
    people = participants_of(edition.results)
    returning = None if before is None else len(people & participants_of(before.results))
    since = u.period()[0] - timedelta(days=NEW_ACCOUNT_DAYS)
    regs = {normalize_title(k): v for k, v in edition.registrations.items()}
    new = sum(1 for p in people if (reg := regs.get(p)) is not None and reg >= since)
    total = umbrella_stats(edition.results).total
    active = tuple((d, None if edition.active.get(d) is None else len(people & (edition.active.get(d) or set())))
                   for d in AFTER)
    return EditionFigures(wiki=u.wiki, title=u.title, year=u.start.year, participants=len(people),
                          returning=returning, new_accounts=new, entries=total.entries,
                          bytes_added=total.bytes_added, coverage=coverage(edition.results), active=active)


def compare(editions: Sequence[Edition]) -> tuple[EditionFigures, ...]:
    """One row per edition, oldest first (``editions`` in any order)."""
    ordered = sorted(editions, key=lambda e: (e.umbrella.start, e.umbrella.title))
    return tuple(figures(e, ordered[i - 1] if i else None) for i, e in enumerate(ordered))

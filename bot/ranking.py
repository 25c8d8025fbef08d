"""Rankings: the overall one and one per nomination (contract §1, "Nominations").

Only scoring entries (status counted or provisional) count, and only participants
with at least one of them are ranked; the renderer lists everyone else after the
ranking. A participant's figures:

- points: the sum of their entries' points, rounded to one decimal. The ranking
  compares the rounded value, the one the leaderboard shows, so two participants
  shown with the same points are never ordered by an invisible hundredth;
- entries: their counted entries;
- languages: the distinct wikis of their counted entries;
- last_counted: the last counted edit among their counted entries, i.e. when they
  reached their result.

Order: by the nomination's ``rank by`` figure, then more counted entries, then the
earlier ``last_counted``. Participants equal on all three share a rank number
("1, 1, 3"), listed by name so the page does not change between runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo

from bot.criteria import registered_after
from bot.model import (
    OVERALL,
    SCORING,
    Entry,
    Nomination,
    RankBy,
    Ranking,
    Standing,
)


def _standing(user: str, entries: Sequence[Entry]) -> Standing:
    ordered = sorted(entries, key=lambda e: (e.wiki, e.pageid))  # fsum is exact, but be plain
    times = [
        e.contribution.last_counted
        for e in ordered
        if e.contribution is not None and e.contribution.last_counted is not None
    ]
    return Standing(
        user=user,
        rank=0,
        points=round(math.fsum(e.points for e in ordered), 1),
        entries=len(ordered),
        languages=len({e.wiki for e in ordered}),
        last_counted=max(times) if times else None,
    )


def _primary(standing: Standing, rank_by: RankBy) -> float:
    if rank_by == RankBy.ENTRIES:
        return standing.entries
    if rank_by == RankBy.LANGUAGES:
        return standing.languages
    return standing.points


def _tie_key(standing: Standing, rank_by: RankBy) -> tuple[float, int, float]:
    last = standing.last_counted
    when = last.timestamp() if last is not None else math.inf
    return (-_primary(standing, rank_by), -standing.entries, when)


def rank(entries: Iterable[Entry], *, nomination: str, rank_by: RankBy) -> Ranking:
    """Rank the participants of the given entries (non-scoring entries are skipped)."""
    by_user: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.status in SCORING:
            by_user.setdefault(entry.user, []).append(entry)
    standings = sorted(
        (_standing(user, mine) for user, mine in by_user.items()),
        key=lambda s: (_tie_key(s, rank_by), s.user),
    )
    ranked: list[Standing] = []
    for position, standing in enumerate(standings, start=1):
        if ranked and _tie_key(ranked[-1], rank_by) == _tie_key(standing, rank_by):
            number = ranked[-1].rank
        else:
            number = position
        ranked.append(_with_rank(standing, number))
    return Ranking(nomination=nomination, rank_by=rank_by, standings=tuple(ranked))


def _with_rank(standing: Standing, number: int) -> Standing:
    return Standing(
        user=standing.user,
        rank=number,
        points=standing.points,
        entries=standing.entries,
        languages=standing.languages,
        last_counted=standing.last_counted,
    )


def overall_ranking(entries: Iterable[Entry]) -> Ranking:
    return rank(entries, nomination=OVERALL, rank_by=RankBy.POINTS)


def nomination_ranking(
    nomination: Nomination,
    entries: Iterable[Entry],
    *,
    registrations: Mapping[str, datetime | None],
    zone: tzinfo,
) -> Ranking:
    """A nomination's ranking: only entries on its ``wikis``, only its ``newcomers``.

    A participant whose registration date is unknown is not counted as a newcomer:
    a prize must not go to someone we cannot show qualifies.
    """
    wikis = {w.strip().lower() for w in nomination.wikis}

    def eligible(entry: Entry) -> bool:
        if wikis and entry.wiki.lower() not in wikis:
            return False
        if nomination.newcomers is None:
            return True
        registered = registrations.get(entry.user)
        return registered is not None and registered_after(registered, nomination.newcomers, zone)

    return rank(
        (e for e in entries if eligible(e)), nomination=nomination.name, rank_by=nomination.rank_by
    )

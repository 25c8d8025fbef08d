"""Rankings: order, ties, shared ranks, nominations."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import Contribution, Entry, Nomination, RankBy, Status
from bot.ranking import nomination_ranking, overall_ranking, rank

T0 = datetime(2026, 11, 1, tzinfo=UTC)
_ids = iter(range(1, 10**9))


def entry(
    user: str,
    points: float = 10.0,
    *,
    wiki: str = "ru",
    status: Status = Status.COUNTED,
    last_day: int = 1,
) -> Entry:
    pageid = next(_ids)
    when = T0 + timedelta(days=last_day)
    return Entry(
        user=user,
        wiki=wiki,
        pageid=pageid,
        title=f"Page {pageid}",
        kind="new",
        status=status,
        points=points,
        contribution=Contribution(user, wiki, pageid, "new", (pageid,), when, when),
    )


def table(entries: list[Entry], rank_by: RankBy = RankBy.POINTS) -> list[tuple[int, str, float]]:
    ranking = rank(entries, nomination="overall", rank_by=rank_by)
    return [(s.rank, s.user, s.points) for s in ranking.standings]


def test_more_points_first() -> None:
    entries = [entry("Alice", 5), entry("Bob", 12), entry("Alice", 4)]
    assert table(entries) == [(1, "Bob", 12), (2, "Alice", 9)]


def test_only_scoring_entries_count_and_only_their_authors_are_ranked() -> None:
    entries = [
        entry("Alice", 5),
        entry("Alice", 50, status=Status.AWAITING),
        entry("Bob", 7, status=Status.PROVISIONAL),
        entry("Carl", 40, status=Status.REJECTED),
        entry("Dina", 40, status=Status.NOT_ENTRY),
    ]
    assert table(entries) == [(1, "Bob", 7), (2, "Alice", 5)]


def test_tie_on_points_more_entries_first() -> None:
    entries = [entry("Alice", 10), entry("Bob", 5), entry("Bob", 5)]
    assert table(entries) == [(1, "Bob", 10), (2, "Alice", 10)]


def test_tie_on_points_and_entries_earlier_last_entry_first() -> None:
    entries = [entry("Alice", 10, last_day=9), entry("Bob", 10, last_day=3)]
    assert table(entries) == [(1, "Bob", 10), (2, "Alice", 10)]


def test_fully_equal_share_the_rank_and_the_next_rank_skips() -> None:
    entries = [
        entry("Bob", 10, last_day=3),
        entry("Alice", 10, last_day=3),
        entry("Carl", 4),
    ]
    assert table(entries) == [(1, "Alice", 10), (1, "Bob", 10), (3, "Carl", 4)]


def test_ranking_compares_the_points_as_shown() -> None:
    # 10.04 and 10.01 both show as 10.0: the tie-breakers decide, not a hidden hundredth.
    entries = [entry("Alice", 10.04, last_day=5), entry("Bob", 10.01, last_day=2)]
    assert table(entries) == [(1, "Bob", 10.0), (2, "Alice", 10.0)]


def test_points_are_summed_then_rounded() -> None:
    entries = [entry("Alice", 0.04), entry("Alice", 0.04), entry("Alice", 0.04)]
    assert table(entries) == [(1, "Alice", 0.1)]


def test_rank_by_entries() -> None:
    entries = [entry("Alice", 100), entry("Bob", 1), entry("Bob", 1)]
    assert table(entries, RankBy.ENTRIES) == [(1, "Bob", 2), (2, "Alice", 100)]


def test_rank_by_languages() -> None:
    entries = [
        entry("Alice", wiki="ru"),
        entry("Alice", wiki="ru"),
        entry("Alice", wiki="ru"),
        entry("Bob", wiki="ru"),
        entry("Bob", wiki="tt"),
    ]
    ranking = rank(entries, nomination="n", rank_by=RankBy.LANGUAGES)
    assert [(s.rank, s.user, s.languages, s.entries) for s in ranking.standings] == [
        (1, "Bob", 2, 2),
        (2, "Alice", 1, 3),
    ]


def test_standing_figures() -> None:
    entries = [entry("Alice", 2.5, wiki="ru", last_day=4), entry("Alice", 1, wiki="tt", last_day=2)]
    (standing,) = overall_ranking(entries).standings
    assert standing.points == 3.5
    assert standing.entries == 2
    assert standing.languages == 2
    assert standing.last_counted == T0 + timedelta(days=4)


def test_overall_ranking_is_named_and_by_points() -> None:
    ranking = overall_ranking([entry("Alice")])
    assert ranking.nomination == "overall"
    assert ranking.rank_by is RankBy.POINTS


# ----------------------------------------------------------------------------- nominations

REG = {
    "Alice": datetime(2026, 3, 1, tzinfo=UTC),
    "Bob": datetime(2015, 1, 1, tzinfo=UTC),
    "Carl": None,
}


def nominate(nomination: Nomination, entries: list[Entry]) -> list[str]:
    ranking = nomination_ranking(nomination, entries, registrations=REG, zone=UTC)
    assert ranking.nomination == nomination.name
    return [s.user for s in ranking.standings]


def test_nomination_by_wiki_counts_only_that_wiki() -> None:
    entries = [
        entry("Alice", 50, wiki="ru"),
        entry("Alice", 1, wiki="tt"),
        entry("Bob", 3, wiki="tt"),
    ]
    ranking = nomination_ranking(
        Nomination("Best Tatar article", wikis=("tt",)), entries, registrations=REG, zone=UTC
    )
    assert [(s.user, s.points) for s in ranking.standings] == [("Bob", 3), ("Alice", 1)]


def test_nomination_for_newcomers_leaves_out_old_and_unknown_accounts() -> None:
    entries = [entry("Alice", 1), entry("Bob", 9), entry("Carl", 9)]
    assert nominate(Nomination("Newcomers", newcomers=date(2026, 1, 1)), entries) == ["Alice"]


def test_nomination_without_filters_is_everyone() -> None:
    entries = [entry("Alice", 1), entry("Bob", 9)]
    assert nominate(Nomination("All"), entries) == ["Bob", "Alice"]


# ----------------------------------------------------------------------------- properties

entries_strategy = st.lists(
    st.builds(
        entry,
        st.sampled_from(["Alice", "Bob", "Carl", "Dina"]),
        st.floats(min_value=0, max_value=50, allow_nan=False),
        wiki=st.sampled_from(["ru", "tt", "en"]),
        status=st.sampled_from(list(Status)),
        last_day=st.integers(min_value=1, max_value=5),
    ),
    max_size=12,
)


@given(entries_strategy, st.sampled_from(list(RankBy)), st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_entry_order(
    entries: list[Entry], rank_by: RankBy, rnd: random.Random
) -> None:
    shuffled = entries[:]
    rnd.shuffle(shuffled)
    assert rank(entries, nomination="n", rank_by=rank_by) == rank(
        shuffled, nomination="n", rank_by=rank_by
    )


@given(entries_strategy, st.sampled_from(list(RankBy)))
def test_rank_numbers_are_competition_ranks(entries: list[Entry], rank_by: RankBy) -> None:
    standings = rank(entries, nomination="n", rank_by=rank_by).standings
    for position, standing in enumerate(standings, start=1):
        assert 1 <= standing.rank <= position
        if standing.rank != position:  # shares the rank of the one before it
            assert standings[position - 2].rank == standing.rank
    scoring_users = {e.user for e in entries if e.status in (Status.COUNTED, Status.PROVISIONAL)}
    assert {s.user for s in standings} == scoring_users


@pytest.mark.parametrize("rank_by", list(RankBy))
def test_empty_ranking(rank_by: RankBy) -> None:
    assert rank([], nomination="n", rank_by=rank_by).standings == ()

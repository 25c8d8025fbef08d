"""A page's history from revisions read by id: which link is missing, and the chain (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from bot.chain import BROKEN, chain, missing_link


@dataclass(frozen=True)
class R:
    revid: int
    parentid: int


def page(*ids: int) -> dict[int, R]:
    """A linear history with these revision ids, oldest first."""
    out, parent = {}, 0
    for r in ids:
        out[r] = R(r, parent)
        parent = r
    return out


def test_complete_history_has_no_missing_link() -> None:
    known = page(3, 7, 9)
    assert missing_link(known, 9) is None
    assert chain(known, 9) == [3, 7, 9]


def test_the_first_unknown_parent_is_asked_for() -> None:
    known = page(3, 7, 9)
    del known[7]
    assert missing_link(known, 9) == 7
    assert missing_link(known, 12) == 12  # the latest revision itself is unknown


def test_revisions_of_other_pages_or_after_the_top_are_not_in_the_chain() -> None:
    known = {**page(3, 7, 9), 11: R(11, 9), 20: R(20, 0)}
    assert chain(known, 9) == [3, 7, 9]


def test_a_loop_is_broken_not_endless() -> None:
    known = {5: R(5, 6), 6: R(6, 5)}
    assert missing_link(known, 5) == BROKEN


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=40, unique=True), st.data())
def test_walking_missing_links_rebuilds_any_history(ids: list[int], data: st.DataObject) -> None:
    """Whatever part of a history is known, asking for each missing link in turn ends
    with exactly the page's revisions, oldest first."""
    ids.sort()
    full = page(*ids)
    held = data.draw(st.sets(st.sampled_from(ids)))
    known = {r: full[r] for r in held}
    for _ in range(len(ids) + 1):
        link = missing_link(known, ids[-1])
        if link is None:
            break
        assert link in full and link not in known
        known[link] = full[link]
    assert chain(known, ids[-1]) == ids

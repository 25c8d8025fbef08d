"""A contest nothing touched is not rescored; any change to what it reads is (issue 16).

The decision is pure (:mod:`bot.fingerprint`): these tests build the inputs from plain
values and check what an organizer relies on: an unchanged contest is skipped, and a
change to any one input, a hand edit of a page the bot writes, the clock crossing one
of the contest's boundaries, or a last run that did not finish well makes it rescored.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.fingerprint import (
    PARTS,
    ContestInputs,
    LastScored,
    canonical,
    clock_boundaries,
    clock_index,
    decide,
    digest,
)
from bot.model import Decision, PageRef, Verdict
from bot.run.context import ContestOutcome, ContestPages
from bot.run.unchanged import pages_digest

T0 = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 1, tzinfo=UTC)
AGE = timedelta(days=14)

INPUTS = ContestInputs(code="c", config="g", pages="p", articles="a", notices="n", context="x",
                       phase="open", clock="3 passed, 0 revisions at or after now")


def last_of(inputs: ContestInputs, outputs: dict[str, int] | None = None) -> LastScored:
    return LastScored(parts=inputs.parts(), outputs=outputs or {"B/Leaderboard": 41, "B/Queue": 42},
                      entries=7, participants=3)


def test_a_contest_whose_inputs_and_pages_are_as_left_is_skipped() -> None:
    d = decide(INPUTS, last_of(INPUTS), {"B/Leaderboard": 41, "B/Queue": 42, "B": 9})
    assert not d.rescore, d.why
    # Pages this run did not read (None) are taken as the bot left them, as the Publisher does.
    assert not decide(INPUTS, last_of(INPUTS), {}).rescore


@given(part=st.sampled_from(PARTS), value=st.text(min_size=1, max_size=8))
def test_a_change_to_any_one_input_rescores_and_is_named(part: str, value: str) -> None:
    changed = replace(INPUTS, **{part: getattr(INPUTS, part) + value})
    d = decide(changed, last_of(INPUTS), {})
    assert d.rescore and part in d.why
    assert changed.fingerprint != INPUTS.fingerprint


def test_a_hand_edit_of_a_page_the_bot_writes_rescores() -> None:
    d = decide(INPUTS, last_of(INPUTS), {"B/Leaderboard": 50, "B/Queue": 42})
    assert d.rescore and "B/Leaderboard" in d.why


def test_never_skipped_without_a_finished_run_or_with_category_walks() -> None:
    assert decide(INPUTS, None, {}).rescore
    walks = replace(INPUTS, walks_categories=True)
    assert decide(walks, last_of(walks), {}).rescore
    # A run that did not finish well stores an empty record: read back as none.
    assert LastScored.from_json({}) is None
    back = LastScored.from_json(last_of(INPUTS).to_json())
    assert back == last_of(INPUTS) and not decide(INPUTS, back, {}).rescore


@given(st.lists(st.integers(min_value=-40 * 24, max_value=60 * 24), min_size=0, max_size=12),
       st.integers(min_value=-80 * 24, max_value=80 * 24), st.integers(min_value=0, max_value=30 * 24))
def test_the_clock_part_changes_exactly_when_a_boundary_is_crossed(events_h: list[int], now_h: int,
                                                                   step_h: int) -> None:
    events = [T0 + timedelta(hours=h) for h in events_h]
    bounds = clock_boundaries(period=(T0, END), events=events, max_age=AGE)
    a, b = T0 + timedelta(hours=now_h), T0 + timedelta(hours=now_h + step_h)
    crossed = any(a < x <= b for x in bounds)
    assert (clock_index(bounds, a) != clock_index(bounds, b)) == crossed


def test_the_boundaries_hold_the_phase_and_the_notices_windows() -> None:
    signup = T0 + timedelta(days=3)
    bounds = clock_boundaries(period=(T0, END), events=[signup], max_age=AGE)
    # the period's end (open -> ended), a welcome notice going stale, an announcement too
    for instant in (T0, END, signup + AGE, T0 + AGE):
        assert instant in bounds
    just_before, just_after = END - timedelta(seconds=1), END + timedelta(seconds=1)
    assert clock_index(bounds, just_before) != clock_index(bounds, just_after)


def pages_of(decisions: list[Decision]) -> ContestOutcome:
    pages = ContestPages(settings=None, decisions=decisions, lastrevids={"B/Leaderboard": 1})
    return ContestOutcome(wiki="en", title="B", pages=pages)


def test_a_juror_decision_changes_the_pages_digest_but_the_bots_own_saves_do_not() -> None:
    before = pages_of([])
    d = Decision(juror="Juror", article=PageRef("en", "Alpha"), verdict=Verdict.ACCEPT, revid=12,
                 timestamp=T0 + timedelta(days=2))
    assert pages_digest(before) != pages_digest(pages_of([d]))
    assert pages_digest(pages_of([d])) != pages_digest(pages_of([replace(d, points=2.0)]))
    resaved = pages_of([])
    assert resaved.pages is not None
    resaved.pages.lastrevids["B/Leaderboard"] = 2  # compared with the bot's saves instead
    assert pages_digest(before) == pages_digest(resaved)


def test_canonical_forms_do_not_depend_on_the_process() -> None:
    """Sets iterate in an order that changes with the string hash seed: the digest must not."""
    code = ("from bot.fingerprint import digest; "
            "print(digest(frozenset({'Anna', 'Boris', 'Chulpan', 'Dmitri'}), {'x': {'b', 'a'}}))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1
    assert canonical({"b": 1, "a": [T0]}) == [["a", [T0.isoformat()]], ["b", 1]]
    assert digest(frozenset({"a", "b"})) == digest(frozenset({"b", "a"}))

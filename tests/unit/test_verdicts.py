"""Jury verdicts: which decisions count, the tally, and the one status of an entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import Decision, PageRef, Reason, Review, Status, Suspension, Verdict
from bot.verdicts import (
    EntryKey,
    Tally,
    Target,
    decide_status,
    is_suspended,
    match_decisions,
    suspension_start,
)

T0 = datetime(2026, 11, 10, tzinfo=UTC)
JURY = ("Carol", "Dan", "Erin")
ACCEPT, REJECT = Verdict.ACCEPT, Verdict.REJECT


def dec(
    juror: str,
    verdict: Verdict,
    revid: int,
    *,
    article: str = "ru:Казань",
    user: str | None = None,
    points: float = 0.0,
    comment: str = "",
) -> Decision:
    wiki, title = article.split(":", 1)
    return Decision(
        juror=juror,
        article=PageRef(wiki, title),
        verdict=verdict,
        revid=revid,
        timestamp=T0 + timedelta(minutes=revid),
        points=points,
        user=user,
        comment=comment,
    )


def target(
    user: str, *titles: str, wiki: str = "ru", pageid: int = 1, eligible: bool = True
) -> Target:
    return Target((user, wiki, pageid), user, wiki, frozenset(titles or ("Казань",)), eligible)


ALICE = target("Alice")


def match(
    decisions: list[Decision], targets: list[Target]
) -> tuple[dict[EntryKey, tuple[Decision, ...]], list[str]]:
    matched, problems = match_decisions(decisions, targets, jury=JURY, wiki="ru", page="B/Jury")
    return matched, [p.key for p in problems]


def verdicts(matched: dict[EntryKey, tuple[Decision, ...]], key: EntryKey) -> list[tuple[str, str]]:
    return [(d.juror, d.verdict.value) for d in matched.get(key, ())]


# ----------------------------------------------------------------------------- matching


def test_decision_on_the_article_applies_to_its_entry() -> None:
    matched, problems = match([dec("Carol", ACCEPT, 1)], [ALICE])
    assert verdicts(matched, ALICE.key) == [("Carol", "accept")]
    assert problems == []


def test_decision_follows_moves() -> None:
    moved = target("Alice", "Казань", "Казань (город)")
    matched, _ = match([dec("Carol", ACCEPT, 1, article="ru:Казань (город)")], [moved])
    assert verdicts(matched, moved.key) == [("Carol", "accept")]


def test_title_is_normalized() -> None:
    t = target("Alice", "Kazan Kremlin")
    matched, _ = match([dec("Carol", ACCEPT, 1, article="ru:kazan_Kremlin")], [t])
    assert verdicts(matched, t.key) == [("Carol", "accept")]


def test_same_title_on_another_wiki_is_another_article() -> None:
    matched, problems = match([dec("Carol", ACCEPT, 1, article="tt:Казань")], [ALICE])
    assert matched == {}
    assert problems == ["jury-decision-unmatched"]


def test_non_juror_decisions_do_not_count() -> None:
    matched, problems = match([dec("Mallory", ACCEPT, 1)], [ALICE])
    assert matched == {}
    assert problems == []  # the trust layer already reported it


def test_latest_decision_per_juror_wins_whatever_the_input_order() -> None:
    decisions = [dec("Carol", REJECT, 5), dec("Carol", ACCEPT, 3), dec("Dan", ACCEPT, 4)]
    matched, _ = match(decisions, [ALICE])
    assert verdicts(matched, ALICE.key) == [("Dan", "accept"), ("Carol", "reject")]


def test_juror_decision_on_own_entry_is_dropped_and_reported() -> None:
    own = target("Carol")
    matched, problems = match([dec("Carol", ACCEPT, 1)], [own])
    assert matched == {}
    assert problems == ["jury-decision-own-entry"]


def test_juror_sharing_an_article_decides_on_the_other_participant() -> None:
    own, alice = target("Carol"), target("Alice")
    matched, problems = match([dec("Carol", ACCEPT, 1)], [own, alice])
    assert verdicts(matched, alice.key) == [("Carol", "accept")]
    assert own.key not in matched
    assert problems == []


def test_shared_article_needs_user() -> None:
    alice, bob = target("Alice"), target("Bob")
    matched, problems = match([dec("Carol", ACCEPT, 1)], [alice, bob])
    assert matched == {}
    assert problems == ["jury-decision-ambiguous"]
    matched, problems = match([dec("Carol", REJECT, 2, user="bob")], [alice, bob])
    assert verdicts(matched, bob.key) == [("Carol", "reject")]
    assert alice.key not in matched
    assert problems == []


def test_shared_article_with_one_real_entry_needs_no_user() -> None:
    # Bob only fixed a typo: his edit is not an entry, so the decision is about Alice's.
    alice, bob = target("Alice"), target("Bob", eligible=False)
    matched, problems = match([dec("Carol", ACCEPT, 1)], [alice, bob])
    assert verdicts(matched, alice.key) == [("Carol", "accept")]
    assert problems == []


def test_user_who_has_no_entry_for_the_article_is_unmatched() -> None:
    matched, problems = match([dec("Carol", ACCEPT, 1, user="Bob")], [ALICE])
    assert matched == {}
    assert problems == ["jury-decision-unmatched"]


def test_problem_points_at_the_decision_revision() -> None:
    _, problems = match_decisions(
        [dec("Carol", ACCEPT, 42, article="ru:Нет такой")],
        [ALICE],
        jury=JURY,
        wiki="ru",
        page="B/Jury",
    )
    (problem,) = problems
    assert (problem.wiki, problem.page, problem.revid) == ("ru", "B/Jury", 42)
    assert problem.param("article") == "ru:Нет такой"
    assert problem.param("juror") == "Carol"


# ----------------------------------------------------------------------------- tally


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([], 0.0),
        ([dec("Carol", ACCEPT, 1, points=5)], 5.0),
        # the average over accepting jurors; a juror who gave none counts as 0
        ([dec("Carol", ACCEPT, 1, points=5), dec("Dan", ACCEPT, 2)], 2.5),
        ([dec("Carol", ACCEPT, 1, points=5), dec("Dan", ACCEPT, 2, points=-2)], 1.5),
        # rejecting jurors are not part of the average
        ([dec("Carol", ACCEPT, 1, points=6), dec("Dan", REJECT, 2, points=-10)], 6.0),
        ([dec("Carol", ACCEPT, 1, points=-4)], -4.0),
    ],
)
def test_jury_points(decisions: list[Decision], expected: float) -> None:
    assert Tally(tuple(decisions)).jury_points() == pytest.approx(expected)


def test_rejection_comment_joins_the_rejecting_jurors() -> None:
    tally = Tally(
        (
            dec("Carol", REJECT, 1, comment="Machine translation"),
            dec("Dan", ACCEPT, 2, comment="Fine"),
            dec("Erin", REJECT, 3, comment="No sources "),
        )
    )
    assert tally.rejection_comment() == "Machine translation; No sources"


# ----------------------------------------------------------------------------- status


def status(
    decisions: list[Decision] | tuple[Decision, ...] = (),
    *,
    quorum: int = 2,
    review: Review = Review.REQUIRED,
    withdrawn: bool = False,
    deleted: bool = False,
    suspended: bool = False,
    not_entry: tuple[Reason, ...] = (),
    has_jury: bool = True,
) -> tuple[Status, tuple[Reason, ...]]:
    return decide_status(
        withdrawn=withdrawn,
        deleted=deleted,
        suspended=suspended,
        not_entry=not_entry,
        tally=Tally(tuple(decisions)),
        quorum=quorum,
        review=review,
        has_jury=has_jury,
    )


A1, A2, A3 = dec("Carol", ACCEPT, 1), dec("Dan", ACCEPT, 2), dec("Erin", ACCEPT, 3)
R1, R2, R3 = dec("Carol", REJECT, 1), dec("Dan", REJECT, 2), dec("Erin", REJECT, 3)

STATUS_CASES = [
    # (decisions, quorum, review, expected status)
    ((), 2, Review.REQUIRED, Status.AWAITING),
    ((A1,), 2, Review.REQUIRED, Status.AWAITING),
    ((A1, A2), 2, Review.REQUIRED, Status.COUNTED),
    ((A1, R2), 2, Review.REQUIRED, Status.UNDECIDED),
    ((R1, R2), 2, Review.REQUIRED, Status.REJECTED),
    ((A1, R2, A3), 2, Review.REQUIRED, Status.COUNTED),  # a third juror breaks the tie
    ((R1, A2, R3), 2, Review.REQUIRED, Status.REJECTED),
    ((A1,), 1, Review.REQUIRED, Status.COUNTED),
    ((), 2, Review.OPTIONAL, Status.PROVISIONAL),
    ((A1,), 2, Review.OPTIONAL, Status.PROVISIONAL),
    ((R1,), 2, Review.OPTIONAL, Status.PROVISIONAL),  # one reject is not yet a verdict
    ((A1, A2), 2, Review.OPTIONAL, Status.COUNTED),
    ((R1, R2), 2, Review.OPTIONAL, Status.REJECTED),
    ((A1, R2), 2, Review.OPTIONAL, Status.UNDECIDED),
    ((A1,), 0, Review.REQUIRED, Status.COUNTED),  # a quorum of 0 still needs one decision
    ((), 0, Review.REQUIRED, Status.AWAITING),
]


@pytest.mark.parametrize(("decisions", "quorum", "review", "expected"), STATUS_CASES)
def test_jury_status(
    decisions: tuple[Decision, ...], quorum: int, review: Review, expected: Status
) -> None:
    assert status(decisions, quorum=quorum, review=review)[0] is expected


def test_optional_review_without_any_jury_counts() -> None:
    assert status(review=Review.OPTIONAL, has_jury=False)[0] is Status.COUNTED
    assert status(review=Review.REQUIRED, has_jury=False)[0] is Status.AWAITING


def test_awaiting_says_how_many_decisions_are_missing() -> None:
    assert status((A1,), quorum=3) == (Status.AWAITING, (Reason.make("reason-awaiting", needed=2),))


def test_rejected_carries_the_comment() -> None:
    decisions = (dec("Carol", REJECT, 1, comment="Machine translation"),)
    assert status(decisions, quorum=1) == (
        Status.REJECTED,
        (Reason.make("reason-rejected", comment="Machine translation"),),
    )


NOT_ENTRY = (Reason.make("reason-min-words", words=10, required=300),)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({"withdrawn": True, "deleted": True, "suspended": True}, Status.WITHDRAWN),
        ({"deleted": True, "suspended": True, "not_entry": NOT_ENTRY}, Status.DELETED),
        ({"suspended": True, "not_entry": NOT_ENTRY}, Status.SUSPENDED),
        ({"not_entry": NOT_ENTRY}, Status.NOT_ENTRY),
    ],
)
def test_precedence_of_facts_over_the_jury(flags: dict[str, object], expected: Status) -> None:
    # Two accepts would make it counted: every flag above must win over the jury.
    got, reasons = status((A1, A2), **flags)  # type: ignore[arg-type]
    assert got is expected
    if expected is Status.NOT_ENTRY:
        assert reasons == NOT_ENTRY


def test_not_an_entry_wins_over_a_rejection() -> None:
    assert status((R1, R2), not_entry=NOT_ENTRY)[0] is Status.NOT_ENTRY


@given(
    st.lists(st.sampled_from([ACCEPT, REJECT]), max_size=6),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(list(Review)),
    st.booleans(),
)
def test_exactly_one_status_with_a_reason(
    verdicts_: list[Verdict], quorum: int, review: Review, has_jury: bool
) -> None:
    decisions = [dec(f"J{i}", v, i) for i, v in enumerate(verdicts_)]
    got, reasons = status(decisions, quorum=quorum, review=review, has_jury=has_jury)
    assert got in set(Status)
    assert len(reasons) == 1
    if len(decisions) >= max(1, quorum):
        accepts = verdicts_.count(ACCEPT)
        rejects = len(verdicts_) - accepts
        assert (got is Status.COUNTED) == (accepts > rejects)
        assert (got is Status.REJECTED) == (rejects > accepts)


# ----------------------------------------------------------------------------- suspension


def test_suspension_applies_to_what_was_made_after_it() -> None:
    suspensions = [
        Suspension("Alice", "Carol", 7, T0 + timedelta(days=3)),
        Suspension("alice", "Dan", 5, T0),
        Suspension("Bob", "Carol", 6, T0 - timedelta(days=5)),
    ]
    since = suspension_start("Alice", suspensions)
    assert since == T0  # the earliest one
    assert is_suspended(T0 + timedelta(seconds=1), since)
    assert not is_suspended(T0 - timedelta(days=1), since)
    assert not is_suspended(T0 + timedelta(days=1), suspension_start("Zoe", suspensions))

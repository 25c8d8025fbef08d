"""The sponsor's approval (issue 21): who may approve, what an approval covers, forgeries.

The ledger is folded here with tiny stand-in parsers (a text is ``sponsor=Erin``
lines, ``prize=N`` and ``approve`` markers), so each rule is seen on its own; the
real binding to the contest parser is tested with the contest page tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import PageRevision
from bot.trust.approval import ApprovalLedger, ApprovalState, Package, changed_parts, package

T0 = datetime(2026, 10, 1, tzinfo=UTC)


def approves_in(text: str) -> int:
    return text.count("approve")


def package_of(text: str) -> Package | None:
    prizes = [ln for ln in text.splitlines() if ln.startswith("prize=")]
    rules = [ln for ln in text.splitlines() if ln.startswith("rule=")]
    return package(tuple(rules), (), (), tuple(prizes))


def settings_key(text: str) -> str | None:
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("approve"))


def sponsors_of(text: str) -> list[str]:
    return [ln.split("=", 1)[1] for ln in text.splitlines() if ln.startswith("sponsor=")]


def fold(revs: list[tuple[str, str]], trusted_users: frozenset[str] = frozenset({"Alice"})
         ) -> tuple[ApprovalLedger, str]:
    """Fold (user, text) revisions; a revision by Alice (the organizer) becomes the trusted text."""
    ledger = ApprovalLedger(wiki="en", title="B")
    trusted = ""
    for i, (user, text) in enumerate(revs):
        rev = PageRevision(100 + i, 99 + i if i else 0, user, T0 + timedelta(minutes=i), text)
        ledger = ledger.fold_one(rev, sponsors=sponsors_of(trusted), trusted_text=trusted or None,
                                 approves_in=approves_in, package_of=package_of, settings_key=settings_key)
        if user in trusted_users:
            trusted = text
    return ledger, trusted


BASE = "sponsor=Erin\nrule=new 10\nprize=overall 3\n"


def state(ledger: ApprovalLedger, trusted: str) -> ApprovalState:
    return ledger.status(sponsors_of(trusted), package_of(trusted), 1).state


def test_without_sponsor_nothing_is_needed() -> None:
    ledger, trusted = fold([("Alice", "rule=new 10\n")])
    assert state(ledger, trusted) is ApprovalState.NOT_NEEDED
    assert ledger.problems(ledger.status([], package_of(trusted))) == []
    assert ledger.status([], package_of(trusted)).announce


def test_the_contest_awaits_its_sponsor() -> None:
    ledger, trusted = fold([("Alice", BASE)])
    status = ledger.status(sponsors_of(trusted), package_of(trusted))
    assert status.state is ApprovalState.AWAITING and not status.announce
    assert [(p.key, p.param("sponsors")) for p in ledger.problems(status)] == [("approval-awaiting", "Erin")]


def test_a_sponsors_save_approves_and_is_clean() -> None:
    ledger, trusted = fold([("Alice", BASE), ("Erin", BASE + "approve ~~~~\n")])
    status = ledger.status(sponsors_of(trusted), package_of(trusted))
    assert status.state is ApprovalState.APPROVED and status.announce
    assert ledger.problems(status) == []
    assert ledger.clean == (101,)  # not to be reported as an ignored edit of B


def test_a_non_sponsor_approval_is_forged_and_reported_with_its_diff() -> None:
    for forger in ("Alice", "Mallory"):  # an organizer is no sponsor either
        ledger, trusted = fold([("Alice", BASE), (forger, BASE + "approve\n")])
        status = ledger.status(sponsors_of(trusted), package_of(trusted))
        assert status.state is ApprovalState.AWAITING
        assert [(p.key, p.revid, p.param("user")) for p in ledger.problems(status)] == [
            ("approval-awaiting", None, ""), ("approval-forged", 101, forger)]


def test_naming_oneself_sponsor_and_approving_in_one_save_does_not_count() -> None:
    ledger, trusted = fold([("Alice", "rule=new 10\n"), ("Alice", "sponsor=Alice\nrule=new 10\napprove\n")])
    assert state(ledger, trusted) is ApprovalState.AWAITING
    # a later save by the (now named) sponsor with the template in it approves
    ledger2, trusted2 = fold([("Alice", "rule=new 10\n"), ("Alice", "sponsor=Alice\nrule=new 10\napprove\n"),
                              ("Alice", "sponsor=Alice\nrule=new 10\napprove ~~~~\n")])
    assert state(ledger2, trusted2) is ApprovalState.APPROVED


def test_a_later_change_of_prizes_shows_as_changed_until_approved_again() -> None:
    revs = [("Alice", BASE), ("Erin", BASE + "approve\n"),
            ("Alice", BASE.replace("overall 3", "overall 5") + "approve\n")]
    ledger, trusted = fold(revs)
    status = ledger.status(sponsors_of(trusted), package_of(trusted), 102)
    assert status.state is ApprovalState.CHANGED and status.changed == ("prizes",)
    assert status.announce  # it was approved once: announcements are not taken back
    [p] = ledger.problems(status)
    assert (p.key, p.param("parts"), p.param("approved"), p.param("current")) == (
        "approval-changed", "prizes", "101", "102")
    ledger, trusted = fold([*revs, ("Erin", BASE.replace("overall 3", "overall 5") + "approve\napprove ~~~~\n")])
    assert state(ledger, trusted) is ApprovalState.APPROVED


def test_the_sponsor_can_withdraw_and_others_cannot() -> None:
    approved = [("Alice", BASE), ("Erin", BASE + "approve\n")]
    ledger, trusted = fold([*approved, ("Alice", BASE)])
    assert state(ledger, trusted) is ApprovalState.APPROVED  # the approval is in the history
    ledger, trusted = fold([*approved, ("Erin", BASE)])
    assert state(ledger, trusted) is ApprovalState.AWAITING


def test_an_approval_by_someone_no_longer_sponsor_does_not_stand() -> None:
    ledger, trusted = fold([("Alice", BASE), ("Erin", BASE + "approve\n"),
                            ("Alice", BASE.replace("Erin", "Frank") + "approve\n")])
    assert state(ledger, trusted) is ApprovalState.AWAITING


def test_a_forgery_report_goes_once_the_template_is_gone() -> None:
    ledger, _trusted = fold([("Alice", BASE), ("Mallory", BASE + "approve\n"), ("Alice", BASE)])
    assert ledger.forged == ()


def test_ledger_round_trips_and_refolding_changes_nothing() -> None:
    ledger, _trusted = fold([("Alice", BASE), ("Mallory", BASE + "approve\n"), ("Erin", BASE + "approve\n")])
    assert ApprovalLedger.from_json(ledger.to_json()) == ledger
    rev = PageRevision(101, 100, "Mallory", T0, BASE + "approve\n")
    assert ledger.fold_one(rev, sponsors=["Erin"], trusted_text=BASE, approves_in=approves_in,
                           package_of=package_of, settings_key=settings_key) == ledger


def test_changed_parts_names_each_part() -> None:
    a = package((1,), (2,), (3,), (4,))
    assert changed_parts(a, package((1,), (9,), (3,), (8,))) == ("criteria", "prizes")
    assert changed_parts(a, a) == ()

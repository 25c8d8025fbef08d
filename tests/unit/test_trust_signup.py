"""Trust on B/Participants (contract §3, signup row) and B/Subscribers.

Each case is the page's history (user, text) and the organizers now; it checks who
is signed up since which revision, who withdrew, and what is reported with which
revision to link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.model import PageHistory, PageRevision
from bot.trust import SignupLedger
from bot.trust.parsed import fold_signups

WIKI, PAGE = "en", "Project:Editathon/Kazan/Participants"
T0 = datetime(2026, 10, 1, tzinfo=UTC)
FIRST = 100
HEADER = "Sign up below with ~~~~.\n"
ALIASES = Aliases.build(templates={t: [] for t in CANONICAL_TEMPLATES})


def fold(h: PageHistory, ledger: SignupLedger | None = None) -> SignupLedger:
    """Fold with the real signup parser, as the bot does."""
    return fold_signups(ledger, h, aliases=ALIASES, user_namespaces=frozenset({"User"}))


def signed(*users: str) -> str:
    """The page with one signed line per user, in this order."""
    return HEADER + "".join(f"# [[User:{u}|{u}]] 12:00, 1 November 2026 (UTC)\n" for u in users)


MISSING = "<deleted, not undeleted>"
"""A revision's text standing for one missing from the history (a partial undelete)."""


def history(*revs: tuple[str, str | None], first: int = FIRST) -> PageHistory:
    """Revisions ``first``, ``first+1``...; None text is hidden, MISSING is left out."""
    return PageHistory(
        WIKI,
        PAGE,
        tuple(
            PageRevision(
                first + i, first + i - 1 if first + i > FIRST else 0, user, T0 + timedelta(minutes=i), text
            )
            for i, (user, text) in enumerate(revs)
            if text != MISSING
        ),
    )


@dataclass
class Case:
    name: str
    revs: list[tuple[str, str | None]]
    signups: list[tuple[str, int, str]]  # (user, index of the signup revision, added by)
    withdrawn: set[str]
    problems: list[tuple[str, str, str, int]]  # (key, user, target, index to link)
    organizers: tuple[str, ...] = ("Olga",)


CASES = [
    Case(
        "users sign themselves up",
        [("Olga", HEADER), ("Ann", signed("Ann")), ("Ben", signed("Ann", "Ben"))],
        signups=[("Ann", 1, "Ann"), ("Ben", 2, "Ben")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "an organizer signs someone up",
        [("Olga", HEADER), ("Olga", signed("Ann"))],
        signups=[("Ann", 1, "Olga")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "a signup for someone else is ignored and reported",
        [("Olga", HEADER), ("Ann", signed("Ann")), ("Ann", signed("Ann", "Ben"))],
        signups=[("Ann", 1, "Ann")],
        withdrawn=set(),
        problems=[("trust-signup-for-other", "Ann", "Ben", 2)],
    ),
    Case(
        "the report ends when that person signs up themselves",
        [
            ("Olga", HEADER),
            ("Ann", signed("Ben")),
            ("Ben", signed("Ben", "Ben")),
        ],
        signups=[("Ben", 2, "Ben")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "the report ends when the line is removed",
        [("Olga", HEADER), ("Ann", signed("Ben")), ("Zoe", signed())],
        signups=[],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "self-withdrawal",
        [("Olga", HEADER), ("Ann", signed("Ann", "Ben")), ("Ann", signed("Ben"))],
        signups=[("Ann", 1, "Ann")],
        withdrawn={"Ann"},
        problems=[("trust-signup-for-other", "Ann", "Ben", 1)],
    ),
    Case(
        "removing one of two own lines is not a withdrawal",
        [("Ann", signed("Ann", "Ann")), ("Ann", signed("Ann"))],
        signups=[("Ann", 0, "Ann")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "signing up again after withdrawing is a new signup",
        [
            ("Ann", signed("Ann")),
            ("Ann", signed()),
            ("Ben", signed("Ben")),
            ("Ann", signed("Ben", "Ann")),
        ],
        signups=[("Ben", 2, "Ben"), ("Ann", 3, "Ann")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "a second line while signed up keeps the first signup time",
        [("Ann", signed("Ann")), ("Ann", signed("Ann", "Ann"))],
        signups=[("Ann", 0, "Ann")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "removal of someone else's line is ignored and reported",
        [("Ann", signed("Ann")), ("Ben", signed("Ben"))],
        signups=[("Ann", 0, "Ann"), ("Ben", 1, "Ben")],
        withdrawn=set(),
        problems=[("trust-signup-removal-ignored", "Ben", "Ann", 1)],
    ),
    Case(
        "the removal report ends when the line is back",
        [("Ann", signed("Ann")), ("Ben", signed()), ("Zoe", signed("Ann"))],
        signups=[("Ann", 0, "Ann")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "an organizer's removal withdraws",
        [("Ann", signed("Ann")), ("Olga", signed())],
        signups=[("Ann", 0, "Ann")],
        withdrawn={"Ann"},
        problems=[],
    ),
    Case(
        "the organizers now decide: a former organizer's signup of another does not count",
        [("Olga", signed("Ann"))],
        signups=[],
        withdrawn=set(),
        problems=[("trust-signup-for-other", "Olga", "Ann", 0)],
        organizers=("Pat",),
    ),
    Case(
        "a line added for a withdrawn user is reported",
        [("Ann", signed("Ann")), ("Ann", signed()), ("Ben", signed("Ann"))],
        signups=[("Ann", 0, "Ann")],
        withdrawn={"Ann"},
        problems=[("trust-signup-for-other", "Ben", "Ann", 2)],
    ),
    Case(
        "user names compare as MediaWiki does",
        [("Ann lee", signed("ann_lee")), ("Olga", signed("ann_lee", "ben"))],
        signups=[("Ann lee", 0, "Ann lee"), ("Ben", 1, "Olga")],
        withdrawn=set(),
        problems=[],
        organizers=("olga",),
    ),
    # History gaps: a revision whose text is hidden (None) or missing (MISSING).
    Case(
        "a line that appears across a hidden revision is nobody's",
        [("Ann", signed("Ann")), ("Vandal", None), ("Ben", signed("Ann", "Ben"))],
        signups=[("Ann", 0, "Ann")],
        withdrawn=set(),
        problems=[("trust-signup-unproven", "", "Ben", 2)],
    ),
    Case(
        "a forged line hidden before an organizer's edit does not pass as the organizer's",
        [("Olga", HEADER), ("Mallory", None), ("Olga", signed("Ann") + "Note\n")],
        signups=[],
        withdrawn=set(),
        problems=[("trust-signup-unproven", "", "Ann", 2)],
    ),
    Case(
        "a forged line across a partial undelete is nobody's",
        [("Olga", HEADER), ("Mallory", MISSING), ("Ann", signed("Ann", "Ben"))],
        signups=[],
        withdrawn=set(),
        problems=[("trust-signup-unproven", "", "Ann", 2), ("trust-signup-unproven", "", "Ben", 2)],
    ),
    Case(
        "a gap whose deleted creation cannot be read",
        [("Mallory", MISSING), ("Olga", signed("Ann"))],
        signups=[],
        withdrawn=set(),
        problems=[("trust-signup-unproven", "", "Ann", 1)],
    ),
    Case(
        "a removal across a gap is ignored and reported",
        [("Ann", signed("Ann")), ("Mallory", None), ("Ben", HEADER)],
        signups=[("Ann", 0, "Ann")],
        withdrawn=set(),
        problems=[("trust-signup-removal-unproven", "", "Ann", 2)],
    ),
    Case(
        "one's own hidden revision leaves one's line one's own",
        [("Olga", HEADER), ("Ben", None), ("Ben", signed("Ben"))],
        signups=[("Ben", 2, "Ben")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "signing again after the gap counts",
        [("Olga", HEADER), ("Mallory", None), ("Ann", signed("Ann")), ("Ann", signed("Ann", "Ann"))],
        signups=[("Ann", 3, "Ann")],
        withdrawn=set(),
        problems=[],
    ),
    Case(
        "a hidden author is nobody",
        [("Olga", HEADER), ("", signed("Ann"))],
        signups=[],
        withdrawn=set(),
        problems=[("trust-signup-unproven", "", "Ann", 1)],
    ),
]


def revid(index: int) -> int:
    return FIRST + index


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_signups(case: Case) -> None:
    h = history(*case.revs)
    result = fold(h).read(case.organizers)
    assert [(s.user, s.revid, s.added_by) for s in result.signups] == [
        (u, revid(i), by) for u, i, by in case.signups
    ]
    by_revid = {r.revid: r.timestamp for r in h.revisions}
    assert all(s.timestamp == by_revid[s.revid] for s in result.signups)
    assert result.withdrawn == case.withdrawn
    assert [s.user for s in result.active] == [
        u for u, _, _ in case.signups if u not in case.withdrawn
    ]
    got = [(p.key, p.param("user"), p.param("target"), p.revid) for p in result.problems]
    assert got == [(k, u, t, revid(i)) for k, u, t, i in case.problems]
    assert all((p.wiki, p.page) == (WIKI, PAGE) for p in result.problems)


def test_a_gap_at_the_end_of_one_run_is_remembered_in_the_next() -> None:
    """The hidden revision is the newest when the bot runs; the next run brings the
    readable one after it (and the ledger went through the store as JSON meanwhile)."""
    first = fold(history(("Olga", HEADER), ("Mallory", None)))
    stored = SignupLedger.from_json(first.to_json())
    later = fold(history(("Olga", signed("Ann")), first=FIRST + 2), stored)
    assert later.read(["Olga"]).signups == ()
    assert [p.key for p in later.read(["Olga"]).problems] == ["trust-signup-unproven"]


def test_a_gap_between_runs_by_a_partial_undelete() -> None:
    """Revision 101 was folded; 102 vanished (deleted, not restored); 103 follows."""
    first = fold(history(("Olga", HEADER), ("Ann", signed("Ann"))))
    later = fold(
        history(("Mallory", MISSING), ("Olga", signed("Ann", "Ben")), first=FIRST + 2), first
    )
    result = later.read(["Olga"])
    assert [s.user for s in result.signups] == ["Ann"]
    assert [(p.key, p.param("target")) for p in result.problems] == [("trust-signup-unproven", "Ben")]


def test_signing_under_a_line_someone_else_added() -> None:
    """A second line for the same user is seen, though the page lists them once."""
    h = history(("Ann", signed("Ann", "Ben")), ("Ben", signed("Ann", "Ben", "Ben")))
    result = fold(h).read(())
    assert [(s.user, s.revid) for s in result.signups] == [("Ann", revid(0)), ("Ben", revid(1))]
    assert result.problems == ()


def test_participant_template_and_comments() -> None:
    text = (
        HEADER
        + "* {{Editathon participant | Ben}} added for him ~~~~\n"
        + "<!-- * [[User:Cat|Cat]]\n * [[User:Dan|Dan]] -->\n"
    )
    result = fold(history(("Olga", text))).read(["Olga"])
    assert [(s.user, s.added_by) for s in result.signups] == [("Ben", "Olga")]


def test_problem_points_at_the_line() -> None:
    result = fold(history(("Ann", signed("Ann", "Ben")))).read(())
    assert [(p.param("target"), p.line) for p in result.problems] == [("Ben", 3)]


def test_subscribers_count_only_own_lines() -> None:
    h = history(
        ("Ann", signed("Ann")), ("Ann", signed("Ann", "Ben")), ("Cat", signed("Ben", "Cat"))
    )
    result = fold(h).read(organizers=())
    assert [s.user for s in result.active] == ["Ann", "Cat"]


# --------------------------------------------------------------------------- incremental

USERS = ["Ann", "Ben", "Olga"]


@settings(deadline=None)  # the real parsers run on every revision
@given(
    st.lists(
        st.tuples(st.sampled_from(USERS), st.lists(st.sampled_from(USERS), max_size=4)),
        min_size=1,
        max_size=10,
    ),
    st.data(),
)
def test_folding_in_two_runs_equals_folding_at_once(
    revs: list[tuple[str, list[str]]], data: st.DataObject
) -> None:
    whole = history(*((user, signed(*names)) for user, names in revs))
    split = data.draw(st.integers(0, len(revs)))
    overlap = data.draw(st.integers(0, split))
    at_once = fold(whole)
    first = fold(PageHistory(WIKI, PAGE, whole.revisions[:split]))
    stored = SignupLedger.from_json(first.to_json())
    in_two = fold(PageHistory(WIKI, PAGE, whole.revisions[overlap:]), stored)
    assert in_two == at_once
    assert in_two.read(["Olga"]) == at_once.read(["Olga"])
    assert SignupLedger.from_json(at_once.to_json()) == at_once


@settings(deadline=None)  # the real parsers run on every revision
@given(st.lists(st.lists(st.sampled_from(USERS), max_size=4), min_size=1, max_size=10))
def test_own_lines_only_always_count(pages: list[list[str]]) -> None:
    """Whatever the order, if each user only adds and removes their own line, the
    signed-up users are those whose line is on the page now, and no one is reported."""
    texts: list[tuple[str, str]] = []
    current: list[str] = []
    for want in pages:
        for user in USERS:  # each user edits their own line into the wanted state
            mine = [u for u in current if u == user]
            wanted = [u for u in want if u == user]
            if mine != wanted:
                current = [u for u in current if u != user] + wanted
                texts.append((user, signed(*current)))
    if not texts:
        return
    result = fold(history(*texts)).read(())
    assert {s.user for s in result.active} == set(current)
    assert result.problems == ()

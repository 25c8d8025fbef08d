"""Trust on the contest page B and on worklists (contract §3, rows 1, 2 and close).

Each case is a page history (user, text) from its creation, folded by the real
contest parser; it checks which revision the bot reads, what is reported (with the
revision to link), and whether the contest counts as closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.model import PageHistory, PageRevision
from bot.trust import ContestLedger, TrustedPageState, WorklistLedger
from bot.trust.parsed import contest_settings, fold_contest

WIKI, TITLE = "en", "Project:Editathon/Kazan"
ALIASES = Aliases.build(templates={t: [] for t in CANONICAL_TEMPLATES})
KNOWN = frozenset({"en", "ru", "tt"})
T0 = datetime(2026, 10, 1, tzinfo=UTC)
FIRST = 100  # revid of the first revision in a case


def page(
    organizers: str = "Alice", *, points: int = 10, close: bool = False, end: str = "2026-11-30"
) -> str:
    text = (
        "{{Editathon\n| start = 2026-11-01\n| end = " + end + "\n"
        f"| organizers = {organizers}\n| jury = Carol\n}}}}\n"
        f"{{{{Editathon rule | new | {points} }}}}\n"
    )
    return text + ("{{Editathon close}}\n" if close else "")


MISSING = "<deleted, not undeleted>"
"""A revision's text standing for one missing from the history (a partial undelete)."""


def history(*revs: tuple[str, str | None], first: int = FIRST, title: str = TITLE) -> PageHistory:
    """Revisions ``first``, ``first+1``...; the first has no parent (a creation); None text
    is hidden, MISSING is left out."""
    return PageHistory(
        WIKI,
        title,
        tuple(
            PageRevision(
                revid=first + i,
                parentid=0 if first + i == FIRST else first + i - 1,
                user=user,
                timestamp=T0 + timedelta(minutes=i),
                text=text,
            )
            for i, (user, text) in enumerate(revs)
            if text != MISSING
        ),
    )


def fold(h: PageHistory, admins: frozenset[str] = frozenset({"Adam"})) -> ContestLedger:
    return fold_contest(
        None, h, admins=admins, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN
    )


@dataclass
class Case:
    name: str
    revs: list[tuple[str, str | None]]
    trusted: int  # index of the revision the bot reads
    problems: list[tuple[str, str, int]]  # (key, user, index of the revision to link)
    closed: bool = False


CASES = [
    Case(
        "creator edits",
        [("Zed", page("Alice")), ("Zed", page("Alice", points=20))],
        trusted=1,
        problems=[],
    ),
    Case(
        "organizer edits",
        [("Zed", page("Alice")), ("Alice", page("Alice", points=20))],
        trusted=1,
        problems=[],
    ),
    Case(
        "organizer added, then edits",
        [
            ("Zed", page("Alice")),
            ("Bob", page("Alice", points=30)),
            ("Zed", page("Alice, Bob")),
            ("Bob", page("Alice, Bob", points=20)),
        ],
        trusted=3,
        problems=[],
    ),
    Case(
        "naming oneself organizer does not make that save trusted",
        [("Zed", page("Alice")), ("Bob", page("Alice, Bob"))],
        trusted=0,
        problems=[("trust-untrusted-contest-edit", "Bob", 1)],
    ),
    Case(
        "organizer removed, then edits",
        [("Zed", page("Alice, Bob")), ("Alice", page("Alice")), ("Bob", page("Bob", points=50))],
        trusted=1,
        problems=[("trust-untrusted-contest-edit", "Bob", 2)],
    ),
    Case(
        "administrator edits",
        [("Zed", page("Alice")), ("Adam", page("Alice", points=20))],
        trusted=1,
        problems=[],
    ),
    Case(
        "participant raises the points: ignored and reported",
        [("Zed", page("Alice")), ("Pete", page("Alice", points=100))],
        trusted=0,
        problems=[("trust-untrusted-contest-edit", "Pete", 1)],
    ),
    Case(
        "every untrusted save after the trusted one is reported",
        [
            ("Alice", page("Alice")),
            ("Pete", page("Alice", points=100)),
            ("Pat", page("Alice", points=200)),
        ],
        trusted=0,
        problems=[
            ("trust-untrusted-contest-edit", "Pete", 1),
            ("trust-untrusted-contest-edit", "Pat", 2),
        ],
    ),
    Case(
        "a trusted save ends the reports and is read whole",
        [
            ("Alice", page("Alice")),
            ("Pete", page("Alice", points=100)),
            ("Alice", page("Alice", points=100)),
        ],
        trusted=2,
        problems=[],
    ),
    Case(
        "an untrusted revert back to the trusted text ends the reports",
        [("Alice", page("Alice")), ("Pete", page("Alice", points=100)), ("Pat", page("Alice"))],
        trusted=0,
        problems=[],
    ),
    Case(
        "user names compare as MediaWiki does",
        [("Zed", page("alice_smith")), ("Alice smith", page("Alice smith", points=20))],
        trusted=1,
        problems=[],
    ),
    Case(
        "broken dates by an organizer keep the organizers known",
        [
            ("Zed", page("Alice")),
            ("Alice", page("Alice", end="soon")),
            ("Alice", page("Alice")),
        ],
        trusted=2,
        problems=[],
    ),
    # History gaps: a revision whose text is hidden (None) or missing (MISSING).
    Case(
        "an organizer's save after a hidden revision is held",
        [("Zed", page("Alice")), ("Pete", None), ("Alice", page("Alice", points=20))],
        trusted=0,
        problems=[
            ("trust-untrusted-contest-edit", "Pete", 1),
            ("trust-after-history-gap", "Alice", 2),
        ],
    ),
    Case(
        "an organizer's save after a partial undelete is held",
        [("Zed", page("Alice")), ("Pete", MISSING), ("Alice", page("Alice", points=20))],
        trusted=0,
        problems=[("trust-after-history-gap", "Alice", 2)],
    ),
    Case(
        "a close across a gap does not count",
        [("Zed", page("Alice")), ("Pete", None), ("Alice", page("Alice", close=True))],
        trusted=0,
        problems=[
            ("trust-untrusted-contest-edit", "Pete", 1),
            ("trust-after-history-gap", "Alice", 2),
        ],
    ),
    Case(
        "the organizer saves again: read whole",
        [
            ("Zed", page("Alice")),
            ("Pete", None),
            ("Alice", page("Alice", points=20)),
            ("Alice", page("Alice", points=30)),
        ],
        trusted=3,
        problems=[],
    ),
    Case(
        "a revert to the trusted text after the gap is read",
        [("Zed", page("Alice")), ("Pete", None), ("Alice", page("Alice"))],
        trusted=2,
        problems=[],
    ),
    Case(
        "an organizer's own hidden revision: the next save is read",
        [("Zed", page("Alice")), ("Alice", None), ("Alice", page("Alice", points=20))],
        trusted=2,
        problems=[],
    ),
    Case(
        "close by an organizer",
        [("Zed", page("Alice")), ("Alice", page("Alice", close=True))],
        trusted=1,
        problems=[],
        closed=True,
    ),
    Case(
        "close by an administrator who is not an organizer",
        [("Zed", page("Alice")), ("Adam", page("Alice", close=True))],
        trusted=1,
        problems=[("trust-close-not-organizer", "Adam", 1)],
    ),
    Case(
        "close by the creator who is not an organizer",
        [("Zed", page("Alice")), ("Zed", page("Alice", close=True))],
        trusted=1,
        problems=[("trust-close-not-organizer", "Zed", 1)],
    ),
    Case(
        "close in the creation by a creator who is not an organizer",
        [("Zed", page("Alice", close=True))],
        trusted=0,
        problems=[("trust-close-not-organizer", "Zed", 0)],
    ),
    Case(
        "an administrator's close stays reported through other non-organizer saves",
        [
            ("Zed", page("Alice")),
            ("Adam", page("Alice", close=True)),
            ("Zed", page("Alice", close=True, points=20)),
        ],
        trusted=2,
        problems=[("trust-close-not-organizer", "Adam", 1)],
    ),
    Case(
        "an organizer saving the page with the close in it makes it count",
        [
            ("Zed", page("Alice")),
            ("Adam", page("Alice", close=True)),
            ("Alice", page("Alice", close=True, points=20)),
        ],
        trusted=2,
        problems=[],
        closed=True,
    ),
    Case(
        "close by an untrusted editor is not in the trusted text, and reported as a close",
        [("Zed", page("Alice")), ("Pete", page("Alice", close=True))],
        trusted=0,
        problems=[("trust-close-untrusted", "Pete", 1)],
    ),
    Case(
        "an untrusted edit after an untrusted close is reported as an edit",
        [("Zed", page("Alice")), ("Pete", page("Alice", close=True)), ("Quinn", page("Alice", close=True, points=5))],
        trusted=0,
        problems=[("trust-close-untrusted", "Pete", 1), ("trust-untrusted-contest-edit", "Quinn", 2)],
    ),
    Case(
        "the close attempt's report ends with the organizer's next save",
        [("Zed", page("Alice")), ("Pete", page("Alice", close=True)), ("Alice", page("Alice", points=5))],
        trusted=2,
        problems=[],
    ),
    Case(
        "close by someone naming themselves organizer in the same save",
        [("Zed", page("Alice")), ("Adam", page("Alice, Adam", close=True))],
        trusted=1,
        problems=[("trust-close-not-organizer", "Adam", 1)],
    ),
    Case(
        "close taken out by a trusted editor",
        [
            ("Zed", page("Alice")),
            ("Alice", page("Alice", close=True)),
            ("Adam", page("Alice")),
        ],
        trusted=2,
        problems=[],
    ),
    Case(
        "an organizer's close stays when an administrator saves again",
        [
            ("Zed", page("Alice")),
            ("Alice", page("Alice", close=True)),
            ("Adam", page("Alice", close=True, points=20)),
        ],
        trusted=2,
        problems=[],
        closed=True,
    ),
]


def revid(index: int) -> int:
    return FIRST + index


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_contest_page(case: Case) -> None:
    ledger = fold(history(*case.revs))
    assert ledger.revid == revid(case.trusted)
    assert ledger.text == case.revs[case.trusted][1]
    got = [(p.key, p.param("user"), p.revid) for p in ledger.problems()]
    assert got == [(k, u, revid(i)) for k, u, i in case.problems]
    assert all((p.wiki, p.page) == (WIKI, TITLE) for p in ledger.problems())
    assert ledger.closed is case.closed


def test_settings_come_from_the_trusted_revision_with_trusted_close() -> None:
    ledger = fold(
        history(
            ("Zed", page("Alice")),
            ("Adam", page("Alice", close=True, points=20)),
            ("Pete", page("Alice", close=True, points=100)),
        )
    )
    settings, problems = contest_settings(
        ledger, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN
    )
    assert settings is not None
    assert settings.rules[0].points == 20  # Adam's save, not Pete's
    assert settings.revid == revid(1)
    assert settings.closed is False  # the parser sees the close; trust does not accept it
    assert [(p.key, p.revid) for p in problems] == [
        ("trust-untrusted-contest-edit", revid(2)),
        ("trust-close-not-organizer", revid(1)),
    ]


def test_no_trusted_revision_yet() -> None:
    # Only a fragment of history without the creation, by an untrusted user.
    ledger = fold(history(("Pete", page("Alice")), first=FIRST + 5))
    assert ledger.text is None and ledger.revid is None
    settings, problems = contest_settings(
        ledger, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN
    )
    assert settings is None
    assert [p.key for p in problems] == ["trust-untrusted-contest-edit"]


def test_creator_from_history_when_the_creation_is_not_fetched() -> None:
    h = history(("Zed", page("Alice", points=20)), first=FIRST + 5)
    h = PageHistory(h.wiki, h.title, h.revisions, creator="Zed")
    before = ContestLedger(page=TrustedPageState(last_seen=FIRST + 4))
    ledger = before.fold(
        h,
        admins=(),
        organizers_of=lambda _text: ["Alice"],
        has_close=lambda _text: False,
    )
    assert (ledger.creator, ledger.revid) == ("Zed", FIRST + 5)


def test_a_page_whose_creation_was_deleted_has_no_trusted_text() -> None:
    """The creation is gone (partial undelete): the first readable save follows a gap."""
    h = history(("Zed", MISSING), ("Adam", page("Alice", points=20)))  # Adam: an admin
    ledger = fold(PageHistory(h.wiki, h.title, h.revisions, creator=None))
    assert ledger.text is None
    assert [p.key for p in ledger.problems()] == ["trust-after-history-gap"]


# --------------------------------------------------------------------------- worklists

WORKLIST = "Project:Editathon/Kazan/Worklist"


def test_worklist() -> None:
    revs = history(
        ("Wendy", "* [[A]]"),  # created by someone who is neither organizer nor admin
        ("Alice", "* [[B]]"),
        ("Adam", "* [[C]]"),
        ("Pete", "* [[C]]\n* [[My article]]"),
        title=WORKLIST,
    )
    ledger = WorklistLedger().fold(revs, organizers=["alice"], admins=["Adam"])
    assert (ledger.text, ledger.revid) == ("* [[C]]", revid(2))
    assert [(p.key, p.param("user"), p.revid, p.page) for p in ledger.problems()] == [
        ("trust-untrusted-worklist-edit", "Pete", revid(3), WORKLIST)
    ]
    # Another run with one more revision: the organizer saves, the report ends.
    more = history(("Alice", "* [[C]]\n* [[D]]"), first=FIRST + 4, title=WORKLIST)
    ledger = WorklistLedger.from_json(ledger.to_json()).fold(more, organizers=["Alice"], admins=[])
    assert (ledger.revid, ledger.problems()) == (revid(4), [])


def test_worklist_creator_alone_is_not_trusted() -> None:
    ledger = WorklistLedger().fold(
        history(("Wendy", "* [[A]]"), title=WORKLIST), organizers=["Alice"], admins=["Adam"]
    )
    assert ledger.text is None
    assert [p.param("user") for p in ledger.problems()] == ["Wendy"]


# --------------------------------------------------------------------------- incremental

EDITORS = ["Zed", "Alice", "Bob", "Adam", "Pete"]
TEXTS = [
    page("Alice"),
    page("Alice, Bob"),
    page("Bob", points=20),
    page("Alice", close=True),
    page("Alice, Bob", close=True, points=5),
    page("Alice", end="never"),
]


@settings(deadline=None)  # the real parsers run on every revision
@given(
    st.lists(st.tuples(st.sampled_from(EDITORS), st.sampled_from(TEXTS)), min_size=1, max_size=8),
    st.data(),
)
def test_folding_in_two_runs_equals_folding_at_once(
    revs: list[tuple[str, str]], data: st.DataObject
) -> None:
    whole = history(*revs)
    split = data.draw(st.integers(0, len(revs)))
    first = PageHistory(WIKI, TITLE, whole.revisions[:split])
    # The second run may re-read revisions the first already had: they are skipped.
    overlap = data.draw(st.integers(0, split))
    second = PageHistory(WIKI, TITLE, whole.revisions[overlap:])
    at_once = fold(whole)
    stored = ContestLedger.from_json(fold(first).to_json())
    in_two = fold_contest(
        stored, second, admins={"Adam"}, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN
    )
    assert in_two == at_once
    assert ContestLedger.from_json(at_once.to_json()) == at_once


def test_close_takes_effect_at_the_organizer_save_that_made_it_count() -> None:
    """Later organizer edits keep the close where it was: reverts after it no longer matter."""
    ledger = fold(history(
        ("Zed", page("Alice")),
        ("Alice", page("Alice", close=True)),
        ("Alice", page("Alice", close=True, points=12)),
    ))
    assert ledger.closed
    assert ledger.closed_by is not None and ledger.closed_by.revid == revid(1)
    reopened = fold(history(
        ("Zed", page("Alice")),
        ("Alice", page("Alice", close=True)),
        ("Alice", page("Alice")),
    ))
    assert not reopened.closed and reopened.closed_by is None


def settings_of(ledger: ContestLedger) -> tuple[object, list[str]]:
    settings, problems = contest_settings(ledger, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN)
    assert settings is not None
    return settings.rules[0].points, [p.key for p in problems]


def test_a_broken_trusted_save_keeps_the_last_good_settings_until_fixed() -> None:
    """Issue 17: a trusted organizer's bad value must not change every participant's points."""
    bad = page("Alice", points=10).replace("| new | 10 }}", "| new | ten }}")
    h = history(("Alice", page("Alice", points=10)), ("Alice", bad), ("Alice", bad + "\n"))
    ledger = fold(h)
    points, keys = settings_of(ledger)
    assert points == 10 and "contest-settings-kept" in keys and "parse-contest-bad-number" in keys
    found = contest_settings(ledger, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN)[1]
    kept = next(p for p in found if p.key == "contest-settings-kept")
    assert (kept.revid, kept.param("user"), kept.param("good")) == (revid(1), "Alice", str(revid(0)))
    again = history(*[("Alice", r.text) for r in h.revisions], ("Alice", page("Alice", points=20)))
    fixed = fold_contest(ledger, again, admins={"Adam"}, aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN)
    assert settings_of(fixed) == (20, [])


def test_a_ledger_folded_before_good_settings_were_kept_takes_its_trusted_text_as_good() -> None:
    first = fold(history(("Alice", page("Alice", points=10))))
    old = ContestLedger.from_json({k: v for k, v in first.to_json().items() if k not in ("good", "good_text")})
    assert old.good is None
    bad = page("Alice", points=10).replace("| new | 10 }}", "| new | ten }}")
    ledger = fold_contest(old, history(("Alice", page("Alice", points=10)), ("Alice", bad)), admins={"Adam"},
                          aliases=ALIASES, default_timezone="UTC", known_wikis=KNOWN)
    assert settings_of(ledger)[0] == 10

"""Trust on B/Jury (contract §3, decision and suspension rows).

Each case is the jury page's history (user, text), read with the jury and organizers
now; it checks which decisions and suspensions count, attributed to whom, and what is
reported with which revision to link. Signatures in the texts are deliberately
sometimes forged: attribution must come from the revision's user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.model import PageHistory, PageRef, PageRevision
from bot.trust import JuryLedger
from bot.trust.parsed import fold_jury

WIKI, PAGE = "en", "Project:Editathon/Kazan/Jury"
T0 = datetime(2026, 11, 5, tzinfo=UTC)
FIRST = 100
JURY = ("Carol", "Dan")
ORGANIZERS = ("Olga",)
ALIASES = Aliases.build(templates={t: [] for t in CANONICAL_TEMPLATES})
KNOWN = frozenset({"en", "ru", "tt"})


def sig(name: str) -> str:
    return f"[[User:{name}|{name}]] 10:00, 5 November 2026 (UTC)"


def dec(
    article: str, verdict: str, signed: str, *, user: str = "", points: str = "", comment: str = ""
) -> str:
    parts = [article, verdict]
    parts += [f"user = {user}"] if user else []
    parts += [f"points = {points}"] if points else []
    parts += [f"comment = {comment}"] if comment else []
    return "* {{Editathon decision | " + " | ".join(parts) + " }} " + sig(signed)


def susp(user: str, signed: str, comment: str = "Sockpuppet") -> str:
    return f"* {{{{Editathon suspend | {user} | comment = {comment} }}}} {sig(signed)}"


def page(*lines: str) -> str:
    return "== Decisions ==\n" + "".join(line + "\n" for line in lines)


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


def fold(h: PageHistory, ledger: JuryLedger | None = None) -> JuryLedger:
    """Fold with the real jury parser, as the bot does."""
    return fold_jury(ledger, h, home_wiki=WIKI, aliases=ALIASES, known_wikis=KNOWN)


def revid(index: int) -> int:
    return FIRST + index


# --------------------------------------------------------------------------- cases

ACC_X = dec("Kazan", "accept", "Carol")
REJ_X = dec("Kazan", "reject", "Carol", comment="Machine translation")
DAN_ACC_X = dec("Kazan", "accept", "Dan")


@dataclass
class Case:
    name: str
    revs: list[tuple[str, str | None]]
    decisions: list[tuple[str, str, str, int]]  # (juror, article title, verdict, index)
    problems: list[tuple[str, str, str, int]]  # (key, user, juror or "", index to link)
    jury: tuple[str, ...] = JURY
    suspensions: list[tuple[str, str, int]] | None = None  # (user, by, index)


CASES = [
    Case(
        "a juror's decision counts",
        [("Olga", page()), ("Carol", page(ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 1)],
        problems=[],
    ),
    Case(
        "a non-juror's decision is ignored and reported, whatever its signature",
        [("Olga", page()), ("Pete", page(dec("Kazan", "accept", "Carol")))],
        decisions=[],
        problems=[("trust-jury-not-juror", "Pete", "", 1)],
    ),
    Case(
        "the report ends when the line is removed",
        [("Olga", page()), ("Pete", page(ACC_X)), ("Dan", page())],
        decisions=[],
        problems=[],
    ),
    Case(
        "a participant turns a juror's reject into accept: the juror's version stands",
        [("Carol", page(REJ_X)), ("Pete", page(dec("Kazan", "accept", "Carol")))],
        decisions=[("Carol", "Kazan", "reject", 0)],
        problems=[("trust-jury-changed-by-other", "Pete", "Carol", 1)],
    ),
    Case(
        "a participant deletes a juror's line: it stands",
        [("Carol", page(REJ_X)), ("Dan", page(REJ_X, DAN_ACC_X)), ("Pete", page(DAN_ACC_X))],
        decisions=[("Carol", "Kazan", "reject", 0), ("Dan", "Kazan", "accept", 1)],
        problems=[("trust-jury-changed-by-other", "Pete", "Carol", 2)],
    ),
    Case(
        "reverting the vandal restores the line and ends the report",
        [
            ("Carol", page(REJ_X)),
            ("Pete", page(dec("Kazan", "accept", "Carol"))),
            ("Adam", page(REJ_X)),
        ],
        decisions=[("Carol", "Kazan", "reject", 0)],
        problems=[],
    ),
    Case(
        "the changed line left beside the restored one is reported as a non-juror's",
        [
            ("Carol", page(REJ_X)),
            ("Pete", page(dec("Kazan", "accept", "Carol"))),
            ("Adam", page(dec("Kazan", "accept", "Carol"), REJ_X)),
        ],
        decisions=[("Carol", "Kazan", "reject", 0)],
        problems=[("trust-jury-not-juror", "Pete", "", 1)],
    ),
    Case(
        "a juror changes their mind by editing their line",
        [("Carol", page(REJ_X)), ("Carol", page(ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 1)],
        problems=[],
    ),
    Case(
        "a line a juror saves is theirs, whatever its signature",
        [("Carol", page(dec("Tatarstan", "reject", "Dan")))],
        decisions=[("Carol", "Tatarstan", "reject", 0)],
        problems=[],
    ),
    Case(
        "of two lines on one article in one save, the lower one is the later",
        [("Carol", page(ACC_X, REJ_X))],
        decisions=[("Carol", "Kazan", "reject", 0)],
        problems=[],
    ),
    Case(
        "a juror's later line on the same article replaces the earlier one",
        [("Carol", page(REJ_X)), ("Carol", page(REJ_X, ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 1)],
        problems=[],
    ),
    Case(
        "a juror's later line supersedes a version a vandal changed, and the report ends",
        [("Carol", page(REJ_X)), ("Pete", page()), ("Carol", page(ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 2)],
        problems=[],
    ),
    Case(
        "a juror removes their own line: withdrawn",
        [("Carol", page(REJ_X)), ("Dan", page(REJ_X, DAN_ACC_X)), ("Carol", page(DAN_ACC_X))],
        decisions=[("Dan", "Kazan", "accept", 1)],
        problems=[],
    ),
    Case(
        "decisions on different entries of one article are separate",
        [
            ("Carol", page(dec("Kazan", "accept", "Carol", user="Ann"))),
            (
                "Carol",
                page(
                    dec("Kazan", "accept", "Carol", user="Ann"),
                    dec("Kazan", "reject", "Carol", user="Ben"),
                ),
            ),
        ],
        decisions=[("Carol", "Kazan", "accept", 0), ("Carol", "Kazan", "reject", 1)],
        problems=[],
    ),
    Case(
        "a juror removed from the list: their decisions are withdrawn",
        [("Carol", page(REJ_X)), ("Dan", page(REJ_X, DAN_ACC_X))],
        decisions=[("Dan", "Kazan", "accept", 1)],
        problems=[("trust-jury-not-juror", "Carol", "", 0)],
        jury=("Dan",),
    ),
    Case(
        "a juror added to the list later: their earlier lines count",
        [("Erin", page(dec("Tatarstan", "accept", "Erin")))],
        decisions=[("Erin", "Tatarstan", "accept", 0)],
        problems=[],
        jury=("Carol", "erin"),
    ),
    Case(
        "two jurors with the same line: a vandal removes one, both stand",
        [("Carol", page(ACC_X)), ("Dan", page(ACC_X, DAN_ACC_X)), ("Pete", page(ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 0), ("Dan", "Kazan", "accept", 1)],
        problems=[("trust-jury-changed-by-other", "Pete", "Dan", 2)],
    ),
    Case(
        "two jurors with the same line: one withdraws after a vandal removed the other's",
        [
            ("Carol", page(ACC_X)),
            ("Dan", page(ACC_X, DAN_ACC_X)),
            ("Pete", page(ACC_X)),
            ("Dan", page()),
        ],
        decisions=[("Carol", "Kazan", "accept", 0)],
        problems=[("trust-jury-changed-by-other", "Pete", "Carol", 2)],
    ),
    Case(
        "a juror edits another juror's line: the other's version stands, the edit is no decision",
        [("Carol", page(REJ_X)), ("Dan", page(dec("Kazan", "accept", "Carol")))],
        decisions=[("Carol", "Kazan", "reject", 0)],
        problems=[("trust-jury-changed-by-other", "Dan", "Carol", 1)],
    ),
    Case(
        "a juror replaces a forged line by their own",
        [
            ("Pete", page(dec("Kazan", "accept", "Carol"))),
            ("Carol", page()),
            ("Carol", page(ACC_X)),
        ],
        decisions=[("Carol", "Kazan", "accept", 2)],
        problems=[],
    ),
    Case(
        "re-signing a line changes nothing",
        [("Carol", page(ACC_X)), ("Pete", page(dec("Kazan", "accept", "Pete")))],
        decisions=[("Carol", "Kazan", "accept", 0)],
        problems=[],
    ),
    # History gaps: a revision whose text is hidden (None) or missing (MISSING).
    Case(
        "a non-juror's decision hidden before a juror's edit does not pass as the juror's",
        [("Carol", page(ACC_X)), ("Pete", None), ("Dan", page(ACC_X, DAN_ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 0)],
        problems=[("trust-jury-unproven", "", "", 2)],
    ),
    Case(
        "a decision across a partial undelete is nobody's",
        [("Olga", page()), ("Pete", MISSING), ("Carol", page(ACC_X))],
        decisions=[],
        problems=[("trust-jury-unproven", "", "", 2)],
    ),
    Case(
        "a juror's decision removed across a gap stands",
        [("Carol", page(ACC_X)), ("Pete", None), ("Dan", page())],
        decisions=[("Carol", "Kazan", "accept", 0)],
        problems=[("trust-jury-removal-unproven", "", "Carol", 2)],
    ),
    Case(
        "a juror's decision changed across a gap: the juror's version stands",
        [("Carol", page(ACC_X)), ("Pete", MISSING), ("Dan", page(REJ_X))],
        decisions=[("Carol", "Kazan", "accept", 0)],
        problems=[("trust-jury-removal-unproven", "", "Carol", 2)],
    ),
    Case(
        "a suspension across a gap is nobody's",
        [("Olga", page()), ("Pete", None), ("Olga", page(susp("Ann", "Olga")))],
        decisions=[],
        problems=[("trust-jury-unproven", "", "", 2)],
        suspensions=[],
    ),
    Case(
        "a juror's own hidden revision leaves the decision the juror's",
        [("Olga", page()), ("Carol", None), ("Carol", page(ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 2)],
        problems=[],
    ),
    Case(
        "the juror adds the decision again after the gap: it counts",
        [("Olga", page()), ("Pete", None), ("Carol", page(ACC_X)), ("Carol", page(ACC_X, ACC_X))],
        decisions=[("Carol", "Kazan", "accept", 3)],
        problems=[("trust-jury-unproven", "", "", 2)],
    ),
    Case(
        "suspension by an organizer counts",
        [("Olga", page(susp("Sock", "Olga")))],
        decisions=[],
        problems=[],
        suspensions=[("Sock", "Olga", 0)],
    ),
    Case(
        "suspension by a juror counts",
        [("Olga", page()), ("Dan", page(susp("Sock", "Dan")))],
        decisions=[],
        problems=[],
        suspensions=[("Sock", "Dan", 1)],
    ),
    Case(
        "suspension by a participant is ignored and reported",
        [("Olga", page()), ("Pete", page(susp("Ann", "Olga")))],
        decisions=[],
        problems=[("trust-suspension-not-allowed", "Pete", "", 1)],
        suspensions=[],
    ),
    Case(
        "a participant removes an organizer's suspension: it stands",
        [("Olga", page(susp("Sock", "Olga"))), ("Sock", page())],
        decisions=[],
        problems=[("trust-jury-changed-by-other", "Sock", "Olga", 1)],
        suspensions=[("Sock", "Olga", 0)],
    ),
    Case(
        "an organizer lifts their own suspension",
        [("Olga", page(susp("Sock", "Olga"))), ("Olga", page())],
        decisions=[],
        problems=[],
        suspensions=[],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_jury(case: Case) -> None:
    h = history(*case.revs)
    result = fold(h).read(case.jury, ORGANIZERS)
    got = [(d.juror, d.article.title, d.verdict.value, d.revid) for d in result.decisions]
    assert sorted(got) == sorted((j, a, v, revid(i)) for j, a, v, i in case.decisions)
    by_revid = {r.revid: r.timestamp for r in h.revisions}
    assert all(d.timestamp == by_revid[d.revid] for d in result.decisions)
    problems = [(p.key, p.param("user"), p.param("juror"), p.revid) for p in result.problems]
    assert problems == [(k, u, j, revid(i)) for k, u, j, i in case.problems]
    assert all((p.wiki, p.page) == (WIKI, PAGE) for p in result.problems)
    if case.suspensions is not None:
        got_s = [(s.user, s.by, s.revid) for s in result.suspensions]
        assert got_s == [(u, b, revid(i)) for u, b, i in case.suspensions]


def test_decision_fields() -> None:
    line = dec("tt:Казан", "accept", "Carol", user="ann_lee", points="+5", comment="Photos")
    (d,) = fold(history(("Carol", page(line)))).decisions(["Carol"])
    assert (d.article, d.verdict, d.points, d.user, d.comment) == (
        PageRef("tt", "Казан"),
        "accept",
        5.0,
        "Ann lee",
        "Photos",
    )


def test_problem_points_at_the_line() -> None:
    text = page(ACC_X, dec("Tatarstan", "accept", "Pete"))
    (p,) = fold(history(("Carol", page(ACC_X)), ("Pete", text))).problems(JURY, ORGANIZERS)
    assert (p.key, p.line) == ("trust-jury-not-juror", 3)


def test_suspension_fields() -> None:
    (s,) = fold(history(("Olga", page(susp("Sock", "Olga", "Same IP"))))).suspensions(
        JURY, ORGANIZERS
    )
    assert (s.user, s.by, s.comment, s.timestamp) == ("Sock", "Olga", "Same IP", T0)


# --------------------------------------------------------------------------- properties

EDITORS = ["Carol", "Dan", "Pete"]
LINES = [
    ACC_X,
    REJ_X,
    DAN_ACC_X,
    dec("Kazan", "accept", "Pete"),
    susp("Sock", "Dan"),
    susp("Sock", "Pete"),
]


@settings(deadline=None)  # the real parsers run on every revision
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITORS), st.lists(st.sampled_from(LINES), max_size=5)),
        min_size=1,
        max_size=10,
    ),
    st.data(),
)
def test_folding_in_two_runs_equals_folding_at_once(
    revs: list[tuple[str, list[str]]], data: st.DataObject
) -> None:
    whole = history(*((user, page(*lines)) for user, lines in revs))
    split = data.draw(st.integers(0, len(revs)))
    overlap = data.draw(st.integers(0, split))
    at_once = fold(whole)
    first = fold(PageHistory(WIKI, PAGE, whole.revisions[:split]))
    stored = JuryLedger.from_json(first.to_json())
    in_two = fold(PageHistory(WIKI, PAGE, whole.revisions[overlap:]), stored)
    assert in_two == at_once
    assert in_two.read(JURY, ORGANIZERS) == at_once.read(JURY, ORGANIZERS)
    assert JuryLedger.from_json(at_once.to_json()) == at_once


VERDICTS = ["accept", "reject"]
ARTICLES = ["Kazan", "Tatarstan", "Volga"]


@settings(deadline=None)  # the real parsers run on every revision
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Carol", "Dan"]),
            st.dictionaries(st.sampled_from(ARTICLES), st.sampled_from(VERDICTS), max_size=3),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_jurors_editing_only_their_own_lines(steps: list[tuple[str, dict[str, str]]]) -> None:
    """If each juror only ever rewrites their own lines (one per article), what counts
    is exactly what the page shows now, and nothing is reported."""
    mine: dict[str, dict[str, str]] = {"Carol": {}, "Dan": {}}
    revs: list[tuple[str, str]] = []
    for juror, lines in steps:
        mine[juror] = lines
        text = page(*(dec(a, v, j) for j in mine for a, v in mine[j].items()))
        revs.append((juror, text))
    result = fold(history(*revs)).read(JURY, ())
    expected = {(j, a): v for j in mine for a, v in mine[j].items()}
    assert {(d.juror, d.article.title): d.verdict.value for d in result.decisions} == expected
    assert result.problems == ()

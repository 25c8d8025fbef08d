"""Any text a person can type gives data and problems, never an exception.

Properties checked on arbitrary wikitext-like input, for every parser:
- nothing raises;
- every problem names the page it is about, and a line inside the page;
- signups name each user once; worklist keys are unique and a title belongs to one
  topic; a jury line's key is its fields, whatever its layout.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.alias_files import load_alias_text
from bot.aliases import CANONICAL_TEMPLATES
from bot.model import Problem
from bot.parse.contest import find_close, is_contest_page, parse_contest
from bot.parse.jury import line_key, parse_jury
from bot.parse.signup import parse_signups
from bot.parse.values import parse_date, parse_number
from bot.parse.worklist import parse_worklist

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
ALIASES = (
    load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    .merged(load_alias_text((ALIAS_DIR / "ru.toml").read_text(encoding="utf-8")))
    .merged(load_alias_text((ALIAS_DIR / "tt.toml").read_text(encoding="utf-8")))
)
KNOWN = frozenset({"en", "ru", "tt"})

TOKENS = [
    "{{",
    "}}",
    "[[",
    "]]",
    "|",
    "=",
    "\n",
    " ",
    "*",
    "#",
    ":",
    "/",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "<div>",
    "</div>",
    "<b>",
    "==",
    "~~~~",
    ",",
    "+5",
    "-2,5",
    "2026-11-01",
    "31.02.2026",
    *CANONICAL_TEMPLATES,
    "Марафон",
    "Шаблон:",
    "start",
    "end",
    "wikis",
    "jury",
    "quorum",
    "new",
    "category",
    "namespace",
    "accept",
    "reject",
    "User:",
    "Участник:",
    "Кулланучы:",
    "User talk:",
    ":tt:",
    "ru:",
    "w:",
    "d:Q1",
    "Q12345",
    "Kazan",
    "Казан",
    "әйе",
    "да",
    "timezone",
    "Europe/Moscow",
    "Mars/X",
    "{{{",
    "}}}",
    "{|",
    "|}",
    "|-",
    "points",
    "max",
    "user",
    "comment",
    "wikidata",
    "en",
]

wikitext = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
)


# `make reliability` runs these with EDITATHON_FUZZ_EXAMPLES=100000 and reads the counts it
# writes to EDITATHON_FUZZ_REPORT; inside `make test` each parser gets a short run.
FUZZ = settings(
    max_examples=int(os.environ.get("EDITATHON_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
INPUTS: Counter[str] = Counter()  # generated inputs per parser, every one of them run


@pytest.fixture(autouse=True)
def _fuzz_report() -> Iterator[None]:
    yield
    if report := os.environ.get("EDITATHON_FUZZ_REPORT"):  # after each test: a long run may be cut
        Path(report).write_text(json.dumps(dict(INPUTS), indent=1) + "\n")


def assert_well_formed(problems: list[Problem], text: str, page: str) -> None:
    lines = text.count("\n") + 1
    for p in problems:
        assert p.page == page
        assert p.key.startswith("parse-")
        assert p.line is None or 1 <= p.line <= lines


@FUZZ
@given(wikitext)
def test_contest_parser_never_raises(text: str) -> None:
    INPUTS["contest"] += 1
    result, problems = parse_contest(
        text,
        wiki="tt",
        title="Project:B",
        aliases=ALIASES,
        default_timezone="UTC",
        known_wikis=KNOWN,
    )
    assert_well_formed(problems, text, "Project:B")
    if result is not None:
        assert result.start <= result.end
        assert set(result.wikis) <= KNOWN
        assert result.quorum >= 1
        assert is_contest_page(text, ALIASES)
        assert result.closed == find_close(text, ALIASES)
    else:
        assert problems


@FUZZ
@given(wikitext)
def test_signup_parser_never_raises(text: str) -> None:
    INPUTS["signup"] += 1
    signups, problems = parse_signups(
        text, wiki="ru", page="P", aliases=ALIASES, user_namespaces=frozenset({"Участник"})
    )
    assert_well_formed(problems, text, "P")
    names = [s.user for s in signups]
    assert len(names) == len(set(names))
    assert all(n and n[0] == n[0].upper() and "_" not in n for n in names)


@FUZZ
@given(wikitext)
def test_worklist_parser_never_raises(text: str) -> None:
    INPUTS["worklist"] += 1
    worklist, problems = parse_worklist(
        text, wiki="tt", page="P", aliases=ALIASES, known_wikis=KNOWN
    )
    assert_well_formed(problems, text, "P")
    keys = [t.key for t in worklist.topics]
    assert len(keys) == len(set(keys))
    titles = [wt for t in worklist.topics for wt in t.titles]
    assert len(titles) == len(set(titles))
    assert all(w in KNOWN for w, _ in titles)


@FUZZ
@given(wikitext)
def test_jury_parser_never_raises(text: str) -> None:
    INPUTS["jury"] += 1
    _, problems = parse_jury(
        text, wiki="tt", page="P", home_wiki="tt", aliases=ALIASES, known_wikis=KNOWN
    )
    assert_well_formed(problems, text, "P")


@given(
    st.sampled_from(["Казан", "Kazan Kremlin", "ru:Казанский кремль"]),
    st.sampled_from([("accept", "accept"), ("кабул", "accept"), ("reject", "reject"), ("отклонить", "reject")]),
    st.integers(-20, 20),
    st.sampled_from(["", "Good sources", "Яхшы чыганаклар"]),
)
def test_a_jury_line_is_known_by_its_fields_not_its_layout(
    article: str, verdict: tuple[str, str], points: int, comment: str
) -> None:
    """Re-spacing a decision, naming its parameters or reordering them keeps its key
    (a juror's later tidy-up is not a new decision); the key states each field."""
    typed, canonical = verdict
    tail = f"|comment={comment}" if comment else ""
    compact = f"{{{{Editathon decision|{article}|{typed}|points={points:+d}{tail}}}}} ~~~~"
    named = (f"{{{{Editathon decision | comment = {comment} | points = {points} | verdict = {typed}"
             f" | article = {article} }}}} [[User:Carol|Carol]]") if comment else (
             f"{{{{Editathon decision | points = {points} | verdict = {typed} | article = {article} }}}}")
    wiki, _, title = article.rpartition(":")
    expected = f"decision|{wiki or 'tt'}:{title}|{canonical}|{points:+d}||{comment}"
    for text in (compact, named):
        items, problems = parse_jury(text, wiki="tt", page="P", home_wiki="tt", aliases=ALIASES, known_wikis=KNOWN)
        assert problems == []
        assert [i.raw for i in items] == [expected]
        assert [line_key(i) for i in items] == [expected]


@given(st.dates(min_value=date(1000, 1, 1)))
def test_both_date_forms_read_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}.{day.month:02d}.{day.year}") == day


@given(st.integers(-(10**6), 10**6), st.integers(0, 99), st.sampled_from([",", "."]))
def test_decimal_comma_and_point_are_the_same_number(whole: int, frac: int, sep: str) -> None:
    text = f"{whole}{sep}{frac:02d}"
    expected = float(f"{whole}.{frac:02d}")
    assert parse_number(text) == expected
    if whole >= 0:
        assert parse_number("+" + text) == expected

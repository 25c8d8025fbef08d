"""Building blocks of the rendered pages: links across wikis, escaping, tables, problems."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import catalog
from bot.model import Problem
from bot.render import render_problems
from bot.render.layout import LAYOUT_DIR, layout, tidy
from bot.render.links import diff_link, escape_text, page_link, user_link
from bot.render.tables import Cell, Column, wikitable


@pytest.mark.parametrize(
    ("title", "wiki", "expected"),
    [
        ("Kazan", "ru", "[[Kazan]]"),
        ("Kazan", "tt", "[[:tt:Kazan]]"),
        ("Category:Kazan", "ru", "[[:Category:Kazan]]"),  # a link, not a categorization
        ("Файл:Kremlin.jpg", "ru", "[[:Файл:Kremlin.jpg]]"),  # not an embedded image
        ("Special:Diff/5", "ru", "[[Special:Diff/5]]"),
    ],
)
def test_page_link(title: str, wiki: str, expected: str) -> None:
    assert page_link(title, wiki, "ru") == expected


def test_links_with_labels_and_prefixes() -> None:
    assert diff_link(123, "ru", "ru", "diff") == "[[Special:Diff/123|diff]]"
    assert diff_link(123, "tt", "ru", "diff") == "[[:tt:Special:Diff/123|diff]]"
    assert diff_link(1, "tt", "ru", "d", newer=9) == "[[:tt:Special:Diff/1/9|d]]"
    assert diff_link(1, "tt", "ru", "d", wiki_prefix=str.upper) == "[[:TT:Special:Diff/1|d]]"
    assert user_link("Alice") == "[[User:Alice|Alice]]"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Good sources", "Good sources"),
        ("a | b", "a &#124; b"),
        ("~~~~", "~~&#126;~"),
        ("{{subst:x}}", "&#123;&#123;subst:x&#125;&#125;"),
        ("[[Link]]", "&#91;&#91;Link&#93;&#93;"),
        ("line one\n* line two", "line one * line two"),
        ("* bullet", "&#42; bullet"),
        ("__NOTOC__", "_&#95;NOTOC_&#95;"),
        ("'''bold'''", "&#39;&#39;&#39;bold&#39;&#39;&#39;"),
        ("http://x.example", "http&#58;//x.example"),
    ],
)
def test_escape_text(raw: str, expected: str) -> None:
    assert escape_text(raw) == expected


MARKUP = re.compile(r"[\[\]{}|<>\n]|~~~|''|__|://")


@given(st.text())
def test_escaped_text_holds_no_markup(raw: str) -> None:
    assert not MARKUP.search(escape_text(raw))


def test_wikitable_puts_each_cell_on_its_own_line() -> None:
    table = wikitable(
        [Column("A"), Column("B", sortable=False)],
        [[Cell("[[X|x]]", sort="x"), "-5"], ["", Cell("y", style="color:red")]],
    )
    assert table.splitlines() == [
        '{| class="wikitable sortable"',
        "! A",
        '! class="unsortable" | B',
        "|-",
        '| data-sort-value="x" | [[X|x]]',
        "| -5",  # not a row separator
        "|-",
        "| &nbsp;",
        '| style="color:red" | y',
        "|}",
    ]


def test_tidy_stores_what_mediawiki_would() -> None:
    assert tidy("\n\na  \n\n\n\nb\n\n") == "a\n\nb"


def test_layouts_exist_and_use_only_known_slots() -> None:
    """Every page layout shows the data time; notices are messages, not pages, and carry none."""
    names = sorted(p.stem for p in LAYOUT_DIR.glob("*.wiki") if not p.stem.startswith("notice-"))
    assert names == ["leaderboard", "part", "queue", "status", "umbrella", "worklist_status"]
    for name in names:
        assert "$updated" in layout(name).template


# --------------------------------------------------------------------------- problems

B = "Project:Contest"


def test_render_problems_orders_dedupes_and_links() -> None:
    cat = catalog("en")
    problems = [
        Problem.make("trust-jury-not-juror", "ru", f"{B}/Jury", revid=30, line=4, user="Z"),
        Problem.make("parse-contest-missing-template", "ru", B, template="Editathon"),
        Problem.make("trust-jury-not-juror", "ru", f"{B}/Jury", revid=30, line=4, user="Z"),
    ]
    assert render_problems(problems, cat, home_wiki="ru").splitlines() == [
        "* [[:Project:Contest]]: The contest page has no <code>Editathon</code> template.",
        "* [[:Project:Contest/Jury]], line 4: A jury line added by Z, who is not on the jury, "
        "was ignored. ([[Special:Diff/30|diff]])",
    ]


def test_render_problems_escapes_what_people_typed() -> None:
    p = Problem.make(
        "parse-contest-bad-date", "ru", B, revid=1, param="start", value="[[x]] ~~~~ {{y}}"
    )
    text = render_problems([p], catalog("en"), home_wiki="ru")
    assert "[[x]]" not in text and "~~~~" not in text and "{{y}}" not in text


def test_render_problems_unknown_key_shows_the_key_and_never_fails() -> None:
    p = Problem.make("parse-something-new", "ru", B, revid=1, foo="bar")
    assert "⧼parse-something-new⧽" in render_problems([p], catalog("tt"), home_wiki="ru")


def test_render_problems_none() -> None:
    assert render_problems([], catalog("ru"), home_wiki="ru") == "Проблем не найдено."


_OLD_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = [c for c in map(chr, range(0x3000)) if c.isspace()]


@given(st.lists(st.sampled_from(["a", "|", "\n", *_SPACES]), max_size=40).map("".join))
def test_tidy_strips_each_line_as_str_rstrip_does(text: str) -> None:
    """``tidy`` strips trailing whitespace in one pass over the page (no string per line,
    issue 16's memory); what it stores is what rstrip on each line and the blank-run
    rule give."""
    lines = [line.rstrip() for line in text.split("\n")]
    assert tidy(text) == _OLD_BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def test_tidy_is_linear_in_a_long_run_of_spaces() -> None:
    """A run of spaces mid-line (a hostile comment) is passed once, not once per space."""
    text = "a" + " " * 200_000 + "b\n" + " " * 200_000
    started = time.perf_counter()
    assert tidy(text) == "a" + " " * 200_000 + "b"
    assert time.perf_counter() - started < 1.0

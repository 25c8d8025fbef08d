"""The worklist draft (bot/worklist_draft.py) and its queries (bot/wikidata_query.py): pure.

What organizers rely on: each item once, under the first of its kinds; the items missing
in most languages first; lines the worklist parser reads as topics; pages never above
the size budget, with every item on exactly one page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.aliases import Aliases
from bot.config import ConfigError
from bot.devwiki.wikidata_extract import SHIPPED, generate
from bot.i18n import catalog
from bot.parse.worklist import parse_worklist
from bot.wikidata_query import (
    Located,
    located_query,
    page_cursor,
    parse_located,
    parse_sitelinks,
    qid_of,
    sitelinks_query,
)
from bot.wikidata_settings import DEFAULT_KINDS, parse_wikidata_settings
from bot.worklist_draft import build_draft, page_title, render_draft, topic_line

EN = catalog("en")
TT = catalog("tt")
WIKIS = ("tt", "ru", "en")
KINDS = [k.key for k in DEFAULT_KINDS]
HEADINGS = {k: EN.text(f"worklist-draft-heading-{k}") for k in KINDS}


def item(q: int, kinds: tuple[str, ...], titles: dict[str, str] | None = None,
         labels: dict[str, str] | None = None) -> Located:
    return Located(f"Q{q}", kinds, labels or {"en": f"Item {q}"}, titles or {})


def draft_of(items: list[Located]):  # type: ignore[no-untyped-def]
    return build_draft(items, territory="Q1", territory_label="Yashel Tau", kinds=KINDS,
                       wikis=WIKIS, label_languages=("tt", "ru", "en"))


def test_each_item_once_under_its_first_kind() -> None:
    d = draft_of([
        item(10, ("settlements",)),
        item(11, ("heritage", "institutions")),  # a museum in a monument: heritage comes first
        item(10, ("settlements",)),  # an engine may repeat an item
        item(12, ("streets",)),  # a kind not asked for
    ])
    assert [(s.kind, [line.qid for line in s.lines]) for s in d.sections] == [
        ("settlements", ["Q10"]), ("heritage", ["Q11"])]
    assert d.count == 2


def test_missing_in_most_languages_first() -> None:
    d = draft_of([
        item(1, ("nature",), {"tt": "A", "ru": "A", "en": "A"}),
        item(2, ("nature",), {"ru": "B"}),
        item(3, ("nature",), {}),
        item(4, ("nature",), {"ru": "D", "en": "D"}),
    ])
    lines = d.sections[0].lines
    assert [line.qid for line in lines] == ["Q3", "Q2", "Q4", "Q1"]
    assert [line.missing for line in lines] == [("tt", "ru", "en"), ("tt", "en"), ("tt",), ()]


def test_label_in_the_home_language_first() -> None:
    d = draft_of([item(1, ("events",), labels={"en": "Fest", "tt": "Бәйрәм"})])
    assert d.sections[0].lines[0].label == "Бәйрәм"


def test_a_line_is_a_worklist_topic_the_parser_reads() -> None:
    d = draft_of([item(5, ("heritage",), {"ru": "Мечеть Кул-Шариф", "en": "Qolşärif"},
                       labels={"en": "[[odd]] {{label}}"})])
    line = topic_line(d.sections[0].lines[0], EN)
    assert line.startswith("* {{Editathon topic | ru = Мечеть Кул-Шариф | en = Qolşärif | wikidata = Q5 }}")
    assert "<nowiki>[[odd]] {{label}}</nowiki>" in line  # a label never becomes markup
    assert line.endswith("''missing: tt''")
    worklist, problems = parse_worklist(line, wiki="tt", page="W", aliases=Aliases.build(),
                                        known_wikis=frozenset(WIKIS))
    assert problems == []
    assert [(t.key, t.titles) for t in worklist.topics] == [
        ("Q5", (("ru", "Мечеть Кул-Шариф"), ("en", "Qolşärif")))]


def test_no_suggested_title_for_a_missing_language() -> None:
    """A label as a title could name another article ("Kazan"), which would then count."""
    line = topic_line(draft_of([item(7, ("settlements",), labels={"tt": "Казан"})]).sections[0].lines[0], TT)
    assert "tt =" not in line and "Казан" in line and TT.text("worklist-draft-missing", wikis="tt, ru, en") in line


def _render(items: list[Located], max_bytes: int, per_heading: int | None = None) -> list:
    return render_draft(draft_of(items), cat=EN, title="P:E/Worklist draft", worklist="P:E/Worklist",
                        headings=HEADINGS, day=date(2026, 12, 6), max_bytes=max_bytes,
                        max_per_heading=per_heading)


def test_a_long_draft_is_split_under_the_budget_and_keeps_every_item() -> None:
    items = [item(100 + i, (KINDS[i % 6],), {"ru": f"Статья номер {i}"} if i % 3 else {})
             for i in range(600)]
    pages = _render(items, 16_000)
    assert len(pages) > 3
    assert [p.title for p in pages[:3]] == ["P:E/Worklist draft", "P:E/Worklist draft/2",
                                            "P:E/Worklist draft/3"]
    assert all(len(p.text.encode()) <= 16_000 for p in pages)
    qids = re.findall(r"wikidata = (Q\d+)", "".join(p.text for p in pages))
    assert sorted(qids) == sorted(f"Q{100 + i}" for i in range(600))  # each once
    assert "Continued on [[P:E/Worklist draft/2]]" in pages[0].text
    assert f"Part 2 of {len(pages)}." in pages[1].text
    # A heading split over two pages is repeated on the second.
    for p in pages[1:]:
        assert re.search(r"^== .+ ==$", p.text, re.M)


def test_a_capped_heading_counts_the_rest() -> None:
    items = [item(i, ("nature",)) for i in range(1, 31)]
    (page,) = _render(items, 200_000, per_heading=10)
    assert len(re.findall(r"wikidata = Q", page.text)) == 10
    assert EN.text("worklist-draft-more", count=20) in page.text


def test_an_empty_territory_says_so() -> None:
    (page,) = _render([], 10_000)
    assert EN.text("worklist-draft-empty") in page.text


def test_a_budget_too_small_is_refused() -> None:
    with pytest.raises(ValueError):
        _render([item(1, ("nature",))], 500)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10_000), st.sampled_from(KINDS),
                          st.sets(st.sampled_from(WIKIS))), max_size=300),
       st.integers(4_000, 50_000))
def test_pages_hold_every_item_once_under_any_budget(raw: list[tuple[int, str, set[str]]], budget: int) -> None:
    items = [item(q, (k,), {w: f"T{q}" for w in ws}) for q, k, ws in raw]
    pages = _render(items, budget)
    assert all(len(p.text.encode()) <= budget for p in pages)
    qids = re.findall(r"wikidata = (Q\d+)", "".join(p.text for p in pages))
    assert sorted(qids) == sorted({f"Q{q}" for q, _, _ in raw})
    assert page_title("B", 1) == "B"


# ----------------------------------------------------------------------- queries


def test_located_query_pages_after_the_cursor() -> None:
    q = located_query("Q90", DEFAULT_KINDS, languages=["tt", "en"], sites=["https://tt.wikipedia.org/"],
                      after="http://www.wikidata.org/entity/Q5", limit=500)
    assert "PREFIX wd: <http://www.wikidata.org/entity/>" in q  # no engine's predeclared prefixes
    assert "?item wdt:P131+ wd:Q90" in q and "?item wdt:P19/wdt:P131* wd:Q90" in q
    assert 'FILTER(STR(?item) > "http://www.wikidata.org/entity/Q5")' in q
    assert "LIMIT 500" in q and "SERVICE" not in q
    assert "schema:isPartOf <https://tt.wikipedia.org/>" in q


def test_parse_located_merges_rows_and_orders_kinds() -> None:
    rows = [
        {"item": "http://www.wikidata.org/entity/Q7", "kinds": "institutions heritage", "label0": "Музей",
         "title1": "Museum"},
        {"item": "http://www.wikidata.org/entity/Q7", "kinds": "heritage", "label1": "Museum"},
        {"item": "http://www.wikidata.org/entity/L5", "kinds": "heritage"},  # not an item
        {"item": "http://www.wikidata.org/entity/Q8", "kinds": "unknown"},
    ]
    (got,) = parse_located(rows, DEFAULT_KINDS, languages=["tt", "en"], wikis=["tt", "en"])
    assert got == Located("Q7", ("heritage", "institutions"), {"tt": "Музей", "en": "Museum"},
                          {"en": "Museum"})
    assert page_cursor(rows) == "http://www.wikidata.org/entity/Q8"
    assert qid_of("http://www.wikidata.org/entity/P31") is None


def test_sitelinks_query_and_answer() -> None:
    q = sitelinks_query(["Q1", "Q2"], ["https://tt.wikipedia.org/"])
    assert "VALUES ?item { wd:Q1 wd:Q2 }" in q
    rows = [{"item": "http://www.wikidata.org/entity/Q1", "site": "https://tt.wikipedia.org/",
             "title": "Казан"}, {"item": "x", "site": "y", "title": "z"}]
    assert parse_sitelinks(rows, {"tt": "https://tt.wikipedia.org/"}) == {"Q1": {"tt": "Казан"}}


def test_the_shipped_extract_is_the_generators_output() -> None:
    """tests/data/wikidata/territory.nt is regenerated, never edited by hand."""
    assert SHIPPED.read_text(encoding="utf-8") == generate().text()


# ----------------------------------------------------------------------- settings


def test_settings_defaults_and_errors() -> None:
    s = parse_wikidata_settings({"endpoint": "http://127.0.0.1:1/query"}, username="B", docs_page="User:B")
    assert s.kinds == DEFAULT_KINDS and s.page_size == 2000 and "User:B" in s.user_agent
    custom = parse_wikidata_settings({"endpoint": "https://x/sparql", "kind": [
        {"key": "bridges", "classes": ["Q12280"], "heading": {"en": "Bridges"}}]})
    assert [k.key for k in custom.kinds] == ["bridges"]
    for bad in ({}, {"endpoint": "ftp://x"}, {"endpoint": "http://x", "page_size": 0},
                {"endpoint": "http://x", "kind": [{"key": "a", "classes": ["P31"]}]},
                {"endpoint": "http://x", "typo": 1}):
        with pytest.raises(ConfigError):
            parse_wikidata_settings(bad, source=Path("bot.toml"))

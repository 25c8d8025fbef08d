"""bot.measure: words, references and images a revision holds and an edit adds.

The bulk is data-driven (tests/data/measure/cases.toml: a wikitext pair and the
figures a juror would count by hand, in English, Russian and Tatar); the rest checks
the parameters and the properties every figure must have.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.measure import (
    DEFAULT_CATEGORY_NAMESPACES,
    DEFAULT_FILE_NAMESPACES,
    MEASURE_VERSION,
    added,
    count_words,
    figures,
    prose_text,
)
from bot.model import Figures

CASES_FILE = Path(__file__).parent.parent / "data" / "measure" / "cases.toml"


def _cases() -> list[dict[str, Any]]:
    with CASES_FILE.open("rb") as f:
        return list(tomllib.load(f)["case"])


CASES = _cases()


def test_case_file_covers_three_languages() -> None:
    langs = [c["lang"] for c in CASES]
    assert len(CASES) >= 40
    assert {"en", "ru", "tt"} <= set(langs)
    assert min(langs.count(lang) for lang in ("en", "ru", "tt")) >= 10
    assert len({c["name"] for c in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}: {c['name']}" for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    before = figures(case["before"]) if case["before"] else None
    got = added(before, figures(case["after"]))
    expected = Figures(case["words"], case["references"], case["images"])
    assert got == expected, prose_text(case["after"])


# ------------------------------------------------------------------ single figures


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Казан", 1),
        ("Нижне-Камск", 1),
        ("Москва́", 1),  # combining stress mark
        ("Крем\u00adль", 1),  # soft hyphen
        ("O'Brien’s", 1),
        ("snake_case", 2),  # "_" is not a letter
        ("3,14 и 2.5", 3),
        ("— – …", 0),
        ("", 0),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_figures_of_a_whole_article() -> None:
    text = """{{Infobox settlement
| name = Kazan
| image = Kazan Kremlin.jpg
}}
'''Kazan''' is the capital of [[Tatarstan]].<ref name="bse">BSE.</ref>
It stands on the [[Volga]].<ref name="bse" />{{sfn|Smith|1999|p=4}}

== Gallery ==
<gallery>
Kazan Kremlin.jpg|Again the Kremlin
File:Qolşärif.jpg|Mosque
</gallery>

== References ==
{{reflist}}

[[Category:Cities]]
"""
    assert figures(text) == Figures(words=11, references=2, images=2)


def test_reference_templates_are_configurable() -> None:
    text = "Kazan.{{sfn|A|1}} City.{{Примечание|B}}"
    assert figures(text).references == 1
    assert figures(text, reference_templates=("примечание",)).references == 1
    assert figures(text, reference_templates=("sfn", "Примечание")).references == 2
    assert figures(text, reference_templates=()).references == 0


def test_namespaces_are_configurable() -> None:
    text = "[[Rasm:Kazan.jpg|thumb]] [[Turkum:Shahar]] Kazan."
    assert figures(text) == Figures(words=4)  # unknown prefixes: links "thumb", "Turkum:Shahar"
    local = figures(
        text,
        file_namespaces=(*DEFAULT_FILE_NAMESPACES, "Rasm"),
        category_namespaces=(*DEFAULT_CATEGORY_NAMESPACES, "Turkum"),
    )
    assert local == Figures(words=1, images=1)


def test_namespace_names_ignore_case_and_underscores() -> None:
    assert figures("[[FILE:Kazan.jpg]] [[файл:Kazan_2.jpg]]").images == 2
    assert figures("[[категория:Города]]").words == 0


def test_prose_text_shows_what_counts() -> None:
    text = "'''Kazan'''<ref>x</ref> is [[Tatarstan|a capital]].{{citation needed}}"
    assert prose_text(text).split() == ["Kazan", "is", "a", "capital."]


def test_added_from_nothing_is_the_page() -> None:
    page = Figures(words=10, references=2, images=1)
    assert added(None, page) == page


def test_added_is_per_figure() -> None:
    before = Figures(words=100, references=5, images=2)
    after = Figures(words=300, references=2, images=2)
    assert added(before, after) == Figures(words=200, references=0, images=0)


def test_measure_version_is_a_positive_int() -> None:
    assert isinstance(MEASURE_VERSION, int) and MEASURE_VERSION >= 1


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from(
    [
        "Kazan ",
        "Казань ",
        "Казан шәһәре җәй көне өйдә ",
        "[[",
        "]]",
        "{{",
        "}}",
        "|",
        "=",
        "<ref>",
        "</ref>",
        "<ref name=a/>",
        "<ref name=a>",
        "<gallery>",
        "</gallery>",
        "[[File:A.jpg",
        "[[Рәсем:Б.png|",
        "[[Категория:",
        "{|",
        "|}",
        "|-",
        "\n",
        "== ",
        " ==",
        "<!--",
        "-->",
        "''",
        "'''",
        "&nbsp;",
        "&shy;",
        "<",
        ">",
        "/",
        ":",
        "image = X.jpg",
        "{{sfn|A|1}}",
        "__NOTOC__",
        "http://x.org/y.jpg ",
    ]
)
_WIKITEXT = st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=40).map("".join))


@given(_WIKITEXT)
def test_figures_never_negative_and_never_raise(text: str) -> None:
    f = figures(text)
    assert f.words >= 0 and f.references >= 0 and f.images >= 0


@given(_WIKITEXT, _WIKITEXT)
def test_added_never_negative(before: str, after: str) -> None:
    a = added(figures(before), figures(after))
    assert min(a.words, a.references, a.images) >= 0


@given(_WIKITEXT)
def test_an_unchanged_page_adds_nothing(text: str) -> None:
    assert added(figures(text), figures(text)) == Figures()


@given(
    st.lists(
        st.sampled_from(["Казан", "шәһәре", "Нижне-Камск", "ёлка", "Kazan", "1552"]), max_size=30
    )
)
def test_appending_a_sentence_adds_its_words(words: list[str]) -> None:
    before = "Kazan is a city.<ref>Smith.</ref>\n\n[[Category:Cities]]"
    after = before.replace("\n\n", " " + " ".join(words) + ".\n\n")
    assert added(figures(before), figures(after)) == Figures(words=len(words))

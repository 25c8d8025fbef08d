"""The message catalog: fallbacks, parameters, plurals and numbers per language."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.i18n import (
    NBSP,
    Catalog,
    catalog,
    fallback_chain,
    format_number,
    placeholders,
    plural_category,
    plural_syntax_errors,
)

MESSAGES = {
    "en": {
        "points": "%(n)s {{PLURAL:%(n)d|point|points}}",
        "only-en": "English only",
        "entries": "{{PLURAL:%(n)d|0=no entries|one entry|%(n)s entries}}",
        "nested": "{{PLURAL:%(n)d|[[A|one]]|{{x|y}} %(n)s}}",
        "bytes": "%(b)d bytes",
        "raw": "%(b)s as given",
    },
    "ru": {
        "points": "%(n)s {{PLURAL:%(n)d|очко|очка|очков}}",
        "only-ru": "только по-русски",
    },
    "tt": {"points": "%(n)s балл"},
}


def cat(lang: str) -> Catalog:
    return Catalog.from_messages(lang, MESSAGES)


def test_fallback_chains() -> None:
    assert fallback_chain("tt") == ("tt", "ru", "en")
    assert fallback_chain("ru") == ("ru", "en")
    assert fallback_chain("en") == ("en",)
    assert fallback_chain("de") == ("de", "en")


def test_missing_messages_fall_back_then_show_the_key() -> None:
    assert cat("tt").text("only-ru") == "только по-русски"
    assert cat("tt").text("only-en") == "English only"
    assert cat("ru").text("only-en") == "English only"
    assert cat("de").text("points", n=2) == "2 points"
    assert cat("tt").text("nowhere") == "⧼nowhere⧽"


def test_parameters() -> None:
    assert cat("en").text("raw", b="2140") == "2140 as given"  # a string stays as it is
    assert cat("en").text("bytes", b="2140") == "2,140 bytes"  # unless the message says num
    assert cat("en").text("bytes", b="Kazan") == "Kazan bytes"
    assert cat("en").text("raw", b=2140) == "2,140 as given"  # numbers are formatted
    assert cat("en").text("raw") == "%(b)s as given"  # a missing parameter stays visible
    assert cat("en").text("raw", b="%(x)s") == "%(x)s as given"  # values are not re-expanded


def test_a_parameter_may_be_called_key() -> None:
    c = Catalog.from_messages("en", {"en": {"k": "%(key)s"}})
    assert c.text("k", key="v") == "v"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 point"),
        (0, "0 points"),
        (2, "2 points"),
        (1.5, "1.5 points"),
        (21, "21 points"),
        (1.04, "1 point"),
        ("1", "1 point"),
    ],
)
def test_english_plural(n: object, text: str) -> None:
    assert cat("en").text("points", n=n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 очко"),
        (2, "2 очка"),
        (4, "4 очка"),
        (5, "5 очков"),
        (11, "11 очков"),
        (12, "12 очков"),
        (14, "14 очков"),
        (20, "20 очков"),
        (21, "21 очко"),
        (22, "22 очка"),
        (25, "25 очков"),
        (111, "111 очков"),
        (101, "101 очко"),
        (0, "0 очков"),
        (2.5, "2,5 очка"),
        (1.5, "1,5 очка"),
        (17.5, "17,5 очка"),
    ],
)
def test_russian_plural(n: object, text: str) -> None:
    assert cat("ru").text("points", n=n) == text


def test_russian_plural_with_a_fourth_form_for_fractions() -> None:
    c = Catalog.from_messages("ru", {"ru": {"m": "{{PLURAL:%(n)d|a|b|c|d}}"}})
    assert [c.text("m", n=x) for x in (1, 3, 7, 0.5)] == ["a", "b", "c", "d"]


def test_tatar_nouns_stay_singular() -> None:
    assert cat("tt").text("points", n=5) == "5 балл"
    c = Catalog.from_messages("tt", {"tt": {"m": "{{PLURAL:%(n)d|мәкалә|мәкаләләр}}"}})
    assert [c.text("m", n=x) for x in (1, 2, 5, 2.5)] == ["мәкалә"] * 4


def test_fallback_text_keeps_the_plural_rules_of_its_own_language() -> None:
    # A Tatar page showing the Russian text must still decline the Russian noun.
    assert cat("tt").text("only-ru") == "только по-русски"
    tt_without = Catalog.from_messages("tt", {"ru": MESSAGES["ru"], "en": MESSAGES["en"]})
    assert tt_without.text("points", n=5) == "5 очков"


def test_explicit_plural_forms_and_nesting() -> None:
    assert cat("en").text("entries", n=0) == "no entries"
    assert cat("en").text("entries", n=1) == "one entry"
    assert cat("en").text("entries", n=3) == "3 entries"
    assert cat("en").text("nested", n=1) == "[[A|one]]"
    assert cat("en").text("nested", n=2) == "{{x|y}} 2"


@pytest.mark.parametrize("n", ["many", float("nan"), float("inf"), None])
def test_plural_with_a_bad_operand_takes_the_last_form(n: object) -> None:
    assert cat("en").text("points", n=n) == f"{n} points"


@pytest.mark.parametrize(
    ("lang", "x", "text"),
    [
        ("en", 2140, "2,140"),
        ("en", 2.5, "2.5"),
        ("en", 2.0, "2"),
        ("en", 999, "999"),
        ("en", 1234567.25, "1,234,567.2"),
        ("en", -2.5, "-2.5"),
        ("en", -0.04, "0"),
        ("en", 0.06, "0.1"),
        ("ru", 2140, "2140"),
        ("ru", 21400, f"21{NBSP}400"),
        ("ru", 2.5, "2,5"),
        ("ru", 12345.5, f"12{NBSP}345,5"),
        ("ru", 3.0, "3"),
        ("tt", 2140, "2140"),
        ("tt", 1000000, f"1{NBSP}000{NBSP}000"),
        ("tt", 17.5, "17,5"),
        ("de", 2140, "2,140"),
    ],
)
def test_numbers(lang: str, x: float, text: str) -> None:
    assert format_number(x, lang) == text


def test_number_rounding_matches_pythons_round() -> None:
    # The ranking compares round(points, 1); the page must show the same value.
    for x in (2.25, 2.35, 0.05, 0.15, 10.45):
        assert format_number(x, "en") == format_number(round(x, 1), "en")


def test_catalog_number_and_date() -> None:
    assert catalog("ru").number(2.5) == "2,5"
    assert catalog("en").number(2.54, decimals=2) == "2.54"
    assert catalog("tt").date(date(2026, 11, 5)) == "2026-11-05"


def test_plural_categories() -> None:
    assert [plural_category("ru", n) for n in (1, 3, 5, 0.5)] == ["one", "few", "many", "other"]
    assert plural_category("tt", 1) == "other"
    assert [plural_category("en", n) for n in (1, 1.0, 1.5, 0)] == ["one", "one", "other", "other"]


def test_placeholders_and_plural_syntax() -> None:
    assert placeholders("%(a)s {{PLURAL:%(b)d|x|%(c)s}} %(d)d {{tpl}} {{#if:%(e)s|%(e)s}}") == {
        "a",
        "b",
        "c",
        "d",
        "e",
    }
    assert plural_syntax_errors("{{PLURAL:%(n)d|a|b}}") == []
    assert plural_syntax_errors("{{PLURAL:%(n)d|a|b") != []
    assert plural_syntax_errors("{{PLURAL:n|a}}") != []
    assert plural_syntax_errors("{{PLURAL:%(n)d}}") != []


def test_package_catalogs_load_on_first_use() -> None:
    assert catalog("ru").text("state-open") == "идёт"
    assert catalog("tt").text("state-open") == "бара"
    assert catalog("en").text("state-open") == "open"
    assert catalog("xx").text("state-open") == "open"
    assert catalog("ru") is catalog("ru")


WIKITEXT_BITS = st.lists(
    st.sampled_from(
        [
            "{{PLURAL:",
            "%(n)s",
            "%(n)d",
            "%(",
            "|",
            "}}",
            "{{",
            "[[",
            "]]",
            "{",
            "}",
            "0=",
            "1=",
            "a",
            " ",
            ":",
            "#if:",
            "\n",
        ]
    ),
    max_size=12,
).map("".join)


@given(
    st.one_of(st.text(max_size=60), WIKITEXT_BITS),
    st.dictionaries(
        st.sampled_from(["n", "a", "key"]),
        st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=True)),
        max_size=4,
    ),
    st.sampled_from(["en", "ru", "tt", "de"]),
)
@example("{{PLURAL:{{PLURAL:}}}}", {}, "en")  # a PLURAL as another's operand (found by hypothesis)
def test_text_never_raises(template: str, params: dict[str, object], lang: str) -> None:
    c = Catalog.from_messages(lang, {lang: {"m": template}, "en": {"m": template}})
    assert isinstance(c.text("m", **params), str)

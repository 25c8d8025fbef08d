"""bot.words: words in any script (UAX #29 with dictionary segmentation, by ICU).

The table (tests/data/measure/scripts.toml) gives text in many scripts and the words a
reader counts; the existing en, ru and tt cases of tests/data/measure/cases.toml must keep
their counts (tests/unit/test_measure.py).
"""

from __future__ import annotations

import re
import tomllib
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import words as words_module
from bot.measure import count_words, figures
from bot.words import words

TABLE = Path(__file__).parent.parent / "data" / "measure" / "scripts.toml"


def _table() -> list[dict[str, Any]]:
    with TABLE.open("rb") as f:
        return list(tomllib.load(f)["case"])


CASES = _table()
SCRIPTS = {"Latin", "Cyrillic", "Arabic", "Devanagari", "Chinese", "Japanese", "Thai", "Georgian"}


def test_table_covers_the_scripts() -> None:
    assert len(CASES) >= 40
    assert {c["script"] for c in CASES} >= SCRIPTS
    assert all(sum(c["script"] == s for c in CASES) >= 3 for s in SCRIPTS)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['script']}: {c['text']}" for c in CASES])
def test_words_in_any_script(case: dict[str, Any]) -> None:
    assert count_words(case["text"]) == case["words"], words(case["text"])


@pytest.mark.parametrize(
    "case", [c for c in CASES if " " in c.get("note", "") and c["script"] in {"Chinese", "Japanese", "Thai"}],
    ids=lambda c: c["text"],
)
def test_scripts_without_spaces_are_cut_where_a_reader_cuts(case: dict[str, Any]) -> None:
    """The note spells out the reader's segmentation: the words themselves must match it."""
    expected = case["note"].split(":")[0].split()
    assert words(case["text"]) == expected


def test_words_in_wikitext() -> None:
    """Segmentation applies to the prose only: links count, templates and refs do not."""
    text = (
        "{{Infobox settlement|name=東京}}'''東京'''は[[日本]]の首都です。<ref>東京都</ref>\n"
        "[[ภาษาไทย]]เป็นภาษาที่สวยงาม\n\n== 歴史 ==\n[[Category:東京]]"
    )
    assert figures(text).words == 6 + 6
    assert figures(text).references == 1


def test_a_thai_article_is_not_undercounted() -> None:
    """The issue's report: Thai text was split only at spaces and at vowel and tone marks."""
    sentence = "เขาไปโรงเรียนทุกวัน "  # 5 words, no space inside
    old_rule = re.compile(r"[^\W_]+")
    assert len(old_rule.findall(sentence * 20)) != 100  # the old rule was wrong here
    assert count_words(sentence * 20) == 100


@given(st.lists(st.sampled_from(["東京", "は", "日本", "の", "首都", "です"]), max_size=20))
def test_japanese_words_between_spaces_count_one_each(tokens: list[str]) -> None:
    """A word set off by spaces is one word, however short (は, の)."""
    assert count_words(" ".join(tokens)) == len(tokens)


_PIECES = st.lists(
    st.sampled_from([*"aZ9әңКя-'.,;@_—", "東京", "は", "ภาษา", "ไทย", "ქა", "हि", "قا", "\u0301", "😀"]),
    max_size=12,
).map("".join)


@given(_PIECES, _PIECES)
def test_a_space_always_separates_words(a: str, b: str) -> None:
    """Text on either side of a space is counted on its own, in every script."""
    assert count_words(a + " " + b) == count_words(a) + count_words(b)


# --------------------------------------------------------------------------- the plain case
#
# bot.words counts text of Latin and Cyrillic letters, digits and common punctuation without
# ICU (``_NOT_PLAIN``); these tests hold that count to ICU's on what the shortcut covers.

#: One character of each kind the shortcut tells apart, and a few it treats as "other".
KINDS = ["a", "Я", "1", ".", ",", ";", ":", "'", "\u2019", "-", "\u2010", " ", "!", "\n", "\u00a0", "\u00ab"]


def _icu(text: str) -> int:
    return len(words(text))


def _plain_chars() -> list[str]:
    ranges = [(0x20, 0x7F), (0xA0, 0x180), (0x400, 0x500), (0x2010, 0x2027), (0x2116, 0x2117)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi) if c not in (0x5F, 0x40)]  # _ @: spaces
    return [c for c in [*chars, "\t", "\n"] if not words_module._NOT_PLAIN.search(c)]


def test_the_plain_case_counts_as_icu_on_every_short_string_of_its_kinds() -> None:
    strings = ["".join(t) for n in range(1, 5) for t in product(KINDS[:13] if n == 4 else KINDS, repeat=n)]
    wrong = [s for s in strings if words_module.count_words(s) != _icu(s)]
    assert not wrong, wrong[:10]


def test_each_character_of_the_plain_case_counts_as_icu_in_every_context() -> None:
    chars = _plain_chars()
    assert len(chars) > 500 and "ә" in chars and "é" in chars and "_" not in chars
    contexts = ["a", "Я", "1", " ", ".", "'", "-", ",", ";"]
    wrong = [t for c in chars for x in contexts for y in contexts
             for t in (f"{x}{c}{y}", f"{x}{x}{c}{c}{y}") if words_module.count_words(t) != _icu(t)]
    assert not wrong, wrong[:10]


@given(st.text(alphabet=st.sampled_from(_plain_chars() + KINDS * 8), max_size=80))
def test_the_plain_case_counts_as_icu_on_any_text_of_its_characters(text: str) -> None:
    assert words_module.count_words(text) == _icu(text)


def test_plain_text_is_counted_without_icu(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = "Rock'n'roll in 1990's Нижне-Камск: 425.3 km, 1,000 people; e.g. т.е. «Ура»!"
    assert _icu(plain) == 13

    def no_icu(text: str) -> list[str]:
        raise AssertionError("ICU was asked")

    monkeypatch.setattr(words_module, "words", no_icu)
    assert count_words(plain) == 13
    with pytest.raises(AssertionError):
        count_words("東京は日本の首都です")  # ideographs: ICU's dictionary segmentation

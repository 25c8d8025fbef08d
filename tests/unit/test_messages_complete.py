"""The catalog files are complete and consistent: what translators and users rely on.

English is the reference. Russian and Tatar must have every key (the contract
promises pages in those languages; fallback is a safety net, not a plan), qqq
must document every key, and translations may only use parameters the English
text has, with PLURAL forms that parse.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from bot.i18n import (
    CATALOG_LANGUAGES,
    placeholders,
    plural_categories,
    plural_forms,
    plural_syntax_errors,
)
from bot.model import ContestState, RankBy, Status
from bot.render.entries import kind_key, rule_key, state_key, status_key


def load(lang: str) -> dict[str, str]:
    text = resources.files("bot").joinpath("messages", f"{lang}.json").read_text("utf-8")
    data = json.loads(text)
    assert all(isinstance(v, str) for k, v in data.items() if not k.startswith("@")), lang
    return {k: v for k, v in data.items() if not k.startswith("@")}


EN = load("en")
FILES = {lang: load(lang) for lang in (*CATALOG_LANGUAGES, "qqq")}


@pytest.mark.parametrize("lang", ["ru", "tt", "qqq"])
def test_every_english_key_exists(lang: str) -> None:
    assert sorted(set(EN) - set(FILES[lang])) == []


@pytest.mark.parametrize("lang", ["ru", "tt", "qqq"])
def test_no_key_exists_only_in_a_translation(lang: str) -> None:
    assert sorted(set(FILES[lang]) - set(EN)) == []


@pytest.mark.parametrize("lang", ["ru", "tt"])
def test_translations_use_only_the_english_parameters(lang: str) -> None:
    wrong = {
        key: sorted(placeholders(text) - placeholders(EN[key]))
        for key, text in FILES[lang].items()
        if placeholders(text) - placeholders(EN[key])
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", CATALOG_LANGUAGES)
def test_plural_forms_parse(lang: str) -> None:
    broken = {k: plural_syntax_errors(v) for k, v in FILES[lang].items() if plural_syntax_errors(v)}
    assert broken == {}


@pytest.mark.parametrize(("lang", "forms"), [("en", 2), ("ru", 3)])
def test_plural_has_the_forms_of_the_language(lang: str, forms: int) -> None:
    """en: one|other; ru: one|few|many (a fourth for fractions is optional), as CLDR says."""
    assert len(plural_categories(lang)) == forms + (lang == "ru")
    for key, text in FILES[lang].items():
        for found in plural_forms(text):
            ordinary = [f for f in found if not f.split("=", 1)[0].strip().isdigit()]
            assert forms <= len(ordinary) <= forms + (lang == "ru"), (key, found)


def test_tatar_needs_no_plural() -> None:
    assert [k for k, v in FILES["tt"].items() if "{{PLURAL:" in v] == []


def test_translations_are_not_copies_of_english() -> None:
    for lang in ("ru", "tt"):
        same = [
            k
            for k, v in FILES[lang].items()
            if v == EN[k] and any(c.isalpha() for c in v) and not v.startswith("%(")
        ]
        assert same == [], lang


def test_every_status_state_rule_and_kind_has_a_message() -> None:
    keys = [status_key(s) for s in Status] + [state_key(s) for s in ContestState]
    keys += [
        rule_key(r)
        for r in (
            "new",
            "expanded",
            "kilobyte",
            "words",
            "reference",
            "image",
            "worklist",
            "language",
            "jury",
        )
    ]
    keys += [kind_key(k) for k in ("new", "expanded")] + [f"rank-by-{r.value}" for r in RankBy]
    assert [k for k in keys if k not in EN] == []


def test_qqq_names_exactly_the_parameters_of_its_message() -> None:
    """Translators see each parameter explained, and none that the message lacks."""
    wrong = {
        key: {
            "undocumented": sorted(placeholders(text) - placeholders(FILES["qqq"][key])),
            "not in the message": sorted(placeholders(FILES["qqq"][key]) - placeholders(text)),
        }
        for key, text in EN.items()
        if placeholders(text) != placeholders(FILES["qqq"][key])
    }
    assert wrong == {}


OLD_STYLE = re.compile(r"(?<!\{)\{[a-z_][a-z0-9_]*(?::num)?\}(?!\})")


@pytest.mark.parametrize("lang", [*CATALOG_LANGUAGES, "qqq"])
def test_messages_use_the_pywikibot_format(lang: str) -> None:
    """``%(name)s`` / ``%(name)d`` only: a ``{name}`` left from the old format would show raw."""
    old = {k: OLD_STYLE.findall(v) for k, v in FILES[lang].items() if OLD_STYLE.search(v)}
    assert old == {}

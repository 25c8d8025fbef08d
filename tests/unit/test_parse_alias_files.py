"""The alias files: complete for ru and tt, consistent, and refused when malformed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.alias_files import aliases_from_toml, load_alias_text
from bot.aliases import CANONICAL_TEMPLATES, normalize_key, normalize_title
from bot.contract import CANONICAL_PARAMS, CANONICAL_VALUES

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
CANONICAL = {
    "templates": CANONICAL_TEMPLATES,
    "params": CANONICAL_PARAMS,
    "values": CANONICAL_VALUES,
}
TATAR_ONLY_LETTERS = set("әөүҗңһӘӨҮҖҢҺ")


def table(lang: str) -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_each_file_loads(lang: str) -> None:
    aliases = load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8"))
    assert aliases.template("Editathon") == "Editathon"
    assert aliases.param("verdict_notices") == "verdict notices"


@pytest.mark.parametrize("lang", ["ru", "tt"])
@pytest.mark.parametrize("kind", ["templates", "params", "values"])
def test_every_canonical_name_has_a_local_alias(lang: str, kind: str) -> None:
    data = table(lang)[kind]
    missing = [c for c in CANONICAL[kind] if not data.get(c)]
    assert missing == []


@pytest.mark.parametrize("lang", ["ru", "tt"])
def test_local_aliases_are_cyrillic(lang: str) -> None:
    latin = [
        a
        for kind in CANONICAL
        for names in table(lang)[kind].values()
        for a in names
        if any("a" <= c.lower() <= "z" for c in a)
    ]
    assert latin == []


def test_tatar_file_uses_tatar_letters() -> None:
    words = " ".join(a for kind in CANONICAL for names in table("tt")[kind].values() for a in names)
    assert TATAR_ONLY_LETTERS & set(words)


@pytest.mark.parametrize("lang", ["ru", "tt"])
def test_merging_with_english_changes_no_english_name(lang: str) -> None:
    """The config merges en + the wiki's language: a local alias must not steal an English one."""
    en = load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    local = load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8"))
    merged = en.merged(local)
    for kind in ("templates", "params", "values"):
        en_map = getattr(en, kind)
        assert {k: getattr(merged, kind)[k] for k in en_map} == dict(en_map)


@pytest.mark.parametrize(
    ("lang", "kind", "local", "canonical"),
    [
        ("ru", "template", "Марафон", "Editathon"),
        ("ru", "template", "марафон_правило", "Editathon rule"),
        ("tt", "template", "Марафон кагыйдә", "Editathon rule"),
        ("ru", "param", "Начало", "start"),
        ("tt", "param", "башлану", "start"),
        ("tt", "param", "тәмам", "end"),
        ("ru", "param", "организаторы", "organizers"),
        ("tt", "param", "оештыручылар", "organizers"),
        ("ru", "value", "Новая", "new"),
        ("tt", "value", "яңа", "new"),
        ("tt", "value", "тулыландырылган", "expanded"),
        ("ru", "value", "дополненная", "expanded"),
        ("ru", "value", "да", "yes"),
        ("tt", "value", "әйе", "yes"),
        ("tt", "value", "юк", "no"),
        ("ru", "value", "принять", "accept"),
        ("ru", "value", "отклонить", "reject"),
        ("tt", "value", "кабул", "accept"),
        ("tt", "value", "кире кагу", "reject"),
    ],
)
def test_examples_of_the_brief(lang: str, kind: str, local: str, canonical: str) -> None:
    aliases = load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8"))
    assert getattr(aliases, kind)(local) == canonical


def test_canonical_names_work_without_any_alias() -> None:
    aliases = aliases_from_toml({})
    assert all(aliases.template(t) == t for t in CANONICAL_TEMPLATES)
    assert all(aliases.param(p) == p for p in CANONICAL_PARAMS)
    assert all(aliases.value(v) == v for v in CANONICAL_VALUES)
    assert aliases.template("Марафон") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[templates]\n"Editathon rules" = ["X"]', "not a canonical name"),
        ('[params]\n"start" = "начало"', "list of strings"),
        ('[params]\n"start" = ["с"]\n"end" = ["С"]', "alias of both"),
        ('[values]\n"yes" = ["no"]', "alias of both"),
        ('[values]\n"yes" = [" "]', "empty alias"),
        ('[colors]\n"red" = ["красный"]', "unknown tables"),
        ("templates = 3", "must be a table"),
        ("[templates\n", "Expected"),
    ],
)
def test_malformed_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_alias_text(text)


def test_canonical_lists_are_normalized() -> None:
    """Canonical names are stored as lookups return them (no stray case or spaces)."""
    assert all(normalize_title(t) == t for t in CANONICAL_TEMPLATES)
    assert all(normalize_key(p) == p for p in (*CANONICAL_PARAMS, *CANONICAL_VALUES))

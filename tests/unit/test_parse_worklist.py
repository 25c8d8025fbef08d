"""The worklist parser: topics, their titles per wiki, and their headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import Aliases
from bot.model import Problem, Topic, Worklist
from bot.parse.worklist import parse_worklist

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
PAGE = "Project:Smart Region 2026/Kazan/Worklist"
KNOWN = frozenset({"en", "ru", "tt"})


def aliases(lang: str = "en") -> Aliases:
    en = load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    if lang == "en":
        return en
    return en.merged(load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8")))


def parse(text: str, wiki: str = "en", lang: str = "en") -> tuple[Worklist, list[Problem]]:
    return parse_worklist(text, wiki=wiki, page=PAGE, aliases=aliases(lang), known_wikis=KNOWN)


KREMLIN = (("en", "Kazan Kremlin"), ("ru", "Казанский кремль"), ("tt", "Казан Кремле"))


def test_contract_examples_give_the_same_titles() -> None:
    links, _ = parse("* [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]]")
    tpl, _ = parse(
        "* {{Editathon topic | en = Kazan Kremlin | ru = Казанский кремль "
        "| tt = Казан Кремле | wikidata = Q12345 }}"
    )
    assert links == Worklist((Topic("en:Kazan Kremlin", KREMLIN),))
    assert tpl == Worklist((Topic("Q12345", KREMLIN, wikidata="Q12345"),))


def test_headings_group_topics_and_local_names_work() -> None:
    text = """Тәкъдим ителгән мәкаләләр. Кагыйдәләр: [[Project:Rules]].

== Казан ==
=== Кремль ===
# [[Казан Кремле]] — [[:ru:Казанский кремль]]
# {{Марафон тема
  | ru = Казанская ратуша
  | tt = Казан ратушасы
  | викимәгълүмат = q4201
}}
== Шәһәрләр ==
* [[Алабуга]]
[[Төркем:Исемлекләр]]
"""
    worklist, problems = parse(text, wiki="tt", lang="tt")
    assert problems == []
    assert worklist.topics == (
        Topic(
            "tt:Казан Кремле",
            (("tt", "Казан Кремле"), ("ru", "Казанский кремль")),
            heading="Кремль",
        ),
        Topic(
            "Q4201",
            (("ru", "Казанская ратуша"), ("tt", "Казан ратушасы")),
            heading="Кремль",
            wikidata="Q4201",
        ),
        Topic("tt:Алабуга", (("tt", "Алабуга"),), heading="Шәһәрләр"),
    )


# (id, one line, expected topic titles (None: no topic), wikidata, problem keys)
LINE_CASES: list[tuple[str, str, tuple[tuple[str, str], ...] | None, str | None, list[str]]] = [
    ("own-wiki", "* [[Kazan]]", (("en", "Kazan"),), None, []),
    ("link-text-ignored", "* [[Kazan|the city]]", (("en", "Kazan"),), None, []),
    ("normalized", "* [[kazan_kremlin#History]]", (("en", "Kazan kremlin"),), None, []),
    ("interlanguage-without-colon", "* [[ru:Казань]]", (("ru", "Казань"),), None, []),
    ("own-wiki-by-prefix", "* [[:en:Kazan]]", (("en", "Kazan"),), None, []),
    ("colon-in-title", "* [[Kazan: A History]]", (("en", "Kazan: A History"),), None, []),
    ("wikidata-link", "* [[:d:Q42]] [[Kazan]]", (("en", "Kazan"),), "Q42", []),
    ("table-row", "| [[Kazan]] || [[:ru:Казань]]", (("en", "Kazan"), ("ru", "Казань")), None, []),
    ("bare-links", "[[Kazan]] / [[:tt:Казан]]", (("en", "Kazan"), ("tt", "Казан")), None, []),
    ("prose-is-not-a-topic", "See [[Kazan]] for ideas.", None, None, []),
    ("prose-bad-prefix-ignored", "Ask on [[:w:Help desk]].", None, None, []),
    ("heading", "== [[Kazan]] ==", None, None, []),
    ("comment", "<!-- * [[Kazan]] -->", None, None, []),
    ("category", "* [[Category:Kazan]] [[File:Kazan.jpg|thumb]]", None, None, []),
    ("visible-category-link", "* [[:Category:Kazan]] [[Kazan]]", (("en", "Kazan"),), None, []),
    ("no-link", "* Kazan Kremlin", None, None, ["parse-worklist-no-link"]),
    ("unknown-prefix", "* [[:w:Kazan]]", None, None, ["parse-worklist-unknown-wiki"]),
    (
        "unknown-prefix-kept-others",
        "* [[Kazan]] [[:xx:Kazan]]",
        (("en", "Kazan"),),
        None,
        ["parse-worklist-unknown-wiki"],
    ),
    (
        "two-titles-same-wiki",
        "* [[Kazan]] in [[Tatarstan]]",
        (("en", "Kazan"),),
        None,
        ["parse-worklist-duplicate-wiki"],
    ),
    ("same-title-twice-is-fine", "* [[Kazan]] ([[Kazan|city]])", (("en", "Kazan"),), None, []),
    ("markup-in-title", "* [[Kazan{{!}}x]]", None, None, ["parse-worklist-bad-title"]),
    (
        "template-bad-wikidata",
        "* {{Editathon topic | en = Kazan | wikidata = 12345}}",
        (("en", "Kazan"),),
        None,
        ["parse-worklist-bad-wikidata"],
    ),
    (
        "template-unknown-param",
        "* {{Editathon topic | en = Kazan | xx = Kazan | Kazan}}",
        (("en", "Kazan"),),
        None,
        ["parse-unknown-param", "parse-unknown-param"],
    ),
    (
        "template-link-values",
        "* {{Editathon topic | en = [[Kazan]] | tt = [[Казан|город]]}}",
        (("en", "Kazan"), ("tt", "Казан")),
        None,
        [],
    ),
    (
        "template-and-link",
        "* {{Editathon topic | en = Kazan}} · [[:ru:Казань]]",
        (("en", "Kazan"), ("ru", "Казань")),
        None,
        [],
    ),
    (
        "template-unclosed",
        "* {{Editathon topic | en = Kazan",
        None,
        None,
        ["parse-unclosed-template"],
    ),
    ("wikidata-only", "* {{Editathon topic | wikidata = Q7}}", (), "Q7", []),
]


@pytest.mark.parametrize(
    ("line", "titles", "wikidata", "problem_keys"),
    [pytest.param(t, ti, w, k, id=i) for i, t, ti, w, k in LINE_CASES],
)
def test_one_line(
    line: str,
    titles: tuple[tuple[str, str], ...] | None,
    wikidata: str | None,
    problem_keys: list[str],
) -> None:
    worklist, problems = parse("Intro text.\n" + line)
    if titles is None:
        assert worklist.topics == ()
    else:
        assert [(t.titles, t.wikidata) for t in worklist.topics] == [(titles, wikidata)]
    assert [p.key for p in problems] == problem_keys
    assert all(p.line == 2 for p in problems)


def test_a_title_belongs_to_one_topic() -> None:
    worklist, problems = parse(
        "* [[Kazan]] · [[:ru:Казань]]\n* [[:ru:Казань]] · [[:tt:Казан]]\n* [[kazan]]"
    )
    # The second line keeps only its own title, and is keyed by it.
    assert [t.key for t in worklist.topics] == ["en:Kazan", "tt:Казан"]
    assert worklist.topics[1].titles == (("tt", "Казан"),)
    assert [(p.key, p.line) for p in problems] == [
        ("parse-worklist-duplicate-title", 2),
        ("parse-worklist-duplicate-title", 3),
    ]


def test_same_wikidata_item_twice_is_reported() -> None:
    worklist, problems = parse("* [[:d:Q1]] [[A]]\n* {{Editathon topic | en = B | wikidata = Q1}}")
    assert [t.key for t in worklist.topics] == ["Q1"]
    assert [p.key for p in problems] == ["parse-worklist-duplicate-topic"]


def test_problem_says_where() -> None:
    _, problems = parse("== A ==\n\n* [[:w:Kazan]]")
    assert problems == [
        Problem.make("parse-worklist-unknown-wiki", "en", PAGE, line=3, prefix="w", title="Kazan")
    ]

"""The jury page parser: decisions, suspensions and their canonical line keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import Aliases
from bot.model import PageRef, Problem, Verdict
from bot.parse.jury import DecisionLine, SuspensionLine, line_key, parse_jury

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
PAGE = "Project:Smart Region 2026/Kazan/Jury"
KNOWN = frozenset({"en", "ru", "tt"})


def aliases(lang: str) -> Aliases:
    en = load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    if lang == "en":
        return en
    return en.merged(load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8")))


def parse(text: str, lang: str = "en") -> tuple[list[DecisionLine | SuspensionLine], list[Problem]]:
    return parse_jury(
        text, wiki="ru", page=PAGE, home_wiki="ru", aliases=aliases(lang), known_wikis=KNOWN
    )


CONTRACT_EN = """== Decisions ==
<!-- Example: {{Editathon decision | ARTICLE | accept | comment = ... }} ~~~~ -->
{{Editathon decision | Казанский кремль | accept | comment = Good sources }} [[User:Carol|Carol]] 10:00
{{Editathon decision | tt:Казан Кремле | reject | user = Bob | comment = Machine translation }} ~~~~
{{Editathon decision | Казань | accept | points = +5 | comment = Exceptional photos }} ~~~~
{{Editathon decision | Казань | accept | points = -2,5 }} ~~~~
{{Editathon suspend | Sock puppet | comment = Sockpuppet }} ~~~~
"""

CONTRACT_RU = """== Решения ==
{{Марафон решение | Казанский кремль | принять | комментарий = Good sources }} [[Участник:Carol|Carol]]
{{Решение жюри | tt:Казан Кремле | отклонить | участник = Bob | комментарий = Machine translation }} ~~~~
{{Марафон решение | Казань | засчитать | баллы = +5 | комментарий = Exceptional photos }} ~~~~
{{Марафон решение | Казань | принято | баллы = −2,5 }} ~~~~
{{Марафон отстранить | Sock_puppet | комментарий = Sockpuppet }} ~~~~
"""

CONTRACT_TT = """== Карарлар ==
{{Марафон карар | Казанский кремль | кабул | аңлатма = Good sources }} [[Кулланучы:Carol|Carol]]
{{Жюри карары | tt:Казан Кремле | кире кагу | кулланучы = Bob | аңлатма = Machine translation }} ~~~~
{{Марафон карар | Казань | кабул итү | балл = +5 | аңлатма = Exceptional photos }} ~~~~
{{Марафон карар | Казань | кабул ителде | балл = -2.5 }} ~~~~
{{Марафон читләштерү | sock puppet | аңлатма = Sockpuppet }} ~~~~
"""

EXPECTED_KEYS = [
    "decision|ru:Казанский кремль|accept|+0||Good sources",
    "decision|tt:Казан Кремле|reject|+0|Bob|Machine translation",
    "decision|ru:Казань|accept|+5||Exceptional photos",
    "decision|ru:Казань|accept|-2.5||",
    "suspend|Sock puppet|Sockpuppet",
]


@pytest.mark.parametrize(
    ("lang", "text"), [("en", CONTRACT_EN), ("ru", CONTRACT_RU), ("tt", CONTRACT_TT)]
)
def test_contract_examples_in_each_language(lang: str, text: str) -> None:
    items, problems = parse(text, lang)
    assert problems == []
    assert [line_key(i) for i in items] == EXPECTED_KEYS
    assert [i.raw for i in items] == EXPECTED_KEYS


def test_fields_of_a_decision_and_a_suspension() -> None:
    items, _ = parse(CONTRACT_EN)
    assert items[1] == DecisionLine(
        article=PageRef("tt", "Казан Кремле"),
        verdict=Verdict.REJECT,
        points=0.0,
        user="Bob",
        comment="Machine translation",
        raw=EXPECTED_KEYS[1],
        line=4,
    )
    assert items[4] == SuspensionLine(
        user="Sock puppet", comment="Sockpuppet", raw=EXPECTED_KEYS[4], line=7
    )


def test_signature_and_spacing_do_not_change_the_key() -> None:
    a, _ = parse("{{Editathon decision|Kazan|accept|comment=Good  sources}} ~~~~")
    b, _ = parse(
        "{{Editathon decision\n | kazan_\n | Accept\n | comment = Good sources\n}}"
        " [[User:Dan|Dan]] 11:00"
    )
    assert [line_key(i) for i in a] == [line_key(i) for i in b]


def test_changing_verdict_points_or_comment_changes_the_key() -> None:
    base = "{{Editathon decision | Kazan | accept | points = 1 | comment = ok }}"
    variants = [
        "{{Editathon decision | Kazan | reject | points = 1 | comment = ok }}",
        "{{Editathon decision | Kazan | accept | points = 2 | comment = ok }}",
        "{{Editathon decision | Kazan | accept | points = 1 | comment = ok! }}",
        "{{Editathon decision | Kazan | accept | points = 1 | comment = ok | user = Bob }}",
        "{{Editathon decision | tt:Kazan | accept | points = 1 | comment = ok }}",
    ]
    keys = {line_key(parse(t)[0][0]) for t in [base, *variants]}
    assert len(keys) == 1 + len(variants)


# (id, one line, expected key or None, problem keys)
LINE_CASES: list[tuple[str, str, str | None, list[str]]] = [
    (
        "link-as-article",
        "{{Editathon decision | [[:tt:Казан|Казан]] | accept}}",
        "decision|tt:Казан|accept|+0||",
        [],
    ),
    (
        "named-params",
        "{{Editathon decision | article = A | verdict = reject}}",
        "decision|ru:A|reject|+0||",
        [],
    ),
    ("bad-verdict", "{{Editathon decision | A | maybe}}", None, ["parse-jury-bad-verdict"]),
    ("missing-verdict", "{{Editathon decision | A}}", None, ["parse-jury-bad-verdict"]),
    ("missing-article", "{{Editathon decision | | accept}}", None, ["parse-jury-missing-article"]),
    ("unknown-wiki", "{{Editathon decision | xx:A | accept}}", None, ["parse-jury-unknown-wiki"]),
    (
        "markup-in-article",
        "{{Editathon decision | A<br>B | accept}}",
        None,
        ["parse-jury-bad-article"],
    ),
    (
        "bad-points-kept-as-zero",
        "{{Editathon decision | A | accept | points = 10 points}}",
        "decision|ru:A|accept|+0||",
        ["parse-jury-bad-number"],
    ),
    (
        "bad-user",
        "{{Editathon decision | A | accept | user = {{u|B}} }}",
        None,
        ["parse-jury-bad-user"],
    ),
    (
        "unknown-param",
        "{{Editathon decision | A | accept | note = x}}",
        "decision|ru:A|accept|+0||",
        ["parse-unknown-param"],
    ),
    ("unclosed", "{{Editathon decision | A | accept ~~~~", None, ["parse-unclosed-template"]),
    (
        "suspend-missing-user",
        "{{Editathon suspend | comment = x}}",
        None,
        ["parse-jury-missing-user"],
    ),
    ("suspend-bad-user", "{{Editathon suspend | [[User:X]]}}", None, ["parse-jury-bad-user"]),
    ("in-comment", "<!-- {{Editathon decision | A | accept}} -->", None, []),
    ("in-nowiki", "<nowiki>{{Editathon decision | A | accept}}</nowiki>", None, []),
    (
        "other-template",
        "{{Done}} {{Editathon decision | A | accept}}",
        "decision|ru:A|accept|+0||",
        [],
    ),
]


@pytest.mark.parametrize(
    ("line", "key", "problem_keys"),
    [pytest.param(t, k, p, id=i) for i, t, k, p in LINE_CASES],
)
def test_one_line(line: str, key: str | None, problem_keys: list[str]) -> None:
    items, problems = parse("Jury decisions below.\n" + line)
    assert [line_key(i) for i in items] == ([key] if key else [])
    assert [p.key for p in problems] == problem_keys
    assert all(p.line == 2 for p in problems)


def test_problem_says_where_and_what() -> None:
    _, problems = parse("\n{{Editathon decision | A | maybe}} ~~~~")
    assert problems == [Problem.make("parse-jury-bad-verdict", "ru", PAGE, line=2, value="maybe")]

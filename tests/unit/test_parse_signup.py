"""The signup parser: which line of ``B/Participants`` signs up whom."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import Aliases
from bot.model import Problem
from bot.parse.signup import SignupLine, parse_signups

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
PAGE = "Project:Smart Region 2026/Kazan/Participants"
# What the wiki's siteinfo gives for the user and user talk namespaces of a local wiki
# whose namespace names are custom (so the built-in en/ru/tt names are not enough).
NAMESPACES = frozenset({"Member", "Member talk", "M"})


def aliases() -> Aliases:
    en = load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    ru = load_alias_text((ALIAS_DIR / "ru.toml").read_text(encoding="utf-8"))
    tt = load_alias_text((ALIAS_DIR / "tt.toml").read_text(encoding="utf-8"))
    return en.merged(ru).merged(tt)


def parse(text: str) -> tuple[list[SignupLine], list[Problem]]:
    return parse_signups(text, wiki="ru", page=PAGE, aliases=aliases(), user_namespaces=NAMESPACES)


def users(text: str) -> list[str]:
    return [s.user for s in parse(text)[0]]


# (id, one line of the page, the user it signs up or None, problem keys)
LINE_CASES: list[tuple[str, str, str | None, list[str]]] = [
    (
        "signature",
        "# [[User:Alice|Alice]] ([[User talk:Alice|talk]]) 12:00, 1 November 2026 (UTC)",
        "Alice",
        [],
    ),
    ("user-link", "* [[User:Alice]]", "Alice", []),
    ("talk-link-only", "# [[User talk:Alice|write me]]", "Alice", []),
    ("russian-ns", "# [[Участник:Алиса|Алиса]]", "Алиса", []),
    ("russian-feminine-ns", "# [[Участница:Алиса]]", "Алиса", []),
    ("tatar-ns", "# [[Кулланучы:Алсу|Алсу]] ([[Кулланучы бәхәсе:Алсу|бәхәс]])", "Алсу", []),
    ("caller-namespace", "# [[Member:Alice]]", "Alice", []),
    ("caller-namespace-alias", "# [[m:Alice]]", "Alice", []),
    ("namespace-any-case", "# [[USER:Alice]] [[user_talk:Alice]]", "Alice", []),
    ("leading-colon", "# [[:User:Alice]]", "Alice", []),
    ("other-wiki-user-page", "# [[:tt:Кулланучы:Alice|Alice]]", "Alice", []),
    ("normalized-name", "# [[User:alice_smith#top|x]]", "Alice smith", []),
    ("template", "# {{Editathon participant | Alice }}", "Alice", []),
    ("template-russian", "# {{Марафон участник|Алиса}}", "Алиса", []),
    ("template-tatar-named", "# {{Марафон катнашучы | кулланучы = Алсу}}", "Алсу", []),
    ("template-with-link", "# {{Editathon participant | [[User:Alice|A]] }}", "Alice", []),
    (
        "template-wins-over-signature",
        "# {{Editathon participant|Bob}} added by [[User:Org|Org]] ([[User talk:Org|t]])",
        "Bob",
        [],
    ),
    (
        "two-users",
        "# [[User:Dan]] signed up by [[User:Eve|Eve]]",
        "Dan",
        ["parse-signup-ambiguous"],
    ),
    (
        "two-templates",
        "# {{Editathon participant|Dan}} {{Editathon participant|Eve}}",
        "Dan",
        ["parse-signup-ambiguous"],
    ),
    ("markup-in-name", "# [[User:A<b>x</b>|y]]", None, ["parse-signup-bad-user"]),
    ("template-in-name", "# [[User:{{x}}]]", None, ["parse-signup-bad-user"]),
    (
        "bad-name-then-good-one",
        "# [[User:A{{x}}|A]] ([[User talk:Alice|talk]])",
        "Alice",
        ["parse-signup-bad-user"],
    ),
    ("template-markup", "# {{Editathon participant|<b>A</b>}}", None, ["parse-signup-bad-user"]),
    ("template-empty", "# {{Editathon participant}}", None, ["parse-signup-missing-user"]),
    (
        "template-typo",
        "# {{Editathon participant|Alice|wiki=tt}}",
        "Alice",
        ["parse-unknown-param"],
    ),
    ("template-unclosed", "# {{Editathon participant|Alice", None, ["parse-unclosed-template"]),
    ("subpage", "# [[User:Alice/sandbox]]", None, []),
    ("article-link", "# I will write [[Kazan Kremlin]]", None, []),
    ("contributions", "# [[Special:Contributions/Alice]]", None, []),
    ("comment", "<!-- # [[User:Alice]] -->", None, []),
    ("nowiki", "<nowiki># [[User:Alice]]</nowiki>", None, []),
    ("heading", "== [[User:Alice]] ==", None, []),
    ("plain-text", "# Alice", None, []),
]


@pytest.mark.parametrize(
    ("line", "user", "problem_keys"),
    [pytest.param(t, u, k, id=i) for i, t, u, k in LINE_CASES],
)
def test_one_line(line: str, user: str | None, problem_keys: list[str]) -> None:
    signups, problems = parse("Sign up below.\n" + line)
    assert [s.user for s in signups] == ([user] if user else [])
    assert [p.key for p in problems] == problem_keys
    assert all(p.line == 2 for p in problems)


def test_page_keeps_order_and_first_line_of_each_user() -> None:
    text = """== Participants ==
<!-- Sign with ~~~~ below, e.g. # [[User:Example]] -->
# [[User:Alice|Alice]] 10:00
# [[User:Bob|Bob]] 10:05
# [[User:alice]] again, to be sure
<!-- an unclosed comment swallows the rest, as on the wiki
# [[User:Carol]]
"""
    signups, problems = parse(text)
    assert signups == [
        SignupLine("Alice", 3, "# [[User:Alice|Alice]] 10:00"),
        SignupLine("Bob", 4, "# [[User:Bob|Bob]] 10:05"),
    ]
    assert problems == []


def test_multi_line_comment_keeps_line_numbers() -> None:
    text = "<!--\n# [[User:Hidden]]\n-->\n# [[User:Alice]]"
    assert parse(text)[0] == [SignupLine("Alice", 4, "# [[User:Alice]]")]


def test_problem_names_the_page_and_the_text() -> None:
    _, problems = parse("# [[User:A<b>x</b>|y]]")
    assert problems == [
        Problem.make("parse-signup-bad-user", "ru", PAGE, line=1, value="User:A<b>x</b>")
    ]


def test_ambiguous_problem_lists_the_users() -> None:
    _, problems = parse("# [[User:Dan]] [[User:Eve]] [[User:Dan]]")
    assert problems[0].param("users") == "Dan, Eve"
    assert problems[0].param("user") == "Dan"

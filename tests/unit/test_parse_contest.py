"""The contest page parser: what an organizer types on ``B`` and what the bot reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import Aliases
from bot.model import (
    OVERALL,
    CategoryRef,
    ContestSettings,
    Criterion,
    Nomination,
    PageRef,
    Prize,
    Problem,
    RankBy,
    Review,
    Rule,
    SubpageNames,
)
from bot.parse.contest import find_close, is_contest_page, parse_contest

ALIAS_DIR = Path(__file__).resolve().parents[2] / "config" / "aliases"
KNOWN = frozenset({"en", "ru", "tt"})
B = "Project:Smart Region 2026/Kazan"


def aliases(lang: str) -> Aliases:
    """English names always work; a wiki adds its language's aliases (like the config)."""
    en = load_alias_text((ALIAS_DIR / "en.toml").read_text(encoding="utf-8"))
    if lang == "en":
        return en
    return en.merged(load_alias_text((ALIAS_DIR / f"{lang}.toml").read_text(encoding="utf-8")))


def parse(
    text: str, lang: str = "en", wiki: str = "tt"
) -> tuple[ContestSettings | None, list[Problem]]:
    return parse_contest(
        text,
        wiki=wiki,
        title=B,
        aliases=aliases(lang),
        default_timezone="Europe/Moscow",
        known_wikis=KNOWN,
        revid=42,
    )


def keys(problems: list[Problem]) -> list[str]:
    return [p.key for p in problems]


# --------------------------------------------------------------------------- full pages

PAGE_EN = """Welcome to the Kazan editathon!
{{Editathon
| start      = 2026-11-01
| end        = 2026-11-30
| timezone   = Europe/Moscow
| wikis      = tt, ru, en
| organizers = Alice, [[User:Bob_smith|Bob]]
| jury       = Carol, Dan
| quorum     = 2
| review     = required
| verdict notices = yes
| parent     = ru:Project:Smart Region 2026
| participants = /Entrants
}}
== Rules ==
* {{Editathon rule | new | 10 | max = 20 | wiki = tt }}
* {{Editathon rule | kilobyte | 2,5 }}
* {{Editathon rule | worklist | +5 }}
== Criteria ==
{{Editathon criterion | new | min bytes = 3000 | min words = 300 }}
{{Editathon criterion | expanded | min added bytes = 2 000 | max start bytes = 1500 }}
{{Editathon criterion | category | tt:Category:Kazan | Tatarstan | depth = 2 | informational = yes }}
{{Editathon criterion | namespace | 0 | 118 }}
{{Editathon criterion | newcomer | registered after = 01.01.2026 | informational = yes }}
== Nominations ==
{{Editathon nomination | name = Best Tatar article | wikis = tt | newcomers = 2026-01-01 | rank by = languages }}
{{Editathon prize | Best Tatar article | places = 3 }}
{{Editathon prize | overall | places = 3 }}
{{Editathon close}}
"""

PAGE_RU = """Добро пожаловать на марафон!
{{Шаблон:Марафон
| начало      = 2026-11-01
| конец       = 30.11.2026
| часовой пояс = Europe/Moscow
| вики        = tt, ru, en
| организаторы = Alice, [[Участник:Bob smith|Боб]]
| жюри        = Carol, Dan
| кворум      = 2
| проверка    = обязательная
| уведомления = да
| родитель    = ru:Project:Smart Region 2026
| участники   = /Entrants
}}
== Правила ==
* {{Марафон правило | новая | 10 | макс = 20 | раздел = tt }}
* {{Марафон правило | килобайт | 2,5 }}
* {{Марафон правило | список | +5 }}
== Критерии ==
{{Марафон критерий | новая | мин байт = 3000 | мин слов = 300 }}
{{Марафон критерий | дополненная | мин добавлено байт = 2 000 | макс исходный размер = 1500 }}
{{Марафон критерий | категория | tt:Категория:Kazan | Tatarstan | глубина = 2 | справочно = да }}
{{Марафон критерий | пространство имён | 0 | 118 }}
{{Марафон критерий | новичок | зарегистрирован после = 2026-01-01 | справочно = да }}
== Номинации ==
{{Марафон номинация | название = Best Tatar article | вики = tt | новички = 2026-01-01 | ранжировать по = языки }}
{{Марафон приз | Best Tatar article | места = 3 }}
{{Марафон приз | общий зачёт | места = 3 }}
{{Марафон закрыт}}
"""

PAGE_TT = """Марафонга рәхим итегез!
{{Калып:Марафон
| башлану     = 01.11.2026
| тәмам       = 2026-11-30
| сәгать поясы = Europe/Moscow
| вики        = tt, ru, en
| оештыручылар = Alice, [[Кулланучы:Bob smith|Боб]]
| жюри        = Carol, Dan
| кворум      = 2
| тикшерү     = мәҗбүри
| хәбәрләр    = әйе
| өске        = ru:Project:Smart Region 2026
| катнашучылар = /Entrants
}}
== Кагыйдәләр ==
* {{Марафон кагыйдә | яңа | 10 | макс = 20 | бүлек = tt }}
* {{Марафон кагыйдә | килобайт | 2,5 }}
* {{Марафон кагыйдә | исемлек | +5 }}
== Таләпләр ==
{{Марафон таләп | яңа | мин байт = 3000 | мин сүз = 300 }}
{{Марафон таләп | тулыландырылган | мин өстәлгән байт = 2 000 | макс башлангыч байт = 1500 }}
{{Марафон таләп | төркем | tt:Төркем:Kazan | Tatarstan | тирәнлек = 2 | белешмә өчен = әйе }}
{{Марафон таләп | исемнәр мәйданы | 0 | 118 }}
{{Марафон таләп | яңа кулланучы | теркәлгән = 2026-01-01 | белешмә өчен = әйе }}
== Номинацияләр ==
{{Марафон номинация | исем = Best Tatar article | вики = tt | яңа кулланучылар = 2026-01-01 | тәртип = телләр }}
{{Марафон бүләк | Best Tatar article | урыннар = 3 }}
{{Марафон бүләк | гомуми | урыннар = 3 }}
{{Марафон ябылды}}
"""

EXPECTED = ContestSettings(
    wiki="tt",
    title=B,
    start=date(2026, 11, 1),
    end=date(2026, 11, 30),
    timezone="Europe/Moscow",
    wikis=("tt", "ru", "en"),
    organizers=("Alice", "Bob smith"),
    jury=("Carol", "Dan"),
    quorum=2,
    review=Review.REQUIRED,
    verdict_notices=True,
    parent=PageRef("ru", "Project:Smart Region 2026"),
    umbrella=False,
    closed=True,
    pages=SubpageNames(**{**vars(SubpageNames.defaults(B)), "participants": f"{B}/Entrants"}),
    rules=(
        Rule("new", 10.0, max=20.0, wiki="tt"),
        Rule("kilobyte", 2.5),
        Rule("worklist", 5.0),
    ),
    criteria=(
        Criterion("new", min_bytes=3000, min_words=300),
        Criterion("expanded", min_added_bytes=2000, max_start_bytes=1500),
        Criterion(
            "category",
            informational=True,
            categories=(CategoryRef("tt", "Kazan"), CategoryRef(None, "Tatarstan")),
            depth=2,
        ),
        Criterion("namespace", namespaces=(0, 118)),
        Criterion("newcomer", informational=True, registered_after=date(2026, 1, 1)),
    ),
    nominations=(
        Nomination(
            "Best Tatar article",
            wikis=("tt",),
            newcomers=date(2026, 1, 1),
            rank_by=RankBy.LANGUAGES,
        ),
    ),
    prizes=(Prize("Best Tatar article", 3), Prize(OVERALL, 3)),
    revid=42,
)


@pytest.mark.parametrize(("lang", "page"), [("en", PAGE_EN), ("ru", PAGE_RU), ("tt", PAGE_TT)])
def test_full_page_in_each_language_gives_the_same_settings(lang: str, page: str) -> None:
    settings, problems = parse(page, lang)
    assert problems == []
    assert settings == EXPECTED


def test_english_names_work_on_every_wiki() -> None:
    settings, problems = parse(PAGE_EN, "tt")
    assert problems == []
    assert settings == EXPECTED


def test_local_names_of_another_language_are_not_known() -> None:
    # "Марафон" is a Russian name too, but "башлану" (start) is only Tatar.
    settings, problems = parse(PAGE_TT, "ru")
    assert settings is None
    assert "parse-contest-missing-param" in keys(problems)
    assert any(p.param("param") == "башлану" for p in problems)


def test_minimal_page_takes_the_contract_defaults() -> None:
    settings, problems = parse("{{Editathon | start = 2026-11-01 | end = 2026-11-30 }}")
    assert problems == []
    assert settings == ContestSettings(
        wiki="tt",
        title=B,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        timezone="Europe/Moscow",
        wikis=("tt",),
        revid=42,
    )
    assert settings.pages is None
    assert settings.subpages.jury == f"{B}/Jury"


# --------------------------------------------------------------------------- the main template

DATES = "| start = 2026-11-01 | end = 2026-11-30 "


def main(extra: str) -> str:
    return "{{Editathon " + DATES + extra + "}}"


# (id, page text, expected attribute values, expected problem keys)
MAIN_CASES: list[tuple[str, str, dict[str, object], list[str]]] = [
    (
        "dmy-dates",
        "{{Editathon|start=1.11.2026|end=30.11.2026}}",
        {"start": date(2026, 11, 1)},
        [],
    ),
    ("timezone", main("| timezone = Asia/Yekaterinburg"), {"timezone": "Asia/Yekaterinburg"}, []),
    (
        "bad-timezone-default-used",
        main("| timezone = Mars/Olympus"),
        {"timezone": "Europe/Moscow"},
        ["parse-contest-bad-timezone"],
    ),
    (
        "unknown-wiki-dropped",
        main("| wikis = tt, xx, ru"),
        {"wikis": ("tt", "ru")},
        ["parse-contest-unknown-wiki"],
    ),
    (
        "only-unknown-wikis-home-wiki",
        main("| wikis = xx"),
        {"wikis": ("tt",)},
        ["parse-contest-unknown-wiki"],
    ),
    ("wikis-space-separated", main("| wikis = ru en"), {"wikis": ("ru", "en")}, []),
    ("quorum-zero", main("| quorum = 0"), {"quorum": 1}, ["parse-contest-bad-quorum"]),
    ("quorum-word", main("| quorum = two"), {"quorum": 1}, ["parse-contest-bad-quorum"]),
    ("quorum-plus", main("| quorum = +3"), {"quorum": 3}, []),
    (
        "review-bad",
        main("| review = sometimes"),
        {"review": Review.OPTIONAL},
        ["parse-contest-bad-keyword"],
    ),
    (
        "bool-bad",
        main("| verdict notices = maybe"),
        {"verdict_notices": False},
        ["parse-contest-bad-keyword"],
    ),
    ("umbrella", main("| umbrella = yes"), {"umbrella": True}, []),
    ("umbrella-empty-is-default", main("| umbrella = "), {"umbrella": False}, []),
    (
        "parent-home-wiki",
        main("| parent = [[Project:Smart Region 2026]]"),
        {"parent": PageRef("tt", "Project:Smart Region 2026")},
        [],
    ),
    (
        "parent-lowercase-namespace",
        main("| parent = project:Smart Region 2026"),
        {"parent": PageRef("tt", "Project:Smart Region 2026")},
        [],
    ),
    (
        "parent-unknown-wiki",
        main("| parent = xx:Project:Y"),
        {"parent": None},
        ["parse-contest-unknown-wiki"],
    ),
    ("typo-in-param", main("| jurry = Carol"), {"jury": ()}, ["parse-unknown-param"]),
    ("positional-param", main("| 2026"), {}, ["parse-unknown-param"]),
    (
        "users-dedup-and-links",
        main("| organizers = alice, [[User:Alice|A, the first]], bob_b"),
        {"organizers": ("Alice", "Bob b")},
        [],
    ),
    (
        "user-with-markup",
        main("| jury = Carol, {{u|Dan}}"),
        {"jury": ("Carol",)},
        ["parse-contest-bad-user"],
    ),
    ("comment-in-value", main("| quorum = 2 <!-- two jurors -->"), {"quorum": 2}, []),
    (
        "jury-page-absolute",
        main("| jury page = Project:Jury room"),
        {"subpages.jury": "Project:Jury room"},
        [],
    ),
    (
        "jury-as-user-links",
        main("| jury = [[User:Carol|Carol]], [[User:Dan|Dan]]"),
        {"jury": ("Carol", "Dan"), "subpages.jury": f"{B}/Jury"},
        [],
    ),
    (
        "jury-relative-link",
        main("| jury = [[/Judges/]]"),
        {"subpages.jury": f"{B}/Judges", "jury": ()},
        [],
    ),
    (
        "jury-relative-page",
        main("| jury = /Judges"),
        {"subpages.jury": f"{B}/Judges", "jury": ()},
        [],
    ),
    (
        "relative-subpage-keeps-case",
        main("| worklist status = /topics_status/"),
        {"subpages.worklist_status": f"{B}/topics status"},
        [],
    ),
    (
        "bad-subpage",
        main("| queue = /{{x}}"),
        {"subpages.queue": f"{B}/Queue"},
        ["parse-contest-bad-page"],
    ),
    (
        "second-main-template",
        main("") + "\n{{Editathon | start = 2020-01-01 | end = 2020-01-02}}",
        {"start": date(2026, 11, 1)},
        ["parse-contest-duplicate-template"],
    ),
    ("close-in-comment", main("") + "<!-- {{Editathon close}} -->", {"closed": False}, []),
    ("close-in-nowiki", main("") + "<nowiki>{{Editathon close}}</nowiki>", {"closed": False}, []),
    ("close-in-div", main("") + "<div>{{Editathon close}}</div>", {"closed": True}, []),
    ("close-as-template-ns", main("") + "{{template:editathon_close}}", {"closed": True}, []),
]


def _attr(settings: ContestSettings, path: str) -> object:
    value: object = settings
    for part in path.split("."):
        value = getattr(value, part)
    return value


@pytest.mark.parametrize(
    ("text", "expected", "problem_keys"),
    [pytest.param(t, e, k, id=i) for i, t, e, k in MAIN_CASES],
)
def test_main_template(text: str, expected: dict[str, object], problem_keys: list[str]) -> None:
    settings, problems = parse(text)
    assert settings is not None
    assert {k: _attr(settings, k) for k in expected} == expected
    assert keys(problems) == problem_keys


# (id, page text, expected problem keys): the page cannot be run at all.
FATAL_CASES = [
    ("no-template", "Just some text about [[Kazan]].", ["parse-contest-missing-template"]),
    ("empty", "", ["parse-contest-missing-template"]),
    (
        "unclosed",
        "{{Editathon\n| start = 2026-11-01\n| end = 2026-11-30\n",
        ["parse-unclosed-template"],  # "not closed" says it all: no "missing" beside it
    ),
    ("no-start", "{{Editathon | end = 2026-11-30}}", ["parse-contest-missing-param"]),
    ("empty-end", "{{Editathon | start = 2026-11-01 | end = }}", ["parse-contest-missing-param"]),
    (
        "impossible-date",
        "{{Editathon | start = 2026-02-30 | end = 2026-03-30}}",
        ["parse-contest-bad-date"],
    ),
    (
        "us-date",
        "{{Editathon | start = 11/01/2026 | end = 2026-11-30}}",
        ["parse-contest-bad-date"],
    ),
    (
        "end-before-start",
        "{{Editathon | start = 2026-11-30 | end = 2026-11-01}}",
        ["parse-contest-end-before-start"],
    ),
    (
        "only-in-comment",
        "<!-- {{Editathon | start = 2026-11-01 | end = 2026-11-30}} -->",
        ["parse-contest-missing-template"],
    ),
]


@pytest.mark.parametrize(
    ("text", "problem_keys"), [pytest.param(t, k, id=i) for i, t, k in FATAL_CASES]
)
def test_page_that_cannot_run(text: str, problem_keys: list[str]) -> None:
    settings, problems = parse(text)
    assert settings is None
    assert sorted(keys(problems)) == sorted(problem_keys)


def test_bad_dates_still_report_every_other_problem() -> None:
    _, problems = parse(
        "{{Editathon | start = soon | end = 2026-11-30 | quorum = 0 | timezone = X}}\n"
        "{{Editathon rule | bonus | 5}}"
    )
    assert keys(problems) == [
        "parse-contest-bad-date",
        "parse-contest-bad-timezone",
        "parse-contest-bad-quorum",
        "parse-contest-unknown-type",
    ]


def test_problems_say_where_and_what() -> None:
    text = "Intro\n\n{{Editathon\n| start = 2026-11-01\n| end = 2026-11-31\n}}"
    _, problems = parse(text)
    assert problems == [
        Problem.make(
            "parse-contest-bad-date",
            "tt",
            B,
            revid=42,
            line=5,  # the line of `| end =`, not of `{{Editathon`
            param="end",
            value="2026-11-31",
        )
    ]


def test_problems_point_at_the_line_of_their_parameter() -> None:
    text = (
        "{{Editathon\n| start = 2026-11-01\n| end = 2026-11-30\n|\n  jurry = Dan\n| quorum = 0 }}"
    )
    _, problems = parse(text)
    assert [(p.key, p.line) for p in problems] == [
        ("parse-unknown-param", 5),
        ("parse-contest-bad-quorum", 6),
    ]


# --------------------------------------------------------------------------- rules

RULE_CASES: list[tuple[str, str, tuple[Rule, ...], list[str]]] = [
    ("plain", "{{Editathon rule | new | 10}}", (Rule("new", 10.0),), []),
    ("decimal-comma", "{{Editathon rule | words | 0,5}}", (Rule("words", 0.5),), []),
    ("plus-sign", "{{Editathon rule | image | +2}}", (Rule("image", 2.0),), []),
    ("unicode-minus", "{{Editathon rule | image | −1}}", (Rule("image", -1.0),), []),
    ("cap", "{{Editathon rule | reference | 1 | max = 7,5}}", (Rule("reference", 1.0, 7.5),), []),
    ("named", "{{Editathon rule | type = language | points = 3}}", (Rule("language", 3.0),), []),
    ("wiki", "{{Editathon rule | new | 1 | wiki = ru}}", (Rule("new", 1.0, wiki="ru"),), []),
    ("unit-in-points", "{{Editathon rule | new | 10 points}}", (), ["parse-contest-bad-number"]),
    ("no-points", "{{Editathon rule | new}}", (), ["parse-contest-missing-param"]),
    ("no-type", "{{Editathon rule}}", (), ["parse-contest-missing-param"] * 2),
    ("unknown-type", "{{Editathon rule | bonus | 5}}", (), ["parse-contest-unknown-type"]),
    (
        "bad-cap",
        "{{Editathon rule | new | 5 | max = many}}",
        (Rule("new", 5.0),),
        ["parse-contest-bad-number"],
    ),
    (
        "unknown-wiki",
        "{{Editathon rule | new | 5 | wiki = xx}}",
        (),
        ["parse-contest-unknown-wiki"],
    ),
    (
        "wiki-not-in-contest",
        "{{Editathon rule | new | 5 | wiki = en}}",
        (Rule("new", 5.0, wiki="en"),),
        ["parse-contest-wiki-not-in-contest"],
    ),
    (
        "unknown-param",
        "{{Editathon rule | new | 5 | min = 1}}",
        (Rule("new", 5.0),),
        ["parse-unknown-param"],
    ),
    ("unclosed", "{{Editathon rule | new | 5", (), ["parse-unclosed-template"]),
    ("single-brace", "{{Editathon rule | new | 5}", (), ["parse-unclosed-template"]),
    (
        "nested-in-other-template",
        "{{Box | {{Editathon rule | new | 5}} }}",
        (),
        [],
    ),
    (
        "multi-line",
        "{{Editathon rule\n | kilobyte\n | 1\n}}\n{{Editathon rule | new | 2}}",
        (Rule("kilobyte", 1.0), Rule("new", 2.0)),
        [],
    ),
]


@pytest.mark.parametrize(
    ("rules_text", "rules", "problem_keys"),
    [pytest.param(t, r, k, id=i) for i, t, r, k in RULE_CASES],
)
def test_rules(rules_text: str, rules: tuple[Rule, ...], problem_keys: list[str]) -> None:
    settings, problems = parse(main("| wikis = tt, ru") + "\n" + rules_text)
    assert settings is not None
    assert settings.rules == rules
    assert keys(problems) == problem_keys


def test_rule_problem_names_points_not_a_position() -> None:
    _, problems = parse(main("") + "\n{{Editathon rule | new | 10 points}}")
    assert problems[0].param("param") == "points"
    assert problems[0].param("value") == "10 points"
    assert problems[0].line == 2


# --------------------------------------------------------------------------- criteria

CRITERION_CASES: list[tuple[str, str, tuple[Criterion, ...], list[str]]] = [
    ("worklist", "{{Editathon criterion | worklist}}", (Criterion("worklist"),), []),
    (
        "namespace-default",
        "{{Editathon criterion | namespace}}",
        (Criterion("namespace", namespaces=(0,)),),
        [],
    ),
    (
        "namespace-list",
        "{{Editathon criterion | namespace | 0, 118}}",
        (Criterion("namespace", namespaces=(0, 118)),),
        [],
    ),
    (
        "namespace-bad",
        "{{Editathon criterion | namespace | main}}",
        (Criterion("namespace", namespaces=(0,)),),
        ["parse-contest-bad-number"],
    ),
    (
        "grouped-thousands",
        "{{Editathon criterion | new | min bytes = 3 000}}",
        (Criterion("new", min_bytes=3000),),
        [],
    ),
    (
        "comma-thousands-refused",
        "{{Editathon criterion | new | min bytes = 3,000}}",
        (Criterion("new"),),
        ["parse-contest-bad-number"],
    ),
    (
        "param-of-another-type",
        "{{Editathon criterion | new | min added bytes = 100}}",
        (Criterion("new"),),
        ["parse-unknown-param"],
    ),
    (
        "category-link-and-depth-default",
        "{{Editathon criterion | category | [[:Category:Kazan]] }}",
        (Criterion("category", categories=(CategoryRef(None, "Kazan"),)),),
        [],
    ),
    (
        "category-named-type",
        "{{Editathon criterion | type = category | ru:Казань }}",
        (Criterion("category", categories=(CategoryRef("ru", "Казань"),)),),
        [],
    ),
    (
        "category-missing",
        "{{Editathon criterion | category | depth = 1}}",
        (),
        ["parse-contest-missing-param"],
    ),
    (
        "category-unknown-wiki",
        "{{Editathon criterion | category | xx:Kazan | Tatarstan}}",
        (Criterion("category", categories=(CategoryRef(None, "Tatarstan"),)),),
        ["parse-contest-unknown-wiki"],
    ),
    (
        "newcomer-without-date",
        "{{Editathon criterion | newcomer}}",
        (),
        ["parse-contest-missing-param"],
    ),
    (
        "informational-bad",
        "{{Editathon criterion | worklist | informational = perhaps}}",
        (Criterion("worklist"),),
        ["parse-contest-bad-keyword"],
    ),
    ("unknown-type", "{{Editathon criterion | featured}}", (), ["parse-contest-unknown-type"]),
]


@pytest.mark.parametrize(
    ("criteria_text", "criteria", "problem_keys"),
    [pytest.param(t, c, k, id=i) for i, t, c, k in CRITERION_CASES],
)
def test_criteria(
    criteria_text: str, criteria: tuple[Criterion, ...], problem_keys: list[str]
) -> None:
    settings, problems = parse(main("") + "\n" + criteria_text)
    assert settings is not None
    assert settings.criteria == criteria
    assert keys(problems) == problem_keys


# --------------------------------------------------------------------------- nominations, prizes


def test_nominations_and_prizes() -> None:
    settings, problems = parse(
        main("| wikis = tt, ru")
        + """
{{Editathon prize | places = 2}}
{{Editathon prize | best ARTICLE | places = 1}}
{{Editathon nomination | Best article }}
{{Editathon nomination | name = best article }}
{{Editathon nomination | name = Newcomers | wikis = en, xx | rank by = speed }}
{{Editathon nomination | wikis = tt }}
{{Editathon prize | Nobody }}
{{Editathon prize | overall | places = 0 }}
"""
    )
    assert settings is not None
    assert settings.nominations == (
        Nomination("Best article"),
        Nomination("Newcomers", wikis=("en",)),
    )
    assert settings.prizes == (Prize(OVERALL, 2), Prize("Best article", 1))
    assert keys(problems) == [
        "parse-contest-duplicate-nomination",
        "parse-contest-unknown-wiki",
        "parse-contest-wiki-not-in-contest",
        "parse-contest-bad-keyword",
        "parse-contest-missing-param",
        "parse-contest-unknown-nomination",
        "parse-contest-bad-number",
        "parse-contest-duplicate-prize",
    ]


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "lang", "contest", "closed"),
    [
        (PAGE_EN, "en", True, True),
        (PAGE_TT, "tt", True, True),
        (main(""), "en", True, False),
        ("{{Editathon close}}", "en", False, True),
        ("{{Editathon rule | new | 1}}", "en", False, False),
        ("<!-- {{Editathon}} {{Editathon close}} -->", "en", False, False),
        # Issue 17: an unclosed contest template is a contest page (its organizers are told
        # why it cannot run), not a page dropped without a word.
        ("{{Editathon", "en", True, False),
    ],
)
def test_is_contest_page_and_find_close(text: str, lang: str, contest: bool, closed: bool) -> None:
    assert is_contest_page(text, aliases(lang)) is contest
    assert find_close(text, aliases(lang)) is closed

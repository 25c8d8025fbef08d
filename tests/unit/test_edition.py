"""The next edition from the last (issue 21): titles, dates, page texts and worklists."""

from __future__ import annotations

from datetime import date

import pytest

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.edition import (
    EditionError,
    OldContest,
    Shift,
    carry_worklist,
    next_contest_text,
    next_title,
    plan_edition,
    shift_year,
)
from bot.parse.contest import parse_contest
from bot.parse.values import parse_date

ALIASES = Aliases.build(
    templates={t: [] for t in CANONICAL_TEMPLATES} | {"Editathon": ["Марафон"], "Editathon approve": []},
    params={"start": ["начало"], "end": ["конец"], "parent": ["родитель"], "registered after": []},
)
KNOWN = frozenset({"en", "ru", "tt"})

B = """{{Марафон
| начало     = 2026-11-01 <!-- ✎ -->
<!-- The last day -->
| конец      = 2026-11-30
| organizers = Alice
| jury       = Carol, Dan
| родитель   = Project:Smart Region 2026
}}
Intro.
{{Editathon rule | new | 10 }}
{{Editathon criterion | newcomer | registered after = 2026-01-01 }}
{{Editathon nomination | name = Newcomers | newcomers = 2024-02-29 }}
{{Editathon prize | overall | places = 3 }}
{{Editathon approve}} [[User:Erin|Erin]] 10:00, 1 October 2026 (UTC)
{{Editathon extension | Aigul | until = 2026-12-07 }}
{{Editathon close}}
"""


def test_the_page_moves_a_year_and_keeps_everything_else() -> None:
    text = next_contest_text(B, ALIASES, start=date(2027, 11, 1), end=date(2027, 11, 30), shift=Shift(),
                             parent="Project:Smart Region 2027", previous="Project:Smart Region 2026/Kazan",
                             parse_day=parse_date)
    assert "| начало     = 2027-11-01 <!-- ✎ -->\n<!-- The last day -->\n| конец      = 2027-11-30\n" in text
    assert "| родитель   = Project:Smart Region 2027\n" in text
    assert "previous" in text and "Project:Smart Region 2026/Kazan" in text
    for gone in ("approve", "extension", "close", "Erin"):
        assert gone not in text
    assert "registered after = 2027-01-01" in text and "newcomers = 2025-02-28" in text
    settings, _problems = parse_contest(text, wiki="ru", title="Project:Smart Region 2027/Kazan", aliases=ALIASES,
                                       default_timezone="UTC", known_wikis=KNOWN)
    assert settings is not None
    assert (settings.start, settings.end, settings.jury) == (date(2027, 11, 1), date(2027, 11, 30), ("Carol", "Dan"))
    assert settings.parent is not None and settings.parent.title == "Project:Smart Region 2027"
    assert len(settings.rules) == 1 and len(settings.prizes) == 1 and not settings.closed


def test_titles_follow_the_umbrella_or_the_year() -> None:
    assert next_title("P:SR 2026/Kazan", old_year=2026, new_year=2027, old_root="P:SR 2026",
                      new_root="P:Region 27") == "P:Region 27/Kazan"
    assert next_title("P:Chally 2026", old_year=2026, new_year=2027) == "P:Chally 2027"
    with pytest.raises(EditionError, match="--title"):
        next_title("P:Chally", old_year=2026, new_year=2027)


def test_shift_year_keeps_leap_days_inside_the_year() -> None:
    assert shift_year(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Shift(days=7)(date(2026, 12, 30)) == date(2027, 1, 6)


def old(wiki: str, title: str, start: str, end: str, parent: tuple[str, str] | None, umbrella: bool = False
        ) -> OldContest:
    return OldContest(wiki, title, "", date.fromisoformat(start), date.fromisoformat(end), umbrella, parent, (wiki,))


ROOT = old("en", "Project:SR 2026", "2026-11-01", "2026-11-30", None, True)
BELOW = [
    old("tt", "Project:SR 2026/Tatarstan", "2026-11-01", "2026-11-30", ("en", "Project:SR 2026"), True),
    old("tt", "Project:SR 2026/Chally", "2026-11-08", "2026-11-20", ("tt", "Project:SR 2026/Tatarstan")),
    old("en", "Project:SR 2026/Kazan", "2026-11-01", "2026-11-30", ("en", "Project:SR 2026")),
    old("ru", "Project:SR 2026/Elabuga", "2026-11-01", "2026-11-30", ("en", "Project:SR 2026")),
    old("ru", "Project:Other 2026", "2026-11-01", "2026-11-30", None),
]


def test_the_whole_tree_moves_on_every_wiki_and_a_municipality_can_stay_behind() -> None:
    plan, _ = plan_edition(ROOT, BELOW, skip=["ru:Project:SR 2026/Elabuga"])
    got = {(n.wiki, n.title): (n.start, n.end, n.parent) for n in plan}
    assert got == {
        ("en", "Project:SR 2027"): (date(2027, 11, 1), date(2027, 11, 30), None),
        ("tt", "Project:SR 2027/Tatarstan"): (date(2027, 11, 1), date(2027, 11, 30), "en:Project:SR 2027"),
        ("tt", "Project:SR 2027/Chally"): (date(2027, 11, 8), date(2027, 11, 20), "Project:SR 2027/Tatarstan"),
        ("en", "Project:SR 2027/Kazan"): (date(2027, 11, 1), date(2027, 11, 30), "Project:SR 2027"),
    }


def test_given_dates_move_every_contest_by_the_same_offset() -> None:
    plan, shift = plan_edition(ROOT, BELOW[:3], start=date(2027, 10, 4), new_root_title="Project:SR 27")
    got = {n.title: (n.start, n.end) for n in plan}
    assert got["Project:SR 27"] == (date(2027, 10, 4), date(2027, 11, 2))
    assert got["Project:SR 27/Chally"] == (date(2027, 10, 11), date(2027, 10, 23))
    assert shift(date(2026, 1, 1)) == date(2026, 1, 1) + (date(2027, 10, 4) - date(2026, 11, 1))


WORKLIST = """Intro with a [[link]] to rules.

== Sights ==
* [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]]
* [[Kaban Lake]] · [[:ru:Озеро Кабан]]
* {{Editathon topic | en = Bauman Street | ru = Улица Баумана | tt = Бауман урамы }}
== People ==
* [[Musa Jalil]] · [[:ru:Муса Джалиль]] · [[:tt:Муса Җәлил]]
"""

EXISTING = {("en", "Kazan Kremlin"), ("ru", "Казанский кремль"), ("tt", "Казан Кремле"),
            ("en", "Kaban Lake"), ("ru", "Озеро Кабан"), ("tt", "Кабан күле"),
            ("en", "Bauman Street"), ("ru", "Улица Баумана"), ("tt", "Бауман урамы"), ("en", "Musa Jalil")}


def test_worklist_keeps_what_is_missing_and_sets_apart_what_is_written_everywhere() -> None:
    carried = carry_worklist(WORKLIST, wiki="en", page="W", aliases=ALIASES, known_wikis=KNOWN,
                             wikis=("en", "ru", "tt"), exists=lambda w, t: (w, t) in EXISTING,
                             heading="Written by 2026", note="not topics any more", label="2026")
    assert (carried.kept, carried.set_apart) == (2, 2)
    text = carried.text
    assert text.index("== Sights ==") < text.index("[[Kaban Lake]]") < text.index("== People ==")
    assert text.index("[[Musa Jalil]]") < text.index("== Written by 2026 ==")
    assert ": [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]] (2026)" in text
    assert ": [[Bauman Street]] · [[:ru:Улица Баумана]] · [[:tt:Бауман урамы]] (2026)" in text
    from bot.parse.worklist import parse_worklist

    wl, _ = parse_worklist(text, wiki="en", page="W", aliases=ALIASES, known_wikis=KNOWN)
    assert [t.key for t in wl.topics] == ["en:Kaban Lake", "en:Musa Jalil"]  # set apart: no topics

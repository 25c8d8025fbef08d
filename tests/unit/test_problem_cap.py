"""A flood of problems still leaves a page the wiki will save.

Someone can put 20,000 broken lines on a page the bot reads. Every page that lists
problems shows the first ones, then one line with the count of the rest and the pages
they are on; the page stays far under the wiki's size limit (2 MiB by default).
"""

from __future__ import annotations

import pytest

from bot.i18n import catalog
from bot.model import ContestState, PageRef, Problem
from bot.render.problems import PROBLEM_LIMIT, render_problems
from bot.render.status_page import STATUS_PROBLEM_LIMIT, StatusRow, render_status_page

JURY, B = "Project:Editathon/Kazan/Jury", "Project:Editathon/Kazan"


def flood(n: int) -> list[Problem]:
    return [Problem.make("trust-jury-not-juror", "en", JURY, revid=7, line=i + 1, user="M" * 80) for i in range(n)]


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_twenty_thousand_problems_list_the_first_and_count_the_rest(lang: str) -> None:
    problems = [*flood(20_000), Problem.make("trust-close-not-organizer", "en", B, revid=3, user="M")]
    text = render_problems(problems, catalog(lang), home_wiki="en")
    lines = text.splitlines()
    assert len(lines) == PROBLEM_LIMIT + 1
    assert "20,001" not in text and "20 001" not in text  # the count is of the rest
    assert any(n in lines[-1] for n in ("19,901", "19 901", "19\u00a0901", "19901"))
    assert "Editathon/Kazan/Jury" in lines[-1]  # where to read them
    assert len(text.encode()) < 100_000


def test_a_short_list_is_listed_whole() -> None:
    text = render_problems(flood(PROBLEM_LIMIT), catalog("en"), home_wiki="en")
    assert len(text.splitlines()) == PROBLEM_LIMIT and "more" not in text


def test_the_status_page_of_many_flooded_contests_stays_small() -> None:
    rows = [
        StatusRow(PageRef("en", f"{B} {i}"), ContestState.OPEN, tuple(flood(20_000)))
        for i in range(20)
    ]
    text = render_status_page(rows, catalog("en"), wiki="en")
    assert len(text.encode()) < 1_000_000
    assert text.count("more problems") == 20
    assert text.count("* [[:Project:Editathon/Kazan/Jury]], line") == 20 * STATUS_PROBLEM_LIMIT

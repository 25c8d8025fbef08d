"""What issue 21 adds to the pages and notices: private prize details, editions, extensions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.i18n import catalog
from bot.model import (
    OVERALL,
    ContestResult,
    ContestSettings,
    ContestState,
    Extension,
    PageRef,
    Prize,
    Standing,
)
from bot.notices import Notice, NoticeKind, render_notice
from bot.render import render_leaderboard
from bot.render.umbrella import render_umbrella_leaderboard

SETTINGS = ContestSettings(wiki="ru", title="Project:SR 2027/Kazan", start=date(2027, 11, 1), end=date(2027, 11, 30),
                           timezone="UTC", wikis=("ru", "tt"), organizers=("Alsu", "Bob"),
                           prizes=(Prize(OVERALL, 1),), previous=PageRef("ru", "Project:SR 2026/Kazan"))


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_the_prize_notice_asks_for_details_by_email_never_on_a_page(lang: str) -> None:
    n = Notice("ru", SETTINGS.title, "Aigul", NoticeKind.PRIZE, OVERALL, standing=Standing("Aigul", 1, 10, 1, 1, None),
               nomination=OVERALL)
    text = render_notice(n, SETTINGS, catalog(lang), docs="D").text
    assert "[[Special:EmailUser/Alsu|" in text and "[[Special:EmailUser/Bob|" in text
    assert "%(" not in text and "{email}" not in text


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_the_leaderboard_links_both_editions_and_names_each_extension(lang: str) -> None:
    result = ContestResult(settings=SETTINGS, state=ContestState.ENDED, entries=(), rankings=(), participants=(),
                           extensions=(Extension("Aigul", None, date(2027, 12, 7), "No internet"),
                                       Extension(None, "tt", date(2027, 12, 3))),
                           previous=SETTINGS.previous, next=PageRef("ru", "Project:SR 2028/Kazan"))
    text = render_leaderboard(result, catalog(lang))
    assert "[[:Project:SR 2026/Kazan]]" in text and "[[:Project:SR 2028/Kazan]]" in text
    assert "[[User:Aigul|Aigul]]" in text and "No internet" in text and " tt " in text.replace("«", " ")
    plain = render_leaderboard(replace(result, extensions=(), previous=None, next=None), catalog(lang))
    assert "Project:SR 2026" not in plain and "Aigul" not in plain


def test_the_umbrella_links_both_editions() -> None:
    umbrella = replace(SETTINGS, title="Project:SR 2027", umbrella=True, previous=PageRef("ru", "Project:SR 2026"))
    text = render_umbrella_leaderboard(umbrella, ContestState.OPEN, [], catalog("en"),
                                       next_edition=PageRef("en", "Project:SR 2028"))
    assert "Previous edition: [[:Project:SR 2026]]" in text and "Next edition: [[:en:Project:SR 2028]]" in text

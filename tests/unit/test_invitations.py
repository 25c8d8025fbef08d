"""Invitations to the next edition (issue 21): who is due, where, and how it reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.i18n import catalog
from bot.invitations import due, home_wikis, render_invitation
from bot.model import ContestSettings, ContestState, PageRef

UMB = ContestSettings(wiki="en", title="Project:SR 2027", start=date(2027, 11, 1), end=date(2027, 11, 30),
                      timezone="UTC", wikis=("en",), umbrella=True)
KAZAN = ContestSettings(wiki="ru", title="Project:SR 2027/Kazan", start=date(2027, 11, 1), end=date(2027, 11, 30),
                        timezone="UTC", wikis=("ru", "tt"))
PREV = PageRef("en", "Project:SR 2026")
NOW = datetime(2027, 10, 20, tzinfo=UTC)


def test_one_each_on_the_first_home_wiki_and_none_for_those_who_opted_out() -> None:
    past = home_wikis([("Marat", "tt", "P/Chally"), ("marat", "ru", "P/Elabuga"), ("Aigul", "en", "P/Kazan"),
                       ("Zuhra", "tt", "P/Chally")])
    assert past == {"Marat": "ru", "Aigul": "en", "Zuhra": "tt"}
    got = due(UMB, ContestState.UPCOMING, previous=PREV, past=past, joinable=[KAZAN], opted_out=["aigul"], now=NOW)
    assert [(i.user, i.wiki, i.key) for i in got] == [("Marat", "ru", "en:Project:SR 2027"),
                                                      ("Zuhra", "tt", "en:Project:SR 2027")]


def test_nothing_without_a_contest_to_join_or_long_after_the_start() -> None:
    past = {"Marat": "ru"}
    assert due(UMB, ContestState.OPEN, previous=PREV, past=past, joinable=[], opted_out=(), now=NOW) == ()
    assert due(UMB, ContestState.ENDED, previous=PREV, past=past, joinable=[KAZAN], opted_out=(), now=NOW) == ()
    late = datetime(2027, 12, 20, tzinfo=UTC)
    assert due(UMB, ContestState.OPEN, previous=PREV, past=past, joinable=[KAZAN], opted_out=(), now=late) == ()


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_the_text_lists_the_contests_in_the_home_wikis_language(lang: str) -> None:
    [inv] = due(UMB, ContestState.UPCOMING, previous=PREV, past={"Marat": lang}, joinable=[KAZAN], opted_out=(),
                now=NOW)
    r = render_invitation(inv, catalog(lang), docs="User:Bot")
    assert "Project:SR 2027/Kazan" in r.text and "Project:SR 2027/Opt-out" in r.text
    assert r.text.endswith("~~~~ " + inv.marker) and "%(" not in r.text + r.heading + r.summary

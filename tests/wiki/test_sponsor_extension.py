"""Issue 21 on real wikis: the sponsor's approval, and an extension for one participant.

Approval (en): an umbrella with one subscriber, Sam, and below it a contest whose page
names Erin as sponsor. The contest waits; Mallory's forged ``{{Editathon approve}}`` is
ignored and reported with its diff; Erin's counts and only then is Sam told; a later
change of prizes by the organizer shows as changed since the approval, with its diff.

Extension (ru): a contest that ended yesterday. Aigul and Marat sign up and each write
an article now, after the end; a run passes over both. Then the organizer gives Aigul
an extension to tomorrow on ``B/Jury``: the next run counts her article, never Marat's,
and the leaderboard says so. Mallory's extension for Marat counts for nobody.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from tests.wiki.botrun import Bot, period_around_now, prose, today
from tests.wiki.leaderboard import tables

UMB = "Project:Smart Region Sponsored U21"
B = f"{UMB}/Kazan"
ORG, SPONSOR = "Alsu", "Erin"


def contest_page(places: int) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| organizers = {ORG}
| sponsor = {SPONSOR}
| parent = {UMB}
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon prize | overall | places = {places} }}}}
"""


def umbrella_page() -> str:
    start, end = period_around_now()
    return f"{{{{Editathon\n| start = {start}\n| end = {end}\n| timezone = UTC\n| organizers = {ORG}\n" \
           "| umbrella = yes\n}}\n"


def problems(wset: WikiSet, wiki: str, title: str) -> str:
    text = wset.admin(wiki).page_text(f"{title}/Leaderboard") or ""
    heading = catalog(wiki).text("leaderboard-heading-problems")
    assert f"== {heading} ==" in text, text
    return text.split(f"== {heading} ==", 1)[1]


def talk(wset: WikiSet, wiki: str, user: str) -> str:
    return wset.admin(wiki).page_text(f"User talk:{user}") or ""


@pytest.fixture(scope="module")
def bot(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Bot:
    return Bot(wikiset, tmp_path_factory.mktemp("u21") / "state.sqlite")


def test_approval_waits_ignores_a_forgery_counts_the_sponsor_and_shows_later_changes(
        wikiset: WikiSet, bot: Bot) -> None:
    org, en = wikiset.actor("en", ORG), wikiset.admin("en")
    org.edit(UMB, umbrella_page(), "programme")
    wikiset.actor("en", "Sam").append(f"{UMB}/Subscribers", "\n# ~~~~", "subscribing")
    org.edit(B, contest_page(3), "contest with a sponsor")
    bot.run()
    awaiting = "awaits the approval of its sponsor (Erin)"
    assert awaiting in problems(wikiset, "en", B)
    assert "Smart Region Sponsored U21/Kazan" in (en.page_text("User:EditathonBot/Status") or "")
    assert awaiting in (en.page_text("User:EditathonBot/Status") or "")
    assert talk(wikiset, "en", "Sam") == ""  # no announcement while it awaits

    forged = wikiset.actor("en", "Mallory").append(B, "\n{{Editathon approve}} ~~~~", "approved!")
    bot.run()
    board = problems(wikiset, "en", B)
    assert awaiting in board
    assert re.search(r"\{\{Editathon approve\}\}.*added by Mallory, who is not a sponsor.*"
                     rf"\[\[Special:Diff/{forged}\|", board.replace("&#123;", "{").replace("&#125;", "}")
                     .replace("</nowiki></code>", "").replace("<code><nowiki>", "")), board
    assert talk(wikiset, "en", "Sam") == ""

    time.sleep(1.1)
    approved = wikiset.actor("en", SPONSOR).append(B, "\n{{Editathon approve}} ~~~~", "approve the package")
    bot.run()
    board = problems(wikiset, "en", B)
    assert awaiting not in board and "not a sponsor" not in board
    assert f"Special:Diff/{approved}|" not in board  # the sponsor's save is an approval, not an ignored edit
    assert talk(wikiset, "en", "Sam").count("editathon-notice:") == 1  # announced now

    time.sleep(1.1)
    text = en.page_text(B) or ""
    changed = org.edit(B, text.replace("places = 3", "places = 5"), "more prizes")
    bot.run()
    board = problems(wikiset, "en", B)
    assert "Changed since the approval by Erin: prizes" in board, board
    assert f"[[Special:Diff/{approved}/{changed}|" in board
    assert talk(wikiset, "en", "Sam").count("editathon-notice:") == 1  # never twice

    time.sleep(1.1)
    again = wikiset.actor("en", SPONSOR).append(B, "\n{{Editathon approve}} ~~~~", "approve the new prizes")
    bot.run()
    board = problems(wikiset, "en", B)
    assert "Changed since the approval" not in board and awaiting not in board
    assert f"Special:Diff/{again}|" not in board


EXT = "Project:Smart Region Extended U21"


def test_an_extension_counts_one_participants_edit_after_the_end_and_nobody_elses(
        wikiset: WikiSet, bot: Bot) -> None:
    ru_org = wikiset.actor("ru", ORG)
    start, end = (today() - timedelta(days=5)).isoformat(), (today() - timedelta(days=1)).isoformat()
    ru_org.edit(EXT, f"{{{{Editathon\n| start = {start}\n| end = {end}\n| timezone = UTC\n"
                     f"| organizers = {ORG}\n}}}}\n{{{{Editathon rule | new | 10 }}}}\n", "contest")
    ru_org.edit(f"{EXT}/Jury", "Решения жюри.\n", "jury page")
    for user in ("Aigul", "Marat"):
        wikiset.actor("ru", user).append(f"{EXT}/Participants", "\n# ~~~~", "signing up")
    time.sleep(1.1)
    wikiset.actor("ru", "Aigul").edit("Статья Айгуль", prose(80, "ru"), "after the end")
    wikiset.actor("ru", "Marat").edit("Статья Марата", prose(80, "ru"), "after the end")
    bot.run()
    board = wikiset.admin("ru").page_text(f"{EXT}/Leaderboard") or ""
    assert "Статья Айгуль" not in board and "Статья Марата" not in board  # both after the end

    until = (today() + timedelta(days=1)).isoformat()
    wikiset.actor("ru", "Mallory").append(f"{EXT}/Jury", f"\n{{{{Editathon extension | Marat | until = {until} }}}}",
                                          "more time for my friend")
    time.sleep(1.1)
    ru_org.append(f"{EXT}/Jury", f"\n{{{{Editathon extension | Aigul | until = {until} | comment = Нет интернета }}}}",
                  "extension")
    bot.run()
    board = wikiset.admin("ru").page_text(f"{EXT}/Leaderboard") or ""
    ranking = [t for h, t in tables(board) if h == catalog("ru").text("leaderboard-heading-ranking")]
    assert ranking and [r[1] for r in ranking[0].rows] == ["User:Aigul"], board
    assert "Статья Айгуль" in board and "Статья Марата" not in board
    cat = catalog("ru")
    assert cat.text("extension-intro") in board and "Нет интернета" in board
    assert cat.text("extension-user", user="[[User:Aigul|Aigul]]", until=cat.date(today() + timedelta(days=1))) \
        in board
    assert "Mallory" in board.split(f"== {cat.text('leaderboard-heading-problems')} ==", 1)[1]

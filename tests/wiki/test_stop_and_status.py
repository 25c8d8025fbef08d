"""The stop page and the status page (contract §5) on real local wikis.

* ``User:EditathonBot/Stop``: anyone's text there stops every edit of the bot on that
  wiki from the service's next cycle; the other wikis go on; blanking it resumes.
* ``User:EditathonBot/Status``: each contest's state and problems, per wiki, edited
  only when they change, with an edit summary that names the contest and links the
  bot's documentation page.

Each test starts from fresh wikis: the stop and status pages are per wiki, not per test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, period_around_now, prose
from tests.wiki.test_service import (
    Serving,
    assert_counted,
    board,
    bot_edits,
    join_and_write,
    make_contest,
    serving,
)

__all__ = ["serving"]  # the fixture, shared with test_service

STOP, STATUS = "User:EditathonBot/Stop", "User:EditathonBot/Status"
DOCS_LINK = "[[User:EditathonBot|Editathon Bot]]"


def revision_count(wset: WikiSet, code: str, title: str) -> int:
    return len(wset.admin(code).revisions(title))


def status_counts(wset: WikiSet) -> dict[str, int]:
    return {code: revision_count(wset, code, STATUS) for code in ("en", "ru", "tt")}


def test_text_on_the_stop_page_halts_every_edit_on_that_wiki_until_it_is_removed(
    fresh_wikiset: WikiSet, serving: Callable[..., Serving]
) -> None:
    wset = fresh_wikiset
    en, ru = "Project:Editathon/Stop en", "Project:Editathon/Stop ru"
    make_contest(wset, "en", en)
    make_contest(wset, "ru", ru)
    join_and_write(wset, "en", en, "Aliya", "Stop river")
    join_and_write(wset, "ru", ru, "Aliya", "Стоп река")
    svc = serving(wset)
    svc.wait_cycles(1)
    assert_counted(wset, "en", en, "Stop river", "Aliya")
    assert_counted(wset, "ru", ru, "Стоп река", "Aliya")

    # Anyone may stop the bot on a wiki: any text on the page.
    passerby = wset.actor("en", "Passerby")
    passerby.edit(STOP, "Stop please, the table is broken. ~~~~", "stopping the bot")
    before = bot_edits(wset, "en")
    join_and_write(wset, "en", en, "Bulat", "Stop bridge")
    join_and_write(wset, "ru", ru, "Bulat", "Стоп мост")
    cycle = svc.next_cycle()

    assert "Bulat" not in board(wset, "en", en)
    assert bot_edits(wset, "en") == before  # no edit at all on en: neither contest pages nor status
    assert_counted(wset, "ru", ru, "Стоп мост", "Bulat")  # the other wikis go on
    assert f"en: {STOP} has text" in cycle

    svc.next_cycle()  # still stopped in the cycles after
    assert bot_edits(wset, "en") == before

    passerby.edit(STOP, "", "the bot may run again")  # empty means run
    svc.next_cycle()

    assert_counted(wset, "en", en, "Stop bridge", "Bulat")
    assert bot_edits(wset, "en") > before
    status = wset.admin("en").page_text(STATUS) or ""
    assert "State: '''open'''." in status
    assert svc.terminate() == 0


def contest_with_kilobytes(organizer: str) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| organizers = {organizer}
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon rule | kilobyte | 1 }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
"""


def test_the_status_page_changes_only_with_a_contests_state_or_problems(
    fresh_wikiset: WikiSet, tmp_path: Path
) -> None:
    wset = fresh_wikiset
    en, ru = "Project:Editathon/Status en", "Project:Editathon/Status ru"
    org = wset.actor("en", "Olga")
    org.edit(en, contest_with_kilobytes("Olga"), "new contest")
    org.edit(f"{en}/Participants", "<nowiki># ~~~~</nowiki>\n", "participants")
    make_contest(wset, "ru", ru)
    join_and_write(wset, "en", en, "Aliya", "Status river")
    join_and_write(wset, "ru", ru, "Aliya", "Статус река")
    bot = Bot(wset, tmp_path / "state.sqlite")

    bot.run()

    # Each wiki lists its own contests, in its own language.
    status_en = wset.admin("en").page_text(STATUS) or ""
    assert "Editathon/Status en]]" in status_en and "Editathon/Status ru" not in status_en
    assert "State: '''open'''." in status_en  # state and problems only (contract section 5)
    assert "No problems found." in status_en
    status_ru = wset.admin("ru").page_text(STATUS) or ""
    assert "Editathon/Status ru]]" in status_ru and "Состояние: '''идёт'''" in status_ru
    assert "Бот бу викида бер бәйге дә алып бармый." in (wset.admin("tt").page_text(STATUS) or "")
    # Edit summaries name the contest and link the bot's documentation.
    status_rev = wset.admin("en").revisions(STATUS)[-1]
    assert status_rev["user"] == "EditathonBot"
    assert "Editathon/Status en]]" in status_rev["comment"] and DOCS_LINK in status_rev["comment"]
    board_rev = wset.admin("en").revisions(f"{en}/Leaderboard")[-1]
    assert "Editathon/Status en]]" in board_rev["comment"] and DOCS_LINK in board_rev["comment"]
    counts = status_counts(wset)
    assert counts == {"en": 1, "ru": 1, "tt": 1}

    # Nothing changed: no edit anywhere.
    assert bot.run().edits == 0
    assert status_counts(wset) == counts

    # Points change (the article grows), the state and problems do not: only the leaderboard.
    boards = revision_count(wset, "en", f"{en}/Leaderboard")
    wset.actor("en", "Aliya").edit("Status river", prose(900, "en"), "expanding")
    bot.run()
    assert revision_count(wset, "en", f"{en}/Leaderboard") == boards + 1
    assert status_counts(wset) == counts

    # A problem appears on the en contest's pages: the en status page shows it.
    time.sleep(1.1)
    wset.actor("en", "Impostor").append(f"{en}/Participants", "\n# [[User:Ghost|Ghost]]", "adding a friend")
    bot.run()
    status_en = wset.admin("en").page_text(STATUS) or ""
    assert "Problems (" in status_en and "Participants" in status_en
    assert status_counts(wset) == {**counts, "en": 2}
    comment = wset.admin("en").revisions(STATUS)[-1]["comment"]
    assert "Editathon/Status en]]" in comment and "Status ru" not in comment

    # And once more nothing changed: no edit.
    assert bot.run().edits == 0

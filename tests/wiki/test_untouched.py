"""Issue 16 on real wikis: a contest that nothing touched is not rescored, and anything
that touches it is.

An operator runs the bot on a schedule; most runs find nothing new. The console says
which contests were left as they were ("unchanged"), the status page still shows them
whole, nothing is edited; then a juror's decision, a participant's new article and the
clock passing the contest's end each make the bot score it again and change its
leaderboard as they should; a hand edit of its leaderboard is seen and undone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, BotResult, period_around_now
from tests.wiki.leaderboard import entries
from tests.wiki.test_jury import Contest, later, write

HOME = "en"
STATUS = "User:EditathonBot/Status"


def row_of(result: BotResult, name: str) -> str:
    return next(line for line in result.stdout.splitlines() if f"/{name} " in line)


def test_an_untouched_contest_is_not_rescored_until_a_decision_an_edit_or_its_end(
    wikiset: WikiSet, tmp_path: Path
) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Untouched", jury="Carol")
    c.sign_up("Umida")
    # A decision on no entry: a problem only the scoring finds (not the reading of the pages),
    # which the status page must show whether or not the contest was scored in that run.
    c.decide("Carol", "Nobody's article", "accept")
    later()
    write(wikiset, HOME, "Umida", "Umida's bridge")
    first = bot.run()
    assert "unchanged" not in row_of(first, "Untouched")
    assert c.status("Umida's bridge") == "awaiting jury"
    board = c.board()

    again = bot.run()  # nothing new

    row = row_of(again, "Untouched")
    assert row.endswith("1 problem(s), unchanged"), again.stdout
    assert again.edits == 0
    assert c.board() == board
    status = wikiset.admin(HOME).page_text(STATUS) or ""
    section = status.split("Untouched", 1)[1].split("\n==", 1)[0]
    assert "State: '''open'''" in section and "Problems (1)" in section and "Nobody" in section, section

    wikiset.admin(HOME).edit(f"{c.title}/Leaderboard", board + "\nAll hail Umida!", "by hand")
    restored = bot.run()  # a hand edit of a page the bot writes: rescored, the page restored, the edit told
    assert "unchanged" not in row_of(restored, "Untouched")
    assert "All hail" not in c.board() and "edited this page by hand" in c.board()

    c.decide("Carol", "Umida's bridge", "accept", comment="fine")
    decided = bot.run()
    assert "unchanged" not in row_of(decided, "Untouched")
    assert c.status("Umida's bridge") == "counted"

    later()
    write(wikiset, HOME, "Umida", "Umida's tower")
    edited = bot.run()
    assert "unchanged" not in row_of(edited, "Untouched")
    assert set(entries(c.board())) == {"Umida's bridge", "Umida's tower"}
    assert "unchanged" in row_of(bot.run(), "Untouched")

    _, last_day = period_around_now()
    after_end = datetime.fromisoformat(last_day).replace(tzinfo=UTC) + timedelta(days=1, hours=1)
    ended = bot.run(now=after_end)
    row = row_of(ended, "Untouched")
    assert "unchanged" not in row and " ended " in f" {row} ", ended.stdout
    assert "Contest: '''ended" in c.board()
    assert "unchanged" in row_of(bot.run(now=after_end + timedelta(minutes=5)), "Untouched")

"""Flooding the pages the bot reads leaves every page it writes saved, within one run.

Before the fix, 16,000 lines on ``B/Jury`` gave 18,741 problems; the leaderboard and the
shared status page that list them went over the wiki's size limit, the wiki refused them
(``contenttoobig``) and they stayed stale. One person could freeze every contest's status
this way. Here Mallory puts 20,000 lines on the jury page and 20,000 on the signup page of
one contest; another contest on the same wiki must not notice.
"""

from __future__ import annotations

from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.test_jury import Contest, later, write

HOME = "en"
LINES = 20_000


def size_limit(wset: WikiSet) -> int:
    general = wset.admin(HOME).query(meta="siteinfo", siprop="general")["query"]["general"]
    return int(general["maxarticlesize"])


def latest(wset: WikiSet, title: str) -> tuple[str, int, str]:
    page = wset.admin(HOME).query(prop="revisions", titles=title, rvprop="user|size|content",
                                  rvslots="main")["query"]["pages"][0]
    rev = page["revisions"][0]
    return rev["user"], int(rev["size"]), rev["slots"]["main"]["content"]


def test_twenty_thousand_lines_on_read_pages_leave_every_written_page_saved(
    wikiset: WikiSet, tmp_path: Path
) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    flooded = Contest.create(wikiset, bot, "Flooded", jury="Carol", review="optional")
    quiet = Contest.create(wikiset, bot, "Quiet neighbour", jury="Carol", review="optional")
    for c in (flooded, quiet):
        c.sign_up("Floodaigul")
    later()
    write(wikiset, HOME, "Floodaigul", "Flood bridge")
    bot.run()
    quiet_before = quiet.board()

    mallory = wikiset.actor(HOME, "Mallory")
    mallory.timeout = 900  # MediaWiki takes its time over 20,000 links on a busy machine
    jury = "".join(
        f"\n* {{{{Editathon decision | Article {i} | accept | comment = x }}}} ~~~~" for i in range(LINES)
    )
    mallory.append(flooded.jury_page, jury, "flood")
    signups = "".join(f"\n# [[User:Nobody {i}|Nobody {i}]]" for i in range(LINES))
    mallory.append(f"{flooded.title}/Participants", signups, "flood")

    result = bot.run()

    limit = size_limit(wikiset)
    for title in (f"{flooded.title}/Leaderboard", f"{flooded.title}/Queue", "User:EditathonBot/Status"):
        user, size, _text = latest(wikiset, title)
        assert user == "EditathonBot", title
        assert size < limit, (title, size, limit)
    board = latest(wikiset, f"{flooded.title}/Leaderboard")[2]
    assert "more problems" in board
    assert "Flooded/Jury" in board.rsplit("more problems", 1)[1]  # where to read them
    assert flooded.entry("Flood bridge")["Status"] == "provisional"  # the contest still runs
    status = latest(wikiset, "User:EditathonBot/Status")[2]
    assert "more problems" in status
    assert quiet.board() == quiet_before  # the other contest is unaffected
    assert result.returncode == 0

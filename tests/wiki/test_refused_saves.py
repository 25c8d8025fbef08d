"""One rule for saving: a save the wiki refuses is a failure of that page, said everywhere.

Console, status page and exit code tell the same story (the developers' guide). Before
the fix a refused save (protection, ``contenttoobig``, a block) was a progress line and
the run said ``ok`` with exit 0; a stopped wiki said ``ok`` too, and nothing said who
stopped it or since when.
"""

from __future__ import annotations

from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.test_jury import Contest, later, write

HOME = "en"
STATUS = "User:EditathonBot/Status"


def bot_edits(wset: WikiSet, since: int) -> list[str]:
    changes = wset.admin(HOME).query(list="recentchanges", rcuser="EditathonBot", rcprop="ids|title",
                                     rclimit="max")["query"]["recentchanges"]
    return [c["title"] for c in changes if c["revid"] > since]


def test_a_protected_leaderboard_is_a_failure_on_console_status_page_and_exit_code(
    wikiset: WikiSet, tmp_path: Path
) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Refused board", jury="Carol", review="optional")
    c.sign_up("Refaigul")
    c.run()
    wikiset.admin(HOME).protect(f"{c.title}/Leaderboard", "edit=sysop|move=sysop")
    later()
    write(wikiset, HOME, "Refaigul", "Refused bridge")  # the leaderboard must change

    result = c.bot.run("--contest", f"{HOME}:{c.title}", check=False)

    assert result.returncode == 1, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if "Refused board" in line)
    assert "not saved" in row and "Leaderboard" in row and "ok" not in row.split()[-1:]
    assert "Refused bridge" not in c.board()  # the wiki kept the old page
    full = bot.run(check=False)  # a full run writes the status page, and says it again
    assert full.returncode == 1
    status = wikiset.admin(HOME).page_text(STATUS) or ""
    section = status.split("Refused board", 1)[1]
    assert "could not save" in section and "Refused board/Leaderboard" in section


def test_a_page_over_the_wikis_size_limit_is_never_sent_and_fails(wikiset: WikiSet, tmp_path: Path) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Too big board", jury="Carol", review="optional")
    c.sign_up(*(f"Bigname with a long user name {i}" for i in range(20)))  # a leaderboard over 1 KiB
    extra = wikiset.wikis[HOME].dir / "extra.php"
    extra.write_text("<?php\n$wgMaxArticleSize = 1; // kilobytes: any leaderboard is bigger\n")
    try:
        result = c.bot.run("--contest", f"{HOME}:{c.title}", check=False)
    finally:
        extra.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if "Too big board" in line)
    assert "not saved" in row and ("size limit" in row or "contenttoobig" in row)


def test_a_stopped_wiki_says_so_with_who_and_since_and_exits_non_zero(wikiset: WikiSet, tmp_path: Path) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Stopped wiki", jury="Carol", review="optional")
    c.run()
    admin = wikiset.admin(HOME)
    stop = admin.edit("User:EditathonBot/Stop", "Stop: the bot double-posts.", "stopping the bot")
    when = next(r["timestamp"] for r in admin.revisions("User:EditathonBot/Stop") if r["revid"] == stop)
    c.sign_up("Stopaigul")

    result = c.bot.run("--contest", f"{HOME}:{c.title}", check=False)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"wiki {HOME} stopped by Admin since {when}" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "Stopped wiki" in line)
    assert "stopped" in row
    assert bot_edits(wikiset, stop) == []
    admin.edit("User:EditathonBot/Stop", "", "go on")
    assert c.bot.run("--contest", f"{HOME}:{c.title}").returncode == 0

"""An article created and deleted between two runs drops out as ``deleted`` (contract section 2).

Deleting a page takes its edits out of recent changes, so the bot, which learns of new
articles from them, never saw such an article: it was not on the leaderboard at all. The
deletion log entry stays; the deleted revisions (``deletedhistory``, which the local wikis'
bot group has, as an administrator can give on a real wiki) say who wrote it.
"""

from __future__ import annotations

from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.test_jury import Contest, later, write

HOME = "en"


def test_an_article_created_and_deleted_between_two_runs_is_listed_as_deleted(
    wikiset: WikiSet, tmp_path: Path
) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Deleted between runs", jury="Carol", review="optional")
    c.sign_up("Delaigul", "Delbulat")
    later()
    write(wikiset, HOME, "Delbulat", "Kept tower")
    c.run()  # the participants are known; from now on the bot reads recent changes
    write(wikiset, HOME, "Delaigul", "Gone bridge")
    write(wikiset, HOME, "Delbulat", "Another tower")
    wikiset.admin(HOME).delete("Gone bridge", "copyright violation")

    result = c.run()

    row = c.entry("Gone bridge")  # without the fix: no such entry
    assert (row["participant"], row["Status"]) == ("Delaigul", "deleted")
    assert {c.status("Another tower"), c.status("Kept tower")} <= {"counted", "provisional"}
    assert "not checked" not in result.stdout + result.stderr

    # Alone between two runs, the deleted page's revision makes the wiki's edit count grow by
    # more than recent changes show, so the run reads everything again; contributions do not
    # show deleted revisions either, and the deletion log entry still finds the article.
    later()
    write(wikiset, HOME, "Delaigul", "Second gone bridge")
    wikiset.admin(HOME).delete("Second gone bridge", "copyright violation")
    result = c.run()
    assert "full read" in result.stdout + result.stderr  # the path of this case
    assert c.status("Second gone bridge") == "deleted"

    # Without deletedhistory (the operator guide says so): the run says what it could not check.
    later()
    write(wikiset, HOME, "Delbulat", "Unseen bridge")
    wikiset.admin(HOME).delete("Unseen bridge", "copyright violation")
    extra = wikiset.wikis[HOME].dir / "extra.php"
    extra.write_text("<?php\n$wgGroupPermissions['bot']['deletedhistory'] = false;\n"
                     "$wgGroupPermissions['sysop']['deletedhistory'] = false;\n")
    try:
        result = c.run()
    finally:
        extra.unlink()
    assert result.returncode == 0
    assert "1 page(s) deleted since the last run not checked" in result.stdout + result.stderr
    assert "Unseen bridge" not in c.board() and c.status("Gone bridge") == "deleted"

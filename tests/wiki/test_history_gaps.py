"""A gap in a page's history is nobody's (contract §3: trust is read from page history).

A revision whose text cannot be read - hidden by revision deletion, or deleted and left
out when the page was undeleted - hides who changed what. Before the fix, the next
readable revision's diff carried the hidden revision's change under the next editor's
name: a non-juror's accept counted as the juror's, a forged signup line as the
organizer's, an outsider's points as the organizer's settings. Each test makes the gap
the way an administrator makes it on Wikipedia, on the signup, jury and contest pages,
runs the real bot and reads the leaderboard as a participant would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.leaderboard import entries
from tests.wiki.test_jury import ORGANIZER, Contest, contest_text, later, problem_with, write

HOME = "en"
HOW = ["revision deletion", "partial undelete"]


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def make_gap(wset: WikiSet, title: str, revid: int, how: str) -> None:
    """An administrator makes revision ``revid`` of ``title`` unreadable."""
    admin = wset.admin(HOME)
    if how == "revision deletion":
        admin.hide_revisions(title, [revid], reason="copyright violation")
        return
    keep = [r["timestamp"] for r in admin.revisions(title, prop="ids|timestamp") if r["revid"] != revid]
    admin.delete(title, "history clean-up")
    admin.undelete(title, "history clean-up", timestamps=keep)
    left = [r["revid"] for r in admin.revisions(title, prop="ids")]
    assert revid not in left and left, left


@pytest.mark.parametrize("how", HOW)
def test_a_signup_line_forged_before_an_organizers_edit_does_not_count(
    wikiset: WikiSet, bot: Bot, how: str
) -> None:
    c = Contest.create(wikiset, bot, f"Gap signup {how}", jury="Carol")
    page = f"{c.title}/Participants"
    later()
    forged = wikiset.actor(HOME, "Mallory").append(page, "\n# [[User:Gapaigul|Gapaigul]]", "")
    later()
    after = wikiset.actor(HOME, ORGANIZER).append(page, "\n<!-- list checked -->", "checked")
    make_gap(wikiset, page, forged, how)
    later()
    write(wikiset, HOME, "Gapaigul", f"Gapaigul's bridge {how}")

    c.run()

    assert f"Gapaigul's bridge {how}" not in entries(c.board())  # not signed up
    assert "User:Gapaigul" not in c.board().split("== Problems", 1)[0]
    problem_with(c, after, "Gapaigul", "cannot be read")


@pytest.mark.parametrize("how", HOW)
def test_a_non_jurors_accept_hidden_before_a_jurors_edit_does_not_count(
    wikiset: WikiSet, bot: Bot, how: str
) -> None:
    c = Contest.create(wikiset, bot, f"Gap jury {how}", jury="Carol")
    c.sign_up("Gapruslan")
    later()
    article = f"Gapruslan's tower {how}"
    write(wikiset, HOME, "Gapruslan", article)
    forged = c.decide("Mallory", article, "accept", comment="Fine")
    later()
    after = wikiset.actor(HOME, "Carol").append(c.jury_page, "\nMore tomorrow. ~~~~", "note")
    make_gap(wikiset, c.jury_page, forged, how)

    c.run()

    assert c.status(article) == "awaiting jury"
    problem_with(c, after, "cannot be read")


@pytest.mark.parametrize("how", HOW)
def test_an_outsiders_points_hidden_before_an_organizers_save_do_not_count(
    wikiset: WikiSet, bot: Bot, how: str
) -> None:
    c = Contest.create(wikiset, bot, f"Gap contest {how}", jury="Carol", review="optional")
    c.sign_up("Gapgulnara")
    later()
    mallory = wikiset.actor(HOME, "Mallory")
    text = mallory.page_text(c.title)
    assert text is not None and "{{Editathon rule | new | 10 }}" in text
    forged = mallory.edit(c.title, text.replace("| new | 10 }}", "| new | 1000 }}"), "points")
    later()
    organizer = wikiset.actor(HOME, ORGANIZER)
    now = organizer.page_text(c.title)
    assert now is not None
    after = organizer.edit(c.title, now + "\n<!-- dates checked -->", "checked")
    make_gap(wikiset, c.title, forged, how)
    article = f"Gapgulnara's park {how}"
    write(wikiset, HOME, "Gapgulnara", article)

    c.run()

    assert c.entry(article)["Points"] == "10"
    assert c.status(article) == "provisional"
    problem_with(c, after, ORGANIZER, "cannot be read")
    # The organizer saves again: that save is read whole, and the report ends.
    later()
    organizer.edit(c.title, contest_text(jury="Carol", review="optional"), "confirmed")
    c.run()
    assert c.entry(article)["Points"] == "10"
    assert not [p for p in c.problems() if "cannot be read" in p]

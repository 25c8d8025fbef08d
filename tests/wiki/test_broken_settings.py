"""A contest page that cannot be read, or whose settings are bad, is said everywhere (issue 17).

Before the fix a trusted organizer's bad value (points that are not a number) dropped the
rule, so every participant's points fell; a contest page whose ``{{Editathon`` template
was never closed was dropped without a word (no leaderboard, no status-page line, nothing
on the console). Now the last good settings stand until a trusted editor fixes the page,
the leaderboard keeps the ranking computed with them under a banner that names the
revision (diff), the problem and who saved it, and the status page and the console say
the same (a warning: exit code 0, see docs/operator-guide.md).
"""

from __future__ import annotations

from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, BotResult
from tests.wiki.leaderboard import entries, ranking
from tests.wiki.test_jury import ORGANIZER, Contest, contest_text, later, write

HOME = "en"
STATUS = "User:EditathonBot/Status"
BANNER = "The contest's settings are broken."


def status_section(wset: WikiSet, title: str) -> str:
    text = wset.admin(HOME).page_text(STATUS) or ""
    name = title.split(":", 1)[1] + "]] =="  # the heading links [[:Wikipedia:Editathon/...]]
    assert name in text, text
    return text.split(name, 1)[1].split("\n== ", 1)[0]


def console_row(result: BotResult, title: str) -> str:
    name = title.split(":", 1)[1]  # the console names it Wikipedia:Editathon/...
    return next(line for line in result.stdout.splitlines() if line.startswith(f"{HOME}:") and f"{name} " in line)


def replace_in_b(wset: WikiSet, c: Contest, old: str, new: str, by: str = ORGANIZER) -> int:
    text = wset.admin(HOME).page_text(c.title) or ""
    assert old in text, text
    return wset.actor(HOME, by).edit(c.title, text.replace(old, new, 1), "settings")


def test_a_bad_value_keeps_the_last_good_settings_under_a_banner(wikiset: WikiSet, tmp_path: Path) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Kept points", jury="Carol", review="optional")
    c.sign_up("Keptaigul")
    later()
    write(wikiset, HOME, "Keptaigul", "Kept bridge")
    bot.run()
    assert c.entry("Kept bridge")["Points"] == "10"

    bad = replace_in_b(wikiset, c, "{{Editathon rule | new | 10 }}", "{{Editathon rule | new | ten }}")
    result = bot.run()

    board = c.board()
    assert c.entry("Kept bridge")["Points"] == "10"  # without the fix: 0 (the rule was dropped)
    assert ranking(board)[0]["Points"] == "10"
    banner = next(ln for ln in board.splitlines() if BANNER in ln)
    assert f"Special:Diff/{bad}|" in banner and f"[[User:{ORGANIZER}|" in banner
    assert "“ten” in “points” is not a valid number" in banner and "line " in banner
    assert "Contest: '''open'''" in board and "== Problems on the contest pages ==" in board
    section = status_section(wikiset, c.title)
    assert "State: '''open'''" in section
    assert "Settings broken" in section and f"Special:Diff/{bad}|" in section and "is not a valid number" in section
    assert result.returncode == 0
    row = console_row(result, c.title)
    assert " open " in row and f"settings broken by {ORGANIZER} in revision {bad}" in row and "last good" in row

    fixed = replace_in_b(wikiset, c, "| new | ten }}", "| new | 20 }}")
    later()
    result = bot.run()
    assert c.entry("Kept bridge")["Points"] == "20"  # the organizer's fix counts at once
    assert BANNER not in c.board() and "Settings broken" not in status_section(wikiset, c.title)
    assert "WARNING" not in console_row(result, c.title)
    assert fixed


def test_a_contest_page_broken_as_a_whole_keeps_its_ranking(wikiset: WikiSet, tmp_path: Path) -> None:
    """The template left unclosed by a trusted save: the ranking stays, with header and footer."""
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    c = Contest.create(wikiset, bot, "Kept whole", jury="Carol", review="optional")
    c.sign_up("Wholeaigul")
    later()
    write(wikiset, HOME, "Wholeaigul", "Whole bridge")
    bot.run()
    assert c.entry("Whole bridge")["Points"] == "10"

    bad = replace_in_b(wikiset, c, "| review = optional\n}}", "| review = optional\n")
    result = bot.run()

    board = c.board()
    assert entries(board)["Whole bridge"]["Points"] == "10"  # without the fix: no ranking at all
    assert board.rstrip().endswith("</small>") and "Contest: '''open'''" in board
    banner = next(ln for ln in board.splitlines() if BANNER in ln)
    assert f"Special:Diff/{bad}|" in banner and "is not closed" in banner
    section = status_section(wikiset, c.title)
    assert "State: '''open'''" in section and "Settings broken" in section
    row = console_row(result, c.title)
    assert " open " in row and "settings broken" in row
    assert result.returncode == 0


def test_a_new_contest_page_with_an_unclosed_template_is_reported(wikiset: WikiSet, tmp_path: Path) -> None:
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    title = "Project:Editathon/Never closed"
    text = contest_text(jury="Carol").replace("}}\n{{Editathon rule", "\n{{Editathon rule", 1)
    assert text.count("{{Editathon\n") == 1 and "| review = required\n\n{{Editathon rule" in text
    wikiset.actor(HOME, ORGANIZER).edit(title, text, "new contest")

    result = bot.run()

    # Without the fix: no leaderboard, no status-page line, nothing on the console.
    section = status_section(wikiset, title)
    assert "cannot run" in section and "is not closed" in section and "Never closed]], line 1" in section
    board = wikiset.admin(HOME).page_text(f"{title}/Leaderboard") or ""
    assert "is not closed" in board
    row = console_row(result, title)
    assert "broken" in row and "WARNING cannot run" in row and "parse-unclosed-template" in row
    assert "Editathon/Never closed: WARNING cannot run" in result.stdout
    assert result.returncode == 0

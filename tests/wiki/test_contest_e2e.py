"""Issue 3 on real wikis: discover a contest, read it with trust, score, write the leaderboard.

Each test plays organizer, participants and an impostor through the API of the
local wikis, runs the real ``editathon`` command, and reads what a person would:
the leaderboard on the home wiki.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, period_around_now, prose
from tests.wiki.leaderboard import entries, ranking


def contest_text(organizer: str, *, new_points: int = 10, extra: str = "") -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = en, ru, tt
| organizers = {organizer}
}}}}
{{{{Editathon rule | new | {new_points} }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
{extra}"""


def make_contest(wikiset: WikiSet, title: str, organizer: str, **kw: object) -> None:
    org = wikiset.actor("en", organizer)
    org.edit(title, contest_text(organizer, **kw), "new contest")  # type: ignore[arg-type]
    org.edit(f"{title}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "participants")


def sign_up(wikiset: WikiSet, title: str, user: str) -> int:
    return wikiset.actor("en", user).append(f"{title}/Participants", "\n# ~~~~", "signing up")


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def board(wikiset: WikiSet, title: str) -> str:
    text = wikiset.admin("en").page_text(f"{title}/Leaderboard")
    assert text is not None, f"no leaderboard for {title}"
    return text


def test_signup_and_article_on_tt_score_on_home_leaderboard(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Signup flow"
    make_contest(wikiset, title, "Olga")
    sign_up(wikiset, title, "Gulnara")
    time.sleep(1.1)  # the article must come after the signup, as for a real participant
    wikiset.actor("tt", "Gulnara").edit("Яңа мәкалә", prose(120, "tt"), "яңа мәкалә")

    first = bot.run("--contest", f"en:{title}")

    text = board(wikiset, title)
    row = entries(text)["tt:Яңа мәкалә"]
    assert row["participant"] == "Gulnara"
    assert row["Points"] == "10"
    assert row["Status"] == "counted"  # no jury: nobody has to review it
    assert ranking(text)[0]["Participant"] == "User:Gulnara"
    assert first.edits == 3, first.stdout  # the leaderboard, the queue and Gulnara's welcome

    # A second run with nothing new makes no edit at all.
    second = bot.run("--contest", f"en:{title}")
    assert second.edits == 0, second.stdout
    # The budget with nothing new: one recent-changes poll per wiki plus at most two per contest.
    assert sum(second.requests.values()) <= 3 + 2, second.requests
    revs = wikiset.admin("en").revisions(f"{title}/Leaderboard")
    assert len(revs) == 1


def test_signup_for_someone_else_is_ignored_and_reported(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Impostor signup"
    make_contest(wikiset, title, "Olga")
    impostor = wikiset.actor("en", "Mallory")
    revid = impostor.append(f"{title}/Participants", "\n# [[User:Victim|Victim]]", "adding a friend")
    wikiset.actor("en", "Victim")  # the account exists, but Victim never signed up
    time.sleep(1.1)
    wikiset.actor("en", "Victim").edit("Victim's article", prose(80), "new")

    bot.run("--contest", f"en:{title}")

    text = board(wikiset, title)
    assert "Victim's article" not in entries(text)
    assert not any(r.get("Participant") == "User:Victim" for r in ranking(text))
    problems = text.split("== Problems", 1)[1]
    assert f"Special:Diff/{revid}" in problems
    assert "Victim" in problems


def test_participant_raising_points_on_contest_page_changes_nothing(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Points raise"
    make_contest(wikiset, title, "Olga")
    sign_up(wikiset, title, "Eldar")
    time.sleep(1.1)
    wikiset.actor("ru", "Eldar").edit("Новая статья Эльдара", prose(90, "ru"), "новая статья")
    eldar = wikiset.actor("en", "Eldar")
    revid = eldar.edit(title, contest_text("Olga", new_points=1000), "more points please")

    bot.run("--contest", f"en:{title}")

    text = board(wikiset, title)
    assert entries(text)["ru:Новая статья Эльдара"]["Points"] == "10"
    problems = text.split("== Problems", 1)[1]
    assert f"Special:Diff/{revid}" in problems


def test_simulate_writes_nothing_anywhere(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Simulated"
    make_contest(wikiset, title, "Olga")
    sign_up(wikiset, title, "Ruslan")
    time.sleep(1.1)
    wikiset.actor("en", "Ruslan").edit("Ruslan's bridge", prose(70), "new")
    bot.run("--contest", f"en:{title}")  # a real run first, so the state file exists
    wikiset.actor("en", "Ruslan").edit("Ruslan's tower", prose(70), "new")
    digest = hashlib.sha256(bot.state.read_bytes()).hexdigest()
    before = {c: wikiset.admin(c).query(list="recentchanges", rclimit=1, rcprop="ids")["query"]["recentchanges"]
              for c in ("en", "ru", "tt")}

    result = bot.run("--contest", f"en:{title}", "--simulate")

    assert "Ruslan's tower" in result.stdout  # the diff of what it would write
    assert hashlib.sha256(bot.state.read_bytes()).hexdigest() == digest
    after = {c: wikiset.admin(c).query(list="recentchanges", rclimit=1, rcprop="ids")["query"]["recentchanges"]
             for c in ("en", "ru", "tt")}
    assert after == before
    assert "Ruslan's tower" not in board(wikiset, title)


def test_a_contest_page_that_cannot_run_says_why_on_its_leaderboard(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Broken dates"
    make_contest(wikiset, title, "Olga")
    bot.run("--contest", f"en:{title}")
    # The organizer breaks the start date in a trusted save: the page cannot be read as a
    # contest, so its last good settings stand (issue 17) and the leaderboard says why.
    broken = contest_text("Olga").replace("| start = ", "| start = soon ", 1)
    revid = wikiset.actor("en", "Olga").edit(title, broken, "typo")

    result = bot.run("--contest", f"en:{title}", check=False)

    text = board(wikiset, title)
    assert "The contest's settings are broken." in text and "Contest: '''open'''" in text
    problems = text.split("== Problems", 1)[1]
    assert "soon" in problems
    assert f"Special:Diff/{revid}" in problems  # where the organizer can see what to fix
    assert result.returncode == 0, result.stdout + result.stderr


def test_history_imported_after_a_run_is_found_on_the_next_run(fresh_wikiset: WikiSet, tmp_path: Path) -> None:
    """An import keeps its old timestamps, so recent changes since the last run do not show it;
    the wiki's edit count, read with the same request, does, and the bot reads everything again."""
    from datetime import UTC, datetime, timedelta

    from bot.devwiki.dump import DumpPage, DumpRevision, build_dump

    bot = Bot(fresh_wikiset, tmp_path / "state.sqlite")
    bot.run()  # the bot is running before the history arrives
    title = "Project:Editathon/Imported"
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    dump = build_dump([
        DumpPage(title, [DumpRevision("Olga", t0, contest_text("Olga"), "new contest")]),
        DumpPage(f"{title}/Participants", [DumpRevision("Nail", t0 + timedelta(minutes=5), "# [[User:Nail|Nail]]")]),
        DumpPage("Imported bridge", [DumpRevision("Nail", t0 + timedelta(minutes=10), prose(90), "new")]),
    ])
    fresh_wikiset.import_dump("en", dump)

    quiet = bot.run()
    assert "full read" in quiet.stdout + quiet.stderr

    row = entries(board(fresh_wikiset, title))["Imported bridge"]
    assert (row["participant"], row["Points"]) == ("Nail", "10")

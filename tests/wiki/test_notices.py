"""Issue 7 (and issue 6 item 5) on real wikis: notices that arrive once.

Each test plays organizers, participants, jurors and an administrator through the
API of the local wikis, runs the real ``editathon`` command, and reads what the
participant reads: their talk page on the contest's home wiki. "Exactly once" is
checked by counting the notice's hidden marker and the talk page's revisions.
"""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from bot.run.notify import MAX_ATTEMPTS
from tests.wiki.botrun import REPO, Bot, BotResult, period_around_now, prose
from tests.wiki.killproxy import KillingProxy

BOT = "EditathonBot"


def contest_text(organizer: str, *, home_extra: str = "", body: str = "", new_points: int = 10,
                 start: str | None = None, end: str | None = None) -> str:
    s, e = period_around_now()
    return f"""{{{{Editathon
| start = {start or s}
| end = {end or e}
| timezone = UTC
| wikis = en, ru, tt
| organizers = {organizer}
{home_extra}}}}}
{{{{Editathon rule | new | {new_points} }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
{body}"""


def make_contest(wikiset: WikiSet, code: str, title: str, organizer: str, text: str) -> None:
    org = wikiset.actor(code, organizer)
    org.edit(title, text, "new contest")
    org.edit(f"{title}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "participants")


def sign_up(wikiset: WikiSet, code: str, title: str, user: str) -> int:
    return wikiset.actor(code, user).append(f"{title}/Participants", "\n# ~~~~", "signing up")


def talk(wikiset: WikiSet, code: str, user: str) -> str:
    return wikiset.admin(code).page_text(f"User talk:{user}") or ""


def talk_revisions(wikiset: WikiSet, code: str, user: str) -> int:
    return len(wikiset.admin(code).revisions(f"User talk:{user}"))


def notices(text: str, kind: str) -> list[str]:
    """The keys of the notices of ``kind`` on a talk page, one per marker found."""
    return re.findall(rf"<!-- editathon-notice:[^>]*?:{kind}:(\S+) -->", text)


def said(result: BotResult) -> str:
    """What the run printed: the summary (stdout) and its progress lines (stderr)."""
    return result.stdout + result.stderr


def board(wikiset: WikiSet, code: str, title: str) -> str:
    text = wikiset.admin(code).page_text(f"{title}/Leaderboard")
    assert text is not None, f"no leaderboard for {title}"
    return text


def state_line(wikiset: WikiSet, code: str, title: str) -> str:
    return next(line for line in board(wikiset, code, title).splitlines() if "'''" in line)


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def test_welcome_once_over_two_runs_and_bots_denied_pages_get_nothing(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Welcome once"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga"))
    wikiset.actor("en", "Nora").edit("User talk:Nora", "{{nobots}}\nPlease write to me by e-mail.", "no bots")
    wikiset.actor("en", "Dina").edit("User talk:Dina", "{{bots|deny=OtherBot, EditathonBot}}\nHi!", "bots")
    for user in ("Aigul", "Ilnur", "Nora", "Dina"):
        sign_up(wikiset, "en", title, user)

    dry = bot.run("--contest", f"en:{title}", "--simulate")
    assert "User talk:Aigul: welcome notice (signup): would add a section" in said(dry)
    assert "== Welcome to " in said(dry)
    assert "User talk:Nora: welcome notice (signup): would be skipped" in said(dry)
    assert talk(wikiset, "en", "Aigul") == ""  # a dry run writes nothing

    bot.run("--contest", f"en:{title}")
    second = bot.run("--contest", f"en:{title}")

    for user in ("Aigul", "Ilnur"):
        text = talk(wikiset, "en", user)
        assert notices(text, "welcome") == ["signup"], text
        assert re.search(r"^== Welcome to .*Editathon/Welcome once ==$", text, re.M), text
        assert f"[[User:{BOT}|" in text  # signed by the bot
        assert talk_revisions(wikiset, "en", user) == 1
    assert second.edits == 0, second.stdout
    # The pages that say no were not touched, and the organizers can see why.
    assert talk_revisions(wikiset, "en", "Nora") == 1 and talk_revisions(wikiset, "en", "Dina") == 1
    problems = board(wikiset, "en", title).split("== Problems")[1]
    assert ("[[:User talk:Nora]]: This page asks bots not to post "
            "(<code>&#123;&#123;nobots&#125;&#125;</code>)") in problems
    assert "[[:User talk:Dina]]: This page asks bots not to post" in problems
    assert "the welcome notice for Dina was not left" in problems


def test_a_run_killed_right_after_a_notice_edit_sends_nothing_twice(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Killed"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga"))
    sign_up(wikiset, "en", title, "Kamil")
    time.sleep(1.1)
    sign_up(wikiset, "en", title, "Lena")

    # Killed from outside (SIGKILL) once the wiki has saved the first notice, before the
    # bot hears back: the edit is made, and the bot could not record it.
    def first_notice(url: str, body: bytes) -> bool:
        return b"action=edit" in body and b"section=new" in body

    cmd, env = bot.command("--contest", f"en:{title}")
    wikiset.run_jobs()
    with KillingProxy(first_notice) as proxy:
        proxy.process = subprocess.Popen(cmd, env=proxy.env(env), cwd=REPO, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
        output, _ = proxy.process.communicate(timeout=600)
    assert proxy.killed.is_set(), output
    assert proxy.process.returncode == -signal.SIGKILL, output
    assert notices(talk(wikiset, "en", "Kamil"), "welcome") == ["signup"]
    assert talk(wikiset, "en", "Lena") == ""

    again = bot.run("--contest", f"en:{title}")
    assert "User talk:Kamil: welcome notice (signup) is on the page already" in said(again)
    assert notices(talk(wikiset, "en", "Kamil"), "welcome") == ["signup"]
    assert talk_revisions(wikiset, "en", "Kamil") == 1
    assert notices(talk(wikiset, "en", "Lena"), "welcome") == ["signup"]
    assert bot.run("--contest", f"en:{title}").edits == 0


def _at(day: str, hours: int) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), dtime(0), UTC) + timedelta(hours=hours)


def test_states_close_results_and_prizes(wikiset: WikiSet, bot: Bot) -> None:
    """Upcoming, open and ended on the leaderboard; a close by anyone but an organizer
    sends nothing; the organizer's close sends results to all and the prize to the winner."""
    title = "Project:Editathon/Closing"
    start, end = period_around_now()
    text = contest_text("Olga", body="{{Editathon prize | overall | places = 1}}\n")
    make_contest(wikiset, "en", title, "Olga", text)
    sign_up(wikiset, "en", title, "Aigul")
    sign_up(wikiset, "en", title, "Ilnur")
    time.sleep(1.1)
    wikiset.actor("en", "Aigul").edit("Closing river one", prose(80), "new")
    wikiset.actor("en", "Aigul").edit("Closing river two", prose(80), "new")
    wikiset.actor("tt", "Ilnur").edit("Ябылу елгасы", prose(80, "tt"), "яңа")
    before, after = _at(start, -12), _at(end, 36)

    bot.run("--contest", f"en:{title}", now=before)
    assert "'''upcoming'''" in state_line(wikiset, "en", title)
    bot.run("--contest", f"en:{title}")
    assert "'''open'''" in state_line(wikiset, "en", title)
    bot.run("--contest", f"en:{title}", now=after)
    assert "'''ended, the jury is finishing'''" in state_line(wikiset, "en", title)

    # A participant closes the contest: an untrusted edit, ignored and reported.
    wikiset.actor("en", "Ilnur").edit(title, text + "{{Editathon close}}\n", "closing it myself")
    bot.run("--contest", f"en:{title}", now=after)
    assert "'''ended, the jury is finishing'''" in state_line(wikiset, "en", title)
    assert ("to the contest page; it was ignored: only organizers can close a contest, "
            "and Ilnur may not change this page") in board(wikiset, "en", title)
    # An administrator (trusted on the page, but no organizer) closes it: still not closed.
    admin_rev = wikiset.admin("en").edit(title, text + "{{Editathon close}}\nClosed.\n", "closing")
    bot.run("--contest", f"en:{title}", now=after)
    page = board(wikiset, "en", title)
    assert "'''ended, the jury is finishing'''" in state_line(wikiset, "en", title)
    assert "added by Admin, who is not an organizer, was ignored" in page
    assert f"Special:Diff/{admin_rev}|" in page
    for user in ("Aigul", "Ilnur"):
        text_now = talk(wikiset, "en", user)
        assert notices(text_now, "results") == [] and notices(text_now, "prize") == []

    # The organizer saves the page with the close: now it counts.
    wikiset.actor("en", "Olga").edit(title, text + "{{Editathon close}}\nResults are final.\n", "closed")
    bot.run("--contest", f"en:{title}", now=after)
    assert "'''closed'''" in state_line(wikiset, "en", title)
    aigul, ilnur = talk(wikiset, "en", "Aigul"), talk(wikiset, "en", "Ilnur")
    assert notices(aigul, "results") == ["final"] and notices(ilnur, "results") == ["final"]
    assert "You placed 1 of 2 with 20 points for 2 counted entries." in aigul
    assert "You placed 2 of 2 with 10 points for 1 counted entry." in ilnur
    assert notices(aigul, "prize") == ["overall"] and notices(ilnur, "prize") == []
    assert "You took place 1 in the nomination “overall ranking”" in aigul
    assert "The organizers ([[User:Olga|Olga]])" in aigul

    assert bot.run("--contest", f"en:{title}", now=after).edits == 0
    assert notices(talk(wikiset, "en", "Aigul"), "prize") == ["overall"]


@pytest.mark.parametrize(
    ("code", "title", "expected"),
    [
        ("ru", "Project:Editathon/Итоги", {
            "Aigul": "1 балл за 1 засчитанную статью",
            "Ilnur": "2 балла за 2 засчитанные статьи",
            "Marat": "ни одна ваша статья не засчитана (проверено: 0 статей)",
        }),
        ("tt", "Project:Editathon/Нәтиҗәләр", {
            "Aigul": "1 исәпкә алынган мәкалә өчен 1 балл",
            "Ilnur": "2 исәпкә алынган мәкалә өчен 2 балл",
            "Marat": "мәкаләләрегезнең берсе дә исәпкә алынмады (тикшерелгән мәкаләләр: 0)",
        }),
    ],
)
def test_results_in_russian_and_tatar_use_the_right_plural_forms(
    wikiset: WikiSet, bot: Bot, code: str, title: str, expected: dict[str, str]
) -> None:
    text = contest_text("Olga", new_points=1)
    make_contest(wikiset, code, title, "Olga", text)
    for user in ("Aigul", "Ilnur", "Marat"):
        sign_up(wikiset, code, title, user)
    time.sleep(1.1)
    stem = title.rsplit("/", 1)[1]
    lang_prose = prose(80, code)
    wikiset.actor(code, "Aigul").edit(f"{stem} А1", lang_prose, "new")
    wikiset.actor(code, "Ilnur").edit(f"{stem} И1", lang_prose, "new")
    wikiset.actor(code, "Ilnur").edit(f"{stem} И2", lang_prose, "new")
    time.sleep(1.1)
    wikiset.actor(code, "Olga").edit(title, text + "{{Editathon close}}\n", "closed")

    bot.run("--contest", f"{code}:{title}")

    for user, phrase in expected.items():
        page = talk(wikiset, code, user)
        assert notices(page, "results") == ["final"], page
        assert phrase in page, page


def test_verdict_notices_each_verdict_once_and_a_changed_verdict_again(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Verdicts"
    extra = "| jury = Jamila\n| review = required\n| verdict notices = yes\n"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga", home_extra=extra))
    wikiset.actor("en", "Olga").edit(f"{title}/Jury", "Decisions, one signed line each.\n", "jury page")
    sign_up(wikiset, "en", title, "Ruslan")
    time.sleep(1.1)
    wikiset.actor("en", "Ruslan").edit("Verdict lake", prose(80), "new")
    juror = wikiset.actor("en", "Jamila")

    bot.run("--contest", f"en:{title}")
    assert notices(talk(wikiset, "en", "Ruslan"), "verdict") == []  # awaiting jury: nothing to tell

    juror.append(f"{title}/Jury", "\n{{Editathon decision | Verdict lake | accept | comment = Good sources }} ~~~~")
    bot.run("--contest", f"en:{title}")
    bot.run("--contest", f"en:{title}")
    page = talk(wikiset, "en", "Ruslan")
    keys = notices(page, "verdict")
    assert len(keys) == 1 and keys[0].endswith(":1:accept"), page
    assert "The jury has accepted your entry [[Verdict lake]]" in page
    assert "It counts with 10 points." in page and "The jury's comment: Good sources" in page

    time.sleep(1.1)
    juror.append(f"{title}/Jury", "\n{{Editathon decision | Verdict lake | reject | comment = Copied text }} ~~~~")
    bot.run("--contest", f"en:{title}")
    assert bot.run("--contest", f"en:{title}").edits == 0
    page = talk(wikiset, "en", "Ruslan")
    keys = notices(page, "verdict")
    assert [k.split(":", 2)[2] for k in keys] == ["1:accept", "2:reject"], page
    assert "The jury has rejected your entry [[Verdict lake]]" in page
    assert "The jury's comment: Copied text" in page
    assert notices(page, "welcome") == ["signup"]


def test_a_protected_talk_page_is_reported_and_tried_a_limited_number_of_times(
    wikiset: WikiSet, bot: Bot
) -> None:
    title = "Project:Editathon/Protected"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga"))
    admin = wikiset.admin("en")
    wikiset.actor("en", "Pavel")
    admin.edit("User talk:Pavel", "Archived discussions only.", "archive")
    admin.protect("User talk:Pavel", "edit=sysop")
    sign_up(wikiset, "en", title, "Pavel")
    revisions = talk_revisions(wikiset, "en", "Pavel")  # the edit and the protection's own

    first = bot.run("--contest", f"en:{title}", check=False)
    assert f"failed (attempt 1 of {MAX_ATTEMPTS})" in said(first)
    # A notice tried and not delivered is a save not done: said on the console, exit 1.
    assert first.returncode == 1 and "welcome notice (signup) not sent: protectedpage" in first.stdout
    problems = board(wikiset, "en", title).split("== Problems")[1]
    assert "[[:User talk:Pavel]]: The welcome notice for Pavel could not be left here" in problems
    assert "protectedpage" in problems and f"attempt 1 of {MAX_ATTEMPTS}" in problems

    for _ in range(MAX_ATTEMPTS - 1):
        assert bot.run("--contest", f"en:{title}", check=False).returncode == 1
    assert f"attempt {MAX_ATTEMPTS} of {MAX_ATTEMPTS}" in board(wikiset, "en", title)
    last = bot.run("--contest", f"en:{title}")
    assert "welcome notice" not in said(last)  # no further attempt
    assert last.edits == 0
    assert talk_revisions(wikiset, "en", "Pavel") == revisions


@pytest.fixture
def unblock_bot(wikiset: WikiSet) -> Iterator[None]:
    yield
    with contextlib.suppress(Exception):  # not blocked (the test failed before blocking)
        wikiset.admin("en").unblock(BOT)


def test_a_blocked_bot_reports_and_sends_after_the_block_is_lifted(
    wikiset: WikiSet, bot: Bot, unblock_bot: None
) -> None:
    title = "Project:Editathon/Blocked"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga"))
    sign_up(wikiset, "en", title, "Vera")
    wikiset.admin("en").block(BOT, expiry="1 day", reason="testing")

    blocked = bot.run("--contest", f"en:{title}", check=False)
    assert "the bot account is blocked" in said(blocked)
    assert talk(wikiset, "en", "Vera") == ""

    wikiset.admin("en").unblock(BOT)
    bot.run("--contest", f"en:{title}")
    assert notices(talk(wikiset, "en", "Vera"), "welcome") == ["signup"]


def test_the_stop_page_holds_notices_back_until_it_is_emptied(wikiset: WikiSet, bot: Bot) -> None:
    title = "Project:Editathon/Stopped"
    make_contest(wikiset, "en", title, "Olga", contest_text("Olga"))
    sign_up(wikiset, "en", title, "Sofia")
    stop = f"User:{BOT}/Stop"
    wikiset.admin("en").edit(stop, "Stop: checking the notices.", "stop")
    try:
        held = bot.run("--contest", f"en:{title}", check=False)
        assert held.returncode == 1 and "wiki en stopped by Admin since" in held.stdout
        assert talk(wikiset, "en", "Sofia") == ""
    finally:
        wikiset.admin("en").edit(stop, "", "run again")
    bot.run("--contest", f"en:{title}")
    assert notices(talk(wikiset, "en", "Sofia"), "welcome") == ["signup"]

"""``editathon serve`` against real local wikis, run as an operator runs it.

The service runs in a subprocess with a 3-second interval; the test acts on the
wikis between its cycles (reading its log to know when a cycle has finished) and
checks what people see: leaderboards and the bot's edits. It stops the service the
way Toolforge and systemd do, with SIGTERM.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import REPO, period_around_now, prose
from tests.wiki.leaderboard import entries

INTERVAL = "0.05"  # minutes: a cycle every 3 seconds


class Serving:
    """``editathon serve`` running against ``wset``, its log in a file."""

    def __init__(self, wset: WikiSet, state: Path, *args: str, interval: str = INTERVAL) -> None:
        self.log_path = state.with_suffix(".log")
        env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(state)}
        env.pop("EDITATHON_NOW", None)
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--interval", interval, *args],
                env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _count(self, what: str) -> int:
        return len(re.findall(rf"cycle \d+: {what}", self.log()))

    def wait_cycles(self, n: int, timeout: float = 120) -> None:
        """Until ``n`` cycles have finished."""
        deadline = time.monotonic() + timeout
        while self._count("finished") < n:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"fewer than {n} cycles in {timeout} s:\n{self.log()}")
            time.sleep(0.1)

    def next_cycle(self, timeout: float = 120) -> str:
        """Until a cycle that started after this call has finished; returns its log."""
        started = self._count("started")
        self.wait_cycles(started + 1, timeout)
        text = self.log()
        return text[text.index(f"cycle {started + 1}: started"):]

    def terminate(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Callable[..., Serving]]:
    """Factory: ``serving(wset, *args, interval=...)`` starts the service; stopped after the test."""
    started: list[Serving] = []

    def start(wset: WikiSet, *args: str, **kw: str) -> Serving:
        s = Serving(wset, tmp_path / f"state{len(started)}.sqlite", *args, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()


# --------------------------------------------------------------------------- helpers


def contest_text(organizer: str, wikis: str) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = {wikis}
| organizers = {organizer}
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
"""


def make_contest(wset: WikiSet, home: str, title: str, wikis: str | None = None) -> None:
    org = wset.actor(home, "Olga")
    org.edit(title, contest_text("Olga", wikis or home), "new contest")
    org.edit(f"{title}/Participants", "<nowiki># ~~~~</nowiki>\n", "participants")


def join_and_write(wset: WikiSet, home: str, title: str, user: str, article: str, wiki: str | None = None) -> None:
    """``user`` signs up on the home wiki, then (a second later) writes an article."""
    wset.actor(home, user).append(f"{title}/Participants", f"\n# [[User:{user}|{user}]] ~~~~~", "signing up")
    time.sleep(1.1)
    lang = wiki or home
    wset.actor(lang, user).edit(article, prose(120, lang), "new article")


def board(wset: WikiSet, home: str, title: str) -> str:
    return wset.admin(home).page_text(f"{title}/Leaderboard") or ""


#: A counted new article as a participant reads it on each home wiki: the status and
#: points columns, and their values (the contests' rule: new article 10; no jury).
COUNTED = {"en": ("Status", "counted", "Points", "10"), "ru": ("Статус", "засчитана", "Баллы", "10"),
           "tt": ("Халәт", "исәпкә алынды", "Баллар", "10")}


def assert_counted(wset: WikiSet, home: str, title: str, article: str, user: str) -> None:
    """``article`` is on the contest's leaderboard as ``user``'s entry, counted, 10 points."""
    status, counted, points, ten = COUNTED[home]
    row = entries(board(wset, home, title)).get(article)
    assert row is not None, f"{article} is not on {home}:{title}/Leaderboard"
    assert (row["participant"], row[status], row[points]) == (user, counted, ten), row


def bot_edits(wset: WikiSet, code: str) -> int:
    q = wset.anonymous(code).query(list="usercontribs", ucuser="EditathonBot", uclimit="max")
    return len(q["query"]["usercontribs"])


# --------------------------------------------------------------------------- tests


def test_serve_updates_every_cycle_and_stops_cleanly_on_sigterm(
    wikiset: WikiSet, serving: Callable[..., Serving]
) -> None:
    title = "Project:Editathon/Served"
    make_contest(wikiset, "en", title)
    join_and_write(wikiset, "en", title, "Aliya", "Served river")

    svc = serving(wikiset)
    svc.wait_cycles(1)
    assert_counted(wikiset, "en", title, "Served river", "Aliya")

    join_and_write(wikiset, "en", title, "Bulat", "Served bridge")
    svc.next_cycle()
    assert_counted(wikiset, "en", title, "Served river", "Aliya")
    assert_counted(wikiset, "en", title, "Served bridge", "Bulat")  # the later cycle did its work

    svc.next_cycle()  # and one with nothing new
    assert svc.terminate() == 0
    log = svc.log()
    finished = int(re.findall(r"stopped cleanly after (\d+) cycle", log)[-1])
    assert finished >= 3
    assert "stopping (SIGTERM)" in log
    assert "Traceback" not in log


def test_serve_with_cycles_exits_by_itself(wikiset: WikiSet, serving: Callable[..., Serving]) -> None:
    svc = serving(wikiset, "--cycles", "2", interval="0.01")
    assert svc.proc.wait(timeout=120) == 0
    log = svc.log()
    assert "cycle 2: finished" in log and "cycle 3" not in log
    assert "stopped cleanly after 2 cycle(s)" in log


def test_a_wiki_that_goes_down_does_not_stop_the_contests_on_the_others(
    fresh_wikiset: WikiSet, serving: Callable[..., Serving]
) -> None:
    wset = fresh_wikiset
    en, ru, tt = "Project:Editathon/Down en", "Project:Editathon/Down ru", "Project:Editathon/Down tt"
    make_contest(wset, "en", en, "en, tt")
    make_contest(wset, "ru", ru)
    make_contest(wset, "tt", tt)
    join_and_write(wset, "en", en, "Aliya", "Down river")
    join_and_write(wset, "ru", ru, "Aliya", "Нижняя река")
    join_and_write(wset, "tt", tt, "Aliya", "Түбән елга")

    svc = serving(wset)
    svc.wait_cycles(1)
    for home, title, article in (("en", en, "Down river"), ("ru", ru, "Нижняя река"), ("tt", tt, "Түбән елга")):
        assert_counted(wset, home, title, article, "Aliya")

    wset.stop_wiki("tt")
    assert wset.running()["tt"] is False
    join_and_write(wset, "en", en, "Bulat", "Down bridge")
    join_and_write(wset, "ru", ru, "Bulat", "Нижний мост")
    cycle = svc.next_cycle()

    # The contests at home on en and ru were updated; tt's failure is reported, not fatal.
    assert_counted(wset, "en", en, "Down bridge", "Bulat")
    assert_counted(wset, "ru", ru, "Нижний мост", "Bulat")
    assert "wiki tt failed" in cycle
    assert "could not be read" in board(wset, "en", en)  # the en contest counts tt articles too
    assert svc.proc.poll() is None  # the service is still running

    svc.next_cycle()  # and keeps cycling while tt is down
    assert svc.terminate() == 0
    assert "stopped cleanly" in svc.log()


def test_a_stop_request_ends_the_run_after_the_current_contest(fresh_wikiset: WikiSet, tmp_path: Path) -> None:
    """run_once asks ``stop`` before each contest: the one being written is finished."""
    wikiset = fresh_wikiset
    first, second = "Project:Editathon/Stop request 1", "Project:Editathon/Stop request 2"
    for title in (first, second):
        make_contest(wikiset, "en", title)
    state = tmp_path / "state.sqlite"
    source = f"""
import os, sys
from datetime import UTC, datetime
os.environ["EDITATHON_STATE"] = {str(state)!r}
from bot.config import load_config
from bot.run.update import run_once
wrote = []
def progress(line):
    if ": wrote " in line:
        wrote.append(line)
summary = run_once(load_config(), now=datetime.now(UTC), progress=progress, stop=lambda: bool(wrote))
print("\\n".join(wrote))
print("updated:", sum(1 for c in summary.contests if c.edits))
"""
    out = wikiset.run_python(source).stdout
    assert "updated: 1" in out
    boards = [wikiset.admin("en").page_text(f"{t}/Leaderboard") for t in (first, second)]
    queues = [wikiset.admin("en").page_text(f"{t}/Queue") for t in (first, second)]
    assert [b is not None for b in boards] == [True, False]  # contests go in title order
    assert [q is not None for q in queues] == [b is not None for b in boards]  # finished whole
    assert "User:EditathonBot/Status" not in out  # left for the next run

"""``editathon serve`` wiring, tested apart from the work it schedules.

The work here is a plain function that records what it was given; the scheduler,
the config reload and the signals are the real ones. The schedule itself (every
interval, coalesced missed runs, the misfire grace) is checked on a fixed clock in
``test_schedule_clock.py``. The status page's rows (what
``User:BOTNAME/Status`` lists, and when that changes) are pure and tested here too.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.main import build_parser
from bot.config import BotConfig, ConfigError
from bot.i18n import catalog
from bot.model import ContestState, PageRef, Problem
from bot.render.status_page import StatusRow
from bot.run.status import (
    changed_titles,
    edit_summary,
    merge_rows,
    rows_from_json,
    rows_to_json,
)
from bot.service import CONFIG_JOB, UPDATE_JOB, Service

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TICK = 0.001  # minutes between cycles in these tests: 60 ms


def write_config(path: Path, *, username: str = "EditathonBot", interval: float = 60) -> Path:
    path.write_text(
        f"""[bot]
username = "{username}"
interval_minutes = {interval}

[wikis.en]
family = "devwiki"
code = "en"
prefixes = ["Project:Editathon/"]
""",
        encoding="utf-8",
    )
    return path


def touch_later(path: Path) -> None:
    """Make the file look changed even on a coarse clock (mtime one second on)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@dataclass
class Call:
    cfg: BotConfig
    now: datetime
    should_stop: Callable[[], bool]


class Recorder:
    """A work function: records each call, optionally sleeps, counts overlaps."""

    def __init__(self, seconds: float = 0.0, fail_first: bool = False) -> None:
        self.calls: list[Call] = []
        self.seconds = seconds
        self.fail_first = fail_first
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def __call__(self, cfg: BotConfig, now: datetime, should_stop: Callable[[], bool]) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.calls.append(Call(cfg, now, should_stop))
            n = len(self.calls)
        try:
            time.sleep(self.seconds)
            if self.fail_first and n == 1:
                raise RuntimeError("a bug in the first cycle")
        finally:
            with self._lock:
                self.active -= 1


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "bot.toml")


def serve_in_background(service: Service) -> threading.Thread:
    thread = threading.Thread(target=service.serve, kwargs={"handle_signals": False}, daemon=True)
    thread.start()
    return thread


def wait_for(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# --------------------------------------------------------------------------- scheduling


def test_each_cycle_gets_the_config_the_clock_and_a_stop_check(config: Path) -> None:
    work = Recorder()
    service = Service(config, work, clock=lambda: NOW, interval_minutes=TICK, cycles=2)

    assert service.serve(handle_signals=False) == 0

    assert len(work.calls) == 2
    assert [c.now for c in work.calls] == [NOW, NOW]
    assert all(c.cfg.username == "EditathonBot" for c in work.calls)
    assert work.calls[0].should_stop() is True  # asked to stop after the second cycle
    assert not service.scheduler.running


def test_jobs_run_one_at_a_time_coalesced_with_a_misfire_grace(config: Path) -> None:
    service = Service(config, Recorder(), interval_minutes=10)
    service.start()
    try:
        update, check = service.job(UPDATE_JOB), service.job(CONFIG_JOB)
        assert (update.max_instances, update.coalesce, update.misfire_grace_time) == (1, True, 300)
        assert update.trigger.interval.total_seconds() == 600
        assert (check.max_instances, check.coalesce) == (1, True)
    finally:
        service.request_stop("test")
        service.shutdown()


def test_the_interval_comes_from_the_config_unless_given(config: Path) -> None:
    write_config(config, interval=45)
    assert Service(config, Recorder()).interval_minutes == 45
    assert Service(config, Recorder(), interval_minutes=2).interval_minutes == 2


def test_a_failing_cycle_is_logged_and_the_next_one_runs(
    config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    work = Recorder(fail_first=True)
    with caplog.at_level(logging.ERROR, logger="editathon.service"):
        assert Service(config, work, interval_minutes=TICK, cycles=2).serve(handle_signals=False) == 0
    assert len(work.calls) == 2
    assert "cycle 1 failed" in caplog.text


# --------------------------------------------------------------------------- config reload


def test_a_changed_config_file_is_read_again(config: Path) -> None:
    service = Service(config, Recorder())
    assert service.check_config() is False  # unchanged

    write_config(config, username="OtherBot")
    touch_later(config)

    assert service.check_config() is True
    assert service.cfg.username == "OtherBot"
    assert service.check_config() is False  # read once per change


def test_the_next_cycle_uses_the_reloaded_config(config: Path) -> None:
    work = Recorder()
    service = Service(config, work, interval_minutes=TICK, config_check_seconds=0.05)
    thread = serve_in_background(service)
    try:
        wait_for(lambda: len(work.calls) >= 1)
        write_config(config, username="OtherBot")
        touch_later(config)
        wait_for(lambda: work.calls[-1].cfg.username == "OtherBot")
    finally:
        service.request_stop("test")
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_new_interval_reschedules_the_update(config: Path) -> None:
    service = Service(config, Recorder())
    service.start()
    try:
        write_config(config, interval=5)
        touch_later(config)
        assert service.check_config() is True
        job = service.job(UPDATE_JOB)
        assert job.trigger.interval.total_seconds() == 300
        assert job.misfire_grace_time == 150
    finally:
        service.request_stop("test")
        service.shutdown()


def test_an_interval_of_zero_is_refused_at_start_and_on_reload(config: Path) -> None:
    write_config(config, interval=0)
    with pytest.raises(ConfigError, match=r"interval_minutes = 0: must be > 0"):
        Service(config, Recorder())
    write_config(config, interval=5)
    service = Service(config, Recorder())
    write_config(config, interval=0)
    touch_later(config)
    assert service.check_config() is False
    assert service.interval_minutes == 5


def test_a_broken_config_is_reported_and_the_old_one_kept(
    config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = Service(config, Recorder())
    config.write_text("[bot\nusername = ", encoding="utf-8")
    touch_later(config)
    with caplog.at_level(logging.ERROR, logger="editathon.service"):
        assert service.check_config() is False
    assert service.cfg.username == "EditathonBot"
    assert "keeping the previous one" in caplog.text
    assert "not valid TOML" in caplog.text


# --------------------------------------------------------------------------- stopping


def test_sigterm_finishes_the_current_contest_then_serve_returns_0(config: Path) -> None:
    """The work sends SIGTERM to its own process in the middle of a cycle of five contests."""
    done: list[int] = []
    saw_stop: list[bool] = []

    def work(cfg: BotConfig, now: datetime, should_stop: Callable[[], bool]) -> None:
        for contest in range(5):
            if should_stop():
                saw_stop.append(True)
                return
            if contest == 1:
                os.kill(os.getpid(), signal.SIGTERM)
                wait_for(should_stop)  # the handler runs in the main thread
            done.append(contest)

    before = signal.getsignal(signal.SIGTERM)
    service = Service(config, work, interval_minutes=TICK)

    assert service.serve() == 0

    assert done == [0, 1]  # contest 1 was finished, 2 to 4 wait for the next start
    assert saw_stop == [True]
    assert service.cycles_done == 1  # no new cycle after the signal
    assert signal.getsignal(signal.SIGTERM) == before  # handlers restored


def test_sigint_stops_like_sigterm(config: Path) -> None:
    def work(cfg: BotConfig, now: datetime, should_stop: Callable[[], bool]) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        wait_for(should_stop)

    service = Service(config, work, interval_minutes=TICK)
    assert service.serve() == 0
    assert service.cycles_done == 1


def test_a_second_signal_exits_at_once(config: Path) -> None:
    exits: list[int] = []
    service = Service(config, Recorder())
    service.force_exit = exits.append
    service.on_signal(signal.SIGTERM)
    assert service.stopping and exits == []
    service.on_signal(signal.SIGINT)
    assert exits == [128 + signal.SIGINT]


def test_serve_command_line() -> None:
    args = build_parser().parse_args(["serve", "--interval", "0.5", "--cycles", "2"])
    assert (args.command, args.interval, args.cycles) == ("serve", 0.5, 2)
    assert build_parser().parse_args(["serve"]).interval is None
    for bad in (["serve", "--interval", "0"], ["serve", "--cycles", "-1"], ["serve", "--interval", "x"]):
        with pytest.raises(SystemExit):
            build_parser().parse_args(bad)


# --------------------------------------------------------------------------- status page rows


@dataclass
class Outcome:
    wiki: str
    title: str
    state: str = "open"
    entries: int = 0
    participants: int = 0
    error: str | None = None
    problems: tuple[Problem, ...] = ()


A, B, C = "Project:Editathon/A", "Project:Editathon/B", "Project:Editathon/C"
PROBLEM = Problem.make("parse-unknown-param", "en", A, revid=7, param="strat", template="Editathon")


def row(title: str, state: ContestState = ContestState.OPEN, *problems: Problem, entries: int = 0) -> StatusRow:
    return StatusRow(PageRef("en", title), state, tuple(problems), entries=entries)


def test_rows_are_this_runs_outcomes_of_the_wikis_own_contests() -> None:
    got = merge_rows("en", [A, B], [Outcome("en", A, entries=3), Outcome("en", B, "upcoming"),
                                    Outcome("ru", C)], {})
    assert got == {A: row(A, entries=3), B: row(B, ContestState.UPCOMING)}


def test_a_failed_contest_keeps_its_last_row_and_one_not_in_this_run_too() -> None:
    previous = {A: row(A, entries=3), B: row(B, ContestState.ENDED)}
    got = merge_rows("en", [A, B], [Outcome("en", A, "", error="wiki en: the wiki did not answer")], previous)
    assert got == previous


def test_a_contest_no_longer_known_drops_out() -> None:
    assert merge_rows("en", [A], [], {A: row(A), B: row(B)}) == {A: row(A)}


def test_a_broken_contest_shows_its_problems_under_its_last_state() -> None:
    got = merge_rows("en", [A, B], [Outcome("en", A, "broken", problems=(PROBLEM,)), Outcome("en", B, "broken")],
                     {A: row(A, entries=2)})
    # A keeps its last state with the new problem; B, never seen whole, shows as unable to run.
    assert got == {A: row(A, ContestState.OPEN, PROBLEM, entries=2), B: StatusRow(PageRef("en", B), None, ())}


def test_changed_rows_and_the_edit_summary_name_the_contests() -> None:
    before = {A: row(A), B: row(B)}
    after = {A: row(A, ContestState.OPEN, PROBLEM), C: row(C)}
    assert changed_titles(before, after) == [A, B, C]
    assert changed_titles(before, dict(before)) == []
    en = catalog("en")
    assert edit_summary([A, C], en, "User:EditathonBot") == (
        f"Updating the status of [[{A}]], [[{C}]] ([[User:EditathonBot|Editathon Bot]])"
    )
    many = [f"Project:Editathon/{i}" for i in range(6)]
    assert edit_summary(many, en, "User:Bot") == "Updating the status of the contests ([[User:Bot|Editathon Bot]])"
    for lang in ("ru", "tt"):
        text = edit_summary([A], catalog(lang), "User:Bot")
        assert f"[[{A}]]" in text and "[[User:Bot|" in text


def test_rows_survive_the_store_and_unreadable_ones_are_dropped() -> None:
    rows = {A: row(A, ContestState.CLOSED, PROBLEM, entries=4), B: row(B)}
    assert rows_from_json(rows_to_json(rows)) == rows
    data = rows_to_json(rows)
    data["rows"][0]["state"] = "sleeping"
    assert rows_from_json(data) == {B: row(B)}
    assert rows_from_json(None) == {}

"""The service's schedule on a fixed clock: APScheduler's own decisions, without sleeps.

The clock is the test's (``datetime.now`` in APScheduler's scheduler, executor and
interval trigger, and in :mod:`bot.service`, all read it), and jobs run only when the
test asks the scheduler to process what is due, in the test's thread. So "every
interval", "missed runs do not pile up" and "a run too late is skipped" are checked
at exact moments rather than by waiting and counting.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import apscheduler.executors.base
import apscheduler.schedulers.base
import apscheduler.triggers.interval
import pytest
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

import bot.service
from bot.service import CONFIG_JOB, UPDATE_JOB, Service
from tests.unit.test_service import Recorder, write_config

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class ManualScheduler(BaseScheduler):
    """A scheduler that runs what is due only when :meth:`run_due` is called."""

    def wakeup(self) -> None:
        pass

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def run_due(self) -> None:
        self._process_jobs()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(T0)

    class Fixed(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
            return c.now if tz is None else c.now.astimezone(tz)

    for module in (apscheduler.schedulers.base, apscheduler.executors.base, apscheduler.triggers.interval,
                   bot.service):
        monkeypatch.setattr(module, "datetime", Fixed)
    return c


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "bot.toml", interval=10)


@pytest.fixture
def served(config: Path, clock: Clock) -> Iterator[tuple[Service, Recorder, ManualScheduler]]:
    work = Recorder()
    service = Service(config, work, clock=lambda: clock.now)
    scheduler = ManualScheduler(timezone=UTC, executors={"default": DebugExecutor()})
    service.scheduler = scheduler
    service.start()
    yield service, work, scheduler
    service.request_stop("test")
    service.shutdown()


def times(work: Recorder) -> list[datetime]:
    return [c.now for c in work.calls]


def test_the_first_update_runs_at_once_then_every_interval(
    served: tuple[Service, Recorder, ManualScheduler], clock: Clock
) -> None:
    service, work, scheduler = served
    scheduler.run_due()
    assert times(work) == [T0]
    clock.advance(minutes=9, seconds=59)
    scheduler.run_due()
    assert times(work) == [T0]  # not yet
    clock.advance(seconds=1)
    scheduler.run_due()
    assert times(work) == [T0, T0 + timedelta(minutes=10)]
    assert service.job(UPDATE_JOB).next_run_time == T0 + timedelta(minutes=20)


def test_missed_runs_are_coalesced_into_one(served: tuple[Service, Recorder, ManualScheduler], clock: Clock) -> None:
    """The machine slept (or a cycle ran long) through three runs: one run, not three."""
    _, work, scheduler = served
    scheduler.run_due()
    clock.advance(minutes=34)  # the runs of +10, +20 and +30 are due; +30 is 4 minutes late
    scheduler.run_due()
    assert times(work) == [T0, T0 + timedelta(minutes=34)]


def test_a_run_later_than_half_an_interval_is_skipped(
    served: tuple[Service, Recorder, ManualScheduler], clock: Clock
) -> None:
    service, work, scheduler = served
    scheduler.run_due()
    clock.advance(minutes=16)  # the run of +10 is 6 minutes late; the grace is 5 (half of 10)
    scheduler.run_due()
    assert times(work) == [T0]
    assert service.job(UPDATE_JOB).next_run_time == T0 + timedelta(minutes=20)
    clock.advance(minutes=4)
    scheduler.run_due()
    assert times(work) == [T0, T0 + timedelta(minutes=20)]


def test_a_new_interval_in_the_config_takes_over_at_the_next_check(
    served: tuple[Service, Recorder, ManualScheduler], clock: Clock, config: Path
) -> None:
    service, work, scheduler = served
    scheduler.run_due()
    write_config(config, interval=30)
    clock.advance(seconds=15)  # the config is checked every 15 seconds
    scheduler.run_due()
    assert service.interval_minutes == 30
    assert service.job(CONFIG_JOB).next_run_time == T0 + timedelta(seconds=30)
    next_update = service.job(UPDATE_JOB).next_run_time
    assert next_update == T0 + timedelta(seconds=15, minutes=30)
    assert service.job(UPDATE_JOB).misfire_grace_time == 15 * 60
    assert times(work) == [T0]


def test_a_stop_request_runs_nothing_more(served: tuple[Service, Recorder, ManualScheduler], clock: Clock) -> None:
    service, work, scheduler = served
    scheduler.run_due()
    service.request_stop("test")
    clock.advance(minutes=10)
    scheduler.run_due()
    assert times(work) == [T0]
    assert work.calls[0].should_stop() is True

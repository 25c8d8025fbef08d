"""``editathon serve``: the long-running service (the only module that imports apscheduler).

The service owns *when* things happen; what happens in a cycle is a plain function,
``work(cfg, now, should_stop)``, which production sets to :func:`update_cycle` (one
:func:`bot.run.update.run_once` over every contest) and tests replace, so the wiring is
tested apart from the work and the work apart from the wiring.

Two jobs run on an APScheduler ``BackgroundScheduler``:

* ``update`` every ``interval_minutes`` (from the config, or ``--interval``), first at
  start. ``max_instances=1``: never two updates at once, so never two updates of one
  contest at once; a cycle that is still running when the next is due makes the
  scheduler skip that one (it logs it) instead of queueing it. ``coalesce=True`` with a
  misfire grace of half an interval: runs missed while the machine slept or a cycle ran
  long collapse into one, they never pile up.
* ``config`` every few seconds: when the config file's modification time (or size)
  changes, it is read again; a broken file is logged and the old config kept, so an
  operator's typo never stops a running bot. A new interval reschedules ``update``.

SIGTERM or SIGINT asks the service to stop: the running cycle finishes the contest it
is on (``should_stop`` turns true, :func:`bot.run.update.run_once` checks it between
contests), no new cycle starts, and :meth:`Service.serve` returns 0. A second signal
exits at once, for an operator who cannot wait.
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
from types import FrameType
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import BotConfig, ConfigError, load_config

log = logging.getLogger("editathon.service")

#: ``work(cfg, now, should_stop)``: one cycle. ``should_stop()`` turns true when the
#: service is asked to stop; the work checks it between contests.
Work = Callable[[BotConfig, datetime, Callable[[], bool]], object]
Clock = Callable[[], datetime]
ConfigLoader = Callable[[Path], BotConfig]

UPDATE_JOB = "update"
CONFIG_JOB = "config"
CONFIG_CHECK_SECONDS = 15.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def update_cycle(cfg: BotConfig, now: datetime, should_stop: Callable[[], bool]) -> object:
    """The production work of one cycle: update every contest once, log the summary."""
    from bot.console import format_summary, progress_printer
    from bot.run.update import run_once

    summary = run_once(cfg, now=now, progress=progress_printer(), stop=should_stop)
    for line in format_summary(summary).splitlines():
        if line.strip():
            log.info("%s", line)
    return summary


@dataclass(frozen=True)
class FileStamp:
    """What tells that the config file changed: modification time and size."""

    mtime_ns: int
    size: int

    @staticmethod
    def of(path: Path) -> FileStamp | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return FileStamp(st.st_mtime_ns, st.st_size)


class Service:
    """The scheduler wiring around one ``work`` function.

    ``interval_minutes`` overrides the config's ``interval_minutes`` (``--interval``);
    ``cycles`` stops the service after that many cycles (tests, one-shot operations).
    """

    def __init__(
        self,
        config_path: Path,
        work: Work = update_cycle,
        *,
        clock: Clock = utc_now,
        interval_minutes: float | None = None,
        cycles: int | None = None,
        config_check_seconds: float = CONFIG_CHECK_SECONDS,
        load: ConfigLoader = load_config,
    ) -> None:
        self.config_path = Path(config_path)
        self.work = work
        self.clock = clock
        self.interval_override = interval_minutes
        self.max_cycles = cycles
        self.config_check_seconds = config_check_seconds
        self.load = load
        self.cfg = self._load()  # a broken config stops the start (ConfigError)
        self._stamp = FileStamp.of(self.config_path)
        self._stop = threading.Event()
        self._signals = 0
        self.cycles_started = 0
        self.cycles_done = 0
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            # Two workers: the config check must not wait behind a long update.
            executors={"default": ThreadPoolExecutor(max_workers=2)},
        )
        self.force_exit: Callable[[int], Any] = os._exit

    def _load(self) -> BotConfig:
        cfg = self.load(self.config_path)
        if self.interval_override is None and not cfg.interval_minutes > 0:
            raise ConfigError(
                f"{self.config_path} [bot]: interval_minutes must be more than 0, not "
                f"{cfg.interval_minutes:g}; fix the value."
            )
        return cfg

    # ------------------------------------------------------------ schedule

    @property
    def interval_minutes(self) -> float:
        if self.interval_override is not None:
            return self.interval_override
        return self.cfg.interval_minutes

    def _update_trigger(self) -> IntervalTrigger:
        return IntervalTrigger(seconds=self.interval_minutes * 60, timezone=UTC)

    def _grace_seconds(self) -> int:
        """Half an interval (at least a second): later than that, a run is skipped."""
        return max(1, int(self.interval_minutes * 30))

    def start(self) -> None:
        """Add the jobs (the first update at once) and start the scheduler's thread."""
        self.scheduler.add_job(
            self._cycle,
            self._update_trigger(),
            id=UPDATE_JOB,
            name="update every contest",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=self._grace_seconds(),
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.check_config,
            IntervalTrigger(seconds=self.config_check_seconds, timezone=UTC),
            id=CONFIG_JOB,
            name="reload the config when it changes",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(1, int(self.config_check_seconds)),
        )
        self.scheduler.start()
        log.info(
            "serving: every %s minute(s), config %s (checked every %s s)",
            _num(self.interval_minutes), self.config_path, _num(self.config_check_seconds),
        )

    def job(self, job_id: str) -> Any:
        """The scheduled job (for tests and logs): its trigger and its options."""
        return self.scheduler.get_job(job_id)

    # ------------------------------------------------------------ the jobs

    def _cycle(self) -> None:
        """One update: the work, with the config and the time of this moment."""
        if self._stop.is_set():
            return
        self.cycles_started += 1
        n = self.cycles_started
        cfg = self.cfg
        now = self.clock()
        t0 = time.monotonic()
        log.info("cycle %d: started (%s)", n, now.isoformat(timespec="seconds"))
        try:
            self.work(cfg, now, self._stop.is_set)
        except Exception:  # a failed cycle is logged; the next one runs on schedule
            log.exception("cycle %d failed; the next cycle runs on schedule", n)
        finally:
            self.cycles_done += 1
            log.info("cycle %d: finished in %.1f s", n, time.monotonic() - t0)
            if self.max_cycles is not None and self.cycles_done >= self.max_cycles:
                self.request_stop(f"{self.cycles_done} cycle(s) done")

    def check_config(self) -> bool:
        """Reload the config if its file changed; True when a new config was taken."""
        stamp = FileStamp.of(self.config_path)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            cfg = self._load()
        except ConfigError as exc:
            log.error("config changed but cannot be used, keeping the previous one: %s", exc)
            return False
        before = self.interval_minutes
        self.cfg = cfg
        log.info("config reloaded from %s", self.config_path)
        if self.interval_minutes != before and self.scheduler.running:
            self.scheduler.reschedule_job(UPDATE_JOB, trigger=self._update_trigger())
            self.scheduler.modify_job(UPDATE_JOB, misfire_grace_time=self._grace_seconds())
            log.info("update interval is now %s minute(s)", _num(self.interval_minutes))
        return True

    # ------------------------------------------------------------ stopping

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def request_stop(self, why: str) -> None:
        """Finish the contest being updated, start no new cycle, then let serve() return."""
        if not self._stop.is_set():
            log.info("stopping (%s): finishing the current contest", why)
        self._stop.set()

    def on_signal(self, signum: int, frame: FrameType | None = None) -> None:
        """SIGTERM/SIGINT: stop cleanly; a second one exits at once."""
        self._signals += 1
        name = signal.Signals(signum).name
        if self._signals > 1:
            log.warning("%s again: exiting now, without finishing the current contest", name)
            self.force_exit(128 + signum)
            return
        self.request_stop(name)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a stop is requested (True) or ``timeout`` passes (False)."""
        return self._stop.wait(timeout)

    def shutdown(self) -> None:
        """Stop the scheduler, waiting for the running cycle to return."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)

    def serve(self, *, handle_signals: bool = True) -> int:
        """Run until stopped; returns the exit code (0: stopped cleanly)."""
        previous: dict[signal.Signals, Any] = {}
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, self.on_signal)
        try:
            self.start()
            # A timeout keeps the main thread waking up, so signals are handled promptly.
            while not self.wait(0.5):
                pass
        finally:
            self.shutdown()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        log.info("stopped cleanly after %d cycle(s)", self.cycles_done)
        return 0


def _num(x: float) -> str:
    return f"{x:g}"

"""A contest's life played twice: on a reference wiki set with no fault, and on a second
set where each bot run meets faults (:mod:`tests.wiki.faultproxy`) or a SIGKILL.

The life (:data:`STAGES`): an organizer opens a contest with a jury and a prize;
participants sign up on en and write on en and tt (welcome notices); more sign up and
write; the jury decides (verdict notices); the contest ends and the organizer closes it
(results and prize notices). People act on the reference set only. Before the bot's run
of each stage the reference set's databases and the bot's state file are copied
(:class:`Snapshot`); every faulted trial starts from that copy on the second set, so both
runs see the same wikis, the same revision ids and the same clock (``EDITATHON_NOW``).

A trial: one run with faults (or killed), then one run with none. What must hold:

* the faulted run ends with exit 0 only when it left nothing undone (the bot's pages are
  already those of the reference), else with exit 1 and a line that says what failed;
  never a traceback (a crash is not a clear message);
* after the fault-free run, every page the bot wrote on any wiki has the reference's text
  (its own signatures' times aside: the wiki writes those), every notice is on its talk
  page once, the run exits 0, and the bot's store passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import DEFAULT_CONFIG
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import CLEAR_OBJECT_CACHE, LANGS
from tests.wiki.botrun import REPO, Bot, BotResult, period_around_now, prose
from tests.wiki.faultproxy import FaultProxy, Plan

HOME = "en"
TITLE = "Project:Editathon/Fault life"
BOT_USER = "EditathonBot"
MARKER = re.compile(r"<!-- editathon-notice:[^>]*? -->")
RETRY_WAIT = 0.2  # seconds, doubling, under faults
SIGNATURE_TIME = re.compile(r"\d\d:\d\d, \d{1,2} \S+ \d{4} \(UTC\)")


def contest_text(*, close: bool = False) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = en, ru, tt
| organizers = Olga
| jury = Carol
| quorum = 1
| review = required
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
{{{{Editathon prize | overall | places = 1}}}}
{"{{Editathon close}}" if close else ""}
"""


def _sign_up(wset: WikiSet, *users: str) -> None:
    for user in users:
        wset.actor(HOME, user).append(f"{TITLE}/Participants", "\n# ~~~~", "signing up")


def _decide(wset: WikiSet, article: str, verdict: str) -> None:
    line = f"{{{{Editathon decision | {article} | {verdict} | comment = checked }}}} ~~~~"
    wset.actor(HOME, "Carol").append(f"{TITLE}/Jury", "\n" + line, "decision")


def stage_signups(wset: WikiSet) -> None:
    org = wset.actor(HOME, "Olga")
    org.edit(TITLE, contest_text(), "new contest")
    org.edit(f"{TITLE}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "signups")
    org.edit(f"{TITLE}/Jury", "Jury decisions, one signed line each.\n", "jury page")
    _sign_up(wset, "Faigul", "Filnur")
    time.sleep(1.1)  # articles come after the signups
    wset.actor(HOME, "Faigul").edit("Fault river bridge", prose(90), "new")
    wset.actor("tt", "Filnur").edit("Хата елгасы", prose(90, "tt"), "яңа")


def stage_entries(wset: WikiSet) -> None:
    _sign_up(wset, "Flena", "Fmarat")
    time.sleep(1.1)
    wset.actor(HOME, "Flena").edit("Fault city tower", prose(80), "new")
    wset.actor(HOME, "Faigul").edit("Fault old market", prose(70), "new")


def stage_decisions(wset: WikiSet) -> None:
    _decide(wset, "Fault river bridge", "accept")
    _decide(wset, "tt:Хата елгасы", "accept")
    _decide(wset, "Fault city tower", "reject")


def stage_close(wset: WikiSet) -> None:
    _decide(wset, "Fault old market", "accept")
    wset.actor(HOME, "Olga").edit(TITLE, contest_text(close=True), "closed")


@dataclass(frozen=True)
class Stage:
    name: str
    act: Callable[[WikiSet], None]
    after_end: bool = False  # the bot's clock after the contest's end (36 hours)

    def now(self) -> datetime:
        if self.after_end:
            _, end = period_around_now()
            return datetime.fromisoformat(end).replace(tzinfo=UTC) + timedelta(hours=36)
        return datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=5)


STAGES = (
    Stage("signups", stage_signups),
    Stage("entries", stage_entries),
    Stage("decisions", stage_decisions),
    Stage("close", stage_close, after_end=True),
)


# ------------------------------------------------------------------ copies of the wikis


def _backup(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source, timeout=60)) as src, closing(sqlite3.connect(target, timeout=60)) as dst:
        src.backup(dst)


def _databases(wset: WikiSet, code: str) -> list[Path]:
    return sorted((wset[code].dir / "data").glob("*.sqlite"))


@dataclass
class Snapshot:
    """The reference set's databases and the bot's state, right before a stage's run."""

    root: Path
    now: datetime

    @classmethod
    def take(cls, wset: WikiSet, state: Path, root: Path, now: datetime) -> Snapshot:
        root.mkdir(parents=True, exist_ok=True)
        for code in LANGS:
            (root / code).mkdir(exist_ok=True)
            for db in _databases(wset, code):
                _backup(db, root / code / db.name)
        if state.exists():
            _backup(state, root / "state.sqlite")
        return cls(root, now)

    def restore(self, wset: WikiSet, state: Path) -> None:
        """Put the copy into ``wset`` (running: its servers are idle between trials)."""
        for code in LANGS:
            for db in sorted((self.root / code).glob("*.sqlite")):
                _backup(db, wset[code].dir / "data" / db.name)
        wset.configure({c: wset[c].port for c in LANGS})  # its own ports again; empties caches
        for code in LANGS:
            with closing(sqlite3.connect(wset[code].dir / "data" / "wikicache.sqlite", timeout=60)) as c, c:
                c.execute(CLEAR_OBJECT_CACHE)
        for stale in state.parent.glob(state.name + "*"):
            stale.unlink()
        if (self.root / "state.sqlite").exists():
            _backup(self.root / "state.sqlite", state)


# ------------------------------------------------------------------ what the bot wrote


def bot_pages(wset: WikiSet) -> dict[str, str]:
    """Every page the bot has edited on any wiki of ``wset`` -> its text now, with the
    times of signatures (written by the wiki, not the bot) blanked."""
    out: dict[str, str] = {}
    for code in LANGS:
        admin = wset.anonymous(code)
        changes = admin.query(list="recentchanges", rcuser=BOT_USER, rcprop="title", rclimit="max",
                              rctype="edit|new")["query"]["recentchanges"]
        for title in sorted({c["title"] for c in changes}):
            text = admin.page_text(title) or ""
            out[f"{code}:{title}"] = SIGNATURE_TIME.sub("(time)", text)
    return out


def duplicate_notices(pages: dict[str, str]) -> list[str]:
    """Notices found more than once on one page, as ``page: marker``."""
    dups = []
    for title, text in pages.items():
        markers = MARKER.findall(text)
        dups += [f"{title}: {m}" for m in sorted(set(markers)) if markers.count(m) > 1]
    return dups


def differences(got: dict[str, str], want: dict[str, str]) -> list[str]:
    """What differs between two sets of bot pages, one line each (empty: identical)."""
    out = [f"missing {t}" for t in sorted(set(want) - set(got))]
    out += [f"extra {t}" for t in sorted(set(got) - set(want))]
    for title in sorted(set(got) & set(want)):
        if got[title] != want[title]:
            a, b = [*got[title].splitlines(), "<end>"], [*want[title].splitlines(), "<end>"]
            first = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
            out.append(f"differs {title} at line {first + 1}: {a[first]!r} vs {b[first]!r}")
    return out


def integrity(state: Path) -> str:
    with closing(sqlite3.connect(state)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


# ------------------------------------------------------------------ running the bot


def run_bot(bot: Bot, now: datetime, proxy: FaultProxy | None = None, timeout: float = 600,
            kill_after: float | None = None, jobs: bool = True) -> BotResult:
    """A full run (every contest, the status page) at ``now``, through ``proxy`` if given;
    the proxy may kill it (:attr:`FaultProxy.process`), or a timer ``kill_after`` seconds.
    ``jobs``: run the job queue first, as production's job runners would have (a trial's
    copy was taken with the queue empty, and only the bot edits on it)."""
    cmd, env = bot.command(now=now)
    if jobs:
        bot.wset.run_jobs()
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timer = threading.Timer(kill_after, proc.kill) if kill_after is not None else None
    if proxy is not None:
        proxy.process = proc
    if timer is not None:
        timer.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        if timer is not None:
            timer.cancel()
        if proxy is not None:
            proxy.process = None
    return BotResult(proc.returncode, out, err)


def failure_said(result: BotResult) -> bool:
    """Whether a failed run says what failed: a wiki, a contest or a page, on the console."""
    text = result.stdout + result.stderr
    return bool(re.search(r"\b(failed|not saved|did not answer|no answer|error|could not)\b", text, re.I))


@dataclass
class Trial:
    """One faulted (or killed) run and the fault-free run after it."""

    stage: str
    faults: list[str]
    seen: int
    faulted: BotResult
    clean: BotResult | None = None
    killed: bool = False
    seconds: float = 0.0  # how long the faulted run took
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Life:
    """The reference set (people act on it; the bot runs on it without faults) and the
    faulted set (restored from the reference's snapshot before each trial)."""

    ref: WikiSet
    faulted: WikiSet
    tmp: Path
    ref_bot: Bot = field(init=False)
    bot: Bot = field(init=False)
    trials: list[Trial] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ref_bot = Bot(self.ref, self.tmp / "ref-state.sqlite")
        self.bot = Bot(self.faulted, self.tmp / "state.sqlite")
        # Under faults, pywikibot's waits between retries are short (production: 5 s doubling,
        # 15 retries; the local config: 1 s, 2 retries); the number of retries stays.
        self.fault_config = self.tmp / "bot-faults.toml"
        text = DEFAULT_CONFIG.read_text()
        assert "\nretry_wait = 1\n" in text
        self.fault_config.write_text(text.replace("\nretry_wait = 1\n", f"\nretry_wait = {RETRY_WAIT}\n"))

    def stages(self) -> Iterator[tuple[Stage, Snapshot, dict[str, str]]]:
        """Each stage: people act, the snapshot is taken, the reference runs; yields the
        snapshot and the reference's bot pages for the stage's trials."""
        for n, stage in enumerate(STAGES):
            stage.act(self.ref)
            self.ref.run_jobs()
            now = stage.now()
            snap = Snapshot.take(self.ref, self.ref_bot.state, self.tmp / f"snap-{n}", now)
            result = run_bot(self.ref_bot, now)
            assert result.returncode == 0, result.stdout + result.stderr
            yield stage, snap, bot_pages(self.ref)

    def trial(self, stage: Stage, snap: Snapshot, want: dict[str, str], plan: Plan,
              kill_after: float | None = None) -> Trial:
        """Restore the snapshot, run with ``plan``'s faults (or killed: a ``kill`` fault,
        or ``kill_after`` seconds), then without, and check what must hold."""
        snap.restore(self.faulted, self.bot.state)
        ports = {c: self.faulted[c].port for c in LANGS}
        with FaultProxy(ports, plan) as proxy:
            pwb = proxy.pywikibot_dir(self.faulted.pywikibot_dir, self.tmp / "pywikibot-proxy")
            self.bot.env = {"PYWIKIBOT_DIR": str(pwb), "EDITATHON_CONFIG": str(self.fault_config)}
            started = time.monotonic()
            faulted = run_bot(self.bot, snap.now, proxy, kill_after=kill_after, jobs=False)
            seconds = time.monotonic() - started
            killed = proxy.killed.is_set() or (kill_after is not None and faulted.returncode == -9)
            faults = proxy.faults() if kill_after is None else [f"kill at {kill_after:.2f} s"]
            trial = Trial(stage.name, faults, len(proxy.seen), faulted, killed=killed, seconds=seconds)
        self.bot.env = {}
        said = faulted.stdout + faulted.stderr
        if kill_after is not None and not killed:  # the run ended before the timer: a plain run
            trial.faults = []
        if not trial.killed:
            if "Traceback" in said:
                trial.problems.append("the faulted run printed a traceback")
            if faulted.returncode == 0:
                left = differences(bot_pages(self.faulted), want)
                if left:
                    trial.problems.append("exit 0 but not done: " + "; ".join(left[:3]))
            elif faulted.returncode != 1 or not failure_said(faulted):
                trial.problems.append(f"exit {faulted.returncode} without a clear message")
        elif faulted.returncode != -9:
            trial.problems.append(f"killed, yet exit {faulted.returncode}")
        clean = run_bot(self.bot, snap.now, jobs=False)
        trial.clean = clean
        if clean.returncode != 0:
            trial.problems.append(f"the next fault-free run exited {clean.returncode}: "
                                  + (clean.stdout + clean.stderr)[-600:])
        got = bot_pages(self.faulted)
        dups = duplicate_notices(got)
        if dups:
            trial.problems.append("notice twice: " + "; ".join(dups[:3]))
        diff = differences(got, want)
        if diff:
            trial.problems.append("not as the reference: " + "; ".join(diff[:4]))
        check = integrity(self.bot.state)
        if check != "ok":
            trial.problems.append(f"integrity_check: {check}")
        self.trials.append(trial)
        return trial


@contextmanager
def life(ref: WikiSet, faulted: WikiSet, tmp: Path) -> Iterator[Life]:
    yield Life(ref, faulted, tmp)

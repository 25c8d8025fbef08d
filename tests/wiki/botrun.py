"""Running the real ``editathon`` command against a test's wiki set.

The bot runs in a subprocess, exactly as an operator runs it, with the set's
pywikibot folder and its own state file, so pywikibot's global state never leaks
between tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.devwiki.harness import WikiSet

REPO = Path(__file__).resolve().parents[2]


@dataclass
class BotResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def requests(self) -> dict[str, int]:
        """Requests per wiki from the summary's ``requests:`` line."""
        for line in self.stdout.splitlines():
            if line.startswith("requests:"):
                body = line.split(":", 1)[1].split("(total")[0]
                out = {}
                for part in body.split(","):
                    bits = part.split()
                    if len(bits) == 2:
                        out[bits[0]] = int(bits[1])
                return out
        return {}

    @property
    def edits(self) -> int:
        for line in self.stdout.splitlines():
            if line.startswith("edits:") and "(total" in line:
                return int(line.split("(total")[1].strip(" )"))
        return 0


class Bot:
    """The bot as an operator would run it against ``wset``, with its own state file."""

    def __init__(self, wset: WikiSet, state: Path, config: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.wset = wset
        self.state = state
        self.config = config
        self.env = env or {}

    def command(self, *args: str, now: datetime | None = None) -> tuple[list[str], dict[str, str]]:
        """The command line and environment of ``editathon run --once ARGS``."""
        env = {**os.environ, **self.wset.env(), "EDITATHON_STATE": str(self.state), **self.env}
        if self.config:
            env["EDITATHON_CONFIG"] = str(self.config)
        if now:
            env["EDITATHON_NOW"] = now.isoformat()
        return [sys.executable, "-m", "bot.cli", "run", "--once", *args], env

    def run(self, *args: str, now: datetime | None = None, check: bool = True) -> BotResult:
        cmd, env = self.command(*args, now=now)
        self.wset.run_jobs()  # as production does: jobs (reverted tags, links) run continuously
        proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
        result = BotResult(proc.returncode, proc.stdout, proc.stderr)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"editathon exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
            )
        return result


def today() -> date:
    return datetime.now(UTC).date()


def period_around_now(days_before: int = 1, days_after: int = 2) -> tuple[str, str]:
    t = today()
    return (t - timedelta(days=days_before)).isoformat(), (
        t + timedelta(days=days_after)
    ).isoformat()


def prose(words: int, lang: str = "en") -> str:
    vocab = {
        "en": "river city bridge school museum street garden tower market history",
        "ru": "река город мост школа музей улица сад башня рынок история",
        "tt": "елга шәһәр күпер мәктәп музей урам бакча манара базар тарих",
    }[lang].split()
    return " ".join(vocab[i % len(vocab)] for i in range(words))

"""Acting on a running wiki set as tests and demos do: see :class:`WikiSetActions`."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.devwiki.actor import Actor
from bot.devwiki.dump import mw_timestamp, scan_dump
from bot.devwiki.install import run_maintenance
from bot.devwiki.paths import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BOT_APPID,
    BOT_PASSWORD,
    BOT_USER,
    CLEAR_OBJECT_CACHE,
    DEFAULT_USER_PASSWORD,
    HarnessError,
    repo_root,
)
from bot.devwiki.site_files import WikiInfo, open_sqlite

log = logging.getLogger(__name__)

class WikiSetActions:
    """What a test does with a running set: maintenance, jobs, actors, bot runs, imports.

    Mixed into :class:`bot.devwiki.harness.WikiSet`, which holds the wikis and paths.
    """

    root: Path
    wikis: dict[str, WikiInfo]

    def env(self) -> dict[str, str]:
        raise NotImplementedError

    # ------------------------------------------------------------ acting
    def maintenance(self, code: str, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a MediaWiki maintenance script on one wiki of the set."""
        info = self.wikis[code]
        return run_maintenance(info.dir, script, *args, server=info.server)

    def run_jobs(self, code: str | None = None) -> int:
        """Run the job queue until empty (one wiki, or all three in parallel).

        Production wikis run jobs continuously; the local ones only here, so call this before
        a bot run and before checking anything a job produces (``mw-reverted``, link tables).
        Returns the number of jobs run.
        """
        codes = [code] if code else list(self.wikis)

        def one(c: str) -> int:
            out = self.maintenance(c, "runJobs.php", "--result", "json").stdout
            try:
                return len(json.loads(out[out.index("{") :]).get("jobs", []))
            except ValueError:
                return 0

        with ThreadPoolExecutor(len(codes)) as pool:
            return sum(pool.map(one, codes))

    def actor(self, code: str, user: str, password: str = DEFAULT_USER_PASSWORD) -> Actor:
        """A logged-in session as ``user`` on wiki ``code`` (the account is created if needed)."""
        return Actor.create(self.wikis[code].api, user, password)

    def admin(self, code: str) -> Actor:
        """A session as ``Admin`` (sysop, bureaucrat) on wiki ``code``."""
        return Actor.login(self.wikis[code].api, ADMIN_USER, ADMIN_PASSWORD)

    def bot(self, code: str) -> Actor:
        """A plain-HTTP session as the bot, logged in with its bot password."""
        return Actor.login(self.wikis[code].api, f"{BOT_USER}@{BOT_APPID}", BOT_PASSWORD)

    def anonymous(self, code: str) -> Actor:
        """A logged-out session on wiki ``code``."""
        return Actor.anonymous(self.wikis[code].api)

    def run_python(
        self, source: str, *args: str, timeout: float = 300, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run Python ``source`` in a new interpreter with :meth:`env` set (pywikibot and
        the bot's config then address this set). A separate process keeps pywikibot's global
        state (sites, logins, config) out of the test process."""
        proc = subprocess.run(
            [sys.executable, "-c", source, *args],
            env={**os.environ, **self.env()},
            cwd=str(self.root),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise HarnessError(
                f"python exited {proc.returncode}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            )
        return proc

    def run_bot(
        self, *args: str, jobs: bool = True, timeout: float = 600, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run the bot's CLI (``python -m bot.cli ARGS``) against this set, in a new process.

        Runs the job queue first (``jobs``), as production's job runners would have by then.
        """
        if jobs:
            self.run_jobs()
        proc = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            env={**os.environ, **self.env()},
            cwd=str(repo_root()),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise HarnessError(
                f"bot exited {proc.returncode}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            )
        return proc

    def db(self, code: str) -> sqlite3.Connection:
        """A connection to the wiki's SQLite database (for rows no API can write)."""
        return open_sqlite(self.wikis[code].db_path)

    def set_registration(self, code: str, user: str, when: datetime | str) -> None:
        """Backdate (or move) ``user``'s registration time, e.g. to test newcomer criteria."""
        stamp = mw_timestamp(when).replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
        with contextlib.closing(self.db(code)) as conn, conn:
            touched = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
            cur = conn.execute(
                "UPDATE user SET user_registration = ?, user_touched = ? WHERE user_name = ?",
                (stamp, touched, user.replace("_", " ")),
            )
            if cur.rowcount != 1:
                raise HarnessError(f"no user {user!r} on {code}")
        self._clear_object_cache(code)

    def _clear_object_cache(self, code: str) -> None:
        cache = self.wikis[code].dir / "data" / "wikicache.sqlite"
        with contextlib.closing(open_sqlite(cache)) as conn, conn:
            conn.execute(CLEAR_OBJECT_CACHE)

    def import_dump(
        self, code: str, xml: str | Path, *, fast: bool = False, run_jobs: bool = True
    ) -> None:
        """Replay an XML export into wiki ``code``, keeping its historic timestamps.

        Creates the accounts the dump names first (otherwise edits become ``imported>Name``
        with no user), imports, rebuilds recent changes for the dump's time range and the site
        statistics (the importer writes neither), sets each new account's registration to its
        first edit, and runs the jobs the import queued. ``xml`` is XML text or a file path.
        With ``fast`` the importer skips link updates (about 4x faster on big dumps) and
        ``refreshLinks.php`` redoes them afterwards.
        """
        info = self.wikis[code]
        if isinstance(xml, str) and not xml.lstrip().startswith("<"):
            xml = Path(xml)
        scan = scan_dump(xml)
        created = self._ensure_users(code, scan.usernames)
        with tempfile.NamedTemporaryFile(
            "w", suffix=".xml", dir=info.dir, delete=False, encoding="utf-8"
        ) as handle:
            if isinstance(xml, Path):
                handle.write(xml.read_text(encoding="utf-8"))
            else:
                handle.write(xml)
            dump_file = Path(handle.name)
        try:
            args = ["--no-updates"] if fast else []
            self.maintenance(code, "importDump.php", *args, str(dump_file))
        finally:
            dump_file.unlink(missing_ok=True)
        if fast:
            self.maintenance(code, "refreshLinks.php")
        if scan.first and scan.last:
            start = _ts14(scan.first, -1)
            end = _ts14(scan.last, +1)
            self.maintenance(code, "rebuildrecentchanges.php", "--from", start, "--to", end)
        self.maintenance(code, "initSiteStats.php", "--update")
        if created:
            with contextlib.closing(self.db(code)) as conn, conn:
                conn.executemany(
                    "UPDATE user SET user_registration = NULL WHERE user_name = ?",
                    [(name,) for name in created],
                )
            self.maintenance(code, "fixUserRegistration.php")
        self._clear_object_cache(code)
        if run_jobs:
            self.run_jobs(code)

    def _ensure_users(self, code: str, names: set[str]) -> list[str]:
        """Create the accounts in ``names`` that do not exist yet; return the created ones."""
        if not names:
            return []
        reader = self.anonymous(code)
        missing: list[str] = []
        ordered = sorted(names)
        for i in range(0, len(ordered), 50):
            users = reader.query(list="users", ususers="|".join(ordered[i : i + 50]))
            missing += [u["name"] for u in users["query"]["users"] if u.get("missing")]
        for name in missing:
            Actor.create(self.wikis[code].api, name, DEFAULT_USER_PASSWORD)
        return missing




def _ts14(iso: str, shift_seconds: int) -> str:
    when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=shift_seconds)
    return when.strftime("%Y%m%d%H%M%S")

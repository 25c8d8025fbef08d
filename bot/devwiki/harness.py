"""Install, build, copy, start and stop the local MediaWiki wikis (``en``, ``ru``, ``tt``).

Why it is built this way (details in docs/devwiki.md):

* MediaWiki 1.39 comes from Debian's own packages, unpacked (``apt-get download`` + ``dpkg -x``)
  into ``~/.cache/editathon-devwiki/mediawiki-1.39``: ``apt-get install mediawiki`` would pull
  in apache, which cannot run here, and the unpacked code is reused by every clone.
* A *pristine* set of three wikis (SQLite, accounts made) is built once into
  ``.devwiki/pristine``. Everything else is a copy of it: a copy takes well under a second,
  while building takes several, so every test module can afford its own wikis.
* A *wiki set* is three running wikis on three ports. ``make wiki`` runs one set in
  ``.devwiki/run`` on fixed ports; test fixtures copy sets into temporary folders on free ports,
  so several pytest processes never collide. Interwiki rows carry ports, so they are rewritten
  in each copy before its servers start.
* Each wiki is served by ``php -S`` in its own process group (its worker processes survive a
  SIGTERM to the master), and stopped by killing the group. Pids are recorded in the set's
  folder so a later process (``make wiki-stop``) can stop them.
* Jobs never run by themselves (``$wgJobRunRate = 0``): :meth:`WikiSet.run_jobs` runs them, as
  production's job runners would, before a bot run or when a test asks.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.devwiki.acting import WikiSetActions
from bot.devwiki.install import ensure_pristine, php_env, run_maintenance
from bot.devwiki.paths import (
    BOT_APPID,
    BOT_PASSWORD,
    BOT_USER,
    CLEAR_OBJECT_CACHE,
    FAMILY,
    LANGS,
    LOCAL_SETTINGS,
    HarnessError,
    PortInUseError,
    code_dir,
    devwiki_dir,
    l10n_dir,
    locked,
    run_dir,
)
from bot.devwiki.processes import (
    default_ports,
    free_ports,
    is_our_server,
    kill_group,
    pid_alive,
    port_is_free,
    registry_dir,
)
from bot.devwiki.site_files import WikiInfo, family_file, open_sqlite, pywikibot_user_config

log = logging.getLogger(__name__)

@dataclass
class WikiSet(WikiSetActions):
    """Three wikis (en, ru, tt) in one folder, served on three ports.

    ``wikis`` maps a language code to its :class:`WikiInfo`; ``pywikibot_dir`` is the
    pywikibot config folder for this set (use :meth:`env` to run the bot against it).
    """

    root: Path
    wikis: dict[str, WikiInfo] = field(default_factory=dict)
    _procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict, repr=False)
    _atexit: bool = field(default=False, repr=False)

    # ------------------------------------------------------------ construction
    @classmethod
    def copy_pristine(cls, root: Path) -> WikiSet:
        """Copy the pristine wikis into ``root`` (which must not hold a set yet)."""
        source = ensure_pristine()
        root.mkdir(parents=True, exist_ok=True)
        with locked(devwiki_dir() / "pristine.lock"):  # not while another process rebuilds it
            for code in LANGS:
                shutil.copytree(source / code, root / code, symlinks=True)
        return cls(root.resolve())

    @classmethod
    def load(cls, root: Path) -> WikiSet:
        """A set that exists on disk (running or not), with the ports it last used."""
        wset = cls(root.resolve())
        try:
            data = json.loads(wset.wikis_json.read_text())
        except (OSError, ValueError):
            return wset
        for code, info in data.get("wikis", {}).items():
            wset.wikis[code] = WikiInfo(code, int(info["port"]), wset.root / code)
        return wset

    # ------------------------------------------------------------ paths
    @property
    def pywikibot_dir(self) -> Path:
        return self.root / "pywikibot"

    @property
    def wikis_json(self) -> Path:
        return self.root / "wikis.json"

    @property
    def pid_dir(self) -> Path:
        return self.root / "pids"

    def __getitem__(self, code: str) -> WikiInfo:
        return self.wikis[code]

    def env(self) -> dict[str, str]:
        """Environment variables that point the bot (pywikibot and config) at this set."""
        return {
            "PYWIKIBOT_DIR": str(self.pywikibot_dir),
            "EDITATHON_WIKIS_JSON": str(self.wikis_json),
        }

    # ------------------------------------------------------------ configuration
    def configure(self, ports: Mapping[str, int]) -> None:
        """Point the set at ``ports``: server URLs, interwiki rows, pywikibot files, wikis.json.

        Also empties each wiki's object cache: it holds interwiki look-ups (with the old ports),
        parser output and sessions that would otherwise outlive the move.
        """
        self.wikis = {c: WikiInfo(c, int(ports[c]), self.root / c) for c in LANGS}
        for info in self.wikis.values():
            (info.dir / "server.txt").write_text(info.server + "\n")
            # Maintenance scripts run by hand (only MW_CONFIG_FILE set) find the shared cache too.
            site_file = info.dir / "site.json"
            site = json.loads(site_file.read_text())
            site["l10n_dir"] = str(l10n_dir())
            site_file.write_text(json.dumps(site, ensure_ascii=False, indent=1) + "\n")
            # A long-lived set (make wiki) follows template changes; update.php adds the tables
            # of any newly enabled extension.
            settings = info.dir / "LocalSettings.php"
            if settings.read_bytes() != LOCAL_SETTINGS.read_bytes():
                shutil.copyfile(LOCAL_SETTINGS, settings)
                run_maintenance(info.dir, "update.php", "--quick", server=info.server)
            with contextlib.closing(open_sqlite(info.db_path)) as conn, conn:
                marks = ",".join("?" * len(LANGS))
                conn.execute(f"DELETE FROM interwiki WHERE iw_prefix IN ({marks})", LANGS)
                conn.executemany(
                    "INSERT INTO interwiki (iw_prefix, iw_url, iw_api, iw_wikiid, iw_local, "
                    "iw_trans) VALUES (?, ?, ?, ?, 1, 0)",
                    [
                        (o.code, f"{o.index}/$1", o.api, f"{o.code}wiki")
                        for o in self.wikis.values()
                    ],
                )
            cache = info.dir / "data" / "wikicache.sqlite"
            if cache.exists():
                with (
                    contextlib.closing(open_sqlite(cache)) as conn,
                    conn,
                    contextlib.suppress(sqlite3.OperationalError),
                ):
                    conn.execute(CLEAR_OBJECT_CACHE)
        self._write_pywikibot()
        self._write_wikis_json()

    def _write_pywikibot(self) -> None:
        pwb = self.pywikibot_dir
        (pwb / "families").mkdir(parents=True, exist_ok=True)
        (pwb / "families" / f"{FAMILY}_family.py").write_text(
            family_file({c: w.port for c, w in self.wikis.items()})
        )
        (pwb / "user-config.py").write_text(pywikibot_user_config(pwb))
        password = pwb / "user-password.py"
        password.write_text(f"({BOT_USER!r}, BotPassword({BOT_APPID!r}, {BOT_PASSWORD!r}))\n")
        password.chmod(0o600)
        # Cookies and cached site info belong to the wikis as they were: drop them.
        for stale in [*pwb.glob("*.lwp"), *pwb.glob("apicache*"), pwb / "throttle.ctrl"]:
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)

    def _write_wikis_json(self) -> None:
        data = {
            "family": FAMILY,
            "root": str(self.root),
            "pywikibot_dir": str(self.pywikibot_dir),
            "wikis": {c: w.to_json() for c, w in self.wikis.items()},
        }
        tmp = self.wikis_json.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        tmp.replace(self.wikis_json)

    # ------------------------------------------------------------ running
    def start(self, ports: Mapping[str, int] | None = None) -> WikiSet:
        """Configure and start the three servers; wait until each answers API requests.

        Without ``ports`` the set takes free ports (retrying if another process grabs one in
        between). With fixed ``ports`` a busy port is an error.
        """
        fixed = ports is not None
        self.stop()  # servers this folder still runs (an earlier start) would be orphaned
        for attempt in range(5):
            chosen = (
                dict(ports)
                if ports is not None
                else dict(zip(LANGS, free_ports(len(LANGS)), strict=True))
            )
            busy = [p for p in chosen.values() if not port_is_free(p)]
            if busy:
                if fixed:
                    raise PortInUseError(f"ports in use: {busy}")
                continue
            self.configure(chosen)
            try:
                self._start_servers()
            except PortInUseError:
                self.stop()
                if fixed or attempt == 4:
                    raise
                continue
            except BaseException:
                self.stop()  # never leave half a set running
                raise
            if self._atexit:
                self._register()
            return self
        raise PortInUseError("could not find free ports")

    def _start_servers(self) -> None:
        self.pid_dir.mkdir(exist_ok=True)
        for info in self.wikis.values():
            env = php_env(info.dir, info.server)
            env["PHP_CLI_SERVER_WORKERS"] = "4"
            logfile = (info.dir / "php-server.log").open("ab")
            try:
                proc = subprocess.Popen(
                    # Opcache (on under ``php -S``) re-checks a file's time only every
                    # revalidate_freq seconds: a settings file changed by a test or by hand
                    # (``extra.php``) would be read stale for up to 2 s. 0: checked every request.
                    ["php", "-d", "opcache.revalidate_freq=0", "-S", f"127.0.0.1:{info.port}",
                     "-t", str(code_dir())],
                    cwd=str(code_dir()),
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=logfile,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # own process group: its workers die with it
                )
            finally:
                logfile.close()
            self._procs[info.code] = proc
            (self.pid_dir / f"{info.code}.pid").write_text(f"{proc.pid} {info.port}\n")
        for info in self.wikis.values():
            self._wait_ready(info, self._procs[info.code])

    def _wait_ready(self, info: WikiInfo, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 60
        url = f"{info.api}?action=query&meta=siteinfo&format=json"
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = (info.dir / "php-server.log").read_text(errors="replace")[-2000:]
                if "in use" in tail:
                    raise PortInUseError(f"{info.code}: port {info.port} in use")
                raise HarnessError(f"{info.code}: php -S exited ({proc.returncode}):\n{tail}")
            try:
                response = requests.get(url, timeout=10)
                answered = response.status_code == 200 and "query" in response.json()
                if answered and proc.poll() is None:
                    return
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.05)
        raise HarnessError(f"{info.code}: no answer from {info.api}")

    def _pids(self) -> dict[str, tuple[int, int]]:
        pids: dict[str, tuple[int, int]] = {}
        for path in self.pid_dir.glob("*.pid") if self.pid_dir.exists() else []:
            try:
                pid, port = path.read_text().split()
                pids[path.stem] = (int(pid), int(port))
            except (OSError, ValueError):
                continue
        return pids

    def running(self) -> dict[str, bool]:
        """Per wiki: is its server process alive and answering?"""
        status: dict[str, bool] = {}
        pids = self._pids()
        for code in LANGS:
            pid, port = pids.get(code, (0, 0))
            alive = bool(pid) and pid_alive(pid) and is_our_server(pid, port)
            if alive and code in self.wikis and self.wikis[code].port == port:
                try:
                    requests.get(
                        f"http://127.0.0.1:{port}/api.php?action=query&format=json", timeout=5
                    ).raise_for_status()
                except requests.RequestException:
                    alive = False
            else:
                alive = False
            status[code] = alive
        return status

    def stop(self) -> None:
        """Stop every server of this set (whole process groups, workers included)."""
        for code, (pid, port) in self._pids().items():
            proc = self._procs.pop(code, None)
            if proc is not None or (pid_alive(pid) and is_our_server(pid, port)):
                kill_group(pid, proc)
            (self.pid_dir / f"{code}.pid").unlink(missing_ok=True)
        for proc in self._procs.values():
            kill_group(proc.pid, proc)
        self._procs.clear()
        self._unregister()

    def stop_wiki(self, code: str) -> None:
        """Stop one wiki's server, as when that wiki goes down; the others keep serving."""
        pid, port = self._pids().get(code, (0, 0))
        proc = self._procs.pop(code, None)
        if proc is not None or (pid and pid_alive(pid) and is_our_server(pid, port)):
            kill_group(proc.pid if proc is not None else pid, proc)
        (self.pid_dir / f"{code}.pid").unlink(missing_ok=True)

    def stop_at_exit(self) -> WikiSet:
        """Also stop the servers when this Python process exits (fixtures, scripts)."""
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
            if self._pids():
                self._register()
        return self

    def _registry_file(self) -> Path:
        return registry_dir() / (hashlib.sha1(str(self.root).encode()).hexdigest()[:16] + ".json")

    def _register(self) -> None:
        """Record a set that lives as long as this process (``stop_at_exit``), so that
        ``make wiki-stop`` can stop it if the process dies without stopping it (SIGKILL).
        Sets started without ``stop_at_exit`` are meant to outlive their starter: not recorded.
        """
        path = self._registry_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"root": str(self.root), "owner": os.getpid()}) + "\n")

    def _unregister(self) -> None:
        self._registry_file().unlink(missing_ok=True)



# --------------------------------------------------------------------------- entry points
def new_wikiset(root: Path, ports: Mapping[str, int] | None = None) -> WikiSet:
    """A fresh, running copy of the pristine set in ``root`` (free ports unless given).

    The caller stops it (:meth:`WikiSet.stop`); it is also stopped when the process exits.
    """
    return WikiSet.copy_pristine(root).start(ports).stop_at_exit()


_dev_lock = threading.Lock()


def dev_wikiset(reset: bool = False) -> WikiSet:
    """Start the ``make wiki`` set in ``.devwiki/run`` if it is not running (idempotent).

    Its data survives restarts; ``reset`` throws it away and starts from a pristine copy.
    """
    with _dev_lock, locked(devwiki_dir() / "run.lock"):
        root = run_dir()
        wset = WikiSet.load(root)
        ports = default_ports()
        if reset:
            wset.stop()
            shutil.rmtree(root, ignore_errors=True)
        if not all((root / c / "LocalSettings.php").exists() for c in LANGS):
            shutil.rmtree(root, ignore_errors=True)
            wset = WikiSet.copy_pristine(root)
        status = wset.running()
        if all(status.values()) and {c: w.port for c, w in wset.wikis.items()} == ports:
            return wset
        wset.stop()
        return wset.start(ports)


def stop_stale_sets() -> list[str]:
    """Stop sets whose owner process is gone (a test run killed before its teardown)."""
    stopped: list[str] = []
    for path in sorted(registry_dir().glob("*.json")) if registry_dir().exists() else []:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
            continue
        root = Path(data["root"])
        if root == run_dir().resolve():
            path.unlink(missing_ok=True)  # never stale: make wiki's set outlives its starter
            continue
        if pid_alive(int(data.get("owner", 0))):
            continue
        WikiSet.load(root).stop()
        path.unlink(missing_ok=True)
        stopped.append(str(root))
    return stopped

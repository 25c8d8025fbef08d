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
import fcntl
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

from bot.devwiki.actor import Actor
from bot.devwiki.dump import mw_timestamp, scan_dump

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- constants
LANGS: tuple[str, ...] = ("en", "ru", "tt")
DEFAULT_PORTS: dict[str, int] = {"en": 8181, "ru": 8182, "tt": 8183}
MW_BRANCH = "1.39"
FAMILY = "devwiki"

ADMIN_USER = "Admin"
ADMIN_PASSWORD = "Admin-devwiki-2026!"
BOT_USER = "EditathonBot"
BOT_MAIN_PASSWORD = "EditathonBot-devwiki-2026!"
BOT_APPID = "editathon"
BOT_PASSWORD = "devwiki0bot0password0editathon00"  # bot passwords need 32 characters
BOT_GRANTS = "basic,highvolume,editpage,createeditmovepage,viewdeleted"
DEFAULT_USER_PASSWORD = "Devwiki-user-2026!"

# Emptying the object cache drops stale interwiki look-ups, parser output and user rows, but
# keeps the sessions stored there: otherwise everyone logged in to the local wikis (a person in
# a browser, an Actor in a test) would be logged out silently and edit on as an IP.
CLEAR_OBJECT_CACHE = "DELETE FROM objectcache WHERE keyname NOT LIKE '%:MWSession:%'"

EXTENSIONS = ("ParserFunctions", "Cite", "Scribunto", "InputBox", "CategoryTree", "TemplateData")
L10N_LANGS = ("en", "ru", "tt", "tt-cyrl", "tt-latn")
APT_PACKAGES = ("php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml", "lua5.1")
MW_DEBS = ("mediawiki", "mediawiki-classes")

# Per-language site settings, as on the real Wikipedias.
SITES: dict[str, dict[str, str]] = {
    "en": {"sitename": "Wikipedia", "metanamespace": "Wikipedia", "timezone": "UTC"},
    "ru": {"sitename": "Википедия", "metanamespace": "Википедия", "timezone": "Europe/Moscow"},
    "tt": {"sitename": "Википедия", "metanamespace": "Википедия", "timezone": "Europe/Moscow"},
}

# Bump when the pristine build changes in a way the LocalSettings.php hash does not show.
BUILD_VERSION = "3"

PACKAGE_DIR = Path(__file__).resolve().parent
LOCAL_SETTINGS = PACKAGE_DIR / "LocalSettings.php"


class HarnessError(RuntimeError):
    """Something in the local wiki machinery failed (with the output that says why)."""


class PortInUseError(HarnessError):
    """A wiki could not listen on its port."""


# --------------------------------------------------------------------------- paths
def repo_root() -> Path:
    """The checkout this package lives in (``EDITATHON_ROOT`` overrides)."""
    if env := os.environ.get("EDITATHON_ROOT"):
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parents[1]
    return candidate if (candidate / "pyproject.toml").exists() else Path.cwd()


def devwiki_dir() -> Path:
    """``.devwiki/`` in the checkout (``EDITATHON_DEVWIKI_DIR`` overrides)."""
    if env := os.environ.get("EDITATHON_DEVWIKI_DIR"):
        return Path(env).resolve()
    return repo_root() / ".devwiki"


def cache_dir() -> Path:
    """Machine-wide cache for the MediaWiki code (``EDITATHON_DEVWIKI_CACHE`` overrides)."""
    if env := os.environ.get("EDITATHON_DEVWIKI_CACHE"):
        return Path(env).resolve()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "editathon-devwiki"


def code_dir() -> Path:
    """The unpacked MediaWiki code every wiki is served from."""
    return cache_dir() / f"mediawiki-{MW_BRANCH}"


def pristine_dir() -> Path:
    """The pristine wiki set every other set is copied from."""
    return devwiki_dir() / "pristine"


def run_dir() -> Path:
    """The ``make wiki`` set."""
    return devwiki_dir() / "run"


def build_id() -> str:
    """Identifies what a pristine build contains; a change rebuilds pristine on next use."""
    digest = hashlib.sha256()
    digest.update(LOCAL_SETTINGS.read_bytes())
    digest.update(
        repr(
            (
                BUILD_VERSION,
                MW_BRANCH,
                EXTENSIONS,
                L10N_LANGS,
                SITES,
                ADMIN_PASSWORD,
                BOT_MAIN_PASSWORD,
                BOT_PASSWORD,
                BOT_GRANTS,
            )
        ).encode()
    )
    return digest.hexdigest()[:16]


def l10n_dir() -> Path:
    """Shared, read-only localisation cache (CDB files) for the current build."""
    return cache_dir() / f"l10n-{build_id()}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive inter-process lock, so parallel pytest workers build things only once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, raising :class:`HarnessError` with its output if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise HarnessError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


# --------------------------------------------------------------------------- installing
_apt_updated = False


def _apt(*args: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    _run(["apt-get", *args], env=env)


def _apt_update_once() -> None:
    global _apt_updated
    if not _apt_updated:
        log.info("apt-get update")
        _apt("update")
        _apt_updated = True


def _apt_lists_fresh() -> bool:
    """Whether package lists exist and are less than a day old (fresh machines have none)."""
    lists = list(Path("/var/lib/apt/lists").glob("*_Packages*"))
    return bool(lists) and time.time() - max(p.stat().st_mtime for p in lists) < 86400


def missing_system_packages() -> list[str]:
    """Debian packages this harness needs that are not installed (PHP modules, Lua)."""
    missing: list[str] = []
    if shutil.which("php") is None:
        missing += ["php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml"]
    else:
        modules = {m.strip().lower() for m in _run(["php", "-m"]).stdout.splitlines()}
        for module, package in (
            ("pdo_sqlite", "php-sqlite3"),
            ("intl", "php-intl"),
            ("mbstring", "php-mbstring"),
            ("dom", "php-xml"),
            ("xmlreader", "php-xml"),
        ):
            if module not in modules and package not in missing:
                missing.append(package)
    if not Path("/usr/bin/lua5.1").exists():
        missing.append("lua5.1")
    return missing


def ensure_system_packages() -> None:
    """Install PHP and Lua from Debian's packages when missing (never apache)."""
    missing = missing_system_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise HarnessError(
            "missing system packages; run as root: apt-get install -y " + " ".join(APT_PACKAGES)
        )
    if not _apt_lists_fresh():
        _apt_update_once()
    log.info("apt-get install %s", " ".join(APT_PACKAGES))
    try:
        _apt("install", "-y", "--no-install-recommends", *APT_PACKAGES)
    except HarnessError:
        if _apt_updated:
            raise
        _apt_update_once()  # stale lists can point at files the mirror no longer has
        _apt("install", "-y", "--no-install-recommends", *APT_PACKAGES)


def _download_debs(dest: Path) -> list[Path]:
    """Fetch the MediaWiki .debs (``DEVWIKI_DEB_DIR`` may hold them already, for offline use)."""
    if local := os.environ.get("DEVWIKI_DEB_DIR"):
        debs = sorted(Path(local).glob("mediawiki*_*.deb"))
        if len(debs) >= 2:
            return debs
    for attempt in range(2):
        try:
            log.info("apt-get download %s", " ".join(MW_DEBS))
            _run(["apt-get", "download", *MW_DEBS], cwd=dest)
            break
        except HarnessError:
            if attempt or _apt_updated:
                raise
            _apt_update_once()  # fresh machines have no package lists yet
    return sorted(dest.glob("*.deb"))


def ensure_mediawiki() -> Path:
    """Unpack MediaWiki 1.39 from Debian's packages into the cache (once per machine).

    The packaged tree's ``extensions``, ``config``, ``images`` and ``LocalSettings.php`` are
    absolute symlinks into /var/lib and /etc; they are replaced so the tree is self-contained.
    """
    target = code_dir()
    if (target / "includes" / "Defines.php").exists():
        return target
    ensure_system_packages()
    with _locked(cache_dir() / "code.lock"):
        if (target / "includes" / "Defines.php").exists():
            return target
        started = time.monotonic()
        with tempfile.TemporaryDirectory(dir=cache_dir(), prefix="unpack-") as tmp:
            tmp_path = Path(tmp)
            debs = _download_debs(tmp_path)
            if not debs:
                raise HarnessError("apt-get download gave no .deb files")
            root = tmp_path / "root"
            for deb in debs:
                _run(["dpkg", "-x", str(deb), str(root)])
            tree = root / "usr" / "share" / "mediawiki"
            for name in ("extensions", "config", "images", "LocalSettings.php"):
                path = tree / name
                if path.is_symlink() or path.is_file():
                    path.unlink()
            (tree / "extensions-core").rename(tree / "extensions")
            (tree / "images").mkdir()
            defines = (tree / "includes" / "Defines.php").read_text()
            if f"'MW_VERSION', '{MW_BRANCH}." not in defines:
                raise HarnessError(f"the packaged MediaWiki is not {MW_BRANCH}")
            tree.rename(target)
        log.info("MediaWiki unpacked in %.1f s into %s", time.monotonic() - started, target)
    return target


# --------------------------------------------------------------------------- PHP helpers
def php_env(wiki_dir: Path, server: str | None = None) -> dict[str, str]:
    """Environment for PHP serving or maintaining the wiki in ``wiki_dir``."""
    env = dict(os.environ)
    env["MW_CONFIG_FILE"] = str(wiki_dir / "LocalSettings.php")
    env["MW_INSTALL_PATH"] = str(code_dir())
    env["DEVWIKI_L10N_DIR"] = str(l10n_dir())
    if server:
        env["MW_SERVER"] = server
    else:
        env.pop("MW_SERVER", None)
    return env


def run_maintenance(
    wiki_dir: Path, script: str, *args: str, server: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``maintenance/<script>`` for the wiki in ``wiki_dir`` (1.39 has no run.php)."""
    cmd = ["php", str(code_dir() / "maintenance" / script), *args]
    return _run(cmd, env=php_env(wiki_dir, server), cwd=str(code_dir()))


# --------------------------------------------------------------------------- pristine
def _write_site_files(dest: Path, code: str, secret_key: str) -> None:
    site = {"dbname": f"{code}wiki", "lang": code, "secret_key": secret_key, **SITES[code]}
    (dest / "site.json").write_text(json.dumps(site, ensure_ascii=False, indent=1) + "\n")
    shutil.copyfile(LOCAL_SETTINGS, dest / "LocalSettings.php")
    (dest / "server.txt").write_text("http://127.0.0.1\n")


def _install_wiki(code: str, dest: Path) -> None:
    """Run MediaWiki's installer for one language into ``dest`` (LocalSettings is ours)."""
    data = dest / "data"
    data.mkdir(parents=True)
    confdir = dest / ".installer"
    confdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MW_CONFIG_FILE", "MW_SERVER")}
    _run(
        [
            "php",
            str(code_dir() / "maintenance" / "install.php"),
            "--dbtype",
            "sqlite",
            "--dbpath",
            str(data),
            "--dbname",
            f"{code}wiki",
            "--server",
            "http://127.0.0.1",
            "--scriptpath",
            "",
            "--confpath",
            str(confdir),
            "--lang",
            code,
            "--pass",
            ADMIN_PASSWORD,
            "--extensions",
            ",".join(EXTENSIONS),
            "--skins",
            "Vector",
            SITES[code]["sitename"],
            ADMIN_USER,
        ],
        env=env,
        cwd=str(code_dir()),
    )
    shutil.rmtree(confdir)
    for leftover in data.glob("*_l10n_cache.sqlite"):
        leftover.unlink()  # the localisation cache is shared CDB files instead
    _write_site_files(dest, code, secrets.token_hex(32))


def _create_accounts(dest: Path) -> None:
    run_maintenance(dest, "createAndPromote.php", "--bot", BOT_USER, BOT_MAIN_PASSWORD)
    run_maintenance(
        dest,
        "createBotPassword.php",
        "--appid",
        BOT_APPID,
        "--grants",
        BOT_GRANTS,
        BOT_USER,
        BOT_PASSWORD,
    )


def ensure_l10n(sample_wiki: Path) -> Path:
    """Build the shared localisation cache once (needs any built wiki for its settings)."""
    target = l10n_dir()
    if (target / "l10n_cache-en.cdb").exists():
        return target
    with _locked(cache_dir() / "l10n.lock"):
        if (target / "l10n_cache-en.cdb").exists():
            return target
        tmp = Path(tempfile.mkdtemp(dir=cache_dir(), prefix="l10n-tmp-"))
        env = php_env(sample_wiki)
        env["DEVWIKI_L10N_DIR"] = str(tmp)
        _run(
            [
                "php",
                str(code_dir() / "maintenance" / "rebuildLocalisationCache.php"),
                "--force",
                "--lang",
                ",".join(L10N_LANGS),
            ],
            env=env,
            cwd=str(code_dir()),
        )
        tmp.rename(target)
    return target


def _pristine_ok(path: Path) -> bool:
    try:
        info = json.loads((path / "build.json").read_text())
    except (OSError, ValueError):
        return False
    return bool(info.get("build_id") == build_id() and (l10n_dir() / "l10n_cache-en.cdb").exists())


def ensure_pristine(force: bool = False) -> Path:
    """Build the pristine wiki set once (code, system packages and localisation included).

    Safe to call from many processes at once: one builds, the others wait for it.
    """
    target = pristine_dir()
    if not force and _pristine_ok(target):
        return target
    ensure_mediawiki()
    with _locked(devwiki_dir() / "pristine.lock"):
        if not force and _pristine_ok(target):
            return target
        started = time.monotonic()
        tmp = Path(tempfile.mkdtemp(dir=devwiki_dir(), prefix="pristine-tmp-"))
        try:
            with ThreadPoolExecutor(len(LANGS)) as pool:
                list(pool.map(lambda c: _install_wiki(c, tmp / c), LANGS))
            ensure_l10n(tmp / "en")
            with ThreadPoolExecutor(len(LANGS)) as pool:
                list(pool.map(lambda c: _create_accounts(tmp / c), LANGS))
            (tmp / "build.json").write_text(
                json.dumps({"build_id": build_id(), "built": datetime.now(UTC).isoformat()}) + "\n"
            )
            if target.exists():
                old = target.with_name(f"pristine-old-{os.getpid()}")
                target.rename(old)
                shutil.rmtree(old, ignore_errors=True)
            tmp.rename(target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        log.info("pristine wikis built in %.1f s", time.monotonic() - started)
    return target


# --------------------------------------------------------------------------- ports
def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:port (and we could bind it).

    SO_REUSEADDR as ``php -S`` uses it: connections of a just-stopped server linger in
    TIME_WAIT, which blocks a plain bind but not a server's.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """Ports the kernel considers free right now (distinct)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [s.getsockname()[1] for s in socks]
    finally:
        for sock in socks:
            sock.close()


def default_ports() -> dict[str, int]:
    """The ``make wiki`` ports: 8181-8183, or ``DEVWIKI_PORT_EN`` etc. from the environment."""
    return {
        c: int(os.environ.get(f"DEVWIKI_PORT_{c.upper()}", p)) for c, p in DEFAULT_PORTS.items()
    }


# --------------------------------------------------------------------------- wiki sets
@dataclass
class WikiInfo:
    """One running wiki of a set: its language code, port and folder."""

    code: str
    port: int
    dir: Path

    @property
    def lang(self) -> str:
        return self.code

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.server}/api.php"

    @property
    def index(self) -> str:
        return f"{self.server}/index.php"

    @property
    def db_path(self) -> Path:
        return self.dir / "data" / f"{self.code}wiki.sqlite"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "lang": self.lang,
            "port": self.port,
            "server": self.server,
            "api": self.api,
            "index": self.index,
            "dir": str(self.dir),
            "dbname": f"{self.code}wiki",
            "admin": {"user": ADMIN_USER, "password": ADMIN_PASSWORD},
            "bot": {
                "user": BOT_USER,
                "password": BOT_MAIN_PASSWORD,
                "botpassword_name": f"{BOT_USER}@{BOT_APPID}",
                "botpassword": BOT_PASSWORD,
            },
        }


def _sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60)
    conn.execute("PRAGMA busy_timeout = 60000")
    return conn


def _family_file(ports: Mapping[str, int]) -> str:
    langs = ", ".join(f"{c!r}: '127.0.0.1:{p}'" for c, p in ports.items())
    return f'''"""pywikibot family for one local devwiki set (generated by bot/devwiki/harness.py).

The real Wikipedias are family ``wikipedia``; these local wikis use the same language codes
under family ``{FAMILY}``, so the bot addresses both the same way.
"""

from pywikibot import family


class Family(family.Family):
    name = {FAMILY!r}
    langs = {{{langs}}}

    def protocol(self, code):
        return 'http'

    def scriptpath(self, code):
        return ''

    def verify_SSL_certificate(self, code):
        return False

    def dbName(self, code):
        return f'{{code}}wiki'
'''


def pywikibot_user_config(pywikibot_dir: Path) -> str:
    """Text of a user-config.py that makes pywikibot use the local wikis without throttles."""
    family_path = pywikibot_dir / "families" / f"{FAMILY}_family.py"
    password_path = pywikibot_dir / "user-password.py"
    return f"""# pywikibot user-config.py for one local devwiki set (generated by bot/devwiki/harness.py).
# Local wikis: no throttles, no maxlag, few retries, so tests are fast and fail fast.
family_files[{FAMILY!r}] = {str(family_path)!r}
family = {FAMILY!r}
mylang = 'en'
usernames[{FAMILY!r}]['*'] = {BOT_USER!r}
password_file = {str(password_path)!r}
put_throttle = 0
minthrottle = 0
maxthrottle = 1
read_maxlag = 0
write_maxlag = 0
max_retries = 2
retry_wait = 1
retry_max = 2
noisysleep = 60.0
log = []
user_agent_description = 'EditathonBot devwiki'
"""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_our_server(pid: int, port: int) -> bool:
    """Whether ``pid`` is a ``php -S`` serving ``port`` (guards against recycled pids)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"-S" in cmdline and f"127.0.0.1:{port}".encode() in cmdline


def _group_alive(pgid: int) -> bool:
    """Whether a process group has a live (non-zombie) member.

    The workers of ``php -S`` are re-parented to init when the master dies, and init may take
    a second or more to reap them; zombies serve nothing, so they do not count.
    """
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _kill_group(pgid: int, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Stop a server's process group: SIGTERM, then SIGKILL what is left after 5 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    while time.monotonic() < deadline:
        if not _group_alive(pgid):
            return
        time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def _registry_dir() -> Path:
    return devwiki_dir() / "sets"


@dataclass
class WikiSet:
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
        with _locked(devwiki_dir() / "pristine.lock"):  # not while another process rebuilds it
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
            with contextlib.closing(_sqlite(info.db_path)) as conn, conn:
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
                    contextlib.closing(_sqlite(cache)) as conn,
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
            _family_file({c: w.port for c, w in self.wikis.items()})
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
                    ["php", "-S", f"127.0.0.1:{info.port}", "-t", str(code_dir())],
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
            alive = bool(pid) and _pid_alive(pid) and _is_our_server(pid, port)
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
            if proc is not None or (_pid_alive(pid) and _is_our_server(pid, port)):
                _kill_group(pid, proc)
            (self.pid_dir / f"{code}.pid").unlink(missing_ok=True)
        for proc in self._procs.values():
            _kill_group(proc.pid, proc)
        self._procs.clear()
        self._unregister()

    def stop_wiki(self, code: str) -> None:
        """Stop one wiki's server, as when that wiki goes down; the others keep serving."""
        pid, port = self._pids().get(code, (0, 0))
        proc = self._procs.pop(code, None)
        if proc is not None or (pid and _pid_alive(pid) and _is_our_server(pid, port)):
            _kill_group(proc.pid if proc is not None else pid, proc)
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
        return _registry_dir() / (hashlib.sha1(str(self.root).encode()).hexdigest()[:16] + ".json")

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
        return _sqlite(self.wikis[code].db_path)

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
        with contextlib.closing(_sqlite(cache)) as conn, conn:
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
    with _dev_lock, _locked(devwiki_dir() / "run.lock"):
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
    for path in sorted(_registry_dir().glob("*.json")) if _registry_dir().exists() else []:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
            continue
        root = Path(data["root"])
        if root == run_dir().resolve():
            path.unlink(missing_ok=True)  # never stale: make wiki's set outlives its starter
            continue
        if _pid_alive(int(data.get("owner", 0))):
            continue
        WikiSet.load(root).stop()
        path.unlink(missing_ok=True)
        stopped.append(str(root))
    return stopped

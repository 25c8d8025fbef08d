"""The local wikis' fixed names (languages, accounts, packages) and where their files live."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
#: Debian packages of the harness: PHP and Lua for MediaWiki, rsvg-convert to check that the
#: report's chart renders (tests/unit/test_chart.py).
APT_PACKAGES = ("php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml", "lua5.1", "librsvg2-bin")
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
def locked(path: Path) -> Iterator[None]:
    """An exclusive inter-process lock, so parallel pytest workers build things only once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_cmd(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, raising :class:`HarnessError` with its output if it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise HarnessError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
        )
    return proc

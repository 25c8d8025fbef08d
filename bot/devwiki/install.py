"""Installing MediaWiki from Debian's packages and building the pristine wikis (see harness.py)."""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from bot.devwiki.paths import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    APT_PACKAGES,
    BOT_APPID,
    BOT_GRANTS,
    BOT_MAIN_PASSWORD,
    BOT_PASSWORD,
    BOT_USER,
    EXTENSIONS,
    L10N_LANGS,
    LANGS,
    LOCAL_SETTINGS,
    MW_BRANCH,
    MW_DEBS,
    SITES,
    HarnessError,
    build_id,
    cache_dir,
    code_dir,
    devwiki_dir,
    l10n_dir,
    locked,
    pristine_dir,
    run_cmd,
)

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- installing
_apt_updated = False


def _apt(*args: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_cmd(["apt-get", *args], env=env)


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
        modules = {m.strip().lower() for m in run_cmd(["php", "-m"]).stdout.splitlines()}
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
    if shutil.which("rsvg-convert") is None:
        missing.append("librsvg2-bin")
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
            run_cmd(["apt-get", "download", *MW_DEBS], cwd=dest)
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
    with locked(cache_dir() / "code.lock"):
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
                run_cmd(["dpkg", "-x", str(deb), str(root)])
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
    return run_cmd(cmd, env=php_env(wiki_dir, server), cwd=str(code_dir()))


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
    run_cmd(
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
    with locked(cache_dir() / "l10n.lock"):
        if (target / "l10n_cache-en.cdb").exists():
            return target
        tmp = Path(tempfile.mkdtemp(dir=cache_dir(), prefix="l10n-tmp-"))
        env = php_env(sample_wiki)
        env["DEVWIKI_L10N_DIR"] = str(tmp)
        run_cmd(
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
    with locked(devwiki_dir() / "pristine.lock"):
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

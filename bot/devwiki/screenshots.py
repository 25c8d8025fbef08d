"""``make screenshots``: every page the bot and the kit write, as a phone shows it.

After ``make demo`` (contests on en, ru and tt), opens each page kind in each language
in Debian's headless Chromium, 360 px wide, in the mobile skin (MinervaNeue, as on
m.wikipedia.org), and saves a PNG into ``docs/screenshots/`` (``<lang>-<kind>.png``),
optimized with ``optipng`` when it is installed. The guides embed them, so a reader
sees what they will get.

Chromium runs with a new profile each time, talks only to the loopback wikis (every
other host name resolves to nothing) and starts none of its background services.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from bot.config import load_config
from bot.devwiki.harness import WikiSet, run_dir
from bot.i18n import catalog
from bot.local_names import local_names

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UMBRELLA = "Project:Smart Region 2026"
CONTESTS = {"en": f"{UMBRELLA}/Kazan", "ru": f"{UMBRELLA}/Казань", "tt": f"{UMBRELLA}/Казан"}
WIDTH = 360
#: Window height per page kind: enough for what a person looks at first.
HEIGHT = {"leaderboard": 1500, "queue": 1100, "worklist-status": 1300, "umbrella": 1700, "status": 700,
          "notice": 800, "contest": 1300, "kit-form": 1100}
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--disable-extensions", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pages(code: str) -> dict[str, str]:
    """Page kind -> title on the wiki ``code`` (the demo's pages)."""
    cfg = load_config()
    names = local_names(cfg, cfg.wikis[code].language)
    contest = CONTESTS[code]
    return {
        "leaderboard": f"{contest}/{names.subpage('leaderboard')}",
        "queue": f"{contest}/{names.subpage('queue')}",
        "worklist-status": f"{contest}/{names.subpage('worklist status')}",
        "umbrella": f"{UMBRELLA}/{names.subpage('leaderboard')}",
        "status": "User:EditathonBot/Status",
        "notice": "User talk:Aigul",
        "contest": contest,
        "kit-form": catalog(cfg.wikis[code].language).text("kit-form-page"),
    }


def shoot(browser: str, url: str, path: Path, height: int) -> None:
    with tempfile.TemporaryDirectory(prefix="editathon-chromium-") as profile:
        subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{height}",
             f"--screenshot={path}", "--virtual-time-budget=4000", url],
            check=True, capture_output=True, timeout=120,
        )


def main() -> int:
    browser = chromium()
    if browser is None:
        print("screenshots: chromium is not installed (apt-get install chromium).", file=sys.stderr)
        return 2
    wset = WikiSet.load(Path(os.environ.get("EDITATHON_DEVWIKI_RUN", str(run_dir()))))
    if not wset.wikis:
        print("screenshots: the local wikis are not running; run `make demo` first.", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    for code in ("en", "ru", "tt"):
        for kind, title in pages(code).items():
            if wset.admin(code).page_text(title) is None:
                print(f"screenshots: {code}:{title} does not exist; run `make demo` first.", file=sys.stderr)
                return 1
            url = f"{wset[code].index}?title={quote(title.replace(' ', '_'))}&useskin=minerva"
            path = OUT / f"{code}-{kind}.png"
            shoot(browser, url, path, HEIGHT[kind])
            made.append(path)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", *map(str, made)], check=True)
    total = sum(p.stat().st_size for p in made)
    print(f"screenshots: {len(made)} PNGs in {OUT} ({total // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

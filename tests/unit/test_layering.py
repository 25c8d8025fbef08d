"""The architecture as a test: a pure core, and one module per outside library.

Only ``bot/wiki.py`` may talk to pywikibot, only ``bot/store.py`` to SQLite through
sqlite-utils, only ``bot/service.py`` to APScheduler, only ``bot/words.py`` to ICU
(PyICU; pure, but one owner per outside library all the same), only ``bot/sparql.py`` to
a SPARQL endpoint through requests. The local-wiki harness
under ``bot/devwiki`` is test tooling and may write pywikibot's files. The pure core must
import in a fresh interpreter without pulling any of them in.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

OWNERS = {
    "pywikibot": {"wiki.py"},
    "sqlite_utils": {"store.py"},
    "apscheduler": {"service.py"},
    "icu": {"words.py"},
    "requests": {"sparql.py"},
}

PURE = [
    "bot.model", "bot.aliases", "bot.alias_files", "bot.parse.contest", "bot.parse.signup",
    "bot.parse.worklist", "bot.parse.jury", "bot.trust", "bot.trust.parsed", "bot.measure",
    "bot.counted", "bot.topics", "bot.rules", "bot.criteria", "bot.verdicts", "bot.ranking",
    "bot.score", "bot.i18n", "bot.render", "bot.stats", "bot.chart", "bot.notices", "bot.kit",
    "bot.words", "bot.wikidata_query", "bot.wikidata_settings", "bot.worklist_draft",
]


def test_each_outside_library_is_imported_by_one_module_only() -> None:
    offenders = []
    for path in BOT.rglob("*.py"):
        rel = path.relative_to(BOT)
        if rel.parts[0] == "devwiki":
            continue
        text = path.read_text(encoding="utf-8")
        for lib, owners in OWNERS.items():
            if re.search(rf"^\s*(import|from)\s+{lib}\b", text, re.M) and str(rel) not in owners:
                offenders.append(f"{rel} imports {lib}")
    assert offenders == []


def test_pure_core_imports_no_io_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE)
        + "bad = [m for m in ('pywikibot', 'sqlite_utils', 'apscheduler', 'requests') if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_the_package_does_nothing() -> None:
    """Nothing at import time: no config read, no logging set up, no output."""
    code = "import logging, bot, bot.update, bot.cli; print(len(logging.getLogger().handlers))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
    assert out.stderr == ""

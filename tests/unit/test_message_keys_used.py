"""Every message key the code names exists in the English catalog.

A key missing from the catalog shows on the wiki as ``⧼key⧽``; the jury's parse
problems once did. This reads the source for literal keys passed to the places that
turn keys into text (problems, reasons, catalog look-ups) and checks each one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
CALLS = re.compile(
    r"""(?:Problem\.make|Reason\.make|\.text|problem|reason|_problem|_reason)\(\s*["']([a-z][a-z0-9-]+)["']"""
)


def keys_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in BOT.rglob("*.py"):
        if "devwiki" in path.parts:
            continue
        for key in CALLS.findall(path.read_text(encoding="utf-8")):
            if "-" in key:  # message keys are dashed; plain words are other arguments
                found.setdefault(key, str(path.relative_to(BOT)))
    return found


def test_every_message_key_in_the_code_is_in_the_catalog() -> None:
    catalog = json.loads((BOT / "messages" / "en.json").read_text(encoding="utf-8"))
    used = keys_in_code()
    assert len(used) > 50  # the scan finds the code's keys at all
    missing = {k: where for k, where in used.items() if k not in catalog}
    assert missing == {}

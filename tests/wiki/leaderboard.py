"""Reading a leaderboard page the way a participant reads it: its tables, row by row.

The tests assert on what people see, so they read the wikitext tables the bot
writes rather than the bot's database. Cells are returned as plain text: wiki links
become their target (``[[:tt:X]]`` -> ``tt:X``, ``[[User:A|A]]`` -> ``User:A``) and a
``data-sort-value="..." |`` prefix is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SORT = re.compile(r'^\s*(?:data-sort-value="[^"]*"|class="[^"]*")\s*\|\s*')
_LINK = re.compile(r"\[\[:?([^\]|]+)(?:\|[^\]]*)?\]\]")


def cell_text(cell: str) -> str:
    cell = _SORT.sub("", cell.strip())
    return _LINK.sub(lambda m: m.group(1), cell).strip()


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.headers, r, strict=False)) for r in self.rows]


def tables(text: str) -> list[tuple[str, Table]]:
    """Every wikitable with the heading it stands under."""
    out: list[tuple[str, Table]] = []
    heading = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(=+)\s*(.*?)\s*\1\s*$", line)
        if m:
            heading = cell_text(m.group(2))
        if line.startswith("{|"):
            headers: list[str] = []
            rows: list[list[str]] = []
            row: list[str] | None = None
            i += 1
            while i < len(lines) and not lines[i].startswith("|}"):
                ln = lines[i]
                if ln.startswith("!"):
                    headers += [cell_text(c) for c in ln[1:].split("!!")]
                elif ln.startswith("|-"):
                    if row is not None:
                        rows.append(row)
                    row = []
                elif ln.startswith("|") and row is not None:
                    row += [cell_text(c) for c in ln[1:].split("||")]
                i += 1
            if row:
                rows.append(row)
            out.append((heading, Table(headers, rows)))
        i += 1
    return out


def entries(text: str) -> dict[str, dict[str, str]]:
    """Entries by article (``tt:Title`` or ``Title`` on the home wiki), with the participant."""
    out: dict[str, dict[str, str]] = {}
    for heading, table in tables(text):
        if not heading.startswith("User:"):
            continue
        for row in table.dicts():
            first = next(iter(row.values()), "")
            out[first] = {**row, "participant": heading.removeprefix("User:")}
    return out


def ranking(text: str, heading: str | None = None) -> list[dict[str, str]]:
    """The first ranking table (or the one under ``heading``)."""
    for h, table in tables(text):
        if "#" in table.headers and (heading is None or h == heading):
            return table.dicts()
    return []

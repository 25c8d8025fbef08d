"""Wikitables, written one cell per line so on-wiki text can never split a row.

Cells are our own wikitext (links, message texts) or escaped on-wiki input, so a
cell never holds a bare ``|`` or a newline; each cell still goes on its own line
(``| text``) so a stray ``||`` in a message cannot shift the columns. Points get
a ``data-sort-value`` so the table sorts numbers right whatever the language's
decimal separator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """One table cell: its wikitext, and optionally a sort key and a CSS style."""

    text: str
    sort: str | None = None
    style: str | None = None


@dataclass(frozen=True)
class Column:
    """A header cell; ``sortable=False`` for columns where sorting means nothing."""

    title: str
    sortable: bool = True


def _cell(cell: Cell | str) -> str:
    if isinstance(cell, str):
        cell = Cell(cell)
    attrs = []
    if cell.sort is not None:
        attrs.append(f'data-sort-value="{cell.sort}"')
    if cell.style is not None:
        attrs.append(f'style="{cell.style}"')
    text = cell.text if cell.text.strip() else "&nbsp;"
    return f"| {' '.join(attrs)} | {text}" if attrs else f"| {text}"


def wikitable(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]], *, sortable: bool = True
) -> str:
    """A ``wikitable`` (sortable by default) with the given header and rows."""
    lines = ['{| class="wikitable sortable"' if sortable else '{| class="wikitable"']
    for col in columns:
        lines.append(f"! {col.title}" if col.sortable else f'! class="unsortable" | {col.title}')
    for row in rows:
        lines.append("|-")
        lines.extend(_cell(c) for c in row)
    lines.append("|}")
    return "\n".join(lines)


def table_pieces(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]], *, sortable: bool = True
) -> tuple[str, list[str], str]:
    """A wikitable as its opening (with the header row), one block per row, and its end:
    ``open + "\\n".join(rows) + close`` is :func:`wikitable` for the same rows, and any
    run of the rows between the same opening and end is a table of its own (a ranking
    split over several pages, :mod:`bot.render.parts`)."""
    whole = wikitable(columns, [])
    open_ = whole[: -len("|}")]
    blocks = ["\n".join(["|-", *(_cell(c) for c in row)]) for row in rows]
    return open_, blocks, "\n|}"

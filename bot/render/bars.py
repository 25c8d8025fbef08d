"""Pictures made of plain wikitext: bars drawn with inline styles.

Every wiki can show them: no Graph, Chart or EasyTimeline extension (Wikimedia
wikis lack or disabled them), no images to upload, nothing a skin may strip.
A chart is a small table whose cells hold ``<div>`` bars sized in percent, so it
shrinks with the window: at 360 px wide (a phone, the mobile skin) the label
column wraps and the bars stay readable. Every bar also shows its number as text,
so nothing depends on colour or on hover.

Pure: rows in, wikitext out; the same rows always give the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Colours with enough contrast on white and on the dark text beside them.
BLUE = "#3366cc"
GREEN = "#14866d"
YELLOW = "#fc3"
GREY = "#c8ccd1"

_TABLE = 'style="width:100%;max-width:40em;border-collapse:collapse;margin:0.5em 0 1em"'
_CAPTION = 'style="text-align:left;font-weight:bold;padding:0.2em 0"'
#: The widest bar takes this share of its cell, leaving room for its number.
_SPAN = 78


@dataclass(frozen=True)
class Bar:
    """One bar: its label (wikitext), its value, and the value as shown."""

    label: str
    value: float
    shown: str


def _width(value: float, top: float) -> float:
    if top <= 0 or value <= 0:
        return 0.0
    return max(round(value / top * _SPAN, 1), 0.5)


def bar_chart(caption: str, bars: Sequence[Bar], *, colour: str = BLUE) -> str:
    """Horizontal bars, one row each: label | bar and number. Empty input -> ""."""
    if not bars:
        return ""
    top = max(b.value for b in bars)
    lines = [f"{{| {_TABLE}", f"|+ {_CAPTION} | {caption}"]
    for b in bars:
        width = _width(b.value, top)
        bar = (
            f'<span style="display:inline-block;vertical-align:middle;width:{width}%;height:0.9em;'
            f'background:{colour};margin-right:0.3em"></span>'
            if width
            else ""
        )
        lines += [
            "|-",
            f'| style="width:35%;padding:0.15em 0.5em 0.15em 0;vertical-align:middle;overflow-wrap:anywhere" | {b.label}',
            f'| style="padding:0.15em 0;vertical-align:middle;white-space:nowrap" | {bar}{b.shown}',
        ]
    lines.append("|}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar: how many, its colour, and its legend text."""

    count: int
    colour: str
    legend: str


def stacked_chart(caption: str, rows: Sequence[tuple[str, Sequence[Segment]]]) -> str:
    """One 100 % bar per row, split into segments (e.g. counted / being written /
    missing topics of a language), with the figures written out beside the bar."""
    if not rows:
        return ""
    lines = [f"{{| {_TABLE}", f"|+ {_CAPTION} | {caption}"]
    for label, segments in rows:
        total = sum(s.count for s in segments)
        parts = []
        for s in segments:
            if s.count and total:
                share = round(s.count / total * 100, 1)
                parts.append(
                    f'<span style="display:inline-block;width:{share}%;height:0.9em;background:{s.colour}"></span>'
                )
        bar = (
            '<div style="display:flex;box-sizing:border-box;width:100%;border:1px solid #a2a9b1;line-height:0">'
            + "".join(parts)
            + "</div>"
        )
        legend = " · ".join(s.legend for s in segments if s.count)
        lines += [
            "|-",
            f'| style="width:15%;padding:0.15em 0.5em 0.15em 0;vertical-align:top;white-space:nowrap" | {label}',
            f'| style="padding:0.15em 0;vertical-align:top" | {bar}<small>{legend}</small>',
        ]
    lines.append("|}")
    return "\n".join(lines)


def column_chart(caption: str, columns: Sequence[Bar], *, colour: str = BLUE, note: str = "") -> str:
    """Vertical columns side by side (e.g. entries per day), with the first and the
    last label under them and ``note`` (the figures in words) below. Fits 360 px:
    the columns share the width, each at least a hairline wide."""
    if not columns:
        return ""
    top = max(c.value for c in columns)
    cells = []
    for c in columns:
        height = round(c.value / top * 4, 2) if top > 0 and c.value > 0 else 0
        bar = (
            f'<div title="{c.label}: {c.shown}" style="height:{height}em;background:{colour};margin:0 1px"></div>'
            if height
            else f'<div title="{c.label}: {c.shown}" style="height:1px;background:{GREY};margin:0 1px"></div>'
        )
        cells.append(f'| style="vertical-align:bottom;padding:0;height:4.2em" | {bar}')
    span = len(columns)
    first, last = columns[0].label, columns[-1].label
    under = 'padding:0.2em 0 0;font-size:85%;border-top:1px solid #a2a9b1;white-space:nowrap'
    left = span // 2
    ends = (
        f'| colspan="{left}" style="{under};text-align:left" | {first}\n'
        f'| colspan="{span - left}" style="{under};text-align:right" | {last}'
        if span > 1
        else f'| style="{under}" | {first}'
    )
    lines = [
        '{| style="width:100%;max-width:40em;border-collapse:collapse;table-layout:fixed;margin:0.5em 0 0"',
        f"|+ {_CAPTION} | {caption}",
        "|-",
        *cells,
        "|-",
        ends,
        "|}",
    ]
    if note:
        lines.append(f"<small>{note}</small>")
    return "\n".join(lines)

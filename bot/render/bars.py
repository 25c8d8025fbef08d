"""Pictures made of plain wikitext: bars drawn with inline styles.

Every wiki can show them: no Graph, Chart or EasyTimeline extension (Wikimedia
wikis lack or disabled them), no images to upload, nothing a skin may strip.
A chart is a block of ``<div>`` rows with bars sized in percent, so it shrinks
with the window: at 360 px wide (a phone, the mobile skin) the label
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

#: A chart is a block of ``<div>``s, not a table: the mobile skin turns tables into
#: scrolling blocks that shrink to their content, which would squeeze the bars.
_BOX = "max-width:40em;margin:0.5em 0 1em"
_CAPTION = "font-weight:bold;margin:0.2em 0"
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
    rows = []
    for b in bars:
        width = _width(b.value, top)
        bar = (
            f'<span style="display:inline-block;vertical-align:middle;width:{width}%;height:0.9em;'
            f'background:{colour};margin-right:0.3em"></span>'
            if width
            else ""
        )
        rows.append(
            '<div style="display:flex;align-items:center;margin:0.15em 0">'
            f'<div style="flex:0 0 35%;padding-right:0.5em;overflow-wrap:anywhere">{b.label}</div>'
            f'<div style="flex:1 1 auto;white-space:nowrap">{bar}{b.shown}</div></div>'
        )
    return "\n".join([f'<div style="{_BOX}">', f'<div style="{_CAPTION}">{caption}</div>', *rows, "</div>"])


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar: how many, its colour, and its legend text."""

    count: int
    colour: str
    legend: str


def stacked_chart(caption: str, rows: Sequence[tuple[str, Sequence[Segment]]]) -> str:
    """One 100 % bar per row, split into segments (e.g. counted / being written /
    missing topics of a language), with the figures written out under the bar."""
    if not rows:
        return ""
    out = [f'<div style="{_BOX}">', f'<div style="{_CAPTION}">{caption}</div>']
    for label, segments in rows:
        total = sum(s.count for s in segments)
        parts = [
            f'<span style="flex:0 0 {round(s.count / total * 100, 1)}%;height:0.9em;background:{s.colour}"></span>'
            for s in segments
            if s.count and total
        ]
        legend = " · ".join(s.legend for s in segments if s.count)
        out.append(
            '<div style="display:flex;align-items:flex-start;margin:0.2em 0">'
            f'<div style="flex:0 0 3em;padding-right:0.5em">{label}</div>'
            '<div style="flex:1 1 auto">'
            '<div style="display:flex;box-sizing:border-box;width:100%;border:1px solid #a2a9b1">'
            + "".join(parts)
            + f"</div><small>{legend}</small></div></div>"
        )
    out.append("</div>")
    return "\n".join(out)


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
        look = f"height:{height}em;background:{colour}" if height else f"height:1px;background:{GREY}"
        cells.append(f'<div title="{c.label}: {c.shown}" style="flex:1 1 0;margin:0 1px;{look}"></div>')
    first, last = columns[0].label, columns[-1].label
    ends = f"<span>{first}</span><span>{last}</span>" if len(columns) > 1 else f"<span>{first}</span>"
    lines = [
        f'<div style="{_BOX}">',
        f'<div style="{_CAPTION}">{caption}</div>',
        '<div style="display:flex;align-items:flex-end;height:4.2em;border-bottom:1px solid #a2a9b1">'
        + "".join(cells)
        + "</div>",
        f'<div style="display:flex;justify-content:space-between;font-size:85%">{ends}</div>',
        f"<small>{note}</small>" if note else "",
        "</div>",
    ]
    return "\n".join(line for line in lines if line)

"""A hand-written SVG chart: counts per day, one line per contest, in stacked panels.

Pure: numbers and texts in, an SVG document (a string) out; no plotting library,
no fonts to embed, nothing read from disk. The output is a plain SVG 1.1 file that
browsers, Inkscape, LibreOffice and ``rsvg-convert`` show alike, and that a wiki
could host as a file.

Why lines: a programme has many contests over many days; grouped bars of ten
contests over thirty days are unreadable, lines stay readable. Each day is a band
on the x axis and a point sits in the middle of its band, so a single day still
draws (as dots). Every point carries a ``<title>`` tooltip with its exact value.

:func:`daily_chart` is the report's chart: counted entries and new participants per
day per contest (:mod:`bot.stats`), every label from the catalog of the umbrella's
home wiki. :func:`line_chart` is the generic drawing underneath.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from bot.i18n import Catalog
from bot.stats import Daily, day_span

#: Okabe-Ito and Tableau-like colours: distinguishable, also for colour-blind readers.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#8c564b",
    "#f0e442",
    "#7f7f7f",
    "#000000",
)

WIDTH = 960
LEFT, RIGHT = 64, 24  # room for the y labels; a little air on the right
TITLE_H = 44
PANEL_TITLE_H = 26
PLOT_H = 220
AXIS_H = 34  # the x labels under a plot
LEGEND_LINE_H = 22
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: Mapping[date, int]  # missing days are 0


@dataclass(frozen=True)
class Panel:
    title: str
    series: tuple[Series, ...]


def nice_step(top: float, ticks: int = 5) -> int:
    """An integer step (1, 2, 5, 10, 20, 50...) giving at most ``ticks`` steps up to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * magnitude >= raw:
            return int(m * magnitude)
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


def fit(size: int, text: str, room: float, *, bold: bool = False, smallest: int = 9) -> int:
    """A font size at most ``size`` at which ``text`` fits ``room`` pixels.

    SVG has no text measuring without a renderer, so this takes an average glyph of
    0.62 em, 0.72 em in bold (DejaVu Sans, Latin and Cyrillic): long titles shrink
    instead of running off the picture.
    """
    if not text:
        return size
    em = 0.72 if bold else 0.62
    return max(smallest, min(size, int(room / (em * len(text)))))


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", weight: str = "normal",
          fill: str = "#202122") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(s)}</text>')


def _panel(panel: Panel, top: float, days: Sequence[date], colors: Mapping[str, str], number: Callable[[int], str],
           point_label: Callable[[str, date, int], str], empty: str) -> list[str]:
    """One panel: its title, grid, y and x labels, and a line per series."""
    out = [_text(LEFT, top + 17, panel.title, size=fit(14, panel.title, WIDTH - LEFT - RIGHT, bold=True),
                 weight="bold")]
    y0 = top + PANEL_TITLE_H
    plot_w = WIDTH - LEFT - RIGHT
    band = plot_w / len(days)
    peak = max((v for s in panel.series for v in s.values.values()), default=0)
    step = nice_step(peak)
    ymax = max(step, math.ceil(peak / step) * step)

    def x_of(i: int) -> float:
        return LEFT + band * (i + 0.5)

    def y_of(v: float) -> float:
        return y0 + PLOT_H - PLOT_H * v / ymax

    out.append(f'<rect x="{LEFT}" y="{y0:.1f}" width="{plot_w}" height="{PLOT_H}" fill="#f8f9fa" '
               f'stroke="#a2a9b1" stroke-width="1"/>')
    for v in range(0, ymax + 1, step):
        y = y_of(v)
        if 0 < v < ymax:
            out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#dcdfe3" '
                       f'stroke-width="1"/>')
        out.append(_text(LEFT - 8, y + 4, number(v), size=11, anchor="end"))
    every = max(1, math.ceil(len(days) / MAX_X_LABELS))
    for i, d in enumerate(days):
        if i % every == 0:
            x = x_of(i)
            out.append(f'<line x1="{x:.1f}" y1="{y0 + PLOT_H:.1f}" x2="{x:.1f}" y2="{y0 + PLOT_H + 4:.1f}" '
                       f'stroke="#72777d" stroke-width="1"/>')
            out.append(_text(x, y0 + PLOT_H + 18, d.isoformat(), size=11, anchor="middle"))
    if peak == 0:
        out.append(_text(LEFT + plot_w / 2, y0 + PLOT_H / 2, empty, size=13, anchor="middle", fill="#72777d"))
    for k, s in enumerate(panel.series):
        color = colors[s.label]
        # Earlier lines are drawn wider, so a later line on the same values leaves them visible
        # as a border (two contests with equal counts must not look like one).
        width = 2 + min(6.0, 2.0 * (len(panel.series) - 1 - k))
        points = [(x_of(i), y_of(s.values.get(d, 0))) for i, d in enumerate(days)]
        body = [f'<g class="series" fill="{color}" stroke="{color}">']
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke-width="{width:g}" '
                        'stroke-linejoin="round"/>')
        for (x, y), d in zip(points, days, strict=True):
            value = s.values.get(d, 0)
            if value or len(points) == 1:
                tip = escape(point_label(s.label, d, value))
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{1.5 + width:g}" stroke="none">'
                            f"<title>{tip}</title></circle>")
        body.append("</g>")
        out.extend(body)
    return out


def line_chart(
    title: str,
    panels: Sequence[Panel],
    legend: Sequence[tuple[str, str]],
    *,
    first: date,
    last: date,
    number: Callable[[int], str] = str,
    point_label: Callable[[str, date, int], str] = lambda s, d, v: f"{s}, {d.isoformat()}: {v}",
    empty: str = "",
) -> str:
    """An SVG document: ``panels`` stacked over the days ``first..last``, then the legend.

    ``legend`` pairs each series label (as used in the panels) with the text shown
    for it; the order of ``legend`` gives the colours.
    """
    days = _days(first, min(max(first, last), first + timedelta(days=3660)))
    colors = {label: PALETTE[i % len(PALETTE)] for i, (label, _) in enumerate(legend)}
    for panel in panels:
        for s in panel.series:
            colors.setdefault(s.label, PALETTE[len(colors) % len(PALETTE)])
    panel_h = PANEL_TITLE_H + PLOT_H + AXIS_H
    legend_top = TITLE_H + len(panels) * panel_h + 8
    height = legend_top + LEGEND_LINE_H * len(legend) + 12
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family={quoteattr(FONT)}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(WIDTH / 2, 28, title, size=fit(17, title, WIDTH - 2 * RIGHT, bold=True), anchor="middle",
              weight="bold"),
    ]
    for k, panel in enumerate(panels):
        parts += _panel(panel, TITLE_H + k * panel_h, days, colors, number, point_label, empty)
    for i, (label, text) in enumerate(legend):
        y = legend_top + i * LEGEND_LINE_H
        parts.append(f'<rect x="{LEFT}" y="{y + 4}" width="14" height="14" fill="{colors[label]}"/>')
        parts.append(_text(LEFT + 22, y + 16, text, size=fit(12, text, WIDTH - LEFT - 22 - RIGHT)))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def running_total(values: Mapping[date, int], first: date, last: date) -> dict[date, int]:
    """Counts per day -> the total so far on each day from ``first`` to ``last``."""
    out: dict[date, int] = {}
    total = sum(n for d, n in values.items() if d < first)
    day = first
    while day <= last:
        total += values.get(day, 0)
        out[day] = total
        day += timedelta(days=1)
    return out


def daily_chart(umbrella: str, series: Sequence[Daily], cat: Catalog, *,
                periods: Sequence[tuple[date, date]] = (), until: date | None = None) -> str:
    """The report's chart: counted entries per day, their running total beside them, and new
    participants per day, one line per contest."""
    first, last = day_span(series, periods, until)
    labels = [f"{s.title} ({s.wiki})" for s in series]
    entries = Panel(cat.text("chart-panel-entries"),
                    tuple(Series(lbl, dict(s.entries)) for lbl, s in zip(labels, series, strict=True)))
    running = Panel(cat.text("chart-panel-running"),
                    tuple(Series(lbl, running_total(dict(s.entries), first, last))
                          for lbl, s in zip(labels, series, strict=True)))
    people = Panel(cat.text("chart-panel-participants"),
                   tuple(Series(lbl, dict(s.participants)) for lbl, s in zip(labels, series, strict=True)))
    legend = [
        (lbl, cat.text("chart-legend", contest=lbl, entries=s.total_entries, participants=s.total_participants))
        for lbl, s in zip(labels, series, strict=True)
    ]
    return line_chart(
        cat.text("chart-title", umbrella=umbrella),
        [entries, running, people],
        legend,
        first=first,
        last=last,
        number=lambda n: cat.number(n),
        point_label=lambda s, d, v: cat.text("chart-point", series=s, day=cat.date(d), count=v),
        empty=cat.text("chart-empty"),
    )

"""The report's SVG chart (bot/chart.py): valid SVG, every label from the catalog, and it renders.

The chart is checked the way its reader meets it: the XML parses, the lines and points
are there with the right values, the texts are in the umbrella's language, and where
``rsvg-convert`` is installed the file renders to a PNG that is not blank.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from datetime import date
from pathlib import Path

import pytest

from bot.chart import PALETTE, daily_chart, line_chart, nice_step
from bot.i18n import catalog
from bot.stats import Daily

SVG = "{http://www.w3.org/2000/svg}"

KAZAN = Daily("en", "Project:Smart Region 2026/Kazan",
              entries=((date(2026, 11, 3), 2), (date(2026, 11, 5), 1)),
              participants=((date(2026, 10, 30), 3), (date(2026, 11, 2), 1)))
CHALLY = Daily("tt", "Проект:Акыллы төбәк 2026/Чаллы & <Елабуга>",
               entries=((date(2026, 11, 4), 4),),
               participants=((date(2026, 11, 1), 2),))
PERIODS = [(date(2026, 11, 1), date(2026, 11, 30))]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode())


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(("top", "step"), [(0, 1), (3, 1), (5, 1), (6, 2), (11, 5), (23, 5), (49, 10),
                                           (120, 50), (999, 200)])
def test_nice_step(top: int, step: int) -> None:
    assert nice_step(top) == step


def test_daily_chart_is_svg_with_a_line_per_contest_and_panel() -> None:
    svg = daily_chart("Project:Smart Region 2026", [KAZAN, CHALLY], catalog("en"), periods=PERIODS,
                      until=date(2026, 11, 6))
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title") == "Project:Smart Region 2026: counted entries and new participants per day"
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert len(series) == 6  # three panels (per day, running total, participants), two contests
    assert [g.get("stroke") for g in series] == [PALETTE[0], PALETTE[1]] * 3
    # Oct 30 .. Nov 6 (the earliest signup to "today"): 8 days, so 8 points per line.
    for g in series:
        line = g.find(f"{SVG}polyline")
        assert line is not None and len(line.get("points", "").split()) == 8
    tips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")][1:]
    assert "Project:Smart Region 2026/Kazan (en), 2026-11-03: 2" in tips
    assert "Проект:Акыллы төбәк 2026/Чаллы & <Елабуга> (tt), 2026-11-04: 4" in tips
    shown = texts(root)
    assert "Counted entries per day (by the day of the first counted edit)" in shown
    assert "New participants per day (by the day of signing up)" in shown
    assert "Counted entries so far (running total)" in shown
    # The running total ends at each contest's total, beside the daily counts.
    assert tips.count("Project:Smart Region 2026/Kazan (en), 2026-11-06: 3") == 1
    assert "Project:Smart Region 2026/Kazan (en): 3 entries, 4 participants" in shown
    assert "2026-10-30" in shown  # the first day is labelled


def test_points_sit_higher_for_larger_values() -> None:
    root = parse(daily_chart("U", [CHALLY], catalog("en"), periods=PERIODS, until=date(2026, 11, 4)))
    circles = [c for c in root.iter(f"{SVG}circle")]
    by_tip: dict[str, float] = {}
    for c in circles:  # the first panel's point (the running total may show the same figure)
        by_tip.setdefault("".join(c.itertext()), float(c.get("cy", "0")))
    entries_point = by_tip["Проект:Акыллы төбәк 2026/Чаллы & <Елабуга> (tt), 2026-11-04: 4"]
    line = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "series").find(f"{SVG}polyline")
    assert line is not None
    zero_y = float(line.get("points", "").split()[0].split(",")[1])  # Nov 1: nothing yet
    assert entries_point < zero_y


@pytest.mark.parametrize("lang", ["ru", "tt"])
def test_labels_come_from_the_home_wikis_language(lang: str) -> None:
    cat = catalog(lang)
    root = parse(daily_chart("Проект:Акыллы төбәк", [KAZAN, CHALLY], cat, periods=PERIODS,
                             until=date(2026, 11, 6)))
    shown = texts(root)
    assert cat.text("chart-panel-entries") in shown
    assert cat.text("chart-panel-participants") in shown
    assert root.findtext(f"{SVG}title") == cat.text("chart-title", umbrella="Проект:Акыллы төбәк")
    assert not any("⧼" in t or "{" in t for t in shown)


def test_one_day_and_no_data_still_draw() -> None:
    one = Daily("en", "X", entries=((date(2026, 11, 1), 1),), participants=())
    root = parse(line_chart("t", [], [], first=date(2026, 11, 1), last=date(2026, 11, 1)))
    assert root.tag == f"{SVG}svg"
    root = parse(daily_chart("U", [one], catalog("en"), periods=[(date(2026, 11, 1), date(2026, 11, 1))],
                             until=date(2026, 11, 1)))
    assert root.find(f".//{SVG}polyline") is None
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # a dot per panel, even for 0
    root = parse(daily_chart("U", [], catalog("en"), until=date(2026, 11, 1)))
    assert texts(root).count("Nothing yet") == 3  # one per panel


def test_same_input_same_bytes() -> None:
    a = daily_chart("U", [KAZAN, CHALLY], catalog("tt"), periods=PERIODS, until=date(2026, 11, 6))
    assert a == daily_chart("U", [KAZAN, CHALLY], catalog("tt"), periods=PERIODS, until=date(2026, 11, 6))


def png_rgb(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a, b, c = (line[i - bpp] if i >= bpp else 0), prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


@pytest.mark.skipif(shutil.which("rsvg-convert") is None,
                    reason="rsvg-convert is not installed: `make deps` installs it (Debian's librsvg2-bin)")
def test_chart_renders_to_a_png(tmp_path: Path) -> None:
    svg = tmp_path / "chart.svg"
    svg.write_text(daily_chart("Проект:Акыллы төбәк 2026", [KAZAN, CHALLY], catalog("tt"), periods=PERIODS,
                               until=date(2026, 11, 6)), encoding="utf-8")
    png = tmp_path / "chart.png"
    subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True, capture_output=True, timeout=60)
    width, height, bpp, rows = png_rgb(png)
    root = parse(svg.read_text(encoding="utf-8"))
    assert (width, height) == (int(root.get("width", "0")), int(root.get("height", "0")))
    pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), bpp)]
    white = pixels.count(b"\xff\xff\xff")
    assert white < len(pixels) * 0.95  # not blank: text, grid and lines are drawn
    for color in PALETTE[:2]:  # both contests' lines are visible
        assert pixels.count(bytes.fromhex(color[1:])) > 50, color

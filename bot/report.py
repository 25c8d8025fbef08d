"""``editathon report``: an umbrella's statistics as files for organizers and sponsors.

    editathon report --umbrella [WIKI:]TITLE --out DIR [--now ISO]

writes into DIR:

- ``stats.csv``: one row per contest below the umbrella, one per language, and the
  total (headers and row kinds in the umbrella's home-wiki language, numbers plain,
  UTF-8), for a spreadsheet;
- ``stats.json``: the same figures with stable English keys, plus the counts per
  day per contest, for other programs;
- ``chart.svg``: counted entries and new participants per day per contest;
- ``years.csv`` (when the umbrella names a ``previous`` edition): the editions side by side
  (:mod:`bot.years`), also under ``editions`` in ``stats.json``.

The figures are the ones the umbrella's ``B/Leaderboard`` shows (both come from
:mod:`bot.stats`). To get them the whole pipeline runs in simulate mode
(:func:`bot.run.update.run_once` with ``simulate=True``, from :mod:`bot.cli.report`): it reads the wikis as a run
does but writes nothing, neither to a wiki nor to the bot's database, so a report
can be made at any time without disturbing the bot.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.chart import daily_chart
from bot.i18n import Catalog
from bot.model import ContestResult, ContestSettings, ContestState, PageRef, Signup
from bot.render.entries import state_key
from bot.stats import ContestStats, Daily, Totals, UmbrellaStats, daily, umbrella_stats
from bot.years import EditionFigures


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of: the umbrella and what the run found below it."""

    umbrella: ContestSettings
    state: ContestState
    results: tuple[ContestResult, ...]
    signups: Mapping[PageRef, Sequence[Signup]]  # by contest
    failed: tuple[str, ...] = ()  # contests below that could not be read or scored
    years: tuple[EditionFigures, ...] = ()  # this edition beside the previous ones (issue 21)


def _figures(t: Totals) -> list[int]:
    return [t.participants, t.entries, t.bytes_added, t.words_added, t.topics]


def stats_csv(stats: UmbrellaStats, cat: Catalog) -> str:
    """The CSV text: contests, then languages, then the total."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([cat.text(k) for k in (
        "report-col-scope", "report-col-wiki", "umbrella-col-contest", "umbrella-col-state",
        "umbrella-col-participants", "umbrella-col-entries", "umbrella-col-bytes", "umbrella-col-words",
        "umbrella-col-topics", "umbrella-col-languages")])
    for c in stats.contests:
        w.writerow([cat.text("report-scope-contest"), c.wiki, c.title, cat.text(state_key(c.state)),
                    *_figures(c.totals), " ".join(c.languages)])
    for lang in stats.languages:
        w.writerow([cat.text("report-scope-language"), lang.wiki, "", "", *_figures(lang.totals), lang.wiki])
    languages = " ".join(lang.wiki for lang in stats.languages)
    w.writerow([cat.text("report-scope-total"), "", "", "", *_figures(stats.total), languages])
    return buf.getvalue()


def _contest_json(c: ContestStats) -> dict[str, Any]:
    return {"wiki": c.wiki, "title": c.title, "state": str(c.state), "languages": list(c.languages),
            **asdict(c.totals)}


def stats_json(data: ReportInput, stats: UmbrellaStats, series: Sequence[Daily], now: datetime) -> str:
    """The JSON text: the figures with stable English keys, and the counts per day."""
    u = data.umbrella
    doc = {
        "umbrella": {"wiki": u.wiki, "title": u.title, "state": str(data.state),
                     "start": u.start.isoformat(), "end": u.end.isoformat()},
        "generated": now.isoformat(),
        "total": asdict(stats.total),
        "contests": [_contest_json(c) for c in stats.contests],
        "languages": [{"wiki": lang.wiki, **asdict(lang.totals)} for lang in stats.languages],
        "daily": [{"wiki": s.wiki, "title": s.title,
                   "entries": {d.isoformat(): n for d, n in s.entries},
                   "participants": {d.isoformat(): n for d, n in s.participants}} for s in series],
        "failed": list(data.failed),
        "editions": [years_json(r) for r in data.years],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def years_json(r: EditionFigures) -> dict[str, Any]:
    """One edition's figures with stable English keys (see :mod:`bot.years`)."""
    return {"wiki": r.wiki, "title": r.title, "year": r.year, "participants": r.participants,
            "returning": r.returning, "new_accounts": r.new_accounts, "entries": r.entries,
            "bytes": r.bytes_added, "coverage": {w: {"covered": n, "topics": t} for w, n, t in r.coverage},
            "active_after_days": {str(d): n for d, n in r.active}}


def years_csv(rows: Sequence[EditionFigures], cat: Catalog) -> str:
    """The editions side by side, for a spreadsheet (empty cells: not known yet)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    languages = sorted({lang for r in rows for lang, _, _ in r.coverage})
    days = [d for d, _ in rows[0].active] if rows else []
    w.writerow([cat.text("years-col-edition"), cat.text("umbrella-col-participants"),
                cat.text("years-col-returning"), cat.text("years-col-new-accounts"),
                cat.text("umbrella-col-entries"), cat.text("umbrella-col-bytes"),
                *(f"{cat.text('years-col-coverage')} {lang}" for lang in languages),
                *(cat.text("years-col-active", days=d) for d in days)])
    for r in rows:
        cov = {lang: f"{n}/{t}" for lang, n, t in r.coverage}
        w.writerow([r.year, r.participants, "" if r.returning is None else r.returning, r.new_accounts, r.entries,
                    r.bytes_added, *(cov.get(lang, "") for lang in languages),
                    *("" if n is None else n for _, n in r.active)])
    return buf.getvalue()


def report_files(data: ReportInput, cat: Catalog, now: datetime) -> dict[str, str]:
    """File name -> text of every file of the report (pure)."""
    results = sorted(data.results, key=lambda r: (r.settings.wiki, r.settings.title))
    stats = umbrella_stats(results)
    series = [daily(r, data.signups.get(PageRef(r.settings.wiki, r.settings.title), ())) for r in results]
    periods = [(r.settings.start, r.settings.end) for r in results] or [(data.umbrella.start, data.umbrella.end)]
    today = now.astimezone(ZoneInfo(data.umbrella.timezone)).date()
    extra = {"years.csv": years_csv(data.years, cat)} if data.years else {}
    return {
        **extra,
        "stats.csv": stats_csv(stats, cat),
        "stats.json": stats_json(data, stats, series, now),
        "chart.svg": daily_chart(data.umbrella.title, series, cat, periods=periods, until=today),
    }

"""``editathon report``: an umbrella's statistics as files for organizers and sponsors.

    editathon report --umbrella [WIKI:]TITLE --out DIR [--now ISO]

writes into DIR:

- ``stats.csv``: one row per contest below the umbrella, one per language, and the
  total (headers and row kinds in the umbrella's home-wiki language, numbers plain,
  UTF-8), for a spreadsheet;
- ``stats.json``: the same figures with stable English keys, plus the counts per
  day per contest, for other programs;
- ``chart.svg``: counted entries and new participants per day per contest.

The figures are the ones the umbrella's ``B/Leaderboard`` shows (both come from
:mod:`bot.stats`). To get them the whole pipeline runs in simulate mode
(:func:`bot.update.run_once` with ``simulate=True``): it reads the wikis as a run
does but writes nothing, neither to a wiki nor to the bot's database, so a report
can be made at any time without disturbing the bot.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.chart import daily_chart
from bot.config import BotConfig
from bot.i18n import Catalog, catalog
from bot.model import ContestResult, ContestSettings, ContestState, PageRef, Signup
from bot.render.entries import state_key
from bot.stats import ContestStats, Daily, Totals, UmbrellaStats, daily, umbrella_stats


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of: the umbrella and what the run found below it."""

    umbrella: ContestSettings
    state: ContestState
    results: tuple[ContestResult, ...]
    signups: Mapping[PageRef, Sequence[Signup]]  # by contest
    failed: tuple[str, ...] = ()  # contests below that could not be read or scored


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
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def report_files(data: ReportInput, cat: Catalog, now: datetime) -> dict[str, str]:
    """File name -> text of every file of the report (pure)."""
    results = sorted(data.results, key=lambda r: (r.settings.wiki, r.settings.title))
    stats = umbrella_stats(results)
    series = [daily(r, data.signups.get(PageRef(r.settings.wiki, r.settings.title), ())) for r in results]
    periods = [(r.settings.start, r.settings.end) for r in results] or [(data.umbrella.start, data.umbrella.end)]
    today = now.astimezone(ZoneInfo(data.umbrella.timezone)).date()
    return {
        "stats.csv": stats_csv(stats, cat),
        "stats.json": stats_json(data, stats, series, now),
        "chart.svg": daily_chart(data.umbrella.title, series, cat, periods=periods, until=today),
    }


# ------------------------------------------------------------------ the command (edge)


def cmd_report(cfg: BotConfig, args: argparse.Namespace) -> int:
    """Run the pipeline in simulate mode and write the umbrella's report files.

    Exit codes: 0 written; 1 written, but some contest below failed (its figures are
    missing; the files name it); 2 no such umbrella, or a bad argument.
    """
    from bot.cli import parse_now
    from bot.console import progress_printer
    from bot.update import UmbrellaTree, contest_state, run_once, split_only
    from bot.wiki import Wikis

    try:
        now = parse_now(args.now)
    except ValueError:
        print(f"editathon: --now {args.now!r} is not an ISO 8601 time (e.g. 2026-11-20T12:00:00Z)",
              file=sys.stderr)
        return 2
    want_wiki, want_title = split_only(args.umbrella, cfg.known_wikis)
    summary = run_once(cfg, now=now, simulate=True, only=None, progress=progress_printer())
    wikis = Wikis(cfg, simulate=True)
    try:
        def normalize(ref: PageRef) -> PageRef:
            if ref.wiki not in wikis.sessions:
                return ref
            return PageRef(ref.wiki, wikis[ref.wiki].normalize(ref.title))

        tree = UmbrellaTree(summary.contests, normalize=normalize)
        found = [o for o in summary.contests
                 if o.settings is not None and o.settings.umbrella and want_wiki in (None, o.wiki)
                 and want_title is not None and o.title == normalize(PageRef(o.wiki, want_title)).title]
    finally:
        wikis.close()
    if not found:
        print(f"editathon: no umbrella contest {args.umbrella!r} was found (a contest page with "
              f"'umbrella = yes' under a configured prefix); check the title and the wiki prefix.",
              file=sys.stderr)
        return 2
    if len(found) > 1:
        names = ", ".join(f"{o.wiki}:{o.title}" for o in found)
        print(f"editathon: {args.umbrella!r} names several umbrellas ({names}); add the wiki prefix.",
              file=sys.stderr)
        return 2
    umbrella = found[0]
    assert umbrella.settings is not None
    below = tree.contests_below(umbrella)
    failed = tuple(f"{o.wiki}:{o.title}: {o.error or 'not scored'}" for o in below if o.result is None)
    data = ReportInput(
        umbrella=umbrella.settings,
        state=contest_state(umbrella.settings, now),
        results=tuple(o.result for o in below if o.result is not None),
        signups={o.ref: tuple(o.pages.signups) for o in below if o.pages is not None},
        failed=failed,
    )
    cat = catalog(cfg.wikis[umbrella.wiki].language)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in report_files(data, cat, now).items():
        (out / name).write_text(text, encoding="utf-8")
        print(out / name)
    for line in failed:
        print(f"editathon: not in the report: {line}", file=sys.stderr)
    return 1 if failed else 0

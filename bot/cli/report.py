"""``editathon report``: an umbrella's statistics as files (the figures: :mod:`bot.report`).

The whole pipeline runs in simulate mode (it reads the wikis as a run would, and
writes nothing); the umbrella's contests' results become ``stats.csv``,
``stats.json`` and ``chart.svg`` in the folder given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.args import now_or_complain
from bot.config import BotConfig
from bot.console import progress_printer
from bot.i18n import catalog
from bot.model import PageRef, contest_state
from bot.report import ReportInput, report_files
from bot.run.scope import UmbrellaTree, split_only
from bot.run.update import run_once
from bot.wiki import Wikis


def cmd_report(cfg: BotConfig, args: argparse.Namespace) -> int:
    """Run the pipeline in simulate mode and write the umbrella's report files.

    Exit codes: 0 written; 1 written, but some contest below failed (its figures are
    missing; the files name it); 2 no such umbrella, or a bad argument.
    """
    now = now_or_complain(args.now)
    if now is None:
        return 2
    want_wiki, want_title = split_only(args.umbrella, cfg.known_wikis)
    summary = run_once(cfg, now=now, simulate=True, only=None, progress=progress_printer(), rescore_all=True)
    wikis = Wikis(cfg, simulate=True)
    try:
        normalize = wikis.normalize_ref
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
        years=umbrella.years,
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

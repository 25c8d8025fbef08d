"""``editathon run``: update every contest (or one) once, print what happened.

Exit codes: 0 done; 1 some contest or wiki failed (the others were still updated);
2 a bad argument, or a ``--contest`` that exists on no wiki (looked for on every wiki
of the config, or on the one its ``WIKI:`` names).
"""

from __future__ import annotations

import argparse
import sys

from bot.cli.args import now_or_complain
from bot.config import BotConfig
from bot.console import print_summary, progress_printer
from bot.run.update import run_once


def cmd_run(cfg: BotConfig, args: argparse.Namespace) -> int:
    now = now_or_complain(args.now)
    if now is None:
        return 2
    summary = run_once(cfg, now=now, simulate=args.simulate, only=args.contest,
                       progress=progress_printer())
    if args.simulate:
        for diff in summary.diffs:
            sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
    print_summary(summary)
    if args.contest and not summary.contests and not summary.wiki_errors:
        where = ", ".join(sorted(cfg.wikis))
        print(f"editathon run: --contest {args.contest!r}: no contest page of that name on {where}; "
              "check the title with its namespace (e.g. 'Project:Editathon/Kazan 2026'), or write "
              "WIKI:TITLE. Nothing was updated.", file=sys.stderr)
        return 2
    return 0 if summary.ok else 1

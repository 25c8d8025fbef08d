"""The ``editathon`` console script: parses arguments and calls the library, nothing else.

    editathon run --once [--contest [WIKI:]TITLE] [--simulate] [--now ISO]
    editathon kit new --wiki CODE --title TITLE [...] [--simulate]    (see bot/cli/kit.py)
    editathon kit install-templates --wiki CODE [--simulate]
    editathon worklist draft --contest WIKI:TITLE --item QID [--simulate]   (bot/cli/worklist.py)
    editathon serve [--interval MINUTES] [--cycles N]
    editathon report --umbrella [WIKI:]TITLE --out DIR [--now ISO]

Exit codes: 0 done; 1 some contest or wiki failed (the others were still updated);
2 the command line or the config file is wrong (the message says how to fix it).
``serve`` exits 0 when it stopped cleanly (SIGTERM, SIGINT, or ``--cycles`` done).
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli.args import positive
from bot.config import ConfigError, load_config


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="editathon", description="Runs writing contests on wikis.")
    p.add_argument("--config", help="config file (default: $EDITATHON_CONFIG or config/bot.toml)")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="update contests now")
    run.add_argument("--once", action="store_true", help="one pass over every contest, then exit (default)")
    run.add_argument("--contest", help="only this contest: TITLE or WIKI:TITLE")
    run.add_argument("--simulate", action="store_true",
                     help="write nothing, neither wiki nor database; print the diff of what would be written")
    run.add_argument("--now", help="pretend it is this time (ISO 8601); for tests and replays")

    from bot.cli.kit import add_parser as add_kit_parser

    add_kit_parser(sub)

    from bot.cli.worklist import add_parser as add_worklist_parser

    add_worklist_parser(sub)

    serve = sub.add_parser("serve", help="keep updating every contest on an interval until SIGTERM or SIGINT")
    serve.add_argument("--interval", type=positive(float), metavar="MINUTES",
                       help="minutes between two updates (default: interval_minutes in the config)")
    serve.add_argument("--cycles", type=positive(int), metavar="N",
                       help="stop cleanly after N update cycles (checks and tests)")

    report = sub.add_parser("report", help="an umbrella's statistics as stats.csv, stats.json and chart.svg")
    report.add_argument("--umbrella", required=True, metavar="[WIKI:]TITLE", help="the umbrella contest page")
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")
    report.add_argument("--now", help="pretend it is this time (ISO 8601); for tests and replays")

    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("pywikibot", "urllib3", "requests", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        print(f"editathon: {exc}", file=sys.stderr)
        return 2
    if args.command == "run":
        from bot.cli.run import cmd_run

        return cmd_run(cfg, args)
    if args.command == "kit":
        from bot.cli.kit import cmd_kit

        return cmd_kit(cfg, args)
    if args.command == "worklist":
        from bot.cli.worklist import cmd_worklist

        return cmd_worklist(cfg, args)
    if args.command == "serve":
        from bot.cli.serve import cmd_serve

        return cmd_serve(cfg, args)
    if args.command == "report":
        from bot.cli.report import cmd_report

        return cmd_report(cfg, args)
    return 2

"""The ``editathon`` console script: parses arguments and calls the library, nothing else.

    editathon [-c FILE] [--simulate] [-v] COMMAND ...   (the three options also after COMMAND)
    editathon --version
    editathon config check                               (the settings as read; bot/config_report.py)
    editathon run --once [--contest [WIKI:]TITLE] [--simulate] [--now ISO]
    editathon kit new --wiki CODE --title TITLE [...] [--simulate]    (see bot/cli/kit.py)
    editathon kit install-templates --wiki CODE [--simulate]
    editathon worklist draft --contest WIKI:TITLE --item QID [--simulate]   (bot/cli/worklist.py)
    editathon serve [--interval MINUTES] [--cycles N]
    editathon report --umbrella [WIKI:]TITLE --out DIR [--now ISO]

Exit codes: 0 done; 1 some contest or wiki failed (the others were still updated);
2 the command line or the config file is wrong (the message says how to fix it): an
unknown option, command or wiki is refused before any request, and a ``--contest`` that
exists on no wiki after the run looked for it.
``serve`` exits 0 when it stopped cleanly (SIGTERM, SIGINT, or ``--cycles`` done).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys

from bot.cli.args import iso_time, positive
from bot.cli.options import Parser, add_global_options
from bot.config import BotConfig, ConfigError, load_config

#: A ``WIKI:`` prefix: an interwiki code (``ru``, ``be-tarask``), not a namespace (``Project:``).
_WIKI_PREFIX = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="editathon", description="Runs writing contests on wikis.",
        epilog="Exit codes: 0 done; 1 something on a wiki was not done; 2 bad settings or command line.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=argparse.ArgumentParser)

    config = sub.add_parser("config", help="the settings file")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    config_sub.add_parser("check", help="print the settings as the bot reads them (no request)")

    run = sub.add_parser("run", help="update contests now")
    run.add_argument("--once", action="store_true", help="one pass over every contest, then exit (default)")
    run.add_argument("--contest", help="only this contest: TITLE or WIKI:TITLE")
    run.add_argument("--now", type=iso_time, help="pretend it is this time (ISO 8601); for tests and replays")

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
    report.add_argument("--now", type=iso_time, help="pretend it is this time (ISO 8601); for tests and replays")

    return add_global_options(p)


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
    problem = wrong_arguments(cfg, args)
    if problem:
        print(f"editathon {args.command}: {problem}", file=sys.stderr)
        return 2
    if args.command == "config":
        from bot.config_report import describe

        sys.stdout.write(describe(cfg))
        return 0
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


def wrong_arguments(cfg: BotConfig, args: argparse.Namespace) -> str:
    """What is wrong with the arguments given the config (before any request), or ``""``."""
    known = ", ".join(sorted(cfg.wikis))
    if args.command == "serve" and args.simulate:
        return "--simulate cannot serve: a service that writes nothing is a run; use `editathon run --once --simulate`."
    wiki = getattr(args, "wiki", None)
    if isinstance(wiki, str) and wiki not in cfg.wikis:
        return f"--wiki {wiki!r} is not a wiki of the config; known: {known}."
    for option, dest in (("--contest", "contest"), ("--parent", "parent"), ("--umbrella", "umbrella"),
                         ("--from", "source"), ("--skip", "skip"), ("--add", "add")):
        values = getattr(args, dest, None)
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, str):
                continue
            prefix, sep, _ = value.partition(":")
            if sep and _WIKI_PREFIX.fullmatch(prefix) and prefix not in cfg.wikis:
                return (f"{option} {value!r}: '{prefix}' is not a wiki of the config (known: {known}); "
                        "write WIKI:TITLE with one of them, or the title alone to look on every wiki.")
    return ""

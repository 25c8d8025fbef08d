"""Command line for the local wikis: ``python -m bot.devwiki start|stop|status|jobs|import|...``.

The Makefile targets (``make wiki``, ``make wiki-stop``, ``make wiki-import``, ``make wiki-jobs``)
call this, so the same code path serves developers, CI and test fixtures.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from bot.devwiki import harness, install, paths


def _print_set(wset: harness.WikiSet) -> None:
    for code, info in wset.wikis.items():
        print(f"  {code}: {info.index}  (api {info.api})")
    print(f"  wikis.json: {wset.wikis_json}")
    print(f"  admin: {paths.ADMIN_USER} / {paths.ADMIN_PASSWORD}")
    print(f"  bot: {harness.BOT_USER}@{harness.BOT_APPID} / {harness.BOT_PASSWORD}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.devwiki", description=__doc__)
    parser.add_argument("-q", "--quiet", action="store_true", help="only print errors")
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start the make-wiki set (idempotent)")
    start.add_argument("--reset", action="store_true", help="start from a pristine copy")
    sub.add_parser("stop", help="stop the make-wiki set and sets left by dead test runs")
    sub.add_parser("status", help="show what runs")
    jobs = sub.add_parser("jobs", help="run the job queue until empty")
    jobs.add_argument("--wiki", choices=harness.LANGS, help="only this wiki")
    imp = sub.add_parser("import", help="replay an XML export into a running wiki")
    imp.add_argument("wiki", choices=harness.LANGS)
    imp.add_argument("dump", type=Path)
    imp.add_argument("--fast", action="store_true", help="skip link updates during import")
    sub.add_parser("deps", help="install PHP, Lua and MediaWiki when missing")
    pristine = sub.add_parser("pristine", help="build the pristine wikis (once)")
    pristine.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="devwiki: %(message)s",
        stream=sys.stderr,
    )
    started = time.monotonic()

    if args.command == "start":
        wset = harness.dev_wikiset(reset=args.reset)
        print(f"wikis running ({time.monotonic() - started:.1f} s):")
        _print_set(wset)
    elif args.command == "stop":
        wset = harness.WikiSet.load(harness.run_dir())
        wset.stop()
        stale = harness.stop_stale_sets()
        print("stopped" + (f" (and {len(stale)} stale test sets)" if stale else ""))
    elif args.command == "status":
        wset = harness.WikiSet.load(harness.run_dir())
        print(json.dumps({"root": str(wset.root), "running": wset.running()}, indent=2))
    elif args.command == "jobs":
        wset = _running_set()
        count = wset.run_jobs(args.wiki)
        print(f"ran {count} jobs")
    elif args.command == "import":
        wset = _running_set()
        wset.import_dump(args.wiki, args.dump.resolve(), fast=args.fast)
        print(f"imported {args.dump} into {args.wiki} ({time.monotonic() - started:.1f} s)")
    elif args.command == "deps":
        install.ensure_system_packages()
        install.ensure_mediawiki()
        print(f"MediaWiki code in {harness.code_dir()}")
    elif args.command == "pristine":
        path = harness.ensure_pristine(force=args.force)
        print(f"pristine wikis in {path} ({time.monotonic() - started:.1f} s)")
    return 0


def _running_set() -> harness.WikiSet:
    """The make-wiki set, started first if needed (so ``make wiki-import`` works alone)."""
    return harness.dev_wikiset()


if __name__ == "__main__":
    sys.exit(main())

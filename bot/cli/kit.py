"""``editathon kit``: create a new contest, or install the kit's templates and form on a wiki.

    editathon kit new --wiki ru --title TITLE [--parent TITLE] [--organizers A,B] [--jury C,D]
                      [--start DATE --end DATE] [--wikis ru,tt] [--umbrella] [--simulate]
    editathon kit install-templates --wiki ru [--simulate]
    editathon kit next --from [WIKI:]TITLE [--title NEW] [--start DATE] [--skip T] [--add W:T] [--simulate]

Both commands only ever create pages (``createonly``): a page that exists is left as it
is and named on the console, so running a command twice, or on a wiki where someone
already made a page of the same name, never overwrites anybody's work. ``--simulate``
prints every page that would be created and writes nothing. The texts come from
:mod:`bot.kit`; this module checks the wiki, prints, and writes.

``kit new`` also records the new contest in the bot's state (``EDITATHON_STATE`` or the
config's ``state``), so the bot's next run reads it even though the bot's own edits are
not looked at for new contests.

Exit codes: 0 done (pages that existed were skipped); 1 the wiki failed or refused an
edit; 2 the command line is wrong, or the contest page exists already.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from bot.cli.kit_pages import create_pages, existing_pages, option_day, remember_contest
from bot.config import BotConfig
from bot.i18n import catalog
from bot.kit import (
    KitError,
    contest_pages,
    install_pages,
    kit_language,
    kit_titles,
    plan_contest,
    split_names,
    under_prefixes,
)
from bot.local_names import local_names

if TYPE_CHECKING:  # pywikibot is imported only when a kit command runs, not to parse arguments
    from bot.wiki import Wikis, WikiSession


def add_parser(sub: Any) -> None:
    """The ``kit`` subcommand and its own subcommands (called by :mod:`bot.cli`)."""
    kit = sub.add_parser("kit", help="start a contest from the kit, or install the kit on a wiki")
    kit_sub = kit.add_subparsers(dest="kit_command", required=True)

    new = kit_sub.add_parser("new", help="create a new contest's pages (never overwrites a page)")
    new.add_argument("--wiki", required=True, help="home wiki of the contest (a code from the config)")
    new.add_argument("--title", required=True, help="the contest page, e.g. 'Project:Editathon/Kazan 2026'")
    new.add_argument("--parent", help="the umbrella it belongs to: TITLE or WIKI:TITLE")
    new.add_argument("--organizers", help="user names, comma separated")
    new.add_argument("--jury", help="user names, comma separated")
    new.add_argument("--start", help="first day, YYYY-MM-DD (default: the 1st of next month)")
    new.add_argument("--end", help="last day, YYYY-MM-DD (default: the end of that month)")
    new.add_argument("--wikis", help="language editions whose articles count (default: the home wiki)")
    new.add_argument("--umbrella", action="store_true",
                     help="an umbrella with contests below it (a general worklist and subscribers)")
    new.add_argument("--simulate", action="store_true", help="print the pages, write nothing")

    from bot.cli.kit_next import add_parser as add_next_parser

    add_next_parser(kit_sub)

    inst = kit_sub.add_parser("install-templates",
                              help="install Template:Editathon* and the start-a-contest form")
    inst.add_argument("--wiki", required=True, help="the wiki (a code from the config)")
    inst.add_argument("--simulate", action="store_true", help="print the pages, write nothing")


def cmd_kit(cfg: BotConfig, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Run ``kit new``, ``kit next`` or ``kit install-templates``; returns the exit code."""
    if args.kit_command != "next" and args.wiki not in cfg.wikis:
        print(f"editathon kit: --wiki {args.wiki!r} is not in the config; known: "
              f"{', '.join(sorted(cfg.wikis))}.", file=sys.stderr)
        return 2
    return _guarded(cfg, args, out)


def _guarded(cfg: BotConfig, args: argparse.Namespace, out: TextIO) -> int:
    """Every kit command inside one boundary: a kit error (the operator's input) exits 2,
    a wiki that failed exits 1, and the sessions are closed either way."""
    from bot.cli.kit_next import cmd_next
    from bot.wiki import Wikis
    from bot.wiki_reads import WikiError

    wikis = Wikis(cfg, simulate=args.simulate)
    try:
        if args.kit_command == "next":  # every wiki of the config (see bot.cli.kit_next)
            return cmd_next(cfg, wikis, args, out)
        session = wikis[args.wiki]
        if args.kit_command == "new":
            return _new(cfg, wikis, session, args, out)
        return _install(cfg, session, args, out)
    except KitError as exc:
        print(f"editathon kit: {exc}", file=sys.stderr)
        return 2
    except WikiError as exc:
        print(f"editathon kit: {exc}", file=sys.stderr)
        return 1
    finally:
        wikis.close()


def prefix_titles(session: WikiSession, prefixes: Sequence[str]) -> list[str]:
    """The config's prefixes as the wiki writes titles ('Project:' -> 'Википедия:')."""
    out = []
    for prefix in prefixes:
        ns, text = session.split_prefix(prefix)
        name = session.namespaces().names.get(ns, "")
        out.append(f"{name}:{text}" if name else text)
    return out


def _new(cfg: BotConfig, wikis: Wikis, session: WikiSession, args: argparse.Namespace, out: TextIO) -> int:
    wcfg = cfg.wikis[session.code]
    today = datetime.now(UTC).astimezone(ZoneInfo(wcfg.timezone)).date()
    spec = plan_contest(
        wiki=session.code,
        lang=kit_language(wcfg.language),
        title=args.title,
        today=today,
        timezone=wcfg.timezone,
        start=option_day(args.start, "--start"),
        end=option_day(args.end, "--end"),
        wikis=(args.wikis or "").replace(" ", ",").split(","),
        organizers=split_names(args.organizers),
        jury=split_names(args.jury),
        parent=args.parent,
        umbrella=args.umbrella,
    )
    unknown = [w for w in spec.wikis if w not in cfg.wikis]
    if unknown:
        raise KitError(f"--wikis names wikis the config does not know: {', '.join(unknown)}.")
    title = session.normalize(spec.title)
    prefixes = prefix_titles(session, wcfg.prefixes)
    if not under_prefixes(title, prefixes):
        # The contract: the bot only looks for contests under the allowed prefixes. A contest
        # made elsewhere would be one nobody can run, so nothing is created or remembered.
        raise KitError(f"{title} is not under the titles the bot watches on {session.code} "
                       f"({', '.join(prefixes)}); nothing was created. Use a title under one of "
                       "them, or ask the operator to add a prefix.")
    if not spec.organizers:
        print("WARNING: no --organizers: until someone is named in 'organizers', only "
              "administrators can change the contest page and the worklist.", file=out)
    if spec.parent:
        _check_parent(cfg, wikis, session, spec.parent, out)
    for field in sorted(spec.defaulted - {"organizers"}):
        print(f"note: {field} was not given; the page has a default marked for the organizer to check.",
              file=out)
    cat = catalog(wcfg.language)
    pages = contest_pages(spec, cat, local_names(cfg, wcfg.language))
    existing = existing_pages(session, [p.title for p in pages])
    if existing.get(pages[0].title):
        print(f"editathon kit: {session.code}:{pages[0].title} exists already; the kit never "
              "overwrites a page. Choose another --title.", file=sys.stderr)
        return 2
    summary = cat.text("kit-summary-new", contest=spec.title, docs=cfg.docs_page)
    code = create_pages(session, pages, existing, summary, args.simulate, out)
    if not args.simulate and existing_pages(session, [pages[0].title])[pages[0].title]:
        remember_contest(cfg, session.code, title)
    return code


def _check_parent(cfg: BotConfig, wikis: Wikis, session: WikiSession, parent: str, out: TextIO) -> None:
    """Warn when the umbrella named by ``--parent`` does not exist (yet)."""
    code, sep, rest = parent.partition(":")
    wiki, title = (code, rest) if sep and code in cfg.wikis else (session.code, parent)
    if not wikis[wiki].latest_revids([title]).get(title):
        print(f"WARNING: the parent {wiki}:{title} does not exist yet; create the umbrella "
              "(editathon kit new --umbrella) so this contest rolls up into it.", file=out)


def _install(cfg: BotConfig, session: WikiSession, args: argparse.Namespace, out: TextIO) -> int:
    wcfg = cfg.wikis[session.code]
    cat = catalog(wcfg.language)
    prefixes = prefix_titles(session, wcfg.prefixes)
    form = session.normalize(kit_titles(cat)["form"])
    if under_prefixes(form, prefixes):
        raise KitError(f"the kit's form page {form} is under a contest prefix ({', '.join(prefixes)}): "
                       "the bot would take its preload for a contest. Change the message "
                       "kit-form-page or the prefixes.")
    pages = install_pages(kit_language(wcfg.language), local_names(cfg, wcfg.language), cat,
                          home=session.code, timezone=wcfg.timezone, prefixes=list(wcfg.prefixes))
    existing = existing_pages(session, [p.title for p in pages])
    summary = cat.text("kit-summary-install", docs=cfg.docs_page)
    return create_pages(session, pages, existing, summary, args.simulate, out)

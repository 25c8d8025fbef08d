"""``editathon kit next``: the next edition of a programme, in one command.

    editathon kit next --from [WIKI:]TITLE [--title NEW] [--start DATE [--end DATE]]
                       [--skip [WIKI:]TITLE ...] [--add WIKI:TITLE ...] [--simulate]

``--from`` names last edition's umbrella (or a single contest). The umbrella and every
contest below it, on every wiki, are created for the next period: dates a year later
(or from ``--start``, every contest keeping its offset), the contest pages copied from
their trusted texts (settings, rules, criteria, nominations, prizes, organizers, jury),
``parent`` and ``previous`` set, each worklist carried over with the topics already
written in every language set apart (:mod:`bot.edition` builds every text). ``--skip``
leaves a municipality out (with what is below it); ``--add`` starts a new one from the
kit under the new umbrella.

Where the old edition comes from: the bot's state (``EDITATHON_STATE`` or the config's
``state``), which holds each contest's trusted text as of the bot's last run, so what is
copied is what the organizers saved, never an impostor's edit. Only the existence of the
worklists' articles is read from the wikis (50 titles a request).

Nothing is overwritten: a page that exists is left as it is and named (``createonly``);
``--simulate`` prints every page and writes nothing. Each new contest is recorded in the
state, as ``kit new`` does, so the next run reads it.

Exit codes: 0 done; 1 a wiki failed or refused an edit; 2 the command line is wrong, or
the old edition is not known to the bot.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli.kit_pages import option_day
from bot.config import BotConfig
from bot.edition import (
    EditionError,
    NewContest,
    OldContest,
    carry_worklist,
    next_contest_text,
    plan_edition,
    worklist_titles,
)
from bot.i18n import catalog
from bot.kit import (
    ContestSpec,
    KitError,
    KitPage,
    contest_pages,
    kit_language,
    plan_contest,
    split_names,
)
from bot.model import ContestSettings, PageRef
from bot.parse.values import parse_date
from bot.trust.contest import ContestLedger
from bot.trust.page import WorklistLedger
from bot.trust.parsed import contest_settings

if TYPE_CHECKING:
    from bot.store import Store
    from bot.wiki import Wikis


def add_parser(kit_sub: Any) -> None:
    """``kit next`` under ``kit`` (called by :mod:`bot.cli.kit`)."""
    nxt = kit_sub.add_parser("next", help="create the next edition of a programme from the last one")
    nxt.add_argument("--from", dest="source", required=True, metavar="[WIKI:]TITLE",
                     help="last edition's umbrella (or contest) page")
    nxt.add_argument("--title", help="the new umbrella's title (default: the old one with the year moved on)")
    nxt.add_argument("--start", help="first day, YYYY-MM-DD (default: a year after the old start)")
    nxt.add_argument("--end", help="last day, YYYY-MM-DD (default: as long as the old edition)")
    nxt.add_argument("--skip", action="append", default=[], metavar="[WIKI:]TITLE",
                     help="leave this contest of the old edition out (repeatable)")
    nxt.add_argument("--add", action="append", default=[], metavar="WIKI:TITLE",
                     help="start a new municipality's contest from the kit under the new umbrella (repeatable)")
    nxt.add_argument("--simulate", action="store_true", help="print the pages, write nothing")


@dataclass
class Known:
    """A contest of the old edition as the bot's state holds it."""

    old: OldContest
    settings: ContestSettings
    worklist: str | None  # trusted text of its worklist, if any


def _known_contests(cfg: BotConfig, store: Store, wikis: Wikis) -> dict[tuple[str, str], Known]:
    out: dict[tuple[str, str], Known] = {}
    for code in cfg.wikis:
        for title in store.known_contests(code):
            raw = store.ledger(code, title, "contest")
            if not raw:
                continue
            ledger = ContestLedger.from_json(raw)
            settings, _ = contest_settings(ledger, aliases=cfg.aliases(code),
                                           default_timezone=cfg.wikis[code].timezone, known_wikis=cfg.known_wikis)
            if settings is None or ledger.text is None:
                continue
            parent = None
            if settings.parent is not None:
                ref = settings.parent
                if ref.wiki in wikis.sessions or ref.wiki in cfg.wikis:
                    ref = PageRef(ref.wiki, wikis[ref.wiki].normalize(ref.title))
                parent = (ref.wiki, ref.title)
            wl_raw = store.ledger(code, title, "worklist")
            worklist = WorklistLedger.from_json(wl_raw).text if wl_raw else None
            old = OldContest(code, title, ledger.text, settings.start, settings.end, settings.umbrella, parent,
                             settings.wikis)
            out[(code, title)] = Known(old, settings, worklist)
    return out


def _find(known: dict[tuple[str, str], Known], cfg: BotConfig, wikis: Wikis, source: str) -> Known:
    code, sep, rest = source.partition(":")
    candidates = [(code, rest)] if sep and code in cfg.wikis else [(c, source) for c in cfg.wikis]
    found = [known[(c, wikis[c].normalize(t))] for c, t in candidates if (c, wikis[c].normalize(t)) in known]
    if not found:
        raise KitError(f"--from {source!r}: the bot does not know this contest. Give WIKI:TITLE of last "
                       "edition's umbrella, and run the bot once (editathon run --once) so it has read it.")
    if len(found) > 1:
        raise KitError(f"--from {source!r} names contests on several wikis; add the wiki prefix (e.g. en:).")
    return found[0]


def _below(known: dict[tuple[str, str], Known], root: Known) -> list[OldContest]:
    """Every contest whose parent chain reaches ``root``."""
    key = (root.old.wiki, root.old.title)
    out = []
    for k, c in known.items():
        seen = {k}
        p = c.old.parent
        while p is not None and p not in seen:
            if p == key:
                out.append(c.old)
                break
            seen.add(p)
            p = known[p].old.parent if p in known else None
    return sorted(out, key=lambda o: (o.wiki, o.title))


def _spec(cfg: BotConfig, n: NewContest, s: ContestSettings) -> ContestSpec:
    wcfg = cfg.wikis[n.wiki]
    return ContestSpec(wiki=n.wiki, lang=kit_language(wcfg.language), title=n.title, start=n.start, end=n.end,
                       timezone=s.timezone, wikis=s.wikis, organizers=s.organizers, jury=s.jury, parent=n.parent,
                       umbrella=s.umbrella)


def _pages(cfg: BotConfig, wikis: Wikis, n: NewContest, k: Known, shift: Any) -> list[KitPage]:
    """The new contest's pages: ``B`` copied, the worklist carried, the rest from the kit."""
    code = n.wiki
    cat = catalog(cfg.wikis[code].language)
    kit = contest_pages(_spec(cfg, n, k.settings), cat)
    aliases = cfg.aliases(code)
    text = next_contest_text(k.old.text, aliases, start=n.start, end=n.end, shift=shift, parent=n.parent,
                             previous=k.old.title, parse_day=parse_date)
    out = [KitPage(n.title, text, "umbrella contest page" if k.settings.umbrella else "contest page")]
    for page in kit[1:]:
        if page.what in ("worklist", "general worklist") and k.worklist is not None:
            carried = _carry(cfg, wikis, k, page.title, cat)
            out.append(KitPage(page.title, carried, f"{page.what} carried over"))
        else:
            out.append(page)
    return out


def _carry(cfg: BotConfig, wikis: Wikis, k: Known, page: str, cat: Any) -> str:
    code = k.old.wiki
    assert k.worklist is not None
    aliases = cfg.aliases(code)
    langs = [w for w in k.settings.wikis if w in cfg.wikis]
    titles = worklist_titles(k.worklist, wiki=code, page=page, aliases=aliases, known_wikis=cfg.known_wikis)
    exists: set[tuple[str, str]] = set()
    for w, names in titles.items():
        if w in cfg.wikis:
            revids = wikis[w].latest_revids(sorted(set(names)))
            exists |= {(w, t) for t, rev in revids.items() if rev}
    year = k.old.start.year
    carried = carry_worklist(k.worklist, wiki=code, page=page, aliases=aliases, known_wikis=cfg.known_wikis,
                             wikis=langs, exists=lambda w, t: (w, t) in exists,
                             heading=cat.text("kit-next-set-apart-heading", year=str(year)),
                             note=cat.text("kit-next-set-apart-note"), label=str(year))
    return carried.text


def cmd_next(cfg: BotConfig, wikis: Wikis, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Plan the next edition, print it, and create its pages (unless ``--simulate``)."""
    from bot.cli.kit_pages import create_pages, existing_pages, remember_contest
    from bot.store import Store

    store = Store.open(cfg.state, simulate=True)  # read only: an in-memory copy
    try:
        known = _known_contests(cfg, store, wikis)
    finally:
        store.close()
    root = _find(known, cfg, wikis, args.source)
    start, end = option_day(args.start, "--start"), option_day(args.end, "--end")
    try:
        plan, shift = plan_edition(root.old, _below(known, root), new_root_title=args.title, start=start,
                                   end=end, skip=args.skip)
    except EditionError as exc:
        raise KitError(str(exc)) from exc
    pages: dict[str, list[KitPage]] = {}
    contests: list[tuple[str, str]] = []
    for n in plan:
        k = known[(n.old.wiki, n.old.title)]
        pages.setdefault(n.wiki, []).extend(_pages(cfg, wikis, n, k, shift))
        contests.append((n.wiki, n.title))
        print(f"{n.old.wiki}:{n.old.title} -> {n.wiki}:{n.title} ({n.start} – {n.end})", file=out)
    new_root = plan[0]
    for item in args.add:
        code, sep, title = item.partition(":")
        if not sep or code not in cfg.wikis:
            raise KitError(f"--add {item!r}: write WIKI:TITLE with a wiki of the config ({', '.join(cfg.wikis)}).")
        wcfg = cfg.wikis[code]
        parent = new_root.title if code == new_root.wiki else f"{new_root.wiki}:{new_root.title}"
        spec = plan_contest(wiki=code, lang=kit_language(wcfg.language), title=title, today=new_root.start,
                            timezone=root.settings.timezone, start=new_root.start, end=new_root.end,
                            organizers=root.settings.organizers, jury=split_names(None), parent=parent)
        pages.setdefault(code, []).extend(contest_pages(spec, catalog(wcfg.language)))
        contests.append((code, spec.title))
        print(f"new: {code}:{spec.title} ({spec.start} – {spec.end})", file=out)
    failed = 0
    for code, todo in pages.items():
        session = wikis[code]
        cat = catalog(cfg.wikis[code].language)
        summary = cat.text("kit-summary-next", previous=root.old.title, docs=cfg.docs_page)
        existing = existing_pages(session, [p.title for p in todo])
        failed |= create_pages(session, todo, existing, summary, args.simulate, out)
    if not args.simulate:
        for code, title in contests:
            if existing_pages(wikis[code], [title])[title]:
                remember_contest(cfg, code, wikis[code].normalize(title))
    return 1 if failed else 0


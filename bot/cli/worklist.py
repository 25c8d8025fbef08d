"""``editathon worklist draft``: write ``B/Worklist draft`` from Wikidata for a territory.

    editathon worklist draft --contest WIKI:TITLE --item Q90000000 [--kinds settlements,nature]
                             [--max-per-heading N] [--simulate]

Reads the contest's trusted settings (its wikis) from ``B``'s history, asks the SPARQL
endpoint (``[wikidata]`` in the config) for the items located in the territory, page
by page, and writes the draft on the contest's home wiki, split over numbered
subpages when it would pass the page budget or the wiki's ``maxarticlesize``.
Everything is asked before anything is written: a failing endpoint (time-out, 429,
5xx, a malformed answer) ends the command with its message and exit code 1, and the
contest and any earlier draft stay as they were. ``--simulate`` prints the pages.

Exit codes: 0 written (or simulated); 1 the endpoint or the wiki failed, or refused an
edit; 2 the command line, the config or the contest page is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from bot.config import BotConfig, ConfigError
from bot.i18n import Catalog, catalog
from bot.sparql import Endpoint, SparqlError
from bot.wikidata_query import PREFIXES, Located, located_query, page_cursor, parse_located
from bot.wikidata_settings import QID, Kind, WikidataSettings, load_wikidata_settings
from bot.worklist_draft import DraftPage, build_draft, page_title, render_draft

if TYPE_CHECKING:
    from bot.model import ContestSettings
    from bot.wiki import WikiSession

STALE_PARTS_CHECKED = 50
"""How many numbered parts after the new last one are looked at (one request) for leftovers."""


class DraftError(Exception):
    """The command line, config or contest is wrong; exit code 2."""


def add_parser(sub: Any) -> None:
    """The ``worklist`` subcommand and its ``draft`` (called by :mod:`bot.cli`)."""
    wl = sub.add_parser("worklist", help="help organizers with a contest's worklist")
    wl_sub = wl.add_subparsers(dest="worklist_command", required=True)
    d = wl_sub.add_parser("draft", help="write B/Worklist draft: a territory's items from Wikidata")
    d.add_argument("--contest", required=True, metavar="WIKI:TITLE", help="the contest page B")
    d.add_argument("--item", required=True, metavar="QID",
                   help="the territory's Wikidata item (e.g. the municipality's)")
    d.add_argument("--kinds", help="headings to list, comma separated (default: every kind in the "
                                   "config: settlements, heritage, nature, institutions, people, events)")
    d.add_argument("--max-per-heading", type=int, metavar="N",
                   help="list at most N items per heading, with a count of the rest")
    d.add_argument("--simulate", action="store_true", help="print the pages, write nothing")
    d.add_argument("--now", help="pretend it is this time (ISO 8601); for tests")


def cmd_worklist(cfg: BotConfig, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    from bot.wiki import WikiError, Wikis

    try:
        settings = load_wikidata_settings(cfg)
        code, title = _contest_ref(cfg, args.contest)
        territory = args.item.strip().upper()
        if not QID.match(territory):
            raise DraftError(f"--item {args.item!r} is not a Wikidata item; write it like Q12345.")
        kinds = _kinds(settings, args.kinds)
        if args.max_per_heading is not None and args.max_per_heading < 1:
            raise DraftError("--max-per-heading must be at least 1.")
        now = _now(args.now)
    except (ConfigError, DraftError) as exc:
        print(f"editathon worklist draft: {exc}", file=sys.stderr)
        return 2
    wikis = Wikis(cfg, simulate=args.simulate)
    endpoint = Endpoint(settings.endpoint, settings.user_agent, timeout=settings.timeout)
    try:
        session = wikis[code]
        contest = _contest_settings(cfg, session, title)
        return _draft(cfg, settings, session, contest, territory, kinds, endpoint, args, now, out)
    except DraftError as exc:
        print(f"editathon worklist draft: {exc}", file=sys.stderr)
        return 2
    except SparqlError as exc:
        print(f"editathon worklist draft: {exc} Nothing was written; the contest and the "
              "draft are as they were.", file=sys.stderr)
        print(f"SPARQL requests: {endpoint.requests}", file=out)
        return 1
    except WikiError as exc:
        print(f"editathon worklist draft: {exc}", file=sys.stderr)
        return 1
    finally:
        wikis.close()


def _now(value: str | None) -> datetime:
    from bot.cli.args import parse_now

    try:
        return parse_now(value)
    except ValueError:
        raise DraftError(f"--now {value!r} is not an ISO 8601 time (e.g. 2026-11-20T12:00:00Z).") from None


def _contest_ref(cfg: BotConfig, value: str) -> tuple[str, str]:
    code, sep, rest = value.partition(":")
    if sep and code in cfg.wikis and rest.strip():
        return code, rest.strip()
    if len(cfg.wikis) == 1:
        return next(iter(cfg.wikis)), value.strip()
    raise DraftError(f"--contest {value!r}: say on which wiki, as WIKI:TITLE "
                     f"(wikis: {', '.join(sorted(cfg.wikis))}).")


def _kinds(settings: WikidataSettings, value: str | None) -> tuple[Kind, ...]:
    if not value:
        return settings.kinds
    known = {k.key: k for k in settings.kinds}
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [w for w in wanted if w not in known]
    if unknown or not wanted:
        raise DraftError(f"--kinds {value!r}: unknown kind(s) {', '.join(unknown) or '(none)'}; "
                         f"the kinds are {', '.join(known)}.")
    return tuple(known[w] for w in wanted)


def _contest_settings(cfg: BotConfig, session: WikiSession, title: str) -> ContestSettings:
    """The contest's settings from the trusted revision of ``B`` (contract §3)."""
    from bot.run.pages import settings_of
    from bot.trust.contest import ContestLedger
    from bot.trust.parsed import fold_contest

    hist = session.history(title)
    if not hist.exists or not hist.revisions:
        raise DraftError(f"{session.code}:{title} does not exist; name the contest page B.")
    aliases = cfg.aliases(session.code)
    tz = cfg.wikis[session.code].timezone
    ledger = fold_contest(ContestLedger(), hist, admins=session.admins(), aliases=aliases,
                          default_timezone=tz, known_wikis=cfg.known_wikis)
    settings, _ = settings_of(cfg, session.code, ledger)
    if settings is None:
        raise DraftError(f"{session.code}:{title} is not a contest page that a trusted person "
                         "saved ({{Editathon | ...}}); the draft belongs to a contest.")
    return settings


def fetch_located(
    endpoint: Endpoint, settings: WikidataSettings, territory: str, kinds: Sequence[Kind],
    *, languages: Sequence[str], sites: Sequence[str], wikis: Sequence[str],
) -> list[Located]:
    """Every item of ``kinds`` located in ``territory``, asked ``page_size`` items a request."""
    found: list[Located] = []
    after: str | None = None
    while True:
        query = located_query(territory, kinds, languages=languages, sites=sites, after=after,
                              limit=settings.page_size)
        rows = endpoint.select(query)
        found.extend(parse_located(rows, kinds, languages=languages, wikis=wikis))
        items = {r.get("item") for r in rows}
        if len(items) < settings.page_size:
            return found
        after = page_cursor(rows)
        if after is None:
            return found


def _draft(
    cfg: BotConfig, settings: WikidataSettings, session: WikiSession, contest: ContestSettings,
    territory: str, kinds: Sequence[Kind], endpoint: Endpoint, args: argparse.Namespace,
    now: datetime, out: TextIO,
) -> int:
    from bot.wiki import SaveRefused, WikiError

    home_lang = cfg.wikis[session.code].language
    cat = catalog(home_lang)
    wikis = [w for w in contest.wikis if w in cfg.wikis] or [session.code]
    languages = list(dict.fromkeys([home_lang, *(cfg.wikis[w].language for w in wikis), "en"]))
    sites = [settings.site(cfg, w) for w in wikis]
    label = _territory_label(endpoint, territory, languages)
    located = fetch_located(endpoint, settings, territory, kinds, languages=languages, sites=sites,
                            wikis=wikis)
    draft = build_draft(located, territory=territory, territory_label=label,
                        kinds=[k.key for k in kinds], wikis=wikis, label_languages=languages)
    base = f"{contest.title}/{cat.text('worklist-draft-page')}"
    limit = _max_article_bytes(session)
    max_bytes = min(settings.page_kb * 1024, limit - 1024 if limit else settings.page_kb * 1024)
    pages = render_draft(draft, cat=cat, title=base, worklist=contest.subpages.worklist,
                         headings=_headings(kinds, cat, home_lang), day=now.date(),
                         max_bytes=max_bytes, max_per_heading=args.max_per_heading)
    stale = _stale_parts(session, base, len(pages))
    for title in stale:
        pages.append(DraftPage(title, cat.text(
            "worklist-draft-unused", date=cat.date(now.date()), parts=len(pages) - len(stale),
            first=f"[[{base}]]") + "\n"))
    biggest = max(len(p.text.encode("utf-8")) for p in pages)
    facts = (f"{draft.count} items under {len(draft.sections)} headings, {len(pages) - len(stale)} "
             f"page(s), the largest {biggest} bytes (limit {max_bytes}); SPARQL requests: "
             f"{endpoint.requests}")
    if args.simulate:
        for page in pages:
            print(f"would write {session.code}:{page.title}:", file=out)
            print("-" * 72, file=out)
            out.write(page.text)
            print("-" * 72, file=out)
        print(f"simulated: {facts}; nothing was written.", file=out)
        return 0
    if session.stopped():
        print(f"editathon worklist draft: User:{cfg.username}/Stop on {session.code} has text: "
              "the bot makes no edit there. Empty that page first.", file=sys.stderr)
        return 1
    summary = cat.text("summary-worklist-draft", contest=contest.title, docs=cfg.docs_page)
    for page in pages:
        try:
            session.save(page.title, page.text, summary, minor=False)
        except SaveRefused as exc:
            print(f"refused: {session.code}:{page.title}: {exc}", file=sys.stderr)
            return 1
        except WikiError:
            raise
        print(f"wrote {session.code}:{page.title}", file=out)
    print(f"done: {facts}.", file=out)
    return 0


def _territory_label(endpoint: Endpoint, territory: str, languages: Sequence[str]) -> str:
    """The territory's label in the first of ``languages`` that has one ("" if none)."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    rows = endpoint.select(
        PREFIXES + "SELECT ?label (LANG(?label) AS ?lang) WHERE { "
        f"wd:{territory} rdfs:label ?label . FILTER(LANG(?label) IN ({langs})) }}"
    )
    by_lang = {row.get("lang", ""): row.get("label", "") for row in rows}
    return next((by_lang[lang] for lang in languages if by_lang.get(lang)), "")


def _headings(kinds: Sequence[Kind], cat: Catalog, lang: str) -> dict[str, str]:
    out = {}
    for kind in kinds:
        if kind.headings:
            out[kind.key] = kind.headings.get(lang) or kind.headings.get("en") or kind.key
        else:
            out[kind.key] = cat.text(f"worklist-draft-heading-{kind.key}")
    return out


def _max_article_bytes(session: WikiSession) -> int | None:
    """The wiki's ``$wgMaxArticleSize`` in bytes (siteinfo), or None if it does not say."""
    data = session.request(action="query", meta="siteinfo", siprop="general")
    value = data.get("query", {}).get("general", {}).get("maxarticlesize")
    return int(value) if value else None


def _stale_parts(session: WikiSession, base: str, parts: int) -> list[str]:
    """Numbered parts of an earlier, longer draft that the new one does not overwrite."""
    titles = [page_title(base, n) for n in range(parts + 1, parts + 1 + STALE_PARTS_CHECKED)]
    revids = session.latest_revids(titles)
    return [t for t in titles if revids.get(t)]

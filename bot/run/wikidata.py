"""Once a run: the articles every contest's worklist items have now on Wikidata.

The I/O half of :mod:`bot.wikidata_topics`: one SPARQL request for the items of every
contest's worklist together (never one per item or per contest), when the operator
turned it on (``[wikidata] follow_sitelinks = true``: for wikis without Wikibase, whose
pages carry no ``wikibase_item``). The answer is kept in the store, so a run on which
the endpoint fails goes on with the articles the last good answer named, and says so,
instead of dropping topics that counted on the run before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from bot.config import BotConfig, ConfigError
from bot.model import Worklist
from bot.sparql import Endpoint, SparqlError
from bot.wikidata_query import parse_sitelinks, sitelinks_query
from bot.wikidata_settings import load_wikidata_settings
from bot.wikidata_topics import Sitelinks, worklist_items

CACHE = ("*", "wikidata", "sitelinks")
"""The store ledger (wiki, title, name) that keeps the last good answer."""


def learn_sitelinks(
    cfg: BotConfig, store: Any, worklists: Iterable[Worklist], *, progress: Callable[[str], None],
) -> tuple[Sitelinks, int]:
    """item -> wiki -> title for every worklist item, and the number of SPARQL requests (0 or 1)."""
    items = worklist_items(worklists)
    if not items:
        return {}, 0
    try:
        settings = load_wikidata_settings(cfg)
    except ConfigError:
        return {}, 0  # no endpoint: topics follow the worklist's titles and the wikis' page props
    if not settings.follow_sitelinks:
        return {}, 0
    sites = {w: settings.site(cfg, w) for w in cfg.wikis}
    endpoint = Endpoint(settings.endpoint, settings.user_agent, timeout=settings.timeout)
    try:
        links = parse_sitelinks(endpoint.select(sitelinks_query(items, list(sites.values()))), sites)
    except SparqlError as exc:
        cached = (store.ledger(*CACHE) or {}).get("links", {})
        wanted = set(items)
        progress(f"wikidata: {exc} Topics follow the articles of the last answer this bot had.")
        return {q: dict(t) for q, t in cached.items() if q in wanted}, endpoint.requests
    store.set_ledger(*CACHE, {"links": links})
    return links, endpoint.requests

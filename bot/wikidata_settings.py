"""Where Wikidata is asked, and which kinds of items a worklist draft lists.

The operator's settings are the ``[wikidata]`` table of the config file (see
``config/wikipedia.example.toml``; without one, wikis of the family ``wikipedia`` use
query.wikidata.org). The environment variable ``EDITATHON_SPARQL_ENDPOINT`` overrides
the endpoint (tests start their engine on a free port).

A *kind* is a heading of the draft: items that are instances (``P31``, through
subclasses ``P279*``) of one of its classes. Items are located in the territory by
``P131`` (located in the administrative territorial entity), transitively; a kind with
``born = true`` (people) takes instead the items whose place of birth (``P19``) is the
territory or a place located in it. An item of two kinds is listed once, under the
first kind in this order.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import BotConfig, ConfigError

QID = re.compile(r"^Q[1-9]\d*$")


@dataclass(frozen=True)
class Kind:
    """One heading of the draft: its key (message ``worklist-draft-heading-KEY``) and classes."""

    key: str
    classes: tuple[str, ...]
    born: bool = False
    headings: Mapping[str, str] = field(default_factory=dict)  # language -> heading, overrides


DEFAULT_KINDS: tuple[Kind, ...] = (
    Kind("settlements", ("Q486972",)),  # human settlement
    Kind("heritage", ("Q358", "Q4989906", "Q24398318", "Q57821")),
    # heritage site, monument, religious building, fortification
    Kind("nature", ("Q35145263", "Q473972", "Q4022", "Q23397")),
    # natural geographic object, protected area, river, lake
    Kind("institutions", ("Q43229", "Q178706")),  # organization, institution
    Kind("people", ("Q5",), born=True),  # human, born there
    Kind("events", ("Q1190554", "Q1656682")),  # occurrence, event
)


@dataclass(frozen=True)
class WikidataSettings:
    endpoint: str
    user_agent: str
    timeout: float = 65.0
    page_size: int = 2000  # items per SPARQL request
    page_kb: int = 200  # most kilobytes of one draft page (never above the wiki's limit)
    follow_sitelinks: bool = False  # each run: ask the sitelinks of worklist items (no Wikibase)
    kinds: tuple[Kind, ...] = DEFAULT_KINDS
    sites: Mapping[str, str] = field(default_factory=dict)  # wiki code -> Wikidata site IRI
    source: Path | None = None

    def site(self, cfg: BotConfig, wiki: str) -> str:
        """The site IRI of ``wiki`` in Wikidata's sitelinks (``https://tt.wikipedia.org/``)."""
        if wiki in self.sites:
            return self.sites[wiki]
        lang = cfg.wikis[wiki].language if wiki in cfg.wikis else wiki
        return f"https://{lang}.wikipedia.org/"


WIKIDATA_QUERY_SERVICE = "https://query.wikidata.org/sparql"


def load_wikidata_settings(cfg: BotConfig, environ: Mapping[str, str] | None = None) -> WikidataSettings:
    """The ``[wikidata]`` settings of ``cfg``'s file; ConfigError with the fix when wrong."""
    env = os.environ if environ is None else environ
    data: Mapping[str, Any] = {}
    if cfg.source is not None:
        try:
            data = tomllib.loads(cfg.source.read_text(encoding="utf-8")).get("wikidata", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{cfg.source}: cannot be read ({exc}).") from None
    public = any(w.family != "devwiki" for w in cfg.wikis.values())
    return parse_wikidata_settings(
        data, source=cfg.source, endpoint=env.get("EDITATHON_SPARQL_ENDPOINT"),
        default_endpoint=WIKIDATA_QUERY_SERVICE if public else None,
        username=cfg.username, docs_page=cfg.docs_page, contact=cfg.contact,
    )


def parse_wikidata_settings(
    table: Any, *, source: Path | None = None, endpoint: str | None = None,
    default_endpoint: str | None = None, username: str = "EditathonBot", docs_page: str = "",
    contact: str = "",
) -> WikidataSettings:
    """Settings from the ``[wikidata]`` table (``endpoint`` overrides the table's)."""
    where = f"{source or 'config'} [wikidata]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table.")
    unknown = set(table) - {"endpoint", "user_agent", "timeout", "page_size", "page_kb", "sites",
                            "kind", "follow_sitelinks"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; the keys are "
                          "endpoint, user_agent, timeout, page_size, page_kb, sites, kind and "
                          "follow_sitelinks "
                          "(see config/wikipedia.example.toml).")
    url = endpoint or table.get("endpoint") or default_endpoint
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: endpoint must be the URL of a SPARQL endpoint, e.g. "
                          f"endpoint = \"{WIKIDATA_QUERY_SERVICE}\" (or the local engine's).")
    # The query service's policy: name the tool and a way to reach whoever runs it.
    agent = table.get("user_agent") or (
        f"EditathonBot/0.1 ({'; '.join(x for x in (docs_page, contact) if x) or username}; "
        f"bot account {username})")
    numbers: dict[str, float] = {}
    for key, low in (("timeout", 1), ("page_size", 10), ("page_kb", 8)):
        value = table.get(key, WikidataSettings.__dataclass_fields__[key].default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            raise ConfigError(f"{where}: {key} must be a number of at least {low}.")
        numbers[key] = value
    sites = table.get("sites", {})
    if not isinstance(sites, Mapping) or not all(isinstance(v, str) for v in sites.values()):
        raise ConfigError(f"{where}: sites maps wiki codes to site addresses, "
                          'e.g. tt = "https://tt.wikipedia.org/".')
    kinds = _kinds(table.get("kind"), where)
    follow = table.get("follow_sitelinks", False)
    if not isinstance(follow, bool):
        raise ConfigError(f"{where}: follow_sitelinks must be true or false.")
    return WikidataSettings(endpoint=url, user_agent=str(agent), sites=dict(sites), kinds=kinds,
                            source=source, timeout=float(numbers["timeout"]),
                            page_size=int(numbers["page_size"]), page_kb=int(numbers["page_kb"]),
                            follow_sitelinks=follow)


def _kinds(raw: Any, where: str) -> tuple[Kind, ...]:
    if raw is None:
        return DEFAULT_KINDS
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}: [[wikidata.kind]] must be a list of tables with key and classes.")
    out: list[Kind] = []
    for i, t in enumerate(raw, 1):
        key, classes = t.get("key"), t.get("classes")
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise ConfigError(f"{where}: kind {i}: key must be a name like 'settlements'.")
        if (not isinstance(classes, list) or not classes
                or not all(isinstance(c, str) and QID.match(c) for c in classes)):
            raise ConfigError(f"{where}: kind {key}: classes must be a list of items, e.g. ['Q486972'].")
        headings = t.get("heading", {})
        if not isinstance(headings, Mapping):
            raise ConfigError(f"{where}: kind {key}: heading maps languages to text, e.g. "
                              '{ en = "Bridges", ru = "Мосты" }.')
        out.append(Kind(key, tuple(classes), born=bool(t.get("born", False)),
                        headings={str(k): str(v) for k, v in headings.items()}))
    if len({k.key for k in out}) != len(out):
        raise ConfigError(f"{where}: two kinds have the same key.")
    return tuple(out)

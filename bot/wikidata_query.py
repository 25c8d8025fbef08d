"""The SPARQL the bot sends to Wikidata, and what it makes of the answers. Pure.

The same text goes to query.wikidata.org and to the local test engine, so it relies on
nothing particular to either: every prefix is declared (the Wikidata Query Service
predeclares them, other engines do not), no ``SERVICE wikibase:label`` (labels are read
as ``rdfs:label`` with a language tag), and sitelinks are read in Wikidata's RDF shape::

    <https://tt.wikipedia.org/wiki/Title> schema:about wd:Q1 ;
        schema:isPartOf <https://tt.wikipedia.org/> ; schema:name "Title"@tt .

Large territories are asked in pages (a query has a time limit): items in the order of
their IRI, each page starting after the last item of the one before (keyset paging,
which stays correct and cheap however deep it goes, unlike OFFSET).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.wikidata_settings import Kind

ENTITY = "http://www.wikidata.org/entity/"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
"""


@dataclass(frozen=True)
class Located:
    """An item found in the territory: its kinds (in settings order), labels and articles."""

    qid: str
    kinds: tuple[str, ...]
    labels: Mapping[str, str]  # language -> label
    titles: Mapping[str, str]  # wiki code -> article title


def qid_of(iri: str) -> str | None:
    """``http://www.wikidata.org/entity/Q42`` -> ``Q42``; None for anything else."""
    if not iri.startswith(ENTITY):
        return None
    q = iri[len(ENTITY):]
    return q if q[:1] == "Q" and q[1:].isdigit() else None


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def located_query(
    territory: str,
    kinds: Sequence[Kind],
    *,
    languages: Sequence[str],
    sites: Sequence[str],
    after: str | None,
    limit: int,
) -> str:
    """One page of the items located in ``territory`` that are of one of ``kinds``.

    Rows: ``?item``, ``?kinds`` (the kind keys, space separated), ``?label0``... (one per
    language of ``languages``), ``?title0``... (one per site IRI of ``sites``).
    ``after`` is the last item IRI of the previous page.
    """
    located = [k for k in kinds if not k.born]
    born = [k for k in kinds if k.born]
    parts: list[str] = []
    if located:
        values = " ".join(f'(wd:{c} "{k.key}")' for k in located for c in k.classes)
        parts.append(
            f"{{ VALUES (?class ?kind) {{ {values} }}\n"
            f"      ?item wdt:P131+ wd:{territory} .\n"
            "      ?item wdt:P31/wdt:P279* ?class . }"
        )
    if born:
        values = " ".join(f'(wd:{c} "{k.key}")' for k in born for c in k.classes)
        parts.append(
            f"{{ VALUES (?class ?kind) {{ {values} }}\n"
            f"      ?item wdt:P19/wdt:P131* wd:{territory} .\n"
            "      ?item wdt:P31/wdt:P279* ?class . }"
        )
    after_filter = f"\n    FILTER(STR(?item) > {_string(after)})" if after else ""
    labels = "\n".join(
        f"  OPTIONAL {{ ?item rdfs:label ?label{i} . FILTER(LANG(?label{i}) = {_string(lang)}) }}"
        for i, lang in enumerate(languages)
    )
    titles = "\n".join(
        f"  OPTIONAL {{ ?sitelink{i} schema:about ?item ; schema:isPartOf <{site}> ;"
        f" schema:name ?title{i} . }}"
        for i, site in enumerate(sites)
    )
    variables = " ".join(
        ["?item", "?kinds"]
        + [f"?label{i}" for i in range(len(languages))]
        + [f"?title{i}" for i in range(len(sites))]
    )
    union = "\n    UNION\n    ".join(parts) if parts else "FILTER(false)"
    return (
        PREFIXES
        + f"SELECT {variables} WHERE {{\n"
        + "  { SELECT ?item (GROUP_CONCAT(DISTINCT ?kind; separator=\" \") AS ?kinds) WHERE {\n"
        + f"    {union}{after_filter}\n"
        + f"  }} GROUP BY ?item ORDER BY STR(?item) LIMIT {int(limit)} }}\n"
        + (labels + "\n" if labels else "")
        + (titles + "\n" if titles else "")
        + "}\nORDER BY STR(?item)"
    )


def parse_located(
    rows: Iterable[Mapping[str, str]],
    kinds: Sequence[Kind],
    *,
    languages: Sequence[str],
    wikis: Sequence[str],
) -> list[Located]:
    """Rows of :func:`located_query` -> items, in answer order (``wikis`` matches ``sites``).

    An item's rows are merged (an engine may repeat one); rows without an item IRI, and
    kind keys that are not asked for, are left out.
    """
    order = {k.key: i for i, k in enumerate(kinds)}
    merged: dict[str, tuple[set[str], dict[str, str], dict[str, str]]] = {}
    for row in rows:
        qid = qid_of(row.get("item", ""))
        if qid is None:
            continue
        found, labels, titles = merged.setdefault(qid, (set(), {}, {}))
        found.update(k for k in row.get("kinds", "").split() if k in order)
        for i, lang in enumerate(languages):
            if row.get(f"label{i}"):
                labels.setdefault(lang, row[f"label{i}"])
        for i, wiki in enumerate(wikis):
            if row.get(f"title{i}"):
                titles.setdefault(wiki, row[f"title{i}"])
    return [
        Located(qid, tuple(sorted(found, key=order.__getitem__)), labels, titles)
        for qid, (found, labels, titles) in merged.items()
        if found
    ]


def page_cursor(rows: Sequence[Mapping[str, str]]) -> str | None:
    """The IRI to continue after: the largest item IRI of a page (None if empty)."""
    iris = [r["item"] for r in rows if r.get("item", "").startswith(ENTITY)]
    return max(iris) if iris else None


def sitelinks_query(items: Sequence[str], sites: Sequence[str]) -> str:
    """The articles of ``items`` on ``sites``: rows ``?item ?site ?title``. One request for all."""
    values_items = " ".join(f"wd:{q}" for q in items)
    values_sites = " ".join(f"<{s}>" for s in sites)
    return (
        PREFIXES
        + "SELECT ?item ?site ?title WHERE {\n"
        + f"  VALUES ?item {{ {values_items} }}\n"
        + f"  VALUES ?site {{ {values_sites} }}\n"
        + "  ?sitelink schema:about ?item ; schema:isPartOf ?site ; schema:name ?title .\n"
        + "}"
    )


def parse_sitelinks(
    rows: Iterable[Mapping[str, str]], sites: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """Rows of :func:`sitelinks_query` -> item -> wiki -> title (``sites``: wiki -> IRI)."""
    wiki_of = {iri: wiki for wiki, iri in sites.items()}
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        qid = qid_of(row.get("item", ""))
        wiki = wiki_of.get(row.get("site", ""))
        title = row.get("title", "").strip()
        if qid and wiki and title:
            out.setdefault(qid, {}).setdefault(wiki, title)
    return out

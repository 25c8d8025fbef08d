"""A made-up municipality in Wikidata's RDF shape, for the local SPARQL engine.

    python -m bot.devwiki.wikidata_extract [--items 300] [--seed 20] [--out FILE]

Writes N-Triples (one triple a line, so a test can read it back without an RDF
library) in the shape the Wikidata Query Service answers from: ``wd:Q..`` items,
``wdt:P31`` / ``wdt:P279`` / ``wdt:P131`` / ``wdt:P19`` truthy statements, ``rdfs:label``
with language tags, and sitelinks as ``<article IRI> schema:about wd:Q.. ;
schema:isPartOf <https://tt.wikipedia.org/> ; schema:name "Title"@tt``.

The territory, Yashel Tau district (``Q90000000``), holds settlements, and in them
heritage, nature, institutions and events; people are born there (``P19``). To test
what a draft must get right, the extract also holds items of no listed kind (streets),
items located twice (directly and through a settlement), items of two kinds, classes
reached only through subclass chains, and items and people of a neighbouring district
(``Q90000001``) that must not be listed. The same seed always gives the same file;
``tests/data/wikidata/territory.nt`` is this script's output with the defaults.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA = "http://schema.org/"
TERRITORY = "Q90000000"
NEIGHBOUR = "Q90000001"
LANGS = ("en", "ru", "tt")
SHIPPED = Path(__file__).resolve().parents[2] / "tests" / "data" / "wikidata" / "territory.nt"

# Classes: (qid, English label, superclass or None). Top classes are the defaults of
# bot/wikidata_settings.py; the others reach them only through P279.
CLASSES: tuple[tuple[str, str, str | None], ...] = (
    ("Q486972", "human settlement", None),
    ("Q532", "village", "Q486972"),
    ("Q5084", "hamlet", "Q532"),
    ("Q358", "heritage site", None),
    ("Q4989906", "monument", None),
    ("Q24398318", "religious building", None),
    ("Q32815", "mosque", "Q24398318"),
    ("Q16970", "church building", "Q24398318"),
    ("Q35145263", "natural geographic object", None),
    ("Q4022", "river", None),
    ("Q23397", "lake", None),
    ("Q473972", "protected area", None),
    ("Q54050", "hill", "Q35145263"),
    ("Q43229", "organization", None),
    ("Q178706", "institution", "Q43229"),
    ("Q2385804", "educational institution", "Q178706"),
    ("Q3914", "school", "Q2385804"),
    ("Q33506", "museum", "Q178706"),
    ("Q5", "human", None),
    ("Q1190554", "occurrence", None),
    ("Q1656682", "event", "Q1190554"),
    ("Q132241", "festival", "Q1656682"),
    ("Q79007", "street", "Q83620"),
    ("Q83620", "thoroughfare", None),
    ("Q2198484", "municipal district", None),
)
# What the generator makes, with the classes it picks from and the heading it belongs under.
MAKES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("settlements", ("Q532", "Q5084"), 3),
    ("heritage", ("Q32815", "Q16970", "Q4989906", "Q358"), 4),
    ("nature", ("Q4022", "Q23397", "Q54050", "Q473972"), 3),
    ("institutions", ("Q3914", "Q33506", "Q2385804"), 3),
    ("people", ("Q5",), 3),
    ("events", ("Q132241", "Q1656682"), 1),
    ("streets", ("Q79007",), 2),  # no heading: must not be listed
)
_SYLLABLES = (
    ("ka", "ка"), ("zan", "зан"), ("yash", "яш"), ("el", "ел"), ("tau", "тау"), ("ku", "кү"),
    ("zle", "зле"), ("bi", "би"), ("lar", "ләр"), ("ar", "ар"), ("min", "мин"), ("nur", "нур"),
    ("sa", "са"), ("ba", "ба"), ("tuy", "туй"), ("al", "ал"), ("ma", "ма"), ("tash", "таш"),
    ("kul", "күл"), ("su", "су"), ("yar", "яр"), ("ay", "ай"), ("shi", "ши"), ("ne", "не"),
)
_FORMS = {  # kind -> (en, ru, tt) patterns for a name
    "settlements": ("{en}", "{ru}", "{tt}"),
    "heritage": ("{en} Mosque", "Мечеть {ru}", "{tt} мәчете"),
    "nature": ("{en} River", "Река {ru}", "{tt} елгасы"),
    "institutions": ("{en} School", "Школа {ru}", "{tt} мәктәбе"),
    "people": ("{en} {en2}", "{ru} {ru2}", "{tt} {tt2}"),
    "events": ("{en} Festival", "Фестиваль {ru}", "{tt} бәйрәме"),
    "streets": ("{en} Street", "Улица {ru}", "{tt} урамы"),
}
_LABEL_P = {"en": 0.9, "ru": 0.95, "tt": 0.75}
_ARTICLE_P = {"en": 0.25, "ru": 0.4, "tt": 0.2}


@dataclass
class Extract:
    """Triples and, for tests, what was made: kind per item, articles per wiki."""

    triples: list[str] = field(default_factory=list)
    made: dict[str, str] = field(default_factory=dict)  # qid -> generator kind
    articles: dict[str, dict[str, str]] = field(default_factory=dict)  # wiki -> title -> qid

    def add(self, s: str, p: str, o: str) -> None:
        self.triples.append(f"{s} {p} {o} .")

    def text(self) -> str:
        return "\n".join(self.triples) + "\n"


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(value: str, lang: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _item(q: str) -> str:
    return _iri(WD + q)


def _wdt(p: str) -> str:
    return _iri(WDT + p)


def generate(items: int = 300, seed: int = 20, *, first: int = 90000100) -> Extract:
    """The extract: a territory with about ``items`` items of every kind, deterministic."""
    rng = random.Random(seed)
    ex = Extract()
    used_names: set[str] = set()

    def name() -> tuple[str, str, str]:
        for attempt in range(1000):
            parts = rng.sample(_SYLLABLES, rng.choice((2, 2, 3)))
            en = "".join(p[0] for p in parts).capitalize()
            cyr = "".join(p[1] for p in parts).capitalize()
            if attempt > 20:  # large extracts run out of short names
                en, cyr = f"{en} {attempt}", f"{cyr} {attempt}"
            if en not in used_names:
                used_names.add(en)
                return en, cyr, cyr
        raise RuntimeError("no free name")  # pragma: no cover

    def labels(q: str, kind: str, forms: tuple[str, str, str], *, force: bool = False) -> dict[str, str]:
        en, ru, tt = name()
        en2, ru2, tt2 = name()
        values = {"en": en, "ru": ru, "tt": tt, "en2": en2, "ru2": ru2, "tt2": tt2}
        out = {}
        for lang, form in zip(LANGS, forms, strict=True):
            if force or rng.random() < _LABEL_P[lang]:
                out[lang] = form.format(**values)
                ex.add(_item(q), _iri(RDFS_LABEL), _lit(out[lang], lang))
        return out

    def articles(q: str, names: dict[str, str]) -> None:
        for lang in LANGS:
            if lang in names and rng.random() < _ARTICLE_P[lang]:
                title = names[lang]
                url = f"https://{lang}.wikipedia.org/wiki/{title.replace(' ', '_')}"
                ex.add(_iri(url), _iri(SCHEMA + "about"), _item(q))
                ex.add(_iri(url), _iri(SCHEMA + "isPartOf"), _iri(f"https://{lang}.wikipedia.org/"))
                ex.add(_iri(url), _iri(SCHEMA + "name"), _lit(title, lang))
                ex.add(_iri(url), _iri(SCHEMA + "inLanguage"), f'"{lang}"')
                ex.articles.setdefault(lang, {})[title] = q

    for q, label, parent in CLASSES:
        ex.add(_item(q), _iri(RDFS_LABEL), _lit(label, "en"))
        if parent:
            ex.add(_item(q), _wdt("P279"), _item(parent))
    for q, en, ru, tt in ((TERRITORY, "Yashel Tau District", "Яшел-Тауский район", "Яшел Тау районы"),
                          (NEIGHBOUR, "Kyzyl Yar District", "Кызыл-Ярский район", "Кызыл Яр районы")):
        ex.add(_item(q), _wdt("P31"), _item("Q2198484"))
        for lang, value in zip(LANGS, (en, ru, tt), strict=True):
            ex.add(_item(q), _iri(RDFS_LABEL), _lit(value, lang))

    next_q = first
    settlements: dict[str, list[str]] = {TERRITORY: [], NEIGHBOUR: []}
    weights = [w for _, _, w in MAKES]
    for n in range(items):
        next_q += 1
        q = f"Q{next_q}"
        # The first items are settlements, so later items have somewhere to be located.
        kind, classes, _ = MAKES[0] if n < max(4, items // 15) else rng.choices(MAKES, weights)[0]
        home = NEIGHBOUR if rng.random() < 0.08 else TERRITORY
        ex.add(_item(q), _wdt("P31"), _item(rng.choice(classes)))
        names = labels(q, kind, _FORMS[kind])
        places = [home, *settlements[home]]
        if kind == "people":
            ex.add(_item(q), _wdt("P19"), _item(rng.choice(places)))
        else:
            place = rng.choice(places)
            ex.add(_item(q), _wdt("P131"), _item(place))
            if place != home and rng.random() < 0.1:  # also directly in the district
                ex.add(_item(q), _wdt("P131"), _item(home))
        if kind == "settlements":
            settlements[home].append(q)
        if kind == "institutions" and rng.random() < 0.15:  # a museum in a monument
            ex.add(_item(q), _wdt("P31"), _item("Q4989906"))
        articles(q, names)
        ex.made[q] = f"{kind}@{home}"
    return ex


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--items", type=int, default=300)
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    args = p.parse_args(argv)
    text = generate(args.items, args.seed).text()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def iter_triples(text: str) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) of each line of N-Triples this module wrote."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        s, p, o = line[:-1].strip().split(" ", 2)
        yield s, p, o.strip()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Topics that follow Wikidata: articles a worklist item has now, though no line names them. Pure.

A worklist line ``{{Editathon topic | ru = Мечеть Кул-Шариф | wikidata = Q1234 }}`` names
one title, but the topic is the item: when someone writes the Tatar article and links
it to the item on Wikidata, that article is the topic's Tatar version. On a wiki with
Wikibase the bot reads each article's item from its page props (``wikibase_item``);
where a wiki has none, the run asks the SPARQL endpoint once for the sitelinks of every
contest's worklist items (:func:`worklist_items`), and :func:`follow_wikidata` gives
the articles those sitelinks name their item, so :mod:`bot.topics` joins them to the
topic. The `worklist` rule still pays only for the versions the worklist names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from bot.aliases import normalize_title
from bot.model import Candidate, Worklist
from bot.topics import article_titles

Sitelinks = Mapping[str, Mapping[str, str]]
"""item -> wiki -> title, as the endpoint answered."""


def worklist_items(worklists: Iterable[Worklist]) -> list[str]:
    """The Wikidata items of every topic of these worklists, each once, in a stable order."""
    items = {t.wikidata.strip().upper() for w in worklists for t in w.topics if t.wikidata}
    return sorted(items, key=lambda q: (len(q), q))


def follow_wikidata(candidates: Sequence[Candidate], links: Sitelinks) -> list[Candidate]:
    """``candidates`` with the item of each article that one of ``links`` names.

    An article whose wiki already told its item (page props) keeps it; a title matches
    as MediaWiki matches titles, by the current title or one from its move log.
    """
    if not links:
        return list(candidates)
    index = {(wiki, normalize_title(title)): item
             for item, titles in links.items() for wiki, title in titles.items()}
    out = []
    for c in candidates:
        a = c.article
        if a.wikidata is None:
            item = next((index[(a.wiki, t)] for t in sorted(article_titles(a)) if (a.wiki, t) in index),
                        None)
            if item is not None:
                c = replace(c, article=replace(a, wikidata=item))
        out.append(c)
    return out

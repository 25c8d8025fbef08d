"""Topics: which articles are language versions of the same subject.

The `language` rule ("each further language version of the same topic"), the
`worklist` criterion ("the topic is on the worklist in any language") and the
worklist status page all need to know when two articles are the same topic. The
contract (§4) says they are when the worklist names them together, when they are
linked by interlanguage links, or when they share a Wikidata item.

We build one graph and take its connected components (union-find). Its nodes are
articles, worklist topics, Wikidata items and *titles* (``(wiki, title)``). Titles
are nodes of their own so that links through a page nobody wrote in the contest
still join: ``ru:X -> en:Y`` and ``tt:Z -> en:Y`` make X and Z one topic. An article
is joined to its current title and to every earlier title from its move log, so a
worklist line or an interlanguage link that still names the old title keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.aliases import normalize_title
from bot.model import Article, Topic, Worklist

ArticleId = tuple[str, int]  # (wiki, pageid): stable across moves
_Node = tuple[str, ...]


def article_id(article: Article) -> ArticleId:
    return (article.wiki, article.pageid)


def article_titles(article: Article) -> frozenset[str]:
    """The current title and every title the page had in its move log, normalized."""
    titles = {normalize_title(article.title)}
    for move in article.moves:
        titles.add(normalize_title(move.from_title))
        titles.add(normalize_title(move.to_title))
    titles.discard("")
    return frozenset(titles)


def _wikidata(item: str | None) -> str | None:
    item = (item or "").strip().upper()
    return item or None


class _UnionFind:
    """Plain union-find over hashable nodes; the smallest node is not special."""

    def __init__(self) -> None:
        self.parent: dict[_Node, _Node] = {}

    def add(self, node: _Node) -> None:
        self.parent.setdefault(node, node)

    def find(self, node: _Node) -> _Node:
        self.add(node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: _Node, b: _Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _title_node(wiki: str, title: str) -> _Node:
    return ("title", wiki.strip().lower(), normalize_title(title))


@dataclass(frozen=True)
class TopicIndex:
    """Answers the topic questions for the articles it was built from.

    ``topic_of`` is None only for an article the index was not given.
    """

    topic_keys: Mapping[ArticleId, str] = field(default_factory=dict)
    worklisted: frozenset[ArticleId] = frozenset()  # topic on the worklist, any language
    listed: frozenset[ArticleId] = frozenset()  # this language version named on the worklist
    worklist_topics: Mapping[str, Topic] = field(default_factory=dict)  # by Topic.key

    def topic_of(self, article: Article) -> str | None:
        return self.topic_keys.get(article_id(article))

    def on_worklist(self, article: Article) -> bool:
        """The `worklist` criterion: the topic is listed in some language."""
        return article_id(article) in self.worklisted

    def listed_here(self, article: Article) -> bool:
        """The `worklist` rule: this very language version is named on the worklist."""
        return article_id(article) in self.listed


def assign_topics(worklist: Worklist, articles: Sequence[Article]) -> TopicIndex:
    """Group articles (and worklist topics) into topics; see the module docstring.

    Worklist topics keep their ``Topic.key`` (when two worklist topics turn out to be
    one, the first in page order names the group). Other groups get a synthetic key:
    ``wikidata:Q..`` (the smallest item) if any article has one, else the smallest
    ``wiki:Title`` of its articles, so keys do not depend on input order.
    """
    uf = _UnionFind()
    by_id: dict[ArticleId, Article] = {}
    for article in articles:
        by_id.setdefault(article_id(article), article)

    listed_titles: set[_Node] = set()
    for index, topic in enumerate(worklist.topics):
        node: _Node = ("topic", f"{index:09d}")
        uf.add(node)
        for wiki, title in topic.titles:
            tnode = _title_node(wiki, title)
            listed_titles.add(tnode)
            uf.union(node, tnode)
        item = _wikidata(topic.wikidata)
        if item:
            uf.union(node, ("wikidata", item))

    for aid, article in by_id.items():
        anode: _Node = ("article", aid[0], f"{aid[1]:012d}")
        uf.add(anode)
        for title in article_titles(article):
            uf.union(anode, _title_node(article.wiki, title))
        for wiki, title in article.langlinks:
            uf.union(anode, _title_node(wiki, title))
        item = _wikidata(article.wikidata)
        if item:
            uf.union(anode, ("wikidata", item))

    groups: dict[_Node, list[_Node]] = {}
    for node in list(uf.parent):
        groups.setdefault(uf.find(node), []).append(node)

    keys: dict[_Node, str] = {}
    on_list: set[_Node] = set()
    for root, members in groups.items():
        topic_nodes = sorted(n for n in members if n[0] == "topic")
        if topic_nodes:
            keys[root] = worklist.topics[int(topic_nodes[0][1])].key
            on_list.add(root)
            continue
        items = sorted(n[1] for n in members if n[0] == "wikidata")
        if items:
            keys[root] = f"wikidata:{items[0]}"
            continue
        names = sorted(
            f"{by_id[(n[1], int(n[2]))].wiki}:{by_id[(n[1], int(n[2]))].title}"
            for n in members
            if n[0] == "article"
        )
        if names:
            keys[root] = names[0]

    topic_keys: dict[ArticleId, str] = {}
    worklisted: set[ArticleId] = set()
    listed: set[ArticleId] = set()
    for aid, article in by_id.items():
        root = uf.find(("article", aid[0], f"{aid[1]:012d}"))
        topic_keys[aid] = keys[root]
        if root in on_list:
            worklisted.add(aid)
        if any(_title_node(article.wiki, t) in listed_titles for t in article_titles(article)):
            listed.add(aid)

    return TopicIndex(
        topic_keys=topic_keys,
        worklisted=frozenset(worklisted),
        listed=frozenset(listed),
        worklist_topics=_first_by_key(worklist.topics),
    )


def _first_by_key(topics: Iterable[Topic]) -> Mapping[str, Topic]:
    out: dict[str, Topic] = {}
    for topic in topics:
        out.setdefault(topic.key, topic)
    return out


def merge_worklists(own: Worklist, inherited: Sequence[Topic]) -> Worklist:
    """A contest's worklist plus its umbrellas' general topics (own topics first)."""
    keys = {t.key for t in own.topics}
    titles = {wt for t in own.topics for wt in t.titles}
    extra = [t for t in inherited if t.key not in keys and not (set(t.titles) & titles)]
    return Worklist(topics=(*own.topics, *extra))

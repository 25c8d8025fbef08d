"""The worklist ``B/Worklist``: topics, each with its title on one or more wikis.

Contract §4: headings group topics; a topic is a line of links, one per language
(``[[Kazan Kremlin]] · [[:ru:Казанский кремль]]``), or ``{{Editathon topic}}``.
A list item (``*``, ``#``) is always meant as a topic, so one without a link is
reported; other lines count only when they hold nothing but links (a table row, a
bare line of links), so the page's introduction may link to rules without turning
them into topics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.aliases import Aliases
from bot.contract import TOPIC
from bot.model import Problem, Topic, Worklist
from bot.parse.common import (
    Args,
    FoundTemplate,
    LogicalLine,
    Reporter,
    find_templates,
    heading_text,
    is_bullet,
    logical_lines,
)
from bot.parse.names import (
    CATEGORY_NAMESPACES,
    FILE_NAMESPACES,
    find_links,
    namespace_of,
    normalize_page,
    split_wiki_prefix,
)

WIKIDATA_PREFIXES = frozenset({"d", "wikidata"})
_QID_RE = re.compile(r"^[Qq][1-9]\d*$")
_NOT_TOPICS = CATEGORY_NAMESPACES | FILE_NAMESPACES


@dataclass
class _Topic:
    """A topic being read from one line: titles in order, one per wiki."""

    titles: list[tuple[str, str]] = field(default_factory=list)
    wikidata: str | None = None

    def add(self, wiki: str, title: str, line: int, report: Reporter) -> None:
        for w, t in self.titles:
            if w == wiki:
                if t != title:
                    report.add(
                        "parse-worklist-duplicate-wiki", line, code=wiki, title=title, kept=t
                    )
                return
        self.titles.append((wiki, title))

    def set_wikidata(self, value: str, line: int, report: Reporter) -> None:
        if not _QID_RE.match(value.strip()):
            report.add("parse-worklist-bad-wikidata", line, value=value)
            return
        qid = value.strip().upper()
        if self.wikidata is not None and self.wikidata != qid:
            report.add(
                "parse-worklist-duplicate-wiki",
                line,
                code="wikidata",
                title=qid,
                kept=self.wikidata,
            )
            return
        self.wikidata = qid


def parse_worklist(
    text: str,
    *,
    wiki: str,
    page: str,
    aliases: Aliases,
    known_wikis: frozenset[str],
    revid: int | None = None,
) -> tuple[Worklist, list[Problem]]:
    """The topics of a worklist page on ``wiki``, in page order.

    A link without a wiki prefix is a title on ``wiki`` (the page's own wiki). A
    topic's key is its Wikidata item if given, else ``wiki:Title`` of its first title;
    a title already listed under an earlier topic is reported and dropped, so every
    article belongs to at most one topic.
    """
    report = Reporter(wiki, page, revid)
    heading = ""
    topics: list[Topic] = []
    keys: set[str] = set()
    owners: dict[tuple[str, str], str] = {}  # (wiki, title) -> topic key
    for line in logical_lines(text):
        if (h := heading_text(line.text)) is not None:
            heading = h
            continue
        topic = _read_line(line, wiki, aliases, known_wikis, report)
        if topic is None:
            continue
        titles = []
        for w, t in topic.titles:
            if (w, t) in owners:
                report.add("parse-worklist-duplicate-title", line.number, code=w, title=t)
            else:
                titles.append((w, t))
        if not titles and topic.wikidata is None:
            continue
        key = topic.wikidata or f"{titles[0][0]}:{titles[0][1]}"
        if key in keys:
            report.add("parse-worklist-duplicate-topic", line.number, topic=key)
            continue
        keys.add(key)
        owners.update((wt, key) for wt in titles)
        topics.append(
            Topic(key=key, titles=tuple(titles), heading=heading, wikidata=topic.wikidata)
        )
    return Worklist(topics=tuple(topics)), report.sorted()


def _read_line(
    line: LogicalLine, wiki: str, aliases: Aliases, known_wikis: frozenset[str], report: Reporter
) -> _Topic | None:
    """The topic a line names, or None if the line is not a topic."""
    text = line.text.strip()
    if not text:
        return None
    found, unclosed = find_templates([line], aliases)
    report.unclosed(unclosed)
    templates = [f for f in found if f.name == TOPIC]
    rest = text
    for f in templates:  # links inside the template are its own business
        rest = rest.replace(str(f.template), " ", 1)
    links = find_links(rest)
    bullet = is_bullet(text)
    if not templates and not bullet and not _only_links(rest):
        return None
    if not templates and not links:
        if bullet and not unclosed:
            report.add("parse-worklist-no-link", line.number, text=line.raw.strip()[:100])
        return None

    topic = _Topic()
    for f in templates:
        _read_template(f, topic, aliases, known_wikis, report)
    for link in links:
        _read_link(link.target, line.number, topic, wiki, known_wikis, report)
    return topic


def _only_links(text: str) -> bool:
    """Nothing but links and separators (``·``, ``|``, ``—``): no words of prose."""
    return re.search(r"\w", re.sub(r"\[\[[^\[\]]*\]\]", " ", text)) is None


def _read_template(
    f: FoundTemplate, topic: _Topic, aliases: Aliases, known_wikis: frozenset[str], report: Reporter
) -> None:
    args = Args.of(f.template, aliases, f.line)
    for name, value in args.values.items():
        if not value:
            continue
        if name == "wikidata":
            topic.set_wikidata(value, args.line_of(name), report)
        elif name in known_wikis:
            title = normalize_page(value)
            if title is None:
                report.add("parse-worklist-bad-title", args.line_of(name), value=value)
            else:
                topic.add(name, title, args.line_of(name), report)
        else:
            report.add(
                "parse-unknown-param", args.line_of(name), template=f.name, param=args.names[name]
            )


def _read_link(
    target: str, line: int, topic: _Topic, wiki: str, known_wikis: frozenset[str], report: Reporter
) -> None:
    if not target or target.startswith("#"):
        return  # a link to a section of this page
    where = split_wiki_prefix(target, known_wikis)
    if where.prefix in WIKIDATA_PREFIXES:
        topic.set_wikidata(where.title, line, report)
        return
    if where.prefix is not None and not where.known:
        report.add("parse-worklist-unknown-wiki", line, prefix=where.prefix, title=where.title)
        return
    if namespace_of(where.title) in _NOT_TOPICS:
        return
    title = normalize_page(where.title)
    if title is None:
        if where.title.split("#", 1)[0].strip():
            report.add("parse-worklist-bad-title", line, value=target)
        return
    topic.add(where.prefix or wiki, title, line, report)

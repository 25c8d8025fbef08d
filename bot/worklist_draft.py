"""``B/Worklist draft``: the items of a territory on Wikidata as worklist lines. Pure.

Organizers of a municipal contest must list what their town holds, in every language
of the contest, and see which of it has no article yet. Wikidata knows both; this
module turns the items the query found into a draft in the contract's topic form::

    == Settlements ==
    * {{Editathon topic | ru = Злемин | wikidata = Q90000102 }} Zlemin — ''missing: en, tt''

one line per item, under the heading of its first kind, the items missing in most
languages first. The draft is only a draft: the bot never reads it, organizers move
the lines they want to ``B/Worklist`` (contract §3, §5). Titles are only ever the
articles Wikidata links; a missing language gets no suggested title (a label such as
"Kazan" could name another article, which would then count), only the label in the
note.

Pages stay under a byte budget (the wiki's ``maxarticlesize`` and the operator's
``page_kb``): a long draft goes on over numbered subpages ``B/Worklist draft/2``...
each with its headings repeated; ``max_per_heading`` caps a heading instead, with the
count of the items left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.i18n import Catalog
from bot.wikidata_query import Located

TOPIC_TEMPLATE = "Editathon topic"
_WIKITEXT_SPECIALS = re.compile(r"[\[\]{}<>|'=~*#:;&_]|^\s|\s$|----")


@dataclass(frozen=True)
class DraftLine:
    """One item: its label, the articles it has, the contest's wikis where it has none."""

    qid: str
    label: str
    titles: tuple[tuple[str, str], ...]  # (wiki, title), in the contest's wiki order
    missing: tuple[str, ...]  # wikis without an article, in the contest's wiki order


@dataclass(frozen=True)
class DraftSection:
    kind: str
    lines: tuple[DraftLine, ...]


@dataclass(frozen=True)
class Draft:
    territory: str
    territory_label: str
    wikis: tuple[str, ...]
    sections: tuple[DraftSection, ...]  # in the order of the kinds; empty kinds left out

    @property
    def count(self) -> int:
        return sum(len(s.lines) for s in self.sections)


@dataclass(frozen=True)
class DraftPage:
    title: str
    text: str


def build_draft(
    located: Iterable[Located],
    *,
    territory: str,
    territory_label: str,
    kinds: Sequence[str],
    wikis: Sequence[str],
    label_languages: Sequence[str],
) -> Draft:
    """Each item once, under its first kind among ``kinds``; most missing languages first.

    ``wikis`` are the contest's wikis (articles and missing languages are told for them);
    ``label_languages`` is the order in which a label is chosen (the home wiki's first).
    Ties are broken by label, then by item number, so the same answer gives the same page.
    """
    by_kind: dict[str, list[DraftLine]] = {k: [] for k in kinds}
    seen: set[str] = set()
    for item in located:
        kind = next((k for k in item.kinds if k in by_kind), None)
        if kind is None or item.qid in seen:
            continue
        seen.add(item.qid)
        titles = tuple((w, item.titles[w]) for w in wikis if item.titles.get(w))
        missing = tuple(w for w in wikis if not item.titles.get(w))
        label = next((item.labels[lang] for lang in label_languages if item.labels.get(lang)), "")
        label = label or next(iter(item.labels.values()), "") or next((t for _, t in titles), "")
        by_kind[kind].append(DraftLine(item.qid, label, titles, missing))
    sections = []
    for kind in kinds:
        lines = sorted(by_kind[kind], key=lambda d: (-len(d.missing), d.label.casefold(),
                                                     _qnum(d.qid)))
        if lines:
            sections.append(DraftSection(kind, tuple(lines)))
    return Draft(territory, territory_label, tuple(wikis), tuple(sections))


def _qnum(qid: str) -> int:
    return int(qid[1:]) if qid[1:].isdigit() else 0


def topic_line(line: DraftLine, cat: Catalog) -> str:
    """``* {{Editathon topic | ru = X | wikidata = Q1 }} Label — ''missing: en, tt''``."""
    params = "".join(f" | {w} = {t}" for w, t in line.titles)
    text = f"* {{{{{TOPIC_TEMPLATE}{params} | wikidata = {line.qid} }}}}"
    if line.label:
        text += " " + _plain(line.label)
    if line.missing:
        text += " — ''" + cat.text("worklist-draft-missing", wikis=cat.join(line.missing)) + "''"
    return text


def _plain(text: str) -> str:
    """A label shown as text, never as markup (a label may hold ``[[``, ``{{``, ``''``)."""
    text = " ".join(text.split())
    if _WIKITEXT_SPECIALS.search(text):
        return "<nowiki>" + text.replace("</nowiki>", "&lt;/nowiki>") + "</nowiki>"
    return text


def page_title(base: str, part: int) -> str:
    """Part 1 is ``base`` itself; part 2 is ``base/2``..."""
    return base if part == 1 else f"{base}/{part}"


def render_draft(
    draft: Draft,
    *,
    cat: Catalog,
    title: str,
    worklist: str,
    headings: Mapping[str, str],
    day: date,
    max_bytes: int,
    max_per_heading: int | None = None,
) -> list[DraftPage]:
    """The pages of the draft, each at most ``max_bytes`` bytes of UTF-8.

    ``headings`` maps a kind to its heading text. Raises ValueError when ``max_bytes``
    cannot hold a page's header and one line (the caller's budget is wrong).
    """
    blocks: list[tuple[str, list[str]]] = []  # (heading line, lines)
    for section in draft.sections:
        head = f"== {headings.get(section.kind, section.kind)} =="
        shown = section.lines if max_per_heading is None else section.lines[:max_per_heading]
        lines = [topic_line(d, cat) for d in shown]
        rest = len(section.lines) - len(shown)
        if rest > 0:
            lines.append(": ''" + cat.text("worklist-draft-more", count=rest) + "''")
        blocks.append((head, lines))

    def header(part: int, parts: int) -> str:
        intro = cat.text(
            "worklist-draft-intro",
            territory=f"{_plain(draft.territory_label) or draft.territory} ({draft.territory})",
            date=cat.date(day), count=draft.count, worklist=f"[[{worklist}]]",
        )
        if not draft.sections:
            intro += "\n\n" + cat.text("worklist-draft-empty")
        if parts > 1:
            intro += " " + cat.text("worklist-draft-part", part=str(part), parts=str(parts))
        return intro + "\n"

    def footer(part: int, parts: int) -> str:
        if part >= parts:
            return ""
        return "\n" + cat.text("worklist-draft-next", next=f"[[{page_title(title, part + 1)}]]") + "\n"

    reserve = _size(header(9999, 9999)) + _size(footer(9998, 9999)) + 16
    budget = max_bytes - reserve
    if budget < 1024:
        raise ValueError(f"a draft page of {max_bytes} bytes cannot hold its header and lines")
    pages: list[list[str]] = [[]]
    used = 0
    for head, lines in blocks:
        opened = False
        for line in lines:
            need = _size(line) + 1 + (0 if opened else _size(head) + 2)
            if used + need > budget and used > 0:
                pages.append([])
                used, opened = 0, False
                need = _size(line) + 1 + _size(head) + 2
            if not opened:
                pages[-1].append("\n" + head)
                opened = True
            pages[-1].append(line)
            used += need
    parts = len(pages)
    out = []
    for i, body in enumerate(pages, 1):
        text = header(i, parts) + "\n".join(body) + "\n" + footer(i, parts)
        out.append(DraftPage(page_title(title, i), text.rstrip("\n") + "\n"))
    return out


def _size(text: str) -> int:
    return len(text.encode("utf-8"))

"""Pages that fit: a page that grows with its participants, split over numbered parts.

A wiki refuses a page over its ``maxarticlesize`` (2 MB by default); a leaderboard of
1,000 participants with 16 entries each is about 3 MB, an umbrella's ranking of
10,000 participants about as much. Such a page is written as its first part (the
page itself, ``B/Leaderboard``) and numbered continuation parts (``B/Leaderboard/2``,
``B/Leaderboard/3`` ...), each under a byte budget.

A renderer describes its page as the layout's placeholders, each filled with fixed
text (headers, charts, problems: always on the first part) and :class:`Flow` s: runs
of blocks that may go on over the next part (the rows of a ranking, one participant's
entries, the rows of the queue). A block is never cut: a participant's row, or all of
a participant's entries, is on exactly one part. :func:`pack` decides from the blocks'
sizes alone which blocks go on which part; :func:`split_page` writes the parts: the
first lists every part, each part links back to the first and to its neighbours.

With no budget (or a page under it) the page is exactly the one-page text the layout
gives, so a small contest's pages never change because of this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.i18n import Catalog
from bot.render.layout import data_time, fill, tidy
from bot.render.tables import Cell, Column, table_pieces

#: Bytes kept free on every part for what is estimated rather than measured (the note
#: "continued in part N" after a cut flow; the part numbers in links growing a digit).
NOTE_RESERVE = 400


@dataclass(frozen=True)
class Flow:
    """A run of blocks that may continue on the next part.

    On every part where some of its blocks stand, the flow shows ``lead`` (a
    subsection heading, a line saying how the ranking is ordered), then ``open``,
    its blocks joined by ``sep``, then ``close`` (a table's header and ``|}``).
    ``heading`` is the section heading a continuation part repeats above it (on the
    first part the layout has it).
    """

    heading: str
    blocks: tuple[str, ...]
    lead: str = ""
    open: str = ""
    close: str = ""
    sep: str = "\n"

    def text(self, blocks: Sequence[str]) -> str:
        return self.lead + self.open + self.sep.join(blocks) + self.close


def table_flow(heading: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]], *,
               lead: str = "", sortable: bool = True) -> Flow:
    """A wikitable as a flow: its header row repeats on every part, rows are the blocks."""
    open_, blocks, close = table_pieces(columns, rows, sortable=sortable)
    return Flow(heading=heading, blocks=tuple(blocks), lead=lead, open=open_, close=close)


@dataclass(frozen=True)
class PartNames:
    """What a split page needs to link its parts: their titles and the link texts."""

    first: str  # the page itself (``B/Leaderboard``)

    def title(self, part: int) -> str:
        """The title of part ``part`` (1: the page itself)."""
        return self.first if part == 1 else f"{self.first}/{part}"


def part_title(first: str, part: int) -> str:
    """``B/Leaderboard`` for part 1, ``B/Leaderboard/N`` for part N."""
    return PartNames(first).title(part)


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def pack(items: Sequence[tuple[int, int]], overhead: Mapping[int, int], first: int, rest: int) -> list[list[int]]:
    """Which items go on which part: a list of parts, each the indices of its items.

    ``items`` are ``(group, size)`` in page order; a group (a flow) costs
    ``overhead[group]`` bytes on every part where one of its items stands. Part 1 may
    hold ``first`` bytes of items, every later part ``rest``. Items keep their order
    and each is on exactly one part; a part is closed when the next item would pass
    its budget. An item too big for any part alone gets a part of its own (the wiki
    then refuses that part, and the run says so). Part 1 may stay empty (its fixed
    text took its room); no later part is empty.
    """
    parts: list[list[int]] = [[]]
    used, groups = 0, set[int]()
    for i, (group, size) in enumerate(items):
        cost = size + (0 if group in groups else overhead.get(group, 0))
        budget = first if len(parts) == 1 else rest
        if used + cost > budget and (parts[-1] or len(parts) == 1):
            parts.append([])  # a full part, or a first part whose fixed text left no room
            used, groups = 0, set[int]()
            cost = size + overhead.get(group, 0)
        parts[-1].append(i)
        used += cost
        groups.add(group)
    if len(parts) > 1 and not parts[-1]:
        parts.pop()
    return parts


@dataclass
class _Plan:
    """Where each block of each flow goes: ``where[(flow, block)] = part``."""

    where: dict[tuple[int, int], int] = field(default_factory=dict)
    count: int = 1


def _flows(pieces: Mapping[str, Sequence[str | Flow]]) -> list[Flow]:
    return [p for seq in pieces.values() for p in seq if isinstance(p, Flow)]


def _plan(flows: Sequence[Flow], first: int, rest: int) -> _Plan:
    items: list[tuple[int, int]] = []
    index: list[tuple[int, int]] = []
    overhead: dict[int, int] = {}
    for f, flow in enumerate(flows):
        overhead[f] = (_size(flow.heading) + _size(flow.lead) + _size(flow.open) + _size(flow.close)
                       + 4 + NOTE_RESERVE)
        for b, block in enumerate(flow.blocks):
            items.append((f, _size(block) + _size(flow.sep)))
            index.append((f, b))
    parts = pack(items, overhead, first, rest)
    plan = _Plan(count=len(parts))
    for n, part in enumerate(parts, 1):
        for i in part:
            plan.where[index[i]] = n
    return plan


def _link(names: PartNames, part: int, count: int, cat: Catalog) -> str:
    return f"[[{names.title(part)}|{cat.text('parts-link', part=part, count=count)}]]"


def _first_nav(names: PartNames, count: int, cat: Catalog) -> str:
    links = " · ".join(_link(names, n, count, cat) for n in range(1, count + 1))
    return cat.text("parts-first", count=count, links=links)


def _part_nav(names: PartNames, part: int, count: int, cat: Catalog) -> str:
    around = []
    if part > 1:
        around.append(f"[[{names.title(part - 1)}|{cat.text('parts-previous')}]]")
    if part < count:
        around.append(f"[[{names.title(part + 1)}|{cat.text('parts-next')}]]")
    return cat.text("parts-this", part=part, count=count,
                    first=f"[[{names.first}]]") + (" " + " · ".join(around) if around else "")


def _continued(names: PartNames, part: int, count: int, cat: Catalog) -> str:
    return "''" + cat.text("parts-continued", link=_link(names, part, count, cat)) + "''"


def _portion(flow: Flow, f: int, plan: _Plan, part: int, names: PartNames, cat: Catalog,
             *, first_part: bool) -> str:
    """What ``flow`` shows on ``part``: its blocks there, and where it goes on."""
    mine = [b for i, b in enumerate(flow.blocks) if plan.where[(f, i)] == part]
    later = sorted({plan.where[(f, i)] for i in range(len(flow.blocks)) if plan.where[(f, i)] > part})
    if not mine:
        if not first_part or not later:
            return ""
        return flow.lead + "\n" + _continued(names, later[0], plan.count, cat)
    text = flow.text(mine)
    if later:
        text += "\n" + _continued(names, later[0], plan.count, cat)
    return text


def _first_page(layout: str, fixed: Mapping[str, str], pieces: Mapping[str, Sequence[str | Flow]],
                flows: Sequence[Flow], plan: _Plan | None, names: PartNames, cat: Catalog) -> str:
    values = dict(fixed)
    for key, seq in pieces.items():
        out = []
        for piece in seq:
            if isinstance(piece, str):
                out.append(piece)
            elif plan is None:
                out.append(piece.text(piece.blocks))
            else:
                out.append(_portion(piece, flows.index(piece), plan, 1, names, cat, first_part=True))
        values[key] = "".join(out)
    if plan is not None and plan.count > 1:
        values["notice"] = values.get("notice", "") + "''\n\n''" + _first_nav(names, plan.count, cat)
    return fill(layout, **values)


def _continuation(part: int, flows: Sequence[Flow], plan: _Plan, names: PartNames, cat: Catalog) -> str:
    body: list[str] = []
    heading = None
    for f, flow in enumerate(flows):
        text = _portion(flow, f, plan, part, names, cat, first_part=False)
        if not text:
            continue
        if flow.heading != heading:
            heading = flow.heading
            body.append(("\n\n" if body else "") + heading + "\n")
        body.append(text)
    nav = _part_nav(names, part, plan.count, cat)
    return fill("part", notice=cat.text("page-bot-notice"), nav=nav, body="".join(body), updated=data_time(cat))


def _frames(layout: str, fixed: Mapping[str, str], pieces: Mapping[str, Sequence[str | Flow]],
            names: PartNames, count: int, cat: Catalog) -> tuple[int, int]:
    """Bytes of the first part and of a continuation part with no flow on them."""
    values = dict(fixed)
    for key, seq in pieces.items():  # a flow with no block on the first part: its lead and a note
        values[key] = "".join(p if isinstance(p, str) else p.lead + " " * (NOTE_RESERVE // 2) for p in seq)
    values["notice"] = values.get("notice", "") + "''\n\n''" + _first_nav(names, count, cat)
    first = _size(fill(layout, **values))
    other = _size(fill("part", notice=cat.text("page-bot-notice"), nav=_part_nav(names, count, count, cat),
                       body="", updated=data_time(cat)))
    return first, other


def split_page(layout: str, fixed: Mapping[str, str], pieces: Mapping[str, Sequence[str | Flow]],
               cat: Catalog, *, title: str = "", budget: int | None = None) -> list[str]:
    """The page as parts, each under ``budget`` bytes (None: one page, unsplit).

    ``fixed`` fills the layout's placeholders that always stay on the first part;
    ``pieces`` the placeholders that hold flows. The first text is the page ``title``
    itself, the N-th is ``title/N`` (:func:`part_title`).
    """
    names = PartNames(title)
    flows = _flows(pieces)
    whole = _first_page(layout, fixed, pieces, flows, None, names, cat)
    if budget is None or _size(whole) <= budget or not flows:
        return [whole]
    count = 2
    while True:
        first, other = _frames(layout, fixed, pieces, names, count, cat)
        plan = _plan(flows, budget - first - NOTE_RESERVE, budget - other - NOTE_RESERVE)
        if plan.count <= count:
            break
        count = plan.count
    if plan.count == 1:  # everything fits once the frames are counted exactly
        return [whole]
    return [_first_page(layout, fixed, pieces, flows, plan, names, cat),
            *(_continuation(n, flows, plan, names, cat) for n in range(2, plan.count + 1))]


def unused_part(first: str, part: int, count: int, cat: Catalog) -> str:
    """The text of a part an earlier run wrote that the page no longer needs.

    Readers who kept a link to it learn where the ranking is now; nothing stale stays
    on it. (Deleting it would need an administrator; the bot only writes.)
    """
    return tidy("\n\n".join([
        "<!-- Written by Editathon Bot; edits here are overwritten. -->",
        "''" + cat.text("page-bot-notice") + "''",
        cat.text("parts-unused", part=part, first=f"[[{first}]]", count=count),
    ]))

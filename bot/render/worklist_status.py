"""``B/Worklist status`` (contract §5): each topic, per language, and who wrote it.

A topic's language version is *counted* when a participant's entry for it
scores (counted or provisional), *being written* when an entry exists that does
not score yet (awaiting the jury, a tie, or not yet meeting the criteria), and
*missing* otherwise -- rejected, deleted, withdrawn and suspended entries leave
the topic open for someone else. Entries are matched to topics by ``Entry.topic``
(the scorer's topic key), so a moved or interlanguage-linked article still lands
on its topic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.aliases import normalize_title
from bot.i18n import Catalog
from bot.model import SCORING, ContestResult, ContestSettings, Entry, Status, Topic, Worklist
from bot.render.bars import GREEN, GREY, YELLOW, Segment, stacked_chart
from bot.render.entries import DASH
from bot.render.layout import data_time, fill
from bot.render.links import WikiPrefix, escape_text, page_link, user_link
from bot.render.tables import Cell, Column, wikitable

#: Entries that hold a topic while they are not (yet) scoring.
IN_PROGRESS = frozenset({Status.AWAITING, Status.UNDECIDED, Status.NOT_ENTRY})

COUNTED, WRITING, MISSING = "counted", "writing", "missing"

_SORT = {COUNTED: "0", WRITING: "1", MISSING: "2"}

MISSING_ROWS = 1000
"""Topics nobody has written in any language listed at most; the rest are counted.

A worklist of 15,000 topics (1.25 MB) made a status page of 1.78 MB, a step from the
wiki's size limit: the topics someone wrote or is writing are all listed (they are
bounded by the entries), the untouched ones up to this many, then one line counts the
rest and links the worklist, which holds them all. 1,000 rows of three languages are
about 0.4 MB."""

_STYLE = {
    COUNTED: "background:#d5f5d5;color:#202122",
    WRITING: "background:#fff3c4;color:#202122",
}


def _users(entries: Sequence[Entry]) -> list[str]:
    return sorted({e.user for e in entries}, key=lambda u: (u.casefold(), u))


def topic_state(entries: Sequence[Entry]) -> tuple[str, list[str]]:
    """(counted | writing | missing, users) for one topic on one wiki."""
    counted = [e for e in entries if e.status in SCORING]
    if counted:
        return COUNTED, _users(counted)
    writing = [e for e in entries if e.status in IN_PROGRESS]
    if writing:
        return WRITING, _users(writing)
    return MISSING, []


def _cell(
    topic: Topic,
    wiki: str,
    entries: Sequence[Entry],
    home: str,
    cat: Catalog,
    wiki_prefix: WikiPrefix | None,
) -> tuple[str, Cell]:
    state, users = topic_state(entries)
    title = topic.title_on(wiki)
    if title is None:
        shown = [e for e in entries if e.status in SCORING or e.status in IN_PROGRESS]
        title = min((e.title for e in shown), default=None)
    link = page_link(title, wiki, home, wiki_prefix=wiki_prefix) if title else DASH
    names = cat.join([user_link(u) for u in users])
    label = {
        COUNTED: lambda: cat.text("worklist-status-counted", users=names),
        WRITING: lambda: cat.text("worklist-status-writing", users=names),
        MISSING: lambda: cat.text("worklist-status-missing"),
    }[state]()
    return state, Cell(f"{link}<br />{label}", sort=_SORT[state], style=_STYLE.get(state))


def _topic_name(topic: Topic, home: str) -> str:
    """A topic's name for the first column: its home-wiki title, else its first one."""
    return topic.title_on(home) or (topic.titles[0][1] if topic.titles else "")


def _groups(topics: Sequence[Topic]) -> list[tuple[str, list[Topic]]]:
    """Topics grouped under their headings, in worklist order."""
    groups: dict[str, list[Topic]] = {}
    for t in topics:
        groups.setdefault(t.heading, []).append(t)
    return list(groups.items())


def _page(
    topics: Sequence[Topic],
    by_key: Mapping[tuple[str, str], list[Entry]],
    wikis: Sequence[str],
    home: str,
    intro: str,
    cat: Catalog,
    wiki_prefix: WikiPrefix | None,
    worklist: str = "",
) -> str:
    """The page for ``topics``, given each (topic key, wiki)'s entries; ``worklist`` links
    the list that holds every topic (named when untouched topics are left out)."""
    counts = {w: {COUNTED: 0, WRITING: 0, MISSING: 0} for w in wikis}
    sections = []
    columns = [Column(cat.text("worklist-status-col-topic"))] + [Column(w) for w in wikis]
    untouched_listed = untouched_left = 0
    for heading, group in _groups(topics):
        rows = []
        for topic in group:
            row = [Cell(escape_text(_topic_name(topic, home)) or DASH)]
            states = []
            for w in wikis:
                state, cell = _cell(topic, w, by_key.get((topic.key, w), []), home, cat, wiki_prefix)
                counts[w][state] += 1
                states.append(state)
                row.append(cell)
            if all(st == MISSING for st in states):
                if untouched_listed >= MISSING_ROWS:
                    untouched_left += 1
                    continue
                untouched_listed += 1
            rows.append(row)
        if not rows:
            continue
        table = wikitable(columns, rows)
        sections.append(f"== {escape_text(heading)} ==\n{table}" if heading else table)
    if untouched_left:
        sections.append(cat.text("worklist-status-more", count=untouched_left, worklist=worklist))

    total = len(topics)
    summary = "\n".join(
        "* "
        + cat.text(
            "worklist-status-summary",
            wiki=w,
            counted=counts[w][COUNTED],
            writing=counts[w][WRITING],
            missing=counts[w][MISSING],
            total=total,
        )
        for w in wikis
    )
    chart = stacked_chart(
        cat.text("chart-coverage"),
        [
            (
                w,
                [
                    Segment(counts[w][COUNTED], GREEN, cat.text("chart-coverage-counted", count=counts[w][COUNTED])),
                    Segment(counts[w][WRITING], YELLOW, cat.text("chart-coverage-writing", count=counts[w][WRITING])),
                    Segment(counts[w][MISSING], GREY, cat.text("chart-coverage-missing", count=counts[w][MISSING])),
                ],
            )
            for w in wikis
        ]
        if total
        else [],
    )
    return fill(
        "worklist_status",
        notice=cat.text("page-bot-notice"),
        intro=intro,
        chart=chart,
        summary=summary if total else cat.text("worklist-status-empty"),
        topics="\n\n".join(sections),
        updated=data_time(cat),
    )


def render_worklist_status(
    result: ContestResult, cat: Catalog, *, wiki_prefix: WikiPrefix | None = None
) -> str:
    """The wikitext of ``B/Worklist status`` for ``result``, in ``cat``'s language."""
    s = result.settings
    home = s.wiki
    by_key: dict[tuple[str, str], list[Entry]] = {}
    for e in result.entries:
        if e.topic is not None:
            by_key.setdefault((e.topic, e.wiki), []).append(e)
    worklist = page_link(s.subpages.worklist, home, home)
    intro = cat.text("worklist-status-intro", worklist=worklist)
    return _page(result.worklist.topics, by_key, s.wikis or (home,), home, intro, cat, wiki_prefix, worklist)


def _title_key(wiki: str, title: str) -> tuple[str, str]:
    return (wiki.strip().lower(), normalize_title(title))


def _umbrella_topic_of(
    worklist: Worklist, contest: ContestResult
) -> Callable[[Entry], str | None]:
    """Which of the umbrella's topics an entry of ``contest`` is about (None: none).

    A contest sees the umbrella's topics under their own keys, unless its own
    worklist lists the same subject (then the contest's topic, with its key, stands
    for it): both are matched here, and an entry whose own title is on the umbrella's
    list is matched by that title.
    """
    keys = {t.key for t in worklist.topics}
    by_title = {_title_key(w, t): topic.key for topic in worklist.topics for w, t in topic.titles}
    alias: dict[str, str] = {}
    for own in contest.worklist.topics:
        if own.key in keys:
            alias[own.key] = own.key
            continue
        hit = next((by_title[_title_key(w, t)] for w, t in own.titles if _title_key(w, t) in by_title), None)
        if hit is not None:
            alias[own.key] = hit

    def topic_of(e: Entry) -> str | None:
        if e.topic is not None and e.topic in alias:
            return alias[e.topic]
        return by_title.get(_title_key(e.wiki, e.title))

    return topic_of


def _ordered_union(lists: Iterable[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(w for wikis in lists for w in wikis))


def render_umbrella_worklist_status(
    umbrella: ContestSettings,
    worklist: Worklist,
    contests: Sequence[ContestResult],
    cat: Catalog,
    *,
    wiki_prefix: WikiPrefix | None = None,
) -> str:
    """An umbrella's ``B/Worklist status``: its general list, over every contest below it.

    A topic's language version is counted when an entry in any contest below scores,
    so the programme's organizers see in one table which topics are still open
    anywhere. The columns are the languages of the contests below (in contest order).
    """
    home = umbrella.wiki
    ordered = sorted(contests, key=lambda r: (r.settings.wiki, r.settings.title))
    by_key: dict[tuple[str, str], list[Entry]] = {}
    for result in ordered:  # an article entered in two contests: its best status shows
        topic_of = _umbrella_topic_of(worklist, result)
        for e in result.entries:
            key = topic_of(e)
            if key is not None:
                by_key.setdefault((key, e.wiki), []).append(e)
    wikis = _ordered_union(r.settings.wikis or (r.settings.wiki,) for r in ordered) or list(
        umbrella.wikis or (home,)
    )
    link = page_link(umbrella.subpages.worklist, home, home)
    intro = cat.text("worklist-status-umbrella-intro", worklist=link, count=len(ordered))
    return _page(worklist.topics, by_key, wikis, home, intro, cat, wiki_prefix, link)

"""``B/Queue`` (contract §5): entries awaiting jury decisions, oldest first.

A juror should be able to decide from this page alone: what the article is, who
wrote it and how much, whether it is on the worklist, which informational
criteria it misses, where the changes are, how many decisions it still needs,
and a decision line ready to copy to ``B/Jury``.

The diff: the model knows the participant's counted revisions but not the parent
of the first one, so the page links the first counted edit (``Special:Diff/FIRST``,
which for a new article is its creation), the range from it to the last counted
edit (``Special:Diff/FIRST/LAST``), and the page history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from bot.i18n import Catalog
from bot.model import ContestResult, Entry, Status, Topic
from bot.render.entries import DASH, kind_key, local_day, started, status_key, warnings_text
from bot.render.layout import data_time
from bot.render.links import (
    WikiPrefix,
    diff_link,
    escape_text,
    history_link,
    nowiki,
    page_link,
    user_link,
)
from bot.render.names import ENGLISH, LocalNames
from bot.render.parts import Flow, split_page, table_flow
from bot.render.tables import Cell, Column

#: Statuses of entries that still need jury decisions.
NEEDS_DECISION = frozenset({Status.AWAITING, Status.PROVISIONAL, Status.UNDECIDED})

_NEVER = datetime.max.replace(tzinfo=UTC)


def queue_entries(result: ContestResult) -> list[Entry]:
    """Entries needing decisions, oldest first (first counted edit, else creation)."""
    waiting = [e for e in result.entries if e.status in NEEDS_DECISION]
    return sorted(waiting, key=lambda e: (started(e) or _NEVER, e.wiki, e.title, e.user, e.pageid))


def decision_line(
    entry: Entry,
    result: ContestResult,
    verdict: str = "accept",
    points: str = "",
    names: LocalNames = ENGLISH,
    *,
    shared: bool | None = None,
) -> str:
    """The decision line a juror copies to ``B/Jury`` for this entry, in the names the
    home wiki's templates use (``* {{Марафон карар|Казан Кремле|кабул|аңлатма=}} ~~~~``).

    Short, so it fits on one line of a phone, and starting with ``*`` so pasted
    decisions stay one per line. ``user =`` is added only when another participant
    has an entry for the same article (contract §4). A title holding ``=`` is passed
    as ``1=`` so the template does not read it as a parameter name. ``shared``: whether
    that is so, when the caller knows it (the queue works it out once for all rows).
    """
    home = result.settings.wiki
    article = entry.title if entry.wiki == home else f"{entry.wiki}:{entry.title}"
    if shared is None:
        shared = any(
            e.wiki == entry.wiki and e.pageid == entry.pageid and e.user != entry.user
            for e in result.entries
        )
    word = names.value(verdict)
    params = [f"1={article}", f"2={word}"] if "=" in article else [article, word]
    if shared:
        params.append(f"{names.param('user')}={entry.user}")
    if points:
        params.append(f"{names.param('points')}={points}")
    params.append(f"{names.param('comment')}=")
    return "* {{" + names.template("Editathon decision") + "|" + "|".join(params) + "}} ~~~~"


def _copyable(line: str, *, nowrap: bool = True) -> str:
    """A line to copy, as code; in a table cell kept on one line (the table scrolls)."""
    style = ' style="white-space:nowrap"' if nowrap else ""
    return f"<code{style}>{nowiki(line)}</code>"


def _topic(entry: Entry, result: ContestResult, wiki_prefix: WikiPrefix | None,
           topics: Mapping[str, Topic] | None = None) -> str:
    if topics is None:
        topics = {t.key: t for t in result.worklist.topics}
    topic = topics.get(entry.topic) if entry.topic is not None else None
    if topic is None or not topic.titles:
        return DASH
    home = result.settings.wiki
    wiki, title = next(((w, t) for w, t in topic.titles if w == entry.wiki), topic.titles[0])
    link = page_link(title, wiki, home, wiki_prefix=wiki_prefix)
    return f"{escape_text(topic.heading)}: {link}" if topic.heading else link


def _changes(
    entry: Entry, result: ContestResult, cat: Catalog, wiki_prefix: WikiPrefix | None
) -> str:
    home = result.settings.wiki
    links = []
    revids = entry.contribution.counted_revids if entry.contribution else ()
    if revids:
        first, last = min(revids), max(revids)
        links.append(
            diff_link(
                first, entry.wiki, home, cat.text("queue-diff-first"), wiki_prefix=wiki_prefix
            )
        )
        if last != first:
            links.append(
                diff_link(
                    first,
                    entry.wiki,
                    home,
                    cat.text("queue-diff-range"),
                    newer=last,
                    wiki_prefix=wiki_prefix,
                )
            )
    links.append(
        history_link(
            entry.title, entry.wiki, home, cat.text("queue-history"), wiki_prefix=wiki_prefix
        )
    )
    return " · ".join(links)


def _row(
    n: int,
    entry: Entry,
    result: ContestResult,
    cat: Catalog,
    wiki_prefix: WikiPrefix | None,
    names: LocalNames,
    topics: Mapping[str, Topic],
    shared: bool,
) -> list[Cell]:
    s = result.settings
    c = entry.contribution
    since = started(entry)
    day = cat.date(local_day(since, s.timezone)) if since is not None else DASH
    added = (
        cat.text(
            "queue-added",
            bytes=c.bytes_added,
            words=c.words_added,
            references=c.references_added,
            images=c.images_added,
        )
        if c is not None
        else DASH
    )
    return [
        Cell(str(n)),
        Cell(
            page_link(entry.title, entry.wiki, s.wiki, wiki_prefix=wiki_prefix)
            + f" ({cat.text(kind_key(entry.kind))})",
            sort=escape_text(entry.title),
        ),
        Cell(entry.wiki),
        Cell(user_link(entry.user), sort=escape_text(entry.user)),
        Cell(day),
        Cell(
            cat.text("queue-size", bytes=entry.end_size, words=entry.end_words),
            sort=str(entry.end_size),
        ),
        Cell(added, sort=str(c.bytes_added if c else 0)),
        Cell(_topic(entry, result, wiki_prefix, topics)),
        Cell(warnings_text(entry, cat)),
        Cell(_changes(entry, result, cat, wiki_prefix)),
        Cell(
            cat.text(status_key(entry.status))
            + ": "
            + cat.text(
                "queue-decisions", given=len(entry.decisions), needed=entry.decisions_needed
            ),
            sort=str(entry.decisions_needed),
        ),
        Cell(_copyable(decision_line(entry, result, names=names, shared=shared))),
    ]


def render_queue(
    result: ContestResult,
    cat: Catalog,
    *,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """The wikitext of ``B/Queue`` for ``result``, in ``cat``'s language and with the
    home wiki's template names (``names``) in the lines to copy, on one page."""
    return render_queue_parts(result, cat, wiki_prefix=wiki_prefix, names=names)[0]


def render_queue_parts(
    result: ContestResult,
    cat: Catalog,
    *,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
    budget: int | None = None,
) -> list[str]:
    """``B/Queue`` as parts of at most ``budget`` bytes (:mod:`bot.render.parts`): the
    rows, oldest first and numbered across the parts, go on over ``B/Queue/2`` ...;
    the instructions stay on the first. The queue grows with the entries waiting
    (thousands where a large contest's jury falls behind), so it is split like a ranking."""
    s = result.settings
    entries = queue_entries(result)
    jury_page = page_link(s.subpages.jury, s.wiki, s.wiki)
    table: list[str | Flow]
    if entries:
        columns = [
            Column(cat.text("queue-col-number")),
            Column(cat.text("queue-col-article")),
            Column(cat.text("queue-col-language")),
            Column(cat.text("queue-col-participant")),
            Column(cat.text("queue-col-since")),
            Column(cat.text("queue-col-size")),
            Column(cat.text("queue-col-added")),
            Column(cat.text("queue-col-topic")),
            Column(cat.text("queue-col-warnings"), sortable=False),
            Column(cat.text("queue-col-changes"), sortable=False),
            Column(cat.text("queue-col-decisions")),
            Column(cat.text("queue-col-line"), sortable=False),
        ]
        # Worked out once for all rows: the page renders in time linear in its entries.
        topics = {t.key: t for t in result.worklist.topics}
        authors: dict[tuple[str, int], set[str]] = {}
        for e in result.entries:
            authors.setdefault((e.wiki, e.pageid), set()).add(e.user)
        rows = [_row(i, e, result, cat, wiki_prefix, names, topics, len(authors[(e.wiki, e.pageid)]) > 1)
                for i, e in enumerate(entries, 1)]
        table = [table_flow("", columns, rows)]
        first = entries[0]
        examples = "\n".join(
            f": {_copyable(line, nowrap=False)}"
            for line in (
                decision_line(first, result, "accept", names=names),
                decision_line(first, result, "reject", names=names),
                decision_line(first, result, "accept", "+2", names=names),
            )
        )
    else:
        table = [cat.text("queue-empty")]
        examples = ""
    fixed = dict(
        notice=cat.text("page-bot-notice"),
        intro=cat.text("queue-intro", count=len(entries), quorum=s.quorum, jury_page=jury_page),
        howto=cat.text(
            "queue-howto",
            jury_page=jury_page,
            accept=f"<code>{names.value('accept')}</code>",
            reject=f"<code>{names.value('reject')}</code>",
        )
        if entries
        else "",
        examples=examples,
        updated=data_time(cat),
    )
    return split_page("queue", fixed, {"table": table}, cat, title=s.subpages.queue, budget=budget)

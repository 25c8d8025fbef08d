"""An article as the core sees it, from what the store keeps (pure).

The run's sync (:mod:`bot.run.sync`) keeps the store current; these functions turn
its rows into :class:`bot.model.Article` and say when a page must be read again
because MediaWiki has yet to tag a revert. They take records and ``now``, and
return records: no wiki, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.model import Article, Edit, Figures, Move
from bot.records import PageRow, RevMeta

REVERT_TAG_WAIT = timedelta(days=1)
"""How long a page whose undo waits for ``mw-reverted`` is re-read each run (see
:func:`awaiting_revert_tag`); the job queue of a healthy wiki tags within minutes."""



def awaiting_revert_tag(revisions: Sequence[RevMeta], now: datetime) -> bool:
    """Does an undo of an earlier edit still wait for MediaWiki to tag that edit ``mw-reverted``?

    An undo of the latest edit restores an earlier text, and its sha1 shows what it
    reverted; an undo of an edit further back makes new text, and only the tag on the
    undone edit says which one it was. MediaWiki adds that tag from its job queue, some
    time after the undo, without a recent-changes entry. So while the newest such undo
    is younger than :data:`REVERT_TAG_WAIT` and no revision between it and the previous
    one carries ``mw-reverted`` yet, the page is read again on the next run.
    """
    seen: set[str] = set()
    boundary = 0
    waiting = False
    ordered = sorted(revisions, key=lambda r: r.revid)
    for r in ordered:
        if "mw-undo" in r.tags and r.sha1 and r.sha1 not in seen:
            tagged = any("mw-reverted" in x.tags for x in ordered if boundary < x.revid < r.revid)
            waiting = not tagged and now - r.timestamp < REVERT_TAG_WAIT
            boundary = r.revid
        if r.sha1:
            seen.add(r.sha1)
    return waiting


def build_article(row: PageRow, edits: Sequence[Edit], figs: dict[int, Figures], *, period: tuple[datetime, datetime],
                  article_namespaces: Sequence[int]) -> Article:
    """An Article from stored rows: figures attached, end-of-period size and words."""
    start, end = period
    with_figs = tuple(
        replace(e, figures=figs.get(e.revid), parent_figures=figs.get(e.parentid) if e.parentid else Figures())
        for e in sorted(edits, key=lambda e: e.revid)
    )
    before_end = [e for e in with_figs if e.timestamp < end]
    last = before_end[-1] if before_end else None
    moves = tuple(
        Move(wiki=row.wiki, pageid=row.pageid, timestamp=datetime.fromisoformat(m["timestamp"]), user=m["user"],
             from_title=m["from_title"], to_title=m["to_title"], from_ns=m["from_ns"], to_ns=m["to_ns"])
        for m in row.moves
    )
    entered_main = None
    for m in sorted(moves, key=lambda m: m.timestamp):
        if m.to_ns in article_namespaces and m.from_ns not in article_namespaces:
            entered_main = m.timestamp
    return Article(
        wiki=row.wiki,
        pageid=row.pageid,
        title=row.title,
        namespace=row.ns,
        created=row.created or (with_figs[0].timestamp if with_figs else start),
        created_by=row.created_by,
        edits=with_figs,
        moves=moves,
        redirect=row.redirect,
        deleted=row.deleted,
        end_size=last.size if last else 0,
        end_figures=(last.figures or Figures()) if last else Figures(),
        categories=row.categories,
        langlinks=row.langlinks,
        wikidata=row.wikidata,
        entered_main=entered_main,
    )

"""Keeping participants' articles current: what changed on a wiki -> the store -> Articles.

A run learns what changed from one recent-changes request per wiki; only the pages
touched since the last run are re-read (one request each: info, history metadata,
language links), and only revisions without figures are fetched as text, 50 a request,
measured at once and dropped (memory stays flat however many revisions there are).
A participant seen for the first time gets their contributions read for the whole
period, 50 users a request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.measure import MEASURE_VERSION, figures
from bot.model import Article, Edit, Figures, Move
from bot.store import PageRow, Store
from bot.wiki import RCEntry, WikiSession, move_from_log

log = logging.getLogger(__name__)


@dataclass
class SyncStats:
    contributions: int = 0
    pages: int = 0
    texts: int = 0


@dataclass
class WikiChanges:
    """What one recent-changes poll said about a wiki, indexed for the contests."""

    entries: list[RCEntry] = field(default_factory=list)

    def touched_pageids(self) -> set[int]:
        return {e.pageid for e in self.entries if e.pageid}

    def touched_titles(self) -> set[str]:
        titles = {e.title for e in self.entries}
        titles |= {str(e.logparams.get("target_title")) for e in self.entries if e.logparams.get("target_title")}
        return titles

    def by_users(self, users: set[str], namespaces: set[int]) -> list[RCEntry]:
        return [e for e in self.entries if e.user in users and e.type in ("edit", "new") and e.ns in namespaces]

    def moves(self, wiki: str) -> list[Move]:
        out = []
        for e in self.entries:
            if e.type == "log" and e.logtype == "move":
                m = move_from_log(wiki, e.pageid, {"timestamp": e.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                  "user": e.user, "title": e.title, "ns": e.ns,
                                                  "params": e.logparams})
                if m:
                    out.append(m)
        return out


def sync_participants(
    session: WikiSession,
    store: Store,
    *,
    users: Sequence[str],
    period: tuple[datetime, datetime],
    now: datetime,
    changes: WikiChanges | None,
    namespaces: Sequence[int],
    draft_namespaces: Sequence[int],
    stats: SyncStats,
) -> set[int]:
    """Bring the store up to date with the participants' work; return their page ids.

    Users never read before get their contributions for the whole period; the
    others' new edits come from ``changes`` (the recent-changes poll). Pages touched
    by anyone since the last run are marked dirty and re-read by :func:`refresh_pages`.
    """
    wiki = session.code
    start, end = period
    until = min(now, end)
    all_ns = sorted(set(namespaces) | set(draft_namespaces))
    fresh = [u for u in users if not _scanned(store, wiki, u, start)]
    if changes is None:  # no recent-changes cursor (first run, or too old): read everyone
        fresh = list(users)
    dirty: set[int] = set()
    if fresh and start < until:
        contribs = session.contributions(fresh, start, until, all_ns)
        stats.contributions += len(contribs)
        dirty |= {c.pageid for c in contribs}
        moves = session.moves(draft_namespaces, start, until) if draft_namespaces else []
        _record_moves(store, wiki, moves)
        dirty |= {m.pageid for m in moves}
    if fresh:
        store.set_user_scans(wiki, fresh, start, now)
    if changes is not None:
        userset = set(users)
        for e in changes.by_users(userset, set(all_ns)):
            if start <= e.timestamp < end:
                dirty.add(e.pageid)
        tracked = store.tracked_pageids(wiki)
        titles = {p.title for p in store.pages(wiki, tracked)}
        for e in changes.entries:
            if e.pageid in tracked or e.title in titles:
                if e.pageid:
                    dirty.add(e.pageid)
                elif e.title in titles:
                    row = store.page_by_title(wiki, e.title)
                    if row:
                        dirty.add(row.pageid)
        moves = changes.moves(wiki)
        _record_moves(store, wiki, moves)
        dirty |= {m.pageid for m in moves if m.pageid in tracked or m.from_ns in draft_namespaces}
    store.mark_dirty(wiki, dirty)
    refresh_pages(session, store, stats=stats)
    return set(_user_pages(store, wiki, users))


def _scanned(store: Store, wiki: str, user: str, start: datetime) -> bool:
    scan = store.user_scan(wiki, user)
    return bool(scan and scan[0] <= start)


def _user_pages(store: Store, wiki: str, users: Iterable[str]) -> Iterable[int]:
    for u in users:
        yield from store.iter_user_pageids(wiki, u)


def _record_moves(store: Store, wiki: str, moves: Sequence[Move]) -> None:
    for m in moves:
        row = store.page(wiki, m.pageid)
        if row is None:
            store.mark_dirty(wiki, [m.pageid])
            row = store.page(wiki, m.pageid)
        assert row is not None
        known = {(d["timestamp"], d["to_title"]) for d in row.moves}
        rec = {"timestamp": m.timestamp.isoformat(), "user": m.user, "from_title": m.from_title,
               "to_title": m.to_title, "from_ns": m.from_ns, "to_ns": m.to_ns}
        if (rec["timestamp"], rec["to_title"]) not in known:
            store.save_page(replace(row, moves=(*row.moves, rec)))


def refresh_pages(session: WikiSession, store: Store, *, stats: SyncStats) -> None:
    """Re-read every dirty page: info, full history metadata, language links."""
    wiki = session.code
    for pageid in store.dirty_pages(wiki):
        d = session.page_details(pageid)
        stats.pages += 1
        row = store.page(wiki, pageid)
        assert row is not None
        if not d.exists:
            store.save_page(replace(row, deleted=True, dirty=False))
            continue
        sizes = {r.revid: r.size for r in d.revisions}
        edits = [
            Edit(wiki=wiki, revid=r.revid, parentid=r.parentid, pageid=pageid, user=r.user,
                 timestamp=r.timestamp, size=r.size, parent_size=sizes.get(r.parentid, 0),
                 sha1=r.sha1, tags=r.tags)
            for r in d.revisions
        ]
        store.save_revisions(edits, MEASURE_VERSION)
        first = d.revisions[0] if d.revisions else None
        store.save_page(
            replace(
                row,
                title=d.title,
                ns=d.ns,
                redirect=d.redirect,
                deleted=False,
                created=first.timestamp if first else row.created,
                created_by=first.user if first else row.created_by,
                langlinks=d.langlinks,
                wikidata=d.wikidata,
                last_revid=d.lastrevid,
                dirty=False,
            )
        )


def measure_revisions(
    session: WikiSession,
    store: Store,
    revids: Iterable[int],
    *,
    file_namespaces: Iterable[str],
    category_namespaces: Iterable[str],
    stats: SyncStats,
) -> None:
    """Fetch and measure the revisions that have no current figures (50 a request)."""
    wiki = session.code
    wanted = sorted(set(r for r in revids if r))
    have = store.figures(wiki, wanted, MEASURE_VERSION)
    missing = [r for r in wanted if r not in have]
    fns, cns = list(file_namespaces), list(category_namespaces)
    for i in range(0, len(missing), 50):
        chunk = missing[i : i + 50]
        texts = session.texts(chunk)
        stats.texts += len(texts)
        store.save_figures(
            wiki,
            {rid: figures(t, file_namespaces=fns, category_namespaces=cns) for rid, t in texts.items()},
            MEASURE_VERSION,
        )


def revisions_to_measure(edits: Sequence[Edit], users: set[str], period: tuple[datetime, datetime]) -> set[int]:
    """Participants' in-period revisions, their parents, and the page at the period's end."""
    start, end = period
    out: set[int] = set()
    for e in edits:
        if e.user in users and start <= e.timestamp < end:
            out.add(e.revid)
            if e.parentid:
                out.add(e.parentid)
    before_end = [e for e in edits if e.timestamp < end]
    if before_end:
        out.add(max(before_end, key=lambda e: e.revid).revid)
    return out


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

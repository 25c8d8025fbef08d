"""Keeping participants' articles current: what changed on a wiki -> the store -> Articles.

A run learns what changed from one recent-changes request per wiki; only the pages
touched since the last run are re-read, in batches (:mod:`bot.run.refresh`): their facts
500 pages a request, their new revisions by id (metadata and text, measured at once and
dropped, so memory stays flat however many revisions there are), and a page's whole
history only where those cannot decide. A participant seen for the first time gets
their contributions read for the whole period, 500 users a request (50 without the
``apihighlimits`` right); they name the revisions to read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.measure import MEASURE_VERSION, figures
from bot.model import Edit, Move
from bot.records import PageRow, RCEntry
from bot.run.refresh import MOVE_SLACK, SyncStats, move_record, refresh_pages
from bot.store import Store
from bot.wiki import WikiSession
from bot.wiki_reads import move_from_log

__all__ = ["SyncStats", "WikiChanges", "measure_revisions", "participants_pages", "revisions_to_measure",
           "sync_participants"]

log = logging.getLogger(__name__)


@dataclass
class WikiChanges:
    """What one recent-changes poll said about a wiki, indexed for the contests."""

    entries: list[RCEntry] = field(default_factory=list)
    _edits: dict[str, list[RCEntry]] | None = field(default=None, init=False, repr=False, compare=False)

    def edits_of(self, title: str) -> list[RCEntry]:
        """The edits and creations of ``title``, oldest first (indexed on the first call:
        every contest asks for its own pages, so a scan per page would be contests x entries)."""
        if self._edits is None:
            self._edits = {}
            for e in self.entries:
                if e.type in ("edit", "new"):
                    self._edits.setdefault(e.title, []).append(e)
        return self._edits.get(title, [])

    def touched_pageids(self) -> set[int]:
        return {e.pageid for e in self.entries if e.pageid}

    def touched_titles(self) -> set[str]:
        titles = {e.title for e in self.entries}
        titles |= {str(e.logparams.get("target_title")) for e in self.entries if e.logparams.get("target_title")}
        return titles

    def logged_titles(self) -> set[str]:
        """The titles a log entry names (a move's both ends, a deletion, an import...)."""
        logs = [e for e in self.entries if e.type not in ("edit", "new")]
        return {e.title for e in logs} | {str(e.logparams["target_title"]) for e in logs
                                          if e.logparams.get("target_title")}

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
) -> None:
    """Bring the store up to date with the participants' work (their pages, when a contest
    needs them, come from :func:`participants_pages`: a contest skipped as unchanged needs none).

    Users never read before get their contributions for the whole period; the
    others' new edits come from ``changes`` (the recent-changes poll). Pages the bot
    has read before and that anyone touched since the last run are marked dirty and
    re-read by :func:`refresh_pages`; pages nobody in a contest edited are never read,
    whatever happens to them (moves, edits), so a busy wiki costs no extra request.
    Redirects left behind by a move are not returned: they are no one's article.
    """
    wiki = session.code
    start, end = period
    until = min(now, end)
    all_ns = sorted(set(namespaces) | set(draft_namespaces))
    scans = store.user_scans(wiki, users)  # one query, not one per participant
    fresh = [u for u in users if not (u in scans and scans[u][0] <= start)]
    dirty: set[int] = set()
    hints: dict[int, set[int]] = {}  # page -> revisions known to be on it (and their parents)
    full: set[int] = set()  # pages a log entry touched: their whole history is read
    if changes is None:  # no recent-changes cursor (first run, or too old): read everyone,
        # and re-read what we knew of them (deletions show in no contributions), except the
        # users whose contributions this run read already (for another contest, or all
        # contests at once: :func:`bot.run.prefetch.prefetch_articles`).
        fresh = [u for u in users if (wiki, u, start) not in stats.scanned]
        dirty |= store.users_pageids(wiki, fresh)
    if fresh and start < until:
        contribs = session.contributions(fresh, start, until, all_ns)
        stats.contributions += len(contribs)
        dirty |= {c.pageid for c in contribs}
        for c in contribs:
            hints.setdefault(c.pageid, set()).update((c.revid, c.parentid))
        if draft_namespaces:
            # Drafts moved in during the period: the move is their creation. Recorded, not
            # read: a page is read once a participant's edit makes it theirs.
            _record_moves(store, wiki, session.moves(draft_namespaces, start, until),
                          article_namespaces=namespaces, draft_namespaces=draft_namespaces)
    if changes is not None:
        # Revisions the store already holds were read before (the poll overlaps the last run
        # a little, for edits saved late): they make no page dirty again.
        known = store.known_revids(wiki, [e.revid for e in changes.entries if e.type in ("edit", "new")])
        changes = WikiChanges([e for e in changes.entries if e.type not in ("edit", "new") or e.revid not in known])
        userset = set(users)
        for e in changes.by_users(userset, set(all_ns)):
            if start <= e.timestamp < end:
                dirty.add(e.pageid)
        moves = changes.moves(wiki)
        # Only the pages the changes name are looked up (not every page the store tracks:
        # a programme of many contests calls this once per contest and wiki).
        touched = {e.pageid for e in changes.entries if e.pageid} | {m.pageid for m in moves}
        read = {row.pageid: row for row in store.pages(wiki, touched) if _was_read(row)}
        for e in changes.entries:
            if e.pageid in read:
                dirty.add(e.pageid)
            elif not e.pageid:  # log entries of deleted pages may carry no id
                dirty |= {row.pageid for row in store.pages_by_title(wiki, e.title) if _was_read(row)}
            if e.type in ("edit", "new") and e.pageid:
                hints.setdefault(e.pageid, set()).update((e.revid, e.old_revid))
            elif e.type == "log" and e.logtype != "move" and e.pageid in read:
                full.add(e.pageid)
        _record_moves(store, wiki, moves, article_namespaces=namespaces, draft_namespaces=draft_namespaces)
        dirty |= {m.pageid for m in moves if m.pageid in read}
    _record_deleted(session, store, stats.deletions.get(wiki, ()), users=set(users), period=(start, end),
                    namespaces=set(namespaces), stats=stats)
    # A page read earlier in this run is current: another contest's sync needs no second read.
    dirty -= {pid for w, pid in stats.read if w == wiki}
    store.mark_dirty(wiki, dirty)
    if fresh:  # only now: killed before the pages were marked, the next run lists them again
        store.set_user_scans(wiki, fresh, start, now)
        stats.scanned.update((wiki, u, start) for u in fresh)
    refresh_pages(session, store, stats=stats, now=now, since=start, hints=hints, full=full)



def _record_deleted(
    session: WikiSession,
    store: Store,
    deletions: Sequence[RCEntry],
    *,
    users: set[str],
    period: tuple[datetime, datetime],
    namespaces: set[int],
    stats: SyncStats,
) -> None:
    """Articles created and deleted since the last run (contract section 2, issue 17).

    Deleting a page takes its edits out of recent changes; only the deletion log entry
    stays, with the page's id and title (:func:`bot.run.poll.poll` keeps them in
    ``stats.deletions``, also when the run reads everything: contributions do not show
    deleted revisions either). For the pages the store never read, their
    deleted revisions (50 titles a request, once a run, where the account has the
    ``deletedhistory`` right) say who wrote them: a page a participant edited in the
    period is stored as deleted, with those revisions, and drops out with ``deleted``.
    Without the right, the pages are counted in ``stats.deleted_unreadable``.
    """
    wiki = session.code
    gone = {e.pageid: e for e in deletions if e.ns in namespaces and store.page(wiki, e.pageid) is None}
    todo = {pid: e for pid, e in gone.items() if (wiki, pid) not in stats.deleted}
    if todo:
        if not session.can_read_deleted():
            stats.deleted_unreadable[wiki] = len(gone)
            return
        found = session.deleted_revisions([e.title for e in todo.values()])
        for pid, e in todo.items():
            # A title deleted twice holds both pages' revisions: those up to this deletion.
            stats.deleted[(wiki, pid)] = tuple(r for r in found.get(e.title, ()) if r.timestamp <= e.timestamp)
    start, end = period
    for pid, e in gone.items():
        revs = stats.deleted.get((wiki, pid), ())
        if not any(r.user in users and start <= r.timestamp < end for r in revs):
            continue
        sizes = {r.revid: r.size for r in revs}
        store.save_revisions([
            Edit(wiki=wiki, revid=r.revid, parentid=r.parentid, pageid=pid, user=r.user, timestamp=r.timestamp,
                 size=r.size, parent_size=sizes.get(r.parentid, 0), sha1=r.sha1, tags=r.tags)
            for r in revs
        ])
        store.save_page(PageRow(
            wiki=wiki, pageid=pid, title=e.title, ns=e.ns, redirect=False, deleted=True,
            created=revs[0].timestamp, created_by=revs[0].user, entered_main=None, langlinks=(),
            wikidata=None, categories=(), last_revid=revs[-1].revid, dirty=False, moves=()))



def _was_read(row: PageRow) -> bool:
    """Read from the wiki at least once (a row holding only a recorded move was not)."""
    return bool(row.last_revid or row.deleted or row.dirty)


def participants_pages(
    store: Store, wiki: str, users: Iterable[str], *, article_namespaces: Sequence[int]
) -> set[int]:
    """Pages the users have revisions on, without the redirects their moves left behind
    and without deleted pages that were never articles.

    A move leaves a redirect at the old title, saved by the mover at the move: it shows
    in the mover's contributions, but it is not an article anyone wrote (contract §2:
    redirects are never entries). A page that later became a redirect (a merge) stays,
    so its author sees why it does not score. A draft deleted before it was moved in
    (a user's sandbox) was never an article either, so it gets no "deleted" row.
    """
    rows = store.pages(wiki, store.users_pageids(wiki, users))
    moved_away: dict[str, list[datetime]] = {}
    for row in rows:
        for m in row.moves:
            moved_away.setdefault(m["from_title"], []).append(datetime.fromisoformat(m["timestamp"]))
    return {
        row.pageid
        for row in rows
        if not (row.deleted and row.ns not in article_namespaces)
        and not (
            row.redirect
            and row.created is not None
            and any(abs(row.created - t) <= MOVE_SLACK for t in moved_away.get(row.title, ()))
        )
    }


def _record_moves(
    store: Store,
    wiki: str,
    moves: Sequence[Move],
    *,
    article_namespaces: Sequence[int],
    draft_namespaces: Sequence[int],
) -> None:
    """Remember the moves of known pages, and of drafts moved into the article namespace.

    Any other move on the wiki is none of the bot's business: recording it would make
    the bot read (and later re-read) pages nobody in a contest touched. A draft moved in
    gets a row holding only the move, not read until a participant edits the page.
    """
    for m in moves:
        row = store.page(wiki, m.pageid)
        if row is None:
            if not (m.from_ns in draft_namespaces and m.to_ns in article_namespaces):
                continue
            row = PageRow(wiki=wiki, pageid=m.pageid, title=m.to_title, ns=m.to_ns, redirect=False,
                          deleted=False, created=None, created_by="", entered_main=None, langlinks=(),
                          wikidata=None, categories=(), last_revid=0, dirty=False, moves=())
        rec = move_record(m)
        if not any(d["timestamp"] == rec["timestamp"] and d["to_title"] == rec["to_title"] for d in row.moves):
            store.save_page(replace(row, moves=(*row.moves, rec)))


def measure_revisions(
    session: WikiSession,
    store: Store,
    revids: Iterable[int],
    *,
    file_namespaces: Iterable[str],
    category_namespaces: Iterable[str],
    stats: SyncStats,
) -> None:
    """Fetch and measure the revisions that have no current figures, as many a request as
    the account may ask for, the next answer read while this one is measured."""
    wiki = session.code
    wanted = sorted(set(r for r in revids if r))
    have = store.figures(wiki, wanted, MEASURE_VERSION)
    missing = [r for r in wanted if r not in have]
    fns, cns = list(file_namespaces), list(category_namespaces)
    with store.batch():
        for got in session.revisions_by_id_chunks(missing, content=True):
            stats.texts += len(got.texts)
            store.save_figures(
                wiki,
                {rid: figures(t, file_namespaces=fns, category_namespaces=cns) for rid, t in got.texts.items()},
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

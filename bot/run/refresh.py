"""Re-reading the pages a run found dirty, in batches (issue 16).

Page facts (title, namespace, redirect, latest revision, language links, Wikidata item)
come 500 pages a request (50 without ``apihighlimits``). A page's history is the chain
of parents from its latest revision back to its creation (:mod:`bot.chain`): the
revisions the store holds, plus those the sync names (the participants' revisions and
their parents, from contributions or recent changes), read by id across pages with
their text, which is measured at once (each text is read once: the store keeps the
figures). A page's whole history (one request for that page) is read only where the
chain cannot decide (:func:`_needs_history` and the comments below say why, case by case).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.article import awaiting_revert_tag
from bot.chain import BROKEN, chain, missing_link
from bot.counted import RESTORE_TAGS
from bot.measure import MEASURE_VERSION, figures
from bot.model import Edit, Figures, Move
from bot.records import PageDetails, PageRow, RCEntry, RevMeta
from bot.store import Store
from bot.wiki import WikiSession

log = logging.getLogger(__name__)

MOVE_SLACK = timedelta(seconds=1)
"""A move's log entry, null revision and redirect are saved within this of each other."""


@dataclass
class SyncStats:
    """Counts of one run's reads, and the pages already read in it (wiki, pageid)."""

    contributions: int = 0
    pages: int = 0
    texts: int = 0
    read: set[tuple[str, int]] = field(default_factory=set)
    scanned: set[tuple[str, str, datetime]] = field(default_factory=set)  # (wiki, user, from) listed this run
    #: Deleted pages whose deleted revisions this run read (wiki, pageid) -> them (issue 17).
    deleted: dict[tuple[str, int], tuple[RevMeta, ...]] = field(default_factory=dict)
    #: Per wiki, the page deletions recent changes showed since the last run (issue 17).
    deletions: dict[str, list[RCEntry]] = field(default_factory=dict)
    #: Wikis where deleted pages were seen but the account may not read deleted revisions.
    deleted_unreadable: dict[str, int] = field(default_factory=dict)


def move_record(m: Move) -> dict[str, Any]:
    return {"timestamp": m.timestamp.isoformat(), "user": m.user, "from_title": m.from_title,
            "to_title": m.to_title, "from_ns": m.from_ns, "to_ns": m.to_ns}

PARENT_ROUNDS = 3
"""Rounds of batched parent look-ups before a page's whole history is read instead."""


def refresh_pages(
    session: WikiSession,
    store: Store,
    *,
    stats: SyncStats,
    now: datetime | None = None,
    since: datetime | None = None,
    hints: dict[int, set[int]] | None = None,
    full: set[int] | None = None,
) -> None:
    """Re-read every dirty page: its facts batched, its history from revisions read by id.

    Page facts (title, namespace, redirect, latest revision, language links, Wikidata
    item) come in one request for 500 pages (50 without ``apihighlimits``). The history
    is the chain of parents from the latest revision back to the creation
    (:mod:`bot.chain`): the revisions the store holds, plus those ``hints`` names (the
    participants' revisions and their parents, from contributions or recent changes),
    read by id across pages with their text, which is measured at once (each text is
    read once: the store keeps the figures). Links still missing are asked for in up to
    :data:`PARENT_ROUNDS` more batched rounds.

    A page's whole history is read (one request for that page) only where the chain
    cannot tell (:func:`_needs_history` says why for each case), or where it is still
    incomplete after those rounds (a long history of other people's edits: reading it
    whole is then cheaper than walking it).

    Moves the bot has not heard of are found from the null revision a move leaves
    (see :func:`_unheard_moves`). A page whose undo of an earlier edit still waits for
    ``mw-reverted`` (see :func:`awaiting_revert_tag`) stays dirty, so the next run reads
    its history again.
    """
    wiki = session.code
    todo = [pid for pid in store.dirty_pages(wiki) if (wiki, pid) not in stats.read]
    if not todo:
        return
    with store.batch():  # thousands of rows on a first run: one commit, not one per row
        _refresh(session, store, todo, stats=stats, now=now, since=since, hints=hints or {}, full=full or set())


def _refresh(session: WikiSession, store: Store, todo: list[int], *, stats: SyncStats, now: datetime | None,
             since: datetime | None, hints: dict[int, set[int]], full: set[int]) -> None:
    """:func:`refresh_pages` of the dirty pages ``todo``."""
    wiki = session.code
    facts = session.page_facts(todo)
    stats.pages += len(todo)
    rows = {row.pageid: row for row in store.pages(wiki, todo)}
    known: dict[int, dict[int, RevMeta]] = {}
    stored_ids: dict[int, set[int]] = {}
    whole: dict[int, str] = {}  # page -> why its whole history is read
    read = _Reads()  # what is stored, written together at the end
    for pid in todo:
        stats.read.add((wiki, pid))
        f, row = facts[pid], rows[pid]
        if not f.exists:
            read.pages.append(replace(row, deleted=True, dirty=False))
            continue
        stored = {e.revid: RevMeta(revid=e.revid, parentid=e.parentid, user=e.user, timestamp=e.timestamp,
                                   size=e.size, sha1=e.sha1, tags=e.tags) for e in store.page_edits(wiki, pid)}
        why = _needs_history(row, stored, forced=pid in full, now=now)
        if why:
            whole[pid] = why
            continue
        known[pid] = {**stored, **({f.top.revid: f.top} if f.top else {})}
        stored_ids[pid] = set(stored)
    nss = session.namespaces()
    measured: dict[int, Figures] = {}  # saved once the revisions they belong to are stored
    # The hinted revisions are read with their text even when the facts gave their metadata
    # (the latest revision): their figures are needed, and the text comes in the same request.
    pending = {pid: {r for r in hints.get(pid, ()) if r and r not in stored_ids[pid]} for pid in known}
    for _ in range(1 + PARENT_ROUNDS):
        for pid in known:
            link = missing_link(known[pid], facts[pid].lastrevid)
            if link == BROKEN:
                whole[pid] = "its chain of parent revisions loops"
            elif link is not None:
                pending[pid].add(link)
        for pid in whole:
            known.pop(pid, None)
        owner = {r: pid for pid, ids in pending.items() if pid in known for r in ids}
        if not owner:
            break
        gone: set[int] = set()
        # One answer at a time, the next one read while this one's texts are measured;
        # only the figures are kept.
        for got in session.revisions_by_id_chunks(owner, content=True):
            measured.update(_measure(got.texts, nss.file, nss.category))
            stats.texts += len(got.texts)
            for rid, meta in got.meta.items():
                pid = owner[rid]
                if got.pages.get(rid) != pid:  # a revision of this page now belongs to another (a merge)
                    whole[pid] = "one of its revisions now belongs to another page (merged histories)"
                known.get(pid, {})[rid] = meta
            gone |= got.missing
        for rid in sorted(gone):
            whole[owner[rid]] = "a revision of its chain is gone (deleted or hidden)"
        pending = {pid: set() for pid in known}
    for pid, revs in known.items():
        if pid in whole:
            continue
        if missing_link(revs, facts[pid].lastrevid) is not None:
            whole[pid] = f"its history is longer than {PARENT_ROUNDS} rounds of parent look-ups"
            continue
        ordered = tuple(revs[r] for r in chain(revs, facts[pid].lastrevid))
        if any(RESTORE_TAGS.intersection(r.tags) for r in ordered if r.revid > rows[pid].last_revid
               and rows[pid].last_revid):
            # A revert saved since the last read tags the edit it reverted (``mw-reverted``),
            # an older revision, without a new revision of its own: only the history shows it.
            whole[pid] = "a revert since the last read may have tagged an older revision"
            continue
        f = facts[pid]
        _save_read(session, read, rows[pid], PageDetails(
            pageid=pid, exists=True, title=f.title, ns=f.ns, redirect=f.redirect, lastrevid=f.lastrevid,
            revisions=ordered, langlinks=f.langlinks, wikidata=f.wikidata), now=now, since=since)
    for pid, why in sorted(whole.items()):
        log.debug("%s: reading the whole history of page %d: %s", wiki, pid, why)
        d = session.page_details(pid)
        if not d.exists:
            read.pages.append(replace(rows[pid], deleted=True, dirty=False))
            continue
        _save_read(session, read, rows[pid], d, now=now, since=since)
    store.save_revisions(read.edits)
    store.save_pages(read.pages)
    store.save_figures(wiki, measured, MEASURE_VERSION)


@dataclass
class _Reads:
    """The rows one refresh stores: revisions first, then the pages, then the figures."""

    edits: list[Edit] = field(default_factory=list)
    pages: list[PageRow] = field(default_factory=list)


def _needs_history(row: PageRow, stored: dict[int, RevMeta], *, forced: bool, now: datetime | None) -> str:
    """Why this page's whole history must be read, or "" when revisions by id will do."""
    if forced:
        # A log entry touched it (revision deletion, protection, import...): such changes
        # alter old revisions (a hidden user or sha1) without saving a new one.
        return "a log entry changed it since the last read"
    if row.deleted:
        return "it was deleted and is back: which revisions came back only its history says"
    if now is not None and stored and awaiting_revert_tag(tuple(stored.values()), now):
        return "an undo still waits for mw-reverted on an older revision"
    return ""


def _save_read(session: WikiSession, read: _Reads, row: PageRow, d: PageDetails, *,
               now: datetime | None, since: datetime | None) -> None:
    """What one read of a page found, to store: its revisions and its row."""
    wiki = session.code
    sizes = {r.revid: r.size for r in d.revisions}
    read.edits.extend(
        Edit(wiki=wiki, revid=r.revid, parentid=r.parentid, pageid=d.pageid, user=r.user,
             timestamp=r.timestamp, size=r.size, parent_size=sizes.get(r.parentid, 0),
             sha1=r.sha1, tags=r.tags)
        for r in d.revisions
    )
    moves = row.moves + _unheard_moves(session, row, d, since)
    first = d.revisions[0] if d.revisions else None
    read.pages.append(
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
            dirty=now is not None and awaiting_revert_tag(d.revisions, now),
            moves=moves,
        )
    )


def _measure(texts: dict[int, str], file_namespaces: Iterable[str],
             category_namespaces: Iterable[str]) -> dict[int, Figures]:
    """Measure texts just read; only their figures are kept (memory stays flat)."""
    fns, cns = list(file_namespaces), list(category_namespaces)
    return {rid: figures(t, file_namespaces=fns, category_namespaces=cns) for rid, t in texts.items()}


def _unheard_moves(
    session: WikiSession, row: PageRow, d: PageDetails, since: datetime | None
) -> tuple[dict[str, Any], ...]:
    """Moves of the page behind null revisions the bot sees for the first time.

    MediaWiki saves a null revision (same text, same sha1) on the moved page; protection
    does too, so the move log is asked, for the seconds around that revision only.
    """
    known = [datetime.fromisoformat(m["timestamp"]) for m in row.moves]
    by_id = {r.revid: r for r in d.revisions}
    found: list[dict[str, Any]] = []
    for r in d.revisions:
        parent = by_id.get(r.parentid)
        if (
            r.revid <= row.last_revid
            or (since is not None and r.timestamp < since)
            or parent is None
            or not r.sha1
            or (r.sha1, r.size) != (parent.sha1, parent.size)
            or any(abs(t - r.timestamp) <= MOVE_SLACK for t in known)
        ):
            continue
        for m in session.moves(None, r.timestamp - MOVE_SLACK, r.timestamp + MOVE_SLACK):
            if m.pageid == row.pageid:
                found.append(move_record(m))
                known.append(m.timestamp)
    return tuple(found)

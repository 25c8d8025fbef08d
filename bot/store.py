"""The bot's memory in SQLite: the only module that imports sqlite_utils.

It keeps what was fetched and what was derived from it, so that a run fetches only
what is new: the recent-changes cursor per wiki, how far each participant's
contributions were read, the revisions of tracked articles with their figures
(tagged with ``measure_version`` so a fix to the measure recomputes them), the trust
ledgers of each contest's pages, and a hash of every page the bot wrote (a page is
only edited when its content changes). Schema changes are sqlite-utils migrations.

``Store.open(path, simulate=True)`` works on an in-memory copy: a simulated run
leaves the database file exactly as it was (or absent).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.model import Edit, Figures
from bot.records import NoticeRow, PageRow
from bot.store_schema import MIGRATIONS, edit_row, from_iso, page_row, to_iso

#: Every column of a page row and of a revision (``timestamp`` fifth), as :meth:`Store.articles_state` hashes them.
_PAGE_COLUMNS = ("pageid, title, ns, redirect, deleted, created, created_by, entered_main, langlinks, wikidata, "
                 "categories, last_revid, dirty, moves")
_REVISION_COLUMNS = ("pageid, revid, parentid, user, timestamp, size, parent_size, sha1, tags, words, refs, images, "
                     "measure_version")

migrations = Migrations("editathon")
for _migration in MIGRATIONS:
    migrations()(_migration)


T = TypeVar("T")
IN_LIMIT = 500  # values in one ``in (...)``: SQLite caps a statement's parameters (999 in older builds)


def in_chunks(values: Sequence[T]) -> Iterator[tuple[Sequence[T], str]]:
    """``values`` in pieces of at most :data:`IN_LIMIT`, each with its ``?`` placeholders for
    ``in (...)``: one query a piece, not one per row."""
    for i in range(0, len(values), IN_LIMIT):
        piece = values[i : i + IN_LIMIT]
        yield piece, ",".join("?" * len(piece))


class Store:
    """Small named queries over the bot's SQLite database."""

    def __init__(self, db: Database, *, simulate: bool = False) -> None:
        self.db = db
        self.simulate = simulate

    @staticmethod
    def open(path: Path, *, simulate: bool = False) -> Store:
        """Open (and migrate) the database; with ``simulate`` an in-memory copy."""
        if simulate:
            conn = sqlite3.connect(":memory:")
            if path.exists():
                src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                src.backup(conn)
                src.close()
            db = Database(conn)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = Database(path)
            db.execute("PRAGMA journal_mode=WAL")
        migrations.apply(db)
        return Store(db, simulate=simulate)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Every write inside goes to disk in one commit, at the end (also when an exception
        ends the block: what was written stays written, as without the block).

        Each write on its own is a commit, and each commit waits for the disk (a few
        milliseconds): a first run that stores thousands of pages, revisions and figures
        spent most of its sync in them. A process killed inside the block keeps none of its
        writes, as if killed before it; callers order their writes so that this is safe.
        Nested blocks are part of the outer one.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    # ----------------------------------------------------------------- sync cursors

    def rc_cursor(self, wiki: str) -> tuple[datetime | None, set[int]]:
        row = self._get("wiki_sync", wiki)
        if not row:
            return None, set()
        return from_iso(row["rc_timestamp"]), set(json.loads(row["rc_seen"] or "[]"))

    def set_rc_cursor(self, wiki: str, ts: datetime, seen: Iterable[int]) -> None:
        self.db.table("wiki_sync").upsert(
            {"wiki": wiki, "rc_timestamp": to_iso(ts), "rc_seen": json.dumps(sorted(seen))},
            pk="wiki",
        )

    def edit_count(self, wiki: str) -> int | None:
        row = self._get("wiki_sync", wiki)
        return int(row["edit_count"]) if row and row.get("edit_count") is not None else None

    def set_edit_count(self, wiki: str, count: int) -> None:
        if self._get("wiki_sync", wiki):
            self.db.table("wiki_sync").update(wiki, {"edit_count": count})

    def user_scan(self, wiki: str, user: str) -> tuple[datetime, datetime] | None:
        row = self._get("user_scans", (wiki, user))
        if not row:
            return None
        a, b = from_iso(row["scanned_from"]), from_iso(row["scanned_until"])
        return (a, b) if a and b else None

    def user_scans(self, wiki: str, users: Iterable[str]) -> dict[str, tuple[datetime, datetime]]:
        """:meth:`user_scan` of many users at once (one query a 500 users)."""
        names = sorted(set(users))
        out: dict[str, tuple[datetime, datetime]] = {}
        for chunk, marks in in_chunks(names):
            for user, a, b in self.db.execute(
                f"select user, scanned_from, scanned_until from user_scans where wiki = ? and user in ({marks})",
                [wiki, *chunk],
            ):
                start, until = from_iso(a), from_iso(b)
                if start and until:
                    out[user] = (start, until)
        return out

    def set_user_scans(self, wiki: str, users: Iterable[str], since: datetime, until: datetime) -> None:
        self.db.table("user_scans").upsert_all(
            [
                {"wiki": wiki, "user": u, "scanned_from": to_iso(since), "scanned_until": to_iso(until)}
                for u in users
            ],
            pk=("wiki", "user"),
        )

    def extend_user_scans(self, wiki: str, until: datetime) -> None:
        """Recent changes up to ``until`` were read: every scanned user is current."""
        self.db.execute(
            "update user_scans set scanned_until = ? where wiki = ? and scanned_until < ?",
            [to_iso(until), wiki, to_iso(until)],
        )

    # ----------------------------------------------------------------- contests and ledgers

    def known_contests(self, wiki: str) -> list[str]:
        return [
            r["title"]
            for r in self.db.table("contests").rows_where("wiki = ? and gone = 0", [wiki], order_by="title")
        ]

    def add_contest(self, wiki: str, title: str, now: datetime) -> None:
        if not self._get("contests", (wiki, title)):
            self.db.table("contests").insert(
                {"wiki": wiki, "title": title, "first_seen": to_iso(now), "last_revids": "{}", "gone": 0},
                pk=("wiki", "title"),
            )

    def set_contest_gone(self, wiki: str, title: str, gone: bool) -> None:
        self.db.table("contests").update((wiki, title), {"gone": int(gone)})

    def contest_revids(self, wiki: str, title: str) -> dict[str, int]:
        row = self._get("contests", (wiki, title))
        return dict(json.loads(row["last_revids"])) if row else {}

    def set_contest_revids(self, wiki: str, title: str, revids: dict[str, int]) -> None:
        self.db.table("contests").update((wiki, title), {"last_revids": json.dumps(revids, sort_keys=True)})

    def ledger(self, wiki: str, title: str, name: str) -> dict[str, Any] | None:
        row = self._get("ledgers", (wiki, title, name))
        return json.loads(row["data"]) if row else None

    def set_ledger(self, wiki: str, title: str, name: str, data: dict[str, Any]) -> None:
        self.db.table("ledgers").upsert(
            {"wiki": wiki, "title": title, "name": name, "data": json.dumps(data, sort_keys=True)},
            pk=("wiki", "title", "name"),
        )

    # ----------------------------------------------------------------- pages and revisions

    def page(self, wiki: str, pageid: int) -> PageRow | None:
        row = self._get("pages", (wiki, pageid))
        return page_row(row) if row else None

    def pages(self, wiki: str, pageids: Iterable[int]) -> list[PageRow]:
        ids = sorted(set(pageids))
        out: list[PageRow] = []
        for chunk, marks in in_chunks(ids):
            out.extend(
                page_row(r)
                for r in self.db.table("pages").rows_where(f"wiki = ? and pageid in ({marks})", [wiki, *chunk])
            )
        return out

    def pages_by_title(self, wiki: str, title: str) -> list[PageRow]:
        """Every page row with this title (a moved page and the redirect left at its old title)."""
        return [page_row(r) for r in self.db.table("pages").rows_where("wiki = ? and title = ?", [wiki, title])]

    def page_by_title(self, wiki: str, title: str) -> PageRow | None:
        rows = list(self.db.table("pages").rows_where("wiki = ? and title = ?", [wiki, title], limit=1))
        return page_row(rows[0]) if rows else None

    def dirty_pages(self, wiki: str) -> list[int]:
        return [r["pageid"] for r in self.db.table("pages").rows_where("wiki = ? and dirty = 1", [wiki])]

    def mark_dirty(self, wiki: str, pageids: Iterable[int]) -> None:
        """Mark pages to be read again; a page the store has no row of gets an empty one."""
        ids = sorted(set(pageids))
        with self.batch():
            for chunk, marks in in_chunks(ids):
                self.db.execute(f"update pages set dirty = 1 where wiki = ? and pageid in ({marks})", [wiki, *chunk])
                have = {r[0] for r in self.db.execute(
                    f"select pageid from pages where wiki = ? and pageid in ({marks})", [wiki, *chunk])}
                new = [{"wiki": wiki, "pageid": pid, "title": "", "ns": 0, "redirect": 0, "deleted": 0,
                        "created": None, "created_by": "", "entered_main": None, "langlinks": "[]",
                        "wikidata": None, "categories": "[]", "last_revid": 0, "dirty": 1, "moves": "[]"}
                       for pid in chunk if pid not in have]
                if new:
                    self.db.table("pages").insert_all(new, pk=("wiki", "pageid"))

    def save_page(self, row: PageRow) -> None:
        self.save_pages([row])

    def save_pages(self, rows: Iterable[PageRow]) -> None:
        """:meth:`save_page` of many pages, in one statement a few hundred rows."""
        self.db.table("pages").upsert_all(
            [{
                "wiki": row.wiki,
                "pageid": row.pageid,
                "title": row.title,
                "ns": row.ns,
                "redirect": int(row.redirect),
                "deleted": int(row.deleted),
                "created": to_iso(row.created),
                "created_by": row.created_by,
                "entered_main": to_iso(row.entered_main),
                "langlinks": json.dumps([list(x) for x in row.langlinks]),
                "wikidata": row.wikidata,
                "categories": json.dumps(list(row.categories)),
                "last_revid": row.last_revid,
                "dirty": int(row.dirty),
                "moves": json.dumps(list(row.moves)),
            } for row in rows],
            pk=("wiki", "pageid"),
        )

    def tracked_pageids(self, wiki: str) -> set[int]:
        return {r["pageid"] for r in self.db.query("select pageid from pages where wiki = ?", [wiki])}

    def save_revisions(self, edits: Iterable[Edit]) -> None:
        rows = []
        for e in edits:
            rows.append(
                {
                    "wiki": e.wiki,
                    "revid": e.revid,
                    "pageid": e.pageid,
                    "parentid": e.parentid,
                    "user": e.user,
                    "timestamp": to_iso(e.timestamp),
                    "size": e.size,
                    "parent_size": e.parent_size,
                    "sha1": e.sha1,
                    "tags": json.dumps(list(e.tags)),
                }
            )
        if rows:
            self.db.table("revisions").upsert_all(rows, pk=("wiki", "revid"), alter=False)

    def save_figures(self, wiki: str, figures: dict[int, Figures], measure_version: int) -> None:
        with self.batch():
            self.db.conn.executemany(
                "update revisions set words = ?, refs = ?, images = ?, measure_version = ? "
                "where wiki = ? and revid = ?",
                [(f.words, f.references, f.images, measure_version, wiki, revid) for revid, f in figures.items()],
            )

    def figures(self, wiki: str, revids: Iterable[int], measure_version: int) -> dict[int, Figures]:
        ids = sorted(set(revids))
        out: dict[int, Figures] = {}
        for chunk, marks in in_chunks(ids):
            for r in self.db.query(
                f"select revid, words, refs, images from revisions where wiki = ? and measure_version = ? "
                f"and revid in ({marks})",
                [wiki, measure_version, *chunk],
            ):
                out[r["revid"]] = Figures(r["words"] or 0, r["refs"] or 0, r["images"] or 0)
        return out

    def known_revids(self, wiki: str, revids: Iterable[int]) -> set[int]:
        """Which of these revisions the store already holds."""
        ids = sorted(set(revids))
        out: set[int] = set()
        for chunk, marks in in_chunks(ids):
            out |= {r["revid"] for r in self.db.query(
                f"select revid from revisions where wiki = ? and revid in ({marks})", [wiki, *chunk])}
        return out

    def page_edits(self, wiki: str, pageid: int) -> list[Edit]:
        return [edit_row(r) for r in self.db.query(
            "select * from revisions where wiki = ? and pageid = ? order by revid", [wiki, pageid]
        )]

    def users_pageids(self, wiki: str, users: Iterable[str]) -> set[int]:
        """The pages any of ``users`` has revisions on (one index lookup a 500 users)."""
        names = sorted(set(users))
        out: set[int] = set()
        for chunk, marks in in_chunks(names):
            out |= {r[0] for r in self.db.execute(
                # Named: for a few users the planner may otherwise walk the wiki's revisions in
                # page order to save the DISTINCT a sort.
                f"select distinct pageid from revisions indexed by idx_revisions_wiki_user_pageid "
                f"where wiki = ? and user in ({marks})", [wiki, *chunk])}
        return out

    def iter_user_pageids(self, wiki: str, user: str) -> Iterator[int]:
        for r in self.db.query(
            "select distinct pageid from revisions where wiki = ? and user = ?", [wiki, user]
        ):
            yield r["pageid"]

    def articles_state(self, wiki: str, users: Iterable[str], now: datetime) -> tuple[str, int]:
        """A digest of every stored row of the pages ``users`` have revisions on, with all
        their revisions (anyone's, tags and figures included), and how many of those
        revisions are dated at or after ``now``.

        What a contest's scoring reads of its participants' articles, as one value
        (:mod:`bot.fingerprint`): any change the sync makes to those rows changes it.
        Two index lookups a 500 users or pages; no row is turned into a record.
        """
        ids = sorted(self.users_pageids(wiki, users))
        pages: list[tuple[Any, ...]] = []
        revs: list[tuple[Any, ...]] = []
        for part, marks in in_chunks(ids):
            pages += self.db.execute(
                f"select {_PAGE_COLUMNS} from pages where wiki = ? and pageid in ({marks})", [wiki, *part]).fetchall()
            revs += self.db.execute(
                f"select {_REVISION_COLUMNS} from revisions where wiki = ? and pageid in ({marks})",
                [wiki, *part]).fetchall()
        pages.sort()
        revs.sort()
        h = hashlib.sha256()
        h.update(repr(pages).encode("utf-8"))
        h.update(repr(revs).encode("utf-8"))
        at = to_iso(now) or ""
        later = sum(1 for r in revs if str(r[4]) >= at)
        return h.hexdigest(), later

    # ----------------------------------------------------------------- writes and registrations

    def written(self, wiki: str, title: str) -> tuple[str, int] | None:
        row = self._get("written", (wiki, title))
        return (row["sha256"], row["revid"]) if row else None

    def written_titles(self, wiki: str) -> set[str]:
        """Every page the bot writes on ``wiki`` (leaderboards, queues, status pages)."""
        return set(self.written_revids(wiki))

    def written_revids(self, wiki: str) -> dict[str, int]:
        """Every page the bot writes on ``wiki`` -> the revision of its last save (one query)."""
        return {r["title"]: r["revid"] for r in self.db.query("select title, revid from written where wiki = ?",
                                                              [wiki])}

    def set_written(self, wiki: str, title: str, sha256: str, revid: int, now: datetime) -> None:
        self.db.table("written").upsert(
            {"wiki": wiki, "title": title, "sha256": sha256, "revid": revid, "written_at": to_iso(now)},
            pk=("wiki", "title"),
        )

    def registrations(self, wiki: str, users: Iterable[str]) -> dict[str, datetime | None]:
        out: dict[str, datetime | None] = {}
        for u in set(users):
            row = self._get("registrations", (wiki, u))
            if row:
                out[u] = from_iso(row["registration"])
        return out

    def set_registrations(self, wiki: str, regs: dict[str, datetime | None]) -> None:
        self.db.table("registrations").upsert_all(
            [{"wiki": wiki, "user": u, "registration": to_iso(t)} for u, t in regs.items()],
            pk=("wiki", "user"),
        )

    def record_run(self, row: dict[str, Any]) -> None:
        self.db.table("runs").insert(row, pk="id")

    # ----------------------------------------------------------------- notices

    def notice_state(self, wiki: str, contest: str, user: str, kind: str, key: str) -> str | None:
        row = self._get("notices", (wiki, contest, user, kind, key))
        return row["state"] if row else None

    def set_notice_state(
        self, wiki: str, contest: str, user: str, kind: str, key: str, state: str, detail: str, now: datetime,
        *, attempts: int | None = None,
    ) -> None:
        """Record a notice's state (committed at once: ``intended`` must be on disk before the edit)."""
        row: dict[str, Any] = {"wiki": wiki, "contest": contest, "user": user, "kind": kind, "key": key,
                               "state": state, "detail": detail, "updated": to_iso(now)}
        if attempts is not None:
            row["attempts"] = attempts
        self.db.table("notices").upsert(row, pk=("wiki", "contest", "user", "kind", "key"))

    def contest_notices(self, wiki: str, contest: str) -> list[NoticeRow]:
        """Every notice recorded for a contest (one query), oldest change first."""
        return [
            NoticeRow(user=r["user"], kind=r["kind"], key=r["key"], state=r["state"], detail=r["detail"] or "",
                      attempts=r["attempts"] or 0)
            for r in self.db.query(
                "select * from notices where wiki = ? and contest = ? order by updated, user, kind, key",
                [wiki, contest])
        ]

    # ----------------------------------------------------------------- helpers

    def _get(self, table: str, pk: Any) -> dict[str, Any] | None:
        from sqlite_utils.db import NotFoundError

        try:
            return dict(self.db.table(table).get(pk))
        except NotFoundError:
            return None

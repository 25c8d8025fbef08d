"""The bot's database, as tables and rows: the migrations, and rows made records.

:mod:`bot.store` (the only module that imports sqlite_utils) applies
:data:`MIGRATIONS` in order, each once, and reads rows into the records of
:mod:`bot.records` and :mod:`bot.model` with :func:`page_row` and :func:`edit_row`.
A schema change is a new function at the end of :data:`MIGRATIONS` (never an edit
of one that has run somewhere).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.model import Edit, Figures
from bot.records import PageRow


def to_iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def from_iso(s: str | None) -> datetime | None:
    return datetime.fromisoformat(s) if s else None


def m001_initial(db: Any) -> None:
    db.table("wiki_sync").create(
        {"wiki": str, "rc_timestamp": str, "rc_seen": str}, pk="wiki", if_not_exists=True
    )
    db.table("contests").create(
        {"wiki": str, "title": str, "first_seen": str, "last_revids": str, "gone": int},
        pk=("wiki", "title"),
        if_not_exists=True,
    )
    db.table("ledgers").create(
        {"wiki": str, "title": str, "name": str, "data": str},
        pk=("wiki", "title", "name"),
        if_not_exists=True,
    )
    db.table("user_scans").create(
        {"wiki": str, "user": str, "scanned_from": str, "scanned_until": str},
        pk=("wiki", "user"),
        if_not_exists=True,
    )
    db.table("pages").create(
        {
            "wiki": str,
            "pageid": int,
            "title": str,
            "ns": int,
            "redirect": int,
            "deleted": int,
            "created": str,
            "created_by": str,
            "entered_main": str,
            "langlinks": str,
            "wikidata": str,
            "categories": str,
            "last_revid": int,
            "dirty": int,
            "moves": str,
        },
        pk=("wiki", "pageid"),
        if_not_exists=True,
    )
    db.table("revisions").create(
        {
            "wiki": str,
            "revid": int,
            "pageid": int,
            "parentid": int,
            "user": str,
            "timestamp": str,
            "size": int,
            "parent_size": int,
            "sha1": str,
            "tags": str,
            "words": int,
            "refs": int,
            "images": int,
            "measure_version": int,
        },
        pk=("wiki", "revid"),
        if_not_exists=True,
    )
    db.table("revisions").create_index(["wiki", "pageid"], if_not_exists=True)
    db.table("revisions").create_index(["wiki", "user"], if_not_exists=True)
    db.table("written").create(
        {"wiki": str, "title": str, "sha256": str, "revid": int, "written_at": str},
        pk=("wiki", "title"),
        if_not_exists=True,
    )
    db.table("registrations").create(
        {"wiki": str, "user": str, "registration": str}, pk=("wiki", "user"), if_not_exists=True
    )
    db.table("runs").create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "simulate": int,
            "requests": str,
            "edits": str,
            "contests": int,
            "entries": int,
        },
        pk="id",
        if_not_exists=True,
    )


def m002_notices(db: Any) -> None:
    db.table("notices").create(
        {
            "wiki": str,
            "contest": str,
            "user": str,
            "kind": str,
            "key": str,
            "state": str,  # intended | sent | skipped | failed
            "detail": str,
            "updated": str,
        },
        pk=("wiki", "contest", "user", "kind", "key"),
        if_not_exists=True,
    )


def m003_notice_attempts(db: Any) -> None:
    """How many times a notice was tried: a refused one is retried a few runs, not forever."""
    db.table("notices").add_column("attempts", int, not_null_default=0)


def m004_edit_count(db: Any) -> None:
    """The wiki's edit count at the last poll: a jump recent changes do not explain is an import."""
    db.table("wiki_sync").add_column("edit_count", int)


def m005_revision_indexes(db: Any) -> None:
    """Indexes the per-page and per-user reads use, in the order they read.

    With only ``(wiki, pageid)`` and ``(wiki, user)``, SQLite planned ``page_edits``
    (``... order by revid``) as a walk of every revision of the wiki in revid order, and
    ``iter_user_pageids`` through the page index: 5 ms a call, 86 s of a 105 s run at
    1,000 participants. ``(wiki, pageid, revid)`` serves the lookup and the order at once;
    ``(wiki, user, pageid)`` answers the user's pages from the index alone.
    """
    revisions = db.table("revisions")
    revisions.create_index(["wiki", "pageid", "revid"], if_not_exists=True)
    revisions.create_index(["wiki", "user", "pageid"], if_not_exists=True)
    db.execute("drop index if exists idx_revisions_wiki_pageid")
    db.execute("drop index if exists idx_revisions_wiki_user")


#: Every migration, in the order they apply; their names are recorded in the database.
MIGRATIONS: tuple[Callable[[Any], None], ...] = (
    m001_initial, m002_notices, m003_notice_attempts, m004_edit_count, m005_revision_indexes,
)


def page_row(r: dict[str, Any]) -> PageRow:
    return PageRow(
        wiki=r["wiki"],
        pageid=r["pageid"],
        title=r["title"] or "",
        ns=r["ns"] or 0,
        redirect=bool(r["redirect"]),
        deleted=bool(r["deleted"]),
        created=from_iso(r["created"]),
        created_by=r["created_by"] or "",
        entered_main=from_iso(r["entered_main"]),
        langlinks=tuple((a, b) for a, b in json.loads(r["langlinks"] or "[]")),
        wikidata=r["wikidata"],
        categories=tuple(json.loads(r["categories"] or "[]")),
        last_revid=r["last_revid"] or 0,
        dirty=bool(r["dirty"]),
        moves=tuple(json.loads(r["moves"] or "[]")),
    )

def edit_row(r: dict[str, Any]) -> Edit:
    fig = (
        Figures(r["words"] or 0, r["refs"] or 0, r["images"] or 0)
        if r["measure_version"] is not None
        else None
    )
    ts = from_iso(r["timestamp"])
    assert ts is not None
    return Edit(
        wiki=r["wiki"],
        revid=r["revid"],
        parentid=r["parentid"] or 0,
        pageid=r["pageid"],
        user=r["user"] or "",
        timestamp=ts,
        size=r["size"] or 0,
        parent_size=r["parent_size"] or 0,
        sha1=r["sha1"] or "",
        tags=tuple(json.loads(r["tags"] or "[]")),
        figures=fig,
    )

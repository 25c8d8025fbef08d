"""The store's per-page and per-user reads use an index (issue 16).

A run reads every article's revisions (``page_edits``) and every participant's pages
(``iter_user_pageids``). Planned as a walk of the whole table, a run with nothing new
took 97 s at 1,000 participants, 86 s of them in these two queries. The plan is what
matters, so the test records the SQL the store really runs and asks SQLite how it
plans it (``EXPLAIN QUERY PLAN``), and checks the answers too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.model import Edit
from bot.store import Store

T = datetime(2026, 11, 5, 12, tzinfo=UTC)


def edit(revid: int, pageid: int, user: str) -> Edit:
    return Edit(wiki="en", revid=revid, parentid=0, pageid=pageid, user=user, timestamp=T, size=revid,
                parent_size=0, sha1=f"s{revid}", tags=())


def plans_of(store: Store, call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``call``; return its result and the query plan of each SELECT it ran on revisions."""
    seen: list[str] = []
    conn = store.db.conn
    conn.set_trace_callback(seen.append)
    try:
        result = call()
        result = list(result) if not isinstance(result, list) else result
    finally:
        conn.set_trace_callback(None)
    plans = []
    for sql in seen:
        if sql.lstrip().lower().startswith("select") and ("from revisions" in sql.lower()
                                                          or "from pages" in sql.lower()):
            rows = conn.execute("explain query plan " + sql).fetchall()
            plans.append(" | ".join(str(r[3]) for r in rows))
    assert plans, f"no SELECT on revisions or pages seen in {seen}"
    return result, plans


def test_page_edits_and_user_pages_are_index_lookups(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "state.sqlite")
    try:
        # Revisions of 7 pages, saved out of revid order, by two users.
        store.save_revisions([edit(r, pageid=r % 7, user="A" if r % 2 else "B") for r in range(300, 0, -1)])

        got, plans = plans_of(store, lambda: store.page_edits("en", 3))
        assert [e.revid for e in got] == sorted(r for r in range(1, 301) if r % 7 == 3)
        for p in plans:
            assert "(wiki=? AND pageid=?)" in p, p  # a lookup of the page, not a walk of the wiki
            assert "TEMP B-TREE" not in p, p  # the index gives the revid order: no sort

        got, plans = plans_of(store, lambda: store.iter_user_pageids("en", "A"))
        assert sorted(got) == list(range(7))
        for p in plans:
            assert "COVERING INDEX" in p and "(wiki=? AND user=?)" in p, p

        assert sorted(store.iter_user_pageids("en", "B")) == list(range(7))

        got, plans = plans_of(store, lambda: sorted(store.users_pageids("en", ["A", "B", "Nobody"])))
        assert got == list(range(7))
        for p in plans:
            assert "COVERING INDEX" in p and "(wiki=? AND user=?)" in p, p
        assert list(store.iter_user_pageids("ru", "A")) == []
    finally:
        store.close()


def test_the_articles_state_of_a_contest_is_read_by_index(tmp_path: Path) -> None:
    """A run with nothing new compares each contest's articles with its last run
    (:meth:`Store.articles_state`): by index, or it would cost a walk of every revision
    per contest and wiki."""
    store = Store.open(tmp_path / "state.sqlite")
    try:
        store.save_revisions([edit(r, pageid=r % 7, user="A" if r % 2 else "B") for r in range(300, 0, -1)])
        store.mark_dirty("en", range(7))
        got, plans = plans_of(store, lambda: [store.articles_state("en", ["A"], T)])
        for p in plans:
            assert "SCAN" not in p.replace("COVERING INDEX", ""), p
            assert "USING" in p and "INDEX" in p, p
        (state, later), = got
        assert later == 300  # every revision is dated T: at or after now
        assert store.articles_state("en", ["A"], T + timedelta(seconds=1))[1] == 0
        store.save_revisions([edit(301, pageid=3, user="C")])  # someone else edits A's page
        assert store.articles_state("en", ["A"], T)[0] != state
        assert store.articles_state("en", ["A"], T + timedelta(seconds=1))[0] != state
    finally:
        store.close()

"""The store and its migrations, on in-memory (and small temporary) SQLite databases.

What the bot remembers between runs decides what it reads again and what it writes,
so each named query is checked as a round trip, and the migrations as an operator
meets them: a new database gets every table, and a database an older bot left
behind is brought up to date without losing a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot.model import Edit, Figures
from bot.records import PageRow
from bot.store import Store
from bot.store_schema import MIGRATIONS

T0 = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 6, 8, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A migrated store in memory (``simulate`` with no file: nothing on disk)."""
    s = Store.open(tmp_path / "absent.db", simulate=True)
    yield s
    s.close()
    assert not (tmp_path / "absent.db").exists()


def applied(path: Path) -> list[str]:
    db = Database(path)
    names = [r["name"] for r in db.table("_sqlite_migrations").rows_where(order_by="id")]
    db.close()
    return names


def test_a_new_database_gets_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store.open(path).close()
    Store.open(path).close()  # opening again applies nothing twice
    assert applied(path) == ["m001_initial", "m002_notices", "m003_notice_attempts", "m004_edit_count",
                             "m005_revision_indexes"]
    assert [m.__name__ for m in MIGRATIONS] == applied(path)
    db = Database(path)
    assert set(db.table_names()) >= {"wiki_sync", "contests", "ledgers", "user_scans", "pages", "revisions",
                                     "written", "registrations", "runs", "notices"}
    assert "attempts" in db.table("notices").columns_dict and "edit_count" in db.table("wiki_sync").columns_dict
    db.close()


def test_a_database_of_the_first_schema_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = Migrations("editathon")
    first()(MIGRATIONS[0])
    db = Database(path)
    first.apply(db)
    db.table("wiki_sync").insert({"wiki": "en", "rc_timestamp": T0.isoformat(), "rc_seen": "[7, 9]"})
    db.table("written").insert({"wiki": "en", "title": "P/Leaderboard", "sha256": "abc", "revid": 41,
                          "written_at": T0.isoformat()})
    db.close()
    assert applied(path) == ["m001_initial"]

    store = Store.open(path)
    assert store.rc_cursor("en") == (T0, {7, 9})
    assert store.written("en", "P/Leaderboard") == ("abc", 41)
    assert store.edit_count("en") is None  # the new column, empty for the old row
    store.set_edit_count("en", 1200)
    store.set_notice_state("en", "P", "Aigul", "welcome", "signup", "failed", "protected", T1, attempts=2)
    store.set_notice_state("en", "P", "Ilnur", "welcome", "signup", "sent", "revid 5", T1)
    assert store.edit_count("en") == 1200
    assert [(n.user, n.state, n.attempts) for n in store.contest_notices("en", "P")] == [
        ("Aigul", "failed", 2), ("Ilnur", "sent", 0)]
    store.close()
    assert applied(path) == [m.__name__ for m in MIGRATIONS]


def test_a_simulated_store_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    real = Store.open(path)
    real.set_written("en", "P/Queue", "one", 10, T0)
    real.close()
    copy = Store.open(path, simulate=True)
    assert copy.written("en", "P/Queue") == ("one", 10)  # it reads what the file holds
    copy.set_written("en", "P/Queue", "two", 11, T1)
    copy.set_ledger("en", "P", "contest", {"x": 1})
    copy.close()
    again = Store.open(path)
    assert again.written("en", "P/Queue") == ("one", 10)
    assert again.ledger("en", "P", "contest") is None
    again.close()


def test_recent_changes_cursor_and_edit_count(store: Store) -> None:
    assert store.rc_cursor("ru") == (None, set())
    store.set_edit_count("ru", 5)  # no cursor yet: nothing to attach the count to
    assert store.edit_count("ru") is None
    store.set_rc_cursor("ru", T0, [3, 1, 2])
    store.set_edit_count("ru", 5)
    store.set_rc_cursor("ru", T1, [4])
    assert store.rc_cursor("ru") == (T1, {4})
    assert store.edit_count("ru") == 5


def test_user_scans_extend_only_forward(store: Store) -> None:
    store.set_user_scans("tt", ["Alsu", "Marat"], T0, T0)
    store.extend_user_scans("tt", T1)
    assert store.user_scan("tt", "Alsu") == (T0, T1)
    store.extend_user_scans("tt", T0)  # an older time moves nothing back
    assert store.user_scan("tt", "Marat") == (T0, T1)
    assert store.user_scan("tt", "Nobody") is None


def test_contests_ledgers_and_revids(store: Store) -> None:
    store.add_contest("en", "P/B", T0)
    store.add_contest("en", "P/A", T0)
    store.add_contest("en", "P/A", T1)  # known already: first_seen stays
    store.set_contest_gone("en", "P/B", True)
    assert store.known_contests("en") == ["P/A"]
    store.set_contest_revids("en", "P/A", {"P/A": 5, "P/A/Jury": 0})
    assert store.contest_revids("en", "P/A") == {"P/A": 5, "P/A/Jury": 0}
    assert store.contest_revids("en", "P/Unknown") == {}
    store.set_ledger("en", "P/A", "jury", {"last_seen": 9, "edits": []})
    assert store.ledger("en", "P/A", "jury") == {"edits": [], "last_seen": 9}
    assert store.ledger("en", "P/A", "signups") is None


def test_pages_revisions_and_figures_of_one_measure_version(store: Store) -> None:
    row = PageRow(wiki="ru", pageid=12, title="Казань", ns=0, redirect=False, deleted=False, created=T0,
                  created_by="Alsu", entered_main=None, langlinks=(("tt", "Казан"),), wikidata="Q900",
                  categories=("Города",), last_revid=101, dirty=False,
                  moves=({"timestamp": T0.isoformat(), "user": "Alsu", "from_title": "Черновик:Казань",
                          "to_title": "Казань", "from_ns": 118, "to_ns": 0},))
    store.save_page(row)
    assert store.page("ru", 12) == row
    assert store.page_by_title("ru", "Казань") == row
    store.mark_dirty("ru", [12, 13])
    assert sorted(store.dirty_pages("ru")) == [12, 13]
    assert store.page("ru", 13) is not None and store.page("ru", 13).title == ""  # type: ignore[union-attr]
    assert store.tracked_pageids("ru") == {12, 13}

    edits = [Edit(wiki="ru", revid=100, parentid=0, pageid=12, user="Alsu", timestamp=T0, size=3000,
                  parent_size=0, sha1="a", tags=()),
             Edit(wiki="ru", revid=101, parentid=100, pageid=12, user="Marat", timestamp=T1, size=3500,
                  parent_size=3000, sha1="b", tags=("mw-undo",))]
    store.save_revisions(edits)
    assert [e.revid for e in store.page_edits("ru", 12)] == [100, 101]
    assert store.page_edits("ru", 12)[1].tags == ("mw-undo",)
    assert store.known_revids("ru", [100, 101, 102]) == {100, 101}
    assert sorted(store.iter_user_pageids("ru", "Marat")) == [12]
    store.save_figures("ru", {100: Figures(400, 3, 1)}, measure_version=2)
    assert store.figures("ru", [100, 101], 2) == {100: Figures(400, 3, 1)}
    assert store.figures("ru", [100], 3) == {}  # another measure version: to measure again
    assert store.page_edits("ru", 12)[0].figures == Figures(400, 3, 1)


def test_written_pages_and_registrations(store: Store) -> None:
    store.set_written("tt", "P/Leaderboard", "d1", 7, T0)
    store.set_written("tt", "P/Leaderboard", "d2", 8, T1)
    assert store.written("tt", "P/Leaderboard") == ("d2", 8)
    assert store.written_titles("tt") == {"P/Leaderboard"}
    store.set_registrations("tt", {"Alsu": T0, "Old": None})
    assert store.registrations("tt", ["Alsu", "Old", "Unknown"]) == {"Alsu": T0, "Old": None}


def _commits(path: Path) -> tuple[Store, list[str]]:
    """A store on disk, and the COMMITs its connection sends (each waits for the disk)."""
    s = Store.open(path)
    sent: list[str] = []
    s.db.conn.set_trace_callback(lambda sql: sent.append(sql) if sql.strip().upper() == "COMMIT" else None)
    return s, sent


def test_a_batch_of_writes_is_one_commit_and_stays_written_after_an_error(tmp_path: Path) -> None:
    s, commits = _commits(tmp_path / "state.db")
    rows = [PageRow(wiki="en", pageid=p, title=f"A {p}", ns=0, redirect=False, deleted=False, created=T0,
                    created_by="Alsu", entered_main=None, langlinks=(), wikidata=None, categories=(),
                    last_revid=p * 10, dirty=False, moves=()) for p in range(1, 301)]
    edits = [Edit(wiki="en", revid=p * 10, parentid=0, pageid=p, user="Alsu", timestamp=T0, size=100,
                  parent_size=0, sha1=str(p), tags=()) for p in range(1, 301)]
    with pytest.raises(RuntimeError), s.batch():
        s.mark_dirty("en", range(1, 301))
        s.save_revisions(edits)
        s.save_pages(rows)
        s.save_figures("en", {e.revid: Figures(e.pageid, 1, 0) for e in edits}, measure_version=2)
        with s.batch():  # nested: part of the outer one
            s.save_page(rows[0])
        raise RuntimeError("a wiki stopped answering")
    assert len(commits) == 1
    s.close()
    again = Store.open(tmp_path / "state.db")  # what the next run finds
    assert again.figures("en", [3000], 2) == {3000: Figures(300, 1, 0)}
    assert again.page("en", 300) == rows[-1]
    again.close()


def test_marking_many_pages_dirty_is_one_commit(tmp_path: Path) -> None:
    s, commits = _commits(tmp_path / "state.db")
    s.save_page(PageRow(wiki="en", pageid=7, title="Kept", ns=0, redirect=False, deleted=False, created=T0,
                        created_by="Alsu", entered_main=None, langlinks=(), wikidata=None, categories=(),
                        last_revid=70, dirty=False, moves=()))
    commits.clear()
    s.mark_dirty("en", range(1, 1201))
    assert len(commits) == 1
    assert len(s.dirty_pages("en")) == 1200
    assert s.page("en", 7).title == "Kept"  # type: ignore[union-attr]
    s.close()

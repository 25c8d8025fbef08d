"""Which contest pages a run may take as unchanged from recent changes alone (issue 16).

A run with nothing new asks the wiki for nothing but recent changes: a contest page whose
latest revision the store holds is settled when no newer edit and no log entry names it. A
page the store found missing (an umbrella's signup page, a queue an umbrella never writes)
is settled the same way: it is still missing unless recent changes show it created,
undeleted, imported or moved there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.records import RCEntry
from bot.run.prefetch import unchanged_pages
from bot.run.sync import WikiChanges

WHEN = datetime(2026, 12, 6, tzinfo=UTC)


def rc(title: str, type_: str = "edit", revid: int = 0, **log: Any) -> RCEntry:
    return RCEntry(rcid=revid or 1, type=type_, ns=4, title=title, pageid=1, revid=revid, old_revid=0, user="U",
                   timestamp=WHEN, oldlen=0, newlen=1, sha1="", tags=(), **log)


def test_pages_untouched_since_the_store_read_them_are_settled() -> None:
    changes = WikiChanges([rc("P/B", revid=12), rc("Elsewhere", revid=13)])
    known = {"P": 5, "P/B": 12, "P/Jury": 7}
    assert unchanged_pages(changes, ["P", "P/B", "P/Jury", "P/Unknown"], known) == known


def test_a_page_edited_since_is_asked_for() -> None:
    changes = WikiChanges([rc("P/Jury", revid=9)])
    assert unchanged_pages(changes, ["P/Jury"], {"P/Jury": 7}) == {}


def test_a_page_missing_last_time_stays_missing_until_recent_changes_show_it_created() -> None:
    known = {"U/Participants": 0, "U/Queue": 0}
    assert unchanged_pages(WikiChanges([]), list(known), known) == known
    created = WikiChanges([rc("U/Participants", "new", revid=20)])
    assert unchanged_pages(created, list(known), known) == {"U/Queue": 0}


def test_a_page_named_by_a_log_entry_is_asked_for() -> None:
    known = {"U/Participants": 0, "U/Jury": 0, "P": 5}
    changes = WikiChanges([
        rc("U/Participants", "log", logtype="delete", logaction="restore"),  # undeleted
        rc("Old name", "log", logtype="move", logaction="move", logparams={"target_title": "U/Jury"}),
        rc("P", "log", logtype="protect", logaction="protect"),
    ])
    assert unchanged_pages(changes, list(known), known) == {}

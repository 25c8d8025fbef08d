"""The orchestrator's pure decisions, on plain values."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import Topic, Worklist
from bot.records import RCEntry
from bot.run.poll import unseen_revisions
from bot.run.scope import split_only
from bot.topics import merge_worklists

T = datetime(2026, 11, 5, tzinfo=UTC)


def rc(type_: str, logtype: str = "") -> RCEntry:
    return RCEntry(rcid=1, type=type_, ns=0, title="X", pageid=1, revid=1, old_revid=0, user="A",
                   timestamp=T, oldlen=0, newlen=1, sha1="", tags=(), logtype=logtype)


def test_an_import_is_told_from_ordinary_activity_by_the_edit_count() -> None:
    ordinary = [rc("edit"), rc("new"), rc("log", "move"), rc("log", "newusers")]
    assert not unseen_revisions(100, 104, ordinary)  # 2 + a move's null revision and redirect
    assert unseen_revisions(100, 103, [rc("log", "newusers"), rc("log", "newusers")])  # imported
    assert not unseen_revisions(None, 500, [])  # no baseline yet: nothing to compare
    assert not unseen_revisions(100, 100, [])


def test_contest_option_names_a_wiki_only_with_a_known_prefix() -> None:
    wikis = frozenset({"en", "ru", "tt"})
    assert split_only("tt:Project:Editathon/X", wikis) == ("tt", "Project:Editathon/X")
    assert split_only("Project:Editathon/X", wikis) == (None, "Project:Editathon/X")
    assert split_only(None, wikis) == (None, None)


def test_umbrella_topics_join_a_contest_worklist_after_its_own() -> None:
    own = Worklist((Topic("en:A", (("en", "A"),)),))
    general = [Topic("en:A", (("en", "A"),)), Topic("en:B", (("en", "B"), ("tt", "Б")))]
    merged = merge_worklists(own, general)
    assert [t.key for t in merged.topics] == ["en:A", "en:B"]

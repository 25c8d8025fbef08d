"""The publisher's rules for one run, on a stand-in wiki session and an in-memory store.

The real-wiki tests show what a saved page looks like; these pin the publisher's own
decisions, which no page shows directly: one save per page per run, no edit for an
unchanged page, nothing sent in a simulated run, a refused or oversized page reported
as a failure and never as done.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from bot.run.context import RunContext, RunSummary
from bot.run.publisher import Publisher
from bot.store import Store
from bot.wiki import PageExists, SaveRefused, WikiSession

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class StandInSession:
    """What the publisher asks of a wiki session, answered from a dict of pages."""

    code = "en"

    def __init__(self, *, limit: int = 2_097_152, refuse: str | None = None) -> None:
        self.pages: dict[str, tuple[str, int]] = {}
        self.saves: list[str] = []
        self.reads: list[str] = []
        self.limit = limit
        self.refuse = refuse

    def stop_notice(self, ahead: list[str] | None = None) -> tuple[str, str] | None:
        return None

    def page_text(self, title: str) -> tuple[str, int] | None:
        self.reads.append(title)
        return self.pages.get(title)

    def max_page_bytes(self) -> int:
        return self.limit

    def save(self, title: str, text: str, summary: str, createonly: bool = False) -> int:
        if self.refuse:
            raise SaveRefused(self.refuse)
        if createonly and title in self.pages:
            raise PageExists(f"{title} exists already")
        self.saves.append(title)
        revid = 100 + len(self.saves)
        self.pages[title] = (text, revid)
        return revid


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "absent.db", simulate=True)  # in memory
    yield s
    s.close()


def publisher(store: Store, *, simulate: bool = False) -> Publisher:
    cfg = cast(Any, type("Cfg", (), {"username": "EditathonBot"})())
    ctx = RunContext(cfg=cfg, store=store, wikis=cast(Any, None), now=NOW, simulate=simulate,
                     progress=lambda s: None, summary=RunSummary(started=NOW, simulate=simulate))
    return Publisher(ctx)


def as_session(s: StandInSession) -> WikiSession:
    return cast(WikiSession, s)


def test_a_page_is_saved_at_most_once_in_a_run(store: Store) -> None:
    wiki = StandInSession()
    pub = publisher(store)
    assert pub.save_page(as_session(wiki), "Project:X/Leaderboard", "first", "s", 0) == 1
    assert pub.save_page(as_session(wiki), "Project:X/Leaderboard", "second", "s", None) == 0
    assert wiki.saves == ["Project:X/Leaderboard"]
    assert wiki.pages["Project:X/Leaderboard"][0] == "first"


def test_an_unchanged_page_is_no_edit_in_the_next_run(store: Store) -> None:
    wiki = StandInSession()
    assert publisher(store).save_page(as_session(wiki), "P", "same text", "s", 0) == 1
    assert publisher(store).save_page(as_session(wiki), "P", "same text", "s", None) == 0
    assert publisher(store).save_page(as_session(wiki), "P", "new text", "s", None) == 1
    assert wiki.saves == ["P", "P"]


def test_a_simulated_run_sends_nothing_and_records_the_diff(store: Store) -> None:
    wiki = StandInSession()
    pub = publisher(store, simulate=True)
    assert pub.save_page(as_session(wiki), "P", "would be\n", "s", 0) == 0
    assert wiki.saves == []
    assert store.written("en", "P") is None
    assert "+would be" in pub.ctx.summary.diffs[0]


def test_a_refused_save_is_a_failure_not_done(store: Store) -> None:
    wiki = StandInSession(refuse="protectedpage: This page has been protected")
    pub = publisher(store)
    assert pub.save_page(as_session(wiki), "P", "text", "s", 0) == 0
    assert pub.refusal("en", "P") == "protectedpage: This page has been protected"
    assert pub.ctx.summary.refused == ["en:P: protectedpage: This page has been protected"]
    assert not pub.ctx.summary.ok
    assert store.written("en", "P") is None  # tried again next run


def test_a_page_over_the_size_limit_is_never_sent(store: Store) -> None:
    wiki = StandInSession(limit=10)
    pub = publisher(store)
    assert pub.save_page(as_session(wiki), "P", "x" * 11, "s", 0) == 0
    assert wiki.saves == []
    assert pub.refusal("en", "P") == "11 bytes, over the wiki's size limit of 10"


def parts_publisher(store: Store, *, simulate: bool = False) -> Publisher:
    """A publisher whose configuration names the wiki's language (for the unused-part note)."""
    wiki_cfg = type("WikiCfg", (), {"language": "en"})()
    cfg = cast(Any, type("Cfg", (), {"username": "EditathonBot", "docs_page": "Project:Editathon Bot",
                                     "wikis": {"en": wiki_cfg}})())
    ctx = RunContext(cfg=cfg, store=store, wikis=cast(Any, None), now=NOW, simulate=simulate,
                     progress=lambda s: None, summary=RunSummary(started=NOW, simulate=simulate))
    return Publisher(ctx)


def test_parts_are_saved_the_page_last_and_unused_parts_are_emptied_once(store: Store) -> None:
    from bot.model import SubpageNames
    from bot.run.publisher import contest_parts

    wiki = StandInSession()
    board = "Project:X/Leaderboard"
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["one", "two", "three"], "s", {}) == 3
    assert wiki.saves == [f"{board}/3", f"{board}/2", board]  # the parts exist when the page links them
    assert contest_parts(store, "en", SubpageNames.defaults("Project:X")) == [f"{board}/2", f"{board}/3"]

    revids = {t: rev for t, (_, rev) in wiki.pages.items()}
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["small"], "s", revids) == 3
    for title in (f"{board}/2", f"{board}/3"):
        text = wiki.pages[title][0]
        assert "no longer used" in text and "two" not in text and "three" not in text
    revids = {t: rev for t, (_, rev) in wiki.pages.items()}
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["small"], "s", revids) == 0  # no edit

    # A part deleted since (its latest revision 0) is not created again just to say it is unused.
    wiki.pages.pop(f"{board}/3")
    revids = {**revids, f"{board}/3": 0}
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["other"], "s", revids) == 1  # the page
    assert f"{board}/3" not in wiki.pages


def test_a_simulated_run_records_no_parts(store: Store) -> None:
    from bot.run.publisher import known_parts

    wiki = StandInSession()
    parts_publisher(store, simulate=True).save_parts(as_session(wiki), "B/Leaderboard", ["a", "b"], "s", {})
    assert wiki.saves == [] and known_parts(store, "en", "B/Leaderboard") == []


def test_a_new_part_is_saved_without_a_read_and_one_made_by_hand_is_read_and_overwritten(store: Store) -> None:
    """A first run's parts (and a page grown by a part) are pages the bot never wrote and
    the contest pages' read did not name: saved with ``createonly``, not read first (one
    request each saved). A part someone made by hand meanwhile is refused as existing:
    then it is read and overwritten like any hand edit of a bot page."""
    wiki = StandInSession()
    board = "Project:X/Leaderboard"
    wiki.pages[f"{board}/3"] = ("pasted by hand", 7)
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["one", "two", "three"], "s",
                                             {board: 0}) == 3
    assert wiki.reads == [f"{board}/3"]  # only the part that was there: /2 and the page were not read
    assert [wiki.pages[t][0] for t in (board, f"{board}/2", f"{board}/3")] == ["one", "two", "three"]

    # The page grows by a part later: the known parts are read as the run knows them, the new one is not.
    wiki.reads.clear()
    revids = {t: rev for t, (_, rev) in wiki.pages.items()}
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["1", "2", "3", "4"], "s", revids) == 4
    assert wiki.reads == [] and wiki.pages[f"{board}/4"][0] == "4"

    # Made by hand with the very text the bot would write: no edit, and the bot's record is that revision.
    wiki.pages[f"{board}/5"] = ("5", 9)
    revids = {t: rev for t, (_, rev) in wiki.pages.items() if not t.endswith("/5")}
    assert parts_publisher(store).save_parts(as_session(wiki), board, ["1", "2", "3", "4", "5"], "s",
                                             revids) == 0
    assert store.written("en", f"{board}/5") is not None

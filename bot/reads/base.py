"""What every read of a wiki stands on: the session's hooks, the errors, API timestamps.

:class:`ReadsBase` names what :class:`bot.wiki.WikiSession` implements with pywikibot
(``query``, ``normalize``, the account's limits) and the state the reads of one run share
(the latest revisions read ahead); the read mixins of :mod:`bot.reads` build on it and
:class:`bot.wiki_reads.WikiReads` composes them. The helpers at the end turn one revision
of an API answer into the records of :mod:`bot.model` and :mod:`bot.records`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bot.model import PageRevision
from bot.records import RevMeta

BATCH = 50
HIGH_BATCH = 500  # with the apihighlimits right (the bot group's)


class WikiError(Exception):
    """A wiki could not be read or written; the message says which and why."""


class SaveRefused(WikiError):
    """The wiki refused an edit for a reason a person must look at (protection, block...)."""


class PageExists(WikiError):
    """A save with ``createonly`` found the page there already (``articleexists``)."""


def ts(value: str) -> datetime:
    """API timestamp ('2026-11-05T12:00:00Z') -> aware UTC datetime.

    ``fromisoformat`` reads the API's form some fifty times faster than ``strptime`` (a first
    run reads tens of thousands of them); anything else goes to ``strptime``, which says
    what is wrong with it."""
    if len(value) == 20 and value[10] == "T" and value[19] == "Z":
        return datetime.fromisoformat(value)
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def api_ts(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReadsBase:
    """The hooks every read of one wiki goes through (implemented by the session)."""

    edit_count: int | None  # the wiki's edit count, read with recent changes
    _admins: frozenset[str] | None
    username: str

    @property
    def code(self) -> str:
        raise NotImplementedError

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def normalize(self, title: str) -> str:
        raise NotImplementedError

    def split_prefix(self, prefix: str) -> tuple[int, str]:
        raise NotImplementedError

    def high_limits(self) -> bool:
        """Whether reads may carry 500 values a request (``apihighlimits``); the session
        logs in to find out. Without a session that can, 50."""
        return False

    def batch_for(self, items: int) -> int:
        """Values a request may carry (users, page ids, revision ids) for ``items`` to read.

        50 for anyone; 500 for an account with ``apihighlimits`` (the bot group has it). The
        bot reads without logging in, so only a read of more than 50 items logs in first
        (:meth:`high_limits`); a run with little to read never logs in for it.
        """
        if items <= BATCH:
            return BATCH
        return HIGH_BATCH if self.high_limits() else BATCH

    _latest: dict[str, int] | None = None  # titles asked for ahead, across contests
    _ahead: dict[str, PageRevision] | None = None  # their latest revisions with text, where asked

    def logged_in(self) -> bool:
        """Whether this session has logged in already (then reads use the account's limits)."""
        return False

    def can_read_deleted(self) -> bool:
        """Whether the account may read deleted revisions (``deletedhistory``); the session
        logs in to find out. Without a session that can, False."""
        return False


_RVPROP_TEXT = "ids|user|timestamp|content|comment"  # a revision as the trust ledgers fold it


def _page_revision(r: dict[str, Any]) -> PageRevision:
    slots = r.get("slots", {})
    text = slots["main"].get("content", "") if "main" in slots and not slots["main"].get("texthidden") else None
    return PageRevision(revid=int(r["revid"]), parentid=int(r.get("parentid", 0)), user=r.get("user", ""),
                        timestamp=ts(r["timestamp"]), text=text, comment=r.get("comment", ""))


def _rev_meta(r: dict[str, Any]) -> RevMeta:
    return RevMeta(
        revid=int(r["revid"]),
        parentid=int(r.get("parentid", 0)),
        user=r.get("user", ""),
        timestamp=ts(r["timestamp"]),
        size=int(r.get("size", 0)),
        sha1=r.get("sha1", "") or "",
        tags=tuple(r.get("tags", [])),
    )


def _title_map(q: dict[str, Any]) -> dict[str, list[str]]:
    """Map normalized/redirected titles back to the titles asked for."""
    back: dict[str, list[str]] = {}
    for n in q.get("normalized", []):
        back.setdefault(n["to"], []).append(n["from"])
    return back

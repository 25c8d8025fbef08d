"""Revisions as the ledgers see them: which ones are new, and how to keep a mark of one.

Every ledger is folded incrementally: the bot hands over only the revisions fetched
since its last run, but a retry may hand over some twice. :func:`new_revisions` makes a
fold idempotent by keeping only revisions above the ledger's ``last_seen`` revid, in
revid order (timestamps tie within a second; revids never do).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.model import PageRevision
from bot.trust.users import user_key


def new_revisions(revisions: Iterable[PageRevision], last_seen: int) -> list[PageRevision]:
    """Revisions newer than ``last_seen``, oldest first by revid, each revid once."""
    seen: dict[int, PageRevision] = {}
    for rev in revisions:
        if rev.revid > last_seen:
            seen.setdefault(rev.revid, rev)
    return [seen[r] for r in sorted(seen)]


def time_to_json(when: datetime) -> str:
    return when.isoformat()


def time_from_json(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class RevisionMark:
    """A revision a report points at: its id (for the diff link), author and time."""

    revid: int
    user: str
    timestamp: datetime

    @staticmethod
    def of(rev: PageRevision) -> RevisionMark:
        return RevisionMark(rev.revid, user_key(rev.user), rev.timestamp)

    def to_json(self) -> dict[str, Any]:
        return {"revid": self.revid, "user": self.user, "timestamp": time_to_json(self.timestamp)}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> RevisionMark:
        return RevisionMark(int(d["revid"]), str(d["user"]), time_from_json(d["timestamp"]))

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


# --------------------------------------------------------------------------- history gaps
@dataclass(frozen=True)
class GapMark:
    """A revision whose text the bot could not read: hidden by revision deletion, or
    missing (deleted, and left out when the page was undeleted). ``user`` is its author
    where the wiki still shows it, else "" (unknown)."""

    revid: int
    user: str = ""

    def to_json(self) -> list[Any]:
        return [self.revid, self.user]

    @staticmethod
    def from_json(d: Any) -> GapMark:
        return GapMark(int(d[0]), str(d[1]))


NOBODY = ""
"""The author of a change nobody can be proven to have made (see :func:`author_across`)."""


def gap_before(rev: PageRevision, last_seen: int, pending: tuple[GapMark, ...]) -> tuple[GapMark, ...]:
    """The unreadable revisions between the last one folded and ``rev``.

    ``pending`` are unreadable revisions already folded (text hidden) since the last
    readable one. A revision whose parent is not the last one folded follows revisions
    the bot never saw (a partial undelete, or a page deleted and created anew): one more
    gap, by an unknown author.
    """
    if rev.parentid != last_seen:
        return (*pending, GapMark(rev.parentid, NOBODY))
    return pending


def unreadable(rev: PageRevision) -> GapMark:
    """The mark of a revision whose text is hidden (its author may still be shown)."""
    return GapMark(rev.revid, user_key(rev.user))


def author_across(rev: PageRevision, gap: tuple[GapMark, ...]) -> str:
    """Who made the change from the last readable revision to ``rev``.

    Without a gap, ``rev``'s author. Across a gap, the change holds the unreadable
    revisions' changes too: it is ``rev``'s author's only if every revision in the gap is
    known to be theirs; otherwise it is nobody's (:data:`NOBODY`): unproven, never trusted.
    A revision whose author is hidden is nobody's as well.
    """
    user = user_key(rev.user)
    if not user or any(m.user != user for m in gap):
        return NOBODY
    return user

"""What the bot reads from a wiki, as API queries: the half of the wiki edge without pywikibot.

:class:`WikiReads` holds every read the bot makes (recent changes, histories,
contributions, page details, texts, moves, registrations, category trees), each
batched the way the API allows (50 users or revisions a request). It sends them
through ``query``, which :class:`bot.wiki.WikiSession` implements with pywikibot
(the only module that imports it); the reads only turn API answers into the
records of :mod:`bot.records`.

The reads are grouped by topic in :mod:`bot.reads` (what changed, pages as they are now,
histories, each a mixin over :class:`bot.reads.base.ReadsBase`) and composed here; the
names other modules import (the errors, ``ts``, ``read_ahead``, ``move_from_log``...) are
re-exported from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.reads.ahead import AHEAD, read_ahead
from bot.reads.base import BATCH, HIGH_BATCH, PageExists, SaveRefused, WikiError, api_ts, ts
from bot.reads.changes import ChangeReads, move_from_log
from bot.reads.histories import HistoryReads
from bot.reads.pages import PageReads

__all__ = [
    "AHEAD", "BATCH", "HIGH_BATCH", "PageExists", "SaveRefused", "WikiError", "WikiReads", "api_ts",
    "move_from_log", "read_ahead", "ts",
]


class WikiReads(ChangeReads, PageReads, HistoryReads):
    """Every read of one wiki, over :meth:`query` (implemented by the session)."""

    # ------------------------------------------------------------ site facts

    def admins(self) -> frozenset[str]:
        if self._admins is None:
            names: set[str] = set()
            for q in self.query(list="allusers", augroup="sysop", aulimit="max"):
                names.update(u["name"] for u in q.get("allusers", []))
            self._admins = frozenset(names)
        return self._admins

    # ------------------------------------------------------------ the stop page

    def stopped(self) -> bool:
        """True when User:BOTNAME/Stop holds any text: no edit on this wiki then."""
        return self.stop_notice() is not None

    def stop_notice(self, ahead: Sequence[str] = ()) -> tuple[str, str] | None:
        """(who, since when) when User:BOTNAME/Stop holds text, else None; one request.

        "Since" is the time of the stop page's latest revision, the one that holds the text.
        ``ahead``: pages about to be written whose latest text the caller will read next
        (:meth:`page_text`): they come in the same request.
        """
        stop = f"User:{self.username}/Stop"
        self.forget_latest(stop)  # read afresh: someone may have written it since
        self.prefetch_latest([stop, *ahead], text=True)
        got = self.page_text(stop)
        if got is None or not got[0].strip():
            return None
        rev = (self._ahead or {})[stop]
        return rev.user, api_ts(rev.timestamp)

"""Reads of page histories with text, one API answer at a time.

A contest's own pages (signups, jury, worklist) are read through their whole history so
the trust ledgers can fold who added what; a long history is handed over one answer at a
time and never held whole, and a page whose latest revision read ahead is all that is new
costs no request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.model import PageHistory, PageRevision
from bot.reads.base import _RVPROP_TEXT, ReadsBase, WikiError, _page_revision


class HistoryReads(ReadsBase):
    """Histories with text: whole (:meth:`history`) or one answer at a time."""

    def history(self, title: str, *, after_revid: int = 0) -> PageHistory:
        """Revisions of ``title`` newer than ``after_revid``, with text, oldest first."""
        chunks = list(self.history_chunks(title, after_revid=after_revid))
        revs = sorted((r for c in chunks for r in c.revisions), key=lambda r: r.revid)
        creator = revs[0].user if revs and revs[0].parentid == 0 else None
        return PageHistory(wiki=self.code, title=title, revisions=tuple(revs),
                           exists=all(c.exists for c in chunks), creator=creator)

    def history_chunks(self, title: str, *, after_revid: int = 0) -> Iterator[PageHistory]:
        """Revisions of ``title`` newer than ``after_revid``, with text, oldest first: one
        :class:`PageHistory` per API answer, so a long history is folded as it arrives
        instead of held whole (a signup page's history grows with the square of its
        signups: 70 MB of text at 1,200). A read from the beginning uses the account's
        limit (500 revisions a request with ``apihighlimits``, not 50). When the page's
        latest revision read ahead in this run is all that is new (:meth:`_history_ahead`),
        nothing is asked."""
        ahead = self._history_ahead(title, after_revid)
        if ahead is not None:
            yield ahead
            return
        params: dict[str, Any] = {
            "prop": "revisions",
            "titles": title,
            "rvprop": _RVPROP_TEXT,
            "rvslots": "main",
            "rvdir": "newer",
            "rvlimit": "max",
        }
        if after_revid:
            params["rvstartid"] = after_revid + 1
        else:
            self.high_limits()
        answers = self.query(**params)
        try:
            first = next(answers, None)
        except WikiError as exc:
            if not after_revid or getattr(exc.__cause__, "code", "") != "badid_rvstartid":
                raise
            # The next id does not exist (a deleted or never-saved revision): start at the last
            # one seen, which does; the ledgers skip the revisions they already folded.
            params["rvstartid"] = after_revid
            answers = self.query(**params)
            first = next(answers, None)
        # Only one answer is alive at a time: each is turned into its revisions and let go
        # before the next is asked for (an answer of a long signup history is up to the
        # API's 8 MiB of text; holding the last one while the next arrives doubled that).
        answer = first
        del first
        while answer is not None:
            chunk = self._history_chunk(title, answer)
            del answer
            yield chunk
            del chunk
            answer = next(answers, None)

    def _history_chunk(self, title: str, q: dict[str, Any]) -> PageHistory:
        revs: list[PageRevision] = []
        exists = True
        for p in q.get("pages", []):
            if p.get("missing") or p.get("invalid"):
                exists = False
                continue
            revs.extend(_page_revision(r) for r in p.get("revisions", []))
        revs.sort(key=lambda r: r.revid)
        creator = revs[0].user if revs and revs[0].parentid == 0 else None
        return PageHistory(wiki=self.code, title=title, revisions=tuple(revs), exists=exists, creator=creator)

    def _history_ahead(self, title: str, after_revid: int) -> PageHistory | None:
        """The revisions of ``title`` newer than ``after_revid`` when the latest revision read
        ahead is all of them: it has no parent (the page's only revision), or its parent is
        ``after_revid`` (the one revision saved since the last fold). None: ask the wiki."""
        rev = (self._ahead or {}).get(title)
        if rev is None or rev.revid != (self._latest or {}).get(title):
            return None
        if rev.parentid == 0:
            revs: tuple[PageRevision, ...] = (rev,) if rev.revid > after_revid else ()
        elif after_revid and rev.parentid == after_revid:
            revs = (rev,)
        else:
            return None
        creator = rev.user if revs and rev.parentid == 0 else None
        return PageHistory(wiki=self.code, title=title, revisions=revs, exists=True, creator=creator)

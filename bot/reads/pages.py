"""Reads of pages as they are now: latest revisions and texts, page facts and details.

Latest revision ids and texts of many titles at once (read ahead across contests, so a
contest's own reads cost no request), a page's info, history metadata, language links and
Wikidata item (one page, or many batched), deleted revisions, and revisions by id with or
without text: each batched the way the API allows, the long ones sent ahead
(:func:`bot.reads.ahead.read_ahead`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from bot.model import PageRevision
from bot.reads.ahead import AHEAD, read_ahead
from bot.reads.base import (
    _RVPROP_TEXT,
    BATCH,
    HIGH_BATCH,
    ReadsBase,
    _page_revision,
    _rev_meta,
    _title_map,
)
from bot.records import PageDetails, PageFacts, RevisionsById, RevMeta


class PageReads(ReadsBase):
    """Latest revisions and texts, page facts and details, revisions by id."""

    def prefetch_latest(self, titles: Sequence[str], *, text: bool = False) -> None:
        """Ask for the latest revision of many titles at once (every known contest's pages),
        so each contest's :meth:`latest_revids` costs no request.

        With ``text`` the same request (``prop=info|revisions``) also brings each page's
        latest revision with its text and parent id: a page whose latest revision has no
        parent has no other revision, so its whole history is already read
        (:meth:`history_chunks` then asks nothing). That is how a first run reads the
        contest pages that have one revision (the contest page, a worklist) together.
        """
        titles = sorted(set(titles))
        if not text:
            self._latest = {**(self._latest or {}), **self.latest_revids(titles)}
            return
        latest: dict[str, int] = {}
        ahead: dict[str, PageRevision] = {}
        size = self.batch_for(len(titles))
        for i in range(0, len(titles), size):
            chunk = titles[i : i + size]
            for q in self.query(prop="info|revisions", titles="|".join(chunk), rvprop=_RVPROP_TEXT,
                                rvslots="main"):
                back = _title_map(q)
                for p in q.get("pages", []):
                    asked = back.get(p["title"], [p["title"]])
                    for t in asked:
                        if t not in latest or p.get("lastrevid"):  # continued answers repeat pages
                            latest[t] = 0 if p.get("missing") or p.get("invalid") else p.get("lastrevid", 0)
                    for r in p.get("revisions", []):
                        for t in asked:
                            ahead[t] = _page_revision(r)
        self._latest = {**(self._latest or {}), **latest}
        self._ahead = {**(self._ahead or {}), **ahead}

    def prefetch_texts(self, titles: Sequence[str]) -> None:
        """The latest revisions of ``titles`` with text and parent id, by revision id, many
        pages a request (their ids known ahead by :meth:`prefetch_latest`): a page edited
        once since the bot last folded it (the new revision's parent is the last one read)
        then needs no history read, nor does one with a single revision."""
        latest, ahead = self._latest or {}, self._ahead or {}
        want: dict[int, list[str]] = {}
        for t in set(titles):
            rid = latest.get(t, 0)
            if rid and (t not in ahead or ahead[t].revid != rid):
                want.setdefault(rid, []).append(t)
        ids = sorted(want)
        size = self.batch_for(len(ids))
        got: dict[str, PageRevision] = {}
        for i in range(0, len(ids), size):
            chunk = ids[i : i + size]
            for q in self.query(revids="|".join(map(str, chunk)), prop="revisions", rvprop=_RVPROP_TEXT,
                                rvslots="main"):
                for p in q.get("pages", []):
                    for r in p.get("revisions", []):
                        for t in want.get(int(r["revid"]), []):
                            got[t] = _page_revision(r)
        self._ahead = {**ahead, **got}

    def assume_latest(self, revids: dict[str, int]) -> None:
        """Latest revision ids known without asking (recent changes show the pages untouched
        since the store read them): :meth:`latest_revids` answers them without a request."""
        self._latest = {**(self._latest or {}), **revids}

    def known_latest(self, title: str) -> int | None:
        """The latest revision id of ``title`` read ahead in this run (0: missing), or None."""
        return (self._latest or {}).get(title)

    def forget_latest(self, title: str) -> None:
        """A page this run saved: its revision asked for ahead is no longer the latest."""
        if self._latest:
            self._latest.pop(title, None)
        if self._ahead:
            self._ahead.pop(title, None)

    def latest_revids(self, titles: Sequence[str]) -> dict[str, int]:
        """Current revision id of each title (0: missing), keyed by the titles given."""
        ahead = self._latest or {}
        out: dict[str, int] = {t: ahead[t] for t in titles if t in ahead}
        titles = [t for t in titles if t not in ahead]
        # 500 titles a request once the session has logged in anyway (a run with nothing new
        # never logs in: logging in for this read would cost more than it saves).
        size = HIGH_BATCH if len(titles) > BATCH and self.logged_in() and self.high_limits() else BATCH
        for i in range(0, len(titles), size):
            chunk = list(titles[i : i + size])
            for q in self.query(prop="info", titles="|".join(chunk)):
                back = _title_map(q)
                for p in q.get("pages", []):
                    rev = 0 if p.get("missing") or p.get("invalid") else p.get("lastrevid", 0)
                    for asked in back.get(p["title"], [p["title"]]):
                        out[asked] = rev
        return out

    def page_text(self, title: str) -> tuple[str, int] | None:
        """The latest text of ``title`` and its revision id (None: missing); no request when
        this run read it ahead (:meth:`prefetch_latest` with text)."""
        known = self.known_latest(title)
        if known == 0:
            return None
        rev = (self._ahead or {}).get(title)
        if known and rev is not None and rev.revid == known and rev.text is not None:
            return rev.text, rev.revid
        for q in self.query(prop="revisions", titles=title, rvprop="ids|content", rvslots="main"):
            for p in q.get("pages", []):
                if p.get("missing") or p.get("invalid"):
                    return None
                r = p["revisions"][0]
                return r["slots"]["main"].get("content", ""), r["revid"]
        return None

    def deleted_revisions(self, titles: Sequence[str]) -> dict[str, tuple[RevMeta, ...]]:
        """The deleted revisions of pages by title (issue 17: an article created and deleted
        between two runs), 50 titles a request; needs :meth:`can_read_deleted`."""
        out: dict[str, list[RevMeta]] = {}
        wanted = list(dict.fromkeys(titles))
        for i in range(0, len(wanted), BATCH):
            for q in self.query(prop="deletedrevisions", titles="|".join(wanted[i : i + BATCH]),
                                drvprop="ids|user|timestamp|size|sha1|tags", drvlimit="max"):
                for p in q.get("pages", []):
                    out.setdefault(p["title"], []).extend(_rev_meta(r) for r in p.get("deletedrevisions", []))
        return {t: tuple(sorted(revs, key=lambda r: r.revid)) for t, revs in out.items() if revs}

    def page_details(self, pageid: int) -> PageDetails:
        """A page's info, whole revision history (metadata), language links, Wikidata item."""
        revs: list[RevMeta] = []
        details: dict[str, Any] = {}
        langlinks: list[tuple[str, str]] = []
        for q in self.query(
            pageids=pageid,
            prop="info|revisions|langlinks|pageprops",
            rvprop="ids|user|timestamp|size|sha1|tags",
            rvdir="newer",
            rvlimit="max",
            lllimit="max",
            ppprop="wikibase_item",
        ):
            for p in q.get("pages", []):
                if p.get("missing") or p.get("invalid"):
                    return PageDetails(pageid=pageid, exists=False)
                details = details or p
                revs.extend(_rev_meta(r) for r in p.get("revisions", []))
                langlinks.extend((ll["lang"], ll["title"]) for ll in p.get("langlinks", []))
        if not details:
            return PageDetails(pageid=pageid, exists=False)
        revs.sort(key=lambda r: r.revid)
        return PageDetails(
            pageid=pageid,
            exists=True,
            title=details["title"],
            ns=details["ns"],
            redirect=bool(details.get("redirect")),
            lastrevid=details.get("lastrevid", 0),
            revisions=tuple(revs),
            langlinks=tuple(sorted(set(langlinks))),
            wikidata=(details.get("pageprops") or {}).get("wikibase_item"),
        )

    def page_facts(self, pageids: Sequence[int]) -> dict[int, PageFacts]:
        """Info, language links, Wikidata item and latest revision of many pages, batched.

        One request carries as many page ids as the account may send (:meth:`batch_for`);
        language links past ``lllimit`` come in continued answers, merged here. The requests
        go :data:`AHEAD` at a time (:func:`read_ahead`): the wiki's workers answer them at once.
        """
        ids = sorted(set(p for p in pageids if p))
        out: dict[int, PageFacts] = {}
        size = self.batch_for(len(ids))  # may log in: before the worker threads start
        for got in read_ahead([partial(self._facts_chunk, ids[i : i + size]) for i in range(0, len(ids), size)],
                              ahead=AHEAD):
            out.update(got)
        return out

    def _facts_chunk(self, chunk: Sequence[int]) -> dict[int, PageFacts]:
        """One request of :meth:`page_facts` (continued for language links)."""
        out: dict[int, PageFacts] = {}
        seen: dict[int, dict[str, Any]] = {}
        links: dict[int, set[tuple[str, str]]] = {}
        for q in self.query(
            pageids="|".join(map(str, chunk)),
            prop="info|revisions|langlinks|pageprops",
            rvprop="ids|user|timestamp|size|sha1|tags",
            lllimit="max",
            ppprop="wikibase_item",
        ):
            for p in q.get("pages", []):
                pid = int(p.get("pageid", 0))
                if p.get("missing") or p.get("invalid") or not pid:
                    continue
                seen.setdefault(pid, {}).update({k: v for k, v in p.items() if k not in ("langlinks",)})
                links.setdefault(pid, set()).update((ll["lang"], ll["title"]) for ll in p.get("langlinks", []))
        for pid in chunk:
            p = seen.get(pid)
            if p is None:
                out[pid] = PageFacts(pageid=pid, exists=False)
                continue
            revs = p.get("revisions") or []
            out[pid] = PageFacts(
                pageid=pid,
                exists=True,
                title=p["title"],
                ns=p["ns"],
                redirect=bool(p.get("redirect")),
                lastrevid=p.get("lastrevid", 0),
                top=_rev_meta(revs[0]) if revs else None,
                langlinks=tuple(sorted(links.get(pid, set()))),
                wikidata=(p.get("pageprops") or {}).get("wikibase_item"),
            )
        return out

    def revisions_by_id(self, revids: Iterable[int], *, content: bool) -> RevisionsById:
        """Metadata (and, with ``content``, text) of revisions of any pages, batched by id.

        Each answer holds as many ids as the account may send (:meth:`batch_for`); an answer
        cut short (text over the API's size cap) is continued. Ids the wiki does not have
        come back in ``missing``.
        """
        out = RevisionsById()
        for got in self.revisions_by_id_chunks(revids, content=content):
            out.pages.update(got.pages)
            out.meta.update(got.meta)
            out.texts.update(got.texts)
            out.missing.update(got.missing)
        return out

    def revisions_by_id_chunks(self, revids: Iterable[int], *, content: bool) -> Iterator[RevisionsById]:
        """:meth:`revisions_by_id`, one request's revisions at a time, the next requests
        (:data:`AHEAD`) sent while the caller works on these (:func:`read_ahead`): a
        first run reads thousands of texts and measures each, and the wiki then prepares the
        next answers meanwhile instead of waiting for the bot. The caller sends no other
        request while it iterates.
        """
        ids = sorted(set(r for r in revids if r))
        size = self.batch_for(len(ids))  # may log in: before the worker thread starts
        yield from read_ahead([partial(self._revisions_chunk, ids[i : i + size], content)
                               for i in range(0, len(ids), size)], ahead=AHEAD)

    def _revisions_chunk(self, chunk: Sequence[int], content: bool) -> RevisionsById:
        """One request of :meth:`revisions_by_id` (continued while the API cuts the answer short)."""
        out = RevisionsById()
        rvprop = "ids|user|timestamp|size|sha1|tags" + ("|content" if content else "")
        extra: dict[str, Any] = {"rvslots": "main"} if content else {}
        for q in self.query(revids="|".join(map(str, chunk)), prop="revisions", rvprop=rvprop, **extra):
            bad = q.get("badrevids") or {}
            out.missing.update(int(k) for k in (bad.keys() if isinstance(bad, dict) else
                                                (b.get("revid", 0) for b in bad)))
            for p in q.get("pages", []):
                for r in p.get("revisions", []):
                    rid = int(r["revid"])
                    out.pages[rid] = int(p.get("pageid", 0))
                    out.meta[rid] = _rev_meta(r)
                    if content:
                        main = r.get("slots", {}).get("main", {})
                        out.texts[rid] = "" if main.get("texthidden") else main.get("content", "")
        return out

"""What the bot reads from a wiki, as API queries: the half of the wiki edge without pywikibot.

:class:`WikiReads` holds every read the bot makes (recent changes, histories,
contributions, page details, texts, moves, registrations, category trees), each
batched the way the API allows (50 users or revisions a request). It sends them
through ``query``, which :class:`bot.wiki.WikiSession` implements with pywikibot
(the only module that imports it); this module only turns API answers into the
records of :mod:`bot.records`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from bot.model import Move, PageHistory, PageRevision
from bot.records import Contrib, PageDetails, PageFacts, RCEntry, RevisionsById, RevMeta

BATCH = 50
HIGH_BATCH = 500  # with the apihighlimits right (the bot group's)

T = TypeVar("T")

AHEAD = 2
"""Requests in flight in a long batched read (page facts, revision texts) while the bot works
on the last answer: the wiki serves each on a worker of its own (500 texts cost it about as
long as the bot takes to measure them), so two keep it busy while the bot works."""

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


class WikiReads:
    """Every read of one wiki, over :meth:`query` (implemented by the session)."""

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

    # ------------------------------------------------------------ site facts

    def admins(self) -> frozenset[str]:
        if self._admins is None:
            names: set[str] = set()
            for q in self.query(list="allusers", augroup="sysop", aulimit="max"):
                names.update(u["name"] for u in q.get("allusers", []))
            self._admins = frozenset(names)
        return self._admins

    # ------------------------------------------------------------ discovery and change feed

    _edit_count_wanted = False

    def want_edit_count(self) -> None:
        """Read the wiki's edit count with the next prefix listing (:meth:`pages_with_prefix`):
        a first run lists the contest pages anyway, so the count costs no request of its own."""
        self._edit_count_wanted = True
        self.edit_count = None

    def pages_with_prefix(self, prefix: str) -> list[str]:
        ns, text = self.split_prefix(prefix)
        titles: list[str] = []
        extra: dict[str, Any] = {"meta": "siteinfo", "siprop": "statistics"} if self._edit_count_wanted else {}
        for q in self.query(list="allpages", apnamespace=ns, apprefix=text, aplimit="max", **extra):
            stats = q.get("statistics") or {}
            if self._edit_count_wanted and "edits" in stats:
                self.edit_count = int(stats["edits"])
                self._edit_count_wanted = False
            titles.extend(p["title"] for p in q.get("allpages", []))
        return titles

    def recent_changes(self, since: datetime, until: datetime) -> list[RCEntry]:
        """Every change in (since, until]: edits, new pages, moves, deletions, imports.

        ``external`` changes are Wikidata's (a sitelink or item edit changes a page's
        language links without editing it). The same request also reads the wiki's edit
        count into :attr:`edit_count`, which tells the caller when revisions arrived that
        recent changes do not show in the window (an import of old history).
        """
        out: list[RCEntry] = []
        self.edit_count = None
        for q in self.query(
            list="recentchanges",
            rcstart=api_ts(since),
            rcend=api_ts(until),
            rcdir="newer",
            rcprop="user|timestamp|title|ids|sizes|sha1|tags|loginfo|flags",
            rctype="edit|new|log|external",
            rclimit="max",
            meta="siteinfo",
            siprop="statistics",
        ):
            stats = q.get("statistics") or {}
            if self.edit_count is None and "edits" in stats:
                self.edit_count = int(stats["edits"])
            for rc in q.get("recentchanges", []):
                out.append(
                    RCEntry(
                        rcid=rc.get("rcid", 0),
                        type=rc.get("type", ""),
                        ns=rc.get("ns", 0),
                        title=rc.get("title", ""),
                        pageid=rc.get("pageid", 0),
                        revid=rc.get("revid", 0),
                        old_revid=rc.get("old_revid", 0),
                        user=rc.get("user", ""),
                        timestamp=ts(rc["timestamp"]),
                        oldlen=rc.get("oldlen", 0),
                        newlen=rc.get("newlen", 0),
                        sha1=rc.get("sha1", ""),
                        tags=tuple(rc.get("tags", [])),
                        logtype=rc.get("logtype", ""),
                        logaction=rc.get("logaction", ""),
                        logparams=rc.get("logparams", {}) or {},
                    )
                )
        return out

    def read_edit_count(self) -> int | None:
        """The wiki's edit count alone (first runs, which read no recent changes); nothing
        is asked when a prefix listing read it already (:meth:`want_edit_count`)."""
        if self.edit_count is not None:
            self._edit_count_wanted = False
            return self.edit_count
        self._edit_count_wanted = False
        for q in self.query(meta="siteinfo", siprop="statistics"):
            stats = q.get("statistics") or {}
            if "edits" in stats:
                self.edit_count = int(stats["edits"])
        return self.edit_count

    _latest: dict[str, int] | None = None  # titles asked for ahead, across contests
    _ahead: dict[str, PageRevision] | None = None  # their latest revisions with text, where asked

    def logged_in(self) -> bool:
        """Whether this session has logged in already (then reads use the account's limits)."""
        return False

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

    # ------------------------------------------------------------ page histories with text

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
            "rvprop": "ids|user|timestamp|content|comment",
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
            for r in p.get("revisions", []):
                text = None
                slots = r.get("slots", {})
                if "main" in slots and not slots["main"].get("texthidden"):
                    text = slots["main"].get("content", "")
                revs.append(
                    PageRevision(
                        revid=r["revid"],
                        parentid=r.get("parentid", 0),
                        user=r.get("user", ""),
                        timestamp=ts(r["timestamp"]),
                        text=text,
                        comment=r.get("comment", ""),
                    )
                )
        revs.sort(key=lambda r: r.revid)
        creator = revs[0].user if revs and revs[0].parentid == 0 else None
        return PageHistory(wiki=self.code, title=title, revisions=tuple(revs), exists=exists, creator=creator)

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

    # ------------------------------------------------------------ participants' work

    def contributions(
        self, users: Sequence[str], start: datetime, end: datetime, namespaces: Sequence[int]
    ) -> list[Contrib]:
        """The users' edits in [start, end), 50 users a request (500 with apihighlimits)."""
        out: list[Contrib] = []
        users = sorted(set(users))
        # Each user may have hundreds of edits: the account's limit (5,000 rows a request
        # with apihighlimits, not 500) matters even for a few users.
        size = HIGH_BATCH if users and self.high_limits() else BATCH
        for i in range(0, len(users), size):
            chunk = users[i : i + size]
            for q in self.query(
                list="usercontribs",
                ucuser="|".join(chunk),
                ucstart=api_ts(start),
                ucend=api_ts(end),
                ucdir="newer",
                ucnamespace="|".join(str(n) for n in namespaces),
                ucprop="ids|title|timestamp|size|sizediff|flags|tags",
                uclimit="max",
            ):
                for c in q.get("usercontribs", []):
                    t = ts(c["timestamp"])
                    if t >= end:
                        continue
                    out.append(
                        Contrib(
                            user=c["user"],
                            pageid=c["pageid"],
                            revid=c["revid"],
                            parentid=c.get("parentid", 0),
                            ns=c["ns"],
                            title=c["title"],
                            timestamp=t,
                            size=c.get("size", 0),
                            sizediff=c.get("sizediff", 0),
                            new=bool(c.get("new")),
                            tags=tuple(c.get("tags", [])),
                        )
                    )
        return out

    def can_read_deleted(self) -> bool:
        """Whether the account may read deleted revisions (``deletedhistory``); the session
        logs in to find out. Without a session that can, False."""
        return False

    def deleted_revisions(self, titles: Sequence[str]) -> dict[str, tuple[RevMeta, ...]]:
        """The deleted revisions of pages by title (issue 17: an article created and deleted
        between two runs), 50 titles a request; needs :meth:`can_read_deleted`."""
        out: dict[str, list[RevMeta]] = {}
        wanted = list(dict.fromkeys(titles))
        for i in range(0, len(wanted), BATCH):
            for q in self.query(prop="deletedrevisions", titles="|".join(wanted[i : i + BATCH]),
                                drvprop="ids|user|timestamp|size|sha1|tags", drvlimit="max"):
                for p in q.get("pages", []):
                    out.setdefault(p["title"], []).extend(
                        RevMeta(revid=r["revid"], parentid=r.get("parentid", 0), user=r.get("user", ""),
                                timestamp=ts(r["timestamp"]), size=r.get("size", 0),
                                sha1=r.get("sha1", "") or "", tags=tuple(r.get("tags", [])))
                        for r in p.get("deletedrevisions", []))
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
                for r in p.get("revisions", []):
                    revs.append(
                        RevMeta(
                            revid=r["revid"],
                            parentid=r.get("parentid", 0),
                            user=r.get("user", ""),
                            timestamp=ts(r["timestamp"]),
                            size=r.get("size", 0),
                            sha1=r.get("sha1", "") or "",
                            tags=tuple(r.get("tags", [])),
                        )
                    )
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

    def moves(self, namespaces: Sequence[int] | None, start: datetime, end: datetime) -> list[Move]:
        """Page moves in [start, end] out of the given namespaces (drafts moved in), or out of
        any namespace when ``namespaces`` is None (one request for a few seconds of log)."""
        out: list[Move] = []
        for ns in [None] if namespaces is None else namespaces:
            params: dict[str, Any] = {} if ns is None else {"lenamespace": ns}
            for q in self.query(
                list="logevents",
                letype="move",
                lestart=api_ts(start),
                leend=api_ts(end),
                ledir="newer",
                leprop="ids|title|type|user|timestamp|details",
                lelimit="max",
                **params,
            ):
                for e in q.get("logevents", []):
                    m = move_from_log(self.code, e.get("logpage", 0), e)
                    if m:
                        out.append(m)
        return out

    def registrations(self, users: Sequence[str]) -> dict[str, datetime | None]:
        out: dict[str, datetime | None] = {}
        users = sorted(set(users))
        for i in range(0, len(users), BATCH):
            for q in self.query(list="users", ususers="|".join(users[i : i + BATCH]), usprop="registration"):
                for u in q.get("users", []):
                    reg = u.get("registration")
                    out[u["name"]] = ts(reg) if reg else None
        return out

    def category_tree(self, category: str, depth: int) -> frozenset[int]:
        """Page ids of articles in ``category`` and its subcategories down to ``depth``."""
        seen_cats: set[str] = set()
        members: set[int] = set()
        level = [self.normalize(f"Category:{category}")]
        for _ in range(depth + 1):
            nxt: list[str] = []
            for cat in level:
                if cat in seen_cats:
                    continue
                seen_cats.add(cat)
                for q in self.query(list="categorymembers", cmtitle=cat, cmprop="ids|title|type", cmlimit="max"):
                    for m in q.get("categorymembers", []):
                        if m.get("type") == "subcat":
                            nxt.append(m["title"])
                        else:
                            members.add(m["pageid"])
            level = nxt
        return frozenset(members)

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
        self._latest = {k: v for k, v in (self._latest or {}).items() if k != stop}
        self._ahead = {k: v for k, v in (self._ahead or {}).items() if k != stop}
        self.prefetch_latest([stop, *ahead], text=True)
        got = self.page_text(stop)
        if got is None or not got[0].strip():
            return None
        rev = (self._ahead or {})[stop]
        return rev.user, api_ts(rev.timestamp)


def read_ahead(calls: Sequence[Callable[[], T]], ahead: int = 1) -> Iterator[T]:
    """The answers of ``calls`` (requests), in order, the next ``ahead`` of them sent on
    worker threads while the caller works on the one before.

    The wiki answers on its own processor(s) while the bot works on the last answer, so a
    long read costs the longer of the two, not their sum; with ``ahead`` 2, two of the
    wiki's workers prepare answers at once. The calls are sent in the order given, each
    once, so what is asked, how often and what comes back are those of calling them one by
    one; an exception of a call comes out where its answer would have, and no new call is
    sent once it has. A caller that stops early still waits for the requests in flight (their
    answers are dropped).
    """
    if len(calls) < 2 or ahead < 1:
        yield from (call() for call in calls)
        return
    with ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="read-ahead") as workers:
        pending = deque(workers.submit(call) for call in calls[:ahead])
        for call in calls[ahead:]:
            got = pending.popleft().result()
            pending.append(workers.submit(call))
            yield got
        while pending:
            yield pending.popleft().result()


def move_from_log(wiki: str, pageid: int, e: dict[str, Any]) -> Move | None:
    params = e.get("params") or e.get("logparams") or {}
    target = params.get("target_title")
    if not target:
        return None
    return Move(
        wiki=wiki,
        pageid=pageid,
        timestamp=ts(e["timestamp"]),
        user=e.get("user", ""),
        from_title=e.get("title", ""),
        to_title=target,
        from_ns=e.get("ns", 0),
        to_ns=params.get("target_ns", 0),
    )


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

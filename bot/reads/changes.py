"""Reads of what changed on a wiki: recent changes, contributions, move logs, listings.

The change feed of a run (recent changes since the last one, the wiki's edit count, the
contest pages under a prefix), participants' work (contributions, 50 users a request,
and registrations), page moves from the log and the members of a category tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.model import Move
from bot.reads.base import BATCH, HIGH_BATCH, ReadsBase, api_ts, ts
from bot.records import Contrib, RCEntry


class ChangeReads(ReadsBase):
    """Recent changes, the edit count, prefix listings, contributions, moves, categories."""

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

    def registrations(self, users: Sequence[str]) -> dict[str, datetime | None]:
        out: dict[str, datetime | None] = {}
        users = sorted(set(users))
        for i in range(0, len(users), BATCH):
            for q in self.query(list="users", ususers="|".join(users[i : i + BATCH]), usprop="registration"):
                for u in q.get("users", []):
                    reg = u.get("registration")
                    out[u["name"]] = ts(reg) if reg else None
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

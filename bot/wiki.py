"""Every request the bot makes to a wiki: the only module that imports pywikibot.

Reads are batched the way the API allows (50 users or revisions a request) and
counted per wiki, so a run can report and a benchmark can check its requests.
Reads go out without logging in (nothing read needs rights); the bot logs in only
when it is about to write. Writes go through :meth:`WikiSession.save`, which
refuses when the session is simulated, so a dry run cannot leak an edit.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pywikibot
from pywikibot import config as pwb_config
from pywikibot.comms import http as pwb_http
from pywikibot.exceptions import (
    APIError,
    Error,
    NoPageError,
)
from pywikibot.site import APISite

from bot import retry_log
from bot.config import BotConfig, WikiConfig
from bot.model import Move, PageHistory, PageRevision

log = logging.getLogger(__name__)

BATCH = 50

#: API error codes of an edit that only a person can resolve (retrying cannot help).
REFUSALS = frozenset({
    "protectedpage", "cascadeprotected", "protectednamespace", "protectednamespace-interface",
    "protectedtitle", "blocked", "autoblocked", "cantcreate", "cantcreate-anon", "noedit",
    "noedit-anon", "permissiondenied", "spamblacklist", "abusefilter-disallowed",
    "titleblacklist-forbidden", "contenttoobig",
})


class WikiError(Exception):
    """A wiki could not be read or written; the message says which and why."""


class SaveRefused(WikiError):
    """The wiki refused an edit for a reason a person must look at (protection, block...)."""


# ------------------------------------------------------------------ request counting


@dataclass
class RequestCounter:
    """Counts HTTP requests and edits per host, through a requests response hook."""

    requests: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    hosts: dict[str, str] = field(default_factory=dict)  # netloc -> wiki code

    def hook(self, response: Any, *args: Any, **kwargs: Any) -> None:
        netloc = urlsplit(response.url).netloc
        code = self.hosts.get(netloc, netloc)
        self.requests[code] += 1
        if log.isEnabledFor(logging.DEBUG):
            body = getattr(response.request, "body", None) or ""
            log.debug("request %s %s %s", code, response.url, body if isinstance(body, str) else "")

    def install(self) -> None:
        hooks = pwb_http.session.hooks.setdefault("response", [])
        if self.hook not in hooks:
            hooks.append(self.hook)

    def uninstall(self) -> None:
        hooks = pwb_http.session.hooks.get("response", [])
        if self.hook in hooks:
            hooks.remove(self.hook)


def configure(cfg: BotConfig) -> None:
    """Apply the operator's throttles, contact and OAuth keys to pywikibot (once per process).

    The contact goes into every request's User-Agent through pywikibot's
    ``user_agent_description``; an owner-only OAuth consumer's four keys go into
    ``authenticate`` for each wiki's host, which makes pywikibot sign its requests
    with OAuth 1.0a instead of logging in with a bot password.
    """
    if cfg.contact:
        pwb_config.user_agent_description = cfg.user_agent_description
    hosts: dict[str, str] = {}
    for code, wiki in cfg.wikis.items():
        try:  # an unknown family or code is reported by the wiki's session, with the fix
            family = pywikibot.family.Family.load(wiki.family)
            hosts[urlsplit(family.base_url(wiki.site_code, "")).netloc] = code
            if cfg.oauth is not None:
                pwb_config.authenticate[family.hostname(wiki.site_code)] = cfg.oauth.as_tuple()
        except Exception:
            continue
    retry_log.install(hosts)
    pwb_config.put_throttle = cfg.throttle.put_throttle
    pwb_config.minthrottle = 0
    pwb_config.maxthrottle = max(1, int(cfg.throttle.put_throttle) or 1)
    pwb_config.write_maxlag = cfg.throttle.maxlag
    pwb_config.read_maxlag = cfg.throttle.maxlag
    pwb_config.max_retries = cfg.throttle.max_retries
    pwb_config.retry_wait = cfg.throttle.retry_wait
    pwb_config.simulate = False


def ts(value: str) -> datetime:
    """API timestamp ('2026-11-05T12:00:00Z') -> aware UTC datetime."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def api_ts(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ plain records


@dataclass(frozen=True)
class RCEntry:
    rcid: int
    type: str  # edit new log categorize
    ns: int
    title: str
    pageid: int
    revid: int
    old_revid: int
    user: str
    timestamp: datetime
    oldlen: int
    newlen: int
    sha1: str
    tags: tuple[str, ...]
    logtype: str = ""
    logaction: str = ""
    logparams: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Contrib:
    user: str
    pageid: int
    revid: int
    parentid: int
    ns: int
    title: str
    timestamp: datetime
    size: int
    sizediff: int
    new: bool
    tags: tuple[str, ...]


@dataclass(frozen=True)
class RevMeta:
    revid: int
    parentid: int
    user: str
    timestamp: datetime
    size: int
    sha1: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PageDetails:
    pageid: int
    exists: bool
    title: str = ""
    ns: int = 0
    redirect: bool = False
    lastrevid: int = 0
    revisions: tuple[RevMeta, ...] = ()  # oldest first, by revid
    langlinks: tuple[tuple[str, str], ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class Namespaces:
    """Names of the namespaces the parsers need, local and canonical."""

    user: frozenset[str]
    file: frozenset[str]
    category: frozenset[str]
    names: dict[int, str]  # ns number -> local name


# ------------------------------------------------------------------ the session


class ReadFirstSite(APISite):
    """An APISite that does not check its login cookie when it is created.

    pywikibot asks the wiki who we are (``meta=userinfo``) as soon as a site object
    exists. The bot reads without logging in and most runs write nothing, so that
    request is deferred to the first write (:meth:`WikiSession._login`), which saves a
    request per wiki on every run with nothing new.
    """

    def login(self, autocreate: bool = False, user: str | None = None, *, cookie_only: bool = False) -> None:
        if cookie_only and getattr(self, "_defer_cookie_login", True):
            return
        super().login(autocreate=autocreate, user=user, cookie_only=cookie_only)



class WikiSession:
    """One wiki of the config: reads and guarded writes through pywikibot."""

    def __init__(self, cfg: WikiConfig, bot: BotConfig, counter: RequestCounter, *, simulate: bool) -> None:
        self.cfg = cfg
        self.bot = bot
        self.counter = counter
        self.simulate = simulate
        self._site: Any = None
        self._logged_in = False
        self._admins: frozenset[str] | None = None
        self.edit_count: int | None = None  # the wiki's edit count, read with recent changes

    @property
    def code(self) -> str:
        return self.cfg.code

    @property
    def site(self) -> Any:
        if self._site is None:
            try:
                # Map the host before the site exists: opening it already sends requests.
                fam = pywikibot.family.Family.load(self.cfg.family)
                self.counter.hosts[urlsplit(fam.base_url(self.cfg.site_code, "")).netloc] = self.code
                self._site = pywikibot.Site(self.cfg.site_code, self.cfg.family, interface=ReadFirstSite)
            except Exception as exc:  # unknown family or code: the operator's config
                raise WikiError(
                    f"wiki {self.code}: could not open family '{self.cfg.family}' code "
                    f"'{self.cfg.site_code}' ({exc}). If the wiki answers in a browser, check the "
                    f"config file and user-config.py; otherwise the wiki is down and the next run retries."
                ) from exc
        return self._site

    # ------------------------------------------------------------ raw requests

    def request(self, **params: Any) -> dict[str, Any]:
        """One API request (no continuation)."""
        try:
            data: dict[str, Any] = self.site.simple_request(**params).submit()
        except Error as exc:
            why = retry_log.why(self.code)
            if why and "Maximum retries" in str(exc):  # the retries' log lines said the rest
                raise WikiError(f"wiki {self.code}: no answer{why}") from exc
            raise WikiError(f"wiki {self.code}: API request failed: {exc}") from exc
        except Exception as exc:  # connection refused, timeouts
            raise WikiError(f"wiki {self.code}: the wiki did not answer{retry_log.why(self.code)}: {exc}") from exc
        return data

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        """``action=query`` with continuation: yields each response's ``query`` part."""
        params = {"action": "query", "formatversion": 2, **params}
        cont: dict[str, Any] = {}
        while True:
            data = self.request(**params, **cont)
            yield data.get("query", {})
            if "continue" not in data:
                return
            cont = data["continue"]

    # ------------------------------------------------------------ site facts

    def namespaces(self) -> Namespaces:
        """Namespace names from siteinfo (pywikibot caches it on disk between runs)."""
        nss = self.site.namespaces

        def names(n: int) -> frozenset[str]:
            ns = nss[n]
            return frozenset({ns.custom_name, ns.canonical_name, *ns.aliases} - {""})

        return Namespaces(
            user=names(2),
            file=names(6),
            category=names(14),
            names={n: nss[n].custom_name for n in nss},
        )

    def normalize(self, title: str) -> str:
        """A title as the wiki writes it (local namespace name, first letter, spaces)."""
        try:
            return str(pywikibot.Page(self.site, title).title())
        except Error:
            return title

    def split_prefix(self, prefix: str) -> tuple[int, str]:
        """'Project:Smart Region' -> (4, 'Smart Region') using the wiki's namespaces."""
        page = pywikibot.Page(self.site, prefix.rstrip("/") + "/x" if prefix.endswith("/") else prefix)
        ns = page.namespace().id
        text = page.title(with_ns=False)
        if prefix.endswith("/"):
            text = text[: -len("/x")] + "/"
        return ns, text

    def admins(self) -> frozenset[str]:
        if self._admins is None:
            names: set[str] = set()
            for q in self.query(list="allusers", augroup="sysop", aulimit="max"):
                names.update(u["name"] for u in q.get("allusers", []))
            self._admins = frozenset(names)
        return self._admins

    # ------------------------------------------------------------ discovery and change feed

    def pages_with_prefix(self, prefix: str) -> list[str]:
        ns, text = self.split_prefix(prefix)
        titles: list[str] = []
        for q in self.query(list="allpages", apnamespace=ns, apprefix=text, aplimit="max"):
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
        """The wiki's edit count alone (first runs, which read no recent changes)."""
        for q in self.query(meta="siteinfo", siprop="statistics"):
            stats = q.get("statistics") or {}
            if "edits" in stats:
                self.edit_count = int(stats["edits"])
        return self.edit_count

    def latest_revids(self, titles: Sequence[str]) -> dict[str, int]:
        """Current revision id of each title (0: missing), keyed by the titles given."""
        out: dict[str, int] = {}
        for i in range(0, len(titles), BATCH):
            chunk = list(titles[i : i + BATCH])
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
        revs: list[PageRevision] = []
        exists = True
        creator: str | None = None
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
        try:
            answers = list(self.query(**params))
        except WikiError as exc:
            if not after_revid or getattr(exc.__cause__, "code", "") != "badid_rvstartid":
                raise
            # The next id does not exist (a deleted or never-saved revision): start at the last
            # one seen, which does; the ledgers skip the revisions they already folded.
            params["rvstartid"] = after_revid
            answers = list(self.query(**params))
        for q in answers:
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
        if revs and revs[0].parentid == 0:
            creator = revs[0].user
        return PageHistory(wiki=self.code, title=title, revisions=tuple(revs), exists=exists, creator=creator)

    def page_text(self, title: str) -> tuple[str, int] | None:
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
        """The users' edits in [start, end), 50 users a request."""
        out: list[Contrib] = []
        users = sorted(set(users))
        for i in range(0, len(users), BATCH):
            chunk = users[i : i + BATCH]
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

    def texts(self, revids: Iterable[int]) -> dict[int, str]:
        """Wikitext of revisions, 50 a request."""
        ids = sorted(set(r for r in revids if r))
        out: dict[int, str] = {}
        for i in range(0, len(ids), BATCH):
            chunk = ids[i : i + BATCH]
            for q in self.query(revids="|".join(map(str, chunk)), prop="revisions", rvprop="ids|content", rvslots="main"):
                for p in q.get("pages", []):
                    for r in p.get("revisions", []):
                        main = r.get("slots", {}).get("main", {})
                        out[r["revid"]] = "" if main.get("texthidden") else main.get("content", "")
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

    # ------------------------------------------------------------ writes

    def stopped(self) -> bool:
        """True when User:BOTNAME/Stop holds any text: no edit on this wiki then."""
        got = self.page_text(f"User:{self.bot.username}/Stop")
        return bool(got and got[0].strip())

    def _login(self) -> None:
        if self._logged_in:
            return
        try:
            self.site._defer_cookie_login = False
            self.site.login()
        except Exception as exc:
            raise WikiError(f"wiki {self.code}: login as {self.bot.username} failed: {exc}") from exc
        if "blockid" in self.site.userinfo:
            raise SaveRefused(f"wiki {self.code}: the bot account is blocked; nothing was written.")
        self._logged_in = True

    def save(
        self,
        title: str,
        text: str,
        summary: str,
        *,
        minor: bool = True,
        createonly: bool = False,
        append: bool = False,
        section: str | None = None,
        sectiontitle: str = "",
    ) -> int:
        """Save a page (or append text, or add a ``section="new"`` titled ``sectiontitle``,
        creating the page if needed) and return the new revision id.

        A refusal a person must look at (protection, a block, no right to create the
        page) raises :class:`SaveRefused`; anything else that may pass by itself, WikiError.
        """
        if self.simulate:
            raise WikiError("simulate: refusing to write (this is a bug in the caller)")
        self._login()
        # One action=edit per save (pywikibot's Page.save would read the page again, check
        # {{bots}} on the bot's own pages and re-read it after saving: five requests, not one).
        params: dict[str, Any] = {"action": "edit", "title": title, "summary": summary, "bot": 1}
        if section == "new":
            params.update(section="new", sectiontitle=sectiontitle, text=text)
        elif append:
            params["appendtext"] = text
        else:
            params["text"] = text
        if minor and not (append or section == "new"):
            params["minor"] = 1
        elif not minor:
            params["notminor"] = 1
        if createonly:
            params["createonly"] = 1
        try:
            params["token"] = self.site.tokens["csrf"]
            data = self.site.simple_request(**params).submit()
        except APIError as exc:
            if exc.code == "editconflict":
                raise WikiError(f"wiki {self.code}: edit conflict on {title}; will retry next run") from exc
            if exc.code in REFUSALS:
                raise SaveRefused(f"wiki {self.code}: saving {title} was refused: {exc.code}: {exc.info}") from exc
            raise WikiError(f"wiki {self.code}: saving {title} failed: {exc}") from exc
        except Error as exc:
            raise WikiError(f"wiki {self.code}: saving {title} failed: {exc}") from exc
        except Exception as exc:  # connection refused, timeouts
            raise WikiError(f"wiki {self.code}: the wiki did not answer while saving {title}: {exc}") from exc
        edit = data.get("edit", {})
        if edit.get("result") != "Success":
            raise SaveRefused(f"wiki {self.code}: saving {title} was refused: {edit}")
        self.counter.edits[self.code] += 1
        return int(edit.get("newrevid") or edit.get("oldrevid") or 0)

    def exists(self, title: str) -> bool:
        try:
            return bool(pywikibot.Page(self.site, title).exists())
        except NoPageError:
            return False


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


def _title_map(q: dict[str, Any]) -> dict[str, list[str]]:
    """Map normalized/redirected titles back to the titles asked for."""
    back: dict[str, list[str]] = {}
    for n in q.get("normalized", []):
        back.setdefault(n["to"], []).append(n["from"])
    return back


class Wikis:
    """The sessions of one run, one per configured wiki, sharing one counter."""

    def __init__(self, cfg: BotConfig, *, simulate: bool) -> None:
        configure(cfg)
        self.counter = RequestCounter()
        self.counter.install()
        self.sessions = {code: WikiSession(w, cfg, self.counter, simulate=simulate) for code, w in cfg.wikis.items()}

    def __getitem__(self, code: str) -> WikiSession:
        return self.sessions[code]

    def close(self) -> None:
        self.counter.uninstall()

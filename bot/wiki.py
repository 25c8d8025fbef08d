"""Every request the bot makes to a wiki goes out here: the only module that imports pywikibot.

The reads themselves (what to ask, batched the way the API allows, and the records
made of the answers) are :class:`bot.wiki_reads.WikiReads`; this module is the
transport under them: the site, one request, continuation, login and the save.
Requests are counted per wiki, so a run can report and a benchmark can check them.
Reads go out without logging in (nothing read needs rights); the bot logs in only
when it is about to write. Writes go through :meth:`WikiSession.save`, which
refuses when the session is simulated, so a dry run cannot leak an edit.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlsplit

import pywikibot
from pywikibot import config as pwb_config
from pywikibot.comms import http
from pywikibot.comms import http as pwb_http
from pywikibot.data import api as pwb_api
from pywikibot.exceptions import (
    APIError,
    Error,
    NoPageError,
)
from pywikibot.site import APISite

from bot import retry_log
from bot.config import BotConfig, WikiConfig
from bot.model import PageRef
from bot.records import Namespaces
from bot.wiki_reads import PageExists, SaveRefused, WikiError, WikiReads

log = logging.getLogger(__name__)

#: API error codes of an edit that only a person can resolve (retrying cannot help).
REFUSALS = frozenset({
    "protectedpage", "cascadeprotected", "protectednamespace", "protectednamespace-interface",
    "protectedtitle", "blocked", "autoblocked", "cantcreate", "cantcreate-anon", "noedit",
    "noedit-anon", "permissiondenied", "spamblacklist", "abusefilter-disallowed",
    "titleblacklist-forbidden", "contenttoobig",
})


# ------------------------------------------------------------------ request counting


@dataclass
class RequestCounter:
    """Counts HTTP requests and edits per host, through a requests response hook (which runs
    on the thread that sent the request: reads sent ahead run on worker threads)."""

    requests: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    hosts: dict[str, str] = field(default_factory=dict)  # netloc -> wiki code
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def hook(self, response: Any, *args: Any, **kwargs: Any) -> None:
        netloc = urlsplit(response.url).netloc
        code = self.hosts.get(netloc, netloc)
        with self._lock:
            self.requests[code] += 1
        retry_log.answered(netloc)  # a 5xx's retry line then names its wiki
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


M_ARENA_MAX = -8  # glibc's mallopt parameter: how many malloc arenas the process may have


def one_malloc_arena() -> None:
    """Let every thread of the process allocate from one malloc arena (glibc; elsewhere nothing).

    glibc gives each new thread an arena of its own. The threads that read revision texts
    ahead (:func:`bot.wiki_reads.read_ahead`) parse their answers there, and what the main
    thread frees of them stays resident in that arena, of no use to the main thread's own
    allocations: 8 MB more peak memory in a first run at 1,200 signups (issue 16). The
    bot's threads mostly wait for the wiki, so one shared arena costs nothing measurable.
    """
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc, or no C library by that name
        return
    mallopt(M_ARENA_MAX, 1)


def configure(cfg: BotConfig) -> None:
    """Apply the operator's throttles, contact and OAuth keys to pywikibot (once per process).

    The contact goes into every request's User-Agent through pywikibot's
    ``user_agent_description``; an owner-only OAuth consumer's four keys go into
    ``authenticate`` for each wiki's host, which makes pywikibot sign its requests
    with OAuth 1.0a instead of logging in with a bot password.
    """
    one_malloc_arena()  # before any thread of the run exists
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


# ------------------------------------------------------------------ the session


class AnswerLost(Error):
    """An edit went out and no readable answer came back: it may have been made."""


class FrugalRequest(pwb_api.Request):
    """A request that holds as few copies of a big page text or answer as it can.

    A run's largest values are the answers of a long history (up to the API's 8 MiB of
    text) and the pages it saves (a ranking of 1,200 participants is over 1 MB), and the
    bot's peak memory is made of their copies (issue 16: peak memory of a first run at
    1,200 signups within 1.2 times that at 300). pywikibot, as it is:

    - parses an answer with ``response.json()``: the body, its decoded text and the
      parsed result are all alive at the end of the parse (three times the answer). Here
      the body is decoded, let go, then parsed: twice at most. What is not JSON goes to
      pywikibot's own handling (its warning and retry), with the body as it came;
    - splits every text parameter at each ``|`` (a wikitext table has one per cell: 40,000
      strings for a big ranking) and joins them again to send: a page's text is kept whole;
    - URL-encodes a value through a list of one string per byte (8 bytes a byte of text):
      here a long value is encoded 64 KiB at a time, to the same form.
    """

    _WHOLE = frozenset({"text", "appendtext"})  # page texts: sent as they are, never split at "|"

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self._WHOLE and isinstance(value, str):
            value = [value]
        super().__setitem__(key, value)

    def _http_param_string(self) -> str:
        return form_encoded(self._encoded_items())

    def _json_loads(self, response: Any) -> dict[str, Any] | None:
        encoding = response.encoding or "utf-8"
        try:
            text = response.content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            result: dict[str, Any] | None = super()._json_loads(response)
            return result
        response._content = b""  # the body is only needed again if it is not JSON
        try:
            parsed = json.loads(text)
        except ValueError:
            response._content = text.encode(encoding)
            del text
            result = super()._json_loads(response)
            return result
        return parsed or {}


def form_encoded(items: Mapping[str, str | bytes]) -> str:
    """``items`` as pywikibot's ``encode_url`` sends them (``urlencode``, token parameters
    last), a long value quoted a piece at a time (the same text, without a list of one
    string per byte of it)."""
    step = 1 << 16

    def quoted(value: str | bytes) -> str:
        data = value.encode("utf-8") if isinstance(value, str) else value
        return "".join(quote_plus(data[i : i + step]) for i in range(0, len(data), step))

    pairs = sorted(items.items(), key=lambda kv: kv[0].lower().endswith("token") + (kv[0] == "wpEditToken"))
    return "&".join(f"{quote_plus(key)}={quoted(value)}" for key, value in pairs)


class OnceRequest(FrugalRequest):
    """An edit that must not be sent twice: a new section or appended text.

    pywikibot repeats a request whose answer is lost (a 5xx, a dropped connection, a
    time-out, a cut JSON answer); for such an edit the wiki may have saved the first one,
    and the repeat adds the section again (a notice twice). This request gives up at once
    instead (:class:`AnswerLost`); the next run reads the talk page and finds the notice's
    marker if the edit was made. Answers that say the edit was not made (``maxlag``,
    ``readonly``, ``ratelimited``) are still waited out and retried as pywikibot does.
    """

    def wait(self, delay: float | None = None, **kwargs: Any) -> None:
        if "uri" in kwargs:  # pywikibot's retry after an exception of the HTTP request
            raise AnswerLost(f"no answer to {self.action} (the edit may or may not have been made)")
        super().wait(delay, **kwargs)

    def _json_loads(self, response: Any) -> dict[str, Any] | None:
        try:
            response.json()
        except ValueError as exc:
            raise AnswerLost(f"an unreadable answer to {self.action} (HTTP {response.status_code}; "
                             "the edit may or may not have been made)") from exc
        result: dict[str, Any] | None = super()._json_loads(response)
        return result


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

    def get_tokens(self, types: list[str], *args: Any, **kwargs: Any) -> dict[str, str]:
        """The tokens the bot uses, not every type.

        Asked for "all", pywikibot first learns every token type from the API's parameter
        info (two requests), then asks for all of them, before it logs in and again after.
        The bot needs the login token before it logs in and the csrf token after: one
        request each. Any other type is still asked for by name when something wants it.
        """
        if not types:
            types = ["csrf"] if self.user() else ["login"]
        result: dict[str, str] = super().get_tokens(types, *args, **kwargs)
        return result

    _kept_cookies: set[str] | None = None  # domains of the cookies kept from earlier runs

    def quick_login(self) -> bool:
        """Log in with the bot password in as few requests as the API allows.

        pywikibot asks who we are (its cookie check), logs in if that fails, asks who we
        are again, then asks for the csrf token before the first edit: up to five requests.
        Here, with a login cookie kept from an earlier run: who we are and the csrf token in
        one request; without one (or when it expired): the login token, ``action=login``,
        then who we are with the csrf token. False (nothing settled) with OAuth or without a
        password to log in with: the caller then logs in as pywikibot does.
        """
        if self.is_oauth_token_available() or self.logged_in():
            return False
        host = urlsplit(self.base_url("")).hostname or ""
        if ReadFirstSite._kept_cookies is None:  # what the cookie file held before this process logged in
            http.cookie_jar.load(self.username(), ignore_discard=True)
            ReadFirstSite._kept_cookies = {c.domain or "" for c in http.cookie_jar}
        if any(host in domain for domain in ReadFirstSite._kept_cookies) and self._whoami_with_csrf():
            return True
        manager = pywikibot.login.ClientLoginManager(site=self, user=self.username())
        if not manager.password or not manager.login(retry=False):
            return False
        self._username = manager.username
        return self._whoami_with_csrf()

    def _whoami_with_csrf(self) -> bool:
        """Who the session is (groups, rights, block) and its csrf token, in one request."""
        data = self.simple_request(action="query", meta="userinfo|tokens", type="csrf",
                                   uiprop="blockinfo|hasmsg|groups|rights|ratelimits", formatversion=2).submit()
        self._userinfo = data["query"]["userinfo"]
        if not self.logged_in():
            del self.userinfo
            return False
        self._loginstatus = pywikibot.login.LoginStatus.AS_USER
        wallet = self.tokens
        wallet._currentuser = self.user()
        wallet._tokens = {"csrf": data["query"]["tokens"]["csrftoken"]}
        return True

    def preload_siteinfo(self) -> None:
        """Namespaces, general facts and extensions in one siteinfo request (cached on disk
        for pywikibot's usual time), where pywikibot would ask for the extensions separately
        at the first ``prop=`` query."""
        info = self.siteinfo
        if "general" in info._cache:
            return
        props = ["namespaces", "namespacealiases", "general", "extensions"]
        got = info._get_siteinfo(props, False)
        for prop in props:
            if prop in got:
                info._cache[prop] = got[prop]



class WikiSession(WikiReads):
    """One wiki of the config: the reads of :class:`WikiReads` and guarded writes, through pywikibot."""

    def __init__(self, cfg: WikiConfig, bot: BotConfig, counter: RequestCounter, *, simulate: bool) -> None:
        self.cfg = cfg
        self.bot = bot
        self.counter = counter
        self.simulate = simulate
        self._site: Any = None
        self._logged_in = False
        self._admins: frozenset[str] | None = None
        self._rights: dict[str, bool] = {}  # rights of the logged-in account asked this run
        self._siteinfo_loaded = False
        self.edit_count = None
        self.username = bot.username

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

    def _loaded_site(self) -> Any:
        """The site, its siteinfo loaded in one request (:meth:`ReadFirstSite.preload_siteinfo`)."""
        site = self.site
        if not self._siteinfo_loaded:
            try:
                site.preload_siteinfo()
            except (AttributeError, KeyError, TypeError) as exc:  # pywikibot asks for each part itself
                log.debug("wiki %s: siteinfo not preloaded: %s", self.code, exc)
            except Exception as exc:
                raise self._error(exc) from exc
            self._siteinfo_loaded = True
        return site

    def _error(self, exc: Exception) -> WikiError:
        """What a failed request means, said for the operator."""
        if isinstance(exc, WikiError):
            return exc
        if isinstance(exc, Error):
            why = retry_log.why(self.code)
            if why and "Maximum retries" in str(exc):  # the retries' log lines said the rest
                return WikiError(f"wiki {self.code}: no answer{why}")
            return WikiError(f"wiki {self.code}: API request failed: {exc}")
        # connection refused, timeouts
        return WikiError(f"wiki {self.code}: the wiki did not answer{retry_log.why(self.code)}: {exc}")

    def request(self, **params: Any) -> dict[str, Any]:
        """One API request (no continuation)."""
        site = self._loaded_site()
        try:
            data: dict[str, Any] = FrugalRequest.create_simple(site, **params).submit()
        except Exception as exc:
            raise self._error(exc) from exc
        return data

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        """``action=query`` with continuation: yields each response's ``query`` part."""
        params = {"action": "query", "formatversion": 2, **params}
        cont: dict[str, Any] = {}
        while True:
            data = self.request(**params, **cont)
            more, answer = data.get("continue"), data.get("query", {})
            del data  # held by the caller only, and only while it wants it (a history answer is MBs)
            yield answer
            del answer
            if more is None:
                return
            cont = more

    # ------------------------------------------------------------ site facts

    def max_page_bytes(self) -> int:
        """The largest page the wiki saves (``maxarticlesize`` in siteinfo, bytes)."""
        try:
            return int(self.site.siteinfo.get("maxarticlesize") or 2 * 1024 * 1024)
        except Exception:  # a wiki that does not say has MediaWiki's default
            return 2 * 1024 * 1024

    def namespaces(self) -> Namespaces:
        """Namespace names from siteinfo (pywikibot caches it on disk between runs)."""
        nss = self._loaded_site().namespaces

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
            return str(pywikibot.Page(self._loaded_site(), title).title())
        except Error:
            return title

    def split_prefix(self, prefix: str) -> tuple[int, str]:
        """'Project:Smart Region' -> (4, 'Smart Region') using the wiki's namespaces."""
        page = pywikibot.Page(self._loaded_site(), prefix.rstrip("/") + "/x" if prefix.endswith("/") else prefix)
        ns = page.namespace().id
        text = page.title(with_ns=False)
        if prefix.endswith("/"):
            text = text[: -len("/x")] + "/"
        return ns, text

    # ------------------------------------------------------------ writes

    def high_limits(self) -> bool:
        """Log in (once) and say whether the account has ``apihighlimits``; False in a dry run."""
        return self._has_right("apihighlimits", "reading 50 a request")

    def can_read_deleted(self) -> bool:
        """Log in (once) and say whether the account has ``deletedhistory``; False in a dry run."""
        return self._has_right("deletedhistory", "deleted revisions not read")

    def _has_right(self, right: str, otherwise: str) -> bool:
        """Whether the logged-in account has ``right`` (asked once a run); False in a dry run
        or when the login fails (the run then does ``otherwise``, and logs why)."""
        if self.simulate:
            return False
        if right not in self._rights:
            try:
                self._login()
                self._rights[right] = bool(self.site.has_right(right))
            except WikiError as exc:
                log.info("wiki %s: %s (%s)", self.code, otherwise, exc)
                self._rights[right] = False
        return self._rights[right]

    def logged_in(self) -> bool:
        return self._logged_in

    def _login(self) -> None:
        if self._logged_in:
            return
        try:
            self.site._defer_cookie_login = False
            if not self.site.quick_login():
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
        page) raises :class:`SaveRefused`; ``createonly`` on a page that exists,
        :class:`PageExists`; anything else that may pass by itself, WikiError.
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
        once = section == "new" or append  # repeating it would add the text twice
        try:
            params["token"] = self.site.tokens["csrf"]
            request = (OnceRequest if once else FrugalRequest).create_simple(self.site, **params)
            data = request.submit()
        except APIError as exc:
            if exc.code == "editconflict":
                raise WikiError(f"wiki {self.code}: edit conflict on {title}; will retry next run") from exc
            if exc.code == "articleexists" and createonly:
                raise PageExists(f"wiki {self.code}: {title} exists already") from exc
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
        self.forget_latest(title)
        return int(edit.get("newrevid") or edit.get("oldrevid") or 0)

    def exists(self, title: str) -> bool:
        try:
            return bool(pywikibot.Page(self.site, title).exists())
        except NoPageError:
            return False


class Wikis:
    """The sessions of one run, one per configured wiki, sharing one counter."""

    def __init__(self, cfg: BotConfig, *, simulate: bool) -> None:
        configure(cfg)
        self.counter = RequestCounter()
        self.counter.install()
        self.sessions = {code: WikiSession(w, cfg, self.counter, simulate=simulate) for code, w in cfg.wikis.items()}

    def __getitem__(self, code: str) -> WikiSession:
        return self.sessions[code]

    def normalize_ref(self, ref: PageRef) -> PageRef:
        """A page reference with its title as that wiki writes it (local namespace name)."""
        if ref.wiki not in self.sessions:
            return ref
        return PageRef(ref.wiki, self.sessions[ref.wiki].normalize(ref.title))

    def close(self) -> None:
        self.counter.uninstall()

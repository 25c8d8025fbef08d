"""A fault-injecting HTTP proxy on loopback, between the bot and the local wikis.

A few lines over the standard library's ``ThreadingHTTPServer`` and ``requests`` (both
already used by the harness): one listening port per wiki, each a reverse proxy to that
wiki's ``php -S``. The bot reaches it through a pywikibot folder whose family file names
the proxy's ports (:meth:`FaultProxy.pywikibot_dir`); nothing in the bot knows.

Every request gets a sequence number (the bot sends one request at a time, so the
numbers are the same from run to run). A *plan* decides per request whether to fault it,
at chosen numbers (``at={7: "drop"}``) or at random with a seed (:class:`RandomPlan`).
The faults, as a wiki or the network really fails:

``500`` ``502`` ``503``  an HTML error page with that status;
``timeout``  no answer for longer than the bot's read time-out;
``drop``     the connection closed without an answer;
``truncate`` the wiki's JSON answer cut in half (status 200);
``maxlag`` ``readonly`` ``ratelimited``  MediaWiki's API errors of those codes;
``editconflict``  MediaWiki's edit conflict (on ``action=edit`` only).

The first three kinds also come *after*: the wiki gets the request and does it (saves the
page), and the answer is lost on the way back (``"503@after"``, ``"drop@after"``,
``"timeout@after"``), the case where a retry repeats an edit that was made.

The proxy can also kill the bot from outside (SIGKILL, :attr:`FaultProxy.process`) at a
chosen request, before the wiki sees it or after the wiki has done it
(``"kill"`` / ``"kill@after"``): a crash at that point of a run.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs

import requests

from bot.devwiki.paths import FAMILY
from bot.devwiki.site_files import family_file

#: What each fault kind can hit: every request, or only edits.
HTTP_KINDS = ("500", "502", "503", "timeout", "drop", "truncate")
API_KINDS = ("maxlag", "readonly", "ratelimited")
EDIT_KINDS = ("editconflict",)
AFTER_KINDS = ("503", "drop", "timeout")  # these may also come after the wiki did the request
KINDS = (*HTTP_KINDS, *API_KINDS, *EDIT_KINDS)

#: The bot's read time-out under the proxy (seconds), and how long a ``timeout`` holds.
READ_TIMEOUT = 4
HOLD = READ_TIMEOUT + 1

HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "host",
              "content-length", "content-encoding"}

API_ERRORS: dict[str, tuple[dict[str, object], dict[str, str]]] = {
    "maxlag": ({"code": "maxlag", "info": "Waiting for 127.0.0.1: 1 seconds lagged.", "host": "127.0.0.1",
                "lag": 1, "type": "db"}, {"Retry-After": "1", "X-Database-Lag": "1"}),
    "readonly": ({"code": "readonly", "info": "The wiki is currently in read-only mode.",
                  "readonlyreason": "Database maintenance (fault injected by the test proxy)."}, {}),
    "ratelimited": ({"code": "ratelimited", "info": "As an anti-abuse measure, you are limited from "
                     "performing this action too many times in a short space of time, and you have "
                     "exceeded this limit. Please try again in a few minutes."}, {}),
    "editconflict": ({"code": "editconflict", "info": "Edit conflict."}, {}),
}


@dataclass(frozen=True)
class Request:
    """What the plan sees of one request."""

    seq: int
    wiki: str
    method: str
    params: Mapping[str, str]

    @property
    def action(self) -> str:
        return self.params.get("action", "")

    @property
    def is_edit(self) -> bool:
        return self.action == "edit"

    def describe(self) -> str:
        what = self.action
        if self.action == "query":
            what += ":" + ",".join(v for k in ("list", "prop", "meta") if (v := self.params.get(k)))
        if self.params.get("title"):
            what += f" {self.params['title']}"
        if self.params.get("section") == "new":
            what += " (new section)"
        return f"{self.wiki} #{self.seq} {what}"


Plan = Callable[[Request], "str | None"]


def at(faults: Mapping[int, str]) -> Plan:
    """A plan that faults the requests of the given sequence numbers."""
    return lambda r: faults.get(r.seq)


@dataclass
class RandomPlan:
    """Faults at random (seeded): each read with ``read_rate``, each edit with ``edit_rate``.

    Kinds are drawn from ``kinds``; an edit conflict only on edits; a kind of
    :data:`AFTER_KINDS` comes after the wiki did the request with ``after_rate``.
    ``limit`` caps the faults of one run.
    """

    seed: int
    read_rate: float = 0.08
    edit_rate: float = 0.4
    after_rate: float = 0.5
    kinds: tuple[str, ...] = KINDS
    limit: int = 8
    made: int = 0
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def __call__(self, r: Request) -> str | None:
        roll = self.rng.random()
        if self.made >= self.limit or roll >= (self.edit_rate if r.is_edit else self.read_rate):
            return None
        kinds = [k for k in self.kinds if r.is_edit or k not in EDIT_KINDS]
        kind = self.rng.choice(kinds)
        if kind in AFTER_KINDS and self.rng.random() < self.after_rate:
            kind += "@after"
        self.made += 1
        return kind


@dataclass
class Injected:
    request: str
    fault: str


class FaultProxy:
    """``with FaultProxy(wikis, plan) as proxy:`` one loopback port per wiki of ``wikis``
    (code -> the wiki's real port); :attr:`injected` lists the faults made."""

    def __init__(self, wikis: Mapping[str, int], plan: Plan | None = None) -> None:
        self.plan: Plan = plan or (lambda r: None)
        self.injected: list[Injected] = []
        self.seen: list[str] = []
        self.process: subprocess.Popen[str] | None = None
        self.killed = threading.Event()
        self._lock = threading.Lock()
        self._seq = 0
        self._http = requests.Session()
        self._http.trust_env = False  # never through an outer proxy
        self.servers = {code: self._server(code, port) for code, port in wikis.items()}
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers.values()]

    @property
    def ports(self) -> dict[str, int]:
        return {code: s.server_address[1] for code, s in self.servers.items()}

    def faults(self) -> list[str]:
        return [f.fault for f in self.injected]

    def pywikibot_dir(self, source: Path, target: Path) -> Path:
        """A copy of the pywikibot folder ``source`` whose family file names the proxy's
        ports, with a read time-out of :data:`READ_TIMEOUT` s (cookies and caches left out)."""
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lwp", "apicache*", "throttle.ctrl",
                                                                       "logs", "*.pyc", "__pycache__"))
        (target / "families" / f"{FAMILY}_family.py").write_text(family_file(self.ports))
        config = (source / "user-config.py").read_text().replace(str(source), str(target))
        config += f"socket_timeout = (3, {READ_TIMEOUT})\n"
        (target / "user-config.py").write_text(config)
        return target

    # ------------------------------------------------------------ serving

    def _server(self, code: str, port: int) -> ThreadingHTTPServer:
        proxy = self
        upstream = f"http://127.0.0.1:{port}"

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def handle_one_request(self) -> None:
                try:
                    super().handle_one_request()
                except (ConnectionError, OSError):  # the bot went away (killed, timed out)
                    self.close_connection = True

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                query = self.path.split("?", 1)[1] if "?" in self.path else ""
                params = {k: v[0] for k, v in parse_qs(query).items()}
                if self.command == "POST" and "multipart" not in self.headers.get("Content-Type", ""):
                    params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
                with proxy._lock:
                    proxy._seq += 1
                    req = Request(proxy._seq, code, self.command, params)
                    fault = None if proxy.killed.is_set() else proxy.plan(req)
                    proxy.seen.append(req.describe())
                    if fault:
                        proxy.injected.append(Injected(req.describe(), fault))
                kind, _, phase = (fault or "").partition("@")
                if kind == "kill" and phase != "after":
                    return self._kill()
                if kind in API_ERRORS:
                    return self._api_error(kind)
                if kind and phase != "after" and kind != "truncate":
                    return self._fail(kind)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                try:
                    resp = proxy._http.request(self.command, upstream + self.path, data=body or None,
                                               headers=headers, timeout=300, allow_redirects=False)
                except requests.RequestException:
                    return self._fail("502")
                if kind == "kill":
                    return self._kill()
                if kind and kind != "truncate":
                    return self._fail(kind)
                data = resp.content
                if kind == "truncate":
                    data = data[: max(1, len(data) // 2)]
                self.send_response(resp.status_code)
                for k, v in resp.headers.items():
                    if k.lower() not in HOP_BY_HOP and k.lower() != "set-cookie":
                        self.send_header(k, v)
                for cookie in resp.raw.headers.getlist("Set-Cookie"):
                    self.send_header("Set-Cookie", cookie)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _kill(self) -> None:
                proxy.killed.set()
                if proxy.process is not None:
                    proxy.process.kill()
                self.close_connection = True

            def _fail(self, kind: str) -> None:
                if kind == "drop":
                    self.close_connection = True
                    return
                if kind == "timeout":
                    time.sleep(HOLD)
                    self.close_connection = True
                    return
                page = f"<html><body><h1>{kind} Server Error</h1>injected by the test proxy</body></html>"
                data = page.encode()
                self.send_response(int(kind))
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _api_error(self, kind: str) -> None:
                error, extra = API_ERRORS[kind]
                data = json.dumps({"error": {**error, "docref": "See http://127.0.0.1/api.php"},
                                   "servedby": "faultproxy"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("MediaWiki-API-Error", kind)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _forward
            do_POST = _forward

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return server

    def __enter__(self) -> FaultProxy:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for s in self.servers.values():
            s.shutdown()
            s.server_close()
        self._http.close()


def kinds_of(faults: Iterable[str]) -> dict[str, int]:
    """How many faults of each kind (``503@after`` counts as ``503@after``)."""
    out: dict[str, int] = {}
    for f in faults:
        out[f] = out.get(f, 0) + 1
    return out

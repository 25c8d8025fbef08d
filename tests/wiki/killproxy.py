"""A forward HTTP proxy that kills the bot from outside at the worst moment.

The bot's requests go through it (``HTTP_PROXY``); when a request the test names
reaches the wiki and the wiki has saved it, the proxy kills the bot's process
(SIGKILL) before the answer gets back. The edit is on the wiki; the bot never
learnt it was made: what a crash right after an edit leaves behind.
"""

from __future__ import annotations

import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "host", "content-length"}


class KillingProxy:
    """``with KillingProxy(match) as proxy: proxy.process = Popen(..., env=proxy.env(...))``."""

    def __init__(self, match: Callable[[str, bytes], bool]) -> None:
        self.match = match
        self.process: subprocess.Popen[str] | None = None
        self.killed = threading.Event()
        proxy = self
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                req = urllib.request.Request(self.path, data=body if self.command == "POST" else None,
                                             headers=headers, method=self.command)
                try:
                    with opener.open(req, timeout=120) as resp:
                        status, answer, data = resp.status, resp.headers, resp.read()
                except urllib.error.HTTPError as exc:
                    status, answer, data = exc.code, exc.headers, exc.read()
                if not proxy.killed.is_set() and proxy.match(self.path, body):
                    proxy.killed.set()
                    if proxy.process is not None:
                        proxy.process.kill()
                    self.close_connection = True
                    return
                self.send_response(status)
                for k, v in answer.items():
                    if k.lower() not in HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _forward
            do_POST = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def env(self, env: dict[str, str]) -> dict[str, str]:
        """``env`` with every request of the bot sent through this proxy."""
        url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return {**env, "HTTP_PROXY": url, "http_proxy": url, "NO_PROXY": "", "no_proxy": ""}

    def __enter__(self) -> KillingProxy:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.server.shutdown()
        self.server.server_close()

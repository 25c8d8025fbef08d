"""A real SPARQL engine on 127.0.0.1 for tests, benchmarks and the demo: Oxigraph's server.

    python -m bot.devwiki.sparql_server start [--port 7878] [--data FILE.nt]
    python -m bot.devwiki.sparql_server stop  [--port 7878]

The ``oxigraph`` package (PyPI, a dev dependency) ships the server as a binary. Its
``/query`` endpoint speaks the SPARQL 1.1 protocol as the Wikidata Query Service does
(``query=`` by GET or form POST, JSON results), so the bot sends it the very query it
sends to query.wikidata.org. ``/update`` takes SPARQL updates: a test changes the data
as Wikidata would change (a new sitelink), and ``/store`` loads N-Triples.

The data lives in memory: each start is a clean engine, loaded with the extract that
:mod:`bot.devwiki.wikidata_extract` generates (by default the shipped
``tests/data/wikidata/territory.nt``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.devwiki.wikidata_extract import SHIPPED

RUN_DIR = Path(__file__).resolve().parents[2] / ".devwiki" / "run"
DEFAULT_PORT = 7878


class SparqlServerError(Exception):
    """The engine could not be started or loaded; the message says how to fix it."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of this environment (installed by ``pip install -e '.[dev]'``)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise SparqlServerError("the oxigraph command is missing: run `make venv` (it installs the "
                            "dev dependencies, oxigraph among them).")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SparqlServer:
    """One Oxigraph server process on 127.0.0.1:``port``."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint (what ``[wikidata] endpoint`` names)."""
        return f"{self.base}/query"

    def start(self, data: str | None = None) -> SparqlServer:
        log = RUN_DIR / f"oxigraph-{self.port}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                r = requests.get(self.endpoint, params={"query": "ASK {}"}, timeout=2,
                                 headers={"Accept": "application/sparql-results+json"})
                if r.ok:
                    break
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SparqlServerError(f"oxigraph did not start on port {self.port}; see {log}.")
            time.sleep(0.1)
        if data is not None:
            self.load(data)
        return self

    def load(self, ntriples: str) -> None:
        """Add N-Triples to the default graph."""
        r = requests.post(f"{self.base}/store?default", data=ntriples.encode("utf-8"),
                          headers={"Content-Type": "application/n-triples"}, timeout=300)
        if not r.ok:
            raise SparqlServerError(f"loading the extract failed: HTTP {r.status_code} {r.text[:300]}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (INSERT DATA / DELETE DATA), as an edit on Wikidata would."""
        r = requests.post(f"{self.base}/update", data=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-update"}, timeout=60)
        if not r.ok:
            raise SparqlServerError(f"the update failed: HTTP {r.status_code} {r.text[:300]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _pid_file(port: int) -> Path:
    return RUN_DIR / f"oxigraph-{port}.pid"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="the local SPARQL engine (Oxigraph)")
    sub = p.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="start it in the background, loaded with an extract")
    start.add_argument("--port", type=int, default=DEFAULT_PORT)
    start.add_argument("--data", type=Path, default=SHIPPED, help="N-Triples to load")
    stop = sub.add_parser("stop", help="stop the one started by `start`")
    stop.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = p.parse_args(argv)
    pid_file = _pid_file(args.port)
    if args.command == "start":
        if pid_file.exists():
            print(f"already running: {pid_file.read_text().strip()} (make sparql-stop first)")
            return 0
        server = SparqlServer(args.port).start(args.data.read_text(encoding="utf-8"))
        assert server.proc is not None
        pid_file.write_text(str(server.proc.pid))
        print(f"SPARQL endpoint: {server.endpoint} (pid {server.proc.pid}, data {args.data.name})")
        return 0
    if pid_file.exists():
        pid = int(pid_file.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # the server `start` began, by the id it wrote down
        pid_file.unlink()
        print(f"stopped the SPARQL engine on port {args.port}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

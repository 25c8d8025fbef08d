"""Issue 20 on real wikis and a real SPARQL engine: `editathon worklist draft`.

The local Oxigraph server holds the shipped extract of a made-up district in Wikidata's
RDF shape (tests/data/wikidata/territory.nt); the articles its sitelinks name exist on
the local en, ru and tt wikis. An organizer's contest on tt asks for a draft of the
district's worklist. The test reads the extract itself (its own N-Triples reading and
graph walk, not the bot's query) and checks the draft the bot wrote: every located item
of the chosen kinds once, under the right heading, with the right missing languages.

A failing endpoint (a fault server in front of the engine: 429 with Retry-After, 500,
an answer that is not SPARQL results, no answer in time) stops the command with a
message, exit code 1, and the draft written before is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from bot.aliases import Aliases
from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet
from bot.devwiki.sparql_server import SparqlServer
from bot.devwiki.wikidata_extract import SHIPPED
from bot.i18n import catalog
from bot.parse.worklist import parse_worklist
from tests.wiki.botrun import Bot, period_around_now, prose
from tests.wiki.leaderboard import entries

REPO = Path(__file__).resolve().parents[2]
HOME = "tt"
WIKIS = ("tt", "ru", "en")
CONTEST = "Project:Editathon/Яшел Тау 2026"
TERRITORY = "Q90000000"
TT = catalog("tt")
DRAFT = f"{CONTEST}/{TT.text('worklist-draft-page')}"
ORGANIZER = "Ilsur Organizer"
KINDS = ("settlements", "heritage", "nature", "institutions", "people", "events")
# The default classes of each kind (bot/wikidata_settings.py), written out again here.
CLASSES = {
    "settlements": {"Q486972"}, "heritage": {"Q358", "Q4989906", "Q24398318", "Q57821"},
    "nature": {"Q35145263", "Q473972", "Q4022", "Q23397"}, "institutions": {"Q43229", "Q178706"},
    "people": {"Q5"}, "events": {"Q1190554", "Q1656682"},
}

# ----------------------------------------------------------------- the extract, read by the test

_TRIPLE = re.compile(r'^<([^>]+)> <([^>]+)> (<[^>]+>|"(?:[^"\\]|\\.)*"(?:@[\w-]+)?) \.$')
_WD = "http://www.wikidata.org/entity/"


def read_extract(text: str) -> dict[str, dict[str, set[str]]]:
    """subject -> predicate local name -> objects (IRIs without <>, literals with @lang)."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for line in text.splitlines():
        m = _TRIPLE.match(line)
        assert m, line
        s, p, o = m.groups()
        graph[s.removeprefix(_WD)][re.split(r"[/#]", p)[-1]].add(o.strip("<>").removeprefix(_WD))
    return graph


def expected_draft(text: str) -> dict[str, tuple[str, tuple[str, ...], dict[str, str]]]:
    """qid -> (kind, missing wikis, titles), walking the extract's graph by hand."""
    g = read_extract(text)

    def ancestors(cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(g[c]["P279"])
        return seen

    def located(x: str) -> bool:
        seen, todo = set(), list(g[x]["P131"])
        while todo:
            p = todo.pop()
            if p == TERRITORY:
                return True
            if p not in seen:
                seen.add(p)
                todo.extend(g[p]["P131"])
        return False

    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for props in list(g.values()):
        if props.get("about"):
            (q,) = props["about"]
            (site,) = props["isPartOf"]
            (name,) = props["name"]
            wiki = site.split("//")[1].split(".")[0]
            titles[q][wiki] = name.split('"')[1]
    out = {}
    for x in list(g):
        classes = set().union(*(ancestors(c) for c in g[x]["P31"])) if g[x]["P31"] else set()
        for kind in KINDS:
            if not classes & CLASSES[kind]:
                continue
            where = (any(p == TERRITORY or located(p) for p in g[x]["P19"]) if kind == "people"
                     else located(x))
            if where:
                out[x] = (kind, tuple(w for w in WIKIS if w not in titles[x]), titles[x])
                break
    return out


def read_draft(text: str) -> dict[str, tuple[str, tuple[str, ...], dict[str, str]]]:
    """qid -> (kind, missing wikis, titles) as the draft shows them; each qid must be once."""
    kind_of = {TT.text(f"worklist-draft-heading-{k}"): k for k in KINDS}
    missing_re = re.compile(re.escape(TT.text("worklist-draft-missing", wikis="@")).replace("@", "([a-z][a-z, -]*)"))
    out: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {}
    heading = ""
    for line in text.splitlines():
        if m := re.match(r"^== (.+) ==$", line):
            heading = kind_of[m.group(1)]
        elif line.startswith("* {{Editathon topic"):
            body = line.split("{{", 1)[1].split("}}", 1)[0]
            params = dict(p.split("=", 1) for p in body.split("|")[1:])
            params = {k.strip(): v.strip() for k, v in params.items()}
            qid = params.pop("wikidata")
            assert qid not in out, f"{qid} is listed twice"
            m = missing_re.search(line)
            missing = tuple(m.group(1).split(", ")) if m else ()
            out[qid] = (heading, missing, params)
    return out


# ----------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def sparql() -> Iterator[SparqlServer]:
    with SparqlServer() as server:
        server.start(SHIPPED.read_text(encoding="utf-8"))
        yield server


@pytest.fixture(scope="module")
def contest(wikiset: WikiSet) -> str:
    """The contest on tt, and the articles the extract's sitelinks name on every wiki."""
    by_wiki: dict[str, list[str]] = defaultdict(list)
    for _, _, titles in expected_draft(SHIPPED.read_text(encoding="utf-8")).values():
        for wiki, title in titles.items():
            by_wiki[wiki].append(title)
    for wiki, names in by_wiki.items():
        wikiset.import_dump(wiki, build_dump([
            DumpPage(t, [DumpRevision("Wikidata Seeder", "2025-05-01T10:00:00Z", f"'''{t}'''.")])
            for t in sorted(set(names))], lang=wiki), fast=True)
    start, end = period_around_now()
    org = wikiset.actor(HOME, ORGANIZER)
    org.edit(CONTEST, f"{{{{Editathon\n| start = {start}\n| end = {end}\n| wikis = tt, ru, en\n"
                      f"| organizers = {ORGANIZER}\n}}}}", summary="new contest")
    return CONTEST


def draft(wset: WikiSet, tmp: Path, endpoint: str, *args: str, config: Path | None = None,
          ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(tmp / "state.sqlite"),
           "EDITATHON_SPARQL_ENDPOINT": endpoint}
    if config:
        env["EDITATHON_CONFIG"] = str(config)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "worklist", "draft", "--contest", f"{HOME}:{CONTEST}",
         "--item", TERRITORY, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)


def config_with(tmp: Path, **wikidata: object) -> Path:
    """config/bot.toml with more keys in its [wikidata] table."""
    text = (REPO / "config" / "bot.toml").read_text(encoding="utf-8")
    extra = "".join(f"{k} = {v!r}\n" if not isinstance(v, str) else f'{k} = "{v}"\n'
                    for k, v in wikidata.items())
    path = tmp / "bot.toml"
    path.write_text(text.replace("[wikidata]\n", "[wikidata]\n" + extra), encoding="utf-8")
    return path


def sparql_requests(stdout: str) -> int:
    m = re.search(r"SPARQL requests: (\d+)", stdout)
    assert m, stdout
    return int(m.group(1))


# ----------------------------------------------------------------- tests


def test_the_draft_lists_every_located_item_once_with_its_missing_languages(
    wikiset: WikiSet, sparql: SparqlServer, contest: str, tmp_path: Path,
) -> None:
    expected = expected_draft(SHIPPED.read_text(encoding="utf-8"))
    assert len(expected) > 200 and {k for k, _, _ in expected.values()} == set(KINDS)
    assert any(not missing for _, missing, _ in expected.values())  # some have all three articles

    proc = draft(wikiset, tmp_path, sparql.endpoint)
    assert proc.returncode == 0, proc.stderr
    text = wikiset.anonymous(HOME).page_text(DRAFT)
    assert text is not None, proc.stdout
    got = read_draft(text)
    assert got == expected
    # Most missing languages first, under each heading.
    order = [len(missing) for _, missing, _ in got.values()]
    kinds_in_order = [kind for kind, _, _ in got.values()]
    for kind in KINDS:
        counts = [n for n, k in zip(order, kinds_in_order, strict=True) if k == kind]
        assert counts == sorted(counts, reverse=True)
    # The lines are worklist topics as organizers will move them.
    worklist, problems = parse_worklist(text, wiki=HOME, page=DRAFT, aliases=Aliases.build(),
                                        known_wikis=frozenset(WIKIS))
    assert problems == [] and len(worklist.topics) == len(expected)
    # The articles it names exist on the local wikis.
    some = [(w, t) for _, _, titles in list(expected.values())[:40] for w, t in titles.items()]
    assert some and all(wikiset.anonymous(w).page_text(t) for w, t in some)
    assert sparql_requests(proc.stdout) == 2  # the territory's label, one page of items

    # Paged: 40 items a request gives the same draft.
    small = draft(wikiset, tmp_path, sparql.endpoint, "--simulate",
                  config=config_with(tmp_path, page_size=40))
    assert small.returncode == 0, small.stderr
    assert sparql_requests(small.stdout) == 1 + len(expected) // 40 + 1
    assert read_draft(small.stdout) == expected
    assert wikiset.anonymous(HOME).page_text(DRAFT) == text  # --simulate wrote nothing


def test_a_small_page_budget_splits_the_draft_over_numbered_pages(
    wikiset: WikiSet, sparql: SparqlServer, contest: str, tmp_path: Path,
) -> None:
    expected = expected_draft(SHIPPED.read_text(encoding="utf-8"))
    proc = draft(wikiset, tmp_path, sparql.endpoint, "--kinds", "settlements,heritage,people",
                 config=config_with(tmp_path, page_kb=10))
    assert proc.returncode == 0, proc.stderr
    reader = wikiset.anonymous(HOME)
    texts = []
    part = 1
    while (t := reader.page_text(DRAFT if part == 1 else f"{DRAFT}/{part}")) is not None:
        texts.append(t)
        part += 1
    assert len(texts) >= 2
    assert all(len(t.encode()) <= 10 * 1024 for t in texts)
    got: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {}
    for t in texts:
        page = read_draft(t)
        assert not set(page) & set(got)
        got.update(page)
    assert got == {q: v for q, v in expected.items() if v[0] in {"settlements", "heritage", "people"}}

    # A shorter draft afterwards: the parts it no longer needs say so.
    again = draft(wikiset, tmp_path, sparql.endpoint, "--kinds", "events")
    assert again.returncode == 0, again.stderr
    assert TT.text("worklist-draft-unused", date="", parts=1, first="")[:20] in (
        reader.page_text(f"{DRAFT}/2") or "")


class Fault:
    """A fault server in front of the engine: the first ``ok`` requests pass, then ``mode``."""

    def __init__(self, upstream: str, mode: str, ok: int) -> None:
        self.upstream, self.mode, self.ok, self.seen = upstream, mode, ok, 0
        fault = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, body: bytes | None) -> None:
                fault.seen += 1
                if fault.seen <= fault.ok:
                    if body is None:
                        r = requests.get(fault.upstream + "?" + self.path.split("?", 1)[1],
                                         headers={"Accept": self.headers["Accept"]}, timeout=30)
                    else:
                        r = requests.post(fault.upstream, data=body, timeout=30, headers={
                            "Accept": self.headers["Accept"],
                            "Content-Type": self.headers["Content-Type"]})
                    self._send(r.status_code, r.content, r.headers.get("Content-Type", ""))
                elif fault.mode == "429":
                    self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "120"})
                elif fault.mode == "500":
                    self._send(500, b"java.util.concurrent.TimeoutException", "text/plain")
                elif fault.mode == "garbage":
                    self._send(200, b"<html>Service unavailable</html>", "text/html")
                else:  # slow
                    time.sleep(3)
                    self._send(200, b"{}", "application/json")

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._answer(None)

            def do_POST(self) -> None:
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/query"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("mode", "message"), [
    ("429", "HTTP 429, too many requests). Try again after 120 s"),
    ("500", "failed (HTTP 500"),
    ("garbage", "not SPARQL JSON results"),
    ("slow", "did not answer within 1 s"),
])
def test_a_failing_endpoint_leaves_the_draft_as_it_was(
    wikiset: WikiSet, sparql: SparqlServer, contest: str, tmp_path: Path, mode: str, message: str,
) -> None:
    reader = wikiset.anonymous(HOME)
    if reader.latest_revid(DRAFT) is None:
        assert draft(wikiset, tmp_path, sparql.endpoint).returncode == 0
    before = (reader.latest_revid(DRAFT), reader.latest_revid(CONTEST))
    fault = Fault(sparql.endpoint, mode, ok=2)  # the label and a first page pass, then the fault
    try:
        proc = draft(wikiset, tmp_path, fault.endpoint, config=config_with(tmp_path, page_size=40, timeout=1))
    finally:
        fault.close()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert "Nothing was written" in proc.stderr
    assert sparql_requests(proc.stdout) == 3
    assert (reader.latest_revid(DRAFT), reader.latest_revid(CONTEST)) == before


# ----------------------------------------------------------------- topics that follow Wikidata

FOLLOW = "Project:Editathon/Яшел Тау мирасы"
WRITER = "Alsu Yazuchy"
STATUS, WHY, POINTS = (TT.text(k) for k in ("leaderboard-col-status", "leaderboard-col-reason",
                                            "leaderboard-col-points"))


def test_a_new_tt_article_linked_to_a_worklist_item_counts_for_its_topic(
    wikiset: WikiSet, sparql: SparqlServer, contest: str, tmp_path: Path,
) -> None:
    """The worklist names only the ru article of an item; Alsu writes the tt one and links
    it on Wikidata (here: the extract updated as Wikidata would be). The next run counts it
    for the topic; a run with nothing new asks the endpoint at most once."""
    expected = expected_draft(SHIPPED.read_text(encoding="utf-8"))
    qid, (_, _, titles) = next((q, v) for q, v in sorted(expected.items())
                               if v[0] == "heritage" and set(v[2]) == {"ru"})
    start, end = period_around_now()
    org = wikiset.actor(HOME, ORGANIZER)
    org.edit(FOLLOW, f"{{{{Editathon\n| start = {start}\n| end = {end}\n| wikis = tt, ru\n"
                     f"| organizers = {ORGANIZER}\n}}}}\n{{{{Editathon rule | new | 10 }}}}\n"
                     "{{Editathon criterion | worklist }}\n", summary="contest")
    org.edit(f"{FOLLOW}/Worklist", f"== Мирас ==\n* {{{{Editathon topic | ru = {titles['ru']} | "
                                   f"wikidata = {qid} }}}}\n", summary="worklist")
    org.edit(f"{FOLLOW}/Participants", "", summary="participants")
    wikiset.actor(HOME, WRITER).append(f"{FOLLOW}/Participants", "\n# ~~~~", "signing up")
    time.sleep(1.1)
    article = "Яшел Тау мәчете (яңа)"
    wikiset.actor(HOME, WRITER).edit(article, prose(120, "tt"), "яңа мәкалә")
    bot = Bot(wikiset, tmp_path / "follow.sqlite", env={"EDITATHON_SPARQL_ENDPOINT": sparql.endpoint})

    first = bot.run("--contest", f"{HOME}:{FOLLOW}")
    row = entries(wikiset.anonymous(HOME).page_text(f"{FOLLOW}/Leaderboard") or "")[article]
    assert row[STATUS] == TT.text("entry-status-not-an-entry")
    assert row[WHY] == TT.text("reason-not-on-worklist")
    assert first.requests.get("wikidata") == 1, first.stdout

    url = f"https://tt.wikipedia.org/wiki/{article.replace(' ', '_')}"
    sparql.update(
        "PREFIX wd: <http://www.wikidata.org/entity/>\nPREFIX schema: <http://schema.org/>\n"
        f"INSERT DATA {{ <{url}> schema:about wd:{qid} ; schema:isPartOf <https://tt.wikipedia.org/> ;"
        f' schema:name "{article}"@tt . }}')

    second = bot.run("--contest", f"{HOME}:{FOLLOW}")
    assert second.requests.get("wikidata") == 1, second.stdout
    row = entries(wikiset.anonymous(HOME).page_text(f"{FOLLOW}/Leaderboard") or "")[article]
    # No jury: nobody can reject, so it counts (docs/scoring.md, Jury decisions).
    assert row[STATUS] in (TT.text("entry-status-counted"), TT.text("entry-status-provisional")), row
    assert row[POINTS] == "10"
    status = wikiset.anonymous(HOME).page_text(f"{FOLLOW}/Worklist status") or ""
    line = next(ln for ln in status.splitlines() if article in ln)
    assert WRITER in line or WRITER in status.split(article, 1)[1].split("\n|-", 1)[0]

    third = bot.run("--contest", f"{HOME}:{FOLLOW}")
    assert third.requests.get("wikidata", 0) <= 1
    assert third.edits == 0

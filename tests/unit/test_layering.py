"""The architecture as a test: layers that import one way, a pure core, and one
module per outside library.

Only ``bot/wiki.py`` may talk to pywikibot, only ``bot/store.py`` to SQLite through
sqlite-utils, only ``bot/service.py`` to APScheduler, only ``bot/words.py`` to ICU
(PyICU; pure, but one owner per outside library all the same), only ``bot/sparql.py`` to
a SPARQL endpoint through requests. The local-wiki harness
under ``bot/devwiki`` is test tooling and may write pywikibot's files. The pure core must
import in a fresh interpreter without pulling any of them in.

The import graph is read from the source (every ``import`` and ``from ... import`` of
``bot``, in functions and under ``TYPE_CHECKING`` too): it must have no circle, and
no module may import a module of a higher layer than its own (:data:`LAYERS`).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

OWNERS = {
    "pywikibot": {"wiki.py"},
    "sqlite_utils": {"store.py"},
    "apscheduler": {"service.py"},
    "icu": {"words.py"},
    "requests": {"sparql.py"},
}

PURE = [
    "bot.model", "bot.aliases", "bot.alias_files", "bot.parse.contest", "bot.parse.signup",
    "bot.parse.worklist", "bot.parse.jury", "bot.trust", "bot.trust.parsed", "bot.measure",
    "bot.counted", "bot.topics", "bot.rules", "bot.criteria", "bot.verdicts", "bot.ranking",
    "bot.score", "bot.i18n", "bot.render", "bot.stats", "bot.chart", "bot.notices", "bot.kit",
    "bot.words", "bot.wikidata_query", "bot.wikidata_settings", "bot.worklist_draft", "bot.chain", "bot.fingerprint",
]


#: The layers, lowest first: a module may import its own layer and the ones before it.
#: Each module belongs to the layer of the longest prefix that names it (a package names
#: its modules; ``bot`` only itself); a new module that matches none fails the test
#: until it is given its place here.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core", (
        "bot", "bot.contract", "bot.model", "bot.records", "bot.aliases", "bot.alias_files", "bot.i18n",
        "bot.parse", "bot.trust", "bot.measure", "bot.counted", "bot.article", "bot.topics",
        "bot.rules", "bot.criteria", "bot.verdicts", "bot.ranking", "bot.score", "bot.render",
        "bot.stats", "bot.chart", "bot.notices", "bot.kit", "bot.report", "bot.edition", "bot.extensions",
        "bot.words", "bot.package_data", "bot.wikidata_topics", "bot.invitations", "bot.chain", "bot.years",
        "bot.fingerprint",
    )),
    ("config", ("bot.config", "bot.config_schema", "bot.config_report", "bot.local_names",
                "bot.wikidata_settings", "bot.wikidata_query",
                "bot.worklist_draft")),
    ("edges", ("bot.wiki", "bot.wiki_reads", "bot.reads", "bot.store", "bot.store_schema", "bot.sparql",
               "bot.retry_log", "bot.devwiki")),
    ("run", ("bot.run",)),
    ("commands", ("bot.cli", "bot.service", "bot.demo", "bot.console")),
]


def modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in BOT.rglob("*.py"):
        parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The ``bot`` modules ``name`` imports anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name == "bot" or a.name.startswith("bot.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if base != "bot" and not base.startswith("bot."):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in known else base)
    return out - {name}


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def layer_of(name: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = name == prefix or (prefix != "bot" and name.startswith(prefix + "."))
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def upward(graph: dict[str, set[str]]) -> list[str]:
    out = []
    for name, targets in sorted(graph.items()):
        mine = layer_of(name)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                out.append(f"{name} ({LAYERS[mine][0]}) imports {target} ({LAYERS[theirs][0]})")
    return out


def test_every_module_has_a_layer() -> None:
    assert [m for m in sorted(modules()) if layer_of(m) is None] == []


def test_no_import_circle_in_bot() -> None:
    assert circles(import_graph()) == []


def test_no_module_imports_a_higher_layer() -> None:
    assert upward(import_graph()) == []


def test_the_checks_catch_a_circle_and_an_upward_import() -> None:
    """The checks themselves: a made-up graph with one circle and one upward import."""
    graph = {"bot.run.update": {"bot.run.notify"}, "bot.run.notify": {"bot.run.update"},
             "bot.score": {"bot.run.context"}, "bot.run.context": set()}
    assert circles(graph) == [["bot.run.notify", "bot.run.update"]]
    assert upward(graph) == ["bot.score (core) imports bot.run.context (run)"]
    assert imports_of("bot.run.update", BOT / "run" / "update.py", set(modules())) >= {
        "bot.run.notify", "bot.run.publisher", "bot.model"}


def test_only_the_orchestrator_runs_contests() -> None:
    """Nothing in the run imports the orchestrator back; only the commands call it."""
    graph = import_graph()
    callers = sorted(m for m, targets in graph.items() if "bot.run.update" in targets)
    assert all(layer_of(m) == len(LAYERS) - 1 for m in callers), callers


def test_each_outside_library_is_imported_by_one_module_only() -> None:
    offenders = []
    for path in BOT.rglob("*.py"):
        rel = path.relative_to(BOT)
        if rel.parts[0] == "devwiki":
            continue
        text = path.read_text(encoding="utf-8")
        for lib, owners in OWNERS.items():
            if re.search(rf"^\s*(import|from)\s+{lib}\b", text, re.M) and str(rel) not in owners:
                offenders.append(f"{rel} imports {lib}")
    assert offenders == []


def test_pure_core_imports_no_io_library() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE)
        + "bad = [m for m in ('pywikibot', 'sqlite_utils', 'apscheduler', 'requests') if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_the_package_does_nothing() -> None:
    """Nothing at import time: no config read, no logging set up, no output."""
    code = "import logging, bot, bot.run.update, bot.cli; print(len(logging.getLogger().handlers))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
    assert out.stderr == ""


def test_one_place_decides_whether_a_run_writes() -> None:
    """Only the publisher reads a run's ``simulate`` and calls a session's ``save``."""
    readers: set[str] = set()
    savers: set[str] = set()
    for path in (BOT / "run").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "simulate":
                readers.add(path.name)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "save":
                savers.add(path.name)
    assert readers == {"publisher.py"}
    assert savers == {"publisher.py"}

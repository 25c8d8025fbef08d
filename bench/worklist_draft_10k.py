"""A city with 10,000 located items: `editathon worklist draft` on the local engine and wikis.

    make bench-draft          (or: .venv/bin/python -m bench.worklist_draft_10k [--items N])

Generates a territory in Wikidata's shape (bot/devwiki/wikidata_extract.py) large enough
that at least ``--items`` items of the draft's kinds are located in it, loads it into a
fresh Oxigraph server, starts a fresh copy of the local wikis, creates the contest on tt
and runs the real command, as the operator does. Prints: items located and listed, the
SPARQL requests, pages written and the largest against the wiki's ``maxarticlesize`` and
the page budget, and the time. Asserts nothing; exit 2 when the command failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.devwiki import harness
from bot.devwiki.sparql_server import SparqlServer
from bot.devwiki.wikidata_extract import TERRITORY, generate

REPO = Path(__file__).resolve().parents[1]
CONTEST = "Project:Editathon/Big city"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--items", type=int, default=10_000, help="located items of the draft's kinds")
    args = p.parse_args(argv)
    t0 = time.monotonic()
    # About 84% of generated items are located in the territory and of a listed kind.
    extract = generate(int(args.items / 0.83) + 100, seed=10)
    listed = sum(1 for kind in extract.made.values()
                 if kind.endswith(f"@{TERRITORY}") and not kind.startswith("streets"))
    print(f"extract: {len(extract.triples)} triples, {len(extract.made)} items, "
          f"{listed} located in {TERRITORY} of a listed kind ({time.monotonic() - t0:.1f} s)")
    harness.ensure_pristine()
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp, SparqlServer() as sparql:
        sparql.start(extract.text())
        wset = harness.new_wikiset(Path(tmp) / "wikis")
        try:
            org = wset.actor("tt", "Bench Organizer")
            org.edit(CONTEST, "{{Editathon\n| start = 2026-11-01\n| end = 2026-11-30\n"
                              "| wikis = tt, ru, en\n| organizers = Bench Organizer\n}}", summary="contest")
            env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(Path(tmp) / "state.sqlite"),
                   "EDITATHON_SPARQL_ENDPOINT": sparql.endpoint}
            t1 = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "bot.cli", "worklist", "draft", "--contest", f"tt:{CONTEST}",
                 "--item", TERRITORY], env=env, cwd=REPO, capture_output=True, text=True, timeout=1800)
            took = time.monotonic() - t1
            print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "(no output)")
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 2
            reader = wset.anonymous("tt")
            general = reader.query(meta="siteinfo", siprop="general")["query"]["general"]
            limit = int(general["maxarticlesize"])
            titles = [line.split("tt:", 1)[1] for line in proc.stdout.splitlines()
                      if line.startswith("wrote tt:")]
            sizes = []
            listed_on_wiki = 0
            for title in titles:
                text = reader.page_text(title) or ""
                sizes.append(len(text.encode("utf-8")))
                listed_on_wiki += text.count("| wikidata = Q")
            print(f"pages written: {len(titles)}; largest {max(sizes)} bytes; wiki limit "
                  f"(maxarticlesize) {limit} bytes; every page under it: {max(sizes) <= limit}")
            print(f"items on the pages: {listed_on_wiki} (located of a listed kind: {listed}); "
                  f"command took {took:.1f} s")
        finally:
            wset.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make reliability`: run the reliability suites and print one table of what they measured.

Each row comes from a run made here, never from a number written down: the parser fuzz
(hypothesis, ``EDITATHON_FUZZ_EXAMPLES`` inputs per parser, default 100,000), and the
real-wiki modules of the authorization matrix, the history gaps, hostile text and the
holes issue 17 fixed, each read from pytest's JUnit XML (one test case per attack, per
hostile string, per hole), and the faults and kills over a contest's life
(:mod:`bench.faults`: 200 faults injected by an HTTP proxy, 50 SIGKILLs).

    python -m bench.reliability [--fuzz N] [--faults N] [--kills N] [--no-wiki] [--no-fuzz] [--no-faults]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]

WIKI_MODULES = {
    "attacks": "tests/wiki/test_attacks.py",
    "gaps": "tests/wiki/test_history_gaps.py",
    "hostile": "tests/wiki/test_hostile_text.py",
    "names": "tests/wiki/test_user_names.py",
    "kit": "tests/wiki/test_kit_prefixes.py",
    "rights": "tests/wiki/test_devwiki_rights.py",
    "flood": "tests/wiki/test_flood.py",
    "saves": "tests/wiki/test_refused_saves.py",
}


@dataclass
class Cases:
    """Test cases of one run: name -> passed."""

    results: dict[str, bool]
    seconds: float

    def count(self, prefix: str) -> tuple[int, int]:
        """(cases whose name starts with ``prefix``, of which passed)."""
        hits = [ok for name, ok in self.results.items() if name.startswith(prefix)]
        return len(hits), sum(hits)


def run_pytest(args: list[str], env: dict[str, str] | None = None) -> Cases:
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        started = time.monotonic()
        proc = subprocess.run([*PYTEST, f"--junitxml={xml}", *args], cwd=REPO,
                              env={**os.environ, **(env or {})}, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if not xml.exists():
            print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
            return Cases({}, seconds)
        results: dict[str, bool] = {}
        for case in ET.parse(xml).getroot().iter("testcase"):
            failed = any(child.tag in ("failure", "error") for child in case)
            results[case.get("name", "")] = not failed
        if proc.returncode not in (0, 1):
            print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
        return Cases(results, seconds)


def fuzz(examples: int) -> tuple[dict[str, int], Cases]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "fuzz.json"
        cases = run_pytest(
            ["tests/unit/test_parse_robustness.py", "-k", "never_raises"],
            {"EDITATHON_FUZZ_EXAMPLES": str(examples), "EDITATHON_FUZZ_REPORT": str(report)},
        )
        counts = json.loads(report.read_text()) if report.exists() else {}
    return counts, cases


def table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [f"+{line}+"]
    for n, row in enumerate(rows):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            out.append(f"+{line}+")
    out.append(f"+{line}+")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fuzz", type=int, default=int(os.environ.get("EDITATHON_FUZZ_EXAMPLES", "100000")),
                    help="generated inputs per parser (default 100000)")
    ap.add_argument("--no-fuzz", action="store_true")
    ap.add_argument("--no-wiki", action="store_true")
    ap.add_argument("--faults", type=int, default=200, help="faults injected over the life (default 200)")
    ap.add_argument("--kills", type=int, default=50, help="SIGKILLs at random points (default 50)")
    ap.add_argument("--no-faults", action="store_true", help="leave out the faults and kills")
    args = ap.parse_args(argv)

    rows: list[tuple[str, str, str]] = [("what", "measured", "result")]
    ok = True
    if not args.no_wiki:
        runs = {k: run_pytest([m]) for k, m in WIKI_MODULES.items()}
        tried, rejected = runs["attacks"].count("test_attack_is_ignored_and_reported")
        gaps, gaps_ok = runs["gaps"].count("test_")
        rows.append(("attacks on contract section 3 (real wiki)", f"{tried} + {gaps} history gaps",
                     f"{rejected + gaps_ok} rejected, {tried + gaps - rejected - gaps_ok} accepted"))
        strings, inert = runs["hostile"].count("test_hostile_string_is_never_live")
        rows.append(("hostile strings in user-controlled fields", f"{strings} strings, 4 pages parsed",
                     f"{inert} inert, {strings - inert} live"))
        holes = {"history gap (revision deletion, partial undelete; signup, jury, contest)": "gaps",
                 "names with ' & * in signatures": "names", "kit new outside the prefixes": "kit",
                 "local wikis: rights, sessions kept": "rights",
                 "flood of 20,000 lines on the jury and signup pages": "flood",
                 "refused saves and a stopped wiki fail the run": "saves"}
        for label, key in holes.items():
            n, passed = runs[key].count("test_")
            rows.append((f"hole: {label}", f"{n} real-wiki tests", f"{passed} pass"))
        for cases in runs.values():
            ok &= bool(cases.results) and all(cases.results.values())
        wiki_seconds = sum(c.seconds for c in runs.values())
        rows.append(("real-wiki reliability modules", f"{len(runs)} modules", f"{wiki_seconds:.0f} s"))
    if not args.no_fuzz:
        counts, cases = fuzz(args.fuzz)
        for parser in ("contest", "signup", "jury", "worklist"):
            n = counts.get(parser, 0)
            passed = cases.results.get(f"test_{parser}_parser_never_raises", False)
            rows.append((f"fuzz: {parser} parser (hypothesis)", f"{n:,} inputs",
                         "0 exceptions" if passed else "FAILED (see pytest)"))
            ok &= passed and n >= args.fuzz
        rows.append(("fuzz run", f"{len(counts)} parsers", f"{cases.seconds:.0f} s"))
    if not args.no_faults:
        from bench import faults  # the real-wiki harness: only when the faults run

        print(f"faults and kills over a contest's life ({args.faults} faults, {args.kills} kills):",
              flush=True)
        fig = faults.run(args.faults, args.kills, seed=17)
        rows += faults.rows(fig)
        ok &= not fig.failed and fig.injected >= args.faults and fig.killed >= args.kills
    print(table(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Peak memory of a bot run as the revisions it reads grow from N to 4N.

    make bench                       (or: .venv/bin/python -m bench.memory [--scale 1])

The target (DEVELOPERS.md): memory stays flat as revisions grow. Each series replays a
contest at size N and at 4N into fresh local wikis and runs the bot twice (a first run,
which reads and measures every revision, then a run with nothing new); the bot process
reports its own peak RSS (VmHWM). A baseline run on wikis without any contest shows
the fixed part (Python, pywikibot, the bot's modules).

* ``article revisions``: the same participants, each article 4 times as many revisions
  (each revision adds a section, so the texts also grow).
* ``participants``: 4 times as many participants, hence 4 times as many signup revisions
  on ``B/Participants`` (whose history the trust ledger reads with text) and articles.

Each replayed shape is kept in ``.devwiki/bench-cache/`` (``bench.support.replayed_wikis``,
keyed by the shape, its dates and the pristine build), so a second measurement on the same
day starts from a copy in seconds; ``--no-cache`` replays afresh. Each run is on its own copy.

Prints figures, with the load average they were measured at; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import support as S

FLAT = 1.1  # "flat": 4 times the revisions cost at most 10% more peak memory
SIGNUPS = 1.2  # issue 16: a first run at 4 times the signups peaks within 1.2 times


@dataclass
class Point:
    series: str
    size: str
    revisions: int
    first_mb: float
    first_s: float
    first_requests: int
    again_mb: float


def measure(series: str, size: str, scenario: S.Scenario, *, cache: bool = True) -> Point:
    root = Path(tempfile.mkdtemp(prefix="editathon-bench-mem-"))
    wset, _, _ = S.replayed_wikis(root, [scenario], cache=cache)
    try:
        state = root / "state.sqlite"
        first = S.run_bot(wset, state, trace=False)
        again = S.run_bot(wset, state, trace=False)
        for run in (first, again):
            if run.returncode != 0:
                print(f"  {series} {size}: the bot reported a failure:\n{run.stdout}\n{run.stderr[-2000:]}")
        return Point(series, size, scenario.revisions, first.max_rss_kb / 1024, first.seconds,
                     first.total_requests, again.max_rss_kb / 1024)
    finally:
        wset.stop()
        shutil.rmtree(root, ignore_errors=True)


def baseline() -> float:
    """Peak RSS of a first run on wikis with no contest at all."""
    root = Path(tempfile.mkdtemp(prefix="editathon-bench-mem-"))
    wset = S.start_wikis(root)
    try:
        return S.run_bot(wset, root / "state.sqlite", trace=False).max_rss_kb / 1024
    finally:
        wset.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1)")
    ap.add_argument("--series", choices=["article revisions", "participants"], action="append",
                    help="only this series (repeatable; default: both)")
    ap.add_argument("--no-cache", action="store_true", help="replay every shape afresh (not from the cache)")
    args = ap.parse_args(argv)
    k = args.scale

    people = max(3, round(60 * k))
    revs = max(1, round(5 * k))
    small = max(3, round(75 * k))
    series = [
        ("article revisions", "N", S.build_scenario(participants=people, revisions_per_article=(revs,))),
        ("article revisions", "4N", S.build_scenario(participants=people, revisions_per_article=(4 * revs,))),
        ("participants", "N", S.build_scenario(participants=small, revisions_per_article=(2,))),
        ("participants", "4N", S.build_scenario(participants=4 * small, revisions_per_article=(2,))),
    ]
    series = [x for x in series if not args.series or x[0] in args.series]
    print(S.code_version())
    base = baseline()
    print(f"baseline (no contest): peak RSS {base:.0f} MB")
    points = []
    for name, size, scenario in series:
        p = measure(name, size, scenario, cache=not args.no_cache)
        points.append(p)
        print(f"{name} {size}: {p.revisions} revisions, first run {p.first_mb:.1f} MB in {p.first_s:.1f} s "
              f"({p.first_requests} requests), run with nothing new {p.again_mb:.1f} MB "
              f"(load average {os.getloadavg()[0]:.1f})", flush=True)

    rows = []
    for name in dict.fromkeys(p.series for p in points):
        n, n4 = (p for p in points if p.series == name)
        slope = (n4.first_mb - n.first_mb) / max(1, n4.revisions - n.revisions) * 1000
        rows.append([name, n.revisions, n4.revisions, f"{n.first_mb:.0f}", f"{n4.first_mb:.0f}",
                     f"{n4.first_mb / n.first_mb:.2f}", f"{slope:.1f}",
                     f"{n.again_mb:.0f}", f"{n4.again_mb:.0f}",
                     "yes" if n4.first_mb <= FLAT * n.first_mb else "NO"])
    print("\npeak RSS of the bot process (MB): first run and run with nothing new, at N and 4N revisions")
    print(S.table(rows, ["series", "N revs", "4N revs", "first N", "first 4N", "4N/N",
                         "MB per 1000 revs", "again N", "again 4N", f"flat (4N <= {FLAT} N)"]))
    for p in points:
        if p.series == "participants" and p.size == "4N":
            n = next(q for q in points if q.series == "participants" and q.size == "N")
            ratio = p.first_mb / n.first_mb
            print(f"\nfirst run at 4N signups within {SIGNUPS} x N (issue 16): "
                  f"{'yes' if ratio <= SIGNUPS else 'NO'} ({ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Requests of a 300-participant contest on 3 wikis: first run, a run with nothing new, one new article.

    make bench                       (or: .venv/bin/python -m bench.requests_300 [--participants N])

The targets (DEVELOPERS.md): a run with nothing new makes at most 1 request per wiki plus
2 per contest and no edit; a first run makes at most 1.1 times the requests that batching
allows (50 users or revisions a request). The "batching allows" minimum is computed from
the replayed data, component by component (see :func:`minimum_first_run`), so a miss
shows which component the extra requests belong to; the trace then names the bot
function and the API request that made them.

Prints figures; asserts nothing. Exit status 0 even when a target is missed (the table
says so), 2 when the bot itself failed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

from bench import support as S
from bot.config import load_config
from bot.devwiki.harness import WikiSet

# Which component of the minimum a traced request belongs to: by the wiki.py method that
# made it, or (pywikibot's own requests) by the bot function it happened in.
COMPONENT_BY_METHOD = {
    "recent_changes": "recent changes",
    "pages_with_prefix": "discovery",
    "contributions": "contributions",
    "moves": "draft moves",
    "page_details": "article histories",
    "texts": "revision texts",
    "latest_revids": "contest pages",
    "history": "contest pages",
    "admins": "contest pages",
    "registrations": "registrations",
    "category_tree": "categories",
}
COMPONENTS = ["site info", "recent changes", "discovery", "contributions", "draft moves", "article histories",
              "revision texts", "contest pages", "registrations", "categories", "writes", "other"]


def component(record: dict[str, object]) -> str:
    label, method, caller = str(record["label"]), str(record["method"]), str(record["caller"])
    if "meta=siteinfo" in label:
        return "site info"
    if method in COMPONENT_BY_METHOD:
        return COMPONENT_BY_METHOD[method]
    if caller.startswith(("update.write", "update.stopped", "status.")) or method in (
            "save", "_login", "login", "stopped", "page_text"):
        return "writes"
    return "other"


def edited_titles(run: S.BotRun) -> dict[str, list[str]]:
    """Per wiki, the titles of the bot's ``action=edit`` requests in a run."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in run.trace:
        if r["label"] == "edit":
            params = r["params"]
            assert isinstance(params, dict)
            out[run.hosts.get(str(r["host"]), str(r["host"]))].append(str(params.get("title", "")))
    return out


def write_minimum(titles: list[str], *, login: int, status_page: str) -> int:
    """A login, one request per edit, and a stop-page check before each contest's writes and
    before the status page (contract §5), on a wiki the bot edits.

    ``login``: 3 with no saved session (login token, ``action=login``, csrf token), 1 with one
    (the csrf token).
    """
    if not titles:
        return 0
    status = [t for t in titles if t.split(":", 1)[-1] == status_page.split(":", 1)[-1]]  # any local ns name
    phases = int(len(status) < len(titles)) + int(bool(status))
    return login + len(titles) + phases


def minimum_first_run(s: S.Scenario, edits: dict[str, list[str]], prefixes: dict[str, int],
                      draft_namespaces: dict[str, int], status_page: str) -> dict[str, Counter[str]]:
    """Per wiki and component, the fewest requests a first run needs with 50-per-request batching.

    * site info: 1 per wiki (namespace names; pywikibot then caches it on disk);
    * discovery: 1 ``list=allpages`` per allowed prefix (no recent-changes cursor yet);
    * contributions: ceil(participants / 50) per wiki (every participant may write on every wiki);
    * draft moves: 1 ``list=logevents`` per draft namespace (``lenamespace`` takes one);
    * article histories: 1 per article page (full history is one page a request);
    * revision texts: ceil(revisions to measure / 50) per wiki (here every article revision:
      all are the participant's, in the period);
    * contest pages (home): 1 ``prop=info`` on B and its subpages, ceil(revisions / 50) per page
      history with text (B, Participants, Worklist, Jury), 1 for the administrators;
    * writes: see :func:`write_minimum` (the pages the run did edit, a fresh login).
    """
    out: dict[str, Counter[str]] = {}
    for w in S.WIKIS:
        c: Counter[str] = Counter()
        c["site info"] = 1
        c["discovery"] = prefixes[w]
        c["contributions"] = S.ceil_div(len(s.users))
        c["draft moves"] = draft_namespaces[w]
        arts = s.articles_on(w)
        c["article histories"] = len(arts)
        c["revision texts"] = S.ceil_div(sum(a.revisions for a in arts))
        if w == S.HOME:
            c["contest pages"] = 1 + sum(S.ceil_div(n) for n in s.page_revisions.values()) + 1
        c["writes"] = write_minimum(edits.get(w, []), login=3, status_page=status_page)
        out[w] = c
    return out


def minimum_nothing_new(contests: int = 1) -> int:
    """The target itself: 1 request per wiki (recent changes) plus 2 per contest."""
    return len(S.WIKIS) + 2 * contests


def minimum_one_article(edits: dict[str, list[str]], wiki: str, status_page: str) -> dict[str, Counter[str]]:
    """Recent changes on each wiki, the contest's info, the new page's history and text, the writes."""
    out: dict[str, Counter[str]] = {}
    for w in S.WIKIS:
        c: Counter[str] = Counter({"recent changes": 1})
        if w == S.HOME:
            c["contest pages"] = 1
        if w == wiki:
            c["article histories"] = 1
            c["revision texts"] = 1
        c["writes"] = write_minimum(edits.get(w, []), login=1, status_page=status_page)
        out[w] = c
    return out


def actual(run: S.BotRun) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in run.trace:
        out[run.hosts.get(str(r["host"]), str(r["host"]))][component(r)] += 1
    return out


def compare(title: str, minimum: dict[str, Counter[str]], run: S.BotRun) -> tuple[int, int]:
    """Print minimum vs actual per component and wiki; return (actual total, minimum total)."""
    got = actual(run)
    rows = []
    for comp in COMPONENTS:
        mins = [minimum.get(w, Counter())[comp] for w in S.WIKIS]
        acts = [got.get(w, Counter())[comp] for w in S.WIKIS]
        if not any(mins) and not any(acts):
            continue
        rows.append([comp] + [f"{a}/{m}" for a, m in zip(acts, mins, strict=True)]
                    + [f"{sum(acts)}/{sum(mins)}"])
    tot_a = sum(sum(c.values()) for c in got.values())
    tot_m = sum(sum(c.values()) for c in minimum.values())
    rows.append(["total"] + [f"{sum(got.get(w, Counter()).values())}/{sum(minimum[w].values())}"
                             for w in S.WIKIS] + [f"{tot_a}/{tot_m}"])
    print(f"\n{title}: requests actual/minimum")
    print(S.table(rows, ["component", *S.WIKIS, "all"]))
    return tot_a, tot_m


def page_sizes(wset: WikiSet, titles: dict[str, list[str]]) -> list[tuple[str, str, int]]:
    """The current size of each page, read by the benchmark (not counted for the bot)."""
    out = []
    for w, ts in sorted(titles.items()):
        data = wset.anonymous(w).query(prop="info", titles="|".join(ts))
        out += [(w, p["title"], int(p.get("length", 0))) for p in data["query"]["pages"]]
    return out


def summary_line(name: str, run: S.BotRun) -> str:
    per = ", ".join(f"{w} {run.requests.get(w, 0)}" for w in S.WIKIS)
    return (f"{name}: requests {per} (total {run.total_requests}); edits {run.edits}; "
            f"{run.seconds:.1f} s ({run.http_seconds:.1f} s waiting for the wikis); "
            f"peak RSS {run.max_rss_kb / 1024:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, default=300)
    ap.add_argument("--breakdown", action="store_true", help="print every traced request group of each run")
    ap.add_argument("--traces", type=Path, help="write each run's request trace (JSON lines) into this folder")
    args = ap.parse_args(argv)

    print(S.code_version())
    cfg = load_config(None)
    prefixes = {w: len(cfg.wikis[w].prefixes) for w in S.WIKIS}
    drafts = {w: len(cfg.wikis[w].draft_namespaces) for w in S.WIKIS}
    status = f"User:{cfg.username}/Status"

    root = Path(tempfile.mkdtemp(prefix="editathon-bench-"))
    t0 = time.monotonic()
    wset = S.start_wikis(root)
    s = S.build_scenario(participants=args.participants)
    load_times = S.load(wset, s)
    state = root / "state.sqlite"
    arts = {w: len(s.articles_on(w)) for w in S.WIKIS}
    revs = {w: sum(a.revisions for a in s.articles_on(w)) for w in S.WIKIS}
    print(f"scenario: {len(s.users)} participants; articles {arts}; article revisions {revs}; "
          f"contest page revisions {s.page_revisions}")
    print("replayed in " + ", ".join(f"{w} {t:.0f} s" for w, t in load_times.items())
          + f" (wikis up and loaded after {time.monotonic() - t0:.0f} s)")

    failed = False
    try:
        first = S.run_bot(wset, state)
        second = S.run_bot(wset, state)
        new_wiki = "tt"
        author = s.articles_on(new_wiki)[0].user
        spec = S.ArticleSpec(new_wiki, "Стенд мәкаләсе яңа", author, 1, datetime.now(UTC))
        S.live_actor(wset, new_wiki, author).edit(spec.title, S.article_revision_text(spec, 0), "яңа мәкалә")
        third = S.run_bot(wset, state)
        runs = {"run 1 (first)": first, "run 2 (nothing new)": second, "run 3 (one new article)": third}
        if args.traces:
            args.traces.mkdir(parents=True, exist_ok=True)
            for i, run in enumerate(runs.values(), 1):
                (args.traces / f"run{i}.jsonl").write_text(
                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run.trace), encoding="utf-8")

        print("\nrun 1 as the bot reports it:")
        print("\n".join("  " + line for line in first.stdout.split("\n\n")[0].splitlines()))
        print()
        for name, run in runs.items():
            print(summary_line(name, run))
            for w, titles in sorted(edited_titles(run).items()):
                print(f"  edited on {w}: " + ", ".join(titles))
            if run.returncode != 0:
                failed = True
                print(f"  the bot reported a failure (exit {run.returncode}):\n{run.stdout}\n{run.stderr[-2000:]}")

        print("\nsizes of the pages the bot wrote (bytes): " + ", ".join(
            f"{w}:{t} {n:,}" for w, t, n in page_sizes(wset, edited_titles(first))))

        a1, m1 = compare("run 1 (first)", minimum_first_run(s, edited_titles(first), prefixes, drafts, status), first)
        a3, m3 = compare("run 3 (one new article)", minimum_one_article(edited_titles(third), new_wiki, status), third)

        limit2 = minimum_nothing_new()
        print("\ntargets")
        print(S.table([
            ["first run <= 1.1 x batching minimum", f"{a1}/{m1}", f"{a1 / m1:.2f}",
             "met" if a1 <= 1.1 * m1 else "MISSED"],
            ["nothing new <= 1/wiki + 2/contest, 0 edits", f"{second.total_requests}/{limit2}",
             f"{second.edits} edits",
             "met" if second.total_requests <= limit2 and second.edits == 0 else "MISSED"],
            ["one new article (no target)", f"{a3}/{m3}", f"{a3 / m3:.2f}", "-"],
        ], ["target", "actual/limit", "ratio", "result"]))
        if args.breakdown or a1 > 1.1 * m1:
            S.print_breakdown(first, "run 1 (first)")
        if args.breakdown or second.total_requests > limit2 or second.edits:
            S.print_breakdown(second, "run 2 (nothing new)")
        if args.breakdown:
            S.print_breakdown(third, "run 3 (one new article)")
    finally:
        wset.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

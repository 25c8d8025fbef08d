"""Pages that fit: the largest rankings the bot writes, split under the wiki's size limit.

Pure (no wiki, no replay): results are generated in the shape of ``bench/peer.py``
(P participants, each with 8 new and 8 expanded articles, all counted, on one wiki)
and rendered as the bot renders them, with the budget the bot derives from a wiki's
``maxarticlesize`` (:func:`bot.run.publisher.page_budget`). Printed per page: its size
on one page, the parts it is split into and each part's size, against the limit; and
that every participant is on exactly one part of each ranking and entries section.

    .venv/bin/python -m bench.page_parts                        # P = 1,000 and the 10,000 umbrella
    .venv/bin/python -m bench.page_parts --participants 200 1000 --umbrella 100x100
    .venv/bin/python -m bench.page_parts --limit 2097152        # another maxarticlesize
    .venv/bin/python -m bench.page_parts --save                 # and save every part on a local wiki

``--save`` starts a fresh copy of the local wikis (MediaWiki's default 2 MB limit), saves each
part on en and reads back its size (``prop=info``) and the participants it shows: what the
wiki accepted, not what the renderer meant.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.i18n import catalog
from bot.model import (
    OVERALL,
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Entry,
    PointsLine,
    RankBy,
    Reason,
    Status,
)
from bot.ranking import rank
from bot.render.leaderboard import render_leaderboard_parts
from bot.render.queue import render_queue_parts
from bot.render.umbrella import render_umbrella_parts
from bot.run.publisher import page_budget

#: MediaWiki's default ``$wgMaxArticleSize`` (2,048 KiB), as siteinfo gives it.
DEFAULT_LIMIT = 2048 * 1024
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _entry(user: str, u: int, k: int, wiki: str, status: Status) -> Entry:
    kind = "new" if k < 8 else "expanded"
    pageid = u * 100 + k + 1
    when = START + timedelta(minutes=u * 7 + k * 97)
    points = 10.0 + (u * 7 + k) % 13 if status == Status.COUNTED else 0.0
    return Entry(
        user=user, wiki=wiki, pageid=pageid, title=f"Peer article {u:05d} {k:02d} about a town's history",
        kind=kind, status=status, points=points,
        breakdown=(PointsLine("new" if kind == "new" else "expanded", 10), PointsLine("kilobyte", points - 10)),
        reasons=(Reason.make("reason-counted"),), end_size=4000 + k * 250, end_words=600 + k * 20,
        created=when, decisions_needed=0 if status == Status.COUNTED else 1,
        contribution=Contribution(user=user, wiki=wiki, pageid=pageid, kind=kind,
                                  counted_revids=(pageid * 10, pageid * 10 + 1, pageid * 10 + 2),
                                  first_counted=when, last_counted=when + timedelta(hours=2),
                                  bytes_added=3500, words_added=520, references_added=3, images_added=1),
    )


def peer_result(participants: int, *, wiki: str = "en", title: str = "Project:Peer contest",
                prefix: str = "Peer participant", status: Status = Status.COUNTED) -> ContestResult:
    """A contest's result in the peer shape: 16 entries a participant, all counted."""
    users = [f"{prefix} {u:05d}" for u in range(participants)]
    entries = tuple(_entry(user, u, k, wiki, status) for u, user in enumerate(users) for k in range(16))
    settings = ContestSettings(wiki=wiki, title=title, start=date(2026, 11, 1), end=date(2026, 11, 30),
                               timezone="Europe/Moscow", wikis=(wiki,), organizers=("Org",))
    overall = rank(entries, nomination=OVERALL, rank_by=RankBy.POINTS)
    return ContestResult(settings=settings, state=ContestState.OPEN, entries=entries, rankings=(overall,),
                         participants=tuple(users))


def umbrella_results(contests: int, each: int) -> tuple[ContestSettings, list[ContestResult]]:
    """An umbrella over ``contests`` municipal contests of ``each`` participants."""
    title = "Project:Smart Region 2026"
    results = [peer_result(each, title=f"{title}/Town {c:03d}", wiki=("en", "ru", "tt")[c % 3],
                           prefix=f"Town {c:03d} participant")
               for c in range(contests)]
    umbrella = ContestSettings(wiki="en", title=title, start=date(2026, 11, 1), end=date(2026, 11, 30),
                               timezone="Europe/Moscow", wikis=("en", "ru", "tt"), organizers=("Org",),
                               umbrella=True)
    return umbrella, results


#: A queue row: number, article, language, then the participant.
QUEUE_ROW = r"\|-\n\| \d+\n\| [^\n]*\n\| \w+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|"


def _rows_per_user(parts: Sequence[str], pattern: str) -> Counter[str]:
    """How often each user heads a row or section matching ``pattern`` over all parts."""
    seen: Counter[str] = Counter()
    for text in parts:
        for m in re.finditer(pattern, text):
            seen[m.group(1)] += 1
    return seen


def report(name: str, parts: Sequence[str], limit: int, budget: int, users: int, seconds: float,
           *, pattern: str, per_user: int) -> None:
    sizes = [len(p.encode()) for p in parts]
    seen = _rows_per_user(parts, pattern)
    exact = len(seen) == users and all(n == per_user for n in seen.values())
    print(f"{name}: {len(parts)} page(s), {sum(sizes):,} bytes in all, largest {max(sizes):,} "
          f"(limit {limit:,}, budget {budget:,}); every page under the limit: {max(sizes) <= limit}; "
          f"{len(seen):,} of {users:,} participants, each exactly {per_user}x: {exact}; rendered in {seconds:.1f} s")
    print("   parts: " + ", ".join(f"{s / 1024:,.0f} KiB" for s in sizes))


def save_all(pages: dict[str, list[str]]) -> None:
    """Save every part on a fresh local en wiki; print what the wiki holds."""
    from bench import support

    wset = support.start_wikis()
    try:
        admin = wset.admin("en")
        limit = int(admin.query(meta="siteinfo")["query"]["general"]["maxarticlesize"])
        for first, parts in pages.items():
            sizes, sections, rows = [], 0, 0
            for n, text in enumerate(parts, 1):
                title = first if n == 1 else f"{first}/{n}"
                admin.edit(title, text, "bench.page_parts")
                info = admin.query(prop="info|revisions", titles=title, rvprop="content", rvslots="main",
                                   formatversion="2")["query"]["pages"][0]
                sizes.append(int(info["length"]))
                saved = info["revisions"][0]["slots"]["main"]["content"]
                sections += len(re.findall(r"^=== \[\[User:", saved, re.M))
                rows += len(re.findall(r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:", saved))
            print(f"saved on the local wiki (maxarticlesize {limit:,}): {first}: {len(parts)} page(s), "
                  f"sizes {', '.join(f'{x:,}' for x in sizes)}; all under the limit: {max(sizes) <= limit}; "
                  f"participants' ranking rows on them: {rows:,}, entries sections: {sections:,}")
    finally:
        wset.stop()


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--participants", type=int, nargs="*", default=[1000])
    ap.add_argument("--umbrella", default="100x100", help="CONTESTSxEACH, or 'none'")
    ap.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="the wiki's maxarticlesize, bytes")
    ap.add_argument("--save", action="store_true", help="save every part on a fresh local wiki")
    args = ap.parse_args(argv)
    to_save: dict[str, list[str]] = {}
    cat = catalog("en")
    limit = args.limit
    budget = page_budget(limit)
    row = r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|"
    for p in args.participants:
        result = peer_result(p, title=f"Project:Peer contest {p}")
        t0 = time.perf_counter()
        whole = render_leaderboard_parts(result, cat)
        parts = render_leaderboard_parts(result, cat, budget=budget)
        took = time.perf_counter() - t0
        print(f"P = {p:,}: the leaderboard on one page would be {len(whole[0].encode()):,} bytes")
        report(f"  leaderboard, ranking rows (P = {p:,})", parts, limit, budget, p, took, pattern=row, per_user=1)
        to_save[result.settings.subpages.leaderboard] = parts
        report(f"  leaderboard, entries sections (P = {p:,})", parts, limit, budget, p, took,
               pattern=r"=== \[\[User:([^|\]]+)\|", per_user=1)
        waiting = peer_result(p, status=Status.AWAITING)
        t0 = time.perf_counter()
        queue = render_queue_parts(waiting, cat, budget=budget)
        took = time.perf_counter() - t0
        report(f"  queue, every entry awaiting the jury (P = {p:,}, {16 * p:,} rows)", queue, limit, budget,
               p, took, pattern=QUEUE_ROW, per_user=16)
    if args.umbrella != "none":
        contests, each = (int(x) for x in args.umbrella.split("x"))
        umbrella, results = umbrella_results(contests, each)
        users = contests * each
        t0 = time.perf_counter()
        whole = render_umbrella_parts(umbrella, ContestState.OPEN, results, cat)
        parts = render_umbrella_parts(umbrella, ContestState.OPEN, results, cat, budget=budget)
        took = time.perf_counter() - t0
        print(f"umbrella of {contests} contests x {each} = {users:,} participants: "
              f"on one page it would be {len(whole[0].encode()):,} bytes")
        report("  umbrella leaderboard, both rankings", parts, limit, budget, users, took,
               pattern=r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|", per_user=2)
        to_save[umbrella.subpages.leaderboard] = parts
    if args.save:
        save_all(to_save)


if __name__ == "__main__":
    main()

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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

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


# --------------------------------------------------------------------------- pages as a run left them
#
# ``bench.peer`` checks what the bot's real run wrote, read back from the wiki (not what
# the renderer meant): each part of a split page, its saved size and author, and who is
# on the leaderboard's parts.

#: A ranking row (rank, then the participant's link) and a participant's entries section.
RANK_ROW = re.compile(r'^\|-\n\| \d+\n\| data-sort-value="[^"]*" \| \[\[User:([^|\]]+)\|', re.M)
ENTRIES_SECTION = re.compile(r"^=== \[\[User:([^|\]]+)\|", re.M)
USER_LINK = re.compile(r"\[\[User:([^|\]]+)\|")
HEADING = re.compile(r"^(=+)[ \t]*(.*?)[ \t]*\1[ \t]*$", re.M)
#: A queue row: its number first.
QUEUE_NUMBER = re.compile(r"^\|-\n\| (\d+)\n", re.M)


@dataclass
class SavedPage:
    """A page the bot writes, as the wiki holds it: part 1 (the page) and its numbered parts."""

    title: str  # part 1, as the wiki names it
    parts: list[tuple[str, int, str]]  # (title, bytes as saved, author of the latest revision); -1: missing
    texts: list[str]

    @property
    def largest(self) -> int:
        return max((size for _, size, _ in self.parts), default=-1)

    def missing(self) -> list[str]:
        return [t for t, size, _ in self.parts if size < 0]

    def not_by(self, user: str) -> list[str]:
        return [t for t, size, who in self.parts if size >= 0 and who != user]


def _read(actor: Any, title: str) -> tuple[str, int, str, str]:
    """(title as the wiki names it, length, author, text) of the latest revision; length -1: missing."""
    page = actor.query(prop="info|revisions", titles=title, rvprop="content|user", rvslots="main")["query"]["pages"][0]
    if page.get("missing") or not page.get("revisions"):
        return str(page.get("title", title)), -1, "", ""
    rev = page["revisions"][0]
    return str(page["title"]), int(page["length"]), str(rev.get("user", "")), str(rev["slots"]["main"]["content"])


def read_split_page(actor: Any, first: str) -> SavedPage:
    """The page ``first`` and every part its first part links (``first/N``), read back."""
    title, size, who, text = _read(actor, first)
    out = SavedPage(title, [(title, size, who)], [text])
    # The first part links every part (its own title as the bot names it: the namespace's
    # canonical or local name); a page that is not split links none.
    linked = sorted({int(n) for n in re.findall(r"\[\[[^\]|]*/" + re.escape(title.rsplit("/", 1)[-1])
                                                 + r"/(\d+)\|", text)})
    for n in linked:
        t, size, who, body = _read(actor, f"{title}/{n}")
        out.parts.append((t, size, who))
        out.texts.append(body)
    return out


@dataclass
class Presence:
    """Who the leaderboard's parts show, against the contest's participants."""

    participants: int  # the contest's
    on_pages: int  # of them, linked anywhere on the parts
    ranking: Counter[str]  # overall ranking rows per participant
    sections: Counter[str]  # entries sections per participant
    missing: list[str]  # participants on no part

    @property
    def ranked_once(self) -> bool:
        """Every participant in the overall ranking, exactly once over all the parts."""
        return len(self.ranking) == self.participants and all(n == 1 for n in self.ranking.values())

    @property
    def sections_once(self) -> bool:
        return all(n == 1 for n in self.sections.values())

    def line(self) -> str:
        twice = [u for u, n in self.ranking.items() if n != 1]
        gone = f" (MISSING: {', '.join(self.missing[:10])}{' ...' if len(self.missing) > 10 else ''})" \
            if self.missing else ""
        return (f"{self.on_pages:,} of {self.participants:,} participants on the leaderboard's parts{gone}; "
                f"overall ranking {sum(self.ranking.values()):,} rows for {len(self.ranking):,} of them, "
                f"each exactly once: {'yes' if self.ranked_once else 'NO'}"
                + (f" (more than once: {', '.join(twice[:10])})" if twice else "")
                + f"; entries sections {sum(self.sections.values()):,} for {len(self.sections):,}, "
                f"each once: {'yes' if self.sections_once else 'NO'}")


def leaderboard_presence(texts: Sequence[str], participants: Sequence[str],
                         ranking_heading: str = "Ranking") -> Presence:
    """Count the participants on the leaderboard's parts: ranking rows under the overall
    ranking's heading (a nomination's ranking stands under its own ``===`` heading),
    entries sections, and any link to them (those with no entry are listed by name)."""
    ranking: Counter[str] = Counter()
    sections: Counter[str] = Counter()
    linked: set[str] = set()
    for text in texts:
        heads = [(m.start(), len(m.group(1)), m.group(2)) for m in HEADING.finditer(text)]
        for m in RANK_ROW.finditer(text):
            above = [h for h in heads if h[0] < m.start()]
            if above and above[-1][1] == 2 and above[-1][2] == ranking_heading:
                ranking[m.group(1)] += 1
        sections.update(ENTRIES_SECTION.findall(text))
        linked.update(USER_LINK.findall(text))
    people = list(dict.fromkeys(participants))
    return Presence(len(people), sum(1 for u in people if u in linked), ranking, sections,
                    [u for u in people if u not in linked])


def queue_numbers(texts: Sequence[str]) -> tuple[int, bool]:
    """Rows on the queue's parts, and whether they are numbered 1..N, each once."""
    numbers = [int(n) for text in texts for n in QUEUE_NUMBER.findall(text)]
    return len(numbers), sorted(numbers) == list(range(1, len(numbers) + 1))


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

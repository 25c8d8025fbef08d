"""The peer-shaped contest and a 100-contest umbrella: requests by kind against the batching bound.

    .venv/bin/python -m bench.peer --participants 50 200 1000 --wikis 1 3   # the peer table
    .venv/bin/python -m bench.peer --umbrella                               # 100 municipal contests

**Peer-shaped contest** (the shape UkBot's authors measure with): P participants, each
creating 8 articles in 3 edits and expanding 8 existing articles (one earlier revision by
someone else, before the period) in 2 edits: 16 articles and 40 contest revisions a
participant, all in the period. On 1 wiki (en) or spread over en, ru, tt.

**Umbrella**: one umbrella on en with 100 municipal sub-contests (homes en, ru, tt in turn,
each counting articles on all three), 20 participants each (2,000 people), each its own
worklist and jury; each participant creates 3 articles in 2 edits and expands 2 in 1 edit
(10,000 entries).

Each shape is replayed into fresh local wikis (``bench.support``), then the real bot runs
three times: first run, a run with nothing new, and a run after 100 changed articles (live
edits by the participants). Each run prints requests by kind (API module and prop), edits,
wall time, CPU, peak RSS, and the **lower bound** computed from the generated data alone
(:func:`bound_first`, :func:`bound_nothing_new`, :func:`bound_changed`), never from what the
bot did. After the first run, every contest's leaderboard and queue and their numbered
parts are read back from the wiki (:func:`check_pages`): each part's size as saved and
author, the saves the run reports refused, and who the leaderboard's parts show against
the contest's participants. A final table has one row per shape and P, so the whole table
is redrawn by one command. Prints figures, asserts nothing; exit 2 when the bot itself failed.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import page_parts as PP
from bench import support as S
from bot.config import BotConfig, load_config
from bot.devwiki.dump import DumpPage, DumpRevision
from bot.devwiki.harness import WikiSet
from bot.i18n import catalog

ELDER = "Bench Elder"  # wrote the articles that participants expand, before the period
UMBRELLA = "Project:Smart Region Bench"
CHANGED = 100  # articles changed before the third run


# --------------------------------------------------------------------------- API limits


@dataclass(frozen=True)
class Limits:
    """How much one request may carry, for the account the bot reads with.

    MediaWiki 1.39 (``action=paraminfo``): ``ucuser``, ``titles``, ``pageids``, ``revids``
    take 50 values (500 with ``apihighlimits``); ``uclimit``, ``rvlimit`` without content,
    ``rclimit``, ``aplimit`` 500 (5,000); revisions *with content* 50 (500).
    """

    values: int  # users, titles, page ids or revision ids a request
    rows: int  # list results a request (contributions, recent changes, allpages)
    content: int  # revisions with text a request
    name: str

    @staticmethod
    def of(high: bool) -> Limits:
        return Limits(500, 5000, 500, "apihighlimits") if high else Limits(50, 500, 50, "default")


def bot_has_highlimits(wset: WikiSet) -> bool:
    """Ask the wiki what the bot account (logged in with its bot password) may do."""
    data = wset.bot(S.HOME).query(meta="userinfo", uiprop="rights|groups")
    info = data["query"]["userinfo"]
    return "apihighlimits" in info.get("rights", [])


def cdiv(n: int, d: int) -> int:
    return math.ceil(n / d) if n > 0 else 0


# --------------------------------------------------------------------------- the shapes


def peer_scenario(participants: int, wikis: Sequence[str], today: datetime | None = None) -> S.Scenario:
    """P participants x (8 created in 3 edits + 8 expanded in 2 edits), on ``wikis`` in turn."""
    today = (today or datetime.now(UTC)).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = today - timedelta(days=40), today + timedelta(days=6)
    width = max(3, len(str(participants)))
    users = [f"Bench P{i:0{width}d}" for i in range(1, participants + 1)]
    span = (today - timedelta(days=3)) - (start + timedelta(days=1))
    step = span / max(1, participants)
    articles = []
    for i, user in enumerate(users):
        for k in range(16):
            wiki = wikis[(i * 16 + k) % len(wikis)]
            when = start + timedelta(days=1) + step * i + timedelta(minutes=35 * k)
            title = f"{S.ARTICLE_WORD[wiki]} {i + 1:0{width}d}-{k + 1:02d}"
            if k < 8:
                articles.append(S.ArticleSpec(wiki, title, user, 3, when))
            else:
                articles.append(S.ArticleSpec(wiki, title, user, 2, when, prior=1, prior_user=ELDER,
                                              prior_at=start - timedelta(days=20) + timedelta(minutes=i * 16 + k)))
    return S.Scenario(title="Project:Editathon/Peer", start=start, end=end, users=users, articles=articles,
                      worklist_topics=30, decisions=20, wikis=tuple(wikis),
                      more_rules="{{Editathon criterion | expanded}}\n")


def umbrella_scenarios(contests: int = 100, people: int = 20,
                       today: datetime | None = None) -> tuple[list[S.Scenario], DumpPage]:
    """``contests`` sub-contests (homes en, ru, tt in turn) below one umbrella on en."""
    today = (today or datetime.now(UTC)).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = today - timedelta(days=40), today + timedelta(days=6)
    span = (today - timedelta(days=3)) - (start + timedelta(days=1))
    out = []
    for c in range(contests):
        home = S.WIKIS[c % 3]
        users = [f"Bench T{c + 1:03d} P{i + 1:02d}" for i in range(people)]
        articles = []
        for i, user in enumerate(users):
            for k in range(5):
                wiki = S.WIKIS[(c + i + k) % 3]
                when = start + timedelta(days=1) + span * ((c * people + i) / (contests * people)) \
                    + timedelta(minutes=25 * k)
                title = f"{S.ARTICLE_WORD[wiki]} T{c + 1:03d}-{i + 1:02d}-{k + 1}"
                if k < 3:
                    articles.append(S.ArticleSpec(wiki, title, user, 2, when))
                else:
                    prior_at = start - timedelta(days=20) + timedelta(minutes=c * 100 + i * 5 + k)
                    articles.append(S.ArticleSpec(wiki, title, user, 1, when, prior=1, prior_user=ELDER,
                                                  prior_at=prior_at))
        parent = UMBRELLA if home == S.HOME else f"{S.HOME}:{UMBRELLA}"
        out.append(S.Scenario(title=f"{UMBRELLA}/Town {c + 1:03d}", start=start, end=end, users=users,
                              articles=articles, worklist_topics=10, decisions=5, home=home, parent=parent,
                              jury=f"Bench Juror {c + 1:03d}", more_rules="{{Editathon criterion | expanded}}\n"))
    last = end - timedelta(days=1)
    text = (f"{{{{Editathon\n| start = {start:%Y-%m-%d}\n| end = {last:%Y-%m-%d}\n| timezone = UTC\n"
            f"| organizers = {S.ORGANIZER}\n| umbrella = yes\n}}}}\nA benchmark programme of {contests} towns.\n")
    umbrella = DumpPage(UMBRELLA, [DumpRevision(S.ORGANIZER, start - timedelta(days=5), text, "programme")])
    return out, umbrella


# --------------------------------------------------------------------------- the bound
#
# Every bound below is counted from the generated scenario (titles, users, revisions), with
# the limits of the account the bot reads with (:class:`Limits`), per wiki. It counts what
# the API needs for the data, not what the bot's code does; where a component is one
# request per item (a page history with text), the API offers no batching for it.

MAX_RESULT = 8 * 1024 * 1024  # $wgAPIMaxResultSize: the most text one API answer carries

BOUND_COMPONENTS = ["site info", "recent changes", "discovery", "contributions", "draft moves", "page facts",
                    "revision texts", "contest pages", "writes"]


def article_revisions_to_read(a: S.ArticleSpec) -> int:
    """Revisions whose text the contract needs: each counted revision, its parent (what it
    added is measured against it), and the page at the period's end (``new`` criteria).
    Here the last revision is the participant's and every parent is on the page, so: the
    participant's revisions plus the parent of the first (an expanded article's earlier
    revision). Their metadata (user, size, sha1, tags) comes in the same answer."""
    return a.revisions + (1 if a.prior else 0)


def bound_first(scenarios: Sequence[S.Scenario], wiki: str, lim: Limits, *, prefixes: int, draft_namespaces: int,
                edits: int, stop_checks: int, extra_home_pages: int = 0) -> Counter[str]:
    """The fewest requests a first run on ``wiki`` can make:

    * site info: 1 (namespace names; pywikibot caches it afterwards);
    * discovery: per allowed prefix ceil(pages under it / rows) ``list=allpages`` (at least 1);
    * contributions: max(ceil(users / values), ceil(their contributions / rows)): every
      participant of every contest counting this wiki, batched across contests (same period);
    * draft moves: 1 ``list=logevents`` per draft namespace (only the log says when a draft
      was moved in; ``lenamespace`` takes one namespace);
    * page facts: ceil(articles / values): info, redirects, language links, page props;
    * revision texts: ceil(revisions to read / content) (:func:`article_revisions_to_read`);
      no page history: here every article's whole history is among the revisions read
      (an expanded article's earlier revision is the parent of the participant's first);
    * contest pages (on each contest's home): 1 ``prop=info`` for every contest page and
      subpage, values a request; the pages with one revision read together (latest revision
      with text, content a request); each page with more, ceil(revisions / content)
      (a history is one page a request), or more when its texts pass the API's cap on one
      answer (``MAX_RESULT``: a signup page of 1,000 signups holds about 55 MB of text);
      1 for the administrators (trust);
    * writes: a login (3: login token, ``action=login``, who-am-I with the csrf token)
      before the first edit or the first read of more than 50 values, 1 per edit and the
      stop-page checks the contract asks for (:func:`stop_checks`).
    """
    c: Counter[str] = Counter()
    c["site info"] = 1
    under = sum(1 + 3 for s in scenarios if s.home == wiki) + extra_home_pages
    c["discovery"] = max(prefixes, cdiv(under, lim.rows))
    users = sorted({u for s in scenarios if wiki in s.wikis for u in s.users})
    contribs = sum(a.revisions for s in scenarios for a in s.articles_on(wiki))
    c["contributions"] = max(cdiv(len(users), lim.values), cdiv(contribs, lim.rows)) if users else 0
    c["draft moves"] = draft_namespaces if users else 0
    arts = [a for s in scenarios for a in s.articles_on(wiki)]
    c["page facts"] = cdiv(len(arts), lim.values)
    c["revision texts"] = cdiv(sum(article_revisions_to_read(a) for a in arts), lim.content)
    homes = [s for s in scenarios if s.home == wiki]
    if homes or extra_home_pages:
        pages = [(n, s.page_bytes.get(t, 0)) for s in homes for t, n in s.page_revisions.items()]
        singles = sum(1 for n, _ in pages if n == 1) + extra_home_pages
        c["contest pages"] = (cdiv(len(pages) + extra_home_pages, lim.values) + cdiv(singles, lim.content)
                              + sum(max(cdiv(n, lim.content), cdiv(size, MAX_RESULT)) for n, size in pages if n > 1)
                              + 1)
    # A login before the first edit, or before a read that carries more than 50 values
    # (500 a request needs the logged-in account's apihighlimits).
    high = lim.values > 50 and max(len(users), len(arts)) > 50
    c["writes"] = (3 if edits or high else 0) + edits + stop_checks
    return c


# Nothing new: 1 ``list=recentchanges`` per wiki says that nothing changed, contest pages
# included (their edits would show there), so the bound is 1 request per wiki. The target
# of issue 16 allows 1 per wiki plus 1 per 50 pages checked.


def bound_changed(scenarios: Sequence[S.Scenario], changed: Sequence[S.ArticleSpec], wiki: str, lim: Limits, *,
                  edits: int, stop_checks: int) -> Counter[str]:
    """After live edits to ``changed`` articles (one new revision each, by their participant):

    * recent changes: 1 (they list every new revision, with its page, user, size, sha1, tags);
    * page facts of the changed pages: ceil(changed / values) (language links, redirect);
    * revision texts: ceil(changed / content): the new revisions (their parents were measured
      on the first run and are stored);
    * writes: who-am-I with the csrf token (the login cookie is kept), when the run edits
      or reads more than 50 values a request; 1 per edit; the stop-page checks
      (:func:`stop_checks`).
    """
    mine = [a for a in changed if a.wiki == wiki]
    c: Counter[str] = Counter({"recent changes": 1})
    c["page facts"] = cdiv(len(mine), lim.values)
    c["revision texts"] = cdiv(len(mine), lim.content)
    # 500 a request needs the account's rights: one who-am-I (with the csrf token, which
    # an edit needs anyway) when the login cookie is kept; without edits, reading 50 a
    # request is the cheaper plan when that costs fewer requests than the who-am-I.
    high = lim.values > 50 and len(mine) > 50
    if high and not edits:
        low = Limits.of(False)
        at_50 = (cdiv(len(mine), low.values), cdiv(len(mine), low.content))
        if sum(at_50) <= c["page facts"] + c["revision texts"] + 1:
            (c["page facts"], c["revision texts"]), high = at_50, False
    c["writes"] = (1 if edits or high else 0) + edits + stop_checks
    return c


# --------------------------------------------------------------------------- what the bot did


def _label(record: dict[str, object]) -> str:
    """The traced label without the ``meta=userinfo`` pywikibot adds to every query."""
    label = str(record["label"]).replace("meta=siteinfo|userinfo", "meta=siteinfo").replace(" meta=userinfo", "")
    return "query meta=userinfo" if label == "query" else label


def by_revids(params: dict[str, object]) -> bool:
    """A read of revisions by id. The trace leaves out values longer than 300 bytes (a long
    ``revids`` list among them), so a revisions read naming no title nor page id is one."""
    return bool(params.get("revids")) or not any(params.get(k) for k in ("titles", "pageids", "rvlimit"))


def kind(record: dict[str, object]) -> str:
    """A request's kind: its API module and prop/list/meta (with text or not), batch sizes left out."""
    label = _label(record)
    words = [w for w in label.split() if not w.startswith(("titles", "revids", "users", "x")) and w != "(continued)"]
    out = " ".join(words)
    params = record.get("params") or {}
    assert isinstance(params, dict)
    if "revisions" in label:
        out += " (by revids)" if by_revids(params) else (
            " (history)" if params.get("rvlimit") else " (latest, by titles)")
    return out


def component(record: dict[str, object]) -> str:
    """Which bound component a request belongs to, from what it asked (not from bot code)."""
    label = _label(record)
    params = record.get("params") or {}
    assert isinstance(params, dict)
    title = str(params.get("titles", ""))
    if label in ("edit", "login", "query meta=userinfo") or "tokens" in label or \
            any(t.endswith("/Stop") for t in title.split("|")):
        return "writes"
    if "allpages" in label:  # a first run's edit count comes with the first listing
        return "discovery"
    if label == "paraminfo" or ("meta=siteinfo" in label and "recentchanges" not in label
                                and "statistics" not in str(params.get("siprop"))):
        return "site info"
    if "recentchanges" in label or "meta=siteinfo" in label:
        return "recent changes"
    for key, comp in (("allpages", "discovery"), ("usercontribs", "contributions"), ("logevents", "draft moves"),
                      ("allusers", "contest pages")):
        if key in label:
            return comp
    if "revisions" in label and "+content" in label and by_revids(params):
        return "revision texts"
    if title.startswith(("Project:", "Wikipedia:", "Википедия:")) or "Editathon" in title or "Smart Region" in title:
        return "contest pages"
    if "prop=" in label:
        return "page facts"
    return "other"


def by(run: S.BotRun, key: object) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for r in run.trace:
        w = run.hosts.get(str(r["host"]), str(r["host"]))
        out.setdefault(w, Counter())[key(r)] += 1  # type: ignore[operator]
    return out


def stop_checks(run: S.BotRun, contests: Sequence[str]) -> dict[str, int]:
    """The stop-page reads the contract asks for, per wiki: "checked before each contest's
    writes" (one per contest whose pages the run edited there), and at least one on a wiki
    the run edited at all (no edit while the page holds text). Counted from the run's edits
    and the contests' titles, not from the bot's stop-page reads."""
    bare = [t.split(":", 1)[1] + "/" for t in contests]
    touched: dict[str, set[str]] = {}
    edited: Counter[str] = Counter()
    for r in run.trace:
        if r["label"] != "edit":
            continue
        wiki = run.hosts.get(str(r["host"]), "")
        edited[wiki] += 1
        title = str((r.get("params") or {}).get("title", "")).split(":", 1)[-1]
        touched.setdefault(wiki, set()).update(c for c in bare if title.startswith(c))
    return {w: max(1, len(touched.get(w, ()))) for w in edited}


def edits_by_wiki(run: S.BotRun) -> dict[str, int]:
    out: Counter[str] = Counter()
    for r in run.trace:
        if r["label"] == "edit":
            out[run.hosts.get(str(r["host"]), "")] += 1
    return dict(out)


@dataclass
class Measured:
    name: str
    run: S.BotRun
    bound: dict[str, Counter[str]] = field(default_factory=dict)
    bound_at_50: int = 0  # the same bound for a client without apihighlimits (50 a request)
    pages: str = ""  # the pages a first run wrote, read back (:func:`check_pages`)

    @property
    def bound_total(self) -> int:
        return sum(sum(c.values()) for c in self.bound.values())

    def line(self) -> str:
        per = ", ".join(f"{w} {self.run.requests.get(w, 0)}" for w in S.WIKIS if self.run.requests.get(w))
        return (f"{self.name}: {self.run.total_requests} requests ({per}), bound {self.bound_total}, "
                f"ratio {self.run.total_requests / max(1, self.bound_total):.2f} (bound at 50 a request "
                f"{self.bound_at_50}); {self.run.edits} edits; "
                f"wall {self.run.seconds:.1f} s ({self.run.http_seconds:.1f} s waiting for the wikis), "
                f"CPU {self.run.cpu_seconds:.1f} s, peak RSS {self.run.max_rss_kb / 1024:.0f} MB")


def report(m: Measured) -> None:
    print("\n" + m.line())
    kinds = by(m.run, kind)
    rows = sorted({k for c in kinds.values() for k in c})
    print(S.table([[k] + [kinds.get(w, Counter())[k] for w in S.WIKIS] for k in rows],
                  ["requests by kind", *S.WIKIS]))
    got = by(m.run, component)
    comps = [c for c in [*BOUND_COMPONENTS, "other"]
             if any(got.get(w, Counter())[c] or m.bound.get(w, Counter())[c] for w in S.WIKIS)]
    print(S.table([[c] + [f"{got.get(w, Counter())[c]}/{m.bound.get(w, Counter())[c]}" for w in S.WIKIS]
                   for c in comps], ["component: actual/bound", *S.WIKIS]))
    if m.run.returncode != 0:
        print(f"  the bot exited {m.run.returncode}:\n{m.run.stdout[-3000:]}\n{m.run.stderr[-3000:]}")


# --------------------------------------------------------------------------- one shape, three runs


def change_articles(wset: WikiSet, chosen: Sequence[S.ArticleSpec]) -> float:
    """One live edit by its participant on each chosen article (a section appended)."""
    t = time.monotonic()
    sessions: dict[tuple[str, str], Any] = {}
    for a in chosen:
        key = (a.wiki, a.user)
        if key not in sessions:
            sessions[key] = S.live_actor(wset, a.wiki, a.user)
        sessions[key].append(a.title, f"\n== {S.VOCAB[a.wiki].split()[0]} more ==\n{S.prose(90, a.wiki, 3)}\n",
                             "more")
    return time.monotonic() - t


def measure(label: str, scenarios: list[S.Scenario], changed: list[S.ArticleSpec], *,
            extra: dict[str, list[DumpPage]] | None = None, breakdown: bool = False,
            baseline: Path | None = None, cache: bool = True,
            replay_only: bool = False) -> list[tuple[str, list[Measured]]]:
    """Replay, then the three runs; with ``baseline`` (another checkout), its bot makes the
    same three runs on the same wikis, with a state of its own, each just before ours."""
    cfg = load_config(None)
    prefixes = {w: len(cfg.wikis[w].prefixes) for w in S.WIKIS}
    drafts = {w: len(cfg.wikis[w].draft_namespaces) for w in S.WIKIS}
    root = Path(tempfile.mkdtemp(prefix="editathon-bench-"))
    t0 = time.monotonic()
    wset, loaded, cached = S.replayed_wikis(root, scenarios, extra, cache=cache)
    try:
        if replay_only:
            print(f"{label}: replayed in {time.monotonic() - t0:.0f} s{' (cached)' if cached else ''}", flush=True)
            return []
        high = bot_has_highlimits(wset)
        lim = Limits.of(high)
        revs = sum(s.revisions for s in scenarios)
        print(f"\n=== {label}: {sum(len(s.users) for s in scenarios)} participants, "
              f"{sum(len(s.articles) for s in scenarios)} articles, {revs} replayed revisions; replayed in "
              + ("a copy of the cached replay, " if cached else "")
              + ", ".join(f"{w} {t:.0f} s" for w, t in loaded.items())
              + f" (ready after {time.monotonic() - t0:.0f} s); the bot account "
              + ("has" if high else "lacks") + f" apihighlimits: bound with {lim.values}/{lim.rows}/{lim.content}"
              " values/rows/texts a request", flush=True)
        extra_home = {w: len((extra or {}).get(w, [])) for w in S.WIKIS}
        bots = ([("baseline", baseline)] if baseline else []) + [("", S.REPO)]
        runs: dict[str, list[S.BotRun]] = {name: [] for name, _ in bots}
        fit, sizes = "", []
        for name, repo in bots:
            runs[name].append(S.run_bot(wset, root / f"state{name}.sqlite", repo=repo))
            if not name:  # the pages as the first run left them
                fit = check_pages(wset, scenarios, runs[name][0], cfg,
                                  [f"{p.title}/Leaderboard" for p in (extra or {}).get(S.HOME, [])])
                sizes = page_sizes(wset, runs[name][0])
            runs[name].append(S.run_bot(wset, root / f"state{name}.sqlite", repo=repo))
        spent = change_articles(wset, changed)
        print(f"({len(changed)} live edits took {spent:.0f} s)")
        for name, repo in bots:
            runs[name].append(S.run_bot(wset, root / f"state{name}.sqlite", repo=repo))
        out = []
        for name, _ in bots:
            first, second, third = runs[name]
            titles = [sc.title for sc in scenarios] + [p.title for ps in (extra or {}).values() for p in ps]
            checks, eds = stop_checks(first, titles), edits_by_wiki(first)
            b1 = {lm.name: {w: bound_first(scenarios, w, lm, prefixes=prefixes[w], draft_namespaces=drafts[w],
                                           edits=eds.get(w, 0), stop_checks=checks.get(w, 0),
                                           extra_home_pages=extra_home[w]) for w in S.WIKIS}
                  for lm in (lim, Limits.of(False))}
            checks, eds = stop_checks(third, titles), edits_by_wiki(third)
            b3 = {lm.name: {w: bound_changed(scenarios, changed, w, lm, edits=eds.get(w, 0),
                                             stop_checks=checks.get(w, 0)) for w in S.WIKIS}
                  for lm in (lim, Limits.of(False))}
            ms = [Measured("first run", first, b1[lim.name], sum(sum(c.values()) for c in b1["default"].values())),
                  Measured("nothing new", second, {w: Counter({"recent changes": 1}) for w in S.WIKIS},
                           len(S.WIKIS)),
                  Measured(f"after {len(changed)} changed articles", third, b3[lim.name],
                           sum(sum(c.values()) for c in b3["default"].values()))]
            print(f"\n--- {label}{' (' + name + ': ' + str(baseline) + ')' if name else ''}")
            for m in ms:
                report(m)
                if breakdown:
                    S.print_breakdown(m.run, m.name)
            out.append((f"{label}{' ' + name if name else ''}", ms))
        out[-1][1][0].pages = fit
        if sizes:
            big = max(sizes, key=lambda x: x[2])
            print(f"largest page the first run wrote: {big[0]}:{big[1]} {big[2]:,} bytes as it saved it; "
                  f"pages written {len(sizes)}")
        return out
    finally:
        wset.stop()
        shutil.rmtree(root, ignore_errors=True)


def check_pages(wset: WikiSet, scenarios: Sequence[S.Scenario], run: S.BotRun, cfg: BotConfig,
                extra: Sequence[str] = ()) -> str:
    """Pages that fit, on the bot's real run (issue 16: "every leaderboard page saved and
    under 2 MB, all participants on them"): each contest's leaderboard and queue, every
    numbered part the first part links, read back from the wiki: its size as saved, that
    its latest revision is the bot's; the saves the run reports refused; and who the
    leaderboard's parts show against the contest's participants (each exactly once in
    the overall ranking, one entries section each). ``extra``: more pages on the home
    wiki (an umbrella's leaderboard), sizes only. Prints it; returns a one-line summary."""
    refused = [line for line in run.stdout.splitlines() if line.startswith("not saved:")]
    user = cfg.username
    limits: dict[str, int] = {}
    worst: list[str] = []
    largest, parts, people, on_pages, ranked_once = 0, Counter[str](), 0, 0, True
    lines = []
    pages = [(s, sub) for s in scenarios for sub in ("Leaderboard", "Queue")] + [(None, t) for t in extra]
    for s, sub in pages:
        wiki = s.home if s else S.HOME
        actor = wset.anonymous(wiki)
        if wiki not in limits:
            limits[wiki] = int(actor.query(meta="siteinfo")["query"]["general"]["maxarticlesize"])
        page = PP.read_split_page(actor, f"{s.title}/{sub}" if s else sub)
        sizes = [size for _, size, _ in page.parts]
        largest = max(largest, page.largest)
        parts[sub if s else "umbrella"] = max(parts[sub if s else "umbrella"], len(page.parts))
        bad = page.missing() + [f"{t} (by {who})" for t, _, who in page.parts if who and who != user] \
            + [t for t, size, _ in page.parts if size > limits[wiki]]
        worst += bad
        said = (f"{wiki}:{page.title}: {len(page.parts)} part(s), "
                + " + ".join(f"{x:,}" if x >= 0 else "MISSING" for x in sizes) + " bytes as saved; "
                + f"every part saved by {user} and under {limits[wiki]:,}: {'NO: ' + ', '.join(bad) if bad else 'yes'}")
        if s and sub == "Leaderboard":
            heading = catalog(cfg.wikis[wiki].language).text("leaderboard-heading-ranking")
            presence = PP.leaderboard_presence(page.texts, s.users, heading)
            people += presence.participants
            on_pages += presence.on_pages
            ranked_once = ranked_once and presence.ranked_once and presence.sections_once
            said += "\n    " + presence.line()
        elif s:
            rows, numbered = PP.queue_numbers(page.texts)
            said += f"; {rows:,} queue rows, numbered 1..{rows:,} each once: {'yes' if numbered else 'NO'}"
        lines.append(said)
    print("\npages that fit, read back from the wikis after the first run:", flush=True)
    for said in lines if len(lines) <= 8 else [ln for ln in lines if "NO" in ln or "MISSING" in ln][:20]:
        print("  " + said)
    if len(lines) > 8:
        print(f"  ({len(lines)} pages checked; only those with a fault are shown)")
    print(f"  saves the run reports refused: {len(refused)}" + "".join(f"\n    {r}" for r in refused[:20]))
    return (f"largest part {largest:,} B; parts {', '.join(f'{k} {v}' for k, v in sorted(parts.items()))}; "
            f"refused {len(refused)}; faults {len(worst)}; participants {on_pages}/{people}, "
            f"ranked once: {'yes' if ranked_once else 'NO'}")


def page_sizes(wset: WikiSet, run: S.BotRun) -> list[tuple[str, str, int]]:
    """(wiki, title, bytes) of each page the run edited, as the wiki holds it now (a page
    saved twice, as a part made by hand meanwhile is, once)."""
    titles: dict[str, list[str]] = {}
    for r in run.trace:
        if r["label"] == "edit":
            mine = titles.setdefault(run.hosts.get(str(r["host"]), ""), [])
            if (title := str(r["params"].get("title", ""))) not in mine:
                mine.append(title)
    out = []
    for w, ts in titles.items():
        for i in range(0, len(ts), 50):
            data = wset.anonymous(w).query(prop="info", titles="|".join(ts[i:i + 50]))
            out += [(w, p["title"], int(p.get("length", 0))) for p in data["query"]["pages"]]
    return out


def summary_table(rows: list[tuple[str, list[Measured]]]) -> None:
    print("\n=== summary (requests / bound; wall; CPU; peak RSS)")
    cells = []
    for label, ms in rows:
        cells.append([label] + [
            f"{m.run.total_requests}/{m.bound_total} {m.run.seconds:.1f}s {m.run.cpu_seconds:.1f}cpu "
            f"{m.run.max_rss_kb // 1024}MB e{m.run.edits}" for m in ms])
    print(S.table(cells, ["shape", "first run", "nothing new", f"after {CHANGED} changed"]))
    for label, ms in rows:
        if ms and ms[0].pages:
            print(f"{label}, pages of the first run: {ms[0].pages}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--participants", type=int, nargs="*", default=[50, 200])
    ap.add_argument("--wikis", type=int, nargs="*", default=[1, 3], choices=[1, 3])
    ap.add_argument("--umbrella", action="store_true", help="the 100-contest umbrella instead of the peer shape")
    ap.add_argument("--contests", type=int, default=100, help="sub-contests of the umbrella")
    ap.add_argument("--breakdown", action="store_true", help="every traced request group of each run")
    ap.add_argument("--baseline", type=Path, help="another checkout of the bot, run on the same wikis (compare)")
    ap.add_argument("--no-cache", action="store_true",
                    help="replay afresh and keep no copy (by default a replay is kept in .devwiki/bench-cache)")
    ap.add_argument("--replay-only", action="store_true", help="replay (and keep) the shapes, run no bot")
    args = ap.parse_args(argv)
    print(S.code_version())
    rows: list[tuple[str, list[Measured]]] = []
    if args.umbrella:
        scenarios, umbrella = umbrella_scenarios(args.contests)
        changed: list[S.ArticleSpec] = []
        for s in scenarios[:30]:  # 100 articles in 30 contests
            changed += s.articles[: 4 if len(changed) < 40 else 3]
        changed = changed[:CHANGED]
        rows += measure(f"umbrella {len(scenarios)}x{len(scenarios[0].users)}", scenarios, changed,
                        extra={S.HOME: [umbrella]}, breakdown=args.breakdown, baseline=args.baseline,
                        cache=not args.no_cache, replay_only=args.replay_only)
    else:
        for n_wikis in args.wikis:
            for p in args.participants:
                s = peer_scenario(p, S.WIKIS[:n_wikis])
                changed = s.articles[:CHANGED]
                label = f"peer P={p} on {n_wikis} wiki{'s' if n_wikis > 1 else ''}"
                rows += measure(label, [s], changed, breakdown=args.breakdown, baseline=args.baseline,
                                cache=not args.no_cache, replay_only=args.replay_only)
    summary_table(rows)
    return 2 if any(m.run.returncode not in (0,) for _, ms in rows for m in ms) else 0


if __name__ == "__main__":
    sys.exit(main())

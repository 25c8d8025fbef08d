"""What the benchmarks share: a replayed contest on fresh local wikis, and a measured bot run.

A contest of hundreds of participants is built in seconds by replaying its history
(``WikiSet.import_dump``): the contest page, a ``B/Participants`` page with one signup
revision per participant (each saved by that participant, as the trust ledger needs),
a worklist, a jury page, and each participant's article on en, ru or tt with one or more
revisions, all with historic timestamps inside the contest period. The period is placed
around the real date (the history ends two days ago) so that recent changes still hold
it and a live edit made by the benchmark falls inside the period too.

A bot run is the real command in a subprocess (``python -m bench.trace_bot run --once``,
which is ``bot.cli`` plus a request trace), after the job queue has run, as in
production. The child reports its own peak RSS (``VmHWM``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import resource
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.devwiki import harness
from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import DEFAULT_USER_PASSWORD, build_id, devwiki_dir

REPO = Path(__file__).resolve().parents[1]
WIKIS = ("en", "ru", "tt")
HOME = "en"
ORGANIZER = "Bench Organizer"
JUROR = "Bench Juror"
BATCH = 50  # users or revisions per request: what the API allows a client without apihighlimits

VOCAB = {
    "en": "river city bridge school museum street garden tower market history library square",
    "ru": "река город мост школа музей улица сад башня рынок история библиотека площадь",
    "tt": "елга шәһәр күпер мәктәп музей урам бакча манара базар тарих китапханә мәйдан",
}
ARTICLE_WORD = {"en": "Bench article", "ru": "Статья стенда", "tt": "Стенд мәкаләсе"}


def prose(words: int, lang: str, seed: int = 0) -> str:
    vocab = VOCAB[lang].split()
    return " ".join(vocab[(i * 7 + seed) % len(vocab)] for i in range(words))


def signature(user: str, when: datetime) -> str:
    """A signature as MediaWiki expands ``~~~~`` (an import never expands it)."""
    return (f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) "
            f"{when:%H:%M}, {when.day} {when:%B %Y} (UTC)")


# --------------------------------------------------------------------------- the scenario


@dataclass(frozen=True)
class ArticleSpec:
    """An article: ``prior`` revisions by ``prior_user`` from ``prior_at`` (an article that
    existed before the period, which the participant expands), then ``revisions`` by ``user``
    from ``created``, ten minutes apart."""

    wiki: str
    title: str
    user: str
    revisions: int
    created: datetime
    prior: int = 0
    prior_user: str = ""
    prior_at: datetime | None = None

    @property
    def all_revisions(self) -> int:
        return self.prior + self.revisions


@dataclass
class Scenario:
    """A contest and its participants' work, as replayed into the wikis."""

    title: str
    start: datetime  # first day of the period, 00:00 UTC
    end: datetime  # the day after the last day, 00:00 UTC
    users: list[str]
    articles: list[ArticleSpec]
    page_revisions: dict[str, int] = field(default_factory=dict)  # the contest's own pages on HOME
    page_bytes: dict[str, int] = field(default_factory=dict)  # the text of all their revisions, bytes
    worklist_topics: int = 0
    decisions: int = 0
    wikis: tuple[str, ...] = WIKIS  # the contest's wikis (``wikis =``)
    home: str = HOME
    parent: str = ""  # ``parent =``: the umbrella this contest rolls up into
    jury: str = JUROR
    more_rules: str = ""  # further rule and criterion lines of the contest page

    def articles_on(self, wiki: str) -> list[ArticleSpec]:
        return [a for a in self.articles if a.wiki == wiki]

    @property
    def revisions(self) -> int:
        """All replayed revisions: articles and the contest's own pages."""
        return sum(a.all_revisions for a in self.articles) + sum(self.page_revisions.values())


def contest_text(s: Scenario) -> str:
    last = s.end - timedelta(days=1)
    parent = f"| parent     = {s.parent}\n" if s.parent else ""
    nomination = "{{Editathon nomination | name = Best Tatar article | wikis = tt}}\n" if "tt" in s.wikis else ""
    return f"""{{{{Editathon
| start      = {s.start:%Y-%m-%d}
| end        = {last:%Y-%m-%d}
| timezone   = UTC
| wikis      = {", ".join(s.wikis)}
| organizers = {ORGANIZER}
| jury       = {s.jury}
| review     = optional
{parent}}}}}
A benchmark contest: {len(s.users)} participants writing on {len(s.wikis)} wiki(s).

{{{{Editathon rule | new | 10}}}}
{{{{Editathon rule | kilobyte | 1 | max = 20}}}}
{{{{Editathon rule | worklist | 5}}}}
{{{{Editathon criterion | new | min words = 50}}}}
{s.more_rules}{nomination}"""


def article_revision_text(a: ArticleSpec, k: int) -> str:
    """Revision ``k`` (0-based) of an article: a lead with a reference, one section per revision."""
    lang = a.wiki
    parts = [f"'''{a.title}''' {prose(120, lang)}<ref>Archive {k}, 2026.</ref>\n"]
    for i in range(1, k + 1):
        parts.append(f"\n== {VOCAB[lang].split()[i % 12]} {i} ==\n{prose(80, lang, seed=i)}\n")
    parts.append("\n== References ==\n<references />\n")
    return "".join(parts)


def build_scenario(
    *,
    participants: int,
    revisions_per_article: Sequence[int] = (1, 2, 3),
    worklist_topics: int = 30,
    decisions: int = 20,
    title: str = "Project:Editathon/Bench",
    user_prefix: str = "Bench P",
    today: datetime | None = None,
) -> Scenario:
    """One article per participant (participant i writes on WIKIS[i % 3]), history ending 2 days ago."""
    today = (today or datetime.now(UTC)).replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=40)
    end = today + timedelta(days=6)
    width = max(3, len(str(participants)))
    users = [f"{user_prefix}{i:0{width}d}" for i in range(1, participants + 1)]
    span = (today - timedelta(days=2)) - (start + timedelta(days=1))
    step = span / max(1, participants)
    articles = []
    for i, user in enumerate(users):
        wiki = WIKIS[i % len(WIKIS)]
        articles.append(ArticleSpec(
            wiki=wiki,
            title=f"{ARTICLE_WORD[wiki]} {i + 1:0{width}d}",
            user=user,
            revisions=revisions_per_article[i % len(revisions_per_article)],
            created=start + timedelta(days=1) + step * i,
        ))
    s = Scenario(title=title, start=start, end=end, users=users, articles=articles,
                 worklist_topics=min(worklist_topics, len(articles)),
                 decisions=min(decisions, len(articles)))
    return s


def home_pages(s: Scenario) -> list[DumpPage]:
    """The contest page and its Participants, Worklist and Jury pages, with their histories."""
    t0 = s.start - timedelta(days=3)
    contest = DumpPage(s.title, [DumpRevision(ORGANIZER, t0, contest_text(s), "benchmark contest")])

    signup_page = DumpPage(f"{s.title}/Participants")
    head = "Sign up below with <nowiki># ~~~~</nowiki>.\n"
    signup_page.revisions.append(DumpRevision(ORGANIZER, t0 + timedelta(minutes=1), head, "participants"))
    lines: list[str] = []
    for i, user in enumerate(s.users):
        when = s.start - timedelta(days=2) + timedelta(seconds=30 * i)
        lines.append(f"# {signature(user, when)}")
        signup_page.revisions.append(DumpRevision(user, when, head + "\n".join(lines) + "\n", "signing up"))

    topics = ["== Topics =="]
    for a in s.articles[: s.worklist_topics]:
        link = f"[[{a.title}]]" if a.wiki == s.home else f"[[:{a.wiki}:{a.title}]]"
        topics.append(f"* {link}")
    worklist = DumpPage(f"{s.title}/Worklist",
                        [DumpRevision(ORGANIZER, t0 + timedelta(minutes=2), "\n".join(topics) + "\n", "worklist")])

    jury = DumpPage(f"{s.title}/Jury")
    jury_text = "Jury decisions, one signed line each.\n"
    jury.revisions.append(DumpRevision(ORGANIZER, t0 + timedelta(minutes=3), jury_text, "jury page"))
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    for j, a in enumerate(s.articles[: s.decisions]):
        target = a.title if a.wiki == s.home else f"{a.wiki}:{a.title}"
        stamp = when + timedelta(minutes=j)
        jury_text += f"\n{{{{Editathon decision | {target} | accept | comment = Good}}}} {signature(s.jury, stamp)}"
        jury.revisions.append(DumpRevision(s.jury, stamp, jury_text, "decision"))
    pages = [contest, signup_page, worklist, jury]
    s.page_revisions = {p.title: len(p.revisions) for p in pages}
    s.page_bytes = {p.title: sum(len(r.text.encode()) for r in p.revisions) for p in pages}
    return pages


def article_pages(s: Scenario, wiki: str) -> list[DumpPage]:
    pages = []
    for a in s.articles_on(wiki):
        revs = [DumpRevision(a.prior_user, (a.prior_at or a.created) + timedelta(minutes=10 * k),
                             article_revision_text(a, k), "earlier work")
                for k in range(a.prior)]
        revs += [DumpRevision(a.user, a.created + timedelta(minutes=10 * k), article_revision_text(a, a.prior + k),
                              "writing")
                 for k in range(a.revisions)]
        pages.append(DumpPage(a.title, revs))
    return pages


def first_edits(pages: Iterable[DumpPage]) -> dict[str, datetime]:
    """Each contributor's first revision time in ``pages``."""
    out: dict[str, datetime] = {}
    for page in pages:
        for rev in page.revisions:
            when = rev.timestamp if isinstance(rev.timestamp, datetime) else datetime.fromisoformat(rev.timestamp)
            if rev.user not in out or when < out[rev.user]:
                out[rev.user] = when
    return out


def create_accounts(wset: WikiSet, code: str, first: dict[str, datetime]) -> int:
    """Create the accounts in ``first`` that ``code`` lacks, as rows in its database.

    The harness creates a dump's missing accounts through the API, one password hash
    each (about a second apiece here: 5 minutes for 300 people). One account (the
    organizer) is made that way; the others get rows with its password hash (the salt
    travels with the hash), so every participant can still log in with the default
    password, and a registration time at their first replayed edit, as
    ``fixUserRegistration.php`` would set. About a second for a thousand accounts.
    """
    with contextlib.closing(wset.db(code)) as conn:
        have = {str(r[0]) for r in conn.execute("SELECT user_name FROM user")}
    missing = sorted(n for n in first if n not in have)
    if not missing:
        return 0
    if ORGANIZER not in have:
        wset.actor(code, ORGANIZER)
        missing = [n for n in missing if n != ORGANIZER]
    with contextlib.closing(wset.db(code)) as conn, conn:
        row = conn.execute("SELECT user_password FROM user WHERE user_name = ?", (ORGANIZER,)).fetchone()
        password_hash = row[0]
        touched = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        conn.executemany(
            "INSERT INTO user (user_name, user_real_name, user_password, user_newpassword, user_email, "
            "user_touched, user_token, user_registration, user_editcount) VALUES (?, '', ?, '', '', ?, ?, ?, 0)",
            [(name, password_hash, touched, secrets.token_hex(16), first[name].strftime("%Y%m%d%H%M%S"))
             for name in missing],
        )
        # MediaWiki 1.39 finds a user by name through the actor table.
        conn.execute(
            f"INSERT INTO actor (actor_user, actor_name) SELECT user_id, user_name FROM user "
            f"WHERE user_name IN ({','.join('?' * len(missing))})", missing)
    # MediaWiki caches user look-ups (missing ones too) in its object cache.
    cache = wset[code].dir / "data" / "wikicache.sqlite"
    with contextlib.closing(sqlite3.connect(cache, timeout=30)) as conn, conn:
        conn.execute("DELETE FROM objectcache")
    return len(missing)


def load(wset: WikiSet, s: Scenario | Sequence[Scenario],
         extra: dict[str, list[DumpPage]] | None = None) -> dict[str, float]:
    """Replay the scenario(s) (and ``extra`` pages per wiki) into the three wikis (in
    parallel); return seconds per wiki.

    Every participant can log in with the harness's default password (for live edits).
    """
    scenarios = [s] if isinstance(s, Scenario) else list(s)
    dumps: dict[str, list[DumpPage]] = {w: list((extra or {}).get(w, [])) for w in WIKIS}
    for sc in scenarios:
        dumps[sc.home] += home_pages(sc)
        for w in WIKIS:
            dumps[w] += article_pages(sc, w)

    def one(wiki: str) -> float:
        t = time.monotonic()
        create_accounts(wset, wiki, first_edits(dumps[wiki]))
        wset.import_dump(wiki, build_dump(dumps[wiki], lang=wiki), fast=True)
        return time.monotonic() - t

    with ThreadPoolExecutor(len(WIKIS)) as pool:
        return dict(zip(WIKIS, pool.map(one, WIKIS), strict=True))


def replay_key(scenarios: Sequence[Scenario], extra: dict[str, list[DumpPage]] | None = None) -> str:
    """What a replay holds: the scenarios (dates included), the extra pages and the pristine build."""
    shapes = [replace(sc, page_revisions={}, page_bytes={}) for sc in scenarios]  # those are filled by the replay
    text = repr((shapes, sorted((extra or {}).items()), build_id()))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def replayed_wikis(root: Path, scenarios: Sequence[Scenario], extra: dict[str, list[DumpPage]] | None = None,
                   *, cache: bool = True) -> tuple[WikiSet, dict[str, float], bool]:
    """Fresh running wikis holding the replayed scenarios: (wikis, seconds per wiki, from cache).

    The replay of a big shape is slow (``importDump.php`` saves about 15 revisions a second
    on a loaded machine: P = 1,000 is 49,000 revisions, most of an hour). With ``cache`` the
    replayed wikis are kept under ``.devwiki/bench-cache/KEY`` (KEY: the scenarios, their
    dates included, and the pristine build) and later runs copy them in seconds. Each
    measurement still runs on its own copy, so the live edits and the bot's writes of one
    never reach another.
    """
    scenarios = list(scenarios)
    key = replay_key(scenarios, extra)
    kept = devwiki_dir() / "bench-cache" / key
    if cache and (kept / "done").exists():
        t = time.monotonic()
        target = root / "wikiset"
        target.mkdir(parents=True, exist_ok=True)
        for code in WIKIS:
            shutil.copytree(kept / code, target / code, symlinks=True)
        for sc in scenarios:  # what the replay filled in (the contest pages' revision counts)
            home_pages(sc)
        wset = WikiSet(target.resolve()).start().stop_at_exit()
        return wset, {w: time.monotonic() - t for w in WIKIS}, True
    wset = start_wikis(root)
    loaded = load(wset, scenarios, extra)
    if cache:
        wset.run_jobs()
        wset.stop()
        partial = kept.with_name(key + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        for code in WIKIS:
            shutil.copytree(wset.root / code, partial / code, symlinks=True,
                            ignore=shutil.ignore_patterns("*.pid", "*.log"))
        shutil.rmtree(kept, ignore_errors=True)
        partial.rename(kept)
        (kept / "done").write_text(datetime.now(UTC).isoformat())
        wset.start()
    return wset, loaded, False


def live_actor(wset: WikiSet, code: str, user: str) -> Any:
    """A logged-in session of a replayed participant (their account has the default password)."""
    return wset.actor(code, user, DEFAULT_USER_PASSWORD)


def start_wikis(root: Path | None = None) -> WikiSet:
    """A fresh copy of the pristine wikis on free ports (stopped when the process exits)."""
    harness.ensure_pristine()
    root = root or Path(tempfile.mkdtemp(prefix="editathon-bench-"))
    return harness.new_wikiset(root / "wikiset")


# --------------------------------------------------------------------------- one bot run


@dataclass
class BotRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int
    trace: list[dict[str, Any]]
    hosts: dict[str, str]  # netloc -> wiki code
    cpu_seconds: float = 0.0  # the bot process's user + system CPU time

    @property
    def requests(self) -> dict[str, int]:
        """Requests per wiki as the bot reports them (the summary's ``requests:`` line)."""
        for line in self.stdout.splitlines():
            if line.startswith("requests:"):
                body = line.split(":", 1)[1].split("(total")[0]
                return {bits[0]: int(bits[1]) for bits in (p.split() for p in body.split(",")) if len(bits) == 2}
        return {}

    @property
    def http_seconds(self) -> float:
        """Time spent waiting for the wikis' answers (from the trace)."""
        return sum(float(r.get("seconds", 0.0)) for r in self.trace)

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    @property
    def edits(self) -> int:
        for line in self.stdout.splitlines():
            if line.startswith("edits:") and "(total" in line:
                return int(line.split("(total")[1].strip(" )"))
        return 0

    def traced(self, wiki: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.trace if wiki is None or self.hosts.get(r["host"]) == wiki]

    def breakdown(self) -> Counter[tuple[str, str, str]]:
        """(wiki, where in the bot, what was asked) -> requests."""
        return Counter((self.hosts.get(r["host"], r["host"]), f"{r['caller']} > {r['method']}", r["label"])
                       for r in self.trace)


def hosts_of(wset: WikiSet) -> dict[str, str]:
    return {f"127.0.0.1:{info.port}": code for code, info in wset.wikis.items()}


def run_bot(wset: WikiSet, state: Path, *args: str, trace: bool = True, jobs: bool = True,
            verbose: bool = False, repo: Path = REPO) -> BotRun:
    """``editathon run --once ARGS`` against ``wset`` in a child process, with its peak RSS.

    The child is ``bench.trace_bot`` (``bot.cli`` plus, with ``trace``, the request trace);
    it reports its own peak RSS (see :func:`bench.trace_bot.peak_rss_kb`). ``repo`` is the
    checkout whose bot runs (another version of the code, to compare on the same wikis).
    """
    if jobs:
        wset.run_jobs()
    env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(state)}
    env.pop("EDITATHON_NOW", None)
    env.pop("BENCH_TRACE", None)
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        trace_file, peak_file = Path(tmp) / "trace.jsonl", Path(tmp) / "peak.txt"
        env["BENCH_PEAK"] = str(peak_file)
        if trace:
            env["BENCH_TRACE"] = str(trace_file)
        cmd = [sys.executable, "-m", "bench.trace_bot", *(["-v"] if verbose else []), "run", "--once", *args]
        t = time.monotonic()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, env=env, cwd=repo, capture_output=True, text=True, timeout=7200)
        seconds = time.monotonic() - t
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        records = [json.loads(line) for line in trace_file.read_text().splitlines() if line.strip()] \
            if trace_file.exists() else []
        peak = int(peak_file.read_text()) if peak_file.exists() else 0
    result = BotRun(proc.returncode, proc.stdout, proc.stderr, seconds, peak, records, hosts_of(wset), cpu)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"the bot exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return result


# --------------------------------------------------------------------------- printing


def code_version() -> str:
    """The bot code measured: the commit, and any uncommitted change under bot/ (figures
    belong to a version of the code, and several people change it at once)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                                  timeout=30).stdout
        except OSError:
            return ""

    commit = git("log", "-1", "--format=%h %s").strip() or "unknown"
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "bot").splitlines()]
    return f"bot code: {commit}" + (f"; uncommitted: {', '.join(dirty)}" if dirty else "")


def ceil_div(n: int, d: int = BATCH) -> int:
    return math.ceil(n / d) if n > 0 else 0


def table(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """A plain fixed-width table (right-aligned numbers)."""
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        return "  ".join(c.rjust(w) if re.fullmatch(r"[\d.x/-]+", c) else c.ljust(w)
                         for c, w in zip(r, widths, strict=True)).rstrip()

    return "\n".join([fmt(cells[0]), "  ".join("-" * w for w in widths)] + [fmt(r) for r in cells[1:]])


def print_breakdown(run: BotRun, title: str) -> None:
    print(f"\n{title}: where the requests went (wiki, bot function > wiki.py method, API request)")
    rows = sorted(run.breakdown().items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    print(table([(w, where, what, n) for (w, where, what), n in rows], ("wiki", "where", "what", "requests")))

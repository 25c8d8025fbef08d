"""One run of the bot, start to end: the only orchestrator.

    poll each wiki's recent changes once
      -> find contest pages under the allowed prefixes
      -> per contest: read its pages with trust, sync the participants' articles,
         score, render, and write what changed (after checking the stop page)

Each contest is updated inside its own error boundary: a broken page or a wiki that
is down is reported and the next contest goes on. Time comes in as ``now``.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot import articles as art
from bot.config import BotConfig
from bot.contest_pages import ContestPages, read_contest_pages
from bot.counted import contribution, creation_status
from bot.i18n import catalog
from bot.model import (
    Candidate,
    ContestResult,
    ContestSettings,
    ContestState,
    Problem,
)
from bot.render import render_leaderboard, render_queue, render_worklist_status
from bot.score import score_contest
from bot.store import Store
from bot.wiki import SaveRefused, WikiError, Wikis, WikiSession

log = logging.getLogger(__name__)

RC_OVERLAP = timedelta(seconds=90)  # re-read a little: late-committed edits still show up
RC_MAX_AGE = timedelta(days=80)  # older cursors: recent changes may have expired


@dataclass
class ContestOutcome:
    wiki: str
    title: str
    state: str = ""
    entries: int = 0
    participants: int = 0
    edits: int = 0
    error: str | None = None
    problems: tuple[Problem, ...] = ()
    result: ContestResult | None = None


@dataclass
class RunSummary:
    started: datetime
    simulate: bool
    contests: list[ContestOutcome] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    edits: dict[str, int] = field(default_factory=dict)
    wiki_errors: dict[str, str] = field(default_factory=dict)
    diffs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.error for c in self.contests) and not self.wiki_errors


Printer = Callable[[str], None]


def contest_state(settings: ContestSettings, now: datetime) -> ContestState:
    start, end = settings.period()
    if settings.closed:
        return ContestState.CLOSED
    if now < start:
        return ContestState.UPCOMING
    if now < end:
        return ContestState.OPEN
    return ContestState.ENDED


class Run:
    """State of one run: sessions, store, the changes polled per wiki."""

    def __init__(self, cfg: BotConfig, store: Store, wikis: Wikis, *, now: datetime, simulate: bool,
                 progress: Printer | None = None) -> None:
        self.cfg = cfg
        self.store = store
        self.wikis = wikis
        self.now = now
        self.simulate = simulate
        self.progress = progress or (lambda s: log.info("%s", s))
        self.changes: dict[str, art.WikiChanges | None] = {}
        self.summary = RunSummary(started=now, simulate=simulate)
        self.stats = art.SyncStats()
        self._stopped: dict[str, bool] = {}

    # -------------------------------------------------------------- per wiki

    def poll(self, code: str) -> None:
        """One recent-changes read per wiki since the last run (none on the first)."""
        session = self.wikis[code]
        cursor, seen = self.store.rc_cursor(code)
        if cursor is None or self.now - cursor > RC_MAX_AGE:
            self.changes[code] = None
        else:
            entries = [e for e in session.recent_changes(cursor - RC_OVERLAP, self.now) if e.rcid not in seen]
            self.changes[code] = art.WikiChanges(entries)
            self.progress(f"{code}: {len(entries)} recent changes")
        polled = self.changes[code]
        keep = {e.rcid for e in (polled.entries if polled else []) if e.timestamp >= self.now - 2 * RC_OVERLAP}
        recent_seen = keep | (seen if cursor and self.now - cursor < RC_OVERLAP else set())
        self.store.set_rc_cursor(code, self.now, recent_seen)

    def discover(self, code: str, only: str | None) -> list[str]:
        """Contest pages under the wiki's allowed prefixes."""
        session = self.wikis[code]
        wcfg = self.cfg.wikis[code]
        changes = self.changes.get(code)
        known = set(self.store.known_contests(code))
        candidates: set[str] = set(known)
        if changes is None:
            for prefix in wcfg.prefixes:
                candidates |= set(session.pages_with_prefix(prefix))
        else:
            prefixes = [self._prefix_title(session, p) for p in wcfg.prefixes]
            for t in changes.touched_titles():
                if any(t.startswith(p) for p in prefixes):
                    candidates.add(t)
        if only:
            only_n = session.normalize(only)
            candidates = {c for c in candidates if c == only_n}
            if not candidates:
                candidates = {only_n}
        return sorted(candidates)

    @staticmethod
    def _prefix_title(session: WikiSession, prefix: str) -> str:
        ns, text = session.split_prefix(prefix)
        name = session.namespaces().names.get(ns, "")
        return f"{name}:{text}" if name else text

    # -------------------------------------------------------------- per contest

    def update_contest(self, code: str, title: str) -> ContestOutcome | None:
        session = self.wikis[code]
        pages = read_contest_pages(self, session, title)
        if pages is None:
            return None  # not a contest page
        out = ContestOutcome(wiki=code, title=title)
        settings = pages.settings
        if settings is None:
            out.problems = tuple(pages.problems)
            out.state = "broken"
            return out
        state = contest_state(settings, self.now)
        out.state = str(state)
        if settings.umbrella:
            out.problems = tuple(pages.problems)
            return out
        result = self.score(session, pages, settings, state)
        out.result = result
        out.entries = len(result.entries)
        out.participants = len(result.participants)
        out.problems = result.problems
        cat = catalog(self.cfg.wikis[code].language)
        sub = settings.subpages
        writes = [
            (sub.leaderboard, render_leaderboard(result, cat), "summary-leaderboard"),
            (sub.queue, render_queue(result, cat), "summary-queue"),
            (sub.worklist_status, render_worklist_status(result, cat), "summary-worklist-status"),
        ]
        for page, text, key in writes:
            if page == sub.worklist_status and not result.worklist.topics:
                continue
            out.edits += self.write(session, page, text, cat.text(key, contest=title, docs=self.cfg.docs_page),
                                    pages.lastrevids.get(page, 0))
        return out

    def score(self, session: WikiSession, pages: ContestPages, settings: ContestSettings,
              state: ContestState) -> ContestResult:
        period = settings.period()
        users = [s.user for s in pages.signups]
        signup_at = {s.user: s.timestamp for s in pages.signups}
        closes_at = min(self.now, pages.closed_at or self.now)
        candidates: list[Candidate] = []
        category_members: dict[tuple[str, str], frozenset[int]] = {}
        registrations: dict[str, datetime | None] = {}
        for w in settings.wikis:
            if w not in self.cfg.wikis:
                continue
            ws = self.wikis[w]
            wcfg = self.cfg.wikis[w]
            try:
                pageids = art.sync_participants(
                    ws, self.store, users=users, period=period, now=self.now, changes=self.changes.get(w),
                    namespaces=wcfg.article_namespaces, draft_namespaces=wcfg.draft_namespaces, stats=self.stats)
            except WikiError as exc:
                self.summary.wiki_errors[w] = str(exc)
                pages.problems.append(Problem.make("run-wiki-unreachable", w, settings.title, wiki_name=w,
                                                   error=str(exc)))
                continue
            nss = ws.namespaces()
            rows = self.store.pages(w, pageids)
            userset = set(users)
            for row in rows:
                if not row.title:
                    continue
                edits = self.store.page_edits(w, row.pageid)
                need = art.revisions_to_measure(edits, userset, period)
                art.measure_revisions(ws, self.store, need, file_namespaces=nss.file,
                                      category_namespaces=nss.category, stats=self.stats)
                figs = self.store.figures(w, need, art.MEASURE_VERSION)
                article = art.build_article(row, edits, figs, period=period,
                                            article_namespaces=wcfg.article_namespaces)
                if article.namespace not in wcfg.article_namespaces and not article.deleted:
                    continue  # a draft still outside the article namespace
                editors = {e.user for e in article.edits if e.user in userset and period[0] <= e.timestamp < period[1]}
                for user in sorted(editors):
                    creation = creation_status(article, user, signed_up=signup_at[user], period=period)
                    contrib = contribution(article, user, signed_up=signup_at[user], period=period,
                                           closes_at=closes_at)
                    candidates.append(Candidate(user=user, article=article, creation=creation,
                                                contribution=contrib))
            for crit in settings.criteria:
                for ref in crit.categories:
                    cw = ref.wiki or w
                    key = (cw, ref.name)
                    if key not in category_members and cw in self.cfg.wikis:
                        category_members[key] = self.wikis[cw].category_tree(ref.name, crit.depth)
        needs_reg = any(c.type == "newcomer" for c in settings.criteria) or any(
            n.newcomers for n in settings.nominations)
        if needs_reg and users:
            home = settings.wiki
            registrations = self.store.registrations(home, users)
            unknown = [u for u in users if u not in registrations]
            if unknown:
                got = self.wikis[home].registrations(unknown)
                registrations.update(got)
                self.store.set_registrations(home, got)
        return score_contest(
            settings,
            state=state,
            signups=pages.signups,
            withdrawn=pages.withdrawn,
            suspensions=pages.suspensions,
            decisions=pages.decisions,
            worklist=pages.worklist,
            candidates=candidates,
            registrations=registrations,
            category_members=category_members,
            problems=pages.problems,
        )

    # -------------------------------------------------------------- writing

    def stopped(self, session: WikiSession) -> bool:
        if session.code not in self._stopped:
            self._stopped[session.code] = session.stopped()
            if self._stopped[session.code]:
                self.progress(f"{session.code}: User:{self.cfg.username}/Stop has text: no edits on this wiki")
        return self._stopped[session.code]

    def write(self, session: WikiSession, title: str, text: str, summary: str, current_revid: int) -> int:
        """Save ``title`` if its content changed since the bot last wrote it. Returns edits made."""
        digest = hashlib.sha256(text.encode()).hexdigest()
        prev = self.store.written(session.code, title)
        if prev and prev[0] == digest and (current_revid == 0 or current_revid == prev[1]):
            return 0
        if prev is None or (current_revid and current_revid != prev[1]):
            got = session.page_text(title)
            if got and got[0].rstrip() == text.rstrip():
                self.store.set_written(session.code, title, digest, got[1], self.now)
                return 0
            old = got[0] if got else ""
        else:
            old = ""
        if self.simulate:
            diff = "".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{session.code}:{title} (now)", tofile=f"{session.code}:{title} (would be)"))
            self.summary.diffs.append(diff or f"{session.code}:{title}: would be written\n")
            return 0
        if self.stopped(session):
            return 0
        try:
            revid = session.save(title, text, summary)
        except SaveRefused as exc:
            self.progress(str(exc))
            return 0
        self.store.set_written(session.code, title, digest, revid, self.now)
        self.progress(f"{session.code}: wrote {title}")
        return 1


def run_once(cfg: BotConfig, *, now: datetime, simulate: bool = False, only: str | None = None,
             progress: Printer | None = None) -> RunSummary:
    """Update every contest (or ``only`` one) once."""
    store = Store.open(cfg.state, simulate=simulate)
    wikis = Wikis(cfg, simulate=simulate)
    run = Run(cfg, store, wikis, now=now, simulate=simulate, progress=progress)
    try:
        targets: list[tuple[str, str]] = []
        only_wiki, only_title = split_only(only, cfg.known_wikis)
        for code in cfg.wikis:
            try:
                run.poll(code)
                if only_wiki in (None, code):
                    targets += [(code, t) for t in run.discover(code, only_title)]
            except WikiError as exc:
                run.summary.wiki_errors[code] = str(exc)
                run.progress(f"{code}: {exc}")
        for code, title in targets:
            try:
                outcome = run.update_contest(code, title)
            except WikiError as exc:
                outcome = ContestOutcome(wiki=code, title=title, error=str(exc))
                run.progress(f"{code}:{title}: {exc}")
            except Exception as exc:  # a bug must not stop the other contests
                log.exception("contest %s:%s failed", code, title)
                outcome = ContestOutcome(wiki=code, title=title, error=f"{type(exc).__name__}: {exc}")
            if outcome is not None:
                run.summary.contests.append(outcome)
        run.summary.requests = dict(wikis.counter.requests)
        run.summary.edits = dict(wikis.counter.edits)
        if not simulate:
            store.record_run({
                "started": now.isoformat(), "finished": now.isoformat(), "simulate": 0,
                "requests": str(run.summary.requests), "edits": str(run.summary.edits),
                "contests": len(run.summary.contests),
                "entries": sum(c.entries for c in run.summary.contests)})
        return run.summary
    finally:
        wikis.close()
        store.close()


def split_only(only: str | None, wikis: frozenset[str]) -> tuple[str | None, str | None]:
    """``--contest tt:Project:X`` names the wiki; a bare title is looked for on every wiki."""
    if not only:
        return None, None
    prefix, sep, rest = only.partition(":")
    if sep and prefix in wikis:
        return prefix, rest
    return None, only

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from bot import articles as art
from bot.config import BotConfig
from bot.contest_pages import ContestPages, read_contest_pages, stored_settings
from bot.counted import contribution, creation_status
from bot.extensions import extended_users, user_period, widest_period
from bot.i18n import catalog
from bot.invite import send_invitations
from bot.model import (
    Article,
    Candidate,
    ContestResult,
    ContestSettings,
    ContestState,
    Extension,
    PageRef,
    Problem,
    SubpageNames,
    Topic,
    Worklist,
)
from bot.notify import plan_notices, send_notices
from bot.render import render_leaderboard, render_queue, render_worklist_status
from bot.render.leaderboard import render_broken_leaderboard
from bot.render.umbrella import render_umbrella_leaderboard
from bot.render.worklist_status import render_umbrella_worklist_status
from bot.score import score_contest
from bot.store import Store
from bot.wiki import SaveRefused, WikiError, Wikis, WikiSession

log = logging.getLogger(__name__)
T = TypeVar("T")

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
    settings: ContestSettings | None = None
    pages: ContestPages | None = field(default=None, repr=False)
    writes: bool = True  # False: read (and scored) only for an umbrella's sake under --contest

    @property
    def ref(self) -> PageRef:
        return PageRef(self.wiki, self.title)


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
        self._category_trees: dict[tuple[str, str, int], frozenset[int]] = {}
        self.cursor_scope: str | None = None  # the --contest a run is limited to
        self.next_editions: dict[PageRef, PageRef] = {}  # issue 21: page -> the edition whose previous it is

    # -------------------------------------------------------------- per wiki

    def poll(self, code: str) -> None:
        """One recent-changes read per wiki since the last run (none on the first)."""
        session = self.wikis[code]
        # A --contest run keeps a cursor of its own (starting where the full runs were), so it
        # reads its changes incrementally without taking them away from the other contests.
        key = code if self.cursor_scope is None else f"{code}|{self.cursor_scope}"
        cursor, seen = self.store.rc_cursor(key)
        before = self.store.edit_count(key)
        if cursor is None and key != code:
            cursor, seen = self.store.rc_cursor(code)
            before = self.store.edit_count(code)
        if cursor is None or self.now - cursor > RC_MAX_AGE:
            self.changes[code] = None
            session.read_edit_count()  # the baseline the next poll compares with
        else:
            entries = [e for e in session.recent_changes(cursor - RC_OVERLAP, self.now) if e.rcid not in seen]
            self.changes[code] = art.WikiChanges(entries)
            self.progress(f"{code}: {len(entries)} recent changes")
            if unseen_revisions(before, session.edit_count, entries):
                # More revisions arrived than recent changes show since the cursor: history was
                # imported with old timestamps. Read everything again, as on a first run.
                self.progress(f"{code}: the edit count grew by more than recent changes show: full read")
                self.changes[code] = None
        polled = self.changes[code]
        keep = {e.rcid for e in (polled.entries if polled else []) if e.timestamp >= self.now - 2 * RC_OVERLAP}
        recent_seen = keep | (seen if cursor and self.now - cursor < RC_OVERLAP else set())
        self.store.set_rc_cursor(key, self.now, recent_seen)
        if session.edit_count is not None:
            self.store.set_edit_count(key, session.edit_count)

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
            # A page under a prefix that changed may be a new contest (the kit's too); the pages
            # the bot writes and the known contests' subpages are not, and cost no request.
            prefixes = [self._prefix_title(session, p) for p in wcfg.prefixes]
            subpages = {t for c in known for t in self.store.contest_revids(code, c) if t != c}
            written = self.store.written_titles(code)  # leaderboards, queues...: the bot's output
            for t in changes.touched_titles() - subpages - written:
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

    def read_contest(self, code: str, title: str) -> ContestOutcome | None:
        """Phase 1: read the contest's pages with trust (None: not a contest page)."""
        session = self.wikis[code]
        pages = read_contest_pages(self, session, title)
        if pages is None:
            return None
        out = ContestOutcome(wiki=code, title=title, settings=pages.settings, pages=pages)
        out.problems = tuple(pages.problems)
        if pages.settings is None:
            out.state = "broken"
        else:
            out.state = str(contest_state(pages.settings, self.now))
        return out

    def update_broken(self, out: ContestOutcome) -> None:
        """A contest whose trusted page cannot be read as one: its leaderboard says why."""
        if out.pages is None or not out.writes:
            return
        session = self.wikis[out.wiki]
        cat = catalog(self.cfg.wikis[out.wiki].language)
        board = SubpageNames.defaults(out.title).leaderboard
        text = render_broken_leaderboard(out.title, out.problems, cat, home_wiki=out.wiki)
        out.edits += self.write(session, board, text,
                                cat.text("summary-leaderboard", contest=out.title, docs=self.cfg.docs_page),
                                out.pages.lastrevids.get(board))

    def update_contest(self, out: ContestOutcome, umbrella_topics: Sequence[Topic] = ()) -> None:
        """Phase 2: sync the participants' articles, score, and write the contest's pages."""
        settings, pages = out.settings, out.pages
        if settings is None or pages is None or settings.umbrella:
            return
        session = self.wikis[out.wiki]
        if umbrella_topics:
            pages.worklist = merge_worklists(pages.worklist, umbrella_topics)
        result = self.score(session, pages, settings, contest_state(settings, self.now))
        result = replace(result, extensions=tuple(pages.extensions), previous=settings.previous,
                         next=self.next_editions.get(out.ref))
        notices = plan_notices(self, session, result, pages)
        result = notices.result  # with the problems of notices not delivered
        out.result = result
        out.entries = len(result.entries)
        out.participants = len(result.participants)
        out.problems = result.problems
        cat = catalog(self.cfg.wikis[out.wiki].language)
        sub = settings.subpages
        writes = [
            (sub.leaderboard, render_leaderboard(result, cat), "summary-leaderboard"),
            (sub.queue, render_queue(result, cat), "summary-queue"),
        ]
        if result.worklist.topics:
            writes.append((sub.worklist_status, render_worklist_status(result, cat), "summary-worklist-status"))
        if not out.writes:
            return
        for page, text, key in writes:
            out.edits += self.write(session, page, text, cat.text(key, contest=out.title, docs=self.cfg.docs_page),
                                    pages.lastrevids.get(page))
        send_notices(self, session, notices, out)

    def update_umbrella(self, out: ContestOutcome, below: Sequence[ContestOutcome]) -> None:
        """Phase 3: an umbrella's leaderboard over every contest below it (nested ones flattened)."""
        settings, pages = out.settings, out.pages
        if settings is None or pages is None:
            return
        failed = [c for c in below if c.error is not None]
        if failed:  # a leaderboard without them would flip back on the next run
            self.progress(f"{out.title}: not updated, {len(failed)} contest(s) below it failed")
            return
        session = self.wikis[out.wiki]
        cat = catalog(self.cfg.wikis[out.wiki].language)
        results = [c.result for c in below if c.result is not None]
        out.entries = sum(len(r.entries) for r in results)
        out.participants = len({p for r in results for p in r.participants})
        text = render_umbrella_leaderboard(settings, contest_state(settings, self.now), results, cat,
                                           problems=pages.problems, next_edition=self.next_editions.get(out.ref))
        sub = settings.subpages
        out.edits += self.write(session, sub.leaderboard, text,
                                cat.text("summary-leaderboard", contest=out.title, docs=self.cfg.docs_page),
                                pages.lastrevids.get(sub.leaderboard))
        if pages.worklist.topics:  # the general list's coverage across every contest below
            status = render_umbrella_worklist_status(settings, pages.worklist, results, cat)
            out.edits += self.write(session, sub.worklist_status, status,
                                    cat.text("summary-worklist-status", contest=out.title, docs=self.cfg.docs_page),
                                    pages.lastrevids.get(sub.worklist_status))

    def normalize_ref(self, ref: PageRef) -> PageRef:
        """A page reference with its title as that wiki writes it (local namespace name)."""
        if ref.wiki not in self.wikis.sessions:
            return ref
        return PageRef(ref.wiki, self.wikis[ref.wiki].normalize(ref.title))

    def score(self, session: WikiSession, pages: ContestPages, settings: ContestSettings,
              state: ContestState) -> ContestResult:
        period = settings.period()
        exts = pages.extensions
        sync_period = widest_period(settings, exts)  # extensions: their edits must be read too
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
            before = (self.stats.contributions, self.stats.pages, self.stats.texts)
            down = w in self.summary.wiki_errors
            self._new_extensions(settings, exts, users, w, sync_period)
            if not down:
                try:
                    pageids = art.sync_participants(
                        ws, self.store, users=users, period=sync_period, now=self.now, changes=self.changes.get(w),
                        namespaces=wcfg.article_namespaces, draft_namespaces=wcfg.draft_namespaces,
                        stats=self.stats)
                except WikiError as exc:
                    self.summary.wiki_errors[w] = str(exc)
                    down = True
            if down:
                # What the store already knows still stands: the entries stay on the leaderboard
                # (no new figures) and the problem says the wiki could not be read this time.
                pages.problems.append(Problem.make("run-wiki-unreachable", w, settings.title, wiki_name=w,
                                                   error=self.summary.wiki_errors[w]))
                pageids = {pid for u in users for pid in self.store.iter_user_pageids(w, u)}
            rows = self.store.pages(w, pageids)
            after_sync = (self.stats.contributions, self.stats.pages, self.stats.texts)
            userset = set(users)
            # Every article's revisions to measure first, so the texts go out 50 a request
            # across articles (not one small request per article), then the articles.
            work = [(row, self.store.page_edits(w, row.pageid)) for row in rows if row.title]
            needs = [art.revisions_to_measure(edits, userset, period)
                     | (art.revisions_to_measure(edits, userset, sync_period) if exts else set())
                     for _, edits in work]
            if not down:
                nss = ws.namespaces()
                art.measure_revisions(ws, self.store, set().union(*needs), file_namespaces=nss.file,
                                      category_namespaces=nss.category, stats=self.stats)
            own = {u: user_period(settings, exts, u, w) for u in userset} if exts else {}
            for (row, edits), need in zip(work, needs, strict=True):
                figs = self.store.figures(w, need, art.MEASURE_VERSION)
                article = art.build_article(row, edits, figs, period=period,
                                            article_namespaces=wcfg.article_namespaces)
                built: dict[tuple[datetime, datetime], Article] = {period: article}
                if article.namespace not in wcfg.article_namespaces:
                    continue  # a draft still outside the article namespace
                editors = {e.user for e in article.edits if e.user in userset
                           and (own.get(e.user) or period)[0] <= e.timestamp < (own.get(e.user) or period)[1]}
                for user in sorted(editors):
                    mine = own.get(user) or period
                    if mine not in built:  # an extended participant's article is measured at their own end
                        built[mine] = art.build_article(row, edits, figs, period=mine,
                                                        article_namespaces=wcfg.article_namespaces)
                    theirs = built[mine]
                    creation = creation_status(theirs, user, signed_up=signup_at[user], period=mine)
                    contrib = contribution(theirs, user, signed_up=signup_at[user], period=mine,
                                           closes_at=closes_at)
                    candidates.append(Candidate(user=user, article=theirs, creation=creation,
                                                contribution=contrib))
            self.progress(
                f"{settings.title} on {w}: {after_sync[0] - before[0]} contributions listed, "
                f"{after_sync[1] - before[1]} pages re-read, {self.stats.texts - before[2]} revisions measured, "
                f"{len(rows)} articles")
            for crit in settings.criteria:
                for ref in crit.categories:
                    cw = ref.wiki or w
                    key = (cw, ref.name)
                    if key not in category_members and cw in self.cfg.wikis and cw not in self.summary.wiki_errors:
                        try:
                            tree_key = (cw, ref.name, crit.depth)
                            if tree_key not in self._category_trees:  # contests share a run's walks
                                self._category_trees[tree_key] = self.wikis[cw].category_tree(ref.name, crit.depth)
                            category_members[key] = self._category_trees[tree_key]
                        except WikiError as exc:
                            self.summary.wiki_errors[cw] = str(exc)
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

    def _new_extensions(self, settings: ContestSettings, exts: Sequence[Extension], users: Sequence[str],
                        wiki: str, sync_period: tuple[datetime, datetime]) -> list[str]:
        """Participants an extension names for the first time: their contributions are listed
        again for the whole extended period, so edits a run passed over before the extension
        existed come back (issue 21). Returns them."""
        key = f"extensions-read|{wiki}"
        known = set((self.store.ledger(settings.wiki, settings.title, key) or {}).get("keys", []))
        fresh = [e for e in exts if e.key not in known]
        if not fresh:
            return []
        again = extended_users(fresh, users, wiki)
        if again:  # "scanned from" after the start: the sync reads them as new participants
            self.store.set_user_scans(wiki, again, sync_period[1], self.now)
        self.store.set_ledger(settings.wiki, settings.title, key, {"keys": sorted(known | {e.key for e in exts})})
        return again

    # -------------------------------------------------------------- writing

    def stopped(self, session: WikiSession) -> bool:
        if session.code not in self._stopped:
            self._stopped[session.code] = session.stopped()
            if self._stopped[session.code]:
                self.progress(f"{session.code}: User:{self.cfg.username}/Stop has text: no edits on this wiki")
        return self._stopped[session.code]

    def recheck_stop_pages(self) -> None:
        """Read each wiki's stop page again before the next contest's writes (contract section 5)."""
        self._stopped.clear()

    def write(self, session: WikiSession, title: str, text: str, summary: str,
              current_revid: int | None = None) -> int:
        """Save ``title`` if its content changed since the bot last wrote it. Returns edits made.

        ``current_revid`` is the page's latest revision if this run knows it (0: the page
        does not exist), None if not: a page someone else edited is read and restored, a
        page known to be missing is not read at all.
        """
        digest = hashlib.sha256(text.encode()).hexdigest()
        prev = self.store.written(session.code, title)
        if prev and prev[0] == digest and current_revid in (None, prev[1]):
            return 0
        old: str | None = None
        if current_revid != 0 and (prev is None or (current_revid is not None and current_revid != prev[1])):
            got = session.page_text(title)
            if got and got[0].rstrip() == text.rstrip():
                self.store.set_written(session.code, title, digest, got[1], self.now)
                return 0
            old = got[0] if got else ""
        if self.simulate:
            if old is None:
                got = session.page_text(title) if current_revid != 0 else None
                old = got[0] if got else ""
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
             progress: Printer | None = None, stop: Callable[[], bool] | None = None) -> RunSummary:
    """Update every contest (or ``only`` one) once, then each wiki's status page.

    ``stop`` (the service's SIGTERM) is asked before each contest: once it is true the
    run ends after the contest it is on, and leaves the status pages for the next run.
    """
    from bot.status import write_status_pages

    def halted() -> bool:
        if stop is None or not stop():
            return False
        run.progress("stop requested: the remaining contests wait for the next run")
        return True

    store = Store.open(cfg.state, simulate=simulate)
    wikis = Wikis(cfg, simulate=simulate)
    run = Run(cfg, store, wikis, now=now, simulate=simulate, progress=progress)
    run.cursor_scope = only
    try:
        targets: list[tuple[str, str]] = []
        for code in cfg.wikis:
            try:
                run.poll(code)
                targets += [(code, t) for t in run.discover(code, None)]
            except WikiError as exc:
                run.summary.wiki_errors[code] = str(exc)
                run.progress(f"{code}: {exc}")
        scope = Scope.of(run, only, targets) if only else None
        outcomes: list[ContestOutcome] = []
        interrupted = False
        queue = scope.initial() if scope else targets
        read: set[tuple[str, str]] = set()
        while queue:
            code, title = queue.pop(0)
            if (code, title) in read:
                continue
            read.add((code, title))
            if interrupted := halted():
                break
            outcome = guarded(run, code, title, partial(run.read_contest, code, title))
            if outcome is not None:
                outcomes.append(outcome)
                if outcome.settings is not None:  # its own subpages are not contests: skip them
                    sub = outcome.settings.subpages
                    read |= {(code, t) for t in (sub.participants, sub.worklist, sub.jury, sub.leaderboard,
                                                 sub.queue, sub.worklist_status, sub.subscribers)}
                if scope:
                    queue += scope.more(outcome)
        tree = UmbrellaTree(outcomes, normalize=lambda ref: run.normalize_ref(ref))
        for o in outcomes:  # each edition's pages link the next one (its page names them as previous)
            if o.settings is not None and o.settings.previous is not None:
                run.next_editions[run.normalize_ref(o.settings.previous)] = o.ref
        if scope:
            scope.mark(outcomes)
        for outcome in outcomes:
            if outcome.error is None and outcome.settings is None:
                guarded(run, outcome.wiki, outcome.title, partial(run.update_broken, outcome), outcome)
        for outcome in outcomes:
            if outcome.error is None and outcome.settings and not outcome.settings.umbrella:
                if interrupted := halted():
                    break
                run.recheck_stop_pages()
                guarded(run, outcome.wiki, outcome.title,
                        partial(run.update_contest, outcome, tree.inherited_topics(outcome)), outcome)
        for outcome in outcomes:
            if (not interrupted and outcome.writes and outcome.error is None and outcome.settings
                    and outcome.settings.umbrella):
                if interrupted := halted():
                    break
                run.recheck_stop_pages()
                guarded(run, outcome.wiki, outcome.title,
                        partial(run.update_umbrella, outcome, tree.contests_below(outcome)), outcome)
        for outcome in outcomes:  # issue 21: last edition's participants invited to a new one
            if (not interrupted and outcome.writes and outcome.error is None and outcome.settings
                    and outcome.settings.umbrella and outcome.settings.previous is not None):
                state = contest_state(outcome.settings, now)
                sent = guarded(run, outcome.wiki, outcome.title,
                               partial(send_invitations, run, outcome, tree, state), outcome)
                outcome.edits += sent or 0
        run.summary.contests.extend(outcomes)
        if not interrupted and scope is None:  # a partial run would list only some contests
            run.recheck_stop_pages()
            write_status_pages(run)
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


def guarded(run: Run, code: str, title: str, step: Callable[[], T],
            outcome: ContestOutcome | None = None) -> T | None:
    """Run one contest's step inside its error boundary: a failure is recorded, others go on."""
    try:
        return step()
    except WikiError as exc:
        error = str(exc)
        run.progress(f"{code}:{title}: {exc}")
    except Exception as exc:  # a bug must not stop the other contests
        log.exception("contest %s:%s failed", code, title)
        error = f"{type(exc).__name__}: {exc}"
    if outcome is None:
        run.summary.contests.append(ContestOutcome(wiki=code, title=title, error=error))
    else:
        outcome.error = error
    return None


def merge_worklists(own: Worklist, inherited: Sequence[Topic]) -> Worklist:
    """A contest's worklist plus its umbrellas' general topics (own topics first)."""
    keys = {t.key for t in own.topics}
    titles = {wt for t in own.topics for wt in t.titles}
    extra = [t for t in inherited if t.key not in keys and not (set(t.titles) & titles)]
    return Worklist(topics=(*own.topics, *extra))


class UmbrellaTree:
    """Which contests sit below which umbrella (``parent =``), through any nesting."""

    def __init__(self, outcomes: Sequence[ContestOutcome], normalize: Callable[[PageRef], PageRef]) -> None:
        self.by_ref = {o.ref: o for o in outcomes if o.settings is not None}
        self.parent: dict[PageRef, PageRef] = {}
        for o in outcomes:
            if o.settings is not None and o.settings.parent is not None:
                ref = normalize(o.settings.parent)
                self.parent[o.ref] = ref
                target = self.by_ref.get(ref)
                if (target is None or not target.settings or not target.settings.umbrella) and o.pages:
                    o.pages.problems.append(Problem.make(
                        "contest-parent-not-umbrella", o.wiki, o.title, revid=o.settings.revid,
                        parent=str(ref) if ref.wiki != o.wiki else ref.title))

    def ancestors(self, o: ContestOutcome) -> list[ContestOutcome]:
        out: list[ContestOutcome] = []
        ref = self.parent.get(o.ref)
        seen = {o.ref}
        while ref is not None and ref not in seen and ref in self.by_ref:
            seen.add(ref)
            out.append(self.by_ref[ref])
            ref = self.parent.get(ref)
        return out

    def inherited_topics(self, o: ContestOutcome) -> list[Topic]:
        return [t for a in self.ancestors(o) if a.pages for t in a.pages.worklist.topics]

    def contests_below(self, umbrella: ContestOutcome) -> list[ContestOutcome]:
        return [o for o in self.by_ref.values()
                if o.settings is not None and not o.settings.umbrella and umbrella in self.ancestors(o)]


class Scope:
    """What a ``--contest`` run reads: the contest, its umbrellas (their general worklists
    count in it) and, for an umbrella, every contest below it (to roll them up). Only the
    named contest is written. Known contests' parents come from their stored settings, so
    finding them costs no request."""

    def __init__(self, run: Run, selected: list[tuple[str, str]], targets: Sequence[tuple[str, str]]) -> None:
        self.run = run
        self.selected = set(selected)
        self.targets = list(targets)
        self._parents: dict[tuple[str, str], PageRef | None] = {}

    @staticmethod
    def of(run: Run, only: str, targets: Sequence[tuple[str, str]]) -> Scope:
        wiki, title = split_only(only, run.cfg.known_wikis)
        assert title is not None
        found: list[tuple[str, str]] = []
        for code in run.cfg.wikis:
            if wiki not in (None, code):
                continue
            name = run.wikis[code].normalize(title)
            if (code, name) in targets or wiki == code:
                found.append((code, name))
        if not found and wiki is None:  # not known anywhere yet: look on every wiki
            found = [(code, run.wikis[code].normalize(title)) for code in run.cfg.wikis]
        return Scope(run, found, targets)

    def parent(self, key: tuple[str, str]) -> PageRef | None:
        if key not in self._parents:
            s = stored_settings(self.run, *key)
            self._parents[key] = self.run.normalize_ref(s.parent) if s and s.parent else None
        return self._parents[key]

    def initial(self) -> list[tuple[str, str]]:
        return sorted(self.selected)

    def more(self, outcome: ContestOutcome) -> list[tuple[str, str]]:
        """After reading ``outcome``: its umbrella, and if it is a selected umbrella, its contests."""
        out: list[tuple[str, str]] = []
        s = outcome.settings
        if s and s.parent:
            p = self.run.normalize_ref(s.parent)
            out.append((p.wiki, p.title))
        if s and s.umbrella and (outcome.wiki, outcome.title) in self.selected:
            mine = {PageRef(outcome.wiki, outcome.title)}
            for key in self.targets:
                ref = self.parent(key)
                chain: set[PageRef] = set()
                while ref is not None and ref not in chain:
                    if ref in mine:
                        out.append(key)
                        break
                    chain.add(ref)
                    ref = self.parent((ref.wiki, ref.title))
        return out

    def mark(self, outcomes: Sequence[ContestOutcome]) -> None:
        """Only the named contest is written; the others were read for its sake."""
        for o in outcomes:
            o.writes = (o.wiki, o.title) in self.selected


def unseen_revisions(before: int | None, now: int | None, entries: Sequence[art.RCEntry]) -> bool:
    """True when the wiki's edit count grew by more than the polled changes can explain.

    An edit or a new page is one revision; a move may save two (a null revision and the
    redirect), a protection one; other log entries (accounts, deletions, blocks) none.
    An import of old history adds revisions with no change in the window, and trips this.
    """
    if before is None or now is None:
        return False
    weight = {"move": 2, "protect": 1, "merge": 1, "import": 0}
    explained = sum(1 if e.type in ("edit", "new") else weight.get(e.logtype, 0) for e in entries)
    return now - before > explained

"""One run of the bot, start to end: the only orchestrator.

    poll each wiki's recent changes once, and find its contest pages
      -> read every contest's pages with trust (umbrellas' subscribers too)
      -> per contest: sync the participants' articles, score, send notices,
         render, and publish what changed (after checking the stop page)
      -> per umbrella: its leaderboard over the contests below it
      -> each wiki's status page

Each contest is updated inside its own error boundary: a broken page or a wiki that
is down is reported and the next contest goes on. Time comes in as ``now``. Every
save goes through one :class:`bot.run.publisher.Publisher`; nothing here decides
whether a run writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import TypeVar

from bot.config import BotConfig
from bot.fingerprint import decide
from bot.i18n import catalog
from bot.local_names import wiki_names
from bot.model import Problem, SubpageNames, Topic, contest_state
from bot.render import render_worklist_status
from bot.render.leaderboard import render_broken_leaderboard, render_leaderboard_parts
from bot.render.parts import part_title
from bot.render.queue import render_queue_parts
from bot.render.umbrella import render_umbrella_parts
from bot.render.worklist_status import render_umbrella_worklist_status
from bot.run.announce import read_subscribers_of
from bot.run.candidates import scoring_inputs, sync_contest
from bot.run.context import ContestOutcome, Printer, RunContext, RunSummary
from bot.run.hand_edits import bot_pages, hand_edit_problems
from bot.run.invite import read_optouts_of, send_invitations
from bot.run.notify import plan_notices, send_notices, undelivered
from bot.run.pages import read_contest_pages
from bot.run.poll import commit_cursors, discover, poll
from bot.run.prefetch import prefetch_articles, prefetch_contest_pages
from bot.run.publisher import Publisher, contest_parts, known_parts, page_budget
from bot.run.scope import Scope, UmbrellaTree
from bot.run.status import write_status_pages
from bot.run.unchanged import (
    contest_inputs,
    current_outputs,
    finished_well,
    forget,
    last_scored,
    remember,
    restore,
    umbrella_inputs,
)
from bot.run.wikidata import learn_sitelinks
from bot.run.years import editions, years_compared
from bot.score import score_contest
from bot.store import Store
from bot.topics import merge_worklists
from bot.wiki import Wikis
from bot.wiki_reads import WikiError
from bot.wikidata_topics import follow_wikidata

log = logging.getLogger(__name__)
T = TypeVar("T")


def run_once(cfg: BotConfig, *, now: datetime, simulate: bool = False, only: str | None = None,
             progress: Printer | None = None, stop: Callable[[], bool] | None = None,
             rescore_all: bool = False) -> RunSummary:
    """Update every contest (or ``only`` one) once, then each wiki's status page.

    ``stop`` (the service's SIGTERM) is asked before each contest: once it is true the
    run ends after the contest it is on, and leaves the status pages for the next run.
    A contest nothing touched since its last good run is not scored again, unless
    ``rescore_all`` (a report needs every contest's result).
    """
    store = Store.open(cfg.state, simulate=simulate)
    wikis = Wikis(cfg, simulate=simulate)
    run = RunContext.start(cfg, store, wikis, now=now, simulate=simulate, progress=progress)
    run.cursor_scope = only
    run.rescore_all = rescore_all
    publisher = Publisher(run)

    def halted() -> bool:
        if stop is None or not stop():
            return False
        run.progress("stop requested: the remaining contests wait for the next run")
        return True

    try:
        targets = poll_wikis(run)
        scope = Scope.of(run, only, targets) if only else None
        prefetch_contest_pages(run, scope.initial() if scope else targets)  # all their pages at once, per wiki
        outcomes, interrupted = read_contests(run, scope, scope.initial() if scope else targets, halted)
        if not interrupted:
            prefetch_articles(run, outcomes)  # every contest's participants at once, per wiki
        tree = UmbrellaTree(outcomes, normalize=wikis.normalize_ref)
        for o in outcomes:  # each edition's pages link the next one (its page names them as previous)
            if o.settings is not None and o.settings.previous is not None:
                run.next_editions[wikis.normalize_ref(o.settings.previous)] = o.ref
        if scope:
            scope.mark(outcomes)
        for o in outcomes:  # the last page reads: invitations' opt-out lists, before any scoring
            if not interrupted and o.writes and o.error is None and o.settings is not None and o.settings.umbrella:
                guarded(run, o.wiki, o.title, partial(read_optouts_of, run, o), o)
        # One request for the items of every contest's worklist (topics that follow Wikidata).
        run.sitelinks, run.wikidata_requests = learn_sitelinks(
            cfg, store, [o.pages.worklist for o in outcomes if o.pages is not None], progress=run.progress)
        for o in outcomes:
            if o.error is None and o.settings is None:
                guarded(run, o.wiki, o.title, partial(update_broken, run, publisher, o), o)
        for o in outcomes:
            if o.error is None and o.settings and not o.settings.umbrella:
                if interrupted := interrupted or halted():
                    break
                publisher.recheck()
                guarded(run, o.wiki, o.title,
                        partial(update_contest, run, publisher, o, tree.inherited_topics(o)), o)
        for o in outcomes:
            if not interrupted and o.writes and o.error is None and o.settings and o.settings.umbrella:
                if interrupted := halted():
                    break
                publisher.recheck()
                guarded(run, o.wiki, o.title, partial(update_umbrella_if_changed, run, publisher, o, tree), o)
        for o in outcomes:  # issue 21: last edition's participants invited to a new one
            if (not interrupted and o.writes and o.error is None and o.settings and o.settings.umbrella
                    and o.settings.previous is not None):
                sent = guarded(run, o.wiki, o.title, partial(send_invitations, run, publisher, o, tree,
                                                             contest_state(o.settings, now)), o)
                o.edits += sent or 0
        run.summary.contests.extend(outcomes)
        if not interrupted and scope is None:  # a partial run would list only some contests
            write_status_pages(run, publisher)  # the stop page as the last contest's writes read it
        for code, n in sorted(run.stats.deleted_unreadable.items()):
            run.progress(f"{code}: {n} page(s) deleted since the last run not checked for participants' articles: "
                         "the bot's account lacks the deletedhistory right (see the operator guide)")
        if not interrupted and not simulate:  # what was polled is done: the next run starts after it
            commit_cursors(run)
        run.summary.requests = dict(wikis.counter.requests)
        if run.wikidata_requests:
            run.summary.requests["wikidata"] = run.wikidata_requests
        run.summary.edits = dict(wikis.counter.edits)
        publisher.record_run(run.summary.requests, run.summary.edits)
        return run.summary
    finally:
        wikis.close()
        store.close()


def poll_wikis(run: RunContext) -> list[tuple[str, str]]:
    """Each wiki's recent changes, once; the contest pages found there, as (wiki, title)."""
    targets: list[tuple[str, str]] = []
    for code in run.cfg.wikis:
        try:
            poll(run, code)
            targets += [(code, t) for t in discover(run, code, None)]
        except WikiError as exc:
            run.summary.wiki_errors[code] = str(exc)
            run.progress(f"{code}: {exc}")
    return targets


def read_contests(run: RunContext, scope: Scope | None, queue: list[tuple[str, str]],
                  halted: Callable[[], bool]) -> tuple[list[ContestOutcome], bool]:
    """Read every contest's pages before any is scored: B and its subpages through the
    trust ledgers, then the subscribers of the umbrellas above the contests that may
    announce. Returns the contests read, and whether a stop was asked for."""
    outcomes: list[ContestOutcome] = []
    read: set[tuple[str, str]] = set()
    while queue:
        code, title = queue.pop(0)
        if (code, title) in read:
            continue
        read.add((code, title))
        if halted():
            return outcomes, True
        outcome = guarded(run, code, title, partial(read_contest, run, code, title))
        if outcome is not None:
            outcomes.append(outcome)
            if outcome.settings is not None:  # its own subpages are not contests: skip them
                sub = outcome.settings.subpages
                read |= {(code, t) for t in (sub.participants, sub.worklist, sub.jury, sub.leaderboard,
                                             sub.queue, sub.worklist_status, sub.subscribers)}
            if scope:
                queue += scope.more(outcome)
    for o in outcomes:
        if o.error is None and o.settings is not None and not o.settings.umbrella:
            guarded(run, o.wiki, o.title, partial(read_subscribers_of, run, [o.settings]), o)
    return outcomes, False


def read_contest(run: RunContext, code: str, title: str) -> ContestOutcome | None:
    """A contest's pages, read with trust (None: not a contest page)."""
    pages = read_contest_pages(run, run.wikis[code], title)
    if pages is None:
        return None
    out = ContestOutcome(wiki=code, title=title, settings=pages.settings, pages=pages)
    mine = bot_pages(title, pages.settings)  # and every numbered part the bot wrote of them
    if pages.settings is not None:
        mine += contest_parts(run.store, code, pages.settings.subpages)
    pages.problems.extend(hand_edit_problems(run, code, title, mine))
    out.problems = tuple(pages.problems)
    out.state = "broken" if pages.settings is None else str(contest_state(pages.settings, run.now))
    return out


def update_contest(run: RunContext, publisher: Publisher, out: ContestOutcome,
                   umbrella_topics: Sequence[Topic] = ()) -> None:
    """One contest: sync its participants' articles; then, unless nothing it reads
    changed since its last good run (:mod:`bot.fingerprint`), score it, send its
    notices and write its pages once."""
    settings, pages = out.settings, out.pages
    if settings is None or pages is None or settings.umbrella:
        return
    if umbrella_topics:
        pages.worklist = merge_worklists(pages.worklist, umbrella_topics)
    out.synced = sync_contest(run, pages, settings)
    out.inputs = contest_inputs(run, out, umbrella_topics)
    last = last_scored(run, out)
    decision = decide(out.inputs, last, current_outputs(out))
    if out.writes and last is not None and not decision.rescore and not run.rescore_all:
        restore(out, last)
        run.progress(f"{out.wiki}:{out.title}: unchanged, not rescored ({decision.why})")
        return
    if out.writes:
        run.progress(f"{out.wiki}:{out.title}: rescored ({decision.why})")
    try:
        pending = rescore_contest(run, publisher, out)
    except BaseException:
        forget(run, out)
        raise
    if out.writes:
        out.inputs = contest_inputs(run, out, umbrella_topics)  # as the next run will find them
        if finished_well(out, pending):
            remember(run, out, out.inputs, written_pages(run, out))
        else:
            forget(run, out)


def written_pages(run: RunContext, out: ContestOutcome) -> list[str]:
    """The pages the bot writes for a contest, every numbered part it ever wrote too (a
    hand edit of any of them makes the contest rescored, and the page restored)."""
    assert out.settings is not None
    sub = out.settings.subpages
    return [sub.leaderboard, sub.queue, sub.worklist_status, *contest_parts(run.store, out.wiki, sub)]


def rescore_contest(run: RunContext, publisher: Publisher, out: ContestOutcome) -> bool:
    """Score a contest, send its notices, write its pages. Returns whether a notice is
    still to be delivered (the next run must not skip it)."""
    settings, pages = out.settings, out.pages
    assert settings is not None and pages is not None
    session = run.wikis[out.wiki]
    state = contest_state(settings, run.now)
    inputs = scoring_inputs(run, pages, settings, out.synced)
    result = score_contest(
        settings, state=state, signups=pages.signups, withdrawn=pages.withdrawn,
        suspensions=pages.suspensions, decisions=pages.decisions, worklist=pages.worklist,
        candidates=follow_wikidata(inputs.candidates, run.sitelinks), registrations=inputs.registrations,
        category_members=inputs.category_members, problems=pages.problems)
    result = replace(result, extensions=tuple(pages.extensions), previous=settings.previous,
                     next=run.next_editions.get(out.ref))
    notices = plan_notices(run, session, result, pages)
    result = notices.result  # with the problems of notices not delivered
    if out.writes:
        result = send_notices(run, publisher, session, notices, out)
    out.result = result
    out.entries = len(result.entries)
    out.participants = len(result.participants)
    out.problems = result.problems
    if not out.writes:
        return True
    cat = catalog(run.cfg.wikis[out.wiki].language)
    names = wiki_names(run.cfg, out.wiki)
    sub = settings.subpages
    budget = page_budget(session.max_page_bytes())  # a large ranking goes on over numbered parts
    writes = [
        (sub.leaderboard, render_leaderboard_parts(result, cat, names=names, budget=budget), "summary-leaderboard"),
        (sub.queue, render_queue_parts(result, cat, names=names, budget=budget), "summary-queue"),
    ]
    if result.worklist.topics:
        writes.append((sub.worklist_status, [render_worklist_status(result, cat)], "summary-worklist-status"))
    for page, texts, key in writes:
        out.edits += publisher.save_parts(session, page, texts,
                                          cat.text(key, contest=out.title, docs=run.cfg.docs_page),
                                          pages.lastrevids)
    out.parts = tuple(part_title(page, n) for page, texts, _ in writes for n in range(2, len(texts) + 1))
    note_writes(run, publisher, out,
                [t for page, texts, _ in writes for t in publisher.part_titles(out.wiki, page, len(texts))])
    return undelivered(run, notices)


def note_writes(run: RunContext, publisher: Publisher, out: ContestOutcome, titles: Sequence[str]) -> None:
    """What became of the contest's pages: a page the wiki refused is the contest's failure
    (console, exit code) and a problem its organizers see on the status page; edits a stop
    page held back are said with who stopped the wiki and since when."""
    refused = [(t, why) for t in titles if (why := publisher.refusal(out.wiki, t)) is not None]
    if refused:
        out.refused = (*out.refused, *(f"{t}: {why}" for t, why in refused))
        out.problems = (*out.problems,
                        *(Problem.make("page-save-refused", out.wiki, t, reason=why) for t, why in refused))
    if any(publisher.was_held(out.wiki, t) for t in titles):
        out.stopped = run.summary.stopped.get(out.wiki, "")


def update_broken(run: RunContext, publisher: Publisher, out: ContestOutcome) -> None:
    """A contest whose trusted page cannot be read as one: its leaderboard says why."""
    if out.pages is None or not out.writes:
        return
    cat = catalog(run.cfg.wikis[out.wiki].language)
    board = SubpageNames.defaults(out.title).leaderboard
    text = render_broken_leaderboard(out.title, out.problems, cat, home_wiki=out.wiki,
                                     names=wiki_names(run.cfg, out.wiki))
    out.edits += publisher.save_parts(run.wikis[out.wiki], board, [text],
                                      cat.text("summary-leaderboard", contest=out.title, docs=run.cfg.docs_page),
                                      out.pages.lastrevids)
    note_writes(run, publisher, out, publisher.part_titles(out.wiki, board, 1))


def update_umbrella_if_changed(run: RunContext, publisher: Publisher, out: ContestOutcome,
                               tree: UmbrellaTree) -> None:
    """An umbrella's pages, unless neither it nor any contest below it (nor, when it
    compares editions, below its previous editions) changed since its last good run.

    When it must be rebuilt, the contests below that were skipped as unchanged are
    scored now (their pages come out the same, so nothing is written for them): the
    umbrella's leaderboard needs every contest's result.
    """
    if out.settings is None or out.pages is None:
        return
    chain = editions(run, out, tree) if out.settings.previous is not None else [out]
    below = [(e, tree.contests_below(e)) for e in chain]
    out.inputs = umbrella_inputs(run, out, below)
    last = last_scored(run, out)
    if out.inputs is not None:
        decision = decide(out.inputs, last, current_outputs(out))
        if last is not None and not decision.rescore and not run.rescore_all:
            restore(out, last)
            run.progress(f"{out.wiki}:{out.title}: unchanged, not rebuilt ({decision.why})")
            return
        run.progress(f"{out.wiki}:{out.title}: rebuilt ({decision.why})")
    for _, contests in below:
        for c in contests:
            if c.unchanged and c.result is None and c.error is None:
                guarded(run, c.wiki, c.title, partial(rescore_contest, run, publisher, c), c)
    try:
        update_umbrella(run, publisher, out, below[0][1], tree)
    except BaseException:
        forget(run, out)
        raise
    failed = any(c.error is not None for _, contests in below for c in contests)
    if out.inputs is not None and not failed and finished_well(out, False):
        sub = out.settings.subpages
        remember(run, out, out.inputs,
                 [sub.leaderboard, sub.worklist_status, *known_parts(run.store, out.wiki, sub.leaderboard)])
    else:
        forget(run, out)


def update_umbrella(run: RunContext, publisher: Publisher, out: ContestOutcome,
                    below: Sequence[ContestOutcome], tree: UmbrellaTree | None = None) -> None:
    """An umbrella's leaderboard over every contest below it (nested ones flattened)."""
    settings, pages = out.settings, out.pages
    if settings is None or pages is None:
        return
    failed = [c for c in below if c.error is not None]
    if failed:  # a leaderboard without them would flip back on the next run
        run.progress(f"{out.title}: not updated, {len(failed)} contest(s) below it failed")
        return
    session = run.wikis[out.wiki]
    cat = catalog(run.cfg.wikis[out.wiki].language)
    results = [c.result for c in below if c.result is not None]
    out.entries = sum(len(r.entries) for r in results)
    out.participants = len({p for r in results for p in r.participants})
    if tree is not None and settings.previous is not None:  # issue 21: this edition beside the last ones
        out.years = years_compared(run, out, tree)
    texts = render_umbrella_parts(settings, contest_state(settings, run.now), results, cat,
                                  problems=pages.problems, next_edition=run.next_editions.get(out.ref),
                                  years=out.years, names=wiki_names(run.cfg, out.wiki),
                                  budget=page_budget(session.max_page_bytes()))
    sub = settings.subpages
    out.edits += publisher.save_parts(session, sub.leaderboard, texts,
                                      cat.text("summary-leaderboard", contest=out.title, docs=run.cfg.docs_page),
                                      pages.lastrevids)
    if pages.worklist.topics:  # the general list's coverage across every contest below
        status = render_umbrella_worklist_status(settings, pages.worklist, results, cat)
        out.edits += publisher.save_page(
            session, sub.worklist_status, status,
            cat.text("summary-worklist-status", contest=out.title, docs=run.cfg.docs_page),
            pages.lastrevids.get(sub.worklist_status))
    out.parts = tuple(part_title(sub.leaderboard, n) for n in range(2, len(texts) + 1))
    note_writes(run, publisher, out, [*publisher.part_titles(out.wiki, sub.leaderboard, len(texts)),
                                      sub.worklist_status])


def guarded(run: RunContext, code: str, title: str, step: Callable[[], T],
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

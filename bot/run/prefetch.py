"""Reads batched across contests, before any contest is updated (issue 16).

A programme of a hundred municipal contests on three wikis would otherwise cost each
contest its own requests: a ``prop=info`` on its pages, a ``usercontribs`` for its 20
participants, a draft-move log read, a page-facts request. Here the known contests'
pages are asked for at once (50 titles a request, per wiki), and the participants of
every contest counting a wiki over the same period are synced at once (500 users a
request, their pages 500 a request). Each contest's own update then finds its pages'
revisions and its participants' work already read in this run, and asks for nothing
more; what it scores is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.parse.contest import is_contest_page, parse_contest
from bot.run.context import ContestOutcome, RunContext
from bot.run.pages import stored_settings
from bot.run.publisher import contest_parts
from bot.run.status import status_title
from bot.run.sync import WikiChanges, sync_participants
from bot.wiki import WikiSession
from bot.wiki_reads import WikiError


def prefetch_contest_pages(run: RunContext, targets: Sequence[tuple[str, str]]) -> None:
    """The latest revision of every contest's page and subpages, per wiki at once.

    Three batched reads per wiki at most, each 50 titles or revisions a request (500 with
    ``apihighlimits`` once the session has logged in):

    1. ``prop=info`` on every known contest's page and subpages, and, for pages the bot
       has never read (a first run, a new contest), ``prop=info|revisions`` with their
       latest revision's text and parent id in the same request; the status page too
       when the bot has never written it (so its first save reads nothing more);
    2. the latest revisions of known contests' input pages (the contest page, its
       participants, worklist and jury) that changed since the last run, with text,
       by revision id;
    3. a new contest's subpages, as its page's latest text names them, with text.

    A page whose latest revision has no parent has no other revision; one whose latest
    revision's parent is the last one the store folded has one new revision: both are
    read whole by then, and each contest's own read (:func:`bot.run.pages.read_contest_pages`)
    asks nothing for them. Only longer new histories (a signup page) are read page by page.
    Each contest still asks for anything this missed (a subpage renamed by an untrusted
    edit, a wiki that failed here), and reports its own errors.
    """
    by_wiki: dict[str, list[str]] = {}
    for code, title in targets:
        by_wiki.setdefault(code, []).append(title)
    for code, titles in by_wiki.items():
        if code in run.summary.wiki_errors:
            continue
        try:
            _prefetch_wiki(run, run.wikis[code], titles)
        except WikiError as exc:  # each contest asks again for its own pages, and reports it
            run.progress(f"{code}: {exc}")


def _prefetch_wiki(run: RunContext, session: WikiSession, titles: Sequence[str]) -> None:
    code, store = session.code, run.store
    written = store.written_revids(code)  # title -> the revision of the bot's last save
    info: list[str] = []  # known pages: is there anything new?
    fresh: list[str] = []  # never read: their latest revision with text
    inputs: dict[str, int] = {}  # known contests' input pages -> the revision the store folded
    missing: set[str] = set()  # known contests' pages the store found missing when it last read them
    for title in titles:
        settings = stored_settings(run, code, title)
        if settings is None:
            if title in written or store.ledger(code, title, "contest"):
                info.append(title)
            else:
                fresh.append(title)
            continue
        sub = settings.subpages
        seen = store.contest_revids(code, title)
        pages = [title, sub.participants, sub.worklist, sub.jury, sub.leaderboard, sub.queue, sub.worklist_status,
                 *contest_parts(store, code, sub)]
        info += pages
        inputs.update({t: seen.get(t, 0) for t in (title, sub.participants, sub.worklist, sub.jury)})
        missing.update(t for t in pages if seen.get(t) == 0)  # read, and found missing, last time
    changes = run.changes.get(code)
    if changes is not None and info:
        # Pages recent changes show untouched since the bot last read or wrote them: their
        # latest revision is the one the store holds (or they are still missing: an umbrella
        # has no signup page), and nothing is asked for them.
        known = {t: r for t in info if (r := inputs.get(t) or written.get(t, 0))}
        known.update({t: 0 for t in missing if t not in known})
        settled = unchanged_pages(changes, info, known)
        session.assume_latest(settled)
        info = [t for t in info if t not in settled]
    if not info and not fresh:
        return
    status = status_title(run.cfg.username)
    if fresh and status not in written:
        fresh.append(status)  # written at the end of the run: its first save need not read it
    if fresh and len(info) <= 1:
        fresh, info = fresh + info, []  # one request for both
    if info:
        session.prefetch_latest(info)
    if fresh:
        session.prefetch_latest(fresh, text=True)
    changed = [t for t, seen in inputs.items() if session.known_latest(t) not in (None, 0, seen)]
    if changed:
        session.prefetch_texts(changed)
    more: list[str] = []
    for title in fresh:
        for t in _subpages_named(run, session, title):
            if session.known_latest(t) is None and t not in more:
                more.append(t)
    if more:
        session.prefetch_latest(more, text=True)


def unchanged_pages(changes: WikiChanges, titles: Sequence[str], known: dict[str, int]) -> dict[str, int]:
    """The pages among ``titles`` whose latest revision is still the one ``known`` (what the
    store last read or wrote there; 0: the page was missing then), as the recent changes
    polled since show: no edit of the page newer than that revision (for a missing page, no
    creation), and no log entry (a move, deletion, undeletion, protection, import) naming it.
    A page not in ``known`` is not settled here."""
    logged = changes.logged_titles()
    return {t: known[t] for t in titles
            if t in known and t not in logged
            and max((e.revid for e in changes.edits_of(t)), default=known[t]) == known[t]}


def _subpages_named(run: RunContext, session: WikiSession, title: str) -> list[str]:
    """The subpages a contest page's latest text names (a guess for reading ahead: the
    contest's own read takes its names from the trusted revision, and asks for any other)."""
    got = session.page_text(title)
    if got is None or not is_contest_page(got[0], run.cfg.aliases(session.code)):
        return []
    cfg = run.cfg
    settings, _ = parse_contest(got[0], wiki=session.code, title=title, aliases=cfg.aliases(session.code),
                                default_timezone=cfg.wikis[session.code].timezone, known_wikis=cfg.known_wikis,
                                revid=got[1])
    if settings is None:
        return []
    sub = settings.subpages
    return [sub.participants, sub.worklist, sub.jury, sub.leaderboard, sub.queue, sub.worklist_status]


def prefetch_articles(run: RunContext, outcomes: Sequence[ContestOutcome]) -> None:
    """Sync the participants of every contest at once, per wiki and contest period.

    Contests with extensions keep their own sync (an extension widens the period read
    for some participants only). A wiki that fails here is marked down for the run, as
    a contest's own sync would mark it.
    """
    groups: dict[tuple[str, tuple[datetime, datetime]], set[str]] = {}
    counts: dict[tuple[str, tuple[datetime, datetime]], int] = {}
    for o in outcomes:
        s, pages = o.settings, o.pages
        if o.error is not None or s is None or pages is None or s.umbrella or pages.extensions:
            continue
        period = s.period()
        for w in s.wikis:
            if w not in run.cfg.wikis or w in run.summary.wiki_errors:
                continue
            groups.setdefault((w, period), set()).update(sig.user for sig in pages.signups)
            counts[(w, period)] = counts.get((w, period), 0) + 1
    for (w, period), users in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if counts[(w, period)] < 2 or w in run.summary.wiki_errors:
            continue  # one contest: its own sync is the same requests
        wcfg = run.cfg.wikis[w]
        try:
            sync_participants(run.wikis[w], run.store, users=sorted(users), period=period, now=run.now,
                              changes=run.changes.get(w), namespaces=wcfg.article_namespaces,
                              draft_namespaces=wcfg.draft_namespaces, stats=run.stats)
        except WikiError as exc:
            run.summary.wiki_errors[w] = str(exc)
            run.progress(f"{w}: {exc}")

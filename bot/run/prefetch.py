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

from bot.run.context import ContestOutcome, RunContext
from bot.run.pages import stored_settings
from bot.run.publisher import contest_parts
from bot.run.sync import sync_participants
from bot.wiki_reads import WikiError


def prefetch_contest_pages(run: RunContext, targets: Sequence[tuple[str, str]]) -> None:
    """The latest revision of every known contest's page and subpages, per wiki at once.

    A contest seen for the first time has no stored settings: only its page is asked
    for here, its subpages when it is read.
    """
    by_wiki: dict[str, list[str]] = {}
    for code, title in targets:
        titles = by_wiki.setdefault(code, [])
        titles.append(title)
        settings = stored_settings(run, code, title)
        if settings is not None:
            sub = settings.subpages
            titles += [sub.participants, sub.worklist, sub.jury, sub.leaderboard, sub.queue, sub.worklist_status,
                       *contest_parts(run.store, code, sub)]
    for code, titles in by_wiki.items():
        if code in run.summary.wiki_errors or len(titles) <= 1:
            continue
        try:
            run.wikis[code].prefetch_latest(titles)
        except WikiError as exc:  # each contest asks again for its own pages, and reports it
            run.progress(f"{code}: {exc}")


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

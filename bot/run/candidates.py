"""The I/O half of scoring a contest: what the pure :func:`bot.score.score_contest` reads.

For each wiki of the contest, the participants' articles are brought up to date in
the store (:mod:`bot.run.sync`), their revisions without figures measured (texts 50
a request, across articles), and each article built from the store
(:func:`bot.article.build_article`) with what each participant did to it. Category
walks are shared by the contests of a run; registration dates are read once and kept.
A wiki that does not answer keeps what the store knows, with a problem saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.article import build_article
from bot.counted import contribution, creation_status
from bot.extensions import extended_users, user_period, widest_period
from bot.measure import MEASURE_VERSION
from bot.model import Article, Candidate, ContestSettings, Extension, Problem
from bot.run.context import ContestPages, RunContext, Synced
from bot.run.sync import (
    measure_revisions,
    participants_pages,
    revisions_to_measure,
    sync_participants,
)
from bot.wiki import WikiError


@dataclass(frozen=True)
class ScoringInputs:
    """What a contest's scoring reads besides its own pages."""

    candidates: list[Candidate]
    category_members: dict[tuple[str, str], frozenset[int]]
    registrations: dict[str, datetime | None]


def sync_contest(run: RunContext, pages: ContestPages, settings: ContestSettings) -> dict[str, Synced]:
    """Bring the store up to date with every participant's work on each wiki of the
    contest (a wiki that fails keeps what the store knows, with a problem saying so)."""
    exts = pages.extensions
    sync_period = widest_period(settings, exts)  # extensions: their edits must be read too
    users = [s.user for s in pages.signups]
    out: dict[str, Synced] = {}
    for w in settings.wikis:
        if w not in run.cfg.wikis:
            continue
        ws = run.wikis[w]
        wcfg = run.cfg.wikis[w]
        before = (run.stats.contributions, run.stats.pages, run.stats.texts)
        down = w in run.summary.wiki_errors
        new_extensions(run, settings, exts, users, w, sync_period)
        if not down:
            try:
                sync_participants(
                    ws, run.store, users=users, period=sync_period, now=run.now, changes=run.changes.get(w),
                    namespaces=wcfg.article_namespaces, draft_namespaces=wcfg.draft_namespaces,
                    stats=run.stats)
            except WikiError as exc:
                run.summary.wiki_errors[w] = str(exc)
                down = True
        if down:
            # What the store already knows still stands: the entries stay on the leaderboard
            # (no new figures) and the problem says the wiki could not be read this time.
            problem = Problem.make("run-wiki-unreachable", w, settings.title, wiki_name=w,
                                   error=run.summary.wiki_errors[w])
            pages.problems.append(problem)
        out[w] = Synced(down, before, (run.stats.contributions, run.stats.pages, run.stats.texts))
    return out


def scoring_inputs(run: RunContext, pages: ContestPages, settings: ContestSettings,
                   synced: dict[str, Synced] | None = None) -> ScoringInputs:
    """Gather, after the sync (:func:`sync_contest`, done here unless ``synced`` says it
    was), the candidates, the category members its criteria name and, when a rule needs
    them, the participants' registration dates: everything the pure scoring reads."""
    if synced is None:
        synced = sync_contest(run, pages, settings)
    period = settings.period()
    exts = pages.extensions
    sync_period = widest_period(settings, exts)
    users = [s.user for s in pages.signups]
    signup_at = {s.user: s.timestamp for s in pages.signups}
    closes_at = min(run.now, pages.closed_at or run.now)
    candidates: list[Candidate] = []
    category_members: dict[tuple[str, str], frozenset[int]] = {}
    registrations: dict[str, datetime | None] = {}
    for w, sync in synced.items():
        ws = run.wikis[w]
        wcfg = run.cfg.wikis[w]
        down, before, after_sync = sync.down, sync.before, sync.after
        texts_before = run.stats.texts
        # A wiki that could not be read: every page the store knows of its participants.
        pageids = (run.store.users_pageids(w, users) if down else
                   participants_pages(run.store, w, users, article_namespaces=wcfg.article_namespaces))
        rows = run.store.pages(w, pageids)
        userset = set(users)
        # Every article's revisions to measure first, so the texts go out 50 a request
        # across articles (not one small request per article), then the articles.
        work = [(row, run.store.page_edits(w, row.pageid)) for row in rows if row.title]
        needs = [revisions_to_measure(edits, userset, period)
                 | (revisions_to_measure(edits, userset, sync_period) if exts else set())
                 for _, edits in work]
        if not down:
            nss = ws.namespaces()
            measure_revisions(ws, run.store, set().union(*needs), file_namespaces=nss.file,
                                  category_namespaces=nss.category, stats=run.stats)
        own = {u: user_period(settings, exts, u, w) for u in userset} if exts else {}
        for (row, edits), need in zip(work, needs, strict=True):
            figs = run.store.figures(w, need, MEASURE_VERSION)
            article = build_article(row, edits, figs, period=period,
                                    article_namespaces=wcfg.article_namespaces)
            built: dict[tuple[datetime, datetime], Article] = {period: article}
            if article.namespace not in wcfg.article_namespaces:
                continue  # a draft still outside the article namespace
            editors = {e.user for e in article.edits if e.user in userset
                       and (own.get(e.user) or period)[0] <= e.timestamp < (own.get(e.user) or period)[1]}
            for user in sorted(editors):
                mine = own.get(user) or period
                if mine not in built:  # an extended participant's article is measured at their own end
                    built[mine] = build_article(row, edits, figs, period=mine,
                                                article_namespaces=wcfg.article_namespaces)
                theirs = built[mine]
                creation = creation_status(theirs, user, signed_up=signup_at[user], period=mine)
                contrib = contribution(theirs, user, signed_up=signup_at[user], period=mine,
                                       closes_at=closes_at)
                candidates.append(Candidate(user=user, article=theirs, creation=creation,
                                            contribution=contrib))
        run.progress(
            f"{settings.title} on {w}: {after_sync[0] - before[0]} contributions listed, "
            f"{after_sync[1] - before[1]} pages re-read, "
            f"{after_sync[2] - before[2] + run.stats.texts - texts_before} revisions measured, "
            f"{len(rows)} articles")
        for crit in settings.criteria:
            for ref in crit.categories:
                cw = ref.wiki or w
                key = (cw, ref.name)
                if key not in category_members and cw in run.cfg.wikis and cw not in run.summary.wiki_errors:
                    try:
                        tree_key = (cw, ref.name, crit.depth)
                        if tree_key not in run.category_trees:  # contests share a run's walks
                            run.category_trees[tree_key] = run.wikis[cw].category_tree(ref.name, crit.depth)
                        category_members[key] = run.category_trees[tree_key]
                    except WikiError as exc:
                        run.summary.wiki_errors[cw] = str(exc)
    needs_reg = any(c.type == "newcomer" for c in settings.criteria) or any(
        n.newcomers for n in settings.nominations)
    if needs_reg and users:
        home = settings.wiki
        registrations = run.store.registrations(home, users)
        unknown = [u for u in users if u not in registrations]
        if unknown:
            got = run.wikis[home].registrations(unknown)
            registrations.update(got)
            run.store.set_registrations(home, got)
    return ScoringInputs(candidates=candidates, category_members=category_members,
                         registrations=registrations)


def new_extensions(run: RunContext, settings: ContestSettings, exts: Sequence[Extension], users: Sequence[str],
                   wiki: str, sync_period: tuple[datetime, datetime]) -> list[str]:
    """Participants an extension names for the first time: their contributions are listed
    again for the whole extended period, so edits a run passed over before the extension
    existed come back (issue 21). Returns them."""
    key = f"extensions-read|{wiki}"
    known = set((run.store.ledger(settings.wiki, settings.title, key) or {}).get("keys", []))
    fresh = [e for e in exts if e.key not in known]
    if not fresh:
        return []
    again = extended_users(fresh, users, wiki)
    if again:  # "scanned from" after the start: the sync reads them as new participants
        run.store.set_user_scans(wiki, again, sync_period[1], run.now)
    run.store.set_ledger(settings.wiki, settings.title, key, {"keys": sorted(known | {e.key for e in exts})})
    return again

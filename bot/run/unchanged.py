"""Gathering a contest's inputs for :mod:`bot.fingerprint`, and keeping its last good run.

What each input part holds, and why the clock part is right, is said in
:mod:`bot.fingerprint`. Here they are read from the run (the contest's pages as read
with trust, the store's rows of the participants' articles after the sync, the notices
recorded) and the last successful run's record is kept in the store, as the contest's
``scored`` ledger. A run stores it only when the contest's update finished well: no
error, no page refused or held by a stop page, no notice left to deliver, and the pages
the bot writes saved (or already identical). Any other outcome deletes it, so the next
run rescores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from bot.extensions import day_end
from bot.fingerprint import (
    ContestInputs,
    LastScored,
    clock_boundaries,
    clock_index,
    digest,
    outputs_written,
)
from bot.measure import MEASURE_VERSION
from bot.model import Problem, Topic, contest_state
from bot.notices import MAX_AGE
from bot.run.context import ContestOutcome, RunContext
from bot.years import AFTER, window

LEDGER = "scored"


@cache
def code_version() -> str:
    """A digest of every source and message file of the ``bot`` package, and the measure's version."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"measure {MEASURE_VERSION}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".txt", ".toml", ".wiki"):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def last_scored(run: RunContext, out: ContestOutcome) -> LastScored | None:
    return LastScored.from_json(run.store.ledger(out.wiki, out.title, LEDGER))


def contest_inputs(run: RunContext, out: ContestOutcome, umbrella_topics: Sequence[Topic] = ()) -> ContestInputs:
    """A sub-contest's inputs, after its participants' articles were synced."""
    settings, pages = out.settings, out.pages
    assert settings is not None and pages is not None
    users = [s.user for s in pages.signups]
    articles: list[tuple[str, str, int]] = []
    later = 0
    for w in settings.wikis:
        if w in run.cfg.wikis:
            state, n = run.store.articles_state(w, users, run.now)
            articles.append((w, state, n))
            later += n
    needs_reg = any(c.type == "newcomer" for c in settings.criteria) or any(n.newcomers for n in settings.nominations)
    items = {t.key for t in pages.worklist.topics}
    context = (
        run.wikis[out.wiki].max_page_bytes(),  # what fits on a page: where its rankings split
        run.next_editions.get(out.ref),
        tuple(umbrella_topics),
        {k: v for k, v in run.sitelinks.items() if k in items},
        run.subscribers,
        run.store.registrations(settings.wiki, users) if needs_reg else None,
    )
    state = contest_state(settings, run.now)
    events = [s.timestamp for s in pages.signups] + [d.timestamp for d in pages.decisions]
    if pages.closed_at is not None:
        events.append(pages.closed_at)
    ends = [day_end(x.until, settings.timezone) for x in pages.extensions]
    bounds = clock_boundaries(period=settings.period(), events=events, max_age=MAX_AGE, windows=ends)
    return ContestInputs(
        code=code_version(),
        config=config_digest(run),
        pages=pages_digest(out),
        articles=digest(articles),
        notices=digest(run.store.contest_notices(out.wiki, out.title)),
        context=digest(*context),
        phase=str(state),
        clock=f"{clock_index(bounds, run.now)} passed, {later} revisions at or after now",
        walks_categories=any(c.categories for c in settings.criteria),
    )


def umbrella_inputs(run: RunContext, out: ContestOutcome, editions: Sequence[tuple[ContestOutcome,
                                                                                  Sequence[ContestOutcome]]]
                    ) -> ContestInputs | None:
    """An umbrella's inputs: its own pages, and for it and each previous edition compared
    (``editions``: the umbrella and the contests below it), the fingerprints of the
    contests below and the stored "still editing" figures. None when a contest below has
    none (it failed, or was not read): the umbrella is then rebuilt, or left as its
    update decides."""
    settings, pages = out.settings, out.pages
    assert settings is not None and pages is not None
    below: list[tuple[str, str, list[tuple[str, str, str]]]] = []
    windows = []
    for edition, contests in editions:
        prints = []
        for c in contests:
            if c.inputs is None:
                return None
            prints.append((c.wiki, c.title, c.inputs.fingerprint))
        below.append((edition.wiki, edition.title, sorted(prints)))
        if edition.settings is not None and len(editions) > 1:
            windows += [t for days in AFTER for t in window(edition.settings, days)]
    years = [run.store.ledger(e.wiki, e.title, "years-active") for e, _ in editions] if len(editions) > 1 else []
    state = contest_state(settings, run.now)
    bounds = clock_boundaries(period=settings.period(), events=[], max_age=MAX_AGE, windows=windows)
    return ContestInputs(
        code=code_version(),
        config=config_digest(run),
        pages=pages_digest(out),
        articles=digest(below),
        notices="",
        context=digest(run.wikis[out.wiki].max_page_bytes(), run.next_editions.get(out.ref), years),
        phase=str(state),
        clock=f"{clock_index(bounds, run.now)} passed",
    )


def pages_digest(out: ContestOutcome) -> str:
    """The contest's pages as read with trust; the revisions of the pages the bot writes
    are left out (they are compared with the bot's own saves instead)."""
    pages = out.pages
    assert pages is not None
    return digest(pages.settings, pages.signups, pages.withdrawn, pages.decisions, pages.suspensions,
                  pages.worklist, pages.problems, pages.closed_at, pages.approval, pages.extensions)


_CONFIGS: dict[int, tuple[object, str]] = {}


def config_digest(run: RunContext) -> str:
    """The configuration's digest, computed once per configuration object (once a run)."""
    got = _CONFIGS.get(id(run.cfg))
    if got is None or got[0] is not run.cfg:
        got = _CONFIGS[id(run.cfg)] = (run.cfg, digest(run.cfg))
    return got[1]


def current_outputs(out: ContestOutcome) -> dict[str, int | None]:
    """The latest revision of each page the bot writes for the contest, as this run read it."""
    return dict(out.pages.lastrevids) if out.pages is not None else {}


def remember(run: RunContext, out: ContestOutcome, inputs: ContestInputs, titles: Sequence[str]) -> None:
    """Keep the inputs of a contest whose update finished well, with what its status row shows."""
    written = {t: (w[1] if (w := run.store.written(out.wiki, t)) else None) for t in titles}
    record = LastScored(parts=inputs.parts(), outputs=outputs_written(titles, written), entries=out.entries,
                        participants=out.participants, problems=tuple(p.to_json() for p in out.problems),
                        page_parts=out.parts)
    run.store.set_ledger(out.wiki, out.title, LEDGER, record.to_json())


def forget(run: RunContext, out: ContestOutcome) -> None:
    """The contest's update did not finish well: the next run rescores it."""
    if run.store.ledger(out.wiki, out.title, LEDGER) is not None:
        run.store.set_ledger(out.wiki, out.title, LEDGER, {})


def restore(out: ContestOutcome, last: LastScored) -> None:
    """A skipped contest shows what its last run found (status page, console)."""
    out.entries = last.entries
    out.participants = last.participants
    out.problems = tuple(Problem.from_json(p) for p in last.problems)
    out.parts = last.page_parts
    out.unchanged = True


def finished_well(out: ContestOutcome, pending_notices: bool) -> bool:
    return out.error is None and not out.refused and out.stopped is None and not pending_notices

"""Reading what "years compared" needs from the wikis (issue 21); the figures are :mod:`bot.years`.

Per edition shown: the contests' results come from this run (the bot reads every known
contest, last year's too); the participants' registrations are read once (kept in the
store, 50 users a request); who still edited 30 and 90 days after the end is read once
each window is over (usercontribs, 50 users a request per wiki) and kept in the store
under the edition's umbrella, so a run costs nothing for it afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.years import AFTER, Edition, EditionFigures, compare, home_wikis, participants_of, window

if TYPE_CHECKING:
    from bot.run.context import ContestOutcome, RunContext
    from bot.run.scope import UmbrellaTree

#: How many editions back the comparison goes.
MAX_EDITIONS = 10


def editions(run: RunContext, umbrella: ContestOutcome, tree: UmbrellaTree) -> list[ContestOutcome]:
    """The umbrella and its previous editions (``previous =``), newest first, as far as known."""
    out = [umbrella]
    seen = {umbrella.ref}
    current = umbrella
    while len(out) < MAX_EDITIONS and current.settings is not None and current.settings.previous is not None:
        ref = run.wikis.normalize_ref(current.settings.previous)
        found = tree.by_ref.get(ref)
        if found is None or ref in seen or found.settings is None or not found.settings.umbrella:
            break
        seen.add(ref)
        out.append(found)
        current = found
    return out


def years_compared(run: RunContext, umbrella: ContestOutcome, tree: UmbrellaTree) -> tuple[EditionFigures, ...]:
    """The rows of the editions table, oldest first; () when the umbrella has no previous edition."""
    chain = editions(run, umbrella, tree)
    if len(chain) < 2:
        return ()
    return compare([_edition(run, o, tree) for o in chain])


def _edition(run: RunContext, umbrella: ContestOutcome, tree: UmbrellaTree) -> Edition:
    assert umbrella.settings is not None
    u = umbrella.settings
    results = tuple(c.result for c in tree.contests_below(umbrella) if c.result is not None)
    homes = home_wikis(results)
    registrations: dict[str, datetime | None] = {}
    by_home: dict[str, list[str]] = {}
    for user, home in homes.items():
        by_home.setdefault(home, []).append(user)
    for home, users in sorted(by_home.items()):
        if home not in run.cfg.wikis:
            continue
        known = run.store.registrations(home, users)
        unknown = [x for x in users if x not in known]
        if unknown and home not in run.summary.wiki_errors:
            got = run.wikis[home].registrations(unknown)
            known.update(got)
            run.store.set_registrations(home, got)
        registrations.update(known)
    people = sorted(participants_of(results))
    wikis = sorted({w for r in results for w in r.settings.wikis if w in run.cfg.wikis})
    stored = run.store.ledger(umbrella.wiki, umbrella.title, "years-active") or {}
    active: dict[int, frozenset[str] | None] = {}
    for days in AFTER:
        start, end = window(u, days)
        if run.now < end or not people:
            active[days] = None if run.now < end else frozenset()
            continue
        if str(days) not in stored:
            who: set[str] = set()
            for w in wikis:
                contribs = run.wikis[w].contributions(people, start, end, run.cfg.wikis[w].article_namespaces)
                who |= {c.user for c in contribs}
            stored[str(days)] = sorted(who)
            run.store.set_ledger(umbrella.wiki, umbrella.title, "years-active", stored)
        active[days] = frozenset(stored[str(days)])
    return Edition(u, results, registrations, active)

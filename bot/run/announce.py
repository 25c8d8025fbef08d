"""Announcements of new contests to an umbrella's subscribers (issue 10, item 3).

People who list themselves on an umbrella's ``B/Subscribers`` get one notice on their
talk page when a contest below the umbrella opens. What is due and how it reads is pure
(:func:`bot.notices.announcement_notices`); delivering it exactly once, with
``{{nobots}}`` obeyed, is :mod:`bot.run.notify`'s machinery, which every notice goes
through. This module only finds the umbrellas above a contest and reads who subscribed.

Trust: ``B/Subscribers`` counts each person's own line only (contract §3). It is read
with the same ledger as ``B/Participants`` (:class:`bot.trust.signup.SignupLedger`),
with no organizers: a line someone adds for somebody else subscribes nobody, and a
person who removes their own line unsubscribes. Those ignored lines are not reported:
the page is the subscribers' own, not the organizers'.

Cost: nothing unless a contest is open and opened recently (the only time an
announcement can be due). Then the subscribers page is read only when the run's
recent changes show it changed, or on the first run (its ledger is kept in the store
under the umbrella, as ``subscribers``); umbrellas are found in the store, where the
run has just put every contest's trusted settings. The subscribers are read in the
run's reading phase (:func:`read_subscribers_of`), before any contest is scored, and
kept in the run's context: each umbrella's page is read once, whatever the number of
contests below it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.model import ContestResult, ContestSettings, ContestState, PageRef, contest_state
from bot.notices import MAX_AGE, Notice, announcement_notices
from bot.run.context import RunContext
from bot.run.pages import stored_settings
from bot.trust.parsed import fold_signups
from bot.trust.signup import SignupLedger

#: How far up ``parent =`` is followed (umbrellas nest: programme, country, municipality).
MAX_DEPTH = 8


def may_announce(run: RunContext, s: ContestSettings, state: ContestState) -> bool:
    """Only an open contest that opened recently can owe an announcement."""
    return not s.umbrella and state is ContestState.OPEN and run.now - s.period()[0] <= MAX_AGE


def read_subscribers_of(run: RunContext, contests: Iterable[ContestSettings]) -> None:
    """Read the subscribers of every umbrella above the contests that may announce now
    (before any scoring), into ``run.subscribers``."""
    for s in contests:
        if not may_announce(run, s, contest_state(s, run.now)):
            continue  # checked before any read: an old contest never announces
        for ref, umbrella in umbrellas_above(run, s):
            if ref not in run.subscribers:
                run.subscribers[ref] = read_subscribers(run, ref, umbrella.subpages.subscribers)


def announcements_due(run: RunContext, result: ContestResult) -> tuple[Notice, ...]:
    """Every announcement the contest of ``result`` owes the subscribers above it."""
    s = result.settings
    if not may_announce(run, s, result.state):
        return ()
    out: list[Notice] = []
    for ref, _ in umbrellas_above(run, s):
        subscribers = run.subscribers.get(ref, ())
        out += announcement_notices(s, result.state, umbrella=ref, subscribers=subscribers, now=run.now)
    return tuple(out)


def umbrellas_above(run: RunContext, contest: ContestSettings) -> list[tuple[PageRef, ContestSettings]]:
    """The contest's parent, its parent's parent ..., as far as their pages hold settings.

    Each umbrella's settings come from its trusted revision as the store holds it (this
    run read every contest page before scoring any contest).
    """
    out: list[tuple[PageRef, ContestSettings]] = []
    seen = {PageRef(contest.wiki, contest.title)}
    parent = contest.parent
    while parent is not None and len(out) < MAX_DEPTH:
        ref = run.wikis.normalize_ref(parent)
        if ref in seen or ref.wiki not in run.cfg.wikis:
            break
        seen.add(ref)
        settings = stored_settings(run, ref.wiki, ref.title)
        if settings is None:
            break
        out.append((ref, settings))
        parent = settings.parent
    return out


def read_subscribers(run: RunContext, umbrella: PageRef, page: str) -> tuple[str, ...]:
    """Who is subscribed now on ``page`` (own lines only), reading only what is new."""
    session = run.wikis[umbrella.wiki]
    stored = run.store.ledger(umbrella.wiki, umbrella.title, "subscribers")
    ledger = SignupLedger.from_json(stored) if stored else SignupLedger()
    changes = run.changes.get(umbrella.wiki)
    title = session.normalize(page)
    if stored is None or changes is None or title in changes.touched_titles():
        history = session.history(title, after_revid=ledger.last_seen)
        if history.revisions or stored is None:
            ledger = fold_signups(ledger, history, aliases=run.cfg.aliases(umbrella.wiki),
                                  user_namespaces=session.namespaces().user)
            # (under --simulate the store is an in-memory copy: nothing is kept)
            run.store.set_ledger(umbrella.wiki, umbrella.title, "subscribers", ledger.to_json())
    return tuple(s.user for s in ledger.read(()).active)

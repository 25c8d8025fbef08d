"""Sending the invitations to a new edition (issue 21), each exactly once.

:mod:`bot.invitations` says who is due; this module reads what it needs and delivers,
with the steps every notice takes (:mod:`bot.notify`): ``intended`` recorded before the
edit, the section saved with its hidden marker, ``sent`` recorded; a marker found on the
page is recorded as sent without editing; ``{{nobots}}`` makes it ``skipped``; a refused
save ``failed``, tried again on later runs up to :data:`bot.notify.MAX_ATTEMPTS`. The
stop page of each wiki is obeyed; ``--simulate`` prints and records nothing.

Cost: nothing unless an umbrella names a previous edition and is upcoming or open with
something to join. The previous edition's participants come from this run's reading of
its contests (the bot reads every known contest each run); the opt-out pages are read
from their history only when they changed (a ledger in the store, as for subscribers).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from bot.i18n import catalog
from bot.invitations import Invitation, due, home_wikis, optout_page, render_invitation
from bot.model import ContestState, PageRef, contest_state
from bot.notices import bots_deny
from bot.run.context import ContestOutcome, RunContext
from bot.run.notify import FAILED, INTENDED, MAX_ATTEMPTS, SENT, SKIPPED, read_talk_pages
from bot.run.publisher import Publisher
from bot.run.scope import UmbrellaTree
from bot.trust.parsed import fold_signups
from bot.trust.signup import SignupLedger
from bot.wiki_reads import WikiError


def send_invitations(run: RunContext, publisher: Publisher, umbrella: ContestOutcome, tree: UmbrellaTree,
                     state: ContestState) -> int:
    """Invite the previous edition's participants to ``umbrella``'s edition; returns edits made."""
    s = umbrella.settings
    if s is None or s.previous is None or not s.umbrella:
        return 0
    if state not in (ContestState.UPCOMING, ContestState.OPEN):
        return 0
    previous = run.wikis.normalize_ref(s.previous)
    old = tree.by_ref.get(previous)
    if old is None:
        return 0
    joinable = [c.settings for c in tree.contests_below(umbrella)
                if c.settings is not None and c.error is None and c.pages is not None
                and c.state in (ContestState.UPCOMING.value, ContestState.OPEN.value)
                and (c.pages.approval is None or c.pages.approval.announce)]
    participation = [(sg.user, c.wiki, c.title) for c in tree.contests_below(old) if c.pages is not None
                     for sg in c.pages.signups if sg.user not in c.pages.withdrawn]
    if not joinable or not participation:
        return 0
    opted = set(optouts(run, PageRef(umbrella.wiki, umbrella.title)))
    opted |= set(optouts(run, previous))
    invitations = due(s, state, previous=previous, past=home_wikis(participation), joinable=joinable,
                      opted_out=opted, now=run.now)
    edits = 0
    by_wiki: dict[str, list[Invitation]] = {}
    for inv in invitations:
        if inv.wiki in run.cfg.wikis:
            by_wiki.setdefault(inv.wiki, []).append(inv)
    for code, todo in sorted(by_wiki.items()):
        edits += _deliver(run, publisher, code, todo)
    return edits


def read_optouts_of(run: RunContext, umbrella: ContestOutcome) -> None:
    """Read the opt-out pages an umbrella's invitations may need (its own and its previous
    edition's), with the contests' pages, before any contest is scored."""
    s = umbrella.settings
    if s is None or s.previous is None or not s.umbrella:
        return
    if contest_state(s, run.now) not in (ContestState.UPCOMING, ContestState.OPEN):
        return  # no invitation can be due: nothing to read
    for ref in (PageRef(umbrella.wiki, umbrella.title), run.wikis.normalize_ref(s.previous)):
        optouts(run, ref)


def optouts(run: RunContext, umbrella: PageRef) -> tuple[str, ...]:
    """Who opted out of ``umbrella``'s invitations: read once a run, kept in the context."""
    if umbrella not in run.optouts:
        run.optouts[umbrella] = read_optout(run, umbrella)
    return run.optouts[umbrella]


def read_optout(run: RunContext, umbrella: PageRef) -> tuple[str, ...]:
    """Who put their own line on ``umbrella``'s opt-out page (read only when it changed)."""
    if umbrella.wiki not in run.cfg.wikis:
        return ()
    session = run.wikis[umbrella.wiki]
    stored = run.store.ledger(umbrella.wiki, umbrella.title, "optout")
    ledger = SignupLedger.from_json(stored) if stored else SignupLedger()
    title = session.normalize(optout_page(umbrella.title))
    changes = run.changes.get(umbrella.wiki)
    if stored is None or changes is None or title in changes.touched_titles():
        history = session.history(title, after_revid=ledger.last_seen)
        if history.revisions or stored is None:
            ledger = fold_signups(ledger, history, aliases=run.cfg.aliases(umbrella.wiki),
                                  user_namespaces=session.namespaces().user)
            run.store.set_ledger(umbrella.wiki, umbrella.title, "optout", ledger.to_json())
    return tuple(sg.user for sg in ledger.read(()).active)


def _deliver(run: RunContext, publisher: Publisher, code: str, todo: Sequence[Invitation]) -> int:
    session = run.wikis[code]
    store, now = run.store, run.now
    # every invitation here is to the same edition (one call per umbrella)
    rows = {(r.user, r.kind, r.key): r for r in store.contest_notices(code, todo[0].umbrella.title)}
    pending = [inv for inv in todo if _pending(rows.get((inv.user, "invite", inv.key)))]
    if not pending or publisher.held(session):
        return 0
    cat = catalog(run.cfg.wikis[code].language)
    talk = read_talk_pages(session, [inv.talk_page for inv in pending])
    edits = 0
    for inv in pending:
        row = rows.get((inv.user, "invite", inv.key))
        attempts = row.attempts if row else 0
        page = talk[inv.talk_page]
        label = f"{code}:{page.title}: invitation ({inv.key})"
        if page.text is not None and inv.marker in page.text:
            if publisher.records():
                store.set_notice_state(*inv.ident, SENT, "found on the page", now)
            continue
        denied = bots_deny(page.text, run.cfg.username)
        if denied:
            if publisher.records(would=f"{label}: would be skipped, the page says {denied}\n"):
                store.set_notice_state(*inv.ident, SKIPPED, denied, now)
                run.progress(f"{label} skipped: the page says {denied}")
            continue
        if attempts >= MAX_ATTEMPTS:
            continue
        rendered = render_invitation(inv, cat, docs=run.cfg.docs_page)
        try:
            revid = publisher.add_section(
                session, page.title, rendered.heading, rendered.text, rendered.summary,
                would=f"{label}: would add a section\n== {rendered.heading} ==\n{rendered.text}\n",
                before=partial(store.set_notice_state, *inv.ident, INTENDED, "", now, attempts=attempts + 1))
        except WikiError as exc:
            store.set_notice_state(*inv.ident, FAILED, str(exc), now, attempts=attempts + 1)
            run.progress(f"{label} failed (attempt {attempts + 1} of {MAX_ATTEMPTS}): {exc}")
            continue
        if revid is None:  # simulated
            continue
        store.set_notice_state(*inv.ident, SENT, f"revid {revid}", now)
        run.progress(f"{label} sent")
        edits += 1
    return edits


def _pending(row: object) -> bool:
    if row is None:
        return True
    state = getattr(row, "state", "")
    return state not in (SENT, SKIPPED) and (state == INTENDED or getattr(row, "attempts", 0) < MAX_ATTEMPTS)

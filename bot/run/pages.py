"""Reading a contest's own pages with trust: B, its participants, worklists and jury.

One request tells which of the contest's pages changed since the last run
(``prop=info`` on all of them); only those pages' new revisions are fetched, and
folded into the trust ledgers kept in the store. With nothing new, the contest's
pages cost that one request and the settings come from the stored trusted text.
"""

from __future__ import annotations

from typing import Any

from bot.config import BotConfig
from bot.extensions import ExtensionLedger, parse_extensions
from bot.i18n import catalog
from bot.model import ContestSettings, Problem
from bot.parse.contest import is_contest_page
from bot.parse.worklist import parse_worklist
from bot.run.context import ContestPages, RunContext
from bot.run.publisher import contest_parts
from bot.trust.approval import ApprovalLedger, ApprovalStatus
from bot.trust.contest import ContestLedger
from bot.trust.jury import JuryLedger
from bot.trust.page import WorklistLedger
from bot.trust.parsed import contest_settings, fold_jury, fold_signups
from bot.trust.signup import SignupLedger
from bot.trust.sponsor import approval_status, fold_contest_approval, without_approval_edits
from bot.wiki import WikiSession


def read_contest_pages(run: RunContext, session: WikiSession, title: str) -> ContestPages | None:
    """Fold the new revisions of B and its subpages into their ledgers; None if B is no contest."""
    store, code = run.store, session.code
    cfg = run.cfg
    aliases = cfg.aliases(code)
    known = cfg.known_wikis
    tz = cfg.wikis[code].timezone

    def parse_b(ledger: ContestLedger) -> tuple[ContestSettings | None, list[Problem]]:
        return settings_of(cfg, code, ledger)

    stored = store.ledger(code, title, "contest")
    ledger = ContestLedger.from_json(stored) if stored else ContestLedger()
    ap_raw = store.ledger(code, title, "approval")
    approval = ApprovalLedger.from_json(ap_raw) if ap_raw else ApprovalLedger()
    ext_raw = store.ledger(code, title, "extensions")
    b_ext = ExtensionLedger.from_json(ext_raw) if ext_raw else ExtensionLedger()
    settings, probs = parse_b(ledger)  # parsed once; again only if new revisions change the ledger
    sub = settings.subpages if settings else None
    titles = [title] + ([sub.participants, sub.worklist, sub.jury, sub.leaderboard, sub.queue,
                         sub.worklist_status, *contest_parts(store, code, sub)] if sub else [])
    latest = session.latest_revids(titles)
    seen = store.contest_revids(code, title)
    admins: frozenset[str] | None = None

    def admin_set() -> frozenset[str]:
        nonlocal admins
        if admins is None:
            admins = session.admins()
        return admins

    if latest.get(title, 0) == 0:
        if stored:
            store.set_contest_gone(code, title, True)
        return None
    # A contest stored before approvals and extensions were read has its history read once more.
    if latest[title] != seen.get(title) or (stored and (ap_raw is None or ext_raw is None)):
        hist = session.history(title, after_revid=min(ledger.page.last_seen, approval.last_seen,
                                                      b_ext.last_seen))
        if not stored and not any(r.text and is_contest_page(r.text, aliases) for r in hist.revisions):
            store.add_contest(code, title, run.now)
            store.set_contest_gone(code, title, True)
            return None

        ledger, approval = fold_contest_approval(ledger, approval, hist, admins=admin_set(), aliases=aliases,
                                                 default_timezone=tz, known_wikis=known)
        b_ext = b_ext.fold(hist, parse=lambda text: parse_extensions(
            text, wiki=code, page=title, aliases=aliases, known_wikis=known)[0])
        store.add_contest(code, title, run.now)
        store.set_contest_gone(code, title, False)
        store.set_ledger(code, title, "contest", ledger.to_json())
        store.set_ledger(code, title, "approval", approval.to_json())
        store.set_ledger(code, title, "extensions", b_ext.to_json())
        settings, probs = parse_b(ledger)
        if settings and settings.subpages != sub:
            sub = settings.subpages
            latest.update(session.latest_revids([sub.participants, sub.worklist, sub.jury, sub.leaderboard,
                                                 sub.queue, sub.worklist_status]))
    if ledger.text is None:
        return None  # no trusted revision at all: nothing we may read
    pages = ContestPages(settings=None, lastrevids=dict(latest))
    pages.problems.extend(without_approval_edits(probs, approval))
    if settings is None:
        store.set_contest_revids(code, title, {title: latest.get(title, 0)})
        return pages
    if ledger.closed and ledger.closed_by:
        pages.closed_at = ledger.closed_by.timestamp
    pages.settings = settings
    sub = settings.subpages
    organizers = settings.organizers
    pages.approval = approval_status(approval, settings)
    pages.problems.extend(approval_problems(approval, pages.approval, cfg.wikis[code].language))
    extensions, ext_problems = b_ext.read(organizers)
    pages.problems.extend(ext_problems)
    if ledger.text is not None:
        pages.problems.extend(parse_extensions(ledger.text, wiki=code, page=title, aliases=aliases,
                                               known_wikis=known)[1])

    # participants
    sl_raw = store.ledger(code, title, "signups")
    signups = SignupLedger.from_json(sl_raw) if sl_raw and _kept_for(sl_raw, sub.participants) else SignupLedger()
    if latest.get(sub.participants, 0) and latest[sub.participants] != seen.get(sub.participants):
        user_ns = session.namespaces().user
        # Folded one API answer at a time: the history of a signup page grows with the
        # square of its signups, and is never held whole, nor two answers of it at once.
        signups = fold_signups(signups, session.history_chunks(sub.participants, after_revid=signups.last_seen),
                               aliases=aliases, user_namespaces=user_ns)
        store.set_ledger(code, title, "signups", signups.to_json())
    read = signups.read(organizers)
    pages.signups = list(read.signups)
    pages.withdrawn = frozenset(read.withdrawn)
    pages.problems.extend(read.problems)

    # worklist
    wl_raw = store.ledger(code, title, "worklist")
    worklist = WorklistLedger.from_json(wl_raw) if wl_raw and _kept_for(wl_raw, sub.worklist) else WorklistLedger()
    if latest.get(sub.worklist, 0) and latest[sub.worklist] != seen.get(sub.worklist):
        hist = session.history(sub.worklist, after_revid=worklist.page.last_seen)
        # The bot's own saves (the kit's skeleton) count like an administrator's.
        worklist = worklist.fold(hist, organizers=organizers, admins=admin_set() | {cfg.username})
        store.set_ledger(code, title, "worklist", worklist.to_json())
    pages.problems.extend(worklist.problems())
    if worklist.text is not None:
        wl, probs = parse_worklist(worklist.text, wiki=code, page=sub.worklist, aliases=aliases, known_wikis=known)
        pages.worklist = wl
        pages.problems.extend(probs)

    # jury
    jl_raw = store.ledger(code, title, "jury")
    jury = JuryLedger.from_json(jl_raw) if jl_raw and _kept_for(jl_raw, sub.jury) else JuryLedger()
    jx_raw = store.ledger(code, title, "jury-extensions")
    j_ext = ExtensionLedger.from_json(jx_raw) if jx_raw and _kept_for(jx_raw, sub.jury) else ExtensionLedger()
    if latest.get(sub.jury, 0) and (latest[sub.jury] != seen.get(sub.jury) or jx_raw is None):
        # One read of the new revisions serves both ledgers (extensions may stand on B/Jury too).
        for hist in session.history_chunks(sub.jury, after_revid=min(jury.last_seen, j_ext.last_seen)):
            jury = fold_jury(jury, hist, home_wiki=code, aliases=aliases, known_wikis=known)
            j_ext = j_ext.fold(hist, parse=lambda text: parse_extensions(
                text, wiki=code, page=sub.jury, aliases=aliases, known_wikis=known)[0])
            del hist
        store.set_ledger(code, title, "jury", jury.to_json())
        store.set_ledger(code, title, "jury-extensions", j_ext.to_json())
    more, more_problems = j_ext.read(organizers)
    pages.extensions = sorted({e.key: e for e in [*extensions, *more]}.values(),
                              key=lambda e: (e.user or "", e.wiki or "", e.until))
    pages.problems.extend(more_problems)
    verdicts = jury.read(settings.jury, organizers)
    pages.decisions = list(verdicts.decisions)
    pages.suspensions = list(verdicts.suspensions)
    pages.problems.extend(verdicts.problems)

    # The pages the bot writes too, so that the next run knows which of them were missing
    # (an umbrella has no queue): recent changes then tell whether they still are.
    store.set_contest_revids(code, title, {t: latest.get(t, 0) for t in
                                           [title, sub.participants, sub.worklist, sub.jury, sub.leaderboard,
                                            sub.queue, sub.worklist_status]})
    return pages


def approval_problems(ledger: ApprovalLedger, status: ApprovalStatus, language: str) -> list[Problem]:
    """The approval's reports, the changed parts named in the home wiki's language."""
    cat = catalog(language)
    out = []
    for p in ledger.problems(status):
        if p.key == "approval-changed":
            parts = cat.join([cat.text(f"approval-part-{part}") for part in status.changed])
            p = Problem.make(p.key, p.wiki, p.page, parts=parts, user=p.param("user"),
                             approved=p.param("approved"), current=p.param("current"))
        out.append(p)
    return out


def settings_of(cfg: BotConfig, code: str, ledger: ContestLedger) -> tuple[ContestSettings | None, list[Problem]]:
    """A contest's settings from its ledger's trusted text, with the wiki's names and time zone."""
    return contest_settings(ledger, aliases=cfg.aliases(code), default_timezone=cfg.wikis[code].timezone,
                            known_wikis=cfg.known_wikis)


def stored_settings(run: RunContext, code: str, title: str) -> ContestSettings | None:
    """A known contest's settings from its stored trusted text, without any request."""
    stored = run.store.ledger(code, title, "contest")
    if not stored:
        return None
    return settings_of(run.cfg, code, ContestLedger.from_json(stored))[0]



def _kept_for(raw: dict[str, Any] | None, page: str) -> bool:
    """Whether a stored ledger belongs to ``page``; if an organizer renamed the subpage,
    the new page's history is read from its beginning with a new ledger."""
    if not raw:
        return False
    for key in ("title", "page"):  # signup and jury ledgers keep it as "page", worklists as "title"
        stored = raw.get(key)
        if isinstance(stored, str) and stored:
            return stored == page
    return True

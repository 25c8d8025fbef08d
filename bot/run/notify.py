"""Sending a contest's notices to talk pages, each exactly once (contract §5).

:mod:`bot.notices` says which notices are due; this module delivers them. A notice
must reach a talk page once even if the bot dies at the worst moment, so each one
goes through these steps, every state committed to the store before the next step:

1. ``intended`` is recorded (with the attempt count) before the edit;
2. the notice is appended as a new section, its text ending with a hidden marker;
3. ``sent`` is recorded.

A notice found ``intended`` by a later run may or may not be on the page: the run
reads the talk page (it reads it anyway, for ``{{nobots}}``) and, when the marker is
there, records ``sent`` without editing. Talk pages are read 50 a request, and only
when some notice is still to be delivered: a contest with nothing new costs nothing.

Refusals do not loop: a page that says ``{{nobots}}`` (or denies this bot) makes the
notice ``skipped``; a protected page, a blocked bot or any failed save makes it
``failed``, tried again on later runs up to :data:`MAX_ATTEMPTS` times in all. Both
are shown as problems on the contest's leaderboard (and so on the status page),
under the talk page's title, for as long as the notice is due; a run that tried a
notice and could not deliver it says so on the console and exits 1. The notices due
to one talk page arrive in the order they were due: after one fails, the later ones to
that page wait for the next run.

Every edit and every record goes through the run's
:class:`bot.run.publisher.Publisher`: ``--simulate`` reads the talk pages and prints
what would be sent, and records nothing; the stop page is checked before the first
notice edit of a contest. Notices are sent before the contest's pages are written,
so the leaderboard is written once, with the problems of this run's notices.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from bot.i18n import Catalog, catalog
from bot.model import ContestResult, Problem
from bot.notices import Notice, bots_deny, due_notices, render_notice
from bot.records import NoticeRow
from bot.run.announce import announcements_due
from bot.run.context import ContestOutcome, ContestPages, RunContext
from bot.run.publisher import Publisher
from bot.wiki import WikiSession
from bot.wiki_reads import BATCH, SaveRefused, WikiError

log = logging.getLogger(__name__)

#: A notice that fails is tried on at most this many runs, then left (and shown).
MAX_ATTEMPTS = 3

INTENDED, SENT, SKIPPED, FAILED = "intended", "sent", "skipped", "failed"

Ident = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class NoticePlan:
    """The notices a contest owes and what the store knows of them.

    ``result`` is the contest result with the problems of failed and refused notices
    added (render it); ``base`` is the result as scored, without them.
    """

    base: ContestResult
    result: ContestResult
    due: tuple[Notice, ...]
    rows: dict[Ident, NoticeRow]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class TalkPage:
    """A talk page as read: where to post (a redirect to another user talk page is
    followed, as for a renamed user) and its current text (None: the page is missing)."""

    title: str
    text: str | None


def _ident(wiki: str, contest: str, row: NoticeRow) -> Ident:
    return (wiki, contest, row.user, row.kind, row.key)


def notice_problems(due: Sequence[Notice], rows: dict[Ident, NoticeRow], cat: Catalog) -> tuple[Problem, ...]:
    """Problems for the due notices that failed or that a talk page refused."""
    out: list[Problem] = []
    for n in due:
        row = rows.get(n.ident)
        if row is None:
            continue
        kind = cat.text(f"notice-kind-{n.kind.value}")
        if row.state == FAILED:
            out.append(Problem.make("notice-failed", n.wiki, n.talk_page, kind=kind, user=n.user,
                                    error=row.detail, attempts=row.attempts, max=MAX_ATTEMPTS))
        elif row.state == SKIPPED:
            out.append(Problem.make("notice-bots-denied", n.wiki, n.talk_page, template=row.detail,
                                    kind=kind, user=n.user))
    return tuple(out)


def plan_notices(run: RunContext, session: WikiSession, result: ContestResult, pages: ContestPages) -> NoticePlan:
    """What the contest owes (pure :func:`bot.notices.due_notices` over the store's
    records), and the result to render: with the problems of undelivered notices."""
    s = result.settings
    rows = {_ident(s.wiki, s.title, r): r for r in run.store.contest_notices(s.wiki, s.title)}
    recorded = [(r.user, r.key) for r in rows.values() if r.kind == "verdict"]
    due = due_notices(result, signups=pages.signups, withdrawn=pages.withdrawn, closed_at=pages.closed_at,
                      now=run.now, recorded_verdicts=recorded)
    if pages.approval is None or pages.approval.announce:  # a sponsor's approval comes first (issue 21)
        due = (*due, *announcements_due(run, result))  # umbrellas' subscribers, when a contest opens
    cat = catalog(run.cfg.wikis[session.code].language)
    problems = notice_problems(due, rows, cat)
    shown = replace(result, problems=result.problems + problems) if problems else result
    return NoticePlan(base=result, result=shown, due=due, rows=rows, problems=problems)


def undelivered(run: RunContext, plan: NoticePlan) -> bool:
    """Whether a notice the contest owes is still to be tried on a later run."""
    s = plan.base.settings
    rows = {_ident(s.wiki, s.title, r): r for r in run.store.contest_notices(s.wiki, s.title)}
    return any(_pending(rows.get(n.ident)) for n in plan.due)


def _pending(row: NoticeRow | None) -> bool:
    """Still to deliver: never tried, tried and maybe sent, or failed fewer than the limit."""
    if row is None:
        return True
    if row.state in (SENT, SKIPPED):
        return False
    return row.state == INTENDED or row.attempts < MAX_ATTEMPTS


def read_talk_pages(session: WikiSession, titles: Sequence[str]) -> dict[str, TalkPage]:
    """Current text of each talk page, 50 a request, keyed by the titles asked for."""
    out: dict[str, TalkPage] = {}
    wanted = sorted(set(titles))
    for i in range(0, len(wanted), BATCH):
        chunk = wanted[i : i + BATCH]
        normalized: dict[str, str] = {}
        redirects: dict[str, str] = {}
        found: dict[str, tuple[int, str | None]] = {}
        for q in session.query(prop="revisions", titles="|".join(chunk), rvprop="content", rvslots="main",
                               redirects=1):
            normalized.update({n["from"]: n["to"] for n in q.get("normalized", [])})
            redirects.update({r["from"]: r["to"] for r in q.get("redirects", [])})
            for p in q.get("pages", []):
                if p.get("missing") or p.get("invalid"):
                    found.setdefault(p["title"], (p.get("ns", 3), None))
                    continue
                revs = p.get("revisions") or []
                if revs:
                    main = revs[0].get("slots", {}).get("main", {})
                    found[p["title"]] = (p.get("ns", 3), main.get("content", ""))
        for asked in chunk:
            title = normalized.get(asked, asked)
            target = redirects.get(title)
            if target is not None and found.get(target, (None, None))[0] == 3:
                out[asked] = TalkPage(target, found[target][1])
            elif target is not None:  # a redirect out of User talk: post on the page itself
                got = session.page_text(title)
                out[asked] = TalkPage(title, got[0] if got else None)
            else:
                out[asked] = TalkPage(title, found.get(title, (3, None))[1])
    return out


def _reason(exc: Exception) -> str:
    """What the wiki said, without the page and wiki the problem line shows anyway."""
    msg = str(exc)
    if " was refused: " in msg:
        msg = msg.split(" was refused: ", 1)[1]
    return re.sub(r"^wiki [\w-]+: ", "", msg)


def _bot_blocked(exc: Exception) -> bool:
    msg = str(exc)
    return "account is blocked" in msg or ": blocked:" in msg or ": autoblocked:" in msg


def not_sent(run: RunContext, out: ContestOutcome, code: str, talk_page: str, n: Notice, why: str) -> None:
    """A notice tried in this run and not delivered is a save not done: the contest's row
    on the console says so, and the run exits 1 (a refused or failed save is never "ok")."""
    failure = f"{talk_page}: {n.kind.value} notice ({n.key}) not sent: {why}"
    out.refused = (*out.refused, failure)
    run.summary.refused.append(f"{code}:{failure}")


def send_notices(run: RunContext, publisher: Publisher, session: WikiSession, plan: NoticePlan,
                 out: ContestOutcome) -> ContestResult:
    """Deliver the plan's pending notices, add the edits to ``out``, and return the
    result to render: with the problems of the notices not delivered, this run's too
    (organizers see them now; the next run renders the same problems from the store,
    so the page does not flip back).
    """
    pending = [n for n in plan.due if _pending(plan.rows.get(n.ident))]
    if not pending:
        return plan.result
    s = plan.base.settings
    code, store, now = session.code, run.store, run.now
    cat = catalog(run.cfg.wikis[code].language)
    if publisher.held(session):
        return plan.result
    talk = read_talk_pages(session, [n.talk_page for n in pending])
    rows = dict(plan.rows)

    def record(n: Notice, state: str, detail: str, attempts: int | None = None) -> None:
        store.set_notice_state(*n.ident, state, detail, now, attempts=attempts)
        old = rows.get(n.ident)
        rows[n.ident] = NoticeRow(user=n.user, kind=n.kind.value, key=n.key, state=state, detail=detail,
                                  attempts=attempts if attempts is not None else (old.attempts if old else 0))

    blocked: str | None = None
    behind: set[str] = set()  # talk pages where a notice failed: the later ones wait for it
    for n in pending:
        row = rows.get(n.ident)
        attempts = row.attempts if row else 0
        page = talk[n.talk_page]
        label = f"{code}:{page.title}: {n.kind.value} notice ({n.key})"
        if page.text is not None and n.marker in page.text:
            if publisher.records():
                record(n, SENT, "found on the page")
                run.progress(f"{label} is on the page already; recorded as sent")
            continue
        denied = bots_deny(page.text, run.cfg.username)
        if denied:
            if publisher.records(would=f"{label}: would be skipped, the page says {denied}\n"):
                record(n, SKIPPED, denied)
                run.progress(f"{label} skipped: the page says {denied}")
            continue
        if attempts >= MAX_ATTEMPTS:
            if (row is None or row.state != FAILED) and publisher.records():
                record(n, FAILED, row.detail if row else "", attempts)
            continue
        if page.title in behind:  # an earlier notice to this page failed: keep their order
            continue
        rendered = render_notice(n, s, cat, docs=run.cfg.docs_page)
        if blocked is not None:  # a blocked bot: every notice fails alike, and counts a try
            record(n, FAILED, blocked, attempts + 1)
            not_sent(run, out, code, page.title, n, blocked)
            continue
        try:
            revid = publisher.add_section(
                session, page.title, rendered.heading, rendered.text, rendered.summary,
                would=f"{label}: would add a section\n== {rendered.heading} ==\n{rendered.text}\n",
                before=partial(record, n, INTENDED, "", attempts + 1))
        except WikiError as exc:  # SaveRefused (protected, blocked) or a failed request
            record(n, FAILED, _reason(exc), attempts + 1)
            run.progress(f"{label} failed (attempt {attempts + 1} of {MAX_ATTEMPTS}): {exc}")
            not_sent(run, out, code, page.title, n, _reason(exc))
            behind.add(page.title)
            if isinstance(exc, SaveRefused) and _bot_blocked(exc):
                blocked = _reason(exc)
            continue
        if revid is None:  # simulated
            continue
        record(n, SENT, f"revid {revid}")
        out.edits += 1
        run.progress(f"{label} sent")

    problems = notice_problems(plan.due, rows, cat)
    if problems == plan.problems:
        return plan.result
    return replace(plan.base, problems=plan.base.problems + problems)

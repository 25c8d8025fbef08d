"""Hand edits of the pages the bot writes, reported to the contest's organizers (issue 17).

A leaderboard, queue or worklist status edited by someone else is restored by the
publisher at the bot's next save; that alone would hide that somebody tried. Each such
edit (after the bot's own last save of the page) is taken from the run's recent-changes
poll, so finding them costs no request, and kept in the contest's ``hand-edits`` ledger:
it is listed among the contest's problems (leaderboard, status page) with who made it
and its diff, once per edit, for :data:`SHOWN_FOR` after it was made.

A run without a recent-changes cursor (the first one, or after a long pause) reads no
changes and so reports no hand edit; the page is still restored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.model import ContestSettings, Problem, SubpageNames
from bot.run.context import RunContext

#: The ledger of a contest's reported hand edits, in the store.
LEDGER = "hand-edits"
#: How long an edit stays listed among the contest's problems.
SHOWN_FOR = timedelta(days=7)
KEY = "bot-page-hand-edit"


def bot_pages(title: str, settings: ContestSettings | None) -> list[str]:
    """The pages of a contest that the bot writes (a broken contest: its leaderboard)."""
    if settings is None:
        return [SubpageNames.defaults(title).leaderboard]
    sub = settings.subpages
    return [sub.leaderboard, sub.queue, sub.worklist_status]


def hand_edit_problems(run: RunContext, code: str, title: str, pages: Sequence[str]) -> list[Problem]:
    """Record the hand edits of ``pages`` this run's poll saw; the recent ones as problems."""
    known = {int(e["revid"]): e for e in (run.store.ledger(code, title, LEDGER) or {}).get("edits", [])}
    changes = run.changes.get(code)
    if changes is not None:
        for page in pages:
            written = run.store.written(code, page)
            if written is None:
                continue  # the bot never wrote it: whatever is there is nobody's hand edit
            for e in changes.edits_of(page):
                if e.revid > written[1] and e.user != run.cfg.username and e.revid not in known:
                    known[e.revid] = {"revid": e.revid, "page": page, "user": e.user,
                                      "timestamp": e.timestamp.isoformat()}
    recent = {r: e for r, e in known.items() if run.now - datetime.fromisoformat(e["timestamp"]) < SHOWN_FOR}
    stored = run.store.ledger(code, title, LEDGER) or {}
    if recent or stored.get("edits"):
        wanted = {"edits": [recent[r] for r in sorted(recent)]}
        if wanted != stored:
            run.store.set_ledger(code, title, LEDGER, wanted)
    return [Problem.make(KEY, code, e["page"], revid=r, user=e["user"]) for r, e in sorted(recent.items())]

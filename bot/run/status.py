"""``User:BOTNAME/Status`` on each wiki (contract §5): each contest's state and problems.

At the end of a run, each wiki's page lists the contests whose home is that wiki.
The rows are kept in the store, so the page stays whole when a run sees only part
of the contests: a ``--contest`` run, or a contest whose update failed this time
(its last known row stays until it is updated again). A contest whose page no
longer holds a contest (deleted, moved) drops out.

The page goes through :meth:`bot.run.publisher.Publisher.save_page`, which edits
only when the text changed, after checking the stop page; the text holds no time of its own, so an
unchanged set of rows is never an edit. The edit summary names the contests whose
rows changed and links the bot's documentation page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from bot.i18n import Catalog, catalog
from bot.local_names import wiki_names
from bot.model import ContestState, PageRef, Problem
from bot.render.status_page import StatusRow, render_status_page
from bot.run.context import RunContext
from bot.run.publisher import Publisher
from bot.wiki_reads import WikiError

log = logging.getLogger(__name__)

#: The key under which the rows of a wiki's status page are kept in the store.
LEDGER_NAME = "status-rows"
#: More changed contests than this: the edit summary gives no names (it would be too long).
SUMMARY_NAMES = 5

_STATES = {s.value: s for s in ContestState}


class Outcome(Protocol):
    """What a run found about one contest (:class:`bot.run.context.ContestOutcome`)."""

    wiki: str
    title: str
    state: str  # a ContestState value, or "broken"; "" when reading it failed
    entries: int
    participants: int
    error: str | None
    problems: tuple[Problem, ...]


def status_title(username: str) -> str:
    return f"User:{username}/Status"


# ------------------------------------------------------------------ rows (pure)


def row_of(outcome: Outcome, previous: StatusRow | None) -> StatusRow | None:
    """The row a contest's outcome gives, or the last known one when this run knows less.

    A failed update (``error``) keeps the previous row. A contest whose page cannot be
    read (``broken``) shows its new problems under its last known state, or, if it was
    never seen whole, as a contest that cannot run, so its organizers see why.
    """
    if outcome.error is not None:
        return previous
    ref = PageRef(outcome.wiki, outcome.title)
    state = _STATES.get(outcome.state)
    if state is None:  # broken: its problems under its last known state, or as broken
        if previous is None:
            return StatusRow(ref, None, tuple(outcome.problems))
        return StatusRow(ref, previous.state, tuple(outcome.problems), previous.entries,
                         previous.participants)
    return StatusRow(ref, state, tuple(outcome.problems), outcome.entries, outcome.participants,
                     tuple(getattr(outcome, "parts", ())))  # numbered parts of its split pages


def merge_rows(
    wiki: str,
    known: Iterable[str],
    outcomes: Sequence[Outcome],
    previous: Mapping[str, StatusRow],
) -> dict[str, StatusRow]:
    """The rows of one wiki's status page: every contest the store knows there, by title."""
    mine = {o.title: o for o in outcomes if o.wiki == wiki}
    rows: dict[str, StatusRow] = {}
    for title in dict.fromkeys([*known, *mine]):
        got = row_of(mine[title], previous.get(title)) if title in mine else previous.get(title)
        if got is not None:
            rows[title] = got
    return rows


def changed_titles(before: Mapping[str, StatusRow], after: Mapping[str, StatusRow]) -> list[str]:
    """Contests added, dropped or changed between two sets of rows, in title order."""
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def edit_summary(changed: Sequence[str], cat: Catalog, docs: str) -> str:
    """Name the contests whose rows changed (a few at most), with the documentation link."""
    if not changed or len(changed) > SUMMARY_NAMES:
        return cat.text("summary-status", docs=docs)
    return cat.text("summary-status-contests", contests=cat.join([f"[[{t}]]" for t in changed]),
                    docs=docs)


# ------------------------------------------------------------------ storage form


def rows_to_json(rows: Mapping[str, StatusRow]) -> dict[str, Any]:
    return {"rows": [_row_json(r) for _, r in sorted(rows.items())]}


def rows_from_json(data: Mapping[str, Any] | None) -> dict[str, StatusRow]:
    """Rows as stored; anything unreadable (an older format) is dropped, not fatal."""
    out: dict[str, StatusRow] = {}
    for raw in (data or {}).get("rows", []):
        try:
            row = StatusRow(
                contest=PageRef(raw["wiki"], raw["title"]),
                state=ContestState(raw["state"]) if raw["state"] != "broken" else None,
                problems=tuple(Problem.from_json(p) for p in raw.get("problems", [])),
                entries=int(raw.get("entries", 0)),
                participants=int(raw.get("participants", 0)),
                parts=tuple(str(t) for t in raw.get("parts", [])),
            )
        except (KeyError, TypeError, ValueError):
            continue
        out[row.contest.title] = row
    return out


def _row_json(r: StatusRow) -> dict[str, Any]:
    return {
        "wiki": r.contest.wiki,
        "title": r.contest.title,
        "state": r.state.value if r.state else "broken",
        "entries": r.entries,
        "participants": r.participants,
        "problems": [p.to_json() for p in r.problems],
        **({"parts": list(r.parts)} if r.parts else {}),
    }


# ------------------------------------------------------------------ writing


def write_status_pages(run: RunContext, publisher: Publisher) -> int:
    """Bring ``User:BOTNAME/Status`` up to date on every wiki of the run. Returns edits made.

    A wiki that failed in this run is left alone (it was unreachable, and the page
    would only say less than the last one); a failure to write one wiki's page is
    recorded as that wiki's error and the other wikis go on.
    """
    cfg = run.cfg
    title = status_title(cfg.username)
    edits = 0
    for code, wcfg in cfg.wikis.items():
        if code in run.summary.wiki_errors:
            run.progress(f"{code}: {title} not updated: the wiki failed in this run")
            continue
        previous = rows_from_json(run.store.ledger(code, title, LEDGER_NAME))
        rows = merge_rows(code, run.store.known_contests(code), run.summary.contests, previous)
        cat = catalog(wcfg.language)
        text = render_status_page(list(rows.values()), cat, wiki=code, names=wiki_names(cfg, code))
        summary = edit_summary(changed_titles(previous, rows), cat, cfg.docs_page)
        try:
            # No revision check (0): a run that changes nothing costs no request here. A
            # hand edit of the page is overwritten at the next change of the rows.
            edits += publisher.save_page(run.wikis[code], title, text, summary)
        except WikiError as exc:
            run.summary.wiki_errors[code] = f"{title}: {exc}"
            run.progress(f"{code}: {title} not updated: {exc}")
            continue
        if publisher.is_written(run.wikis[code], text, title):
            # The page shows these rows now (not when the stop page held the edit back):
            # they are what the next summary compares with.
            run.store.set_ledger(code, title, LEDGER_NAME, rows_to_json(rows))
    return edits

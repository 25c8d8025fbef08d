"""What a run prints for its operator: progress lines and a closing summary table.

In a terminal, progress goes to stderr as it happens; under a scheduler (no TTY)
the same facts are logged as plain lines. Every run logs its API requests and
edits per wiki.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from bot.model import SETTINGS_KEPT
from bot.run.context import ContestOutcome, RunSummary

log = logging.getLogger("editathon.run")


def progress_printer() -> Callable[[str], None]:
    if sys.stderr.isatty():
        return lambda s: print(f"  {s}", file=sys.stderr, flush=True)
    return lambda s: log.info("%s", s)


def format_summary(summary: RunSummary) -> str:
    """A small fixed-width table: one row per contest, then requests and edits per wiki."""
    rows = [("contest", "state", "participants", "entries", "edits", "result")]
    for c in summary.contests:
        rows.append((f"{c.wiki}:{c.title}", c.state or "-", str(c.participants), str(c.entries),
                     str(c.edits), _result(c)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    wikis = sorted(set(summary.requests) | set(summary.edits))
    lines.append("")
    lines.append("requests: " + (", ".join(f"{w} {summary.requests.get(w, 0)}" for w in wikis) or "none")
                 + f" (total {sum(summary.requests.values())})")
    lines.append("edits:    " + (", ".join(f"{w} {summary.edits.get(w, 0)}" for w in wikis) or "none")
                 + f" (total {sum(summary.edits.values())})")
    for w, err in sorted(summary.wiki_errors.items()):
        lines.append(f"wiki {w} failed: {err}")
    for w, who in sorted(summary.stopped.items()):
        lines.append(f"wiki {w} stopped {who}: its stop page holds text, no edits on this wiki")
    for refused in summary.refused:
        lines.append(f"not saved: {refused}")
    for c in summary.contests:
        if not c.error and (warning := settings_warning(c)):
            lines.append(f"{c.wiki}:{c.title}: {warning} (see its leaderboard and the status page)")
    if summary.simulate:
        lines.append("simulated: nothing was written to any wiki or to the database")
    return "\n".join(lines)


def _result(c: ContestOutcome) -> str:
    """A contest's last column: what failed first, else its problems, else ok; "unchanged"
    when it was not rescored (:mod:`bot.fingerprint`)."""
    if c.error:
        return c.error
    if c.refused:
        return "FAILED, not saved: " + "; ".join(c.refused)
    if c.stopped is not None:
        return f"stopped {c.stopped}: pages not written"
    warning = settings_warning(c)
    if warning:
        said = f"{warning}; {len(c.problems)} problem(s)"
    else:
        said = f"{len(c.problems)} problem(s)" if c.problems else "ok"
    # Nothing it reads changed since its last good run: not rescored, its pages stand.
    return f"{said}, unchanged" if c.unchanged else said


def settings_warning(c: ContestOutcome) -> str:
    """A contest whose page's settings are broken, as the status page says it (issue 17):
    "" when they read cleanly. A warning, not a failure: the run did all it could, and
    the organizers who can fix the page are told on the leaderboard and the status page."""
    kept = next((p for p in c.problems if p.key == SETTINGS_KEPT), None)
    if kept is not None:
        return (f"WARNING settings broken by {kept.param('user')} in revision {kept.revid}, "
                f"last good (revision {kept.param('good')}) kept")
    if c.state == "broken":
        first = next((p for p in sorted(c.problems, key=lambda p: (p.page != c.title, p.line or 0))), None)
        where = f": {first.key} at {first.page}, line {first.line}" if first and first.line else ""
        return f"WARNING cannot run, its page has problems{where}"
    return ""


def print_summary(summary: RunSummary) -> None:
    text = format_summary(summary)
    print(text)
    for line in text.splitlines():
        if line.startswith(("requests:", "edits:")):
            log.info("%s", line)

"""How one entry reads: its status, why it has it, and where its points come from.

Shared by the leaderboard and the queue. Status and state labels are message
keys derived from the enum values (``entry-status-awaiting-jury``,
``state-open``), so a new value without a message shows up as ``⧼key⧽`` and the
catalog test catches it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import Catalog
from bot.model import ContestState, Entry, Reason, Status
from bot.render.links import escape_text

DASH = "—"


def status_key(status: Status) -> str:
    """``Status.AWAITING`` ("awaiting jury") -> ``entry-status-awaiting-jury``."""
    return "entry-status-" + status.value.replace(" ", "-")


def state_key(state: ContestState) -> str:
    return f"state-{state.value}"


def rule_key(rule: str) -> str:
    return f"rule-{rule}"


def kind_key(kind: str) -> str:
    return f"entry-kind-{kind}"


def reason_text(reason: Reason, cat: Catalog) -> str:
    """A reason's message; its parameters come from the wiki and are escaped."""
    return cat.text(reason.key, **{name: escape_text(value) for name, value in reason.params})


def _warnings(entry: Entry, cat: Catalog) -> list[str]:
    return [cat.text("entry-warning", warning=reason_text(w, cat)) for w in entry.warnings]


def warnings_text(entry: Entry, cat: Catalog) -> str:
    """The informational criteria the entry misses, for the jury's Warnings column."""
    return " ".join(reason_text(w, cat) for w in entry.warnings) or DASH


def reasons_text(entry: Entry, cat: Catalog) -> str:
    """The entry's reasons, then its warnings (informational criteria), in one cell."""
    return " ".join([reason_text(r, cat) for r in entry.reasons] + _warnings(entry, cat)) or DASH


def signed(x: float, cat: Catalog) -> str:
    """A points adjustment with its sign: "+5", "-2.5", "0"."""
    text = cat.number(x)
    return "+" + text if text != "0" and not text.startswith("-") else text


def breakdown_text(entry: Entry, cat: Catalog) -> str:
    """Points per rule, each labelled as points: "new article: 10 points, kilobytes
    added: 2.5 points, jury: +1 point" (never "kilobytes added: 2.5", which reads
    as a measure).

    The jury's adjustment is shown once: from the breakdown if the scorer put a
    ``jury`` line there, else from ``Entry.jury_points``.
    """
    items = [
        cat.text(
            "entry-breakdown-item",
            rule=cat.text(rule_key(line.rule)),
            points=cat.number(line.points),
            n=abs(line.points),
        )
        for line in entry.breakdown
        if line.rule != "jury"
    ]
    jury = [line.points for line in entry.breakdown if line.rule == "jury"]
    adjustment = sum(jury) if jury else entry.jury_points
    if adjustment:
        items.append(
            cat.text(
                "entry-breakdown-item",
                rule=cat.text("rule-jury"),
                points=signed(adjustment, cat),
                n=abs(adjustment),
            )
        )
    return ", ".join(items) if items else DASH


def local_day(moment: datetime, timezone: str) -> date:
    """The calendar day of ``moment`` in the contest's time zone (UTC if unknown)."""
    try:
        return moment.astimezone(ZoneInfo(timezone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(ZoneInfo("UTC")).date()


def started(entry: Entry) -> datetime | None:
    """When the participant's work on the entry began: first counted edit, else creation."""
    if entry.contribution is not None and entry.contribution.first_counted is not None:
        return entry.contribution.first_counted
    return entry.created

"""Trust on ``B/Participants`` (contract §3): who signed up whom, proven by history.

A signature or ``{{Editathon participant | NAME}}`` can be typed by anyone, so a line
counts only if the revision that added it was saved by that user or by an organizer.
The ledger compares the users named in each revision with the previous revision (as
multisets: a user may appear twice) and records each change as an event; the rules
are applied when reading out (:meth:`SignupLedger.read`) with the organizers current
then, so fixing the organizer list in ``B`` fixes the signups it vouches for.

Decisions the contract leaves open, taken here:

- A signup's time is the revision that added the first counted line. Extra lines
  for someone already signed up change nothing.
- A user withdraws when they (or an organizer) remove their last line from the page.
  Organizers may remove, as they may add: they keep the list. Anyone else's removal
  is ignored, and the user stays signed up.
- Signing up again after withdrawing is a new signup, with the new time: articles
  written while withdrawn were not written as a participant.
- A withdrawn user stays in :attr:`SignupResult.signups` (their entries are shown as
  withdrawn); :attr:`SignupResult.active` leaves them out.
- Reports stay only while they matter: a line added for someone else is reported
  while such a line is on the page and that person is not signed up; an ignored
  removal while the person is signed up and has no line on the page.
- A gap in the history (a revision whose text is hidden, or missing after a partial
  undelete) hides who changed what: every change across it is nobody's
  (:data:`~bot.trust.revisions.NOBODY`) unless each revision in the gap is known to be
  by the next readable revision's author. A line that appears across a gap never
  counts (the person signs up again, or an organizer adds them); a line that
  disappears across one is an ignored removal. Both are reported as unproven.

The same ledger serves ``B/Subscribers`` ("each person's own line"): read it with no
organizers and drop the problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.model import PageHistory, Problem, Signup
from bot.trust.revisions import (
    NOBODY,
    GapMark,
    author_across,
    gap_before,
    new_revisions,
    time_from_json,
    time_to_json,
    unreadable,
)
from bot.trust.users import user_key, user_set


class SignupLineLike(Protocol):
    """What the ledger needs of a parsed signup line (``bot.parse.signup.SignupLine``)."""

    @property
    def user(self) -> str: ...

    @property
    def line(self) -> int | None: ...


ParseSignups = Callable[[str], Iterable[SignupLineLike]]
"""Page text -> its signup lines (the parser, with its page-specific arguments bound)."""


@dataclass(frozen=True)
class SignupEvent:
    """One revision's change to one user's line count on the page.

    ``delta`` > 0: lines added, < 0: removed; ``remaining`` is the count after it;
    ``line`` is where (one of) the user's lines stands in that revision, if any.
    """

    revid: int
    timestamp: datetime
    by: str
    target: str
    delta: int
    remaining: int
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "revid": self.revid,
            "timestamp": time_to_json(self.timestamp),
            "by": self.by,
            "target": self.target,
            "delta": self.delta,
            "remaining": self.remaining,
            "line": self.line,
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> SignupEvent:
        return SignupEvent(
            revid=int(d["revid"]),
            timestamp=time_from_json(d["timestamp"]),
            by=str(d["by"]),
            target=str(d["target"]),
            delta=int(d["delta"]),
            remaining=int(d["remaining"]),
            line=d.get("line"),
        )


@dataclass(frozen=True)
class SignupResult:
    """Who is signed up, read out with the current organizers.

    ``signups``: everyone whose signup counts, withdrawn users included, in signup
    order, each with the time of their current signup. ``withdrawn``: those of them
    who have withdrawn since.
    """

    signups: tuple[Signup, ...]
    withdrawn: frozenset[str]
    problems: tuple[Problem, ...]

    @property
    def active(self) -> tuple[Signup, ...]:
        return tuple(s for s in self.signups if s.user not in self.withdrawn)


@dataclass(frozen=True)
class SignupLedger:
    """The signup page's history so far: line counts now, and every change."""

    wiki: str = ""
    page: str = ""
    last_seen: int = 0
    counts: tuple[tuple[str, int], ...] = ()  # user -> lines on the page now, sorted
    events: tuple[SignupEvent, ...] = ()
    gap: tuple[GapMark, ...] = ()  # unreadable revisions since the last readable one

    def fold(self, history: PageHistory, *, parse: ParseSignups) -> SignupLedger:
        """Fold the revisions of ``history`` newer than the last one seen.

        A revision without text cannot be read: the next readable one is compared
        with the last readable one, and the change is nobody's unless the gap's
        revisions are known to be its author's (:func:`~bot.trust.revisions.author_across`).
        """
        counts = Counter(dict(self.counts))
        events = list(self.events)
        last_seen = self.last_seen
        gap = self.gap
        for rev in new_revisions(history.revisions, self.last_seen):
            gap = gap_before(rev, last_seen, gap)
            last_seen = rev.revid
            if rev.text is None:
                gap = (*gap, unreadable(rev))
                continue
            now: Counter[str] = Counter()
            where: dict[str, int | None] = {}
            for item in parse(rev.text):
                name = user_key(item.user)
                if name:
                    now[name] += 1
                    where[name] = item.line
            by = author_across(rev, gap)
            gap = ()
            for target in sorted(set(now) | set(counts)):
                delta = now[target] - counts[target]
                if delta:
                    events.append(
                        SignupEvent(
                            rev.revid,
                            rev.timestamp,
                            by,
                            target,
                            delta,
                            now[target],
                            where.get(target),
                        )
                    )
            counts = now
        return SignupLedger(
            wiki=history.wiki,
            page=history.title,
            last_seen=last_seen,
            counts=tuple(sorted((u, n) for u, n in counts.items() if n > 0)),
            events=tuple(events),
            gap=gap,
        )

    def read(self, organizers: Iterable[str]) -> SignupResult:
        """Apply the signup rules to the recorded changes, with these organizers."""
        orgs = user_set(organizers)
        current: dict[str, Signup] = {}
        withdrawn: set[str] = set()
        for_other: dict[str, SignupEvent] = {}
        removal_ignored: dict[str, SignupEvent] = {}
        for ev in self.events:
            if ev.by == NOBODY:  # across a history gap: never counts
                (for_other if ev.delta > 0 else removal_ignored)[ev.target] = ev
                continue
            may = ev.by == ev.target or ev.by in orgs
            if ev.delta > 0 and may:
                if ev.target not in current or ev.target in withdrawn:
                    current.pop(ev.target, None)  # a new signup goes to the end
                    current[ev.target] = Signup(ev.target, ev.revid, ev.timestamp, ev.by)
                    withdrawn.discard(ev.target)
            elif ev.delta > 0:
                for_other[ev.target] = ev
            elif may:
                if ev.remaining == 0 and ev.target in current:
                    withdrawn.add(ev.target)
            else:
                removal_ignored[ev.target] = ev
        on_page = dict(self.counts)
        problems: list[Problem] = []
        for target, ev in for_other.items():
            if on_page.get(target, 0) > 0 and (target not in current or target in withdrawn):
                problems.append(
                    Problem.make(
                        "trust-signup-unproven" if ev.by == NOBODY else "trust-signup-for-other",
                        self.wiki,
                        self.page,
                        revid=ev.revid,
                        line=ev.line,
                        user=ev.by,
                        target=target,
                    )
                )
        for target, ev in removal_ignored.items():
            if on_page.get(target, 0) == 0 and target in current and target not in withdrawn:
                problems.append(
                    Problem.make(
                        "trust-signup-removal-unproven"
                        if ev.by == NOBODY
                        else "trust-signup-removal-ignored",
                        self.wiki,
                        self.page,
                        revid=ev.revid,
                        user=ev.by,
                        target=target,
                    )
                )
        problems.sort(key=lambda p: (p.revid or 0, p.param("target")))
        return SignupResult(
            signups=tuple(sorted(current.values(), key=lambda s: s.revid)),
            withdrawn=frozenset(withdrawn),
            problems=tuple(problems),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "wiki": self.wiki,
            "page": self.page,
            "last_seen": self.last_seen,
            "counts": dict(self.counts),
            "events": [e.to_json() for e in self.events],
            "gap": [m.to_json() for m in self.gap],
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> SignupLedger:
        return SignupLedger(
            wiki=str(d["wiki"]),
            page=str(d["page"]),
            last_seen=int(d["last_seen"]),
            counts=tuple(sorted((str(u), int(n)) for u, n in d.get("counts", {}).items())),
            events=tuple(SignupEvent.from_json(e) for e in d.get("events", ())),
            gap=tuple(GapMark.from_json(m) for m in d.get("gap", ())),
        )

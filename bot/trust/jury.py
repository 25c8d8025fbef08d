"""Trust on ``B/Jury`` (contract §3): each decision belongs to whoever saved it.

A signature at the end of a line can be typed by anyone; the revision's user cannot.
So the ledger compares the lines of each revision with the previous one by
``line_key`` (the line's fields without the signature, so re-signing or re-spacing a
line changes nothing) as multisets, and records per revision which keys were added
and which removed. The rules are applied when reading out, with the jury list (and
organizers) current then; that is why :meth:`JuryLedger.decisions` takes the jury.

The rules, replayed over the recorded edits:

- A decision line counts if its author is on the current jury list; a suspension
  line if its author is a juror or an organizer. Authors who are not are ignored and
  reported (``trust-jury-not-juror``, ``trust-suspension-not-allowed``) while their
  line is on the page.
- A juror's later decision on the same (article, user) replaces their earlier one; a
  later suspension of the same user by the same author replaces theirs likewise.
- Removing one's own line withdraws it.
- Anyone else removing or changing a counting line is ignored: the author's version
  stands (kept as a "ghost", on the ledger but no longer on the page) and is reported
  (``trust-jury-changed-by-other``) until the author supersedes it or the line comes
  back. A line added in the same save that removed someone's counting line about the
  same article and user is a change of their line, not a decision of the editor's own.
- Re-adding a ghost's line (a revert of the vandal) puts the author's line back; so
  does a line equal to a ghost added by anyone, since an identical text cannot be
  told from a revert.
- Removing a juror from the list withdraws their decisions; putting them back restores
  them, since their lines never left the page: the list is simply read anew each time.

- A gap in the history (a revision whose text is hidden, or missing after a partial
  undelete) hides who changed what: the change across it is nobody's
  (:data:`~bot.trust.revisions.NOBODY`) unless every revision in the gap is known to be
  the next readable revision's author's. A line that appears across a gap never counts
  (``trust-jury-unproven``); a counting line that disappears across one stands as its
  juror's (``trust-jury-removal-unproven``). Nobody is on any jury, so the rules above
  need no exception for it.

A juror's decision on their own entry is left for the scorer, which knows the entries.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.model import Decision, PageHistory, PageRef, Problem, Suspension, Verdict
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

DECISION = "decision"
SUSPENSION = "suspension"


class JuryLineLike(Protocol):
    """What both parsed jury lines have (``bot.parse.jury.DecisionLine``/``SuspensionLine``).

    A decision line also has ``article``, ``verdict`` and ``points``; the ledger tells
    the two kinds apart by ``article``.
    """

    @property
    def user(self) -> str | None: ...

    @property
    def comment(self) -> str: ...

    @property
    def line(self) -> int | None: ...


ParseJury = Callable[[str], Iterable[JuryLineLike]]
"""Page text -> its decision and suspension lines (the parser, arguments bound)."""

LineKey = Callable[[Any], str]
"""A parsed line -> its canonical fields without the signature (``bot.parse.jury.line_key``)."""

CheckJury = Callable[[str], Iterable[Problem]]
"""Page text -> what the parser could not read in it (a misspelt verdict, a bad number)."""


@dataclass(frozen=True)
class JuryItem:
    """The fields of a jury line, kept in the ledger (wiki text is not kept)."""

    kind: str  # DECISION | SUSPENSION
    user: str | None  # decision: whose entry (optional); suspension: who is suspended
    comment: str = ""
    article: PageRef | None = None
    verdict: str = ""
    points: float = 0.0

    @property
    def target(self) -> tuple[str, ...]:
        """What the line is about: a later line on the same target replaces it."""
        if self.kind == DECISION and self.article is not None:
            return (DECISION, self.article.wiki, self.article.title, self.user or "")
        return (self.kind, self.user or "")

    @staticmethod
    def of(line: JuryLineLike) -> JuryItem:
        article = getattr(line, "article", None)
        user = user_key(line.user) if line.user else None
        if isinstance(article, PageRef):
            points = getattr(line, "points", None)
            return JuryItem(
                kind=DECISION,
                user=user,
                comment=line.comment or "",
                article=article,
                verdict=str(getattr(line, "verdict", "")),
                points=float(points) if points is not None else 0.0,
            )
        return JuryItem(kind=SUSPENSION, user=user, comment=line.comment or "")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "user": self.user,
            "comment": self.comment,
            "article": [self.article.wiki, self.article.title] if self.article else None,
            "verdict": self.verdict,
            "points": self.points,
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> JuryItem:
        art = d.get("article")
        return JuryItem(
            kind=str(d["kind"]),
            user=d.get("user"),
            comment=str(d.get("comment", "")),
            article=PageRef(str(art[0]), str(art[1])) if art else None,
            verdict=str(d.get("verdict", "")),
            points=float(d.get("points", 0.0)),
        )


@dataclass(frozen=True)
class Added:
    key: str
    item: JuryItem
    line: int | None = None


@dataclass(frozen=True)
class JuryEdit:
    """One revision's change to the page's lines: keys removed, lines added."""

    revid: int
    timestamp: datetime
    by: str
    removed: tuple[str, ...] = ()
    added: tuple[Added, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "revid": self.revid,
            "timestamp": time_to_json(self.timestamp),
            "by": self.by,
            "removed": list(self.removed),
            "added": [{"key": a.key, "item": a.item.to_json(), "line": a.line} for a in self.added],
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> JuryEdit:
        return JuryEdit(
            revid=int(d["revid"]),
            timestamp=time_from_json(d["timestamp"]),
            by=str(d["by"]),
            removed=tuple(str(k) for k in d.get("removed", ())),
            added=tuple(
                Added(str(a["key"]), JuryItem.from_json(a["item"]), a.get("line"))
                for a in d.get("added", ())
            ),
        )


@dataclass
class _Line:
    """A line during replay: on the page, or a ghost that still stands."""

    id: int
    key: str
    item: JuryItem
    author: str
    revid: int
    timestamp: datetime
    line: int | None
    on_page: bool = True
    removed_by: str | None = None
    removed_revid: int | None = None
    edit_of: int | None = None  # id of the other author's line this one changed


@dataclass(frozen=True)
class JuryResult:
    decisions: tuple[Decision, ...]
    suspensions: tuple[Suspension, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class JuryLedger:
    """The jury page's history so far: line keys on the page now, and every change.

    ``unreadable`` holds the parser's problems with the page's current text: a line
    it cannot read is no decision at all, and the juror who wrote it must be told, or
    they would believe they had decided. The ledger keeps them because a later run
    that finds nothing new fetches no text to parse again.
    """

    wiki: str = ""
    page: str = ""
    last_seen: int = 0
    counts: tuple[tuple[str, int], ...] = ()  # line key -> lines on the page now, sorted
    edits: tuple[JuryEdit, ...] = field(default=())
    unreadable: tuple[Problem, ...] = ()
    gap: tuple[GapMark, ...] = ()  # revisions without readable text since the last readable one

    def fold(
        self,
        history: PageHistory,
        *,
        parse: ParseJury,
        key: LineKey,
        check: CheckJury | None = None,
    ) -> JuryLedger:
        """Fold the revisions of ``history`` newer than the last one seen.

        A revision without text cannot be read: the next readable one is compared
        with the last readable one, and the change is nobody's unless the gap's
        revisions are known to be its author's. ``check`` gives the problems of the
        newest readable text.
        """
        counts = Counter(dict(self.counts))
        edits = list(self.edits)
        last_seen = self.last_seen
        gap = self.gap
        newest: str | None = None
        for rev in new_revisions(history.revisions, self.last_seen):
            gap = gap_before(rev, last_seen, gap)
            last_seen = rev.revid
            if rev.text is None:
                gap = (*gap, unreadable(rev))
                continue
            by = author_across(rev, gap)
            gap = ()
            newest = rev.text
            now: Counter[str] = Counter()
            lines: dict[str, list[tuple[JuryItem, int | None]]] = {}
            for parsed in parse(rev.text):
                item = JuryItem.of(parsed)
                k = f"{item.kind}\n{key(parsed)}"
                now[k] += 1
                lines.setdefault(k, []).append((item, parsed.line))
            removed: list[str] = []
            added: list[Added] = []
            for k in sorted(set(now) | set(counts)):
                delta = now[k] - counts[k]
                if delta < 0:
                    removed.extend([k] * -delta)
                elif delta > 0:  # the last ones of equal lines are taken as the new ones
                    added.extend(Added(k, item, ln) for item, ln in lines[k][-delta:])
            added.sort(key=lambda a: (a.line is None, a.line or 0))  # page order: lower is later
            if removed or added:
                edits.append(
                    JuryEdit(rev.revid, rev.timestamp, by, tuple(removed), tuple(added))
                )
            counts = now
        return JuryLedger(
            wiki=history.wiki,
            page=history.title,
            last_seen=last_seen,
            counts=tuple(sorted((k, n) for k, n in counts.items() if n > 0)),
            edits=tuple(edits),
            unreadable=self.unreadable if newest is None else _check(check, newest),
            gap=gap,
        )

    # ------------------------------------------------------------------ read-out

    def read(self, jury: Iterable[str], organizers: Iterable[str]) -> JuryResult:
        """Decisions, suspensions and problems with the current jury and organizers."""
        jurors, orgs = user_set(jury), user_set(organizers)

        def allowed(ln: _Line) -> bool:
            if ln.item.kind == DECISION:
                return ln.author in jurors
            return ln.author in jurors or ln.author in orgs

        lines = _replay(self.edits, allowed)
        counting = [ln for ln in lines if allowed(ln) and ln.edit_of is None]
        latest: dict[tuple[str, tuple[str, ...]], _Line] = {}
        for ln in sorted(counting, key=lambda x: (x.revid, x.id)):
            latest[(ln.author, ln.item.target)] = ln
        winners = sorted(latest.values(), key=lambda x: (x.revid, x.id))
        decisions: list[Decision] = []
        suspensions: list[Suspension] = []
        for ln in winners:
            if ln.item.kind == DECISION:
                decision = _decision(ln)
                if decision is not None:
                    decisions.append(decision)
            elif ln.item.user:
                suspensions.append(
                    Suspension(ln.item.user, ln.author, ln.revid, ln.timestamp, ln.item.comment)
                )
        return JuryResult(
            tuple(decisions), tuple(suspensions), tuple(self._problems(lines, winners, allowed))
        )

    def decisions(self, jury: Iterable[str]) -> list[Decision]:
        """The decisions that count: one per juror and (article, user), the latest."""
        return list(self.read(jury, ()).decisions)

    def suspensions(self, jury: Iterable[str], organizers: Iterable[str]) -> list[Suspension]:
        """The suspensions that count: one per author and suspended user, the latest."""
        return list(self.read(jury, organizers).suspensions)

    def problems(self, jury: Iterable[str], organizers: Iterable[str]) -> list[Problem]:
        return list(self.read(jury, organizers).problems)

    def _problems(
        self, lines: list[_Line], winners: list[_Line], allowed: Callable[[_Line], bool]
    ) -> list[Problem]:
        out: list[Problem] = []
        # A change of someone's line is reported once, through the line that stands.
        reported = {ln.id for ln in winners if not ln.on_page}
        for ln in lines:
            if not ln.on_page or allowed(ln) or ln.edit_of in reported:
                continue
            if ln.author == NOBODY:
                key = "trust-jury-unproven"
            elif ln.item.kind == DECISION:
                key = "trust-jury-not-juror"
            else:
                key = "trust-suspension-not-allowed"
            out.append(
                Problem.make(
                    key, self.wiki, self.page, revid=ln.revid, line=ln.line, user=ln.author
                )
            )
        for ln in winners:
            if not ln.on_page:
                out.append(
                    Problem.make(
                        "trust-jury-removal-unproven"
                        if ln.removed_by == NOBODY
                        else "trust-jury-changed-by-other",
                        self.wiki,
                        self.page,
                        revid=ln.removed_revid,
                        user=ln.removed_by or "",
                        juror=ln.author,
                    )
                )
        out.sort(key=lambda p: (p.revid or 0, p.key))
        return [*self.unreadable, *out]

    def to_json(self) -> dict[str, Any]:
        return {
            "wiki": self.wiki,
            "page": self.page,
            "last_seen": self.last_seen,
            "counts": dict(self.counts),
            "edits": [e.to_json() for e in self.edits],
            "unreadable": [p.to_json() for p in self.unreadable],
            "gap": [m.to_json() for m in self.gap],
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> JuryLedger:
        return JuryLedger(
            wiki=str(d["wiki"]),
            page=str(d["page"]),
            last_seen=int(d["last_seen"]),
            counts=tuple(sorted((str(k), int(n)) for k, n in d.get("counts", {}).items())),
            edits=tuple(JuryEdit.from_json(e) for e in d.get("edits", ())),
            unreadable=tuple(Problem.from_json(p) for p in d.get("unreadable", ())),
            gap=tuple(GapMark.from_json(m) for m in d.get("gap", ())),
        )


def _check(check: CheckJury | None, text: str) -> tuple[Problem, ...]:
    return tuple(check(text)) if check is not None else ()


def _decision(ln: _Line) -> Decision | None:
    item = ln.item
    if item.article is None or item.verdict not in {v.value for v in Verdict}:
        return None
    return Decision(
        juror=ln.author,
        article=item.article,
        verdict=Verdict(item.verdict),
        revid=ln.revid,
        timestamp=ln.timestamp,
        points=item.points,
        user=item.user,
        comment=item.comment,
    )


def _replay(edits: Iterable[JuryEdit], allowed: Callable[[_Line], bool]) -> list[_Line]:
    """Replay the recorded edits with the rules of the module docstring.

    Which of several lines with the same key a removal took cannot be seen in a
    multiset; the choice below always prefers the reading that keeps counting lines:
    the remover's own line first, then a line that does not count anyway, and only
    then another author's counting line, which becomes a ghost.
    """
    lines: list[_Line] = []
    ids = itertools.count(1)

    def counts(ln: _Line) -> bool:
        return allowed(ln) and ln.edit_of is None

    for ed in edits:
        ghosted_now: list[_Line] = []
        for key in ed.removed:
            on = [ln for ln in lines if ln.key == key and ln.on_page]
            if not on:
                continue  # cannot happen: the page held this key
            own = [ln for ln in on if ln.author == ed.by]
            own_ghost = [
                ln for ln in lines if ln.key == key and not ln.on_page and ln.author == ed.by
            ]
            junk = [ln for ln in on if not counts(ln)]
            if own:
                lines.remove(own[-1])
            elif own_ghost:
                # Earlier, another user's removal was taken as removing this user's
                # line; this removal shows it took the other one: swap the two.
                ghost = own_ghost[-1]
                lines.remove(ghost)
                if junk:
                    lines.remove(junk[-1])
                else:
                    on[-1].on_page = False
                    on[-1].removed_by, on[-1].removed_revid = ghost.removed_by, ghost.removed_revid
            elif junk:
                lines.remove(junk[-1])
            else:
                victim = on[-1]
                victim.on_page = False
                victim.removed_by, victim.removed_revid = ed.by, ed.revid
                ghosted_now.append(victim)
        for add in ed.added:
            ghosts = [ln for ln in lines if ln.key == add.key and not ln.on_page]
            own_ghost = [ln for ln in ghosts if ln.author == ed.by]
            back = own_ghost[-1] if own_ghost else ghosts[-1] if ghosts else None
            if back is not None:
                back.on_page, back.removed_by, back.removed_revid = True, None, None
                continue
            new = _Line(next(ids), add.key, add.item, ed.by, ed.revid, ed.timestamp, add.line)
            for ghost in ghosted_now:
                if ghost.item.target == add.item.target:
                    new.edit_of = ghost.id
                    ghosted_now.remove(ghost)
                    break
            lines.append(new)
    return lines

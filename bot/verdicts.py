"""Jury verdicts and the one status of every entry (contract §4 jury, §5 statuses).

Decisions arrive already attributed to the jurors whose revisions added them (the
trust layer). Here we tie each decision to an entry, keep what counts, tally it and
pick the entry's status.

Which decisions count, per entry:

- only jurors on the contest's current jury list (``settings.jury``);
- never a juror's decision on their own entry (reported as ``jury-decision-own-entry``
  when the decision can only be about the juror's own entry; when the juror and
  another participant share the article, a decision without ``user =`` is read as
  being about the other one);
- each juror's latest decision (highest revid) replaces their earlier ones.

Matching a decision to an entry: same wiki, and the decision's title is the
article's current title or any title in its move log (decisions follow moves). When
several participants have the article, ``user =`` picks one. Without ``user =`` the
decision goes to the only one that meets the criteria; if there are still several,
it applies to none and is reported (``jury-decision-ambiguous``): a juror who
accepts one author's work must not accept another's by accident. A decision that
matches no participant's article is reported (``jury-decision-unmatched``), since it
usually is a typo in the title.

Status precedence (the first that holds wins; every entry gets exactly one):

    withdrawn > deleted > suspended > not an entry > rejected > undecided
    > awaiting jury > provisional / counted

The author's own choices and facts about the page come first, then the criteria,
then the jury. A verdict is reached once ``quorum`` decisions count: more accepts
than rejects is accepted (counted), more rejects is rejected, equal is undecided
(another juror can still break the tie). Below the quorum the entry is awaiting jury
when review is required and provisional when it is optional. When the contest has
no jury at all, optional review has nobody to wait for, so entries are counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.aliases import normalize_title
from bot.model import Decision, Problem, Reason, Review, Status, Suspension, Verdict

EntryKey = tuple[str, str, int]  # (user, wiki, pageid)


def same_user(a: str, b: str) -> bool:
    return normalize_title(a) == normalize_title(b)


@dataclass(frozen=True)
class Target:
    """What decision matching needs to know about one candidate."""

    key: EntryKey
    user: str
    wiki: str
    titles: frozenset[str]  # normalized current and earlier titles
    eligible: bool  # meets the criteria


def _decision_order(d: Decision) -> tuple[int, datetime, str, float, str, str]:
    return (d.revid, d.timestamp, d.verdict.value, d.points, d.comment, d.user or "")


def match_decisions(
    decisions: Iterable[Decision],
    targets: Sequence[Target],
    *,
    jury: Sequence[str],
    wiki: str,
    page: str,
) -> tuple[dict[EntryKey, tuple[Decision, ...]], tuple[Problem, ...]]:
    """The decisions that count for each entry, oldest first, and what to report.

    ``wiki`` and ``page`` say where reported problems are (the jury page).
    """
    jurors = {normalize_title(j) for j in jury}
    by_article: dict[tuple[str, str], list[Target]] = {}
    for target in targets:
        for title in target.titles:
            by_article.setdefault((target.wiki, title), []).append(target)

    latest: dict[tuple[EntryKey, str], Decision] = {}
    problems: list[Problem] = []
    for decision in sorted(decisions, key=_decision_order):
        juror = normalize_title(decision.juror)
        if juror not in jurors:
            continue
        article = f"{decision.article.wiki}:{normalize_title(decision.article.title)}"
        found = by_article.get((decision.article.wiki, normalize_title(decision.article.title)), [])
        if decision.user:
            found = [t for t in found if same_user(t.user, decision.user)]
        others = [t for t in found if not same_user(t.user, juror)]
        if len(others) > 1:
            others = [t for t in others if t.eligible] or others
        if len(others) == 1:
            latest[(others[0].key, juror)] = decision  # sorted: later replaces earlier
            continue
        if len(others) > 1:
            problem = "jury-decision-ambiguous"
        elif found:
            problem = "jury-decision-own-entry"
        else:
            problem = "jury-decision-unmatched"
        problems.append(
            Problem.make(
                problem, wiki, page, revid=decision.revid, juror=decision.juror, article=article
            )
        )

    grouped: dict[EntryKey, list[Decision]] = {}
    for (key, _juror), decision in latest.items():
        grouped.setdefault(key, []).append(decision)
    return (
        {k: tuple(sorted(v, key=_decision_order)) for k, v in grouped.items()},
        tuple(problems),
    )


@dataclass(frozen=True)
class Tally:
    """The counting decisions on one entry."""

    decisions: tuple[Decision, ...] = ()

    @property
    def accepts(self) -> int:
        return sum(d.verdict is Verdict.ACCEPT for d in self.decisions)

    @property
    def rejects(self) -> int:
        return sum(d.verdict is Verdict.REJECT for d in self.decisions)

    def needed(self, quorum: int) -> int:
        """Decisions still missing before a verdict."""
        return max(0, effective_quorum(quorum) - len(self.decisions))

    def jury_points(self) -> float:
        """The adjustment: average ``points`` over the accepting jurors (none given = 0).

        Rejecting jurors do not dilute it: their decision already says the entry
        should not score at all.
        """
        accepting = [d.points for d in self.decisions if d.verdict is Verdict.ACCEPT]
        return sum(accepting) / len(accepting) if accepting else 0.0

    def rejection_comment(self) -> str:
        return "; ".join(
            d.comment.strip()
            for d in self.decisions
            if d.verdict is Verdict.REJECT and d.comment.strip()
        )


def effective_quorum(quorum: int) -> int:
    """At least one decision makes a verdict (a quorum of 0 would decide with none)."""
    return max(1, quorum)


def suspension_start(user: str, suspensions: Iterable[Suspension]) -> datetime | None:
    """The earliest suspension of a user: everything made after it is suspended."""
    times = [s.timestamp for s in suspensions if same_user(s.user, user)]
    return min(times) if times else None


def is_suspended(made: datetime | None, since: datetime | None) -> bool:
    """Made after the suspension; ``made`` is the creation (new) or first counted edit."""
    return since is not None and made is not None and made > since


def decide_status(
    *,
    withdrawn: bool,
    deleted: bool,
    suspended: bool,
    not_entry: Sequence[Reason],
    tally: Tally,
    quorum: int,
    review: Review,
    has_jury: bool,
) -> tuple[Status, tuple[Reason, ...]]:
    """The entry's one status and the reason shown with it (precedence: module doc)."""
    if withdrawn:
        return Status.WITHDRAWN, (Reason.make("reason-withdrawn"),)
    if deleted:
        return Status.DELETED, (Reason.make("reason-deleted"),)
    if suspended:
        return Status.SUSPENDED, (Reason.make("reason-suspended"),)
    if not_entry:
        return Status.NOT_ENTRY, tuple(not_entry)
    needed = tally.needed(quorum)
    if needed == 0:
        if tally.rejects > tally.accepts:
            return Status.REJECTED, (
                Reason.make("reason-rejected", comment=tally.rejection_comment()),
            )
        if tally.rejects == tally.accepts:
            return Status.UNDECIDED, (Reason.make("reason-undecided"),)
        return Status.COUNTED, (Reason.make("reason-counted"),)
    if review == Review.REQUIRED:
        return Status.AWAITING, (Reason.make("reason-awaiting", needed=needed),)
    if not has_jury:
        return Status.COUNTED, (Reason.make("reason-counted"),)
    return Status.PROVISIONAL, (Reason.make("reason-provisional"),)

"""Criteria: whether a participant's article is an entry at all (contract §1).

A failing criterion is not an error: it becomes a :class:`Reason` the participant can
read ("2,140 words < 3,000 required"), with the figures in its params. Criteria marked
``informational`` only produce warnings for the jury and never stop an entry.

Order of the checks, so that a reason is always the most useful one:

1. gates that make the other checks meaningless: an article on a wiki outside the
   contest, a redirect, an article written before its author signed up, no counted
   edit. If one of these fails, only the gates' reasons are given.
2. the kind gate: which of new / expanded articles the contest counts. It is decided
   by which ``new`` / ``expanded`` criteria exist (informational ones included: an
   informational ``new`` criterion still says the contest is about new articles);
   with neither, only new articles are entries.
3. every criterion in page order; ``new`` criteria apply to new articles only and
   ``expanded`` ones to expanded articles only. Without a ``namespace`` criterion
   the article must be in namespace 0 (the contract's default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.aliases import normalize_title
from bot.model import Candidate, CategoryRef, Criterion, Reason
from bot.topics import TopicIndex

KINDS = ("new", "expanded")
CRITERION_TYPES = frozenset({"new", "expanded", "worklist", "category", "namespace", "newcomer"})


def contest_zone(name: str) -> tzinfo:
    """The contest's time zone; UTC when the name is unknown (never raise on page input)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def registered_after(registration: datetime, day: date, zone: tzinfo) -> bool:
    """Whether an account counts as newer than ``day`` (criterion and nomination).

    "Registered after 2026-01-01" is read as "registered on 2026-01-01 or later", from
    00:00 on that day in the contest's time zone: an account made that morning is
    newer than the date, and organizers write the first day they want to include.
    """
    return registration >= datetime.combine(day, time(0), zone)


@dataclass(frozen=True)
class CriteriaFacts:
    """Everything the criteria look at besides the candidate itself."""

    topics: TopicIndex
    category_members: Mapping[tuple[str, str], frozenset[int]]
    registration: datetime | None
    zone: tzinfo
    contest_wikis: tuple[str, ...]


@dataclass(frozen=True)
class CriteriaResult:
    reasons: tuple[Reason, ...] = ()  # not an entry because of these
    warnings: tuple[Reason, ...] = ()  # informational criteria that fail

    @property
    def eligible(self) -> bool:
        return not self.reasons


def entry_kind(candidate: Candidate) -> str:
    """The kind, "new" or "expanded", that the article is for this participant.

    The counted-edit analysis decides; an article written before signup was created
    by the participant, so it is shown as "new" (and fails the before-signup gate).
    """
    if candidate.contribution is not None and candidate.contribution.kind in KINDS:
        return candidate.contribution.kind
    return "expanded" if candidate.creation == "expanded" else "new"


def check_criteria(
    criteria: Sequence[Criterion], candidate: Candidate, facts: CriteriaFacts
) -> CriteriaResult:
    """Check every criterion; see the module docstring for the order."""
    gates = _gates(candidate, facts)
    if gates:
        return CriteriaResult(reasons=gates)

    kind = entry_kind(candidate)
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    allowed = {c.type for c in criteria if c.type in KINDS} or {"new"}
    if kind not in allowed:
        reasons.append(Reason.make(f"reason-{kind}-not-counted"))

    for criterion in criteria:
        check = _CHECKS.get(criterion.type)
        if check is None or (criterion.type in KINDS and criterion.type != kind):
            continue
        failed = check(criterion, candidate, facts)
        (warnings if criterion.informational else reasons).extend(failed)

    if not any(c.type == "namespace" for c in criteria):
        reasons.extend(_namespace(Criterion(type="namespace"), candidate, facts))
    return CriteriaResult(reasons=tuple(reasons), warnings=tuple(warnings))


def _gates(candidate: Candidate, facts: CriteriaFacts) -> tuple[Reason, ...]:
    article = candidate.article
    out: list[Reason] = []
    if facts.contest_wikis and article.wiki not in facts.contest_wikis:
        out.append(Reason.make("reason-wiki-not-in-contest", wiki=article.wiki))
    if article.redirect:
        out.append(Reason.make("reason-redirect"))
    if candidate.creation == "before-signup":
        out.append(Reason.make("reason-before-signup"))
    elif candidate.contribution is None or not candidate.contribution.counted_revids:
        out.append(Reason.make("reason-no-counted-edit"))
    return tuple(out)


_Check = Callable[[Criterion, Candidate, CriteriaFacts], list[Reason]]


def _new(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    article = candidate.article
    out: list[Reason] = []
    if criterion.min_bytes is not None and article.end_size < criterion.min_bytes:
        out.append(
            Reason.make("reason-min-bytes", bytes=article.end_size, required=criterion.min_bytes)
        )
    words = article.end_figures.words
    if criterion.min_words is not None and words < criterion.min_words:
        out.append(Reason.make("reason-min-words", words=words, required=criterion.min_words))
    return out


def _expanded(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    c = candidate.contribution
    if c is None:  # excluded by the gates; kept for the type checker
        return [Reason.make("reason-no-counted-edit")]
    out: list[Reason] = []
    if criterion.min_added_bytes is not None and c.bytes_added < criterion.min_added_bytes:
        out.append(
            Reason.make(
                "reason-min-added-bytes", bytes=c.bytes_added, required=criterion.min_added_bytes
            )
        )
    if criterion.min_added_words is not None and c.words_added < criterion.min_added_words:
        out.append(
            Reason.make(
                "reason-min-added-words", words=c.words_added, required=criterion.min_added_words
            )
        )
    if criterion.max_start_bytes is not None and c.start_size > criterion.max_start_bytes:
        out.append(
            Reason.make(
                "reason-too-big-at-start", bytes=c.start_size, max=criterion.max_start_bytes
            )
        )
    return out


def _worklist(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    if facts.topics.on_worklist(candidate.article):
        return []
    return [Reason.make("reason-not-on-worklist")]


def category_label(ref: CategoryRef) -> str:
    return f"{ref.wiki}:{ref.name}" if ref.wiki else ref.name


def in_category(
    ref: CategoryRef,
    wiki: str,
    pageid: int,
    own_categories: Sequence[str],
    members: Mapping[tuple[str, str], frozenset[int]],
) -> bool:
    """Whether a page is in a category's tree, on the category's own wiki.

    A category without a wiki prefix is looked up on the article's wiki; one with a
    prefix only ever holds pages of that wiki. The wiki layer's member sets are the
    source; the article's own category list (same tree, same depth) is a fallback.
    """
    cat_wiki = ref.wiki or wiki
    if cat_wiki != wiki:
        return False
    name = normalize_title(ref.name)
    for key in ((cat_wiki, name), (cat_wiki, ref.name)):  # the caller may not normalize
        if pageid in members.get(key, frozenset()):
            return True
    return name in {normalize_title(c) for c in own_categories}


def _category(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    if not criterion.categories:
        return []
    article = candidate.article
    if any(
        in_category(ref, article.wiki, article.pageid, article.categories, facts.category_members)
        for ref in criterion.categories
    ):
        return []
    label = ", ".join(category_label(ref) for ref in criterion.categories)
    return [Reason.make("reason-not-in-category", category=label)]


def _namespace(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    allowed = criterion.namespaces or (0,)
    ns = candidate.article.namespace
    if ns in allowed:
        return []
    return [
        Reason.make("reason-namespace", namespace=ns, allowed=", ".join(str(n) for n in allowed))
    ]


def _newcomer(criterion: Criterion, candidate: Candidate, facts: CriteriaFacts) -> list[Reason]:
    if criterion.registered_after is None:
        return []
    if facts.registration is None:
        return [Reason.make("reason-registration-unknown")]
    if registered_after(facts.registration, criterion.registered_after, facts.zone):
        return []
    return [
        Reason.make(
            "reason-not-newcomer",
            registered=facts.registration.astimezone(facts.zone).date().isoformat(),
            after=criterion.registered_after.isoformat(),
        )
    ]


_CHECKS: Mapping[str, _Check] = {
    "new": _new,
    "expanded": _expanded,
    "worklist": _worklist,
    "category": _category,
    "namespace": _namespace,
    "newcomer": _newcomer,
}

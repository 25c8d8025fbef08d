"""Scoring a contest: everything known about it in, a :class:`ContestResult` out.

The pure entry point of the scoring half of the bot. It ties the small modules
together in the only order that works:

1. topics (:mod:`bot.topics`): which articles are versions of the same subject;
2. criteria (:mod:`bot.criteria`): which candidates are entries at all;
3. jury (:mod:`bot.verdicts`): which decisions count for which entry;
4. one status per entry (precedence in :mod:`bot.verdicts`);
5. points (:mod:`bot.rules`), which need the statuses: the `language` rule looks at
   the participant's other *scoring* versions of the topic;
6. rankings (:mod:`bot.ranking`).

Entry points: ``Entry.points`` is what the entry scores by the rules and the jury's
adjustment (never below 0), and ``breakdown`` explains it. Entries that are counted,
provisional, awaiting jury or undecided carry them, so participants and jurors can see
what an entry is worth before the verdict; rankings only add up counted and
provisional ones. Entries that are rejected, not entries, deleted, suspended or
withdrawn have 0 points and no breakdown.

The `language` rule: among the participant's versions of one topic that score
(counted or provisional), ordered by creation (``Article.entered_main`` for a draft
moved in, else ``Article.created``) then wiki code, the first is the first version
and every version on another wiki after it gets the points. An entry that does not
score yet (awaiting, undecided) is placed in that order as if it scored, so its
breakdown shows what it would earn. Versions that do not score
(rejected, not an entry, deleted...) never make another version "further": the
bonus is for writing the topic again in another language, and a version that does
not count was not written for the contest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.aliases import normalize_title
from bot.criteria import (
    CRITERION_TYPES,
    CriteriaFacts,
    CriteriaResult,
    check_criteria,
    contest_zone,
    entry_kind,
)
from bot.model import (
    SCORING,
    Candidate,
    ContestResult,
    ContestSettings,
    ContestState,
    Decision,
    Entry,
    PointsLine,
    Problem,
    Reason,
    Signup,
    Status,
    Suspension,
    Worklist,
)
from bot.ranking import nomination_ranking, overall_ranking
from bot.rules import RuleFacts, ScoringRule, build_rules, score_rules
from bot.topics import TopicIndex, article_titles, assign_topics
from bot.verdicts import (
    EntryKey,
    Tally,
    Target,
    decide_status,
    is_suspended,
    match_decisions,
    suspension_start,
)

# Statuses whose entries show points: they score, or will once the jury agrees.
WITH_POINTS = frozenset({Status.COUNTED, Status.PROVISIONAL, Status.AWAITING, Status.UNDECIDED})


def _key(candidate: Candidate) -> EntryKey:
    return (candidate.user, candidate.article.wiki, candidate.article.pageid)


def participants_of(signups: Sequence[Signup], withdrawn: frozenset[str]) -> tuple[str, ...]:
    """Everyone signed up, in signup order (each once); then withdrawn users the
    signups no longer hold, by name, so the leaderboard can still show them."""
    seen: set[str] = set()
    out: list[str] = []
    for signup in sorted(signups, key=lambda s: (s.timestamp, s.revid, s.user)):
        if normalize_title(signup.user) not in seen:
            seen.add(normalize_title(signup.user))
            out.append(signup.user)
    for user in sorted(withdrawn):
        if normalize_title(user) not in seen:
            seen.add(normalize_title(user))
            out.append(user)
    return tuple(out)


def _settings_problems(settings: ContestSettings, unknown_rules: Sequence[str]) -> list[Problem]:
    """Rule or criterion types the contract does not have (normally the parser's job)."""
    out = [
        Problem.make(
            "score-unknown-rule", settings.wiki, settings.title, revid=settings.revid, type=t
        )
        for t in unknown_rules
    ]
    out += [
        Problem.make(
            "score-unknown-criterion",
            settings.wiki,
            settings.title,
            revid=settings.revid,
            type=c.type,
        )
        for c in settings.criteria
        if c.type not in CRITERION_TYPES
    ]
    return out


def score_contest(
    settings: ContestSettings,
    *,
    state: ContestState,
    signups: Sequence[Signup],
    withdrawn: frozenset[str],
    suspensions: Sequence[Suspension],
    decisions: Sequence[Decision],
    worklist: Worklist,
    candidates: Sequence[Candidate],
    registrations: Mapping[str, datetime | None],
    category_members: Mapping[tuple[str, str], frozenset[int]],
    problems: Sequence[Problem] = (),
) -> ContestResult:
    """Score one contest (see the module docstring).

    Candidates of users who are neither signed up nor withdrawn are ignored: only
    participants have entries. One candidate per (user, article) is expected; a
    repeated one is ignored. An umbrella contest has no entries of its own.
    """
    participants = participants_of(signups, withdrawn)
    rules, unknown = build_rules(settings.rules)
    found = _settings_problems(settings, [r.type for r in unknown])
    if settings.umbrella:
        return ContestResult(
            settings=settings,
            state=state,
            entries=(),
            rankings=(),
            participants=participants,
            problems=(*problems, *found),
            worklist=worklist,
        )

    members = {normalize_title(p) for p in participants}
    pool: dict[EntryKey, Candidate] = {}
    for candidate in candidates:
        if normalize_title(candidate.user) in members:
            pool.setdefault(_key(candidate), candidate)

    topics = assign_topics(worklist, [c.article for c in pool.values()])
    zone = contest_zone(settings.timezone)
    wikis = settings.wikis or (settings.wiki,)
    checks: dict[EntryKey, CriteriaResult] = {
        key: check_criteria(
            settings.criteria,
            c,
            CriteriaFacts(
                topics=topics,
                category_members=category_members,
                registration=registrations.get(c.user),
                zone=zone,
                contest_wikis=wikis,
            ),
        )
        for key, c in pool.items()
    }
    targets = [
        Target(key, c.user, c.article.wiki, article_titles(c.article), checks[key].eligible)
        for key, c in pool.items()
    ]
    matched, jury_problems = match_decisions(
        decisions, targets, jury=settings.jury, wiki=settings.wiki, page=settings.subpages.jury
    )
    found += jury_problems

    gone = {normalize_title(u) for u in withdrawn}
    statuses: dict[EntryKey, tuple[Status, tuple[Reason, ...]]] = {}
    for key, c in pool.items():
        statuses[key] = decide_status(
            withdrawn=normalize_title(c.user) in gone,
            deleted=c.article.deleted,
            suspended=is_suspended(_made(c), suspension_start(c.user, suspensions)),
            not_entry=checks[key].reasons,
            tally=Tally(matched.get(key, ())),
            quorum=settings.quorum,
            review=settings.review,
            has_jury=bool(settings.jury),
        )

    versions = _scoring_versions(pool, statuses, topics)
    entries = [
        _entry(
            c,
            statuses[key],
            checks[key],
            Tally(matched.get(key, ())),
            settings,
            rules,
            topics,
            _first_version(c, versions, topics),
        )
        for key, c in pool.items()
    ]
    entries.sort(key=lambda e: (e.user, e.wiki, e.title, e.pageid))

    rankings = [overall_ranking(entries)]
    rankings += [
        nomination_ranking(n, entries, registrations=registrations, zone=zone)
        for n in settings.nominations
    ]
    return ContestResult(
        settings=settings,
        state=state,
        entries=tuple(entries),
        rankings=tuple(rankings),
        participants=participants,
        problems=(*problems, *found),
        worklist=worklist,
    )


def _made(candidate: Candidate) -> datetime | None:
    """When the entry was made, for suspensions: created (new) or first counted (expanded)."""
    if entry_kind(candidate) == "new":
        return candidate.article.entered_main or candidate.article.created
    c = candidate.contribution
    return c.first_counted if c is not None else None


def _version_order(candidate: Candidate) -> tuple[datetime, str, int]:
    """Creation order of language versions; a draft moved in counts as created at the move
    (contract §1 `new`), so a draft begun early does not become the "first" version."""
    a = candidate.article
    return (a.entered_main or a.created, a.wiki, a.pageid)


def _scoring_versions(
    pool: Mapping[EntryKey, Candidate],
    statuses: Mapping[EntryKey, tuple[Status, tuple[Reason, ...]]],
    topics: TopicIndex,
) -> dict[tuple[str, str], list[Candidate]]:
    """Each participant's scoring versions of each topic: (user, topic) -> candidates."""
    out: dict[tuple[str, str], list[Candidate]] = {}
    for key, candidate in pool.items():
        topic = topics.topic_of(candidate.article)
        if topic is not None and statuses[key][0] in SCORING:
            out.setdefault((candidate.user, topic), []).append(candidate)
    return out


def _first_version(
    candidate: Candidate,
    versions: Mapping[tuple[str, str], Sequence[Candidate]],
    topics: TopicIndex,
) -> str | None:
    """The participant's first version ("wiki:Title") when this one is a further one."""
    topic = topics.topic_of(candidate.article)
    if topic is None:
        return None
    me = _version_order(candidate)
    earlier = [
        other
        for other in versions.get((candidate.user, topic), ())
        if _key(other) != _key(candidate) and _version_order(other) < me
    ]
    if not earlier or any(o.article.wiki == candidate.article.wiki for o in earlier):
        return None  # the first version, or a second article in the same language
    first = min(earlier, key=_version_order).article
    return f"{first.wiki}:{first.title}"


def _entry(
    candidate: Candidate,
    status: tuple[Status, tuple[Reason, ...]],
    check: CriteriaResult,
    tally: Tally,
    settings: ContestSettings,
    rules: Sequence[ScoringRule],
    topics: TopicIndex,
    first_version: str | None,
) -> Entry:
    article = candidate.article
    kind = entry_kind(candidate)
    breakdown: tuple[PointsLine, ...] = ()
    adjustment = tally.jury_points()
    if status[0] in WITH_POINTS and candidate.contribution is not None:
        facts = RuleFacts(
            wiki=article.wiki,
            kind=kind,
            contribution=candidate.contribution,
            listed_here=topics.listed_here(article),
            first_version=first_version,
        )
        breakdown = score_rules(rules, facts)
        if adjustment:
            accepting = str(tally.accepts)
            breakdown += (PointsLine(rule="jury", points=adjustment, detail=accepting),)
    points = max(0.0, math.fsum(line.points for line in breakdown))
    return Entry(
        user=candidate.user,
        wiki=article.wiki,
        pageid=article.pageid,
        title=article.title,
        kind=kind,
        status=status[0],
        reasons=status[1],
        warnings=check.warnings,
        points=points,
        breakdown=breakdown,
        topic=topics.topic_of(article),
        contribution=candidate.contribution,
        end_size=article.end_size,
        end_words=article.end_figures.words,
        decisions=tally.decisions,
        # A tie has its quorum but no verdict: one more decision breaks it.
        decisions_needed=1 if status[0] is Status.UNDECIDED else tally.needed(settings.quorum),
        jury_points=adjustment,
        created=article.created,
    )

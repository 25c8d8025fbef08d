"""Properties of score_contest on generated contests.

- points are never negative, for an entry or a participant;
- no rule line exceeds its rule's ``max``;
- the result does not depend on the order in which signups, candidates, decisions
  or suspensions are given (UkBot's rules kept counters across users, so the order
  of users changed the scores: this is the guard against that);
- the ranking holds exactly the participants with a scoring entry, with the sum of
  those entries' points.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import (
    SCORING,
    Article,
    Candidate,
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Criterion,
    Decision,
    Figures,
    Nomination,
    PageRef,
    RankBy,
    Review,
    Rule,
    Signup,
    Suspension,
    Topic,
    Verdict,
    Worklist,
)
from bot.score import score_contest

START = datetime(2026, 11, 1, tzinfo=UTC)
RARELY = st.sampled_from([False] * 7 + [True])  # hypothesis favours small integers
USERS = ("Alice", "Bob", "Carol", "Dina")  # Carol is also a juror
JURY = ("Carol", "Dan")
WIKIS = ("ru", "tt", "en")


def at(day: int) -> datetime:
    return START + timedelta(days=day)


T = TypeVar("T")


def _order(items: list[T], rnd: random.Random | None) -> list[T]:
    items = items[:]
    if rnd is not None:
        rnd.shuffle(items)
    return items


@dataclass(frozen=True)
class Contest:
    settings: ContestSettings
    signups: list[Signup]
    withdrawn: frozenset[str]
    suspensions: list[Suspension]
    decisions: list[Decision]
    worklist: Worklist
    candidates: list[Candidate]
    registrations: dict[str, datetime | None]

    def score(self, rnd: random.Random | None = None) -> ContestResult:
        return score_contest(
            self.settings,
            state=ContestState.OPEN,
            signups=_order(self.signups, rnd),
            withdrawn=self.withdrawn,
            suspensions=_order(self.suspensions, rnd),
            decisions=_order(self.decisions, rnd),
            worklist=self.worklist,
            candidates=_order(self.candidates, rnd),
            registrations=self.registrations,
            category_members={},
        )


RULES = st.lists(
    st.builds(
        Rule,
        type=st.sampled_from(
            ["new", "expanded", "kilobyte", "words", "reference", "image", "worklist", "language"]
        ),
        points=st.sampled_from([0.5, 1, 2, 3, 10]),
        max=st.none() | st.sampled_from([1.0, 5.0, 12.5]),
        wiki=st.none() | st.sampled_from(WIKIS),
    ),
    max_size=6,
    unique_by=lambda r: r.type,
)

CRITERIA = st.lists(
    st.sampled_from(
        [
            Criterion("new"),
            Criterion("new"),
            Criterion("expanded"),
            Criterion("expanded"),
            Criterion("new", min_words=300),
            Criterion("expanded", min_added_bytes=1000),
            Criterion("expanded", max_start_bytes=5000, informational=True),
            Criterion("worklist"),
            Criterion("newcomer", registered_after=date(2026, 1, 1)),
        ]
    ),
    max_size=2,
)


@st.composite
def articles(draw: st.DrawFn, pageid: int) -> Article:
    wiki = draw(st.sampled_from(WIKIS))
    return Article(
        wiki=wiki,
        pageid=pageid,
        title=f"Page {pageid}",
        namespace=2 if draw(RARELY) else 0,
        created=at(draw(st.integers(min_value=-30, max_value=29))),
        created_by=draw(st.sampled_from(USERS)),
        deleted=draw(RARELY),
        redirect=draw(RARELY) and draw(RARELY),
        end_size=draw(st.integers(min_value=0, max_value=40000)),
        end_figures=Figures(words=draw(st.integers(min_value=0, max_value=4000))),
        wikidata=draw(st.sampled_from(["Q1", "Q2", None])),
    )


@st.composite
def candidates(draw: st.DrawFn, user: str, article: Article) -> Candidate:
    kind = "expanded" if draw(st.sampled_from([False, False, True])) else "new"
    first = draw(st.integers(min_value=0, max_value=29))
    contribution = Contribution(
        user=user,
        wiki=article.wiki,
        pageid=article.pageid,
        kind=kind,
        counted_revids=(1,),
        first_counted=at(first),
        last_counted=at(first + draw(st.integers(min_value=0, max_value=5))),
        bytes_added=draw(st.integers(min_value=0, max_value=60000)),
        words_added=draw(st.integers(min_value=0, max_value=6000)),
        references_added=draw(st.integers(min_value=0, max_value=40)),
        images_added=draw(st.integers(min_value=0, max_value=10)),
        start_size=draw(st.integers(min_value=0, max_value=20000)) if kind == "expanded" else 0,
    )
    creation = "before-signup" if draw(RARELY) else kind
    counted = not draw(RARELY)
    return Candidate(user, article, creation, contribution if counted else None)


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    pages = [draw(articles(1000 + i)) for i in range(draw(st.integers(1, 6)))]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(USERS), st.sampled_from(pages)),
            max_size=10,
            unique_by=lambda p: (p[0], p[1].pageid),
        )
    )
    cands = [draw(candidates(user, page)) for user, page in pairs]
    decisions = [
        Decision(
            juror=draw(st.sampled_from((*JURY, "Mallory"))),
            article=PageRef(page.wiki, page.title),
            verdict=draw(st.sampled_from([Verdict.ACCEPT, Verdict.ACCEPT, Verdict.REJECT])),
            revid=draw(st.integers(min_value=1, max_value=50)),
            timestamp=at(25),
            points=draw(st.sampled_from([0, 0, 2, 5, -3, -50])),
            user=draw(st.sampled_from([None, None, None, *USERS])),
        )
        for page in draw(st.lists(st.sampled_from([c.article for c in cands] or pages), max_size=8))
    ]
    signed = draw(st.permutations(USERS))[: draw(st.sampled_from([4, 4, 3]))]
    contest = ContestSettings(
        wiki="ru",
        title="Project:Contest",
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        timezone="Europe/Moscow",
        wikis=WIKIS,
        jury=JURY,
        quorum=draw(st.sampled_from([1, 1, 2, 3])),
        review=draw(st.sampled_from([Review.OPTIONAL, Review.OPTIONAL, Review.REQUIRED])),
        rules=tuple(draw(RULES)),
        criteria=tuple(draw(CRITERIA)),
        nominations=(
            Nomination("Tatar", wikis=("tt",)),
            Nomination("Newcomers", newcomers=date(2026, 1, 1), rank_by=RankBy.ENTRIES),
            Nomination("Polyglots", rank_by=RankBy.LANGUAGES),
        ),
    )
    return Contest(
        settings=contest,
        signups=[Signup(u, i + 1, at(-1) + timedelta(hours=i), u) for i, u in enumerate(signed)],
        withdrawn=frozenset(
            draw(st.sampled_from(USERS)) for _ in range(draw(st.integers(0, 4)) // 4)
        ),
        suspensions=[
            Suspension(u, "Dan", 60 + i, at(draw(st.integers(min_value=0, max_value=29))))
            for i, u in enumerate(USERS[:1] if draw(RARELY) else ())
        ],
        decisions=decisions,
        worklist=Worklist((Topic("Q1", (("ru", "Page 1000"),), wikidata="Q1"),)),
        candidates=cands,
        registrations={
            "Alice": datetime(2026, 5, 1, tzinfo=UTC),
            "Bob": datetime(2012, 5, 1, tzinfo=UTC),
            "Carol": None,
        },
    )


@settings(max_examples=150, deadline=None)
@given(contests())
def test_points_never_negative_and_caps_hold(contest: Contest) -> None:
    result = contest.score()
    caps = {r.type: r.max for r in contest.settings.rules}
    for entry in result.entries:
        assert entry.points >= 0
        for line in entry.breakdown:
            cap = caps.get(line.rule)
            if cap is not None:
                assert line.points <= cap
    for ranking in result.rankings:
        assert all(s.points >= 0 for s in ranking.standings)


@settings(max_examples=150, deadline=None)
@given(contests(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(contest: Contest, rnd: random.Random) -> None:
    base = contest.score()
    shuffled = contest.score(rnd)
    assert shuffled.rankings == base.rankings
    assert shuffled.entries == base.entries
    assert shuffled.participants == base.participants
    assert sorted(map(repr, shuffled.problems)) == sorted(map(repr, base.problems))


@settings(max_examples=150, deadline=None)
@given(contests())
def test_overall_ranking_is_the_scoring_entries(contest: Contest) -> None:
    result = contest.score()
    scoring: dict[str, list[float]] = {}
    for entry in result.entries:
        if entry.status in SCORING:
            scoring.setdefault(entry.user, []).append(entry.points)
    overall = result.rankings[0]
    assert {s.user: s.points for s in overall.standings} == {
        user: round(math.fsum(points), 1) for user, points in scoring.items()
    }
    assert [r.nomination for r in result.rankings] == ["overall", "Tatar", "Newcomers", "Polyglots"]


@settings(max_examples=100, deadline=None)
@given(contests())
def test_every_candidate_of_a_participant_is_one_entry(contest: Contest) -> None:
    result = contest.score()
    people = {s.user for s in contest.signups} | contest.withdrawn
    expected = sorted((c.user, c.article.pageid) for c in contest.candidates if c.user in people)
    assert sorted((e.user, e.pageid) for e in result.entries) == expected

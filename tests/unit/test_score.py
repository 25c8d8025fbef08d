"""score_contest end to end: small contests with hand-computed results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.model import (
    Article,
    Candidate,
    CategoryRef,
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Criterion,
    Decision,
    Entry,
    Figures,
    Nomination,
    PageRef,
    PointsLine,
    Problem,
    Review,
    Rule,
    Signup,
    Status,
    Suspension,
    Topic,
    Verdict,
    Worklist,
)
from bot.score import score_contest

START = datetime(2026, 11, 1, tzinfo=UTC)


def day(n: int, hour: int = 12) -> datetime:
    return START + timedelta(days=n - 1, hours=hour)


def settings(**kw: object) -> ContestSettings:
    base = ContestSettings(
        wiki="ru",
        title="Project:Smart Region 2026/Kazan",
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        timezone="UTC",
        wikis=("ru", "tt"),
        jury=("Carol", "Dan"),
        rules=(Rule("new", 10), Rule("kilobyte", 1, max=20)),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


_pageids = iter(range(1000, 10**9))


def article(
    ref: str,
    *,
    created: int = 3,
    by: str = "Alice",
    links: tuple[str, ...] = (),
    wikidata: str | None = None,
    deleted: bool = False,
    words: int = 500,
    size: int = 3000,
    namespace: int = 0,
) -> Article:
    wiki, title = ref.split(":", 1)
    return Article(
        wiki=wiki,
        pageid=next(_pageids),
        title=title,
        namespace=namespace,
        created=day(created),
        created_by=by,
        deleted=deleted,
        end_size=size,
        end_figures=Figures(words=words),
        langlinks=tuple((link.split(":", 1)[0], link.split(":", 1)[1]) for link in links),
        wikidata=wikidata,
    )


def cand(
    user: str,
    art: Article,
    *,
    kind: str = "new",
    creation: str | None = None,
    added: int = 2500,
    words: int = 400,
    refs: int = 0,
    first: int | None = None,
    last: int | None = None,
    counted: bool = True,
) -> Candidate:
    first_day = first if first is not None else art.created.day
    contribution = Contribution(
        user=user,
        wiki=art.wiki,
        pageid=art.pageid,
        kind=kind,
        counted_revids=(art.pageid * 10,),
        first_counted=day(first_day),
        last_counted=day(last if last is not None else first_day),
        bytes_added=added,
        words_added=words,
        references_added=refs,
    )
    return Candidate(user, art, creation or kind, contribution if counted else None)


def signup(user: str, n: int) -> Signup:
    return Signup(user=user, revid=n, timestamp=day(1, hour=n % 24), added_by=user)


def decide(
    juror: str,
    art: Article,
    verdict: str,
    revid: int,
    *,
    points: float = 0,
    user: str | None = None,
    comment: str = "",
) -> Decision:
    return Decision(
        juror=juror,
        article=PageRef(art.wiki, art.title),
        verdict=Verdict(verdict),
        revid=revid,
        timestamp=day(20),
        points=points,
        user=user,
        comment=comment,
    )


def run(
    candidates: Sequence[Candidate],
    *,
    contest: ContestSettings | None = None,
    users: Sequence[str] = ("Alice", "Bob"),
    withdrawn: frozenset[str] = frozenset(),
    suspensions: Sequence[Suspension] = (),
    decisions: Sequence[Decision] = (),
    worklist: Worklist | None = None,
    registrations: dict[str, datetime | None] | None = None,
    members: dict[tuple[str, str], frozenset[int]] | None = None,
    problems: Sequence[Problem] = (),
) -> ContestResult:
    return score_contest(
        contest or settings(),
        state=ContestState.OPEN,
        signups=[signup(u, i + 1) for i, u in enumerate(users)],
        withdrawn=withdrawn,
        suspensions=suspensions,
        decisions=decisions,
        worklist=worklist or Worklist(),
        candidates=candidates,
        registrations=registrations or {},
        category_members=members or {},
        problems=problems,
    )


def find(result: ContestResult, user: str, art: Article) -> Entry:
    (found,) = [e for e in result.entries if e.user == user and e.pageid == art.pageid]
    return found


def standings(result: ContestResult, index: int = 0) -> list[tuple[int, str, float]]:
    return [(s.rank, s.user, s.points) for s in result.rankings[index].standings]


# ----------------------------------------------------------------------------- basics


def test_new_article_scores_its_rules() -> None:
    a = article("ru:Казанский кремль")
    e = find(run([cand("Alice", a, added=2500)]), "Alice", a)
    assert e.breakdown == (PointsLine("new", 10, ""), PointsLine("kilobyte", 2.5, "2500"))
    assert e.points == 12.5


def test_without_a_jury_optional_review_counts() -> None:
    a = article("ru:A")
    e = find(run([cand("Alice", a)], contest=settings(jury=())), "Alice", a)
    assert e.status is Status.COUNTED


def test_optional_review_is_provisional_until_quorum() -> None:
    a = article("ru:Казанский кремль")
    result = run([cand("Alice", a)])
    e = find(result, "Alice", a)
    assert e.status is Status.PROVISIONAL
    assert e.points == pytest.approx(12.5)
    assert standings(result) == [(1, "Alice", 12.5)]


def test_kilobyte_cap_holds_per_article() -> None:
    a, b = article("ru:A"), article("ru:B")
    result = run([cand("Alice", a, added=35000), cand("Alice", b, added=1000)])
    assert find(result, "Alice", a).points == 30  # 10 + min(35, 20)
    assert find(result, "Alice", b).points == 11
    assert standings(result) == [(1, "Alice", 41)]


def test_expanded_articles_are_not_entries_without_an_expanded_criterion() -> None:
    a = article("ru:Казань", created=-3000, by="Someone")
    result = run([cand("Bob", a, kind="expanded")])
    e = find(result, "Bob", a)
    assert e.status is Status.NOT_ENTRY
    assert [r.key for r in e.reasons] == ["reason-expanded-not-counted"]
    assert e.points == 0 and e.breakdown == ()
    assert standings(result) == []


def test_expanded_articles_count_with_an_expanded_criterion() -> None:
    contest = settings(
        criteria=(Criterion("new"), Criterion("expanded", min_added_bytes=2000)),
        rules=(Rule("new", 10), Rule("expanded", 4), Rule("kilobyte", 1)),
    )
    old = article("ru:Казань", created=-3000, by="Someone")
    result = run([cand("Bob", old, kind="expanded", added=3000)], contest=contest)
    e = find(result, "Bob", old)
    assert e.status is Status.PROVISIONAL
    assert e.points == 7  # expanded 4 + 3 kilobytes
    assert e.kind == "expanded"


def test_written_before_signup_is_not_an_entry() -> None:
    a = article("ru:Казань")
    result = run([cand("Alice", a, creation="before-signup")])
    e = find(result, "Alice", a)
    assert e.status is Status.NOT_ENTRY
    assert [r.key for r in e.reasons] == ["reason-before-signup"]


def test_criterion_failure_explains_itself_with_figures() -> None:
    contest = settings(criteria=(Criterion("new", min_words=3000),))
    a = article("ru:Казань", words=2140)
    e = find(run([cand("Alice", a)], contest=contest), "Alice", a)
    assert e.status is Status.NOT_ENTRY
    assert [(r.key, dict(r.params)) for r in e.reasons] == [
        ("reason-min-words", {"words": "2140", "required": "3000"})
    ]


def test_informational_criterion_warns_and_still_counts() -> None:
    contest = settings(criteria=(Criterion("new", min_words=3000, informational=True),))
    a = article("ru:Казань", words=2140)
    e = find(run([cand("Alice", a)], contest=contest), "Alice", a)
    assert e.status is Status.PROVISIONAL
    assert [r.key for r in e.warnings] == ["reason-min-words"]


# ----------------------------------------------------------------------------- statuses


def test_deleted_article_drops_out() -> None:
    a = article("ru:Казань", deleted=True)
    e = find(run([cand("Alice", a)]), "Alice", a)
    assert e.status is Status.DELETED
    assert e.points == 0


def test_withdrawn_participant_keeps_a_row_and_loses_the_points() -> None:
    a = article("ru:Казань")
    result = run([cand("Alice", a)], users=("Bob",), withdrawn=frozenset({"Alice"}))
    assert find(result, "Alice", a).status is Status.WITHDRAWN
    assert result.participants == ("Bob", "Alice")
    assert standings(result) == []


def test_suspension_stops_what_comes_after_it() -> None:
    before, after = article("ru:До", created=3), article("ru:После", created=12)
    old = article("ru:Старая", created=-500, by="X")
    contest = settings(criteria=(Criterion("new"), Criterion("expanded")))
    result = run(
        [
            cand("Alice", before),
            cand("Alice", after),
            cand("Alice", old, kind="expanded", first=15),
        ],
        contest=contest,
        suspensions=[Suspension("Alice", "Carol", 99, day(10))],
    )
    assert find(result, "Alice", before).status is Status.PROVISIONAL
    assert find(result, "Alice", after).status is Status.SUSPENDED
    assert find(result, "Alice", old).status is Status.SUSPENDED  # first counted edit after


def test_candidates_of_non_participants_are_ignored() -> None:
    a = article("ru:Казань", by="Zoe")
    result = run([cand("Zoe", a)])
    assert result.entries == ()


# ----------------------------------------------------------------------------- jury


def test_required_review_counts_only_accepted_entries() -> None:
    contest = settings(review=Review.REQUIRED, quorum=2)
    a, b = article("ru:A"), article("ru:B")
    result = run(
        [cand("Alice", a), cand("Bob", b, added=1000)],
        contest=contest,
        decisions=[decide("Carol", a, "accept", 1), decide("Dan", a, "accept", 2)],
    )
    assert find(result, "Alice", a).status is Status.COUNTED
    waiting = find(result, "Bob", b)
    assert waiting.status is Status.AWAITING
    assert waiting.decisions_needed == 2
    assert waiting.points == 11  # what it would score, shown to the jury
    assert standings(result) == [(1, "Alice", 12.5)]  # but it does not rank yet


def test_jury_adjustment_is_averaged_over_accepting_jurors() -> None:
    contest = settings(quorum=2)
    a = article("ru:A")
    result = run(
        [cand("Alice", a)],
        contest=contest,
        decisions=[decide("Carol", a, "accept", 1, points=5), decide("Dan", a, "accept", 2)],
    )
    e = find(result, "Alice", a)
    assert e.status is Status.COUNTED
    assert e.jury_points == 2.5
    assert e.points == 15  # 12.5 + 2.5
    assert e.breakdown[-1] == PointsLine("jury", 2.5, "2")


def test_negative_adjustment_never_takes_an_entry_below_zero() -> None:
    contest = settings(quorum=1)
    a = article("ru:A")
    result = run(
        [cand("Alice", a)], contest=contest, decisions=[decide("Carol", a, "accept", 1, points=-40)]
    )
    assert find(result, "Alice", a).points == 0
    assert standings(result) == [(1, "Alice", 0)]  # still ranked: it is a counted entry


def test_rejected_entry_scores_nothing() -> None:
    contest = settings(quorum=1)
    a = article("ru:A")
    result = run(
        [cand("Alice", a)],
        contest=contest,
        decisions=[decide("Carol", a, "reject", 1, comment="Machine translation")],
    )
    e = find(result, "Alice", a)
    assert e.status is Status.REJECTED
    assert dict(e.reasons[0].params) == {"comment": "Machine translation"}
    assert e.points == 0


def test_juror_cannot_judge_their_own_entry() -> None:
    contest = settings(quorum=1, review=Review.REQUIRED)
    a = article("ru:A", by="Carol")
    result = run(
        [cand("Carol", a)],
        users=("Carol",),
        contest=contest,
        decisions=[decide("Carol", a, "accept", 7)],
    )
    assert find(result, "Carol", a).status is Status.AWAITING
    assert [(p.key, p.revid, p.page) for p in result.problems] == [
        ("jury-decision-own-entry", 7, "Project:Smart Region 2026/Kazan/Jury")
    ]


def test_shared_article_decision_without_user_is_reported() -> None:
    contest = settings(quorum=1, review=Review.REQUIRED)
    a = article("ru:A")
    given = Problem.make("parse-something", "ru", "B")
    result = run(
        [cand("Alice", a), cand("Bob", a, kind="expanded")],
        contest=replace(contest, criteria=(Criterion("new"), Criterion("expanded"))),
        decisions=[decide("Carol", a, "accept", 1), decide("Dan", a, "reject", 2, user="Bob")],
        problems=[given],
    )
    assert find(result, "Alice", a).status is Status.AWAITING
    assert find(result, "Bob", a).status is Status.REJECTED
    assert [p.key for p in result.problems] == ["parse-something", "jury-decision-ambiguous"]


# ----------------------------------------------------------------------------- worklist, language


def test_worklist_rule_needs_this_language_version_listed() -> None:
    contest = settings(rules=(Rule("new", 10), Rule("worklist", 5)))
    wl = Worklist(
        (Topic("en:Kazan Kremlin", (("en", "Kazan Kremlin"), ("ru", "Казанский кремль"))),)
    )
    ru = article("ru:Казанский кремль")
    tt = article("tt:Казан Кремле", links=("en:Kazan Kremlin",))
    result = run([cand("Alice", ru), cand("Bob", tt)], contest=contest, worklist=wl)
    assert find(result, "Alice", ru).points == 15
    assert find(result, "Bob", tt).points == 10
    assert find(result, "Bob", tt).topic == "en:Kazan Kremlin"


def test_worklist_criterion_accepts_any_language_version() -> None:
    contest = settings(criteria=(Criterion("worklist"),))
    wl = Worklist((Topic("en:Kazan Kremlin", (("en", "Kazan Kremlin"),)),))
    tt = article("tt:Казан Кремле", links=("en:Kazan Kremlin",))
    off = article("tt:Чаллы")
    result = run([cand("Alice", tt), cand("Alice", off)], contest=contest, worklist=wl)
    assert find(result, "Alice", tt).status is Status.PROVISIONAL
    assert find(result, "Alice", off).status is Status.NOT_ENTRY


def test_language_rule_pays_every_further_version() -> None:
    contest = settings(rules=(Rule("new", 10), Rule("language", 3)), wikis=("ru", "tt", "en"))
    ru = article("ru:Кул Шариф", created=2, wikidata="Q1")
    tt = article("tt:Кол Шәриф", created=5, wikidata="Q1")
    en = article("en:Kul Sharif", created=8, wikidata="Q1")
    result = run([cand("Alice", en), cand("Alice", tt), cand("Alice", ru)], contest=contest)
    assert find(result, "Alice", ru).points == 10
    assert find(result, "Alice", tt).points == 13
    assert find(result, "Alice", en).breakdown[-1] == PointsLine("language", 3, "ru:Кул Шариф")


def test_language_rule_is_per_participant() -> None:
    contest = settings(rules=(Rule("language", 3),))
    ru = article("ru:Кул Шариф", created=2, wikidata="Q1")
    tt = article("tt:Кол Шәриф", created=5, wikidata="Q1", by="Bob")
    result = run([cand("Alice", ru), cand("Bob", tt)], contest=contest)
    assert find(result, "Bob", tt).points == 0


def test_rejected_first_version_makes_the_next_one_first() -> None:
    contest = settings(rules=(Rule("language", 3),), quorum=1)
    ru = article("ru:Кул Шариф", created=2, wikidata="Q1")
    tt = article("tt:Кол Шәриф", created=5, wikidata="Q1")
    decisions = [decide("Carol", ru, "reject", 1), decide("Carol", tt, "accept", 2)]
    result = run([cand("Alice", ru), cand("Alice", tt)], contest=contest, decisions=decisions)
    assert find(result, "Alice", tt).points == 0


def test_awaiting_further_version_shows_its_language_points() -> None:
    contest = settings(rules=(Rule("language", 3),), quorum=1, review=Review.REQUIRED)
    ru = article("ru:Кул Шариф", created=2, wikidata="Q1")
    tt = article("tt:Кол Шәриф", created=5, wikidata="Q1")
    result = run(
        [cand("Alice", ru), cand("Alice", tt)],
        contest=contest,
        decisions=[decide("Carol", ru, "accept", 1)],
    )
    waiting = find(result, "Alice", tt)
    assert waiting.status is Status.AWAITING
    assert waiting.points == 3


# ----------------------------------------------------------------------------- categories, newcomers


def test_category_criterion_uses_the_member_sets() -> None:
    contest = settings(criteria=(Criterion("category", categories=(CategoryRef(None, "Казань"),)),))
    inside, outside = article("ru:A"), article("ru:B")
    result = run(
        [cand("Alice", inside), cand("Alice", outside)],
        contest=contest,
        members={("ru", "Казань"): frozenset({inside.pageid})},
    )
    assert find(result, "Alice", inside).status is Status.PROVISIONAL
    assert find(result, "Alice", outside).status is Status.NOT_ENTRY


def test_nominations_follow_the_overall_ranking_in_page_order() -> None:
    contest = settings(
        nominations=(
            Nomination("Best Tatar article", wikis=("tt",)),
            Nomination("Newcomers", newcomers=date(2026, 1, 1)),
        )
    )
    ru, tt = article("ru:A"), article("tt:B", by="Bob")
    result = run(
        [cand("Alice", ru, added=5000), cand("Bob", tt)],
        contest=contest,
        registrations={"Alice": datetime(2010, 1, 1, tzinfo=UTC), "Bob": day(1)},
    )
    assert [r.nomination for r in result.rankings] == ["overall", "Best Tatar article", "Newcomers"]
    assert standings(result, 0) == [(1, "Alice", 15), (2, "Bob", 12.5)]
    assert standings(result, 1) == [(1, "Bob", 12.5)]
    assert standings(result, 2) == [(1, "Bob", 12.5)]


# ----------------------------------------------------------------------------- result shape


def test_entries_sorted_and_participants_in_signup_order() -> None:
    b1, a1, a2 = article("tt:Б"), article("ru:Я"), article("ru:А")
    result = run(
        [cand("Bob", b1), cand("Alice", a1), cand("Alice", a2)], users=("Bob", "Alice", "Bob")
    )
    assert [(e.user, e.wiki, e.title) for e in result.entries] == [
        ("Alice", "ru", "А"),
        ("Alice", "ru", "Я"),
        ("Bob", "tt", "Б"),
    ]
    assert result.participants == ("Bob", "Alice")


def test_unknown_rule_is_reported_and_the_rest_still_scores() -> None:
    contest = settings(rules=(Rule("new", 10), Rule("bonus", 99)))
    a = article("ru:A")
    result = run([cand("Alice", a)], contest=contest)
    assert find(result, "Alice", a).points == 10
    assert [(p.key, p.param("type")) for p in result.problems] == [("score-unknown-rule", "bonus")]


def test_umbrella_has_no_entries_of_its_own() -> None:
    a = article("ru:A")
    result = run([cand("Alice", a)], contest=settings(umbrella=True))
    assert result.entries == () and result.rankings == ()
    assert result.participants == ("Alice", "Bob")


def test_a_draft_moved_in_later_is_a_later_language_version() -> None:
    """A draft begun on day 2 but moved into the articles on day 9 counts as created on day 9."""
    contest = settings(rules=(Rule("new", 10), Rule("language", 3)), wikis=("ru", "tt"))
    ru = replace(article("ru:Кул Шариф", created=2, links=("tt:Кол Шәриф",)), entered_main=day(9))
    tt = article("tt:Кол Шәриф", created=5, links=("ru:Кул Шариф",))
    result = run([cand("Alice", ru, first=9), cand("Alice", tt)], contest=contest)
    assert find(result, "Alice", tt).points == 10
    assert find(result, "Alice", ru).points == 13
    assert find(result, "Alice", ru).breakdown[-1] == PointsLine("language", 3, "tt:Кол Шәриф")

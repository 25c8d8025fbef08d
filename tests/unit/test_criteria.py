"""Criteria: what makes an article an entry, and the reason a participant reads when not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.criteria import CriteriaFacts, check_criteria, contest_zone, registered_after
from bot.model import (
    Article,
    Candidate,
    CategoryRef,
    Contribution,
    Criterion,
    Figures,
    Reason,
    Topic,
    Worklist,
)
from bot.topics import assign_topics

T0 = datetime(2026, 11, 2, 12, tzinfo=UTC)
MSK = ZoneInfo("Europe/Moscow")


def cand(
    *,
    kind: str = "new",
    creation: str | None = None,
    wiki: str = "ru",
    title: str = "Казань",
    pageid: int = 1,
    namespace: int = 0,
    end_size: int = 5000,
    end_words: int = 800,
    bytes_added: int = 5000,
    words_added: int = 800,
    start_size: int = 0,
    redirect: bool = False,
    counted: bool = True,
    categories: tuple[str, ...] = (),
) -> Candidate:
    article = Article(
        wiki=wiki,
        pageid=pageid,
        title=title,
        namespace=namespace,
        created=T0,
        created_by="Alice",
        redirect=redirect,
        end_size=end_size,
        end_figures=Figures(words=end_words),
        categories=categories,
    )
    contribution = Contribution(
        user="Alice",
        wiki=wiki,
        pageid=pageid,
        kind=kind,
        counted_revids=(100,),
        first_counted=T0,
        last_counted=T0,
        bytes_added=bytes_added,
        words_added=words_added,
        start_size=start_size,
    )
    return Candidate(
        user="Alice",
        article=article,
        creation=creation or kind,
        contribution=contribution if counted else None,
    )


NO_WORKLIST = Worklist()


def facts(
    *,
    worklist: Worklist = NO_WORKLIST,
    articles: tuple[Article, ...] = (),
    members: dict[tuple[str, str], frozenset[int]] | None = None,
    registration: datetime | None = None,
    wikis: tuple[str, ...] = ("ru", "tt"),
) -> CriteriaFacts:
    return CriteriaFacts(
        topics=assign_topics(worklist, list(articles)),
        category_members=members or {},
        registration=registration,
        zone=MSK,
        contest_wikis=wikis,
    )


def keys(reasons: tuple[Reason, ...]) -> list[str]:
    return [r.key for r in reasons]


def params(reason: Reason) -> dict[str, str]:
    return dict(reason.params)


# ----------------------------------------------------------------------------- kinds

KIND_CASES = [
    # (criteria types, article kind, expected reason keys)
    ((), "new", []),
    ((), "expanded", ["reason-expanded-not-counted"]),
    (("new",), "new", []),
    (("new",), "expanded", ["reason-expanded-not-counted"]),
    (("expanded",), "expanded", []),
    (("expanded",), "new", ["reason-new-not-counted"]),
    (("new", "expanded"), "new", []),
    (("new", "expanded"), "expanded", []),
]


@pytest.mark.parametrize(("types", "kind", "expected"), KIND_CASES)
def test_which_kinds_are_entries(types: tuple[str, ...], kind: str, expected: list[str]) -> None:
    criteria = [Criterion(type=t) for t in types]
    assert keys(check_criteria(criteria, cand(kind=kind), facts()).reasons) == expected


def test_informational_new_criterion_still_decides_the_kinds() -> None:
    criteria = [Criterion(type="new", informational=True, min_words=3000)]
    result = check_criteria(criteria, cand(kind="expanded"), facts())
    assert keys(result.reasons) == ["reason-expanded-not-counted"]


# ----------------------------------------------------------------------------- sizes

SIZE_CASES = [
    # (criterion, candidate kwargs, expected key, expected params)
    (
        Criterion(type="new", min_words=3000),
        {"end_words": 2140},
        "reason-min-words",
        {"words": "2140", "required": "3000"},
    ),
    (
        Criterion(type="new", min_bytes=4000),
        {"end_size": 3999},
        "reason-min-bytes",
        {"bytes": "3999", "required": "4000"},
    ),
    (
        Criterion(type="expanded", min_added_bytes=2000),
        {"kind": "expanded", "bytes_added": 1500},
        "reason-min-added-bytes",
        {"bytes": "1500", "required": "2000"},
    ),
    (
        Criterion(type="expanded", min_added_words=300),
        {"kind": "expanded", "words_added": 299},
        "reason-min-added-words",
        {"words": "299", "required": "300"},
    ),
    (
        Criterion(type="expanded", max_start_bytes=3000),
        {"kind": "expanded", "start_size": 3001},
        "reason-too-big-at-start",
        {"bytes": "3001", "max": "3000"},
    ),
]


@pytest.mark.parametrize(("criterion", "kwargs", "key", "expected"), SIZE_CASES)
def test_size_criteria_fail_with_figures(
    criterion: Criterion, kwargs: dict[str, object], key: str, expected: dict[str, str]
) -> None:
    result = check_criteria([criterion], cand(**kwargs), facts())  # type: ignore[arg-type]
    assert keys(result.reasons) == [key]
    assert params(result.reasons[0]) == expected


@pytest.mark.parametrize(
    ("criterion", "kwargs"),
    [
        (Criterion(type="new", min_words=3000), {"end_words": 3000}),
        (Criterion(type="new", min_bytes=4000), {"end_size": 4000}),
        (
            Criterion(type="expanded", min_added_bytes=2000),
            {"kind": "expanded", "bytes_added": 2000},
        ),
        (
            Criterion(type="expanded", max_start_bytes=3000),
            {"kind": "expanded", "start_size": 3000},
        ),
    ],
)
def test_thresholds_are_inclusive(criterion: Criterion, kwargs: dict[str, object]) -> None:
    assert check_criteria([criterion], cand(**kwargs), facts()).eligible  # type: ignore[arg-type]


def test_new_criterion_does_not_judge_expanded_articles() -> None:
    criteria = [Criterion(type="new", min_words=3000), Criterion(type="expanded")]
    assert check_criteria(criteria, cand(kind="expanded", end_words=10), facts()).eligible


def test_every_failing_criterion_is_listed() -> None:
    criteria = [Criterion(type="new", min_bytes=9000, min_words=3000), Criterion(type="worklist")]
    result = check_criteria(criteria, cand(end_size=100, end_words=20), facts())
    assert keys(result.reasons) == [
        "reason-min-bytes",
        "reason-min-words",
        "reason-not-on-worklist",
    ]


def test_informational_criterion_only_warns() -> None:
    criteria = [Criterion(type="new", min_words=3000, informational=True)]
    result = check_criteria(criteria, cand(end_words=2140), facts())
    assert result.eligible
    assert keys(result.warnings) == ["reason-min-words"]


# ----------------------------------------------------------------------------- gates


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"creation": "before-signup"}, ["reason-before-signup"]),
        ({"counted": False}, ["reason-no-counted-edit"]),
        ({"redirect": True}, ["reason-redirect"]),
        ({"wiki": "en"}, ["reason-wiki-not-in-contest"]),
        ({"redirect": True, "counted": False}, ["reason-redirect", "reason-no-counted-edit"]),
    ],
)
def test_gates_replace_the_other_reasons(kwargs: dict[str, object], expected: list[str]) -> None:
    # The min-words criterion would fail too; a gate makes it beside the point.
    criteria = [Criterion(type="new", min_words=3000)]
    candidate = cand(end_words=10, **kwargs)  # type: ignore[arg-type]
    assert keys(check_criteria(criteria, candidate, facts()).reasons) == expected


# ----------------------------------------------------------------------------- worklist


def test_worklist_criterion_accepts_any_language_version_of_a_listed_topic() -> None:
    wl = Worklist((Topic("Q1", (("en", "Kazan"),), wikidata="Q1"),))
    c = cand(wiki="tt", title="Казан")
    article = replace(c.article, wikidata="Q1")
    c = replace(c, article=article)
    f = facts(worklist=wl, articles=(article,))
    assert check_criteria([Criterion(type="worklist")], c, f).eligible


def test_worklist_criterion_fails_off_the_list() -> None:
    wl = Worklist((Topic("en:Kazan", (("en", "Kazan"),)),))
    c = cand(title="Елабуга")
    f = facts(worklist=wl, articles=(c.article,))
    assert keys(check_criteria([Criterion(type="worklist")], c, f).reasons) == [
        "reason-not-on-worklist"
    ]


# ----------------------------------------------------------------------------- categories

CATEGORY_CASES = [
    # (refs, members, article wiki, eligible)
    ((CategoryRef(None, "Казань"),), {("ru", "Казань"): frozenset({1})}, "ru", True),
    ((CategoryRef(None, "казань"),), {("ru", "Казань"): frozenset({1})}, "ru", True),
    ((CategoryRef(None, "Казань"),), {("ru", "Казань"): frozenset({2})}, "ru", False),
    ((CategoryRef(None, "Казань"),), {}, "ru", False),
    # a category without prefix is looked up on the article's own wiki
    ((CategoryRef(None, "Казан"),), {("tt", "Казан"): frozenset({1})}, "tt", True),
    ((CategoryRef(None, "Казан"),), {("tt", "Казан"): frozenset({1})}, "ru", False),
    # a prefixed category holds pages of its own wiki only
    ((CategoryRef("tt", "Казан"),), {("tt", "Казан"): frozenset({1})}, "ru", False),
    ((CategoryRef("tt", "Казан"),), {("tt", "Казан"): frozenset({1})}, "tt", True),
    # several categories: any one is enough
    (
        (CategoryRef("ru", "Казань"), CategoryRef("tt", "Казан")),
        {("tt", "Казан"): frozenset({1})},
        "tt",
        True,
    ),
]


@pytest.mark.parametrize(("refs", "members", "wiki", "eligible"), CATEGORY_CASES)
def test_category_criterion(
    refs: tuple[CategoryRef, ...],
    members: dict[tuple[str, str], frozenset[int]],
    wiki: str,
    eligible: bool,
) -> None:
    criterion = Criterion(type="category", categories=refs)
    result = check_criteria([criterion], cand(wiki=wiki, pageid=1), facts(members=members))
    assert result.eligible is eligible


def test_category_reason_names_the_categories() -> None:
    criterion = Criterion(
        type="category", categories=(CategoryRef(None, "Казань"), CategoryRef("tt", "Казан"))
    )
    result = check_criteria([criterion], cand(), facts())
    assert keys(result.reasons) == ["reason-not-in-category"]
    assert params(result.reasons[0]) == {"category": "Казань, tt:Казан"}


def test_article_category_list_is_a_fallback() -> None:
    criterion = Criterion(type="category", categories=(CategoryRef(None, "Казань"),))
    result = check_criteria([criterion], cand(categories=("Казань",)), facts())
    assert result.eligible


# ----------------------------------------------------------------------------- namespace


@pytest.mark.parametrize(
    ("criteria", "namespace", "eligible"),
    [
        ([], 0, True),
        ([], 2, False),  # without a namespace criterion only articles count
        ([Criterion(type="namespace")], 0, True),
        ([Criterion(type="namespace", namespaces=(0, 102))], 102, True),
        ([Criterion(type="namespace", namespaces=(102,))], 0, False),
    ],
)
def test_namespace(criteria: list[Criterion], namespace: int, eligible: bool) -> None:
    result = check_criteria(criteria, cand(namespace=namespace), facts())
    assert result.eligible is eligible
    if not eligible:
        assert keys(result.reasons) == ["reason-namespace"]
        assert params(result.reasons[0])["namespace"] == str(namespace)


# ----------------------------------------------------------------------------- newcomer

NEWCOMER = Criterion(type="newcomer", registered_after=date(2026, 1, 1))


@pytest.mark.parametrize(
    ("registration", "expected"),
    [
        (datetime(2026, 3, 1, tzinfo=UTC), []),
        # 2025-12-31 22:00 UTC is 2026-01-01 01:00 in Moscow: on the day, so newer
        (datetime(2025, 12, 31, 22, tzinfo=UTC), []),
        (datetime(2025, 12, 31, 20, tzinfo=UTC), ["reason-not-newcomer"]),
        (datetime(2019, 5, 5, tzinfo=UTC), ["reason-not-newcomer"]),
        (None, ["reason-registration-unknown"]),
    ],
)
def test_newcomer(registration: datetime | None, expected: list[str]) -> None:
    result = check_criteria([NEWCOMER], cand(), facts(registration=registration))
    assert keys(result.reasons) == expected


def test_newcomer_reason_shows_both_dates() -> None:
    result = check_criteria(
        [NEWCOMER], cand(), facts(registration=datetime(2019, 5, 5, 12, tzinfo=UTC))
    )
    assert params(result.reasons[0]) == {"registered": "2019-05-05", "after": "2026-01-01"}


def test_registered_after_counts_the_whole_day() -> None:
    day = date(2026, 1, 1)
    assert registered_after(datetime(2026, 1, 1, 0, 0, tzinfo=MSK), day, MSK)
    assert not registered_after(datetime(2025, 12, 31, 23, 59, tzinfo=MSK), day, MSK)


def test_unknown_time_zone_falls_back_to_utc() -> None:
    assert contest_zone("Mars/Olympus") == UTC
    assert contest_zone("") == UTC
    assert contest_zone("Europe/Moscow") == MSK

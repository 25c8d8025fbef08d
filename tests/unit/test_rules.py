"""Rules: hand-computed points for each rule type, caps and wiki limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import Contribution, PointsLine, Rule
from bot.rules import RuleFacts, build_rule, build_rules, score_rules

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def facts(
    *,
    wiki: str = "ru",
    kind: str = "new",
    bytes_added: int = 0,
    words: int = 0,
    refs: int = 0,
    images: int = 0,
    listed: bool = False,
    first_version: str | None = None,
) -> RuleFacts:
    contribution = Contribution(
        user="Alice",
        wiki=wiki,
        pageid=1,
        kind=kind,
        counted_revids=(10,),
        first_counted=T0,
        last_counted=T0,
        bytes_added=bytes_added,
        words_added=words,
        references_added=refs,
        images_added=images,
    )
    return RuleFacts(
        wiki=wiki,
        kind=kind,
        contribution=contribution,
        listed_here=listed,
        first_version=first_version,
    )


CASES = [
    # (rule, facts, expected points or None for "no line")
    ("new gives its points", Rule("new", 10), facts(kind="new"), 10),
    ("new gives nothing to expanded", Rule("new", 10), facts(kind="expanded"), None),
    ("expanded", Rule("expanded", 4), facts(kind="expanded"), 4),
    ("expanded gives nothing to new", Rule("expanded", 4), facts(kind="new"), None),
    ("kilobyte is fractional", Rule("kilobyte", 1), facts(bytes_added=2500), 2.5),
    ("kilobyte times points", Rule("kilobyte", 2), facts(bytes_added=1234), 2.468),
    ("no bytes, no line", Rule("kilobyte", 2), facts(bytes_added=0), None),
    ("words per hundred", Rule("words", 1), facts(words=340), 3.4),
    ("reference per reference", Rule("reference", 0.5), facts(refs=7), 3.5),
    ("image per image", Rule("image", 2), facts(images=3), 6),
    ("worklist when listed", Rule("worklist", 5), facts(listed=True), 5),
    ("worklist when not listed", Rule("worklist", 5), facts(listed=False), None),
    ("language: a further version", Rule("language", 3), facts(first_version="ru:X"), 3),
    ("language: the first version", Rule("language", 3), facts(first_version=None), None),
    ("max caps", Rule("kilobyte", 1, max=20), facts(bytes_added=35000), 20),
    ("below max untouched", Rule("kilobyte", 1, max=20), facts(bytes_added=3000), 3),
    ("max on a flat rule", Rule("new", 10, max=6), facts(kind="new"), 6),
    ("max on images", Rule("image", 2, max=5), facts(images=4), 5),
    ("wiki limit applies", Rule("new", 10, wiki="tt"), facts(wiki="tt"), 10),
    ("wiki limit excludes", Rule("new", 10, wiki="tt"), facts(wiki="ru"), None),
    ("wiki limit ignores case", Rule("new", 10, wiki="TT"), facts(wiki="tt"), 10),
]


@pytest.mark.parametrize(
    ("rule", "given_facts", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_rule_points(rule: Rule, given_facts: RuleFacts, expected: float | None) -> None:
    built = build_rule(rule)
    assert built is not None
    line = built.score(given_facts)
    if expected is None:
        assert line is None
    else:
        assert line is not None
        assert line.rule == rule.type
        assert line.points == pytest.approx(expected)


def test_details_explain_the_figures() -> None:
    rules, _ = build_rules(
        [Rule("new", 10), Rule("kilobyte", 1), Rule("words", 1), Rule("reference", 1)]
    )
    f = facts(bytes_added=2500, words=340, refs=2)
    assert score_rules(rules, f) == (
        PointsLine("new", 10, ""),
        PointsLine("kilobyte", 2.5, "2500"),
        PointsLine("words", 3.4, "340"),
        PointsLine("reference", 2, "2"),
    )


def test_language_line_names_the_first_version() -> None:
    rules, _ = build_rules([Rule("language", 3)])
    assert score_rules(rules, facts(first_version="ru:Казань")) == (
        PointsLine("language", 3, "ru:Казань"),
    )


def test_unknown_rule_type_is_returned_for_reporting() -> None:
    rules, unknown = build_rules([Rule("new", 1), Rule("bonus", 5)])
    assert [r.rule.type for r in rules] == ["new"]
    assert unknown == (Rule("bonus", 5),)


def test_same_rule_twice_counts_twice() -> None:
    # Two lines on the page are two rules (e.g. a bonus on one wiki): both apply.
    rules, _ = build_rules([Rule("new", 10), Rule("new", 5, wiki="tt")])
    assert sum(line.points for line in score_rules(rules, facts(wiki="tt"))) == 15


@given(
    points=st.floats(min_value=0, max_value=100),
    cap=st.floats(min_value=0, max_value=100),
    amount=st.integers(min_value=0, max_value=10**7),
    rule_type=st.sampled_from(["kilobyte", "words", "reference", "image", "new"]),
)
def test_cap_always_holds(points: float, cap: float, amount: int, rule_type: str) -> None:
    built = build_rule(Rule(rule_type, points, max=cap))
    assert built is not None
    line = built.score(facts(bytes_added=amount, words=amount, refs=amount, images=amount))
    assert line is None or 0 <= line.points <= cap

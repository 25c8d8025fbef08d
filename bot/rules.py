"""Rules: how many points an entry earns (contract §1, "Rules").

One small class per rule type, built from a :class:`bot.model.Rule` by
:func:`build_rule`. Each class only says what it measures (``raw``); the base class
applies the ``wiki =`` limit and the ``max =`` cap, in one place, so no rule can
forget them. Rules hold no state between entries: the same objects score every
participant, in any order, with the same result.

Each rule that gives points yields a :class:`PointsLine` for the leaderboard's
explanation. Its ``rule`` is the rule type (the renderer shows ``rule-<type>``) and
its ``detail`` is language-neutral data, never prose:

=========== ====================================================
rule        detail
=========== ====================================================
new         "" (the article is new)
expanded    "" (the article was expanded)
kilobyte    bytes added, e.g. "2500"
words       words added, e.g. "340"
reference   references added, e.g. "3"
image       images added, e.g. "1"
worklist    "" (this language version is on the worklist)
language    the participant's first version, "wiki:Title"
=========== ====================================================

A rule worth 0 points for an entry gives no line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Contribution, PointsLine, Rule


@dataclass(frozen=True)
class RuleFacts:
    """What the rules look at for one entry (computed by the scorer)."""

    wiki: str
    kind: str  # "new" | "expanded"
    contribution: Contribution
    listed_here: bool = False  # this language version is named on the worklist
    first_version: str | None = None  # "wiki:Title" when this is a further language version


class ScoringRule:
    """A rule from the contest page; subclasses say what one unit of it is."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        """Uncapped points and the line's detail; 0 points when the rule does not apply."""
        raise NotImplementedError

    def score(self, facts: RuleFacts) -> PointsLine | None:
        """Points for one entry: the ``wiki`` limit and the ``max`` cap live here only."""
        limit = (self.rule.wiki or "").strip().lower()
        if limit and facts.wiki.lower() != limit:
            return None
        points, detail = self.raw(facts)
        if self.rule.max is not None:
            points = min(points, self.rule.max)
        if points == 0:
            return None
        return PointsLine(rule=self.rule.type, points=points, detail=detail)


class NewRule(ScoringRule):
    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        return (self.rule.points if facts.kind == "new" else 0.0), ""


class ExpandedRule(ScoringRule):
    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        return (self.rule.points if facts.kind == "expanded" else 0.0), ""


class KilobyteRule(ScoringRule):
    """Fractional: 2,500 bytes give 2.5 times the points."""

    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        added = facts.contribution.bytes_added
        return self.rule.points * added / 1000, str(added)


class WordsRule(ScoringRule):
    """Fractional: 250 words give 2.5 times the points."""

    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        added = facts.contribution.words_added
        return self.rule.points * added / 100, str(added)


class ReferenceRule(ScoringRule):
    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        added = facts.contribution.references_added
        return self.rule.points * added, str(added)


class ImageRule(ScoringRule):
    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        added = facts.contribution.images_added
        return self.rule.points * added, str(added)


class WorklistRule(ScoringRule):
    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        return (self.rule.points if facts.listed_here else 0.0), ""


class LanguageRule(ScoringRule):
    """Each further language version of a topic; which one is first is the scorer's call."""

    def raw(self, facts: RuleFacts) -> tuple[float, str]:
        if facts.first_version is None:
            return 0.0, ""
        return self.rule.points, facts.first_version


RULE_CLASSES: dict[str, type[ScoringRule]] = {
    "new": NewRule,
    "expanded": ExpandedRule,
    "kilobyte": KilobyteRule,
    "words": WordsRule,
    "reference": ReferenceRule,
    "image": ImageRule,
    "worklist": WorklistRule,
    "language": LanguageRule,
}


def build_rule(rule: Rule) -> ScoringRule | None:
    """The rule's class for its type, or None for a type the contract does not have."""
    cls = RULE_CLASSES.get(rule.type)
    return cls(rule) if cls else None


def build_rules(rules: Sequence[Rule]) -> tuple[tuple[ScoringRule, ...], tuple[Rule, ...]]:
    """Scoring rules in page order, and the rules whose type is unknown (to report)."""
    built: list[ScoringRule] = []
    unknown: list[Rule] = []
    for rule in rules:
        scoring = build_rule(rule)
        if scoring is None:
            unknown.append(rule)
        else:
            built.append(scoring)
    return tuple(built), tuple(unknown)


def score_rules(rules: Sequence[ScoringRule], facts: RuleFacts) -> tuple[PointsLine, ...]:
    """The breakdown of one entry's rule points, in page order."""
    lines = (rule.score(facts) for rule in rules)
    return tuple(line for line in lines if line is not None)

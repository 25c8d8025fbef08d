"""The on-wiki contract's vocabulary, written once: templates, their parameters, keywords.

docs/wiki-interface.md is the contract; these are its names as the code knows them
(canonical, English). The parsers check each template's parameters against these
sets, the alias files may only give local names of them (a typo in a TOML file is
caught when it loads), and the kit fills its layouts with them.
"""

from __future__ import annotations

# ------------------------------------------------------------------ templates

MAIN = "Editathon"
RULE = "Editathon rule"
CRITERION = "Editathon criterion"
NOMINATION = "Editathon nomination"
PRIZE = "Editathon prize"
CLOSE = "Editathon close"
PARTICIPANT = "Editathon participant"
TOPIC = "Editathon topic"
DECISION = "Editathon decision"
SUSPEND = "Editathon suspend"
APPROVE = "Editathon approve"  # v1.1 (issue 21): a sponsor approves the package
EXTENSION = "Editathon extension"  # v1.1 (issue 21): more time for some participants

TEMPLATES = (MAIN, RULE, CRITERION, NOMINATION, PRIZE, CLOSE, PARTICIPANT, TOPIC, DECISION, SUSPEND, APPROVE,
             EXTENSION)

# ------------------------------------------------------------------ parameters of each template

# Subpage overrides of {{Editathon}}: parameter -> SubpageNames field. ``jury`` is the
# jury LIST; its page is overridden by ``jury page`` (or by ``jury = /Subpage``).
SUBPAGE_PARAMS = {
    "participants": "participants",
    "worklist": "worklist",
    "jury page": "jury",
    "leaderboard": "leaderboard",
    "queue": "queue",
    "worklist status": "worklist_status",
    "subscribers": "subscribers",
}
# v1.1: every subpage is also overridden by its name with ``page`` (``participants page =``),
# the spelling ``jury page`` already has. Read after the plain name, so it wins over it.
SUBPAGE_PAGE_PARAMS = {
    f"{param} page": attr for param, attr in SUBPAGE_PARAMS.items() if not param.endswith(" page")
}

MAIN_PARAMS = frozenset({
    "start", "end", "timezone", "wikis", "organizers", "jury", "quorum", "review",
    "verdict notices", "parent", "umbrella", "sponsor", "previous", *SUBPAGE_PARAMS,
    *SUBPAGE_PAGE_PARAMS,
})

RULE_TYPES = frozenset({"new", "expanded", "kilobyte", "words", "reference", "image", "worklist", "language"})
RULE_PARAMS = frozenset({"1", "2", "type", "points", "max", "wiki"})

# Parameters each criterion type takes, beyond ``type`` and ``informational``.
CRITERION_PARAMS: dict[str, frozenset[str]] = {
    "new": frozenset({"min bytes", "min words"}),
    "expanded": frozenset({"min added bytes", "min added words", "max start bytes"}),
    "worklist": frozenset(),
    "category": frozenset({"depth"}),
    "namespace": frozenset(),
    "newcomer": frozenset({"registered after"}),
}
CRITERION_COMMON_PARAMS = frozenset({"type", "informational"})

NOMINATION_PARAMS = frozenset({"1", "name", "wikis", "newcomers", "rank by"})
PRIZE_PARAMS = frozenset({"1", "nomination", "places"})
PARTICIPANT_PARAMS = frozenset({"1", "user"})
TOPIC_PARAMS = frozenset({"wikidata"})
DECISION_PARAMS = frozenset({"1", "2", "article", "verdict", "points", "user", "comment"})
SUSPEND_PARAMS = frozenset({"1", "user", "comment"})
EXTENSION_PARAMS = frozenset({"1", "user", "wiki", "until", "comment"})

#: Every named parameter of the contract (positional ones have no local names).
CANONICAL_PARAMS = tuple(sorted({
    p
    for group in (MAIN_PARAMS, RULE_PARAMS, CRITERION_COMMON_PARAMS, *CRITERION_PARAMS.values(),
                  NOMINATION_PARAMS, PRIZE_PARAMS, PARTICIPANT_PARAMS, TOPIC_PARAMS, DECISION_PARAMS,
                  SUSPEND_PARAMS, EXTENSION_PARAMS)
    for p in group
    if not p.isdigit()
}))

# ------------------------------------------------------------------ keyword values

#: Every keyword value of the contract: rule and criterion types, review, booleans,
#: rank by, prizes, verdicts.
CANONICAL_VALUES = (
    "new", "expanded", "kilobyte", "words", "reference", "image", "worklist", "language",
    "category", "namespace", "newcomer",
    "required", "optional", "yes", "no", "points", "entries", "languages", "overall",
    "accept", "reject",
)

"""``User:BOTNAME/Status`` (contract §5): each contest's state and problems, per wiki.

The page is edited only when a state or a problem changes, so it shows no
counters of runs or times of its own; contests are sorted by wiki and title so
the order in which the bot happened to process them does not matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.i18n import Catalog
from bot.model import ContestState, PageRef, Problem
from bot.render.entries import state_key
from bot.render.layout import data_time, fill
from bot.render.links import WikiPrefix, page_link
from bot.render.names import ENGLISH, LocalNames
from bot.render.problems import render_problems, settings_banner

# The status page holds every contest of a wiki: fewer problems each, the rest on the leaderboard.
STATUS_PROBLEM_LIMIT = 20


@dataclass(frozen=True)
class StatusRow:
    """One contest on the status page."""

    contest: PageRef
    state: ContestState | None  # None: the contest page cannot be read as a contest
    problems: tuple[Problem, ...] = ()
    entries: int = 0
    participants: int = 0
    parts: tuple[str, ...] = ()  # numbered parts of its pages too large for one page


def _section(
    row: StatusRow, cat: Catalog, wiki: str, wiki_prefix: WikiPrefix | None, names: LocalNames
) -> str:
    home = row.contest.wiki
    heading = page_link(row.contest.title, home, wiki, wiki_prefix=wiki_prefix)
    state = cat.text(state_key(row.state)) if row.state is not None else cat.text("state-broken")
    line = cat.text("status-contest-line", state=state)
    if row.parts:  # the pages the bot writes beyond the usual ones, so people find and watch them
        line += " " + cat.text("status-parts", count=len(row.parts),
                               pages=cat.join([page_link(t, home, wiki, wiki_prefix=wiki_prefix) for t in row.parts]))
    banner = settings_banner(row.problems, cat, home_wiki=wiki, key="status-settings-kept",
                             wiki_prefix=wiki_prefix, names=names)
    if banner:
        line += "\n\n" + banner
    problems = render_problems(
        row.problems, cat, home_wiki=wiki, wiki_prefix=wiki_prefix, limit=STATUS_PROBLEM_LIMIT,
        names=names,
    )
    if row.problems:
        problems = cat.text("status-problems", count=len(set(row.problems))) + "\n" + problems
    return f"== {heading} ==\n{line}\n\n{problems}"


def render_status_page(
    rows: Sequence[StatusRow],
    cat: Catalog,
    *,
    wiki: str | None = None,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """The wikitext of the bot's status page, one section per contest.

    ``wiki`` is the wiki the page is written on (default: that of the first
    contest); links to pages on other wikis get an interwiki prefix.
    """
    ordered = sorted(set(rows), key=lambda r: (r.contest.wiki, r.contest.title, r.state.value if r.state else ""))
    here = wiki if wiki is not None else (ordered[0].contest.wiki if ordered else "")
    body = "\n\n".join(_section(r, cat, here, wiki_prefix, names) for r in ordered)
    return fill(
        "status",
        notice=cat.text("page-bot-notice"),
        intro=cat.text("status-intro"),
        contests=body or cat.text("status-empty"),
        updated=data_time(cat),
    )

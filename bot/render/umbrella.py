"""An umbrella's ``B/Leaderboard`` (contract §5): rankings and statistics across contests.

Points are not added across contests, whose rules differ; participants are ranked
by counted entries and by languages instead, with the contract's tie rules
(:func:`bot.ranking.rank` does the ordering, so an umbrella ranks exactly like a
contest). An article entered in two contests below the umbrella counts once.
The statistics per contest and per language come from :mod:`bot.stats`, which
also feeds ``editathon report``, so the page and the report always agree.

The caller passes the results of every contest below the umbrella, nested
umbrellas flattened (an umbrella has no entries of its own).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Catalog
from bot.model import ContestResult, ContestSettings, ContestState, Entry, PageRef, Problem, RankBy
from bot.ranking import rank
from bot.render.entries import state_key
from bot.render.layout import REVISION_TIME, fill
from bot.render.links import WikiPrefix, escape_text, page_link, user_link
from bot.render.problems import render_problems
from bot.render.tables import Cell, Column, wikitable
from bot.render.yearly import extras, years_table
from bot.stats import Totals, UmbrellaStats, counted_entries, umbrella_stats
from bot.years import EditionFigures


def _ranking(entries: Sequence[Entry], rank_by: RankBy, cat: Catalog) -> str:
    ranking = rank(entries, nomination=rank_by.value, rank_by=rank_by)
    if not ranking.standings:
        return cat.text("leaderboard-ranking-empty")
    columns = [
        Column(cat.text("leaderboard-col-rank")),
        Column(cat.text("leaderboard-col-participant")),
        Column(cat.text("leaderboard-col-entries")),
        Column(cat.text("leaderboard-col-languages")),
    ]
    rows = [
        [
            Cell(str(s.rank)),
            Cell(user_link(s.user), sort=escape_text(s.user)),
            Cell(cat.number(s.entries), sort=str(s.entries)),
            Cell(cat.number(s.languages), sort=str(s.languages)),
        ]
        for s in sorted(ranking.standings, key=lambda s: (s.rank, s.user.casefold(), s.user))
    ]
    return wikitable(columns, rows)


def _figures(t: Totals, cat: Catalog) -> list[Cell]:
    return [
        Cell(cat.number(t.participants), sort=str(t.participants)),
        Cell(cat.number(t.entries), sort=str(t.entries)),
        Cell(cat.number(t.bytes_added), sort=str(t.bytes_added)),
        Cell(cat.number(t.words_added), sort=str(t.words_added)),
        Cell(cat.number(t.topics), sort=str(t.topics)),
    ]


def _figure_columns(cat: Catalog) -> list[Column]:
    return [
        Column(cat.text("umbrella-col-participants")),
        Column(cat.text("umbrella-col-entries")),
        Column(cat.text("umbrella-col-bytes")),
        Column(cat.text("umbrella-col-words")),
        Column(cat.text("umbrella-col-topics")),
    ]


def _contests(
    stats: UmbrellaStats, home: str, cat: Catalog, wiki_prefix: WikiPrefix | None
) -> str:
    columns = [
        Column(cat.text("umbrella-col-contest")),
        Column(cat.text("umbrella-col-state")),
        *_figure_columns(cat),
        Column(cat.text("umbrella-col-languages")),
    ]
    rows = [
        [
            Cell(page_link(c.title, c.wiki, home, wiki_prefix=wiki_prefix), sort=escape_text(c.title)),
            Cell(cat.text(state_key(c.state))),
            *_figures(c.totals, cat),
            Cell(cat.join(list(c.languages)) or "—", sort=str(len(c.languages))),
        ]
        for c in stats.contests
    ]
    return wikitable(columns, rows)


def _languages(stats: UmbrellaStats, cat: Catalog) -> str:
    columns = [Column(cat.text("umbrella-col-language")), *_figure_columns(cat)]
    rows = [[Cell(lang.wiki), *_figures(lang.totals, cat)] for lang in stats.languages]
    return wikitable(columns, rows) if rows else "—"


def _totals(t: Totals, cat: Catalog) -> str:
    return cat.text(
        "umbrella-totals",
        participants=t.participants,
        entries=t.entries,
        bytes=t.bytes_added,
        words=t.words_added,
        topics=t.topics,
    )


def render_umbrella_leaderboard(
    umbrella: ContestSettings,
    state: ContestState,
    contests: Sequence[ContestResult],
    cat: Catalog,
    *,
    problems: Sequence[Problem] = (),
    wiki_prefix: WikiPrefix | None = None,
    next_edition: PageRef | None = None,
    years: Sequence[EditionFigures] = (),
) -> str:
    """The wikitext of an umbrella's ``B/Leaderboard`` over the ``contests`` below it."""
    home = umbrella.wiki
    stats = umbrella_stats(contests)
    counted = counted_entries(contests)
    if contests:
        body = {
            "contests": _contests(stats, home, cat, wiki_prefix),
            "languages": _languages(stats, cat),
            "by_entries": _ranking(counted, RankBy.ENTRIES, cat),
            "by_languages": _ranking(counted, RankBy.LANGUAGES, cat),
        }
    else:
        empty = cat.text("umbrella-empty")
        body = {"contests": empty, "languages": "—", "by_entries": "—", "by_languages": "—"}
    return fill(
        "umbrella",
        notice=cat.text("page-bot-notice"),
        state=cat.text(
            "leaderboard-state",
            state=cat.text(state_key(state)),
            start=cat.date(umbrella.start),
            end=cat.date(umbrella.end),
            timezone=escape_text(umbrella.timezone),
        )
        + extras(umbrella, (), umbrella.previous, next_edition, cat),
        intro=cat.text("umbrella-intro", count=len(contests))
        + ("\n\n" + _totals(stats.total, cat) if contests else "")
        + ("\n\n" + table if (table := years_table(years, home, cat)) else ""),
        h_by_entries=cat.text("umbrella-heading-by-entries"),
        h_by_languages=cat.text("umbrella-heading-by-languages"),
        h_contests=cat.text("umbrella-heading-contests"),
        h_languages=cat.text("umbrella-heading-languages"),
        h_problems=cat.text("leaderboard-heading-problems"),
        problems=render_problems(problems, cat, home_wiki=home, wiki_prefix=wiki_prefix),
        updated=cat.text("page-data-time", time=REVISION_TIME),
        **body,
    )

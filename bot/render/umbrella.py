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
from datetime import date, timedelta

from bot.i18n import Catalog
from bot.model import ContestResult, ContestSettings, ContestState, Entry, PageRef, Problem, RankBy
from bot.ranking import rank
from bot.render.bars import GREEN, Bar, bar_chart, column_chart
from bot.render.entries import DASH, local_day, started, state_key
from bot.render.layout import data_time
from bot.render.leaderboard import tie_flow
from bot.render.links import WikiPrefix, escape_text, page_link, user_link
from bot.render.names import ENGLISH, LocalNames
from bot.render.parts import Flow, split_page, table_flow
from bot.render.problems import render_problems
from bot.render.tables import Cell, Column, wikitable
from bot.render.yearly import extras, years_table
from bot.stats import Totals, UmbrellaStats, counted_entries, umbrella_stats
from bot.years import EditionFigures


def _order(entries: Sequence[Entry], rank_by: RankBy) -> list[str]:
    ranking = rank(entries, nomination=rank_by.value, rank_by=rank_by)
    return [s.user for s in sorted(ranking.standings, key=lambda s: (s.rank, s.user.casefold(), s.user))]


def _ranking(entries: Sequence[Entry], rank_by: RankBy, cat: Catalog, timezone: str,
             heading: str) -> list[str | Flow]:
    """A ranking across contests: its rows and tie notes may go on over the next part."""
    ranking = rank(entries, nomination=rank_by.value, rank_by=rank_by)
    if not ranking.standings:
        return [cat.text("leaderboard-ranking-empty")]
    columns = [
        Column(cat.text("leaderboard-col-rank")),
        Column(cat.text("leaderboard-col-participant")),
        Column(cat.text("leaderboard-col-entries")),
        Column(cat.text("leaderboard-col-languages")),
    ]
    ordered = sorted(ranking.standings, key=lambda s: (s.rank, s.user.casefold(), s.user))
    rows = [
        [
            Cell(str(s.rank)),
            Cell(user_link(s.user), sort=escape_text(s.user)),
            Cell(cat.number(s.entries), sort=str(s.entries)),
            Cell(cat.number(s.languages), sort=str(s.languages)),
        ]
        for s in ordered
    ]
    ties = tie_flow(ordered, rank_by, cat, timezone, heading)
    return [table_flow(heading, columns, rows), *([ties] if ties else [])]


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


def _period(settings: ContestSettings, cat: Catalog) -> str:
    """A contest's period in its own time zone, the zone named."""
    return cat.text(
        "umbrella-period",
        start=cat.date(settings.start),
        end=cat.date(settings.end),
        timezone=escape_text(settings.timezone),
    )


def _contests(
    stats: UmbrellaStats,
    results: Sequence[ContestResult],
    home: str,
    cat: Catalog,
    wiki_prefix: WikiPrefix | None,
) -> str:
    """One row per contest: its state, its period (in its own zone), figures and the
    languages it runs in (its ``wikis``, those with counted entries in bold)."""
    settings = {(r.settings.wiki, r.settings.title): r.settings for r in results}
    columns = [
        Column(cat.text("umbrella-col-contest")),
        Column(cat.text("umbrella-col-state")),
        Column(cat.text("umbrella-col-period")),
        *_figure_columns(cat),
        Column(cat.text("umbrella-col-languages")),
    ]
    rows = []
    for c in stats.contests:
        own = settings[(c.wiki, c.title)]
        wikis = list(own.wikis or (own.wiki,))
        shown = [f"<b>{w}</b>" if w in c.languages else w for w in wikis]
        rows.append(
            [
                Cell(page_link(c.title, c.wiki, home, wiki_prefix=wiki_prefix), sort=escape_text(c.title)),
                Cell(cat.text(state_key(c.state))),
                Cell(_period(own, cat), sort=own.start.isoformat()),
                *_figures(c.totals, cat),
                Cell(cat.join(shown) or DASH, sort=str(len(wikis))),
            ]
        )
    return wikitable(columns, rows) + "\n" + cat.text("umbrella-languages-note")


def _short_title(title: str) -> str:
    """The last part of a contest's title (``.../Kazan`` -> ``Kazan``), for a chart label."""
    return title.rsplit("/", 1)[-1]


def _day_counts(entries: Sequence[Entry], timezone: str) -> dict[date, int]:
    counts: dict[date, int] = {}
    for e in entries:
        when = started(e)
        if when is not None:
            day = local_day(when, timezone)
            counts[day] = counts.get(day, 0) + 1
    return counts


def _charts(
    stats: UmbrellaStats, counted: Sequence[Entry], umbrella: ContestSettings, cat: Catalog
) -> str:
    """Counted entries per contest, per language and per day, as bars."""
    parts = [
        bar_chart(
            cat.text("chart-entries-per-contest"),
            [Bar(escape_text(_short_title(c.title)), c.totals.entries, cat.number(c.totals.entries))
             for c in stats.contests],
        ),
        bar_chart(
            cat.text("chart-entries-per-language"),
            [Bar(lang.wiki, lang.totals.entries, cat.number(lang.totals.entries)) for lang in stats.languages],
            colour=GREEN,
        ),
    ]
    counts = _day_counts(counted, umbrella.timezone)
    if counts:
        first, last = min([*counts, umbrella.start]), max(counts)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        columns = [Bar(cat.date(d), counts.get(d, 0), cat.number(counts.get(d, 0))) for d in days]
        best = max(days, key=lambda d: (counts.get(d, 0), -d.toordinal()))
        parts.append(column_chart(
            cat.text("chart-entries-per-day", timezone=escape_text(umbrella.timezone)),
            columns,
            note=cat.text("chart-entries-per-day-note", total=sum(counts.values()), best=counts[best],
                          day=cat.date(best), days=len(days)),
        ))
    return "\n".join(p for p in parts if p)


def _languages(stats: UmbrellaStats, cat: Catalog) -> str:
    columns = [Column(cat.text("umbrella-col-language")), *_figure_columns(cat)]
    rows = [[Cell(lang.wiki), *_figures(lang.totals, cat)] for lang in stats.languages]
    return wikitable(columns, rows) if rows else DASH


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
    names: LocalNames = ENGLISH,
) -> str:
    """The wikitext of an umbrella's ``B/Leaderboard`` over the ``contests`` below it, on one page."""
    return render_umbrella_parts(umbrella, state, contests, cat, problems=problems, wiki_prefix=wiki_prefix,
                                 next_edition=next_edition, years=years, names=names)[0]


def render_umbrella_parts(
    umbrella: ContestSettings,
    state: ContestState,
    contests: Sequence[ContestResult],
    cat: Catalog,
    *,
    problems: Sequence[Problem] = (),
    wiki_prefix: WikiPrefix | None = None,
    next_edition: PageRef | None = None,
    years: Sequence[EditionFigures] = (),
    names: LocalNames = ENGLISH,
    budget: int | None = None,
) -> list[str]:
    """An umbrella's ``B/Leaderboard`` as parts of at most ``budget`` bytes each
    (:mod:`bot.render.parts`): the two rankings' rows go on over ``B/Leaderboard/2`` ...;
    the figures per contest and language, the charts and the problems stay on the first."""
    home = umbrella.wiki
    stats = umbrella_stats(contests)
    counted = counted_entries(contests)
    pieces: dict[str, list[str | Flow]]
    if contests:
        same = _order(counted, RankBy.ENTRIES) == _order(counted, RankBy.LANGUAGES)
        body = {
            "contests": _contests(stats, contests, home, cat, wiki_prefix),
            "languages": _languages(stats, cat),
            "charts": _charts(stats, counted, umbrella, cat),
        }
        pieces = {
            "by_entries": _ranking(counted, RankBy.ENTRIES, cat, umbrella.timezone,
                                   f"== {cat.text('umbrella-heading-by-entries')} =="),
            "by_languages": [*_ranking(counted, RankBy.LANGUAGES, cat, umbrella.timezone,
                                       f"== {cat.text('umbrella-heading-by-languages')} =="),
                             *(["\n\n" + cat.text("umbrella-rankings-same")] if same and counted else [])],
        }
    else:
        empty = cat.text("umbrella-empty")
        body = {"contests": empty, "languages": DASH, "charts": ""}
        pieces = {"by_entries": [DASH], "by_languages": [DASH]}
    fixed = dict(
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
        by_entries_note=cat.text("umbrella-by-entries-note"),
        h_by_languages=cat.text("umbrella-heading-by-languages"),
        by_languages_note=cat.text("umbrella-by-languages-note"),
        h_contests=cat.text("umbrella-heading-contests"),
        h_languages=cat.text("umbrella-heading-languages"),
        h_problems=cat.text("leaderboard-heading-problems"),
        problems=render_problems(problems, cat, home_wiki=home, wiki_prefix=wiki_prefix, names=names),
        updated=data_time(cat),
        **body,
    )
    return split_page("umbrella", fixed, pieces, cat, title=umbrella.subpages.leaderboard, budget=budget)

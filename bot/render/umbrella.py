"""An umbrella's ``B/Leaderboard`` (contract §5): rankings and statistics across contests.

Points are not added across contests, whose rules differ; participants are ranked
by counted entries and by languages instead, with the contract's tie rules
(:func:`bot.ranking.rank` does the ordering, so an umbrella ranks exactly like a
contest). An article entered in two contests below the umbrella counts once.

The caller passes the results of every contest below the umbrella, nested
umbrellas flattened (an umbrella has no entries of its own).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Catalog
from bot.model import SCORING, ContestResult, ContestSettings, ContestState, Entry, Problem, RankBy
from bot.ranking import rank
from bot.render.entries import state_key
from bot.render.layout import REVISION_TIME, fill
from bot.render.links import WikiPrefix, escape_text, page_link, user_link
from bot.render.problems import render_problems
from bot.render.tables import Cell, Column, wikitable


def _counted(contests: Sequence[ContestResult]) -> list[Entry]:
    """Scoring entries of every contest, each (user, article) once."""
    seen: dict[tuple[str, str, int], Entry] = {}
    for result in sorted(contests, key=lambda r: (r.settings.wiki, r.settings.title)):
        for e in result.entries:
            if e.status in SCORING:
                seen.setdefault((e.user, e.wiki, e.pageid), e)
    return [seen[k] for k in sorted(seen)]


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


def _contests(
    contests: Sequence[ContestResult], home: str, cat: Catalog, wiki_prefix: WikiPrefix | None
) -> str:
    columns = [
        Column(cat.text("umbrella-col-contest")),
        Column(cat.text("umbrella-col-state")),
        Column(cat.text("umbrella-col-participants")),
        Column(cat.text("umbrella-col-entries")),
        Column(cat.text("umbrella-col-languages")),
    ]
    rows = []
    for r in sorted(contests, key=lambda r: (r.settings.wiki, r.settings.title)):
        counted = _counted([r])
        languages = sorted({e.wiki for e in counted})
        rows.append(
            [
                Cell(
                    page_link(r.settings.title, r.settings.wiki, home, wiki_prefix=wiki_prefix),
                    sort=escape_text(r.settings.title),
                ),
                Cell(cat.text(state_key(r.state))),
                Cell(cat.number(len(set(r.participants))), sort=str(len(set(r.participants)))),
                Cell(cat.number(len(counted)), sort=str(len(counted))),
                Cell(cat.join(languages) or "—", sort=str(len(languages))),
            ]
        )
    return wikitable(columns, rows)


def _languages(entries: Sequence[Entry], cat: Catalog) -> str:
    columns = [
        Column(cat.text("umbrella-col-language")),
        Column(cat.text("umbrella-col-entries")),
        Column(cat.text("umbrella-col-participants")),
    ]
    rows = []
    for wiki in sorted({e.wiki for e in entries}):
        mine = [e for e in entries if e.wiki == wiki]
        authors = len({e.user for e in mine})
        rows.append(
            [
                Cell(wiki),
                Cell(cat.number(len(mine)), sort=str(len(mine))),
                Cell(cat.number(authors), sort=str(authors)),
            ]
        )
    return wikitable(columns, rows) if rows else "—"


def render_umbrella_leaderboard(
    umbrella: ContestSettings,
    state: ContestState,
    contests: Sequence[ContestResult],
    cat: Catalog,
    *,
    problems: Sequence[Problem] = (),
    wiki_prefix: WikiPrefix | None = None,
) -> str:
    """The wikitext of an umbrella's ``B/Leaderboard`` over the ``contests`` below it."""
    home = umbrella.wiki
    counted = _counted(contests)
    if contests:
        body = {
            "contests": _contests(contests, home, cat, wiki_prefix),
            "languages": _languages(counted, cat),
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
        ),
        intro=cat.text("umbrella-intro", count=len(contests)),
        h_by_entries=cat.text("umbrella-heading-by-entries"),
        h_by_languages=cat.text("umbrella-heading-by-languages"),
        h_contests=cat.text("umbrella-heading-contests"),
        h_languages=cat.text("umbrella-heading-languages"),
        h_problems=cat.text("leaderboard-heading-problems"),
        problems=render_problems(problems, cat, home_wiki=home, wiki_prefix=wiki_prefix),
        updated=cat.text("page-data-time", time=REVISION_TIME),
        **body,
    )

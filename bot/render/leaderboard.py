"""``B/Leaderboard`` (contract §5): state, rankings, everyone's entries, problems.

The page must be byte-identical for the same results (the bot edits it only when
its content changes), so everything is sorted by the data itself and nothing
here reads the clock: the time of the data is the page's own revision time.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import Catalog
from bot.model import (
    OVERALL,
    SCORING,
    ContestResult,
    Entry,
    Nomination,
    Problem,
    RankBy,
    Ranking,
    Standing,
)
from bot.render.bars import GREEN, Bar, bar_chart
from bot.render.entries import (
    DASH,
    breakdown_text,
    kind_key,
    reasons_text,
    state_key,
    status_key,
)
from bot.render.layout import data_time
from bot.render.links import WikiPrefix, escape_text, page_link, user_link
from bot.render.names import ENGLISH, LocalNames
from bot.render.parts import Flow, split_page, table_flow
from bot.render.problems import render_problems, settings_banner
from bot.render.tables import Cell, Column, wikitable
from bot.render.yearly import extras

#: The leaderboard's chart shows at most this many participants (the rest are in the table).
CHART_ROWS = 15


def _user_order(user: str) -> tuple[str, str]:
    return (user.casefold(), user)


def _wiki_order(wikis: Sequence[str]) -> dict[str, int]:
    return {w: i for i, w in enumerate(wikis)}


def _by_user(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    """Each participant's entries, in the order given: one pass, so a page renders in
    time linear in its entries (not participants x entries)."""
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.user, []).append(e)
    return out


def _languages(
    user: str, entries: Sequence[Entry], wikis: Sequence[str], allowed: Sequence[str]
) -> list[str]:
    """Language codes of a user's scoring entries (within a nomination's wikis)."""
    order = _wiki_order(wikis)
    codes = {
        e.wiki
        for e in entries
        if e.user == user and e.status in SCORING and (not allowed or e.wiki in allowed)
    }
    return sorted(codes, key=lambda w: (order.get(w, len(order)), w))


def _ranking_pieces(
    ranking: Ranking, result: ContestResult, cat: Catalog, allowed: Sequence[str], *, lead: str
) -> list[str | Flow]:
    """A ranking's table (rows may go on over the next part) and its tie notes."""
    if not ranking.standings:
        return [lead + cat.text("leaderboard-ranking-empty")]
    columns = [
        Column(cat.text("leaderboard-col-rank")),
        Column(cat.text("leaderboard-col-participant")),
        Column(cat.text("leaderboard-col-points")),
        Column(cat.text("leaderboard-col-entries")),
        Column(cat.text("leaderboard-col-languages")),
    ]
    rows = []
    ordered = sorted(ranking.standings, key=lambda s: (s.rank, _user_order(s.user)))
    mine = _by_user(result.entries)
    for s in ordered:
        codes = _languages(s.user, mine.get(s.user, ()), result.settings.wikis, allowed)
        languages = cat.number(s.languages) + (f" ({cat.join(codes)})" if codes else "")
        rows.append(
            [
                Cell(str(s.rank)),
                Cell(user_link(s.user), sort=escape_text(s.user)),
                Cell(cat.number(s.points), sort=f"{s.points:.1f}"),
                Cell(cat.number(s.entries), sort=str(s.entries)),
                Cell(languages, sort=str(s.languages)),
            ]
        )
    heading = f"== {cat.text('leaderboard-heading-ranking')} =="
    ties = tie_flow(ordered, ranking.rank_by, cat, result.settings.timezone, heading)
    return [table_flow(heading, columns, rows, lead=lead), *([ties] if ties else [])]


def _primary(s: Standing, rank_by: RankBy) -> float:
    return {RankBy.ENTRIES: s.entries, RankBy.LANGUAGES: s.languages}.get(rank_by, s.points)


def _moment(when: datetime | None, timezone: str) -> str:
    if when is None:
        return DASH
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def tie_lines(ordered: Sequence[Standing], rank_by: RankBy, cat: Catalog, timezone: str) -> list[str]:
    """Why participants equal on the ranking figure stand in this order (contract §1:
    more counted entries first, then the earlier last counted entry), one line per
    pair of neighbours, saying which rule broke the tie, or that none could."""
    notes = []
    for above, below in itertools.pairwise(ordered):
        if _primary(above, rank_by) != _primary(below, rank_by):
            continue
        names = {"above": user_link(above.user), "below": user_link(below.user)}
        if above.rank == below.rank:
            notes.append(cat.text("leaderboard-tie-shared", **names))
        elif above.entries != below.entries:
            notes.append(cat.text("leaderboard-tie-entries", **names,
                                  a=above.entries, b=below.entries))
        else:
            notes.append(cat.text("leaderboard-tie-last", **names,
                                  a=_moment(above.last_counted, timezone),
                                  b=_moment(below.last_counted, timezone),
                                  timezone=escape_text(timezone)))
    return notes


def tie_notes(ordered: Sequence[Standing], rank_by: RankBy, cat: Catalog, timezone: str) -> str:
    """The tie notes as one text: a heading and one line per tie ("" when none)."""
    notes = tie_lines(ordered, rank_by, cat, timezone)
    if not notes:
        return ""
    return "\n".join(["", cat.text("leaderboard-tie-heading"), *(f"* {n}" for n in notes)])


def tie_flow(ordered: Sequence[Standing], rank_by: RankBy, cat: Catalog, timezone: str,
             heading: str) -> Flow | None:
    """The tie notes after a ranking's table, one block a line (None: no ties)."""
    notes = tie_lines(ordered, rank_by, cat, timezone)
    if not notes:
        return None
    return Flow(heading=heading, blocks=tuple(f"* {n}" for n in notes),
                lead="\n\n" + cat.text("leaderboard-tie-heading") + "\n")


def _charts(result: ContestResult, overall: Ranking | None, cat: Catalog) -> str:
    """Points per participant and counted entries per language, as bars."""
    parts = []
    if overall is not None and overall.standings:
        top = sorted(overall.standings, key=lambda s: (s.rank, _user_order(s.user)))[:CHART_ROWS]
        parts.append(bar_chart(
            cat.text("chart-points-per-participant"),
            [Bar(escape_text(s.user), s.points, cat.number(s.points)) for s in top],
        ))
    counts: dict[str, int] = {}
    for e in result.entries:
        if e.status in SCORING:
            counts[e.wiki] = counts.get(e.wiki, 0) + 1
    if counts:
        order = _wiki_order(result.settings.wikis)
        wikis = sorted(counts, key=lambda w: (order.get(w, len(order)), w))
        parts.append(bar_chart(
            cat.text("chart-entries-per-language"),
            [Bar(w, counts[w], cat.number(counts[w])) for w in wikis],
            colour=GREEN,
        ))
    return "\n".join(parts)


def _nomination_notes(ranking: Ranking, nomination: Nomination | None, cat: Catalog) -> str:
    notes = [cat.text("leaderboard-rank-by", by=cat.text(f"rank-by-{ranking.rank_by.value}"))]
    if nomination is not None and nomination.wikis:
        notes.append(cat.text("leaderboard-nomination-wikis", wikis=cat.join(nomination.wikis)))
    if nomination is not None and nomination.newcomers is not None:
        notes.append(
            cat.text("leaderboard-nomination-newcomers", date=cat.date(nomination.newcomers))
        )
    return " ".join(notes)


def _nominations(result: ContestResult, cat: Catalog) -> list[str | Flow]:
    by_name = {n.name: n for n in result.settings.nominations}
    parts: list[str | Flow] = []
    for ranking in result.rankings:
        if ranking.nomination == OVERALL:
            continue
        nomination = by_name.get(ranking.nomination)
        allowed = nomination.wikis if nomination is not None else ()
        lead = (
            ("\n\n" if parts else "")
            + f"=== {escape_text(ranking.nomination)} ===\n"
            + _nomination_notes(ranking, nomination, cat)
            + "\n\n"
        )
        parts += _ranking_pieces(ranking, result, cat, allowed, lead=lead)
    return parts


def _overall(result: ContestResult) -> Ranking | None:
    return next((r for r in result.rankings if r.nomination == OVERALL), None)


def _unranked(result: ContestResult, overall: Ranking | None, cat: Catalog) -> str:
    """Participants after the ranking: signed up but with no counted entry (yet)."""
    ranked = {s.user for s in overall.standings} if overall else set()
    seen: set[str] = set()
    users = []
    for user in result.participants:
        if user not in ranked and user not in seen:
            seen.add(user)
            users.append(user)
    if not users:
        return ""
    return cat.text(
        "leaderboard-unranked", count=len(users), users=cat.join([user_link(u) for u in users])
    )


def _entry_row(
    entry: Entry, result: ContestResult, cat: Catalog, wiki_prefix: WikiPrefix | None
) -> list[Cell]:
    home = result.settings.wiki
    scoring = entry.status in SCORING
    return [
        Cell(
            page_link(entry.title, entry.wiki, home, wiki_prefix=wiki_prefix),
            sort=escape_text(entry.title),
        ),
        Cell(entry.wiki),
        Cell(cat.text(kind_key(entry.kind))),
        Cell(
            cat.number(entry.points) if scoring else DASH,
            sort=f"{entry.points if scoring else -1:.1f}",
        ),
        Cell(cat.text(status_key(entry.status))),
        Cell(reasons_text(entry, cat)),
        Cell(breakdown_text(entry, cat) if scoring else DASH),
    ]


def _entries(
    result: ContestResult, overall: Ranking | None, cat: Catalog, wiki_prefix: WikiPrefix | None
) -> list[str | Flow]:
    """Each participant's entries: ranked participants in rank order, then the rest."""
    standings: dict[str, Standing] = {s.user: s for s in overall.standings} if overall else {}
    by_user = _by_user(result.entries)
    users = set(by_user)
    if not users:
        return [cat.text("leaderboard-entries-empty")]
    order = sorted(
        users,
        key=lambda u: (
            (0, standings[u].rank) if u in standings else (1, 0),
            _user_order(u),
        ),
    )
    columns = [
        Column(cat.text("leaderboard-col-article")),
        Column(cat.text("leaderboard-col-language")),
        Column(cat.text("leaderboard-col-kind")),
        Column(cat.text("leaderboard-col-points")),
        Column(cat.text("leaderboard-col-status")),
        Column(cat.text("leaderboard-col-reason"), sortable=False),
        Column(cat.text("leaderboard-col-breakdown"), sortable=False),
    ]
    wiki_rank = _wiki_order(result.settings.wikis)
    sections = []
    for user in order:
        mine = sorted(
            by_user[user],
            key=lambda e: (
                e.status not in SCORING,
                -round(e.points, 1),
                wiki_rank.get(e.wiki, len(wiki_rank)),
                e.wiki,
                e.title,
                e.pageid,
            ),
        )
        standing = standings.get(user)
        summary = cat.text(
            "leaderboard-participant-summary",
            points=standing.points if standing else 0,
            entries=standing.entries if standing else 0,
            total=len(mine),
        )
        rows = [_entry_row(e, result, cat, wiki_prefix) for e in mine]
        sections.append(f"=== {user_link(user)} ===\n{summary}\n\n{wikitable(columns, rows)}")
    # Each participant's entries are one block: all on one part, never cut.
    return [Flow(heading=f"== {cat.text('leaderboard-heading-entries')} ==", blocks=tuple(sections), sep="\n\n")]


def render_leaderboard(
    result: ContestResult,
    cat: Catalog,
    *,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """The wikitext of ``B/Leaderboard`` for ``result``, in ``cat``'s language, on one page.

    ``wiki_prefix`` maps a wiki code to the interwiki prefix that reaches it from
    the home wiki (default: the code itself, as on Wikimedia wikis).
    """
    return render_leaderboard_parts(result, cat, wiki_prefix=wiki_prefix, names=names)[0]


def render_leaderboard_parts(
    result: ContestResult,
    cat: Catalog,
    *,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
    budget: int | None = None,
) -> list[str]:
    """``B/Leaderboard`` as parts of at most ``budget`` bytes each (:mod:`bot.render.parts`):
    the first is ``B/Leaderboard`` itself, the N-th ``B/Leaderboard/N``. The rankings'
    rows and the participants' entries go on over the parts; the state, the charts and
    the problems stay on the first. None: one page, whatever its size.
    """
    s = result.settings
    overall = _overall(result)
    banner = settings_banner(result.problems, cat, home_wiki=s.wiki, wiki_prefix=wiki_prefix, names=names)
    fixed = dict(
        notice=cat.text("page-bot-notice"),
        state=(banner + "\n\n" if banner else "") + cat.text(
            "leaderboard-state",
            state=cat.text(state_key(result.state)),
            start=cat.date(s.start),
            end=cat.date(s.end),
            timezone=escape_text(s.timezone),
        )
        + extras(s, result.extensions, result.previous, result.next, cat),
        h_ranking=cat.text("leaderboard-heading-ranking"),
        unranked=_unranked(result, overall, cat),
        charts=_charts(result, overall, cat),
        h_entries=cat.text("leaderboard-heading-entries"),
        h_problems=cat.text("leaderboard-heading-problems"),
        problems=render_problems(
            result.problems, cat, home_wiki=s.wiki, wiki_prefix=wiki_prefix, names=names
        ),
        updated=data_time(cat),
    )
    pieces: dict[str, list[str | Flow]] = {
        "ranking": (
            _ranking_pieces(overall, result, cat, (), lead=_nomination_notes(overall, None, cat) + "\n\n")
            if overall is not None
            else [cat.text("leaderboard-ranking-empty")]
        ),
        "nominations": _nominations(result, cat),
        "entries": _entries(result, overall, cat, wiki_prefix),
    }
    return split_page("leaderboard", fixed, pieces, cat, title=s.subpages.leaderboard, budget=budget)


def render_broken_leaderboard(
    title: str,
    problems: Sequence[Problem],
    cat: Catalog,
    *,
    home_wiki: str,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """The leaderboard of a contest whose page cannot be read as a contest: only why.

    Organizers look at the leaderboard first; an empty or stale one would hide that
    the bot has stopped scoring until the contest page is fixed.
    """
    return "\n\n".join(
        [
            cat.text("page-bot-notice"),
            cat.text("leaderboard-broken", contest=escape_text(title)),
            f"== {cat.text('leaderboard-heading-problems')} ==",
            render_problems(problems, cat, home_wiki=home_wiki, wiki_prefix=wiki_prefix, names=names),
            data_time(cat),
        ]
    )

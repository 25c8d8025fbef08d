"""The contest page ``B``: ``{{Editathon}}`` and its rules, criteria, nominations, prizes.

Contract §1 is the spec. Organizers type this page by hand in three languages, so
every value that cannot be read becomes a Problem naming the parameter and the text
found, and a default is used where one is safe; only what has no safe default
(``start``/``end``, or the template itself) makes the whole page unusable (None).
Unknown parameters are reported too: a typo such as ``| jurry = Dan`` would
otherwise leave a contest without its jury and nobody would know why.
"""

from __future__ import annotations

from bot.aliases import Aliases
from bot.contract import (
    APPROVE,
    CLOSE,
    CRITERION,
    MAIN,
    MAIN_PARAMS,
    NOMINATION,
    PRIZE,
    RULE,
)
from bot.model import (
    ContestSettings,
    Problem,
    Review,
)
from bot.parse.common import Args, Reporter, find_templates, logical_lines
from bot.parse.contest_fields import (
    Context,
    read_bool,
    read_date,
    read_jury,
    read_keyword,
    read_parent,
    read_quorum,
    read_subpages,
    read_timezone,
    read_users,
    read_wikis,
)
from bot.parse.contest_rules import read_criterion, read_nominations, read_prizes, read_rule

_REVIEW = {"required": Review.REQUIRED, "optional": Review.OPTIONAL}


def is_contest_page(text: str, aliases: Aliases) -> bool:
    """Whether the page holds an ``{{Editathon}}`` template (in any alias)."""
    found, unclosed = find_templates(logical_lines(text), aliases)
    # An unclosed ``{{Editathon`` is a contest page too: its organizers must be told.
    return any(f.name == MAIN for f in found) or any(name == MAIN for name, _ in unclosed)


def find_close(text: str, aliases: Aliases) -> bool:
    """Whether the page holds ``{{Editathon close}}``."""
    found, _ = find_templates(logical_lines(text), aliases)
    return any(f.name == CLOSE for f in found)


def count_closes(text: str, aliases: Aliases) -> int:
    """How many ``{{Editathon close}}`` the page holds (a second one added is a close attempt too)."""
    found, _ = find_templates(logical_lines(text), aliases)
    return sum(1 for f in found if f.name == CLOSE)


def count_approvals(text: str, aliases: Aliases) -> int:
    """How many ``{{Editathon approve}}`` the page holds (issue 21)."""
    found, _ = find_templates(logical_lines(text), aliases)
    return sum(1 for f in found if f.name == APPROVE)


def parse_contest(
    text: str,
    *,
    wiki: str,
    title: str,
    aliases: Aliases,
    default_timezone: str,
    known_wikis: frozenset[str],
    revid: int | None = None,
) -> tuple[ContestSettings | None, list[Problem]]:
    """The settings of contest page ``title`` on ``wiki``, and the problems found.

    Returns None (with problems) when the page has no ``{{Editathon}}`` or its
    period cannot be read: a contest without dates cannot be run at all.
    """
    ctx = Context(wiki, title, aliases, known_wikis, Reporter(wiki, title, revid))
    found, unclosed = find_templates(logical_lines(text), aliases)
    ctx.report.unclosed(unclosed)

    mains = [f for f in found if f.name == MAIN]
    if not mains:
        if not any(name == MAIN for name, _ in unclosed):  # else "not closed" says it all
            ctx.report.add("parse-contest-missing-template", template=MAIN)
        return None, ctx.report.sorted()
    for extra in mains[1:]:
        ctx.report.add("parse-contest-duplicate-template", extra.line, template=MAIN)
    main = mains[0]
    args = Args.of(main.template, aliases, main.line)
    ctx.report.unknown_params(main, args, MAIN_PARAMS)

    start = read_date(ctx, main, args, "start", required=True)
    end = read_date(ctx, main, args, "end", required=True)
    if start is not None and end is not None and end < start:
        ctx.report.add("parse-contest-end-before-start", main.line, start=start, end=end)
        start = None
    ctx.contest_wikis = read_wikis(ctx, main, args, "wikis") or (wiki,)

    rules = tuple(r for f in found if f.name == RULE and (r := read_rule(ctx, f)) is not None)
    criteria = tuple(
        c for f in found if f.name == CRITERION and (c := read_criterion(ctx, f)) is not None
    )
    nominations = read_nominations(ctx, [f for f in found if f.name == NOMINATION])
    prizes = read_prizes(ctx, [f for f in found if f.name == PRIZE])

    # Every value is read (and its problems reported) even when the dates are bad,
    # so the organizer sees all that is wrong at once.
    timezone = read_timezone(ctx, main, args, default_timezone)
    organizers = read_users(ctx, main, args, "organizers")
    jury = read_jury(ctx, main, args)
    quorum = read_quorum(ctx, main, args)
    review = read_keyword(ctx, main, args, "review", _REVIEW, Review.OPTIONAL)
    verdict_notices = read_bool(ctx, main, args, "verdict notices", False)
    parent = read_parent(ctx, main, args)
    previous = read_parent(ctx, main, args, "previous")
    sponsors = read_users(ctx, main, args, "sponsor")
    umbrella = read_bool(ctx, main, args, "umbrella", False)
    pages = read_subpages(ctx, main, args)
    if start is None or end is None:
        return None, ctx.report.sorted()
    settings = ContestSettings(
        wiki=wiki,
        title=title,
        start=start,
        end=end,
        timezone=timezone,
        wikis=ctx.contest_wikis,
        organizers=organizers,
        jury=jury,
        quorum=quorum,
        review=review,
        verdict_notices=verdict_notices,
        parent=parent,
        umbrella=umbrella,
        closed=any(f.name == CLOSE for f in found),
        pages=pages,
        rules=rules,
        criteria=criteria,
        nominations=nominations,
        prizes=prizes,
        revid=revid,
        sponsors=sponsors,
        previous=previous,
    )
    return settings, ctx.report.sorted()



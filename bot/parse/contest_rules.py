"""Rules, criteria, nominations and prizes of a contest page (contract §1).

Each template becomes its model record or None, with a problem naming what could
not be read; the values are read with :mod:`bot.parse.contest_fields`.
"""

from __future__ import annotations

from bot.aliases import normalize_key
from bot.contract import (
    CRITERION_COMMON_PARAMS,
    CRITERION_PARAMS,
    NOMINATION_PARAMS,
    PRIZE_PARAMS,
    RULE_PARAMS,
    RULE_TYPES,
)
from bot.model import (
    OVERALL,
    CategoryRef,
    Criterion,
    Nomination,
    Prize,
    RankBy,
    Rule,
)
from bot.parse.common import Args, FoundTemplate
from bot.parse.contest_fields import (
    Context,
    read_bool,
    read_count,
    read_date,
    read_keyword,
    read_number,
    read_one_wiki,
    read_type,
    read_wikis,
)
from bot.parse.names import CATEGORY_NAMESPACES, normalize_page, split_wiki_prefix, strip_namespace
from bot.parse.values import parse_int, split_list

_RANK_BY = {"points": RankBy.POINTS, "entries": RankBy.ENTRIES, "languages": RankBy.LANGUAGES}


def read_rule(ctx: Context, f: FoundTemplate) -> Rule | None:
    args = Args.of(f.template, ctx.aliases, f.line)
    ctx.report.unknown_params(f, args, RULE_PARAMS)
    kind, first = read_type(ctx, f, args, RULE_TYPES)
    points_param = str(first) if args.has(str(first)) else "points"
    if not args.has(points_param):
        ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="points")
        return None
    points = read_number(ctx, f, args, points_param, "points")
    cap = read_number(ctx, f, args, "max")
    ok, wiki = read_one_wiki(ctx, f, args)
    if kind is None or points is None or not ok:
        return None
    return Rule(type=kind, points=points, max=cap, wiki=wiki)


def read_criterion(ctx: Context, f: FoundTemplate) -> Criterion | None:
    args = Args.of(f.template, ctx.aliases, f.line)
    kind, first = read_type(ctx, f, args, frozenset(CRITERION_PARAMS))
    if kind is None:
        return None
    allowed = CRITERION_PARAMS[kind] | CRITERION_COMMON_PARAMS | ({"1"} if first == 2 else set())
    positional = [k for k in args.values if k.isdigit() and int(k) >= first]
    if kind in ("category", "namespace"):
        allowed |= set(positional)
    ctx.report.unknown_params(f, args, frozenset(allowed))
    informational = read_bool(ctx, f, args, "informational", False)

    if kind == "category":
        categories = read_categories(ctx, f, args, first)
        if not categories:
            ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="category")
            return None
        depth = read_count(ctx, f, args, "depth")
        return Criterion(
            type=kind,
            informational=informational,
            categories=categories,
            depth=3 if depth is None else depth,
        )
    if kind == "namespace":
        namespaces: list[int] = []
        for item in (n for v in args.positional(first) for n in split_list(v)):
            number = parse_int(item)
            if number is None:
                ctx.report.add("parse-contest-bad-number", f.line, param="namespace", value=item)
            elif number not in namespaces:
                namespaces.append(number)
        return Criterion(
            type=kind, informational=informational, namespaces=tuple(namespaces) or (0,)
        )
    if kind == "newcomer":
        after = read_date(ctx, f, args, "registered after", required=True)
        if after is None:
            return None
        return Criterion(type=kind, informational=informational, registered_after=after)

    # new / expanded / worklist: only the size limits of this type are read.
    def limit(param: str) -> int | None:
        return read_count(ctx, f, args, param) if param in CRITERION_PARAMS[kind] else None

    return Criterion(
        type=kind,
        informational=informational,
        min_bytes=limit("min bytes"),
        min_words=limit("min words"),
        min_added_bytes=limit("min added bytes"),
        min_added_words=limit("min added words"),
        max_start_bytes=limit("max start bytes"),
    )


def read_categories(ctx: Context, f: FoundTemplate, args: Args, first: int) -> tuple[CategoryRef, ...]:
    """Positional category names, each ``Name``, ``Category:Name`` or ``tt:Name``."""
    out: list[CategoryRef] = []
    for value in args.positional(first):
        target = split_wiki_prefix(value.strip("[]"), ctx.known_wikis)
        if target.prefix is not None and not target.known:
            ctx.report.add("parse-contest-unknown-wiki", f.line, param="category", value=value)
            continue
        name = normalize_page(strip_namespace(target.title, CATEGORY_NAMESPACES))
        if name is None:
            ctx.report.add("parse-contest-bad-page", f.line, param="category", value=value)
            continue
        ref = CategoryRef(target.prefix, name)
        if ref not in out:
            out.append(ref)
    return tuple(out)


# --------------------------------------------------------------------------- nominations, prizes


def read_nominations(ctx: Context, found: list[FoundTemplate]) -> tuple[Nomination, ...]:
    out: list[Nomination] = []
    for f in found:
        args = Args.of(f.template, ctx.aliases, f.line)
        ctx.report.unknown_params(f, args, NOMINATION_PARAMS)
        name = " ".join((args.get("name") or args.get("1")).split())
        if not name:
            ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="name")
            continue
        folded = normalize_key(name)
        if folded in ctx.nomination_names or ctx.aliases.value(name) == OVERALL:
            ctx.report.add("parse-contest-duplicate-nomination", f.line, name=name)
            continue
        wikis = read_wikis(ctx, f, args, "wikis")
        for code in wikis:
            if code not in ctx.contest_wikis:
                ctx.report.add(
                    "parse-contest-wiki-not-in-contest",
                    args.line_of("wikis"),
                    param="wikis",
                    value=code,
                )
        ctx.nomination_names[folded] = name
        out.append(
            Nomination(
                name=name,
                wikis=wikis,
                newcomers=read_date(ctx, f, args, "newcomers", required=False),
                rank_by=read_keyword(ctx, f, args, "rank by", _RANK_BY, RankBy.POINTS),
            )
        )
    return tuple(out)


def read_prizes(ctx: Context, found: list[FoundTemplate]) -> tuple[Prize, ...]:
    out: list[Prize] = []
    for f in found:
        args = Args.of(f.template, ctx.aliases, f.line)
        ctx.report.unknown_params(f, args, PRIZE_PARAMS)
        typed = " ".join((args.get("1") or args.get("nomination")).split())
        if not typed or ctx.aliases.value(typed) == OVERALL:
            nomination = OVERALL
        elif normalize_key(typed) in ctx.nomination_names:
            nomination = ctx.nomination_names[normalize_key(typed)]
        else:
            ctx.report.add("parse-contest-unknown-nomination", f.line, name=typed)
            continue
        places = 1
        if args.has("places"):
            value = parse_int(args.get("places"))
            if value is None or value < 1:
                ctx.report.add(
                    "parse-contest-bad-number",
                    args.line_of("places"),
                    param="places",
                    value=args.get("places"),
                )
            else:
                places = value
        if any(p.nomination == nomination for p in out):
            ctx.report.add("parse-contest-duplicate-prize", f.line, name=nomination)
            continue
        out.append(Prize(nomination=nomination, places=places))
    return tuple(out)

"""The contest page ``B``: ``{{Editathon}}`` and its rules, criteria, nominations, prizes.

Contract §1 is the spec. Organizers type this page by hand in three languages, so
every value that cannot be read becomes a Problem naming the parameter and the text
found, and a default is used where one is safe; only what has no safe default
(``start``/``end``, or the template itself) makes the whole page unusable (None).
Unknown parameters are reported too: a typo such as ``| jurry = Dan`` would
otherwise leave a contest without its jury and nobody would know why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.aliases import Aliases, normalize_key
from bot.model import (
    OVERALL,
    CategoryRef,
    ContestSettings,
    Criterion,
    Nomination,
    PageRef,
    Prize,
    Problem,
    RankBy,
    Review,
    Rule,
    SubpageNames,
)
from bot.parse.common import (
    CATEGORY_NAMESPACES,
    DEFAULT_USER_NAMESPACES,
    Args,
    FoundTemplate,
    Reporter,
    find_links,
    find_templates,
    logical_lines,
    normalize_page,
    normalize_user,
    parse_bool,
    parse_date,
    parse_int,
    parse_number,
    split_list,
    split_wiki_prefix,
    strip_namespace,
    user_from_target,
)

MAIN = "Editathon"
RULE = "Editathon rule"
CRITERION = "Editathon criterion"
NOMINATION = "Editathon nomination"
PRIZE = "Editathon prize"
CLOSE = "Editathon close"
APPROVE = "Editathon approve"

RULE_TYPES = frozenset(
    {"new", "expanded", "kilobyte", "words", "reference", "image", "worklist", "language"}
)

# Parameters each criterion type takes, beyond ``informational``.
CRITERION_PARAMS: dict[str, frozenset[str]] = {
    "new": frozenset({"min bytes", "min words"}),
    "expanded": frozenset({"min added bytes", "min added words", "max start bytes"}),
    "worklist": frozenset(),
    "category": frozenset({"depth"}),
    "namespace": frozenset(),
    "newcomer": frozenset({"registered after"}),
}

# Subpage overrides: parameter -> SubpageNames field. ``jury`` is the jury LIST;
# its page is overridden by ``jury page`` (or by ``jury = /Subpage``, see below).
SUBPAGE_PARAMS = {
    "participants": "participants",
    "worklist": "worklist",
    "jury page": "jury",
    "leaderboard": "leaderboard",
    "queue": "queue",
    "worklist status": "worklist_status",
    "subscribers": "subscribers",
}

MAIN_PARAMS = frozenset(
    {
        "start",
        "end",
        "timezone",
        "wikis",
        "organizers",
        "jury",
        "quorum",
        "review",
        "verdict notices",
        "parent",
        "umbrella",
        "sponsor",
        "previous",
        *SUBPAGE_PARAMS,
    }
)

T = TypeVar("T")

_REVIEW = {"required": Review.REQUIRED, "optional": Review.OPTIONAL}
_RANK_BY = {"points": RankBy.POINTS, "entries": RankBy.ENTRIES, "languages": RankBy.LANGUAGES}


def is_contest_page(text: str, aliases: Aliases) -> bool:
    """Whether the page holds an ``{{Editathon}}`` template (in any alias)."""
    found, _ = find_templates(logical_lines(text), aliases)
    return any(f.name == MAIN for f in found)


def find_close(text: str, aliases: Aliases) -> bool:
    """Whether the page holds ``{{Editathon close}}``."""
    found, _ = find_templates(logical_lines(text), aliases)
    return any(f.name == CLOSE for f in found)


def count_approvals(text: str, aliases: Aliases) -> int:
    """How many ``{{Editathon approve}}`` the page holds (issue 21)."""
    found, _ = find_templates(logical_lines(text), aliases)
    return sum(1 for f in found if f.name == APPROVE)


@dataclass
class _Context:
    """What every part of the page parser needs: names, known wikis, the reporter."""

    wiki: str
    title: str
    aliases: Aliases
    known_wikis: frozenset[str]
    report: Reporter
    contest_wikis: tuple[str, ...] = ()
    nomination_names: dict[str, str] = field(default_factory=dict)  # folded -> as typed


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
    ctx = _Context(wiki, title, aliases, known_wikis, Reporter(wiki, title, revid))
    found, unclosed = find_templates(logical_lines(text), aliases)
    ctx.report.unclosed(unclosed)

    mains = [f for f in found if f.name == MAIN]
    if not mains:
        ctx.report.add("parse-contest-missing-template", template=MAIN)
        return None, ctx.report.sorted()
    for extra in mains[1:]:
        ctx.report.add("parse-contest-duplicate-template", extra.line, template=MAIN)
    main = mains[0]
    args = Args.of(main.template, aliases, main.line)
    ctx.report.unknown_params(main, args, MAIN_PARAMS)

    start = _date(ctx, main, args, "start", required=True)
    end = _date(ctx, main, args, "end", required=True)
    if start is not None and end is not None and end < start:
        ctx.report.add("parse-contest-end-before-start", main.line, start=start, end=end)
        start = None
    ctx.contest_wikis = _wikis(ctx, main, args, "wikis") or (wiki,)

    rules = tuple(r for f in found if f.name == RULE and (r := _rule(ctx, f)) is not None)
    criteria = tuple(
        c for f in found if f.name == CRITERION and (c := _criterion(ctx, f)) is not None
    )
    nominations = _nominations(ctx, [f for f in found if f.name == NOMINATION])
    prizes = _prizes(ctx, [f for f in found if f.name == PRIZE])

    # Every value is read (and its problems reported) even when the dates are bad,
    # so the organizer sees all that is wrong at once.
    timezone = _timezone(ctx, main, args, default_timezone)
    organizers = _users(ctx, main, args, "organizers")
    jury = _jury(ctx, main, args)
    quorum = _quorum(ctx, main, args)
    review = _keyword(ctx, main, args, "review", _REVIEW, Review.OPTIONAL)
    verdict_notices = _bool(ctx, main, args, "verdict notices", False)
    parent = _parent(ctx, main, args)
    previous = _parent(ctx, main, args, "previous")
    sponsors = _users(ctx, main, args, "sponsor")
    umbrella = _bool(ctx, main, args, "umbrella", False)
    pages = _subpages(ctx, main, args)
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


# --------------------------------------------------------------------------- {{Editathon}}


def _date(
    ctx: _Context, f: FoundTemplate, args: Args, param: str, *, required: bool
) -> date | None:
    if not args.has(param):
        if required:
            ctx.report.add(
                "parse-contest-missing-param", args.line_of(param), template=f.name, param=param
            )
        return None
    value = parse_date(args.get(param))
    if value is None:
        ctx.report.add(
            "parse-contest-bad-date", args.line_of(param), param=param, value=args.get(param)
        )
    return value


def _timezone(ctx: _Context, f: FoundTemplate, args: Args, default: str) -> str:
    if not args.has("timezone"):
        return default
    name = args.get("timezone")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        ctx.report.add(
            "parse-contest-bad-timezone", args.line_of("timezone"), value=name, default=default
        )
        return default
    return name


def _wikis(ctx: _Context, f: FoundTemplate, args: Args, param: str) -> tuple[str, ...]:
    """Known wiki codes listed in ``param``, in order; unknown codes are reported."""
    out: list[str] = []
    for code in split_list(args.get(param).replace(" ", ",")):
        c = code.lower().strip(":")
        if c not in ctx.known_wikis:
            ctx.report.add(
                "parse-contest-unknown-wiki", args.line_of(param), param=param, value=code
            )
        elif c not in out:
            out.append(c)
    return tuple(out)


def _users(ctx: _Context, f: FoundTemplate, args: Args, param: str) -> tuple[str, ...]:
    """User names, comma separated; a ``[[User:X|...]]`` link counts as the name X."""
    value = args.get(param)
    # Replace user links by their names first: a link's text may hold a comma.
    pieces: list[str] = []
    pos = 0
    for link in find_links(value):
        is_user, name = user_from_target(link.target, DEFAULT_USER_NAMESPACES)
        pieces.append(value[pos : link.start])
        pieces.append((name or link.target) if is_user else link.target)
        pos = link.end
    pieces.append(value[pos:])
    out: list[str] = []
    for item in split_list("".join(pieces)):
        user = normalize_user(item)
        if user is None:
            ctx.report.add("parse-contest-bad-user", args.line_of(param), param=param, value=item)
        elif user not in out:
            out.append(user)
    return tuple(out)


def _jury(ctx: _Context, f: FoundTemplate, args: Args) -> tuple[str, ...]:
    """The jury list, or none when ``jury`` names the jury page.

    Contract §1 uses ``jury`` for both the list of jurors and the override of
    ``B/Jury``. A user name cannot start with ``/``, so ``jury = /Judges`` is the
    page (see :func:`_subpages`); ``jury page = ...`` names any page unambiguously.
    """
    if _is_page_value(args.get("jury")):
        return ()
    return _users(ctx, f, args, "jury")


def _is_page_value(value: str) -> bool:
    return value.startswith(("/", "[[/"))


def _quorum(ctx: _Context, f: FoundTemplate, args: Args) -> int:
    if not args.has("quorum"):
        return 1
    value = parse_int(args.get("quorum"))
    if value is None or value < 1:
        ctx.report.add("parse-contest-bad-quorum", args.line_of("quorum"), value=args.get("quorum"))
        return 1
    return value


def _keyword(
    ctx: _Context, f: FoundTemplate, args: Args, param: str, allowed: dict[str, T], default: T
) -> T:
    if not args.has(param):
        return default
    value = allowed.get(ctx.aliases.value(args.get(param)))
    if value is None:
        ctx.report.add(
            "parse-contest-bad-keyword",
            args.line_of(param),
            param=param,
            value=args.get(param),
            allowed=", ".join(allowed),
        )
        return default
    return value


def _bool(ctx: _Context, f: FoundTemplate, args: Args, param: str, default: bool) -> bool:
    if not args.has(param):
        return default
    value = parse_bool(args.get(param), ctx.aliases)
    if value is None:
        ctx.report.add(
            "parse-contest-bad-keyword",
            args.line_of(param),
            param=param,
            value=args.get(param),
            allowed="yes, no",
        )
        return default
    return value


def _parent(ctx: _Context, f: FoundTemplate, args: Args, param: str = "parent") -> PageRef | None:
    """A page named by ``param`` (``parent``, ``previous``): ``Title`` or ``tt:Title``."""
    if not args.has(param):
        return None
    target = split_wiki_prefix(args.get(param).strip("[]"), ctx.known_wikis)
    if target.prefix is not None and not target.known:
        ctx.report.add(
            "parse-contest-unknown-wiki",
            args.line_of(param),
            param=param,
            value=target.prefix,
        )
        return None
    title = normalize_page(target.title)
    if title is None:
        ctx.report.add(
            "parse-contest-bad-page",
            args.line_of(param),
            param=param,
            value=args.get(param),
        )
        return None
    return PageRef(target.prefix or ctx.wiki, title)


def _subpages(ctx: _Context, f: FoundTemplate, args: Args) -> SubpageNames | None:
    """Overridden subpage titles; ``/Name`` is relative to ``B``, anything else absolute."""
    overrides: dict[str, str] = {}
    params = dict(SUBPAGE_PARAMS)
    if _is_page_value(args.get("jury")) and not args.has("jury page"):
        params["jury"] = "jury"
    for param, attr in params.items():
        if not args.has(param):
            continue
        value = args.get(param)
        inner = (
            value[2:-2].split("|", 1)[0]
            if value.startswith("[[") and value.endswith("]]")
            else value
        )
        inner = inner.strip()
        if inner.startswith("/"):
            # A subpage name keeps the case of its first letter (B/entrants is not B/Entrants).
            sub = " ".join(inner.strip("/").replace("_", " ").split())
            bad = not sub or any(c in sub for c in "<>[]{}|#")
            title = None if bad else f"{ctx.title}/{sub}"
        else:
            title = normalize_page(inner)
        if title is None:
            ctx.report.add("parse-contest-bad-page", args.line_of(param), param=param, value=value)
        else:
            overrides[attr] = title
    if not overrides:
        return None
    defaults = SubpageNames.defaults(ctx.title)
    return SubpageNames(**{**vars(defaults), **overrides})


# --------------------------------------------------------------------------- rules, criteria


def _type(
    ctx: _Context, f: FoundTemplate, args: Args, allowed: frozenset[str]
) -> tuple[str | None, int]:
    """The item's TYPE, and the number of its first positional parameter after it.

    TYPE is positional 1, or ``type = ...`` (then positional parameters start at 1).
    """
    if args.has("type"):
        typed, first = args.get("type"), 1
    else:
        typed, first = args.get("1"), 2
    if not typed:
        ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="type")
        return None, first
    kind = ctx.aliases.value(typed)
    if kind not in allowed:
        ctx.report.add(
            "parse-contest-unknown-type",
            f.line,
            template=f.name,
            value=typed,
            allowed=", ".join(sorted(allowed)),
        )
        return None, first
    return kind, first


def _number(
    ctx: _Context, f: FoundTemplate, args: Args, param: str, label: str | None = None
) -> float | None:
    """A number; ``label`` names a positional parameter in the problem (``points``)."""
    if not args.has(param):
        return None
    value = parse_number(args.get(param))
    if value is None:
        ctx.report.add(
            "parse-contest-bad-number",
            args.line_of(param),
            param=label or param,
            value=args.get(param),
        )
    return value


def _count(ctx: _Context, f: FoundTemplate, args: Args, param: str) -> int | None:
    if not args.has(param):
        return None
    value = parse_int(args.get(param))
    if value is None:
        ctx.report.add(
            "parse-contest-bad-number", args.line_of(param), param=param, value=args.get(param)
        )
    return value


def _one_wiki(ctx: _Context, f: FoundTemplate, args: Args) -> tuple[bool, str | None]:
    """(ok, wiki) for a ``wiki =`` limit; a wiki the contest does not cover is a warning."""
    if not args.has("wiki"):
        return True, None
    code = args.get("wiki").lower().strip(":")
    if code not in ctx.known_wikis:
        ctx.report.add(
            "parse-contest-unknown-wiki", args.line_of("wiki"), param="wiki", value=args.get("wiki")
        )
        return False, None
    if code not in ctx.contest_wikis:
        ctx.report.add(
            "parse-contest-wiki-not-in-contest", args.line_of("wiki"), param="wiki", value=code
        )
    return True, code


def _rule(ctx: _Context, f: FoundTemplate) -> Rule | None:
    args = Args.of(f.template, ctx.aliases, f.line)
    ctx.report.unknown_params(f, args, frozenset({"1", "2", "type", "points", "max", "wiki"}))
    kind, first = _type(ctx, f, args, RULE_TYPES)
    points_param = str(first) if args.has(str(first)) else "points"
    if not args.has(points_param):
        ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="points")
        return None
    points = _number(ctx, f, args, points_param, "points")
    cap = _number(ctx, f, args, "max")
    ok, wiki = _one_wiki(ctx, f, args)
    if kind is None or points is None or not ok:
        return None
    return Rule(type=kind, points=points, max=cap, wiki=wiki)


def _criterion(ctx: _Context, f: FoundTemplate) -> Criterion | None:
    args = Args.of(f.template, ctx.aliases, f.line)
    kind, first = _type(ctx, f, args, frozenset(CRITERION_PARAMS))
    if kind is None:
        return None
    allowed = CRITERION_PARAMS[kind] | {"type", "informational"} | ({"1"} if first == 2 else set())
    positional = [k for k in args.values if k.isdigit() and int(k) >= first]
    if kind in ("category", "namespace"):
        allowed |= set(positional)
    ctx.report.unknown_params(f, args, frozenset(allowed))
    informational = _bool(ctx, f, args, "informational", False)

    if kind == "category":
        categories = _categories(ctx, f, args, first)
        if not categories:
            ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="category")
            return None
        depth = _count(ctx, f, args, "depth")
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
        after = _date(ctx, f, args, "registered after", required=True)
        if after is None:
            return None
        return Criterion(type=kind, informational=informational, registered_after=after)

    # new / expanded / worklist: only the size limits of this type are read.
    def limit(param: str) -> int | None:
        return _count(ctx, f, args, param) if param in CRITERION_PARAMS[kind] else None

    return Criterion(
        type=kind,
        informational=informational,
        min_bytes=limit("min bytes"),
        min_words=limit("min words"),
        min_added_bytes=limit("min added bytes"),
        min_added_words=limit("min added words"),
        max_start_bytes=limit("max start bytes"),
    )


def _categories(ctx: _Context, f: FoundTemplate, args: Args, first: int) -> tuple[CategoryRef, ...]:
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


def _nominations(ctx: _Context, found: list[FoundTemplate]) -> tuple[Nomination, ...]:
    out: list[Nomination] = []
    for f in found:
        args = Args.of(f.template, ctx.aliases, f.line)
        ctx.report.unknown_params(
            f, args, frozenset({"1", "name", "wikis", "newcomers", "rank by"})
        )
        name = " ".join((args.get("name") or args.get("1")).split())
        if not name:
            ctx.report.add("parse-contest-missing-param", f.line, template=f.name, param="name")
            continue
        folded = normalize_key(name)
        if folded in ctx.nomination_names or ctx.aliases.value(name) == OVERALL:
            ctx.report.add("parse-contest-duplicate-nomination", f.line, name=name)
            continue
        wikis = _wikis(ctx, f, args, "wikis")
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
                newcomers=_date(ctx, f, args, "newcomers", required=False),
                rank_by=_keyword(ctx, f, args, "rank by", _RANK_BY, RankBy.POINTS),
            )
        )
    return tuple(out)


def _prizes(ctx: _Context, found: list[FoundTemplate]) -> tuple[Prize, ...]:
    out: list[Prize] = []
    for f in found:
        args = Args.of(f.template, ctx.aliases, f.line)
        ctx.report.unknown_params(f, args, frozenset({"1", "nomination", "places"}))
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

"""Reading one value of a contest page's templates, each with its problem when it cannot be read.

The parameters of ``{{Editathon}}`` (dates, time zone, wikis, people, quorum,
keywords, parent, subpages) and the pieces rules and criteria share (type, number,
count, wiki). Each reader returns the value or a safe default, and reports what it
could not read through the page's :class:`Context` (:mod:`bot.parse.contest`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.aliases import Aliases
from bot.contract import (
    SUBPAGE_PAGE_PARAMS,
    SUBPAGE_PARAMS,
)
from bot.model import (
    PageRef,
    SubpageNames,
)
from bot.parse.common import Args, FoundTemplate, Reporter
from bot.parse.names import (
    DEFAULT_USER_NAMESPACES,
    find_links,
    normalize_page,
    normalize_user,
    split_wiki_prefix,
    user_from_target,
)
from bot.parse.values import parse_bool, parse_date, parse_int, parse_number, split_list

T = TypeVar("T")


@dataclass
class Context:
    """What every part of the page parser needs: names, known wikis, the reporter."""

    wiki: str
    title: str
    aliases: Aliases
    known_wikis: frozenset[str]
    report: Reporter
    contest_wikis: tuple[str, ...] = ()
    nomination_names: dict[str, str] = field(default_factory=dict)  # folded -> as typed



# --------------------------------------------------------------------------- {{Editathon}}


def read_date(
    ctx: Context, f: FoundTemplate, args: Args, param: str, *, required: bool
) -> date | None:
    if not args.has(param):
        if required:
            ctx.report.add(
                "parse-contest-missing-param", args.line_of(param), template=f.name, param=param
            )
        return None
    return read_value(ctx, args, param, parse_date, "parse-contest-bad-date")


def read_value(
    ctx: Context, args: Args, param: str, parse: Callable[[str], T | None], key: str, label: str | None = None
) -> T | None:
    """``param`` read by ``parse``; None when absent, or when unreadable (reported as ``key``
    at its line, naming ``label`` or the parameter and what was written)."""
    if not args.has(param):
        return None
    value = parse(args.get(param))
    if value is None:
        ctx.report.add(key, args.line_of(param), param=label or param, value=args.get(param))
    return value


def read_timezone(ctx: Context, f: FoundTemplate, args: Args, default: str) -> str:
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


def read_wikis(ctx: Context, f: FoundTemplate, args: Args, param: str) -> tuple[str, ...]:
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


def read_users(ctx: Context, f: FoundTemplate, args: Args, param: str) -> tuple[str, ...]:
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


def read_jury(ctx: Context, f: FoundTemplate, args: Args) -> tuple[str, ...]:
    """The jury list, or none when ``jury`` names the jury page.

    Contract §1 uses ``jury`` for both the list of jurors and the override of
    ``B/Jury``. A user name cannot start with ``/``, so ``jury = /Judges`` is the
    page (see :func:`_subpages`); ``jury page = ...`` names any page unambiguously.
    """
    if is_page_value(args.get("jury")):
        return ()
    return read_users(ctx, f, args, "jury")


def is_page_value(value: str) -> bool:
    return value.startswith(("/", "[[/"))


def read_quorum(ctx: Context, f: FoundTemplate, args: Args) -> int:
    if not args.has("quorum"):
        return 1
    value = parse_int(args.get("quorum"))
    if value is None or value < 1:
        ctx.report.add("parse-contest-bad-quorum", args.line_of("quorum"), value=args.get("quorum"))
        return 1
    return value


def read_keyword(
    ctx: Context, f: FoundTemplate, args: Args, param: str, allowed: dict[str, T], default: T
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


def read_bool(ctx: Context, f: FoundTemplate, args: Args, param: str, default: bool) -> bool:
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


def read_parent(ctx: Context, f: FoundTemplate, args: Args, param: str = "parent") -> PageRef | None:
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


def read_subpages(ctx: Context, f: FoundTemplate, args: Args) -> SubpageNames | None:
    """Overridden subpage titles; ``/Name`` is relative to ``B``, anything else absolute.

    Contract section 1 (v1.1): a subpage is overridden by the parameter of its name or of
    its name with ``page`` (``participants = /Signups``, ``participants page = /Signups``).
    """
    overrides: dict[str, str] = {}
    params = dict(SUBPAGE_PARAMS)
    if is_page_value(args.get("jury")) and not args.has("jury page"):
        params["jury"] = "jury"
    params.update(SUBPAGE_PAGE_PARAMS)  # ``participants page`` wins over ``participants``
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


def read_type(
    ctx: Context, f: FoundTemplate, args: Args, allowed: frozenset[str]
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


def read_number(
    ctx: Context, f: FoundTemplate, args: Args, param: str, label: str | None = None
) -> float | None:
    """A number; ``label`` names a positional parameter in the problem (``points``)."""
    return read_value(ctx, args, param, parse_number, "parse-contest-bad-number", label)


def read_count(ctx: Context, f: FoundTemplate, args: Args, param: str) -> int | None:
    return read_value(ctx, args, param, parse_int, "parse-contest-bad-number")


def read_one_wiki(ctx: Context, f: FoundTemplate, args: Args) -> tuple[bool, str | None]:
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



"""The jury page ``B/Jury``: decisions and suspensions, one template per line.

Contract §4. A line is signed, but a signature can be forged, so this module ignores
it: who wrote a line is taken from the page history by the trust layer, which
compares :func:`line_key` of the lines of consecutive revisions. The key is built
from the decision's fields, not the text as typed, so re-spacing a line or
re-signing it is no change, while changing its verdict, points or comment is.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.aliases import Aliases
from bot.contract import DECISION, DECISION_PARAMS, SUSPEND, SUSPEND_PARAMS
from bot.model import PageRef, Problem, Verdict
from bot.parse.common import Args, FoundTemplate, Reporter, find_templates, logical_lines
from bot.parse.names import normalize_page, normalize_user, split_wiki_prefix
from bot.parse.values import parse_number

_VERDICTS = {"accept": Verdict.ACCEPT, "reject": Verdict.REJECT}


@dataclass(frozen=True)
class DecisionLine:
    """``{{Editathon decision | ARTICLE | VERDICT | points | user | comment}}``.

    ``raw`` is the canonical text of the decision (:func:`line_key`), ``line`` its
    1-based line number.
    """

    article: PageRef
    verdict: Verdict
    points: float
    user: str | None
    comment: str
    raw: str
    line: int


@dataclass(frozen=True)
class SuspensionLine:
    """``{{Editathon suspend | USER | comment}}``."""

    user: str
    comment: str
    raw: str
    line: int


def line_key(item: DecisionLine | SuspensionLine) -> str:
    """The canonical string of a line's fields, signature excluded.

    ``decision|tt:Title|accept|+5|User|comment`` or ``suspend|User|comment``.
    """
    if isinstance(item, SuspensionLine):
        return _suspension_key(item.user, item.comment)
    return _decision_key(item.article, item.verdict, item.points, item.user, item.comment)


def _decision_key(
    article: PageRef, verdict: Verdict, points: float, user: str | None, comment: str
) -> str:
    return f"decision|{article}|{verdict.value}|{points:+g}|{user or ''}|{comment}"


def _suspension_key(user: str, comment: str) -> str:
    return f"suspend|{user}|{comment}"


def parse_jury(
    text: str,
    *,
    wiki: str,
    page: str,
    home_wiki: str,
    aliases: Aliases,
    known_wikis: frozenset[str],
    revid: int | None = None,
) -> tuple[list[DecisionLine | SuspensionLine], list[Problem]]:
    """The decisions and suspensions on a jury page, in page order.

    A line whose article, verdict or user cannot be read is reported and skipped:
    guessing what a juror meant could count an entry the juror wanted rejected.
    """
    report = Reporter(wiki, page, revid)
    found, unclosed = find_templates(logical_lines(text), aliases)
    report.unclosed(unclosed)
    items: list[DecisionLine | SuspensionLine] = []
    for f in found:
        item: DecisionLine | SuspensionLine | None = None
        if f.name == DECISION:
            item = _decision(f, home_wiki, aliases, known_wikis, report)
        elif f.name == SUSPEND:
            item = _suspension(f, aliases, report)
        if item is not None:
            items.append(item)
    return items, report.sorted()


def _comment(args: Args) -> str:
    return " ".join(args.get("comment").split())


def _decision(
    f: FoundTemplate,
    home_wiki: str,
    aliases: Aliases,
    known_wikis: frozenset[str],
    report: Reporter,
) -> DecisionLine | None:
    args = Args.of(f.template, aliases, f.line)
    report.unknown_params(f, args, DECISION_PARAMS)
    article = _article(f, args.get("article") or args.get("1"), home_wiki, known_wikis, report)

    typed = args.get("verdict") or args.get("2")
    verdict = _VERDICTS.get(aliases.value(typed))
    if verdict is None:
        report.add("parse-jury-bad-verdict", f.line, value=typed)

    points = 0.0
    if args.has("points"):
        number = parse_number(args.get("points"))
        if number is None:
            report.add(
                "parse-jury-bad-number",
                args.line_of("points"),
                param="points",
                value=args.get("points"),
            )
        else:
            points = number

    user: str | None = None
    user_ok = True
    if args.has("user"):
        user = normalize_user(args.get("user"))
        if user is None:
            report.add("parse-jury-bad-user", args.line_of("user"), value=args.get("user"))
            user_ok = False

    if article is None or verdict is None or not user_ok:
        return None
    comment = _comment(args)
    return DecisionLine(
        article=article,
        verdict=verdict,
        points=points,
        user=user,
        comment=comment,
        raw=_decision_key(article, verdict, points, user, comment),
        line=f.line,
    )


def _article(
    f: FoundTemplate, typed: str, home_wiki: str, known_wikis: frozenset[str], report: Reporter
) -> PageRef | None:
    """``Title`` on the home wiki, ``tt:Title`` on a known wiki, ``[[...]]`` allowed."""
    if not typed:
        report.add("parse-jury-missing-article", f.line, template=f.name)
        return None
    inner = typed
    if inner.startswith("[[") and inner.endswith("]]"):
        inner = inner[2:-2].split("|", 1)[0]
    where = split_wiki_prefix(inner, known_wikis)
    if where.prefix is not None and not where.known:
        report.add("parse-jury-unknown-wiki", f.line, prefix=where.prefix, value=typed)
        return None
    title = normalize_page(where.title)
    if title is None:
        report.add("parse-jury-bad-article", f.line, value=typed)
        return None
    return PageRef(where.prefix or home_wiki, title)


def _suspension(f: FoundTemplate, aliases: Aliases, report: Reporter) -> SuspensionLine | None:
    args = Args.of(f.template, aliases, f.line)
    report.unknown_params(f, args, SUSPEND_PARAMS)
    typed = args.get("user") or args.get("1")
    if not typed:
        report.add("parse-jury-missing-user", f.line, template=f.name)
        return None
    user = normalize_user(typed)
    if user is None:
        report.add("parse-jury-bad-user", f.line, value=typed)
        return None
    comment = _comment(args)
    return SuspensionLine(
        user=user, comment=comment, raw=_suspension_key(user, comment), line=f.line
    )

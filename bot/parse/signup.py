"""The signup page ``B/Participants``: which line signs up which user.

Contract §4: a line signs a user up with their signature (``~~~~``), a link to their
user page, or ``{{Editathon participant | NAME}}``. This module only reads the text
of one revision; who added a line (and so whether it counts) is decided from the
page history by the trust layer, which compares the users of consecutive revisions.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.aliases import Aliases
from bot.contract import PARTICIPANT, PARTICIPANT_PARAMS
from bot.model import Problem
from bot.parse.common import (
    Args,
    FoundTemplate,
    LogicalLine,
    Reporter,
    find_templates,
    heading_text,
    logical_lines,
)
from bot.parse.names import (
    DEFAULT_USER_NAMESPACES,
    find_links,
    namespace_set,
    normalize_user,
    user_from_target,
)


@dataclass(frozen=True)
class SignupLine:
    """A line that signs ``user`` up; ``line`` is 1-based, ``raw`` the line's text."""

    user: str
    line: int
    raw: str


def parse_signups(
    text: str,
    *,
    wiki: str,
    page: str,
    aliases: Aliases,
    user_namespaces: frozenset[str],
    revid: int | None = None,
) -> tuple[list[SignupLine], list[Problem]]:
    """The signups of a participants page, one per user (their first line), in order.

    ``user_namespaces`` are the wiki's names of the user and user talk namespaces
    (with their aliases); the English, Russian and Tatar names are always known, as
    a signature may link to a user page on another wiki (one global account).
    Comments, ``<nowiki>`` and headings never sign anyone up.
    """
    namespaces = namespace_set(user_namespaces | DEFAULT_USER_NAMESPACES)
    report = Reporter(wiki, page, revid)
    out: list[SignupLine] = []
    seen: set[str] = set()
    for line in logical_lines(text):
        if not line.text.strip() or heading_text(line.text) is not None:
            continue
        user = _line_user(line, aliases, namespaces, report)
        if user is not None and user not in seen:
            seen.add(user)
            out.append(SignupLine(user=user, line=line.number, raw=line.raw.strip()))
    return out, report.sorted()


def _line_user(
    line: LogicalLine, aliases: Aliases, namespaces: frozenset[str], report: Reporter
) -> str | None:
    """The user a line signs up: the participant template, else the first user link.

    A line naming several users through links is ambiguous (someone signing up a
    friend, or a comment mentioning another user); the first link is taken, as the
    signature's user page usually comes last, after the name being signed up.
    """
    found, unclosed = find_templates([line], aliases)
    report.unclosed(unclosed)
    templated = [f for f in found if f.name == PARTICIPANT]
    if templated:
        users = [
            u
            for f in templated
            if (u := _template_user(f, aliases, namespaces, report)) is not None
        ]
        return _first(users, line, report)

    users = []
    for link in find_links(line.text):
        is_user, name = user_from_target(link.target, namespaces)
        if not is_user:
            continue
        if name is None:
            report.add("parse-signup-bad-user", line.number, value=link.target)
        else:
            users.append(name)
    return _first(users, line, report)


def _template_user(
    f: FoundTemplate, aliases: Aliases, namespaces: frozenset[str], report: Reporter
) -> str | None:
    args = Args.of(f.template, aliases, f.line)
    report.unknown_params(f, args, PARTICIPANT_PARAMS)
    typed = args.get("user") or args.get("1")
    if not typed:
        report.add("parse-signup-missing-user", f.line, template=f.name)
        return None
    # A link as the name is fine: {{Editathon participant | [[User:X|X]]}}.
    links = find_links(typed)
    if len(links) == 1 and typed.startswith("[[") and typed.endswith("]]"):
        is_user, name = user_from_target(links[0].target, namespaces)
        typed = links[0].target if not is_user else (name or typed)
    user = normalize_user(typed)
    if user is None:
        report.add("parse-signup-bad-user", f.line, value=typed)
    return user


def _first(users: list[str], line: LogicalLine, report: Reporter) -> str | None:
    if not users:
        return None
    distinct = list(dict.fromkeys(users))
    if len(distinct) > 1:
        report.add(
            "parse-signup-ambiguous", line.number, users=", ".join(distinct), user=distinct[0]
        )
    return distinct[0]

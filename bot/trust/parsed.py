"""The ledgers bound to the real parsers: what the update orchestrator calls.

The ledgers themselves take parse callables so they can be tested on tiny texts and
stay independent of the parsers' details; these functions fill them in with
:mod:`bot.parse` and the wiki's aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.aliases import Aliases
from bot.model import SETTINGS_KEPT, ContestSettings, PageHistory, Problem
from bot.parse.common import logical_lines
from bot.parse.contest import count_closes, parse_contest
from bot.parse.jury import DecisionLine, SuspensionLine, line_key, parse_jury
from bot.parse.signup import SignupLine, parse_signups
from bot.trust.contest import ContestLedger
from bot.trust.jury import JuryLedger
from bot.trust.signup import SignupLedger


def fold_contest(
    ledger: ContestLedger | None,
    history: PageHistory,
    *,
    admins: Iterable[str],
    aliases: Aliases,
    default_timezone: str,
    known_wikis: frozenset[str],
) -> ContestLedger:
    """Fold ``B``'s new revisions, learning organizers from each trusted text."""

    parsed: dict[str, tuple[ContestSettings | None, list[Problem]]] = {}

    def parse(text: str) -> tuple[ContestSettings | None, list[Problem]]:
        if text not in parsed:
            parsed[text] = parse_contest(
                text,
                wiki=history.wiki,
                title=history.title,
                aliases=aliases,
                default_timezone=default_timezone,
                known_wikis=known_wikis,
            )
        return parsed[text]

    def organizers_of(text: str) -> tuple[str, ...] | None:
        settings, _ = parse(text)
        return None if settings is None else settings.organizers

    def is_good(text: str) -> bool:
        settings, problems = parse(text)
        return settings is not None and not problems

    return (ledger or ContestLedger()).fold(
        history,
        admins=admins,
        organizers_of=organizers_of,
        has_close=lambda text: count_closes(text, aliases),
        is_good=is_good,
    )


def contest_settings(
    ledger: ContestLedger,
    *,
    aliases: Aliases,
    default_timezone: str,
    known_wikis: frozenset[str],
) -> tuple[ContestSettings | None, list[Problem]]:
    """The settings of the trusted revision, with ``closed`` as trust allows it, and
    the problems of that text followed by the trust problems of the page.

    When the trusted text's settings do not read cleanly (a value that is not a number,
    an unclosed template...) and an earlier trusted revision's did, those last good
    settings stand, with a ``contest-settings-kept`` problem naming the revision that
    broke them and who saved it: a typo must not change every participant's points.
    """
    problems = ledger.problems()
    if ledger.text is None:
        return None, problems

    def parse(text: str, revid: int | None) -> tuple[ContestSettings | None, list[Problem]]:
        return parse_contest(text, wiki=ledger.wiki, title=ledger.title, aliases=aliases,
                             default_timezone=default_timezone, known_wikis=known_wikis, revid=revid)

    settings, parsed = parse(ledger.text, ledger.revid)
    if ledger.kept and ledger.good is not None and ledger.broken is not None and ledger.good_text:
        good, _ = parse(ledger.good_text, ledger.good.revid)
        if good is not None:
            settings = good
            problems.insert(0, Problem.make(
                SETTINGS_KEPT, ledger.wiki, ledger.title, revid=ledger.broken.revid,
                user=ledger.broken.user, good=ledger.good.revid))
    if settings is not None:
        settings = replace(settings, closed=ledger.closed)
    return settings, [*parsed, *problems]


def signup_lines(
    text: str, *, wiki: str, page: str, aliases: Aliases, user_namespaces: frozenset[str]
) -> list[SignupLine]:
    """Every line that signs someone up, a user's second line included.

    ``parse_signups`` keeps one line per user, which is right for showing the list
    but hides from the history the moment someone signs themselves under a line
    another user added for them. Trust needs the count of lines per user, so each
    logical line is read by the parser on its own (its comment-masked text, so a
    comment spanning lines still hides what it holds).
    """
    out: list[SignupLine] = []
    for logical in logical_lines(text):
        if not logical.text.strip():
            continue
        found, _ = parse_signups(
            logical.text, wiki=wiki, page=page, aliases=aliases, user_namespaces=user_namespaces
        )
        out.extend(
            SignupLine(s.user, logical.number + s.line - 1, logical.raw.strip()) for s in found
        )
    return out


def fold_signups(
    ledger: SignupLedger | None,
    history: PageHistory | Iterable[PageHistory],
    *,
    aliases: Aliases,
    user_namespaces: frozenset[str],
) -> SignupLedger:
    """Fold ``B/Participants``' (or ``B/Subscribers``') new revisions: a history, or its
    parts as they arrive (one API answer each, :meth:`bot.wiki_reads.WikiReads.history_chunks`).

    Each part is let go before the next is asked for: a signup page's history grows with
    the square of its signups, and only one answer of it is held at a time.
    """
    folded = ledger or SignupLedger()
    parts = iter((history,) if isinstance(history, PageHistory) else history)
    del history
    for part in parts:
        wiki, title = part.wiki, part.title

        def parse(text: str, wiki: str = wiki, title: str = title) -> list[SignupLine]:
            return signup_lines(text, wiki=wiki, page=title, aliases=aliases, user_namespaces=user_namespaces)

        folded = folded.fold(part, parse=parse)
        del part  # the loop variable would hold it while the next part is read
    return folded


def fold_jury(
    ledger: JuryLedger | None,
    history: PageHistory,
    *,
    home_wiki: str,
    aliases: Aliases,
    known_wikis: frozenset[str],
) -> JuryLedger:
    """Fold ``B/Jury``'s new revisions, comparing lines by ``line_key``, and keep the
    parser's problems with the newest text (the ledger reports them on read)."""

    def read(text: str) -> tuple[list[DecisionLine | SuspensionLine], list[Problem]]:
        return parse_jury(text, wiki=history.wiki, page=history.title, home_wiki=home_wiki,
                          aliases=aliases, known_wikis=known_wikis)

    def parse(text: str) -> list[DecisionLine | SuspensionLine]:
        return read(text)[0]

    def check(text: str) -> list[Problem]:
        # Where the bad line is (page, line) is what a juror needs; no diff link,
        # as for the worklist's parse problems.
        return read(text)[1]

    return (ledger or JuryLedger()).fold(history, parse=parse, key=line_key, check=check)

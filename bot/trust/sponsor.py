"""The approval ledger bound to the contest parser, folded in step with ``B``'s trust.

An approval counts from a sponsor named in ``B``'s trusted revision *before* it, so the
two ledgers are folded together, one revision at a time: the contest ledger's state
before each revision gives the sponsors and the trusted text the approval ledger needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.aliases import Aliases
from bot.model import ContestSettings, PageHistory, Problem
from bot.parse.contest import count_approvals, parse_contest
from bot.trust.approval import ApprovalLedger, ApprovalStatus, Package, fingerprint, package
from bot.trust.contest import ContestLedger
from bot.trust.parsed import fold_contest
from bot.trust.revisions import new_revisions

UNTRUSTED_KEY = "trust-untrusted-contest-edit"


def package_of_settings(s: ContestSettings) -> Package:
    """What a sponsor approves: the rules, criteria, nominations and prizes."""
    return package(s.rules, s.criteria, s.nominations, s.prizes)


def fold_contest_approval(
    contest: ContestLedger | None,
    approval: ApprovalLedger | None,
    history: PageHistory,
    *,
    admins: Iterable[str],
    aliases: Aliases,
    default_timezone: str,
    known_wikis: frozenset[str],
) -> tuple[ContestLedger, ApprovalLedger]:
    """Fold ``B``'s new revisions into both ledgers (each skips what it has seen)."""
    contest = contest or ContestLedger()
    approval = replace(approval or ApprovalLedger(), wiki=history.wiki, title=history.title)
    parsed: dict[str, ContestSettings | None] = {}

    def settings(text: str) -> ContestSettings | None:
        if text not in parsed:
            parsed[text] = parse_contest(text, wiki=history.wiki, title=history.title, aliases=aliases,
                                         default_timezone=default_timezone, known_wikis=known_wikis)[0]
        return parsed[text]

    def package_of(text: str) -> Package | None:
        s = settings(text)
        return None if s is None else package_of_settings(s)

    def settings_key(text: str) -> str | None:
        s = settings(text)
        return None if s is None else fingerprint(replace(s, revid=None, closed=False))

    admin_list = list(admins)
    for rev in new_revisions(history.revisions, min(contest.page.last_seen, approval.last_seen)):
        trusted = contest.text
        before = settings(trusted) if trusted is not None else None
        approval = approval.fold_one(
            rev, sponsors=before.sponsors if before else (), trusted_text=trusted,
            approves_in=lambda t: count_approvals(t, aliases), package_of=package_of, settings_key=settings_key)
        one = PageHistory(history.wiki, history.title, (rev,), exists=history.exists, creator=history.creator)
        contest = fold_contest(contest, one, admins=admin_list, aliases=aliases,
                               default_timezone=default_timezone, known_wikis=known_wikis)
    return contest, approval


def approval_status(approval: ApprovalLedger | None, settings: ContestSettings) -> ApprovalStatus:
    """The approval as it stands for the settings in force."""
    return (approval or ApprovalLedger()).status(settings.sponsors, package_of_settings(settings), settings.revid)


def without_approval_edits(problems: Iterable[Problem], approval: ApprovalLedger | None) -> list[Problem]:
    """``B``'s problems without the "ignored edit" reports of sponsors' clean approvals:
    a sponsor's save that only approves is an approval, not an ignored edit."""
    clean = set(approval.clean) if approval else set()
    return [p for p in problems if not (p.key == UNTRUSTED_KEY and p.revid in clean)]

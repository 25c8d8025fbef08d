"""The sponsor's approval of a contest's package (contract §3, ``{{Editathon approve}}``).

Sponsors give the prizes and approve each contest's package (rules, criteria,
nominations, prizes) before it is announced. ``sponsor = NAMES`` on ``B`` names them;
an approval is ``{{Editathon approve}}`` in a revision of ``B`` that one of them saved
(page history proves who saved it, as for ``{{Editathon close}}``). What a sponsor
approves is the package of the text they saved; the approval stands while the package
in force (``B``'s trusted text) is the same, and while its author is still a sponsor.

Rules taken here, where the contract is silent:

- Sponsors are those named in ``B``'s trusted revision *before* the edit, so nobody
  names themselves sponsor and approves in one save.
- A sponsor's save that holds the template approves (again) the package of that text:
  to approve a changed package a sponsor saves the page once more, typically adding
  ``{{Editathon approve}} ~~~~`` (the signature makes the save a change).
- A sponsor who removes every ``{{Editathon approve}}`` from the page withdraws their
  approval. Anyone else removing it changes nothing: the approval is in the history.
- Anyone else's added ``{{Editathon approve}}`` (an organizer's included) is forged:
  ignored, and reported with its diff until a sponsor approves or the template is
  gone from the page.
- A sponsor is usually not an organizer, so their save is not trusted for ``B``'s
  settings (:mod:`bot.trust.contest`) and would be reported as an ignored edit. A
  sponsor's approval that changes nothing else (:attr:`ApprovalLedger.clean`) is an
  approval, not an ignored edit: the caller leaves those revisions out of that report.

Pure: the parse callables come in (see :func:`bot.trust.parsed`'s binding).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.model import PageRevision, Problem
from bot.trust.revisions import RevisionMark
from bot.trust.users import user_set

#: The parts of a package, in the order they are named in reports.
PARTS = ("rules", "criteria", "nominations", "prizes")

#: How many clean approval revids are remembered (enough for every pending report).
KEEP_CLEAN = 20

Package = tuple[tuple[str, str], ...]
"""(part, fingerprint) for each of :data:`PARTS`."""

ApprovesIn = Callable[[str], int]
"""A revision's text -> how many ``{{Editathon approve}}`` it holds."""

PackageOf = Callable[[str], Package | None]
"""A revision's text -> its package, or None when it holds no readable settings."""

SettingsKeyOf = Callable[[str], str | None]
"""A revision's text -> a fingerprint of every setting (None: unreadable)."""


def fingerprint(value: object) -> str:
    """A short stable digest of a value's ``repr`` (frozen dataclasses and tuples)."""
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()[:16]


def package(rules: object, criteria: object, nominations: object, prizes: object) -> Package:
    """The package of a contest's settings, as fingerprints per part."""
    return tuple(zip(PARTS, (fingerprint(v) for v in (rules, criteria, nominations, prizes)), strict=True))


def changed_parts(approved: Package, now: Package) -> tuple[str, ...]:
    """The parts of ``now`` that differ from ``approved``, in :data:`PARTS` order."""
    a, b = dict(approved), dict(now)
    return tuple(p for p in PARTS if a.get(p) != b.get(p))


class ApprovalState(enum.StrEnum):
    NOT_NEEDED = "not needed"  # no sponsor named: the contest works as without this feature
    AWAITING = "awaiting"
    APPROVED = "approved"
    CHANGED = "changed"  # approved, but the package in force changed since


@dataclass(frozen=True)
class Approval:
    """A sponsor's approval: the revision that holds it, and the package it approved."""

    mark: RevisionMark
    package: Package

    def to_json(self) -> dict[str, Any]:
        return {"mark": self.mark.to_json(), "package": [list(p) for p in self.package]}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Approval:
        return Approval(RevisionMark.from_json(d["mark"]),
                        tuple((str(k), str(v)) for k, v in d["package"]))


@dataclass(frozen=True)
class ApprovalStatus:
    """What the contest's pages say about the approval (see :meth:`ApprovalLedger.status`)."""

    state: ApprovalState
    sponsors: tuple[str, ...] = ()
    approval: Approval | None = None
    changed: tuple[str, ...] = ()  # parts changed since the approval (state CHANGED)
    current_revid: int | None = None  # the trusted revision with the changed package

    @property
    def announce(self) -> bool:
        """Whether announcements (subscribers, past participants) may go out."""
        return self.state in (ApprovalState.NOT_NEEDED, ApprovalState.APPROVED, ApprovalState.CHANGED)


@dataclass(frozen=True)
class ApprovalLedger:
    """What ``B``'s history has shown about approvals; fold revisions in one at a time.

    ``approval``: the latest approval that stands. ``forged``: approvals by others since
    then, while their template is on the page. ``clean``: revids of sponsors' approvals
    that changed nothing else. ``approves``: the template count in the last readable
    revision (to see additions and removals).
    """

    wiki: str = ""
    title: str = ""
    last_seen: int = 0
    approval: Approval | None = None
    forged: tuple[RevisionMark, ...] = ()
    clean: tuple[int, ...] = ()
    approves: int = 0

    def fold_one(
        self,
        rev: PageRevision,
        *,
        sponsors: Iterable[str],
        trusted_text: str | None,
        approves_in: ApprovesIn,
        package_of: PackageOf,
        settings_key: SettingsKeyOf,
    ) -> ApprovalLedger:
        """Take one revision of ``B`` (newer than :attr:`last_seen`; older ones are ignored).

        ``sponsors`` and ``trusted_text`` are those of ``B``'s trusted revision before
        ``rev`` (the contest ledger's state before folding it).
        """
        if rev.revid <= self.last_seen:
            return self
        ledger = replace(self, last_seen=rev.revid)
        if rev.text is None:
            return ledger
        count = approves_in(rev.text)
        mark = RevisionMark.of(rev)
        by_sponsor = mark.user in user_set(sponsors)
        if by_sponsor and count > 0:
            pkg = package_of(rev.text)
            if pkg is not None:
                clean = ledger.clean
                if trusted_text is not None and settings_key(rev.text) == settings_key(trusted_text):
                    clean = (*clean, rev.revid)[-KEEP_CLEAN:]
                return replace(ledger, approval=Approval(mark, pkg), forged=(), clean=clean, approves=count)
        elif by_sponsor and count == 0 and self.approves > 0:
            return replace(ledger, approval=None, forged=(), approves=0)
        elif count > self.approves:
            return replace(ledger, forged=(*ledger.forged, mark), approves=count)
        if count == 0:
            return replace(ledger, forged=(), approves=0)  # the forged template is gone
        return replace(ledger, approves=count)

    def status(self, sponsors: Iterable[str], current: Package | None,
               current_revid: int | None = None) -> ApprovalStatus:
        """The approval as it stands for the sponsors and package in force now."""
        names = tuple(sorted(user_set(sponsors)))
        if not names:
            return ApprovalStatus(ApprovalState.NOT_NEEDED)
        a = self.approval
        if a is None or a.mark.user not in names or current is None:
            return ApprovalStatus(ApprovalState.AWAITING, names)
        changed = changed_parts(a.package, current)
        if changed:
            return ApprovalStatus(ApprovalState.CHANGED, names, a, changed, current_revid)
        return ApprovalStatus(ApprovalState.APPROVED, names, a)

    def problems(self, status: ApprovalStatus) -> list[Problem]:
        """What the contest's pages show: awaiting, changed since approval, forged approvals.

        ``approval-awaiting`` {sponsors}; ``approval-changed`` {parts} {user} {approved}
        {current} (revids, for the message's own diff link from the approved revision
        to the one in force); ``approval-forged`` {user}, with the forged revision.
        """
        out: list[Problem] = []
        if status.state is ApprovalState.NOT_NEEDED:
            return out
        if status.state is ApprovalState.AWAITING:
            out.append(Problem.make("approval-awaiting", self.wiki, self.title,
                                    sponsors=", ".join(status.sponsors)))
        elif status.state is ApprovalState.CHANGED and status.approval is not None:
            a = status.approval
            out.append(Problem.make("approval-changed", self.wiki, self.title,
                                    parts=", ".join(status.changed), user=a.mark.user,
                                    approved=a.mark.revid, current=status.current_revid or a.mark.revid))
        for m in self.forged:
            out.append(Problem.make("approval-forged", self.wiki, self.title, revid=m.revid, user=m.user))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "wiki": self.wiki,
            "title": self.title,
            "last_seen": self.last_seen,
            "approval": self.approval.to_json() if self.approval else None,
            "forged": [m.to_json() for m in self.forged],
            "clean": list(self.clean),
            "approves": self.approves,
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> ApprovalLedger:
        return ApprovalLedger(
            wiki=str(d.get("wiki", "")),
            title=str(d.get("title", "")),
            last_seen=int(d.get("last_seen", 0)),
            approval=Approval.from_json(d["approval"]) if d.get("approval") else None,
            forged=tuple(RevisionMark.from_json(m) for m in d.get("forged", ())),
            clean=tuple(int(r) for r in d.get("clean", ())),
            approves=int(d.get("approves", 0)),
        )


"""Trust on the contest page ``B`` (contract §3, first and ``{{Editathon close}}`` rows).

Who may edit ``B``: its creator, the wiki's administrators, and the organizers named
in the trusted revision *before* the edit (so nobody makes themselves an organizer
and is trusted in the same save). The bot reads the latest revision by one of them,
whole; later revisions by anyone else are ignored and reported.

``{{Editathon close}}`` sends results and prizes, so it needs more than a trusted save:
it counts once an organizer (named before their edit) has saved a trusted revision
that contains it. A close put in by an administrator or the creator who is not an
organizer is ignored and reported until an organizer saves the page with the close
still in it (an organizer's save is read whole, like every trusted save, so it
endorses the close) or a trusted editor takes it out. An untrusted editor's close is
never in the trusted text at all; the revision that brought it in is reported as what it
was, a close attempt by someone who may not close (``trust-close-untrusted``), rather
than as any untrusted edit.

Organizers are learned from the trusted text through ``organizers_of`` (see
:mod:`bot.trust.parsed` for the binding to the contest parser). When the trusted text
yields no settings at all, the organizers known before are kept, so one broken save
does not lock the organizers out of repairing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.model import PageHistory, PageRevision, Problem
from bot.trust.page import TrustedPageState, fold_trusted, untrusted_problems
from bot.trust.revisions import RevisionMark, new_revisions
from bot.trust.users import user_key, user_set

OrganizersOf = Callable[[str], Sequence[str] | None]
"""Trusted text -> the organizers it names, or None when it holds no settings."""

HasClose = Callable[[str], int]
"""Text -> how many ``{{Editathon close}}`` it holds (0: none; a bool works too)."""

IsGood = Callable[[str], bool]
"""Trusted text -> whether its settings read without a single problem."""


@dataclass(frozen=True)
class ContestLedger:
    """What ``B``'s history has shown so far; fold new revisions in with :meth:`fold`.

    ``close_present``: the trusted text has the close template. ``close_endorsed``: an
    organizer has saved a trusted revision containing it. ``close_mark``: the trusted
    revision that added a close not (yet) endorsed, for the report.
    """

    wiki: str = ""
    title: str = ""
    creator: str | None = None
    page: TrustedPageState = field(default_factory=TrustedPageState)
    organizers: tuple[str, ...] = ()
    close_present: bool = False
    close_endorsed: bool = False
    close_mark: RevisionMark | None = None
    closed_by: RevisionMark | None = None  # the revision whose save made the close count
    close_tries: tuple[int, ...] = ()  # untrusted revisions (pending) that brought a close in
    untrusted_close: int = 0  # how many closes the newest pending untrusted text holds
    #: The last trusted revision whose settings read without a problem, and its text: the
    #: settings that stand while a later trusted save is broken (issue 17).
    good: RevisionMark | None = None
    good_text: str | None = None
    #: The first trusted revision after ``good`` whose settings do not read cleanly.
    broken: RevisionMark | None = None

    @property
    def text(self) -> str | None:
        """The trusted text to parse for settings, or None before any trusted save."""
        return self.page.text

    @property
    def revid(self) -> int | None:
        return self.page.trusted.revid if self.page.trusted else None

    @property
    def closed(self) -> bool:
        """True when results may go out: the close is in the trusted text and an
        organizer saved it. Use this, not the parser's ``closed``, for the contest."""
        return self.close_present and self.close_endorsed

    def fold(
        self,
        history: PageHistory,
        *,
        admins: Iterable[str],
        organizers_of: OrganizersOf,
        has_close: HasClose,
        is_good: IsGood | None = None,
    ) -> ContestLedger:
        """Fold the revisions of ``history`` newer than the last one seen.

        ``admins`` are the home wiki's administrators now. The creator is taken from
        ``history.creator`` or, failing that, from a revision without a parent.
        """
        ledger = replace(self, wiki=history.wiki, title=history.title)
        if ledger.creator is None and history.creator:
            ledger = replace(ledger, creator=user_key(history.creator))
        admin_set = user_set(admins)
        if (is_good is not None and ledger.good is None and ledger.broken is None
                and ledger.page.text is not None and ledger.page.trusted is not None and is_good(ledger.page.text)):
            # A ledger folded before the last good settings were kept: its trusted text is the good one.
            ledger = replace(ledger, good=ledger.page.trusted, good_text=ledger.page.text)
        for rev in new_revisions(history.revisions, ledger.page.last_seen):
            if ledger.creator is None and rev.parentid == 0:
                ledger = replace(ledger, creator=user_key(rev.user))
            allowed = admin_set | set(ledger.organizers)
            if ledger.creator:
                allowed |= {ledger.creator}
            page = fold_trusted(ledger.page, [rev], is_trusted=_any_of(frozenset(allowed)))
            became_trusted = page.trusted is not None and page.trusted.revid == rev.revid
            if became_trusted and rev.text is not None:
                ledger = ledger._read_trusted(rev.text, page, organizers_of, has_close)
                if is_good is not None:
                    ledger = ledger._note_good(rev.text, is_good)
            else:
                ledger = replace(ledger, page=page)
            ledger = ledger._note_close_try(rev, has_close)
        return ledger

    def _note_close_try(self, rev: PageRevision, has_close: HasClose) -> ContestLedger:
        """Remember an untrusted revision that added ``{{Editathon close}}``."""
        if not self.page.untrusted:  # a trusted save (or a revert) ended the pending edits
            return replace(self, close_tries=(), untrusted_close=0)
        if self.page.untrusted[-1].revid != rev.revid or rev.text is None:
            return self
        closes = int(has_close(rev.text))
        tries = self.close_tries
        # A close added over another pending one (a second forger) is a close attempt too.
        if closes > self.untrusted_close and not self.close_present:
            tries = (*tries, rev.revid)
        return replace(self, close_tries=tries, untrusted_close=closes)

    def _note_good(self, text: str, is_good: IsGood) -> ContestLedger:
        """Remember the newest trusted text that reads cleanly, or where it stopped doing so."""
        mark = self.page.trusted
        if is_good(text):
            return replace(self, good=mark, good_text=text, broken=None)
        if self.good is not None and self.broken is None:
            return replace(self, broken=mark)
        return self

    @property
    def kept(self) -> bool:
        """True when the trusted text is broken and an earlier good one stands instead."""
        return self.broken is not None and self.good_text is not None

    def _read_trusted(
        self,
        text: str,
        page: TrustedPageState,
        organizers_of: OrganizersOf,
        has_close: HasClose,
    ) -> ContestLedger:
        """Take a new trusted revision: its close and the organizers it names."""
        assert page.trusted is not None  # the caller checked
        mark = page.trusted
        by_organizer = mark.user in self.organizers  # named before this edit
        present, endorsed, close_mark = self.close_present, self.close_endorsed, self.close_mark
        closed_by = self.closed_by
        if not has_close(text):
            present, endorsed, close_mark, closed_by = False, False, None, None
        elif by_organizer:
            if not (self.close_present and self.close_endorsed):
                closed_by = mark  # later organizer saves keep the close where it took effect
            present, endorsed, close_mark = True, True, None
        elif not self.close_present:
            present, endorsed, close_mark = True, False, mark
        named = organizers_of(text)
        organizers = self.organizers if named is None else tuple(sorted(user_set(named)))
        return replace(
            self,
            page=page,
            organizers=organizers,
            close_present=present,
            close_endorsed=endorsed,
            close_mark=close_mark,
            closed_by=closed_by,
        )

    def problems(self) -> list[Problem]:
        """``trust-untrusted-contest-edit`` {user} for each ignored revision after the
        trusted one, and ``trust-close-not-organizer`` {user} for a close that counts not."""
        out = [
            replace(p, key="trust-close-untrusted") if p.revid in self.close_tries else p
            for p in untrusted_problems(
                self.page, "trust-untrusted-contest-edit", wiki=self.wiki, page=self.title
            )
        ]
        if self.close_present and not self.close_endorsed and self.close_mark:
            out.append(
                Problem.make(
                    "trust-close-not-organizer",
                    self.wiki,
                    self.title,
                    revid=self.close_mark.revid,
                    user=self.close_mark.user,
                )
            )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "wiki": self.wiki,
            "title": self.title,
            "creator": self.creator,
            "page": self.page.to_json(),
            "organizers": list(self.organizers),
            "close_present": self.close_present,
            "close_endorsed": self.close_endorsed,
            "close_mark": self.close_mark.to_json() if self.close_mark else None,
            "closed_by": self.closed_by.to_json() if self.closed_by else None,
            "close_tries": list(self.close_tries),
            "untrusted_close": self.untrusted_close,
            "good": self.good.to_json() if self.good else None,
            "good_text": self.good_text,
            "broken": self.broken.to_json() if self.broken else None,
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> ContestLedger:
        return ContestLedger(
            wiki=str(d["wiki"]),
            title=str(d["title"]),
            creator=d.get("creator"),
            page=TrustedPageState.from_json(d["page"]),
            organizers=tuple(d.get("organizers", ())),
            close_present=bool(d.get("close_present")),
            close_endorsed=bool(d.get("close_endorsed")),
            close_mark=RevisionMark.from_json(d["close_mark"]) if d.get("close_mark") else None,
            closed_by=RevisionMark.from_json(d["closed_by"]) if d.get("closed_by") else None,
            close_tries=tuple(int(r) for r in d.get("close_tries", ())),
            untrusted_close=int(d.get("untrusted_close") or 0),
            good=RevisionMark.from_json(d["good"]) if d.get("good") else None,
            good_text=d.get("good_text"),
            broken=RevisionMark.from_json(d["broken"]) if d.get("broken") else None,
        )


def _any_of(users: frozenset[str]) -> Callable[[PageRevision, TrustedPageState], bool]:
    """A trust test: the revision's user is one of ``users``."""
    return lambda rev, _state: user_key(rev.user) in users

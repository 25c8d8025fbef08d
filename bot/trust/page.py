"""Pages read whole from their latest trusted revision: ``B`` and worklists (contract §3).

For these pages the bot does not piece text together from several authors: it takes
the latest revision saved by someone allowed to edit the page and reads it whole.
Revisions saved after it by anyone else are ignored and reported, until a trusted
editor saves again (their save is then read whole, so it also adopts whatever the
untrusted edits left in the text: a trusted editor is responsible for what they save).

:func:`fold_trusted` is the shared machinery; who counts as trusted is the caller's
``is_trusted``. :class:`WorklistLedger` applies it to worklists (organizers and
administrators); :mod:`bot.trust.contest` applies it to ``B``.

A gap in the history (a revision whose text is hidden, or missing after a partial
undelete) hides what changed in it. The first trusted save after a gap is therefore
*held*: read only if it brings back the trusted text, or if every revision in the gap is
known to be a trusted editor's; otherwise the last trusted text stands and the held save
is reported, until a trusted editor saves the page again (that save is read whole, as
any trusted save). So nobody's hidden edit passes under the next organizer's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.model import PageHistory, PageRevision, Problem
from bot.trust.revisions import GapMark, RevisionMark, gap_before, new_revisions, unreadable
from bot.trust.users import user_key, user_set


@dataclass(frozen=True)
class TrustedPageState:
    """What a page's history has shown so far.

    ``trusted``/``text``: the latest revision by a trusted editor and its text (None
    until there is one). ``untrusted``: the revisions by others saved after it, each
    to be reported. ``last_seen``: the highest revid folded in. ``gap``: unreadable
    revisions not yet followed by a trusted save; ``held``: a trusted save not read
    because it followed such a gap (reported).
    """

    last_seen: int = 0
    trusted: RevisionMark | None = None
    text: str | None = None
    untrusted: tuple[RevisionMark, ...] = ()
    gap: tuple[GapMark, ...] = ()
    held: RevisionMark | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "last_seen": self.last_seen,
            "trusted": self.trusted.to_json() if self.trusted else None,
            "text": self.text,
            "untrusted": [m.to_json() for m in self.untrusted],
            "gap": [m.to_json() for m in self.gap],
            "held": self.held.to_json() if self.held else None,
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> TrustedPageState:
        return TrustedPageState(
            last_seen=int(d["last_seen"]),
            trusted=RevisionMark.from_json(d["trusted"]) if d.get("trusted") else None,
            text=d.get("text"),
            untrusted=tuple(RevisionMark.from_json(m) for m in d.get("untrusted", ())),
            gap=tuple(GapMark.from_json(m) for m in d.get("gap", ())),
            held=RevisionMark.from_json(d["held"]) if d.get("held") else None,
        )


def fold_trusted(
    state: TrustedPageState | None,
    revisions: Sequence[PageRevision],
    *,
    is_trusted: Callable[[PageRevision, TrustedPageState], bool],
) -> TrustedPageState:
    """Fold revisions (new since ``state``) into the page's trusted state.

    ``is_trusted(rev, state_before_rev)`` decides each revision, so a rule such as
    "organizers named in the trusted revision before the edit" can look at the state.
    A revision without text (hidden) or missing from the history (its parent is not
    the revision before it) opens a gap; see the module docstring for the save held
    after one. An untrusted hidden revision is reported like any untrusted one. An
    untrusted revision that brings the text back to the trusted text (someone reverted
    the untrusted edits) clears the pending reports: the page again shows what the bot
    reads.
    """
    st = state or TrustedPageState()
    for rev in new_revisions(revisions, st.last_seen):
        gap = gap_before(rev, st.last_seen, st.gap)
        mark = RevisionMark.of(rev)
        if rev.text is None:
            untrusted = st.untrusted if is_trusted(rev, st) else (*st.untrusted, mark)
            st = replace(st, last_seen=rev.revid, gap=(*gap, unreadable(rev)), untrusted=untrusted)
        elif is_trusted(rev, st):
            if gap and rev.text != st.text and not _gap_trusted(gap, rev, st, is_trusted):
                st = replace(st, last_seen=rev.revid, gap=(), held=mark)
            else:
                st = TrustedPageState(rev.revid, mark, rev.text, ())
        elif st.trusted is not None and rev.text == st.text:
            st = replace(st, last_seen=rev.revid, untrusted=(), gap=(), held=None)
        else:
            st = replace(st, last_seen=rev.revid, untrusted=(*st.untrusted, mark), gap=gap)
    return st


def _gap_trusted(
    gap: Sequence[GapMark],
    rev: PageRevision,
    st: TrustedPageState,
    is_trusted: Callable[[PageRevision, TrustedPageState], bool],
) -> bool:
    """Whether every revision in the gap is known to be a trusted editor's."""
    return all(
        m.user and is_trusted(PageRevision(m.revid, 0, m.user, rev.timestamp), st) for m in gap
    )


def untrusted_problems(state: TrustedPageState, key: str, *, wiki: str, page: str) -> list[Problem]:
    """One problem per ignored revision, with its revid for the diff link; and
    ``trust-after-history-gap`` {user} for a trusted save held after a gap."""
    out = [Problem.make(key, wiki, page, revid=m.revid, user=m.user) for m in state.untrusted]
    if state.held is not None:
        out.append(
            Problem.make(
                "trust-after-history-gap", wiki, page, revid=state.held.revid, user=state.held.user
            )
        )
    return out


@dataclass(frozen=True)
class WorklistLedger:
    """A worklist (``B/Worklist`` or an umbrella's): organizers and administrators only.

    The worklist's own creator gets no rights from creating it: the list decides which
    articles score, so only the people who run the contest may shape it. Organizers are
    the contest's current trusted ones, passed in at each fold (a revision is judged
    with the organizers known when it is first folded).
    """

    wiki: str = ""
    title: str = ""
    page: TrustedPageState = field(default_factory=TrustedPageState)

    @property
    def text(self) -> str | None:
        """The trusted text to parse, or None if no trusted editor has saved it yet."""
        return self.page.text

    @property
    def revid(self) -> int | None:
        return self.page.trusted.revid if self.page.trusted else None

    def fold(
        self, history: PageHistory, *, organizers: Iterable[str], admins: Iterable[str]
    ) -> WorklistLedger:
        allowed = user_set(organizers) | user_set(admins)
        page = fold_trusted(
            self.page,
            history.revisions,
            is_trusted=lambda rev, _st: user_key(rev.user) in allowed,
        )
        return WorklistLedger(history.wiki, history.title, page)

    def problems(self) -> list[Problem]:
        """``trust-untrusted-worklist-edit`` {user} for each ignored revision."""
        return untrusted_problems(
            self.page, "trust-untrusted-worklist-edit", wiki=self.wiki, page=self.title
        )

    def to_json(self) -> dict[str, Any]:
        return {"wiki": self.wiki, "title": self.title, "page": self.page.to_json()}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> WorklistLedger:
        return WorklistLedger(
            str(d["wiki"]), str(d["title"]), TrustedPageState.from_json(d["page"])
        )

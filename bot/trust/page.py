"""Pages read whole from their latest trusted revision: ``B`` and worklists (contract §3).

For these pages the bot does not piece text together from several authors: it takes
the latest revision saved by someone allowed to edit the page and reads it whole.
Revisions saved after it by anyone else are ignored and reported, until a trusted
editor saves again (their save is then read whole, so it also adopts whatever the
untrusted edits left in the text: a trusted editor is responsible for what they save).

:func:`fold_trusted` is the shared machinery; who counts as trusted is the caller's
``is_trusted``. :class:`WorklistLedger` applies it to worklists (organizers and
administrators); :mod:`bot.trust.contest` applies it to ``B``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.model import PageHistory, PageRevision, Problem
from bot.trust.revisions import RevisionMark, new_revisions
from bot.trust.users import user_key, user_set


@dataclass(frozen=True)
class TrustedPageState:
    """What a page's history has shown so far.

    ``trusted``/``text``: the latest revision by a trusted editor and its text (None
    until there is one). ``untrusted``: the revisions by others saved after it, each
    to be reported. ``last_seen``: the highest revid folded in.
    """

    last_seen: int = 0
    trusted: RevisionMark | None = None
    text: str | None = None
    untrusted: tuple[RevisionMark, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "last_seen": self.last_seen,
            "trusted": self.trusted.to_json() if self.trusted else None,
            "text": self.text,
            "untrusted": [m.to_json() for m in self.untrusted],
        }

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> TrustedPageState:
        return TrustedPageState(
            last_seen=int(d["last_seen"]),
            trusted=RevisionMark.from_json(d["trusted"]) if d.get("trusted") else None,
            text=d.get("text"),
            untrusted=tuple(RevisionMark.from_json(m) for m in d.get("untrusted", ())),
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
    Revisions without text (hidden or not fetched) cannot be read and are skipped.
    An untrusted revision that brings the text back to the trusted text (someone
    reverted the untrusted edits) clears the pending reports: the page again shows
    what the bot reads.
    """
    st = state or TrustedPageState()
    for rev in new_revisions(revisions, st.last_seen):
        if rev.text is None:
            st = replace(st, last_seen=rev.revid)
        elif is_trusted(rev, st):
            st = TrustedPageState(rev.revid, RevisionMark.of(rev), rev.text, ())
        elif st.trusted is not None and rev.text == st.text:
            st = replace(st, last_seen=rev.revid, untrusted=())
        else:
            st = replace(st, last_seen=rev.revid, untrusted=(*st.untrusted, RevisionMark.of(rev)))
    return st


def untrusted_problems(state: TrustedPageState, key: str, *, wiki: str, page: str) -> list[Problem]:
    """One problem per ignored revision, with its revid for the diff link."""
    return [Problem.make(key, wiki, page, revid=m.revid, user=m.user) for m in state.untrusted]


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

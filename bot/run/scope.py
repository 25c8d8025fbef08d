"""Which contests a run reads and writes, and how umbrellas sit over contests.

:class:`UmbrellaTree` follows ``parent =`` through any nesting: the topics a contest
inherits from its umbrellas' general worklists, and the contests an umbrella's
leaderboard rolls up. :class:`Scope` is what a ``--contest`` run reads for the sake
of the one contest it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.model import PageRef, Problem, Topic
from bot.run.context import ContestOutcome, RunContext
from bot.run.pages import stored_settings
from bot.wiki_reads import WikiError


def split_only(only: str | None, wikis: frozenset[str]) -> tuple[str | None, str | None]:
    """``--contest tt:Project:X`` names the wiki; a bare title is looked for on every wiki."""
    if not only:
        return None, None
    prefix, sep, rest = only.partition(":")
    if sep and prefix in wikis:
        return prefix, rest
    return None, only


def _normalized(run: RunContext, code: str, title: str) -> str:
    """The wiki's spelling of ``title``; as typed when the wiki cannot be asked (its failure
    is reported by the run like any other, not as a crash of the command)."""
    try:
        return run.wikis[code].normalize(title)
    except WikiError:
        return title


class UmbrellaTree:
    """Which contests sit below which umbrella (``parent =``), through any nesting."""

    def __init__(self, outcomes: Sequence[ContestOutcome], normalize: Callable[[PageRef], PageRef]) -> None:
        self.by_ref = {o.ref: o for o in outcomes if o.settings is not None}
        self.parent: dict[PageRef, PageRef] = {}
        for o in outcomes:
            if o.settings is not None and o.settings.parent is not None:
                ref = normalize(o.settings.parent)
                self.parent[o.ref] = ref
                target = self.by_ref.get(ref)
                if (target is None or not target.settings or not target.settings.umbrella) and o.pages:
                    o.pages.problems.append(Problem.make(
                        "contest-parent-not-umbrella", o.wiki, o.title, revid=o.settings.revid,
                        parent=str(ref) if ref.wiki != o.wiki else ref.title))

    def ancestors(self, o: ContestOutcome) -> list[ContestOutcome]:
        out: list[ContestOutcome] = []
        ref = self.parent.get(o.ref)
        seen = {o.ref}
        while ref is not None and ref not in seen and ref in self.by_ref:
            seen.add(ref)
            out.append(self.by_ref[ref])
            ref = self.parent.get(ref)
        return out

    def inherited_topics(self, o: ContestOutcome) -> list[Topic]:
        return [t for a in self.ancestors(o) if a.pages for t in a.pages.worklist.topics]

    def contests_below(self, umbrella: ContestOutcome) -> list[ContestOutcome]:
        return [o for o in self.by_ref.values()
                if o.settings is not None and not o.settings.umbrella and umbrella in self.ancestors(o)]


class Scope:
    """What a ``--contest`` run reads: the contest, its umbrellas (their general worklists
    count in it) and, for an umbrella, every contest below it (to roll them up). Only the
    named contest is written. Known contests' parents come from their stored settings, so
    finding them costs no request."""

    def __init__(self, run: RunContext, selected: list[tuple[str, str]], targets: Sequence[tuple[str, str]]) -> None:
        self.run = run
        self.selected = set(selected)
        self.targets = list(targets)
        self._parents: dict[tuple[str, str], PageRef | None] = {}

    @staticmethod
    def of(run: RunContext, only: str, targets: Sequence[tuple[str, str]]) -> Scope:
        wiki, title = split_only(only, run.cfg.known_wikis)
        assert title is not None
        found: list[tuple[str, str]] = []
        for code in run.cfg.wikis:
            if wiki not in (None, code):
                continue
            name = _normalized(run, code, title)
            if (code, name) in targets or wiki == code:
                found.append((code, name))
        if not found and wiki is None:  # not known anywhere yet: look on every wiki
            found = [(code, _normalized(run, code, title)) for code in run.cfg.wikis]
        return Scope(run, found, targets)

    def parent(self, key: tuple[str, str]) -> PageRef | None:
        if key not in self._parents:
            s = stored_settings(self.run, *key)
            self._parents[key] = self.run.wikis.normalize_ref(s.parent) if s and s.parent else None
        return self._parents[key]

    def initial(self) -> list[tuple[str, str]]:
        return sorted(self.selected)

    def more(self, outcome: ContestOutcome) -> list[tuple[str, str]]:
        """After reading ``outcome``: its umbrella, and if it is a selected umbrella, its contests."""
        out: list[tuple[str, str]] = []
        s = outcome.settings
        if s and s.parent:
            p = self.run.wikis.normalize_ref(s.parent)
            out.append((p.wiki, p.title))
        if s and s.umbrella and (outcome.wiki, outcome.title) in self.selected:
            mine = {PageRef(outcome.wiki, outcome.title)}
            for key in self.targets:
                ref = self.parent(key)
                chain: set[PageRef] = set()
                while ref is not None and ref not in chain:
                    if ref in mine:
                        out.append(key)
                        break
                    chain.add(ref)
                    ref = self.parent((ref.wiki, ref.title))
        return out

    def mark(self, outcomes: Sequence[ContestOutcome]) -> None:
        """Only the named contest is written; the others were read for its sake."""
        for o in outcomes:
            o.writes = (o.wiki, o.title) in self.selected

"""What one run holds, and what it found: records only, no behaviour.

A :class:`RunContext` is made by :func:`bot.run.update.run_once` and handed down to
every step of the run (polling, reading contest pages, syncing articles, notices,
status pages); the steps read the config, the store, the sessions and ``now`` from
it, and add what they find to its summary. Whether anything is written is not the
context's business: every save goes through :class:`bot.run.publisher.Publisher`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.config import BotConfig
from bot.fingerprint import ContestInputs
from bot.model import (
    ContestResult,
    ContestSettings,
    Decision,
    Extension,
    PageRef,
    Problem,
    Signup,
    Suspension,
    Worklist,
)
from bot.run.sync import SyncStats, WikiChanges
from bot.store import Store
from bot.trust.approval import ApprovalStatus
from bot.wiki import Wikis
from bot.years import EditionFigures

log = logging.getLogger("bot.run")

Printer = Callable[[str], None]


@dataclass
class ContestPages:
    """What the contest's pages say, as far as the page histories prove it."""

    settings: ContestSettings | None
    signups: list[Signup] = field(default_factory=list)
    withdrawn: frozenset[str] = frozenset()
    decisions: list[Decision] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    worklist: Worklist = field(default_factory=Worklist)
    problems: list[Problem] = field(default_factory=list)
    lastrevids: dict[str, int] = field(default_factory=dict)
    closed_at: datetime | None = None
    approval: ApprovalStatus | None = None  # None: the settings could not be read
    extensions: list[Extension] = field(default_factory=list)


@dataclass(frozen=True)
class Synced:
    """One wiki of a contest after :func:`sync_contest`: whether the wiki could be read, and
    the sync's counts (contributions, pages, texts) before and after. Its participants' pages
    are looked up when the contest is scored (a contest skipped as unchanged needs none)."""

    down: bool
    before: tuple[int, int, int]
    after: tuple[int, int, int]


@dataclass
class ContestOutcome:
    wiki: str
    title: str
    state: str = ""
    entries: int = 0
    participants: int = 0
    edits: int = 0
    error: str | None = None
    problems: tuple[Problem, ...] = ()
    result: ContestResult | None = None
    settings: ContestSettings | None = None
    pages: ContestPages | None = field(default=None, repr=False)
    writes: bool = True  # False: read (and scored) only for an umbrella's sake under --contest
    years: tuple[EditionFigures, ...] = ()  # an umbrella's editions compared (issue 21)
    refused: tuple[str, ...] = ()  # "TITLE: why" for each of its pages the wiki did not save
    stopped: str | None = None  # "by USER since TIME" when its wiki's stop page held its edits
    parts: tuple[str, ...] = ()  # titles of the numbered parts its split pages are written in
    #: What its scoring read this run (:mod:`bot.fingerprint`); None: not known (it failed).
    inputs: ContestInputs | None = field(default=None, repr=False)
    unchanged: bool = False  # True: nothing it reads changed since its last good run, so it was not rescored
    #: Its sync this run, per wiki (:func:`bot.run.candidates.sync_contest`): an umbrella that
    #: scores a contest skipped as unchanged scores what that sync found, without a second one.
    synced: dict[str, Synced] | None = field(default=None, repr=False)

    @property
    def ref(self) -> PageRef:
        return PageRef(self.wiki, self.title)


@dataclass
class RunSummary:
    started: datetime
    simulate: bool
    contests: list[ContestOutcome] = field(default_factory=list)
    requests: dict[str, int] = field(default_factory=dict)
    edits: dict[str, int] = field(default_factory=dict)
    wiki_errors: dict[str, str] = field(default_factory=dict)
    diffs: list[str] = field(default_factory=list)
    #: Every page the wiki did not save, "wiki:TITLE: why" (contests' pages and status pages).
    refused: list[str] = field(default_factory=list)
    #: Wikis whose stop page held edits back: wiki -> "by USER since TIME".
    stopped: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """False when anything was not done: a failed contest or wiki, a page the wiki
        refused, or edits a stop page held back (console, status page and exit code agree)."""
        return (not any(c.error for c in self.contests) and not self.wiki_errors
                and not self.refused and not self.stopped)


@dataclass
class RunContext:
    """One run's config, store, sessions and clock, and what it has learned so far."""

    cfg: BotConfig
    store: Store
    wikis: Wikis
    now: datetime
    simulate: bool
    progress: Printer
    summary: RunSummary
    #: Per wiki, what recent changes said since the last run (None: read everything).
    changes: dict[str, WikiChanges | None] = field(default_factory=dict)
    #: The recent-changes cursors polled, stored only once the run has done its work:
    #: cursor key -> (time, rcids seen, edit count). See :func:`bot.run.poll.commit_cursors`.
    cursors: dict[str, tuple[datetime, set[int], int | None]] = field(default_factory=dict)
    stats: SyncStats = field(default_factory=SyncStats)
    #: Category walks of this run, shared by the contests: (wiki, category, depth) -> page ids.
    category_trees: dict[tuple[str, str, int], frozenset[int]] = field(default_factory=dict)
    #: Subscribers of each umbrella, read before any contest is scored.
    subscribers: dict[PageRef, tuple[str, ...]] = field(default_factory=dict)
    #: Who opted out of an umbrella's invitations (issue 21), read before any contest is scored.
    optouts: dict[PageRef, tuple[str, ...]] = field(default_factory=dict)
    #: The ``--contest`` a run is limited to (it keeps recent-changes cursors of its own).
    cursor_scope: str | None = None
    #: Issue 21: a contest page -> the edition whose ``previous =`` names it.
    next_editions: dict[PageRef, PageRef] = field(default_factory=dict)
    #: Issue 20: every worklist item's articles, asked of Wikidata once per run (item -> wiki -> title).
    sitelinks: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    wikidata_requests: int = 0
    #: Score every contest even when nothing it reads changed (``editathon report`` needs every result).
    rescore_all: bool = False

    @staticmethod
    def start(cfg: BotConfig, store: Store, wikis: Wikis, *, now: datetime, simulate: bool,
              progress: Printer | None = None) -> RunContext:
        return RunContext(cfg=cfg, store=store, wikis=wikis, now=now, simulate=simulate,
                          progress=progress or (lambda s: log.info("%s", s)),
                          summary=RunSummary(started=now, simulate=simulate))

"""Plain records the edges hand to the core: what a wiki answered, what the store keeps.

:mod:`bot.wiki` and :mod:`bot.wiki_reads` build the first kind from API answers,
:mod:`bot.store` the second from its rows; the run and the pure core read them
without importing either edge (and so without pywikibot or sqlite-utils).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# ------------------------------------------------------------------ what a wiki answered


@dataclass(frozen=True)
class RCEntry:
    rcid: int
    type: str  # edit new log categorize
    ns: int
    title: str
    pageid: int
    revid: int
    old_revid: int
    user: str
    timestamp: datetime
    oldlen: int
    newlen: int
    sha1: str
    tags: tuple[str, ...]
    logtype: str = ""
    logaction: str = ""
    logparams: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Contrib:
    user: str
    pageid: int
    revid: int
    parentid: int
    ns: int
    title: str
    timestamp: datetime
    size: int
    sizediff: int
    new: bool
    tags: tuple[str, ...]


@dataclass(frozen=True)
class RevMeta:
    revid: int
    parentid: int
    user: str
    timestamp: datetime
    size: int
    sha1: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PageDetails:
    pageid: int
    exists: bool
    title: str = ""
    ns: int = 0
    redirect: bool = False
    lastrevid: int = 0
    revisions: tuple[RevMeta, ...] = ()  # oldest first, by revid
    langlinks: tuple[tuple[str, str], ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class PageFacts:
    """What one batched ``prop=info|revisions|langlinks|pageprops`` says about a page:
    its info, language links, Wikidata item and its latest revision (metadata only)."""

    pageid: int
    exists: bool
    title: str = ""
    ns: int = 0
    redirect: bool = False
    lastrevid: int = 0
    top: RevMeta | None = None
    langlinks: tuple[tuple[str, str], ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class RevisionsById:
    """Revisions read by id: each one's page and metadata, the texts asked for, and the ids
    the wiki does not have (deleted with their page, or never saved)."""

    pages: dict[int, int] = field(default_factory=dict)  # revid -> pageid
    meta: dict[int, RevMeta] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    missing: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Namespaces:
    """Names of the namespaces the parsers need, local and canonical."""

    user: frozenset[str]
    file: frozenset[str]
    category: frozenset[str]
    names: dict[int, str]  # ns number -> local name


# ------------------------------------------------------------------ what the store keeps


@dataclass(frozen=True)
class PageRow:
    wiki: str
    pageid: int
    title: str
    ns: int
    redirect: bool
    deleted: bool
    created: datetime | None
    created_by: str
    entered_main: datetime | None
    langlinks: tuple[tuple[str, str], ...]
    wikidata: str | None
    categories: tuple[str, ...]
    last_revid: int
    dirty: bool
    moves: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class NoticeRow:
    """What the store knows of one notice of a contest (see :mod:`bot.run.notify`)."""

    user: str
    kind: str
    key: str
    state: str  # intended | sent | skipped | failed
    detail: str
    attempts: int

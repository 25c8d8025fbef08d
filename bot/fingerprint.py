"""Whether a contest must be scored again: its inputs' fingerprint, and the decision (pure).

A run with nothing new used to rescore and re-render every contest, though the
Publisher then wrote nothing: 100 municipal contests cost 8 s of CPU for no change.
A contest is now skipped when *everything its scoring and rendering read* is what it
was at its last successful run. The run layer (:mod:`bot.run.unchanged`) gathers the
inputs; this module holds what they are, their digest and the decision, on plain
values, so they can be tested without a wiki or a database.

The inputs (:class:`ContestInputs`), each a digest of a canonical form
(:func:`canonical`: dataclasses by field, sets sorted, times in ISO), kept apart so the
console can say *which* changed:

``code``
    the bot's own source and messages (every file of the ``bot`` package) and
    ``MEASURE_VERSION``: a fix to the scoring, the rendering or a message rescores.
``config``
    the bot's configuration (wikis, languages, names, namespaces...); the home wiki's
    page size limit (``maxarticlesize``: where a ranking splits into parts) is in ``context``.
``pages``
    the contest's pages as the trust ledgers read them: settings, signups and
    withdrawals, the worklist (with the topics inherited from umbrellas), jury decisions
    and suspensions, extensions, the approval, the close, and every problem found
    reading them (a wiki that could not be read this run is such a problem; so is a hand
    edit of a page the bot writes, listed for a week: the list is made anew each run, so
    an edit seen in recent changes, or its week ending, changes this part).
``articles``
    the store's rows of every page the participants have revisions on, on each wiki of
    the contest, with all their revisions, tags and figures: whatever the sync changed
    in them (a new edit, a revert tag, a move, a deletion, a re-measured text) shows.
``notices``
    the notices recorded for the contest (their state shows as problems while due).
``context``
    what other contests and outside sources lend it: the next edition's page, the
    Wikidata sitelinks of worklist items, the umbrellas' subscribers, registration dates
    when a rule needs them; for an umbrella, the fingerprints of the contests below it.
``phase`` and ``clock``
    the clock's part (see below).

**The clock.** Scoring reads the time only through the contest's phase
(:func:`bot.model.contest_state`: upcoming, open, ended, closed), through "reverted
before the close" (``closes_at``: the close's revision, else *now*; *now* matters only
for revisions saved at or after it, which are counted in the clock part, so a clock set
back is seen), through the notices' freshness windows (a welcome, verdict or closing
notice is due for :data:`bot.notices.MAX_AGE` after its event; an announcement for as
long after the start) and, for an umbrella comparing editions, the 30/90-day windows
after each edition. All these are instants computed from the inputs themselves
(:func:`clock_boundaries`); the clock part is *how many of them lie at or before now*,
so crossing any one of them rescores, and nothing else about the time does. A page
whose undo still waits for ``mw-reverted`` is re-read by the sync each run (it stays
dirty for :data:`bot.article.REVERT_TAG_WAIT`), so its tag arriving, or the wait ending,
changes ``articles``. Nothing the bot renders shows the date of the run.

**Never skipped** (:func:`decide`): a contest never scored, or whose last run did not
finish well (failed, a page refused or held by the stop page, a notice still to be
delivered: the run layer then stores no fingerprint); a contest whose criteria walk
categories (the category tree is read from the wiki each run, and templates change it
without any edit to the articles); a contest one of whose pages the bot writes is no
longer the revision the bot saved (a hand edit: the Publisher restores it).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

#: The parts of :class:`ContestInputs` compared, in the order the console names them.
PARTS = ("code", "config", "pages", "articles", "notices", "context", "phase", "clock")


_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per type


def canonical(value: Any) -> Any:
    """A JSON-able form of ``value`` that is the same in every process for equal values.

    Dataclasses by field name, mappings with sorted keys, sets and frozensets sorted
    (their iteration order changes with the process's string hashing), times in ISO.
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {"@": kind.__name__, **{n: canonical(getattr(value, n)) for n in names}}
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return [[canonical(k), canonical(v)] for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "__dict__"):
        return {"@": type(value).__name__, **{k: canonical(v) for k, v in sorted(vars(value).items())}}
    return repr(value)


def digest(*values: Any) -> str:
    """The sha256 of the canonical form of ``values``."""
    text = json.dumps([canonical(v) for v in values], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clock_index(boundaries: Iterable[datetime], now: datetime) -> int:
    """How many of the instants at which a contest's shown state may change lie at or before ``now``."""
    return sum(1 for b in set(boundaries) if b <= now)


def clock_boundaries(
    *,
    period: tuple[datetime, datetime],
    events: Iterable[datetime],
    max_age: timedelta,
    windows: Iterable[datetime] = (),
) -> list[datetime]:
    """Every instant the clock can change a contest's scoring, notices or pages at.

    ``period``'s start and end (the phase turns upcoming -> open -> ended); for each of
    ``events`` (signups, jury decisions, the close, the period's start) the moment its
    notice stops being fresh (``event + max_age``); and ``windows`` (extension ends, an
    umbrella's years windows) as they are. More instants than needed only cost a
    rescore; a missing one would skip a change, so when in doubt an instant is added.
    """
    start, end = period
    out = [start, end, *windows]
    out += [e + max_age for e in events]
    out.append(start + max_age)
    return out


@dataclass(frozen=True)
class ContestInputs:
    """The digests of what a contest's scoring and rendering read (see the module docstring)."""

    code: str
    config: str
    pages: str
    articles: str
    notices: str
    context: str
    phase: str
    clock: str  # how many clock boundaries lie at or before now (and revisions dated after it)
    walks_categories: bool = False  # its criteria read category trees from the wiki: never skipped

    def parts(self) -> dict[str, str]:
        return {p: str(getattr(self, p)) for p in PARTS}

    @property
    def fingerprint(self) -> str:
        return digest(self.parts())


@dataclass(frozen=True)
class LastScored:
    """What a contest's last successful run stored: its inputs, the pages it wrote (title
    -> the revision the bot saved), and what the status page
    and the console show of it (kept, since a skipped contest is not scored again)."""

    parts: Mapping[str, str]
    outputs: Mapping[str, int]
    entries: int = 0
    participants: int = 0
    problems: tuple[dict[str, Any], ...] = ()
    page_parts: tuple[str, ...] = ()  # the numbered parts its split pages were written in

    @property
    def fingerprint(self) -> str:
        return digest(dict(self.parts))

    def to_json(self) -> dict[str, Any]:
        return {"parts": dict(self.parts), "outputs": dict(self.outputs), "entries": self.entries,
                "participants": self.participants, "problems": list(self.problems),
                "page_parts": list(self.page_parts)}

    @staticmethod
    def from_json(raw: Mapping[str, Any] | None) -> LastScored | None:
        if not raw or not isinstance(raw.get("parts"), dict):
            return None
        try:
            return LastScored(parts={str(k): str(v) for k, v in raw["parts"].items()},
                              outputs={str(k): int(v) for k, v in (raw.get("outputs") or {}).items()},
                              entries=int(raw.get("entries", 0)), participants=int(raw.get("participants", 0)),
                              problems=tuple(raw.get("problems") or ()),
                              page_parts=tuple(str(t) for t in raw.get("page_parts") or ()))
        except (TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Decision:
    """Rescore or not, and why (said on the console)."""

    rescore: bool
    why: str


def decide(inputs: ContestInputs, last: LastScored | None, current: Mapping[str, int | None]) -> Decision:
    """Whether a contest must be scored and rendered again.

    ``current`` is, for the pages the bot writes for the contest, their latest revision
    as this run read it (None: not read this run). Skipped only when the last run
    finished well, every input part is unchanged and every page the bot wrote is still
    its own last save.
    """
    if inputs.walks_categories:
        return Decision(True, "its criteria read category trees")
    if last is None:
        return Decision(True, "no finished run to compare with")
    changed = [p for p in PARTS if last.parts.get(p) != str(getattr(inputs, p))]
    if changed:
        return Decision(True, "changed: " + ", ".join(changed))
    edited = sorted(t for t, revid in last.outputs.items()
                    if current.get(t) is not None and current.get(t) != revid)
    if edited:
        return Decision(True, "edited by someone else: " + ", ".join(edited))
    return Decision(False, "nothing it reads changed")


def outputs_written(titles: Sequence[str], written: Mapping[str, int | None]) -> dict[str, int]:
    """The pages the bot wrote for a contest, each with the revision it saved last (pages it
    never wrote are not its own: someone else's edit of them changes nothing it shows)."""
    return {t: int(r) for t in titles if (r := written.get(t)) is not None}

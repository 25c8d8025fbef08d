"""Extensions: more time for one participant or one wiki (contract §3 and §5, v1.1).

Some years a community loses its internet for a week and needs more time. An organizer
writes, on ``B`` or on ``B/Jury``::

    {{Editathon extension | Aigul | until = 2026-12-07 | comment = No internet in Chally }}
    {{Editathon extension | tt: | until = 2026-12-07 }}        (every participant's tt edits)

Edits in the extended time (after the contest's end, up to ``until``, inclusive, in the
contest's time zone) then count for those it names only: that participant's edits on
every wiki of the contest, or every participant's edits on that wiki. Nobody else's.

Trust is read from history like the organizers' other decisions (contract §3): a
template counts only when the revision that added it was saved by an organizer (the
organizers named in ``B``'s trusted revision now, as for signups an organizer adds).
One added by anyone else is ignored and reported with its diff while it is on the page.
An organizer who removes it ends the extension; a removal by anyone else is ignored.

Pure: the parser reads text; :class:`ExtensionLedger` folds page revisions and reads
them out with the organizers; :func:`user_period` gives each participant's own period,
which the scorer uses for that participant's edits. Because counting is recomputed
from the stored edits on every run, an extension given after a run has passed over
those edits brings them back (the run re-reads the named participants' contributions
for the extended time when an extension first appears).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.aliases import Aliases
from bot.contract import EXTENSION, EXTENSION_PARAMS
from bot.model import ContestSettings, Extension, PageHistory, Problem
from bot.parse.common import Args, Reporter, find_templates, logical_lines
from bot.parse.names import normalize_user, split_wiki_prefix
from bot.parse.values import parse_date
from bot.trust.revisions import RevisionMark, new_revisions
from bot.trust.users import user_set


def parse_extensions(
    text: str, *, wiki: str, page: str, aliases: Aliases, known_wikis: frozenset[str]
) -> tuple[list[Extension], list[Problem]]:
    """Every ``{{Editathon extension}}`` on a page, and the problems of unreadable ones."""
    report = Reporter(wiki, page)
    found, _ = find_templates(logical_lines(text), aliases)
    out: list[Extension] = []
    for f in found:
        if f.name != EXTENSION:
            continue
        args = Args.of(f.template, aliases, f.line)
        report.unknown_params(f, args, EXTENSION_PARAMS)
        target = args.get("1") or args.get("user") or (args.get("wiki") + ":" if args.has("wiki") else "")
        until = parse_date(args.get("until")) if args.has("until") else None
        if not args.has("until"):
            report.add("parse-contest-missing-param", f.line, template=f.name, param="until")
        elif until is None:
            report.add("parse-contest-bad-date", args.line_of("until"), param="until", value=args.get("until"))
        who = _target(target, known_wikis)
        if who is None:
            report.add("extension-bad-target", f.line, value=target)
        if who is None or until is None:
            continue
        user, code = who
        out.append(Extension(user, code, until, " ".join(args.get("comment").split())))
    return out, report.sorted()


def _target(value: str, known_wikis: frozenset[str]) -> tuple[str | None, str | None] | None:
    """``Aigul`` -> (user, None); ``tt:`` or ``:tt:`` -> (None, "tt"); else None."""
    v = value.strip()
    if not v:
        return None
    split = split_wiki_prefix(v, known_wikis)
    if split.prefix is not None and not split.title:
        return (None, split.prefix) if split.known else None
    if v.lower().strip(":") in known_wikis and v.endswith(":"):
        return None, v.lower().strip(":")
    name = normalize_user(v.removeprefix("User:").removeprefix("user:"))
    return (name, None) if name else None


# --------------------------------------------------------------------------- trust


@dataclass(frozen=True)
class Added:
    """One extension on the page, with the revision that added it."""

    extension: Extension
    mark: RevisionMark

    def to_json(self) -> dict[str, Any]:
        e = self.extension
        return {"user": e.user, "wiki": e.wiki, "until": e.until.isoformat(), "comment": e.comment,
                "mark": self.mark.to_json()}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> Added:
        e = Extension(d.get("user"), d.get("wiki"), date.fromisoformat(d["until"]), str(d.get("comment", "")))
        return Added(e, RevisionMark.from_json(d["mark"]))


@dataclass(frozen=True)
class Removed:
    """An extension taken off the page, by whom (an organizer's removal ends it)."""

    key: str
    mark: RevisionMark


@dataclass(frozen=True)
class ExtensionLedger:
    """One page's extensions (``B`` or ``B/Jury``), as its history shows them.

    ``lines``: the extensions on the page now, each with the revision that added it
    (an extension whose template was taken away by a non-organizer stays, with
    ``removed_by`` left to decide at read-out). A changed comment keeps the first
    revision that added the extension.
    """

    wiki: str = ""
    page: str = ""
    last_seen: int = 0
    lines: tuple[Added, ...] = ()
    removed: tuple[tuple[str, str, str], ...] = ()  # (key, remover, added_by) of taken-away extensions

    def fold(self, history: PageHistory, *, parse: Any) -> ExtensionLedger:
        """Fold new revisions; ``parse(text) -> list[Extension]``."""
        ledger = replace(self, wiki=history.wiki, page=history.title)
        for rev in new_revisions(history.revisions, self.last_seen):
            ledger = replace(ledger, last_seen=rev.revid)
            if rev.text is None:
                continue
            now = {e.key: e for e in parse(rev.text)}
            mark = RevisionMark.of(rev)
            kept: list[Added] = []
            removed = list(ledger.removed)
            for a in ledger.lines:
                if a.extension.key in now:
                    kept.append(Added(replace(a.extension, comment=now[a.extension.key].comment), a.mark))
                else:
                    removed.append((a.extension.key, mark.user, a.mark.user))
            have = {a.extension.key for a in kept}
            for key, ext in now.items():
                if key not in have:
                    kept.append(Added(ext, mark))
                    removed = [r for r in removed if r[0] != key]
            ledger = replace(ledger, lines=tuple(kept), removed=tuple(removed[-50:]))
        return ledger

    def read(self, organizers: Iterable[str]) -> tuple[list[Extension], list[Problem]]:
        """The extensions in force (added by an organizer, not taken away by one), and the
        reports of those added by anyone else (``extension-not-organizer`` {user})."""
        orgs = user_set(organizers)
        out: list[Extension] = []
        problems: list[Problem] = []
        for a in self.lines:
            if a.mark.user in orgs:
                out.append(a.extension)
            else:
                problems.append(Problem.make("extension-not-organizer", self.wiki, self.page,
                                             revid=a.mark.revid, user=a.mark.user))
        for key, remover, added_by in self.removed:
            if added_by in orgs and remover not in orgs:  # an ignored removal: still in force
                match = [a for a in self.lines if a.extension.key == key]
                if not match:
                    ext = _from_key(key)
                    if ext is not None:
                        out.append(ext)
        return _unique(out), problems

    def to_json(self) -> dict[str, Any]:
        return {"wiki": self.wiki, "page": self.page, "last_seen": self.last_seen,
                "lines": [a.to_json() for a in self.lines], "removed": [list(r) for r in self.removed]}

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> ExtensionLedger:
        return ExtensionLedger(
            wiki=str(d.get("wiki", "")), page=str(d.get("page", "")), last_seen=int(d.get("last_seen", 0)),
            lines=tuple(Added.from_json(a) for a in d.get("lines", ())),
            removed=tuple((str(k), str(r), str(b)) for k, r, b in d.get("removed", ())),
        )


def _from_key(key: str) -> Extension | None:
    who, _, until = key.partition("|")
    kind, _, name = who.partition(":")
    try:
        day = date.fromisoformat(until)
    except ValueError:
        return None
    return Extension(name, None, day) if kind == "user" else Extension(None, name, day)


def _unique(items: Iterable[Extension]) -> list[Extension]:
    seen: dict[str, Extension] = {}
    for e in items:
        seen.setdefault(e.key, e)
    return sorted(seen.values(), key=lambda e: (e.user or "", e.wiki or "", e.until))


# --------------------------------------------------------------------------- periods


def day_end(day: date, timezone: str) -> datetime:
    """The instant a contest day ends (00:00 of the next day in the contest's zone), in UTC."""
    tz = ZoneInfo(timezone)
    return datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(ZoneInfo("UTC"))


def user_period(
    settings: ContestSettings, extensions: Sequence[Extension], user: str, wiki: str
) -> tuple[datetime, datetime]:
    """The period in which ``user``'s edits on ``wiki`` count: the contest's, with its end
    moved to the latest extension that names them or that wiki (never earlier)."""
    start, end = settings.period()
    for e in extensions:
        if e.applies(user, wiki):
            end = max(end, day_end(e.until, settings.timezone))
    return start, end


def widest_period(settings: ContestSettings, extensions: Sequence[Extension]) -> tuple[datetime, datetime]:
    """The contest's period stretched to its latest extension: what the sync must read."""
    start, end = settings.period()
    for e in extensions:
        end = max(end, day_end(e.until, settings.timezone))
    return start, end


def extended_users(extensions: Sequence[Extension], users: Iterable[str], wiki: str) -> list[str]:
    """The participants whose edits on ``wiki`` some extension covers."""
    return [u for u in users if any(e.applies(u, wiki) for e in extensions)]


def extension_to_json(e: Extension) -> dict[str, Any]:
    return {"user": e.user, "wiki": e.wiki, "until": e.until.isoformat(), "comment": e.comment}


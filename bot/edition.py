"""The next edition of a programme, made from the last one (``editathon kit next``).

The programme repeats yearly: the same umbrella, the same municipalities (and new ones),
much the same juries, the worklists carried over with what is still missing. This
module turns the last edition's pages into the next one's (pure: texts and settings in,
titles and texts out); :mod:`bot.cli.kit` reads the wikis and creates the pages.

What is carried over, per contest page ``B``:

- the whole trusted text of ``B``: settings, rules, criteria, nominations, prizes, the
  organizers and the jury (a starting point: the organizers change them as they like);
- the dates moved by a year (or to the days given; every contest keeps its offset from
  the umbrella), and the dates inside criteria and nominations (``registered after``,
  ``newcomers``) moved the same way;
- ``parent`` pointing at the new umbrella, and ``previous`` at the old page (v1.1), which
  is how each edition's pages link the previous and the next one: the bot's leaderboards
  read ``previous`` and show both links;
- not carried: ``{{Editathon close}}`` (the new edition is not closed),
  ``{{Editathon approve}}`` (the sponsor approves each year's package anew) and
  ``{{Editathon extension}}`` (last year's extra time).

Worklists: every line stays where it was, except the topics already written in every
language of the contest, which move to a section at the end, "written by the last
edition", as plain lines that are not topics any more (an organizer who wants one back
starts its line with ``*`` again). So the topics still missing in some language are
the list, in the organizers' order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.aliases import Aliases
from bot.model import Topic
from bot.parse.common import (
    canonical_template,
    find_templates,
    heading_text,
    iter_templates,
    logical_lines,
    parse_code,
)
from bot.parse.worklist import parse_worklist

MAIN = "Editathon"
DROPPED = frozenset({"Editathon close", "Editathon approve", "Editathon extension"})
#: Date parameters inside templates other than the main one, moved with the period.
DATE_PARAMS = {"Editathon criterion": "registered after", "Editathon nomination": "newcomers"}


class EditionError(ValueError):
    """The next edition cannot be planned as asked; the message says how to fix it."""


def shift_year(day: date, years: int = 1) -> date:
    """The same day ``years`` later (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Shift:
    """How the dates move: by whole years (the default), or by a number of days."""

    years: int = 1
    days: int | None = None

    def __call__(self, day: date) -> date:
        return day + timedelta(days=self.days) if self.days is not None else shift_year(day, self.years)

    @staticmethod
    def between(old_start: date, new_start: date | None) -> Shift:
        """A year, or the distance from the old umbrella's start to the given new start."""
        if new_start is None:
            return Shift()
        if shift_year(old_start) == new_start:
            return Shift()
        return Shift(days=(new_start - old_start).days)


def next_title(old: str, *, old_year: int, new_year: int, old_root: str | None = None,
               new_root: str | None = None) -> str:
    """The title of a page in the next edition.

    Below the umbrella (``old_root/...``) the umbrella's new title is put in front;
    elsewhere the old year in the title becomes the new one. A title with neither
    cannot be named automatically.
    """
    if old_root and new_root and (old == old_root or old.startswith(old_root + "/")):
        return new_root + old[len(old_root):]
    if str(old_year) in old:
        return old.replace(str(old_year), str(new_year))
    raise EditionError(
        f"cannot name the next edition of {old!r}: its title holds no year {old_year}. "
        "Give the umbrella's new title with --title (contests below it follow it).")


def _set_param(tpl: object, aliases: Aliases, canon: str, value: str, *, add: bool) -> None:
    """Set a parameter of a mwparserfromhell template under whatever name it is typed with.

    A parameter's value runs up to the next ``|``, so the kit's help comments between
    parameters belong to the value before them: only the text before the first comment
    is replaced, the comments and the spacing stay. An absent parameter is added (under
    its canonical name, aligned like the others) when ``add``.
    """
    params = list(tpl.params)  # type: ignore[attr-defined]
    for param in params:
        typed = str(param.name).strip()
        if param.showkey and aliases.param(typed) == canon:
            old = str(param.value)
            cut = old.find("<!--")
            head, tail = (old, "") if cut < 0 else (old[:cut], old[cut:])
            lead = head[: len(head) - len(head.lstrip())]
            trail = head[len(head.rstrip()):] or (" " if tail else "")
            if not tail and not trail and "\n" in old:
                trail = "\n"
            param.value = f"{lead}{value}{trail}{tail}"
            return
    if add:
        named = [p for p in params if p.showkey]
        width = max((len(str(p.name).rstrip()) for p in named), default=0)
        name = " " + canon if named and str(named[-1].name).startswith(" ") else canon
        name = name.ljust(width) + (" " if named and str(named[-1].name).endswith(" ") else "")
        last = str(named[-1].value) if named else ""
        end = "\n" if last.endswith("\n") else ""
        tpl.add(name, f" {value}{end}" if name.endswith(" ") else f"{value}{end}",  # type: ignore[attr-defined]
                showkey=True, preserve_spacing=False)


def _name(tpl: object, aliases: Aliases) -> str | None:
    """The canonical name of one of our templates; comments in the name do not count."""
    return canonical_template(re.sub(r"<!--.*?-->", "", str(tpl.name), flags=re.S), aliases)  # type: ignore[attr-defined]


def _get_param(tpl: object, aliases: Aliases, canon: str) -> str | None:
    for param in tpl.params:  # type: ignore[attr-defined]
        if param.showkey and aliases.param(str(param.name).strip()) == canon:
            return re.sub(r"<!--.*?-->", "", str(param.value), flags=re.S).strip()
    return None


def next_contest_text(
    text: str,
    aliases: Aliases,
    *,
    start: date,
    end: date,
    shift: Shift,
    parent: str | None,
    previous: str,
    parse_day: Callable[[str], date | None],
) -> str:
    """``B``'s text for the next edition (see the module docstring for what changes)."""
    code = parse_code(_drop_lines(text, aliases))
    mains = [t for t in iter_templates(code) if _name(t, aliases) == MAIN]
    if not mains:
        raise EditionError("the page holds no {{Editathon}} template")
    main = mains[0]
    _set_param(main, aliases, "start", start.isoformat(), add=True)
    _set_param(main, aliases, "end", end.isoformat(), add=True)
    if parent is not None:
        _set_param(main, aliases, "parent", parent, add=True)
    _set_param(main, aliases, "previous", previous, add=True)
    for tpl in list(iter_templates(code)):
        name = _name(tpl, aliases)
        if name in DATE_PARAMS:
            value = _get_param(tpl, aliases, DATE_PARAMS[name])
            day = parse_day(value) if value else None
            if day is not None:
                _set_param(tpl, aliases, DATE_PARAMS[name], shift(day).isoformat(), add=False)
    return re.sub(r"\n{3,}", "\n\n", str(code))


def _drop_lines(text: str, aliases: Aliases) -> str:
    """The text without the lines that hold a template not carried over (with their
    signatures: a sponsor's ``{{Editathon approve}} ~~~~`` line goes whole)."""
    out: list[str] = []
    for line in logical_lines(text):
        found, _ = find_templates([line], aliases)
        if any(f.name in DROPPED for f in found):
            continue
        out.append(line.raw)
    return "\n".join(out)


def contest_offsets(umbrella_start: date, contest_start: date, contest_end: date) -> tuple[int, int]:
    """A contest's start and length relative to its umbrella's start (days)."""
    return (contest_start - umbrella_start).days, (contest_end - contest_start).days


# --------------------------------------------------------------------------- worklists


@dataclass(frozen=True)
class CarriedWorklist:
    """The next edition's worklist text, and how many topics stay and are set apart."""

    text: str
    kept: int
    set_apart: int


def topic_line(topic: Topic, home: str) -> str:
    """A set-apart topic as a plain line of links (``[[A]] · [[:ru:B]]``)."""
    return " · ".join(f"[[{t}]]" if w == home else f"[[:{w}:{t}]]" for w, t in topic.titles)


def written_everywhere(topic: Topic, wikis: Sequence[str], exists: Callable[[str, str], bool]) -> bool:
    """Whether the topic has an article in every language of the contest."""
    return all((title := topic.title_on(w)) is not None and exists(w, title) for w in wikis)


def carry_worklist(
    text: str,
    *,
    wiki: str,
    page: str,
    aliases: Aliases,
    known_wikis: frozenset[str],
    wikis: Sequence[str],
    exists: Callable[[str, str], bool],
    heading: str,
    note: str,
    label: str,
) -> CarriedWorklist:
    """The worklist for the next edition: topics written in every language set apart.

    ``exists(wiki, title)`` says whether an article exists now; ``heading`` and ``note``
    introduce the set-apart section (in the wiki's language), ``label`` ends each of its
    lines (the last edition's year: a word that keeps the line from being a topic).
    """
    kept: list[str] = []
    apart: list[str] = []
    n_kept = 0
    for line in logical_lines(text):
        if heading_text(line.text) is not None:
            kept.append(line.raw)
            continue
        topics, _ = parse_worklist(line.text, wiki=wiki, page=page, aliases=aliases, known_wikis=known_wikis)
        if topics.topics and all(written_everywhere(t, wikis, exists) for t in topics.topics):
            apart += [f": {topic_line(t, wiki)} ({label})" for t in topics.topics]
            continue
        n_kept += len(topics.topics)
        kept.append(line.raw)
    out = "\n".join(kept).rstrip() + "\n"
    if apart:
        out += f"\n== {heading} ==\n<!-- {note} -->\n" + "\n".join(apart) + "\n"
    return CarriedWorklist(out, n_kept, len(apart))


def worklist_titles(text: str, *, wiki: str, page: str, aliases: Aliases,
                    known_wikis: frozenset[str]) -> dict[str, list[str]]:
    """Every title a worklist names, per wiki (for one existence check per wiki)."""
    wl, _ = parse_worklist(text, wiki=wiki, page=page, aliases=aliases, known_wikis=known_wikis)
    out: dict[str, list[str]] = {}
    for t in wl.topics:
        for w, title in t.titles:
            out.setdefault(w, []).append(title)
    return out


# --------------------------------------------------------------------------- the whole edition


@dataclass(frozen=True)
class OldContest:
    """One contest (or umbrella) of the last edition, as read from the wikis."""

    wiki: str
    title: str
    text: str  # the trusted text of B
    start: date
    end: date
    umbrella: bool
    parent: tuple[str, str] | None  # (wiki, title) of its parent
    wikis: tuple[str, ...]


@dataclass(frozen=True)
class NewContest:
    """Where a contest of the next edition goes, and its period."""

    old: OldContest
    wiki: str
    title: str
    start: date
    end: date
    parent: str | None  # as written in ``parent =`` (with a wiki prefix when elsewhere)


def plan_edition(
    root: OldContest,
    below: Iterable[OldContest],
    *,
    new_root_title: str | None = None,
    start: date | None = None,
    end: date | None = None,
    skip: Iterable[str] = (),
) -> tuple[list[NewContest], Shift]:
    """The umbrella and every contest below it in the next edition (``skip``: old titles
    or ``wiki:title`` left out, with everything below them)."""
    shift = Shift.between(root.start, start)
    new_start = start or shift(root.start)
    new_end = end or (new_start + (root.end - root.start) if start else shift(root.end))
    if new_end < new_start:
        raise EditionError(f"--end {new_end} is before --start {new_start}.")
    old_year, new_year = root.start.year, new_start.year
    if new_year == old_year and new_root_title is None:
        raise EditionError("the next edition starts in the same year; give its title with --title.")
    root_title = new_root_title or next_title(root.title, old_year=old_year, new_year=new_year)
    skipped = {s.strip() for s in skip if s.strip()}
    out = [NewContest(root, root.wiki, root_title, new_start, new_end, None)]
    by_old: dict[tuple[str, str], NewContest] = {(root.wiki, root.title): out[0]}
    pending = list(below)
    while pending:
        progressed = False
        for c in list(pending):
            if c.parent is None or c.parent not in by_old:
                continue
            pending.remove(c)
            progressed = True
            if c.title in skipped or f"{c.wiki}:{c.title}" in skipped:
                continue
            parent = by_old[c.parent]
            title = _title_below(c, parent, by_old, old_year, new_year)
            if shift.days is None and start is None:
                c_start, c_end = shift(c.start), shift(c.end)
            else:
                c_start = new_start + timedelta(days=(c.start - root.start).days)
                c_end = c_start + (c.end - c.start)
            ref = parent.title if parent.wiki == c.wiki else f"{parent.wiki}:{parent.title}"
            new = NewContest(c, c.wiki, title, c_start, c_end, ref)
            out.append(new)
            by_old[(c.wiki, c.title)] = new
        if not progressed:
            break
    return out, shift



def _title_below(c: OldContest, parent: NewContest, by_old: dict[tuple[str, str], NewContest],
                 old_year: int, new_year: int) -> str:
    """A contest's new title: under the nearest umbrella whose old title starts it, else
    with the year replaced."""
    node: NewContest | None = parent
    seen: set[tuple[str, str]] = set()
    while node is not None and (node.old.wiki, node.old.title) not in seen:
        seen.add((node.old.wiki, node.old.title))
        if c.title.startswith(node.old.title + "/"):
            return next_title(c.title, old_year=old_year, new_year=new_year, old_root=node.old.title,
                              new_root=node.title)
        node = by_old.get(node.old.parent) if node.old.parent else None
    return next_title(c.title, old_year=old_year, new_year=new_year)

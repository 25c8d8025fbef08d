"""Shared pieces of the wikitext parsers: lines, templates, problems.

Values (numbers, dates) are read in :mod:`bot.parse.values`, names (users, pages,
links) in :mod:`bot.parse.names`.

Every parser in ``bot.parse`` reads a page that people type by hand, so everything
here is forgiving: text that cannot be understood gives ``None`` (and the caller
reports a Problem), never an exception. The parsers work line by line because the
contract's pages are line-oriented (one signup, topic or decision per line), and a
broken line then cannot swallow the rest of the page. A template that spans several
lines (the usual layout of ``{{Editathon ...}}``) is kept together as one logical line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from bot.aliases import Aliases, normalize_key
from bot.model import Problem
from bot.parse.names import TEMPLATE_NAMESPACES

# --------------------------------------------------------------------------- lines

_INERT_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(nowiki|pre|syntaxhighlight|source|math)(?:\s[^>]*)?>.*?</\1\s*>"
    r"|<nowiki\s*/>",
    re.DOTALL | re.IGNORECASE,
)
_HEADING_RE = re.compile(r"^(={1,6})(.+?)(={1,6})[ \t]*$")
_MAX_JOIN = 200  # lines a multi-line template may span before we call it unclosed


def mask_inert(text: str) -> str:
    """Blank out comments and nowiki-like regions, keeping every offset and newline.

    What is inside ``<!-- -->`` or ``<nowiki>`` is not on the page for readers, so
    an example template in a comment must not count; blanking (instead of deleting)
    keeps line numbers and positions valid for the original text.
    """

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    return _INERT_RE.sub(blank, text)


@dataclass(frozen=True)
class LogicalLine:
    """One line of a page, or several when a template spans them.

    ``text`` is masked (comments blanked), ``raw`` the original text of the same
    lines; ``number`` is the 1-based number of its first line.
    """

    number: int
    text: str
    raw: str


def _brace_depth(line: str) -> int:
    return line.count("{{") - line.count("}}")


def logical_lines(text: str) -> list[LogicalLine]:
    """Split a page into logical lines (a multi-line template stays whole).

    A template whose ``}}`` never comes is not joined at all: its first line stands
    alone, so an unclosed template cannot hide the lines after it.
    """
    raw_lines = text.split("\n")
    masked_lines = mask_inert(text).split("\n")
    out: list[LogicalLine] = []
    i = 0
    n = len(masked_lines)
    while i < n:
        depth = _brace_depth(masked_lines[i])
        j = i
        while depth > 0 and j + 1 < n and j - i < _MAX_JOIN:
            j += 1
            depth += _brace_depth(masked_lines[j])
        if depth > 0:
            j = i
        out.append(
            LogicalLine(
                number=i + 1,
                text="\n".join(masked_lines[i : j + 1]),
                raw="\n".join(raw_lines[i : j + 1]),
            )
        )
        i = j + 1
    return out


def heading_text(line: str) -> str | None:
    """The text of a ``== Heading ==`` line (markup stripped), or None."""
    m = _HEADING_RE.match(line)
    if not m:
        return None
    return " ".join(parse_code(m.group(2)).strip_code().split())


def is_bullet(line: str) -> bool:
    """A list item (``*`` or ``#``): the way the contract's lists are written."""
    return line.startswith(("*", "#"))


# --------------------------------------------------------------------------- templates


def parse_code(text: str) -> Wikicode:
    """mwparserfromhell's tree; text it cannot parse stays plain text."""
    try:
        return mwparserfromhell.parse(text)
    except ParserError:  # documented as "should never happen"; input is still data
        return Wikicode([Text(text)])


def iter_templates(code: Wikicode) -> Iterator[Template]:
    """Templates at the top level and inside tags (``<div>``), not inside templates.

    A template nested in another template's parameter belongs to that template, so
    ``{{Box|{{Editathon rule|...}}}}`` is not a rule of the contest.
    """
    for node in code.nodes:
        if isinstance(node, Template):
            yield node
        elif isinstance(node, Tag) and node.contents is not None:
            yield from iter_templates(node.contents)


def _iter_texts(code: Wikicode) -> Iterator[str]:
    for node in code.nodes:
        if isinstance(node, Text):
            yield node.value
        elif isinstance(node, Tag) and node.contents is not None:
            yield from _iter_texts(node.contents)


def template_name(tpl: Template, aliases: Aliases) -> str | None:
    """The canonical name of one of our templates, or None for any other template."""
    return canonical_template(str(tpl.name), aliases)


def canonical_template(name: str, aliases: Aliases) -> str | None:
    """Like :func:`template_name` for a name given as text (``Шаблон:Марафон``)."""
    head, sep, rest = name.partition(":")
    if sep and normalize_key(head) in TEMPLATE_NAMESPACES:
        name = rest
    return aliases.template(name)


_OPEN_RE = re.compile(r"\{\{\s*([^{}|<>\[\]\n]+)")


def unclosed_templates(code: Wikicode, aliases: Aliases) -> list[str]:
    """Canonical names of our templates opened with ``{{`` but never parsed as one.

    A template that mwparserfromhell could not close stays plain text; naming it
    tells the organizer why the rule or decision they typed is not seen.
    """
    found: list[str] = []
    for text in _iter_texts(code):
        for m in _OPEN_RE.finditer(text):
            canon = canonical_template(m.group(1).strip(), aliases)
            if canon is not None:
                found.append(canon)
    return found


@dataclass(frozen=True)
class FoundTemplate:
    """One of our templates on a page: canonical name, the node, its line."""

    name: str
    template: Template
    line: int


def find_templates(
    lines: list[LogicalLine], aliases: Aliases
) -> tuple[list[FoundTemplate], list[tuple[str, int]]]:
    """Our templates on the page in order, and (name, line) of unclosed ones."""
    found: list[FoundTemplate] = []
    unclosed: list[tuple[str, int]] = []
    for line in lines:
        if "{{" not in line.text:
            continue
        code = parse_code(line.text)
        for tpl in iter_templates(code):
            canon = template_name(tpl, aliases)
            if canon is not None:
                found.append(FoundTemplate(canon, tpl, line.number))
        unclosed.extend((name, line.number) for name in unclosed_templates(code, aliases))
    return found, unclosed


@dataclass
class Args:
    """A template's parameters under canonical names (positional ones as "1", "2"...).

    MediaWiki keeps the last of two equal parameter names, and so does this.
    ``names`` keeps the names as typed, for problems about unknown parameters;
    ``lines`` the line each parameter is on, so a problem points at it.
    """

    line: int = 1
    values: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def of(tpl: Template, aliases: Aliases, line: int = 1) -> Args:
        """The parameters of ``tpl``, which starts on page line ``line``."""
        args = Args(line=line)
        text = str(tpl)
        cursor = 0
        for param in tpl.params:
            typed = str(param.name).strip()
            name = typed if not param.showkey or typed.isdigit() else aliases.param(typed)
            args.values[name] = str(param.value).strip()
            args.names[name] = typed
            raw = str(param)
            at = text.find(raw, cursor)
            if at >= 0:
                cursor = at + len(raw)
                lead = len(raw) - len(raw.lstrip())
                args.lines[name] = line + text.count("\n", 0, at + lead)
        return args

    def line_of(self, name: str) -> int:
        """The line of parameter ``name`` (the template's line if it is absent)."""
        return self.lines.get(name, self.line)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def has(self, name: str) -> bool:
        """Present and not empty: ``| end = |`` is the same as no ``end``."""
        return bool(self.values.get(name, ""))

    def positional(self, start: int = 1) -> list[str]:
        """Positional values from ``start`` on, in order, empty ones skipped."""
        nums = sorted(int(k) for k in self.values if k.isdigit() and int(k) >= start)
        return [self.values[str(k)] for k in nums if self.values[str(k)]]

    def unknown(self, allowed: frozenset[str]) -> list[str]:
        """Parameters not in ``allowed`` (positional ones by number)."""
        return [k for k in self.values if k not in allowed]


# --------------------------------------------------------------------------- problems


@dataclass
class Reporter:
    """Collects the problems of one page, so each call names only key, line, params."""

    wiki: str
    page: str
    revid: int | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, line: int | None = None, /, **params: object) -> None:
        self.problems.append(
            Problem.make(key, self.wiki, self.page, revid=self.revid, line=line, **params)
        )

    def sorted(self) -> list[Problem]:
        """The problems in page order (those without a line first), for display."""
        return sorted(self.problems, key=lambda p: p.line or 0)

    def unknown_params(self, found: FoundTemplate, args: Args, allowed: frozenset[str]) -> None:
        for name in args.unknown(allowed):
            self.add(
                "parse-unknown-param",
                args.line_of(name),
                template=found.name,
                param=args.names[name],
            )

    def unclosed(self, unclosed: list[tuple[str, int]]) -> None:
        for name, line in unclosed:
            self.add("parse-unclosed-template", line, template=name)

"""Shared pieces of the wikitext parsers: lines, templates, values, names.

Every parser in ``bot.parse`` reads a page that people type by hand, so everything
here is forgiving: text that cannot be understood gives ``None`` (and the caller
reports a Problem), never an exception. The parsers work line by line because the
contract's pages are line-oriented (one signup, topic or decision per line), and a
broken line then cannot swallow the rest of the page. A template that spans several
lines (the usual layout of ``{{Editathon ...}}``) is kept together as one logical line.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from bot.aliases import Aliases, normalize_key, normalize_title
from bot.model import Problem

# --------------------------------------------------------------------------- names

# Namespace prefixes a template may be written with (``{{Шаблон:Марафон}}``).
TEMPLATE_NAMESPACES = frozenset({"template", "шаблон", "калып"})

# User and user talk namespaces of the English, Russian and Tatar wikis, used where
# the caller gives no list (user names in ``organizers =``) and added to the list it
# gives (a signature may link to another wiki's user page: same global account).
DEFAULT_USER_NAMESPACES = frozenset(
    {
        "user",
        "user talk",
        "участник",
        "участница",
        "обсуждение участника",
        "обсуждение участницы",
        "кулланучы",
        "кулланучы бәхәсе",
    }
)

# Links into these namespaces are not topics (categories and files on a worklist).
CATEGORY_NAMESPACES = frozenset({"category", "категория", "төркем"})
FILE_NAMESPACES = frozenset({"file", "image", "media", "файл", "изображение", "медиа", "рәсем"})

# Canonical parameter names and keyword values of the contract. The alias files
# may only give aliases of these, so a typo in a TOML file is caught when it loads.
CANONICAL_PARAMS = (
    # {{Editathon}}
    "start",
    "end",
    "timezone",
    "wikis",
    "organizers",
    "jury",
    "quorum",
    "review",
    "verdict notices",
    "parent",
    "umbrella",
    "participants",
    "worklist",
    "jury page",
    "leaderboard",
    "queue",
    "worklist status",
    "subscribers",
    "sponsor",  # v1.1 (issue 21)
    "previous",  # v1.1 (issue 21): the previous edition
    "until",  # {{Editathon extension}} (issue 21)
    # rules and criteria
    "type",
    "points",
    "max",
    "wiki",
    "informational",
    "min bytes",
    "min words",
    "min added bytes",
    "min added words",
    "max start bytes",
    "depth",
    "registered after",
    # nominations and prizes
    "name",
    "newcomers",
    "rank by",
    "nomination",
    "places",
    # participant, topic, decision, suspend
    "user",
    "wikidata",
    "article",
    "verdict",
    "comment",
)

CANONICAL_VALUES = (
    # rule and criterion types
    "new",
    "expanded",
    "kilobyte",
    "words",
    "reference",
    "image",
    "worklist",
    "language",
    "category",
    "namespace",
    "newcomer",
    # review, booleans, rank by, prizes, verdicts
    "required",
    "optional",
    "yes",
    "no",
    "points",
    "entries",
    "languages",
    "overall",
    "accept",
    "reject",
)

_INTERWIKI_RE = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
# Namespace names people type in lower case; they are never a wiki prefix.
_LOWERCASE_NAMESPACES = frozenset(
    {
        "project",
        "wikipedia",
        "wp",
        "user",
        "talk",
        "template",
        "category",
        "file",
        "image",
        "media",
        "help",
        "portal",
        "draft",
        "special",
        "module",
        "mediawiki",
    }
)
_BAD_NAME_CHARS = frozenset("<>[]{}|\n\t")


_CHAR_REF_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]*));")


def decode_char_refs(text: str) -> str:
    """Character references decoded as MediaWiki decodes them in a link target.

    A signature is saved with the name escaped (``wfEscapeWikiText``): ``O'Brien&Co``
    becomes ``O&#39;Brien&#38;Co``, ``*Star`` becomes ``&#42;Star``. Only complete
    references (with ``;``) are decoded, and unknown names are left as typed, as
    MediaWiki's ``Sanitizer::decodeCharReferences`` does.
    """

    def one(m: re.Match[str]) -> str:
        dec, hexa, name = m.groups()
        if name is not None:
            return html.entities.html5.get(name + ";", m.group(0))
        code = int(dec) if dec is not None else int(hexa, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
            return m.group(0)
        return chr(code)

    return _CHAR_REF_RE.sub(one, text) if "&" in text else text


def normalize_user(name: str) -> str | None:
    """A user name as MediaWiki stores it, or None if it cannot be one.

    Character references are decoded first (signatures hold them); then ``_`` is a
    space, the first letter is uppercase and a ``#fragment`` is dropped; markup
    characters (``<b>``, ``{{x}}``, ``[[``) mean the text is not a plain name.
    """
    return _plain_user(decode_char_refs(name))


def _plain_user(name: str) -> str | None:
    """:func:`normalize_user` for a name whose character references are decoded."""
    name = name.split("#", 1)[0]
    if any(c in _BAD_NAME_CHARS for c in name):
        return None
    norm = normalize_title(name)
    return norm or None


def normalize_page(title: str) -> str | None:
    """A page title as MediaWiki stores it (``[[...]]``, ``#section``, ``_`` dropped).

    Returns None for text that cannot be a title (markup inside, or empty).
    """
    t = title.strip()
    if t.startswith("[[") and t.endswith("]]"):
        t = t[2:-2].split("|", 1)[0]
    t = t.strip().lstrip(":").split("#", 1)[0]
    if any(c in _BAD_NAME_CHARS for c in t):
        return None
    norm = normalize_title(t)
    return norm or None


@dataclass(frozen=True)
class WikiTarget:
    """A link target split into an optional interwiki prefix and the rest.

    ``prefix`` is set when the target starts with something shaped like a wiki code
    (``tt:``, ``:ru:``, ``w:``); ``known`` says whether it is one of the bot's wikis.
    """

    prefix: str | None
    title: str
    known: bool


def split_wiki_prefix(target: str, known_wikis: frozenset[str]) -> WikiTarget:
    """Split ``tt:Title`` / ``:tt:Title``; a capitalized ``Project:X`` has no prefix.

    Interwiki prefixes are lowercase codes in practice, while namespaces and titles
    with a colon (``Star Wars: Episode I``) start with a capital, so the case of the
    prefix tells them apart without a list of every wiki's namespaces (the usual
    namespace names typed in lower case, ``project:X``, are known exceptions).
    """
    t = target.strip().lstrip(":").strip()
    head, sep, rest = t.partition(":")
    head = head.strip()
    if sep and _INTERWIKI_RE.match(head) and head not in _LOWERCASE_NAMESPACES:
        return WikiTarget(head, rest.strip(), head in known_wikis)
    return WikiTarget(None, t, False)


def namespace_of(title: str) -> str | None:
    """The normalized text before the first colon (``Category:X`` -> ``category``)."""
    head, sep, _ = title.partition(":")
    return normalize_key(head) if sep else None


def strip_namespace(title: str, namespaces: frozenset[str]) -> str:
    """``Категория:Казан`` -> ``Казан`` when the prefix is one of ``namespaces``."""
    head, sep, rest = title.partition(":")
    if sep and normalize_key(head) in namespaces:
        return rest.strip()
    return title.strip()


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


# --------------------------------------------------------------------------- values

_NUMBER_RE = re.compile(r"^[+\-]?\d+(?:[.,]\d+)?$")
_INT_RE = re.compile(r"^\+?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+$|^\+?\d+$")


def parse_number(value: str) -> float | None:
    """``5``, ``+5``, ``-2,5``, ``2.5``, ``−1`` (Unicode minus) -> float; else None."""
    v = value.strip().replace("\u2212", "-")
    if not _NUMBER_RE.match(v):
        return None
    return float(v.replace(",", "."))


def parse_int(value: str) -> int | None:
    """A non-negative whole number; ``3 000`` is grouped, ``1,000`` is refused.

    A comma is a decimal separator in this contract, so ``1,000`` is ambiguous and
    must be reported rather than silently read as 1 or 1000.
    """
    v = value.strip()
    if not _INT_RE.match(v):
        return None
    return int(re.sub(r"[^\d]", "", v))


_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY``; an impossible date (02-30) is None."""
    v = value.strip()
    if m := _ISO_RE.match(v):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY_RE.match(v):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def parse_bool(value: str, aliases: Aliases) -> bool | None:
    """``yes``/``no`` or a local alias (``да``, ``әйе``); anything else is None."""
    word = aliases.value(value)
    if word == "yes":
        return True
    if word == "no":
        return False
    return None


def split_list(value: str) -> list[str]:
    """A comma (or semicolon, or line) separated list, blanks dropped."""
    return [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]


_LINK_RE = re.compile(r"\[\[([^\[\]]*?)\]\]")


@dataclass(frozen=True)
class Link:
    """A ``[[target|text]]`` found by text scanning; ``start`` is its offset."""

    target: str
    start: int
    end: int


def find_links(text: str) -> list[Link]:
    """Wikilinks in order of appearance, found even when the target holds markup.

    mwparserfromhell leaves ``[[User:A<b>x</b>]]`` as plain text; scanning the text
    finds it so the parser can report the bad name instead of not seeing it.
    """
    return [
        Link(m.group(1).split("|", 1)[0].strip(), m.start(), m.end())
        for m in _LINK_RE.finditer(text)
    ]


def user_from_target(target: str, namespaces: frozenset[str]) -> tuple[bool, str | None]:
    """(is a user page link, the user) for a link target such as ``User:X``.

    A subpage (``User:X/sandbox``) is not a user page; ``(True, None)`` means it is
    a user page link whose name is not a valid user name (markup in it).
    """
    t = decode_char_refs(target).strip().lstrip(":")
    parts = t.split(":", 2)
    if len(parts) >= 2 and normalize_key(parts[0]) in namespaces:
        name = t.split(":", 1)[1]
    elif (
        len(parts) == 3
        and _INTERWIKI_RE.match(parts[0].strip())
        and normalize_key(parts[1]) in namespaces
    ):
        name = parts[2]
    else:
        return False, None
    name = name.split("#", 1)[0]
    user = _plain_user(name)
    if user is not None and "/" in user:
        return False, None
    return True, user


def namespace_set(names: frozenset[str]) -> frozenset[str]:
    """Namespace names normalized for matching (case-insensitive, ``_`` = space)."""
    return frozenset(normalize_key(n) for n in names)


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

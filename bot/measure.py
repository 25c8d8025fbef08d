"""Figures of one revision's wikitext: readable words, references, images (contract §2).

Juries argue about these numbers, so each is defined by what a reader of the article
sees, not by raw markup, and the same rule holds in every language:

* **words**: words of the prose by Unicode word segmentation, in any script
  (``bot/words.py``: UAX #29 by ICU, with dictionary segmentation for Chinese,
  Japanese, Thai and other scripts written without spaces). Prose is the text left
  after removing templates, tables, ``<ref>`` contents, categories, file links,
  headings (markup *and* text: "History", "Примечания", "Чыганаклар" are boilerplate
  that every article repeats), HTML comments, galleries, ``<math>``-like tags, magic
  words and bare URLs. Link text counts (``[[A|b c]]`` is 2 words, ``[[cat]]s`` is
  1). A hyphen or an apostrophe inside a word keeps it one word (``Нижне-Камск``,
  ``O'Brien``); stress marks (``Москва́``) and soft hyphens never split a word; a
  number with a decimal point or comma is one word.
* **references**: each ``<ref>`` with content (a ``<ref name=x />`` reuse adds
  nothing; two definitions of the same name are one footnote, as MediaWiki renders
  them), plus each distinct call of a footnote template (``{{sfn}}``, ``{{efn}}``...;
  identical calls are merged into one footnote by those templates, so they count once).
  References count wherever they are: prose, tables, infobox parameters, captions.
* **images**: distinct files shown: file links in any file namespace alias, lines of
  ``<gallery>``, the image of an ``<imagemap>``, and template parameter values that
  name an image file (an infobox's ``| image = Kazan.jpg``).

Why not ``mwedittypes``: it diffs two revisions into insert/remove/change counts per
element type, while the contract defines "added" as ``max(0, figure(after) -
figure(before))`` per edit, so a per-revision count is what we need. Its word
tokenizer (word characters joined by hyphens and apostrophes) was our first rule; it
undercounts every script written without spaces;
its plain-text extraction keeps table text (the contract excludes tables) and it
pulls in mwparserfromhtml, mwconstants and anytree for nothing we use.

Everything here is pure and total: broken wikitext still parses (mwparserfromhell
never raises on it) and is counted the way a reader would see it rendered raw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from bot import words
from bot.aliases import normalize_title
from bot.model import Figures

MEASURE_VERSION: int = 2
"""Bump whenever a change here can change a figure, so stored figures get recomputed."""

DEFAULT_FILE_NAMESPACES: tuple[str, ...] = (
    "File",
    "Image",
    "Файл",
    "Изображение",
    "Рәсем",
    "Räsem",
)
"""File namespace names and aliases on en, ru and tt wikis (matched case-insensitively)."""

DEFAULT_CATEGORY_NAMESPACES: tuple[str, ...] = (
    "Category",
    "Категория",
    "К",
    "Төркем",
    "Törkem",
)
"""Category namespace names and aliases on en, ru and tt wikis (``К:`` is ruwiki's)."""

DEFAULT_REFERENCE_TEMPLATES: tuple[str, ...] = ("sfn", "sfnp", "efn", "Sfn")
"""Templates that each make a footnote. ``{{harvnb}}`` is not one: it is an in-text
citation with no footnote of its own, usually wrapped in a ``<ref>`` that counts."""

IMAGE_EXTENSIONS: tuple[str, ...] = ("jpg", "jpeg", "png", "svg", "gif", "tif", "tiff", "webp")
"""File name endings that make a template parameter value an image."""

# Tags whose contents are never prose (code, formulas, data, machinery).
_NON_PROSE_TAGS = frozenset(
    {
        "math",
        "chem",
        "ce",
        "score",
        "syntaxhighlight",
        "source",
        "pre",
        "code",
        "timeline",
        "graph",
        "mapframe",
        "maplink",
        "templatestyles",
        "templatedata",
        "categorytree",
        "inputbox",
        "hiero",
        "includeonly",
        "section",
        "indicator",
    }
)
# Table markup: no words inside, but references and images still count.
_TABLE_TAGS = frozenset({"table", "tr", "td", "th", "caption", "tbody", "thead", "tfoot"})
# Inline tags: their text joins the words around it (``Ка<b>зань</b>`` is one word).
_INLINE_TAGS = frozenset(
    {
        "b",
        "i",
        "u",
        "s",
        "em",
        "strong",
        "small",
        "big",
        "span",
        "sup",
        "sub",
        "abbr",
        "font",
        "del",
        "ins",
        "strike",
        "var",
        "kbd",
        "q",
        "mark",
        "bdi",
        "bdo",
        "tt",
        "cite",
        "dfn",
        "samp",
    }
)

# Combining marks (Latin, Cyrillic, extended) and the soft hyphen: part of a word.
_INVISIBLE_IN_WORDS = re.compile(
    "[\u00ad\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_BOLD_ITALIC = re.compile(r"'{2,}")
_BEHAVIOR_SWITCH = re.compile(r"__[^\W_]\w*?__")
_STRAY_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
# Lines of table markup left as text by a broken (unclosed) table.
_STRAY_TABLE_LINE = re.compile(r"^[ \t]*(?:\{\||\|).*$", re.MULTILINE)
_INTERLANGUAGE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z0-9]{2,8})*|simple)$")


def figures(
    text: str,
    *,
    file_namespaces: Iterable[str] = DEFAULT_FILE_NAMESPACES,
    category_namespaces: Iterable[str] = DEFAULT_CATEGORY_NAMESPACES,
    reference_templates: Iterable[str] = DEFAULT_REFERENCE_TEMPLATES,
) -> Figures:
    """Readable words, references and images of one revision's wikitext.

    The namespace and template names are per wiki (a wiki's own aliases come from its
    configuration); the defaults cover en, ru and tt. Never raises.
    """
    tally = _Tally(
        file_ns=frozenset(_ns_key(n) for n in file_namespaces),
        category_ns=frozenset(_ns_key(n) for n in category_namespaces),
        ref_templates=frozenset(normalize_title(n) for n in reference_templates),
    )
    tally.walk(_parse(text), prose=True)
    return Figures(
        words=count_words("".join(tally.prose)),
        references=tally.unnamed_refs + len(tally.named_refs) + len(tally.ref_template_calls),
        images=len(tally.files),
    )


def prose_text(
    text: str,
    *,
    file_namespaces: Iterable[str] = DEFAULT_FILE_NAMESPACES,
    category_namespaces: Iterable[str] = DEFAULT_CATEGORY_NAMESPACES,
) -> str:
    """The readable prose whose words :func:`figures` counts (for juries and debugging)."""
    tally = _Tally(
        file_ns=frozenset(_ns_key(n) for n in file_namespaces),
        category_ns=frozenset(_ns_key(n) for n in category_namespaces),
        ref_templates=frozenset(),
    )
    tally.walk(_parse(text), prose=True)
    return _clean_prose("".join(tally.prose))


def count_words(prose: str) -> int:
    """Number of words in plain text (see the module docstring for what a word is)."""
    return words.count_words(_INVISIBLE_IN_WORDS.sub("", _clean_prose(prose)))


def added(before: Figures | None, after: Figures) -> Figures:
    """What one edit added: per figure ``max(0, after - before)``; None is an empty page.

    Taken per field and clamped at 0, like bytes: an edit that removes 3 references
    and adds 200 words adds 200 words and 0 references.
    """
    b = before or Figures()
    return Figures(
        words=max(0, after.words - b.words),
        references=max(0, after.references - b.references),
        images=max(0, after.images - b.images),
    )


# --------------------------------------------------------------------------- internals


def _parse(text: str) -> Wikicode:
    # skip_style_tags: '' and ''' stay plain text (removed later), because parsing them
    # as tags is where mwparserfromhell goes wrong on unbalanced quotes.
    return mwparserfromhell.parse(text, skip_style_tags=True)


def _ns_key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def _clean_prose(prose: str) -> str:
    prose = _BOLD_ITALIC.sub("", prose)
    prose = _BEHAVIOR_SWITCH.sub(" ", prose)
    prose = _STRAY_TABLE_LINE.sub(" ", prose)
    return _STRAY_TAG.sub(" ", prose)


def _file_key(name: str) -> str:
    """One file, however it is written: ``kazan_city.JPG`` == ``Kazan city.JPG``."""
    return normalize_title(name)


def _without_comments(code: Wikicode) -> str:
    return "".join(str(n) for n in code.nodes if not isinstance(n, Comment))


@dataclass
class _Tally:
    """Walks a parsed page once, collecting prose pieces, references and files."""

    file_ns: frozenset[str]
    category_ns: frozenset[str]
    ref_templates: frozenset[str]
    prose: list[str] = field(default_factory=list)
    unnamed_refs: int = 0
    named_refs: set[tuple[str, str]] = field(default_factory=set)
    ref_template_calls: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)

    def walk(self, code: Wikicode, *, prose: bool) -> None:
        for node in code.nodes:
            if isinstance(node, Text):
                if prose:
                    self.prose.append(str(node))
            elif isinstance(node, HTMLEntity):
                if prose:
                    self.prose.append(node.normalize())
            elif isinstance(node, Comment):
                pass  # removing a comment joins the text around it, as on the page
            elif isinstance(node, Wikilink):
                self._wikilink(node, prose=prose)
            elif isinstance(node, Template):
                self._template(node)
                self._gap(prose)
            elif isinstance(node, Tag):
                self._tag(node, prose=prose)
            elif isinstance(node, Heading):
                self.walk(node.title, prose=False)  # a heading's refs still count
                self._gap(prose)
            elif isinstance(node, ExternalLink):
                # A bare URL shows as a URL or "[1]": no words. A titled link shows its title.
                if node.title is not None:
                    self.walk(node.title, prose=prose)
                self._gap(prose)
            else:  # arguments {{{x}}} and anything unknown: no words
                self._gap(prose)

    def _gap(self, prose: bool) -> None:
        if prose:
            self.prose.append(" ")

    def _wikilink(self, node: Wikilink, *, prose: bool) -> None:
        title = _without_comments(node.title).strip()
        if title.startswith(":"):  # [[:File:X.jpg]], [[:Category:X]]: plain links
            title = title[1:]
        elif ":" in title:
            prefix = title.split(":", 1)[0]
            key = _ns_key(prefix)
            if key in self.file_ns:
                name = title.split(":", 1)[1].strip()
                if name:
                    self.files.add(_file_key(name))
                if node.text is not None:  # captions: no words, but refs count
                    self.walk(node.text, prose=False)
                return
            if key in self.category_ns:
                return
            if _INTERLANGUAGE.match(prefix.strip()):  # [[en:Kazan]]: not shown in the text
                return
        if not prose:
            if node.text is not None:
                self.walk(node.text, prose=False)
            return
        if node.text is not None and str(node.text).strip():
            self.walk(node.text, prose=True)
        else:
            self.prose.append(title)

    def _template(self, node: Template) -> None:
        name = normalize_title(_without_comments(node.name))
        if name in self.ref_templates:
            params = "|".join(
                f"{_ns_key(str(p.name))}={_without_comments(p.value).strip()}" for p in node.params
            )
            self.ref_template_calls.add(f"{name}|{params}")
        for param in node.params:
            self.walk(param.value, prose=False)
            image = self._image_value(_without_comments(param.value))
            if image:
                self.files.add(image)

    def _image_value(self, value: str) -> str | None:
        """The file a template parameter value names, if it is an image file name."""
        value = value.strip()
        if not value or "\n" in value or "://" in value or value.startswith("//"):
            return None
        if any(c in value for c in "[]{}|<>#"):
            return None
        if ":" in value:
            prefix, value = value.split(":", 1)
            if _ns_key(prefix) not in self.file_ns:
                return None
            value = value.strip()
        stem, dot, ext = value.rpartition(".")
        if not dot or not stem.strip() or ext.casefold() not in IMAGE_EXTENSIONS:
            return None
        return _file_key(value)

    def _tag(self, node: Tag, *, prose: bool) -> None:
        name = _without_comments(node.tag).strip().casefold()
        if name == "ref":
            self._ref(node)
        elif name == "references":
            if node.contents is not None:
                self.walk(node.contents, prose=False)  # list-defined references
        elif name == "gallery":
            if node.contents is not None:
                for line in _without_comments(node.contents).splitlines():
                    self._gallery_line(line)
        elif name == "imagemap":
            if node.contents is not None:
                lines = [ln for ln in _without_comments(node.contents).splitlines() if ln.strip()]
                if lines:
                    self._gallery_line(lines[0])
        elif name in _NON_PROSE_TAGS:
            pass
        elif name in _TABLE_TAGS:
            if node.contents is not None:
                self.walk(node.contents, prose=False)
            self._gap(prose)
        elif name == "nowiki":
            if prose and node.contents is not None:
                self.prose.append(str(node.contents))  # shown literally
        else:
            inline = name in _INLINE_TAGS
            if not inline:
                self._gap(prose)
            if node.contents is not None and not node.self_closing:
                self.walk(node.contents, prose=prose)
            if not inline:
                self._gap(prose)

    def _ref(self, node: Tag) -> None:
        if node.self_closing or node.contents is None:
            return
        if not _without_comments(node.contents).strip():
            return  # <ref name=x></ref>: a reuse, like <ref name=x />
        name = _attr(node, "name")
        if name:
            self.named_refs.add((_attr(node, "group"), name))
        else:
            self.unnamed_refs += 1

    def _gallery_line(self, line: str) -> None:
        name = line.split("|", 1)[0].strip()
        if ":" in name:
            prefix, rest = name.split(":", 1)
            if _ns_key(prefix) in self.file_ns:
                name = rest.strip()
        if name and "." in name:
            self.files.add(_file_key(name))


def _attr(node: Tag, attr: str) -> str:
    for a in node.attributes:
        if _ns_key(str(a.name)) == attr:
            return " ".join(str(a.value).split()) if a.value is not None else ""
    return ""

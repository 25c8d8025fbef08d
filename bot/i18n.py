"""The message catalog: every text the bot writes, per language, with fallbacks.

Messages live in ``bot/messages/<lang>.json`` (one flat ``key -> text`` object per
language, plus ``qqq.json`` that explains each key to translators, as pywikibot
and MediaWiki do). They are read with :mod:`importlib.resources` the first time
:func:`catalog` is called for a language, never at import time.

Why a small engine of our own instead of ``gettext`` or ``str.format``: the texts
are wikitext, full of ``{{...}}`` and ``|``, so the syntax must leave wikitext
alone, and translators of Wikipedia already know MediaWiki's ``{{PLURAL:...}}``.

Message syntax
--------------
``{name}``
    a parameter. An ``int``/``float`` value is formatted as a number of the page
    language (:meth:`Catalog.number`); any other value is inserted as ``str``.
    A parameter the caller did not pass stays visible as ``{name}``.
``{name:num}``
    the same, but a numeric *string* (``Reason``/``Problem`` params are strings)
    is formatted as a number too. Non-numeric strings are inserted unchanged.
``{{PLURAL:{name}|form|form...}}``
    the form for the number's CLDR plural category, resolved on the raw value
    (before formatting), so ``2140`` and ``2,5`` both work. ``N=text`` forms
    match exactly ``N`` first, as in MediaWiki. The operand may be a literal.

Plural rules (CLDR, ``common/supplemental/plurals.xml``; MediaWiki reads the
same data from ``languages/data/plurals.xml``):

* ``en`` -- ``one`` (``i = 1 and v = 0``) | ``other``: forms ``one|other``.
* ``ru`` -- ``one`` / ``few`` / ``many`` for integers (1, 21 -> one; 2-4, 22 ->
  few; 0, 5-20, 25 -> many), ``other`` for fractions: forms ``one|few|many``
  and an optional fourth for fractions. Without a fourth form a fraction takes
  the ``few`` form, which is the Russian genitive singular that fractions need
  ("2,5 очка", "1,5 статьи"). MediaWiki would take the last given form there
  ("2,5 очков"), which is wrong Russian; we deliberately differ.
* ``tt`` -- CLDR lists no rule for Tatar besides ``other``, and neither
  MediaWiki file adds one: a noun after a numeral stays singular ("5 мәкалә"),
  so ``PLURAL`` always takes the first form.
* any other language uses the English rule (its texts fall back to English).

When a message comes from a fallback language (a ``tt`` page showing a ``ru``
text), its ``PLURAL`` is resolved with the rules of the language the text is
written in, so the forms always match the words.

Numbers: ``en`` "2,140" / "2.5"; ``ru`` and ``tt`` "2140", "21 400" (no-break
space from five digits on, as CLDR's ``minimumGroupingDigits = 2``) and a decimal
comma "2,5". At most one decimal by default, no trailing ".0", rounded the way
Python's :func:`round` rounds, which is what the ranking uses, so the shown
points and the order always agree.

Dates are ISO ``2026-11-05`` in every language: unambiguous, sortable, and what
the contest pages themselves use.

Missing messages: a key absent from the language falls back along
``tt -> ru -> en`` / ``ru -> en`` / ``* -> en``; absent everywhere it renders as
``⧼key⧽`` (like MediaWiki). :meth:`Catalog.text` never raises.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources

# --------------------------------------------------------------------------- fallbacks

_FALLBACKS: Mapping[str, tuple[str, ...]] = {
    "en": ("en",),
    "ru": ("ru", "en"),
    "tt": ("tt", "ru", "en"),
}

#: The languages whose catalog must be complete (checked by the tests).
CATALOG_LANGUAGES = ("en", "ru", "tt")


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Languages to look a message up in, in order; English always last."""
    return _FALLBACKS.get(lang, (lang, "en"))


# --------------------------------------------------------------------------- numbers

NBSP = "\u00a0"


@dataclass(frozen=True)
class _NumberStyle:
    group: str  # thousands separator
    decimal: str
    min_grouping_digits: int  # group only integer parts with at least this many digits


_NUMBER_STYLES: Mapping[str, _NumberStyle] = {
    "en": _NumberStyle(",", ".", 4),
    "ru": _NumberStyle(NBSP, ",", 5),
    "tt": _NumberStyle(NBSP, ",", 5),
}


def format_number(x: float, lang: str, decimals: int = 1) -> str:
    """``x`` with at most ``decimals`` decimals, no trailing zeros, per ``lang``."""
    if not math.isfinite(x):
        return str(x)
    style = _NUMBER_STYLES.get(lang, _NUMBER_STYLES["en"])
    text = f"{x:.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    digits = text.lstrip("-")
    whole, _, fraction = digits.partition(".")
    if whole.strip("0") == "" and fraction == "":
        negative = False  # "-0" after rounding is plain 0
    if len(whole) >= style.min_grouping_digits:
        groups = []
        while len(whole) > 3:
            groups.append(whole[-3:])
            whole = whole[:-3]
        groups.append(whole)
        whole = style.group.join(reversed(groups))
    out = whole + (style.decimal + fraction if fraction else "")
    return ("-" if negative else "") + out


def parse_number(value: object) -> float | None:
    """A number from a parameter value: ints, floats, and numeric strings.

    Accepts the forms other modules produce with ``str()`` ("2140", "2.5",
    "+5", "-2") and a decimal comma ("2,5"). Anything else is None.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    s = value.strip().replace(NBSP, "").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", s):
        return None
    return float(s)


# --------------------------------------------------------------------------- plural rules


def plural_category(lang: str, n: float, decimals: int = 1) -> str:
    """CLDR plural category of ``n`` as it is shown (rounded to ``decimals``)."""
    if not math.isfinite(n):
        return "other"
    shown = round(abs(n), decimals)
    integer = shown == int(shown)
    i = int(shown)
    if lang == "tt":
        return "other"
    if lang == "ru":
        if not integer:
            return "other"
        if i % 10 == 1 and i % 100 != 11:
            return "one"
        if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
            return "few"
        return "many"
    return "one" if integer and i == 1 else "other"


# Where each category's form sits in the message's list of forms, per language.
_FORM_INDEX: Mapping[str, Mapping[str, int]] = {
    "ru": {"one": 0, "few": 1, "many": 2, "other": 3},
    "tt": {"other": 0},
    "en": {"one": 0, "other": 1},
}


def plural_form(lang: str, n: float, forms: Sequence[str]) -> str:
    """Pick the form for ``n`` among a message's ``forms`` (MediaWiki order)."""
    if not forms:
        return ""
    n = round(n, 1)  # as shown: "1.04" is shown "1" and takes the "1" form
    explicit: dict[float, str] = {}
    ordinary: list[str] = []
    for form in forms:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*=(.*)", form, re.DOTALL)
        if m:
            explicit.setdefault(float(m.group(1)), m.group(2))
        else:
            ordinary.append(form)
    if n in explicit:
        return explicit[n]
    if not ordinary:
        return forms[-1]
    rules = lang if lang in _FORM_INDEX else "en"
    category = plural_category(rules, n)
    index = _FORM_INDEX[rules].get(category, len(ordinary) - 1)
    if rules == "ru" and category == "other" and len(ordinary) < 4:
        index = 1  # fractions take the genitive singular: the "few" form
    return ordinary[min(index, len(ordinary) - 1)]


# --------------------------------------------------------------------------- message syntax

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(:num)?\}")
_PLURAL_OPEN = "{{PLURAL:"


def _is_template(text: str, m: re.Match[str]) -> bool:
    """``{{name}}`` is a wiki template, not a parameter: both braces are doubled."""
    return m.start() > 0 and text[m.start() - 1] == "{" and text[m.end() : m.end() + 1] == "}"


def _placeholder_matches(text: str) -> list[re.Match[str]]:
    return [m for m in _PLACEHOLDER.finditer(text) if not _is_template(text, m)]


def placeholders(text: str) -> set[str]:
    """Names of the ``{name}`` parameters a message text uses."""
    return {m.group(1) for m in _placeholder_matches(text)}


def _scan_plural(text: str, start: int) -> tuple[str, list[str], int] | None:
    """Parse ``{{PLURAL:operand|forms...}}`` starting at ``start``.

    Returns (operand, forms, end index after ``}}``), or None when unclosed.
    Pipes inside nested ``{{...}}`` and ``[[...]]`` do not split forms.
    """
    i = start + len(_PLURAL_OPEN)
    depth_t = depth_l = 0
    parts: list[str] = []
    begin = i
    while i < len(text):
        two = text[i : i + 2]
        if text[i] == "{" and two != "{{":
            m = _PLACEHOLDER.match(text, i)
            if m:  # "{count}}}" ends a form with a parameter: skip it whole
                i = m.end()
                continue
        if two == "{{":
            depth_t += 1
            i += 2
            continue
        if two == "[[":
            depth_l += 1
            i += 2
            continue
        if two == "]]" and depth_l:
            depth_l -= 1
            i += 2
            continue
        if two == "}}":
            if depth_t == 0:
                parts.append(text[begin:i])
                return parts[0], parts[1:], i + 2
            depth_t -= 1
            i += 2
            continue
        if text[i] == "|" and depth_t == 0 and depth_l == 0:
            parts.append(text[begin:i])
            begin = i + 1
        i += 1
    return None


def plural_syntax_errors(text: str) -> list[str]:
    """What is wrong with a message's ``{{PLURAL:...}}`` uses (empty: all fine)."""
    errors: list[str] = []
    pos = text.find(_PLURAL_OPEN)
    while pos != -1:
        scanned = _scan_plural(text, pos)
        if scanned is None:
            errors.append(f"unclosed {{{{PLURAL:}}}} at {pos}")
            break
        operand, forms, end = scanned
        op = operand.strip()
        if not (_PLACEHOLDER.fullmatch(op) or parse_number(op) is not None):
            errors.append(f"PLURAL operand is not a {{param}} or a number: {op!r}")
        if not forms:
            errors.append(f"PLURAL without forms at {pos}")
        for form in forms:
            errors.extend(plural_syntax_errors(form))
        pos = text.find(_PLURAL_OPEN, end)
    return errors


def plural_forms(text: str) -> list[list[str]]:
    """The form lists of every top-level ``{{PLURAL:...}}`` in a text."""
    found: list[list[str]] = []
    pos = text.find(_PLURAL_OPEN)
    while pos != -1:
        scanned = _scan_plural(text, pos)
        if scanned is None:
            break
        found.append(scanned[1])
        pos = text.find(_PLURAL_OPEN, scanned[2])
    return found


# --------------------------------------------------------------------------- the catalog


@dataclass(frozen=True, eq=False)
class Catalog:
    """Messages of one page language, with its fallbacks, ready to format.

    ``chain`` holds ``(language, messages)`` pairs in lookup order, the page
    language first. Build one with :func:`catalog` (package files) or
    :meth:`from_messages` (tests, previews).
    """

    lang: str
    chain: tuple[tuple[str, Mapping[str, str]], ...]

    @staticmethod
    def from_messages(lang: str, messages: Mapping[str, Mapping[str, str]]) -> Catalog:
        """A catalog over in-memory messages (``language -> key -> text``)."""
        return Catalog(lang, tuple((code, messages.get(code, {})) for code in fallback_chain(lang)))

    def lookup(self, key: str) -> tuple[str, str] | None:
        """(language the text is written in, raw text) of ``key``, or None."""
        for code, messages in self.chain:
            text = messages.get(key)
            if isinstance(text, str):
                return code, text
        return None

    def has(self, key: str) -> bool:
        return self.lookup(key) is not None

    def text(self, key: str, /, **params: object) -> str:
        """The message ``key`` with ``params`` filled in; ``⧼key⧽`` if unknown."""
        found = self.lookup(key)
        if found is None:
            return f"⧼{key}⧽"
        source_lang, raw = found
        return self._fill(self._plurals(raw, source_lang, params), params)

    def number(self, x: float, decimals: int = 1) -> str:
        """A number as this language writes it (see the module docstring)."""
        return format_number(x, self.lang, decimals)

    def date(self, d: date) -> str:
        """A calendar day: ISO ``YYYY-MM-DD`` in every language (documented choice)."""
        return d.isoformat()

    def join(self, items: Sequence[str]) -> str:
        """A list of names in running text ("A, B, C"): the same in en, ru and tt."""
        return ", ".join(items)

    # -- internals

    def _plurals(self, raw: str, lang: str, params: Mapping[str, object]) -> str:
        out: list[str] = []
        pos = 0
        while True:
            start = raw.find(_PLURAL_OPEN, pos)
            if start == -1:
                out.append(raw[pos:])
                return "".join(out)
            scanned = _scan_plural(raw, start)
            if scanned is None:  # unclosed: leave the rest as it is
                out.append(raw[pos:])
                return "".join(out)
            operand, forms, end = scanned
            out.append(raw[pos:start])
            n = self._operand(operand, params)
            chosen = plural_form(lang, n, forms) if n is not None else (forms[-1] if forms else "")
            out.append(self._plurals(chosen, lang, params))
            pos = end

    @staticmethod
    def _operand(operand: str, params: Mapping[str, object]) -> float | None:
        op = operand.strip()
        m = _PLACEHOLDER.fullmatch(op)
        if m:
            return parse_number(params.get(m.group(1)))
        return parse_number(op)

    def _fill(self, text: str, params: Mapping[str, object]) -> str:
        def one(m: re.Match[str]) -> str:
            name, as_number = m.group(1), m.group(2) is not None
            if name not in params:
                return m.group(0)
            value = params[name]
            if isinstance(value, int | float) and not isinstance(value, bool):
                return self.number(float(value))
            if as_number:
                n = parse_number(value)
                if n is not None:
                    return self.number(n)
            return str(value)

        out: list[str] = []
        pos = 0
        for m in _placeholder_matches(text):
            out.append(text[pos : m.start()])
            out.append(one(m))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)


def load_messages(lang: str) -> dict[str, str]:
    """The ``key -> text`` pairs of ``bot/messages/<lang>.json`` ({} if absent).

    Keys starting with ``@`` (``@metadata``) are not messages.
    """
    path = resources.files("bot").joinpath("messages", f"{lang}.json")
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("@") and isinstance(v, str)}


@functools.cache
def catalog(lang: str) -> Catalog:
    """The catalog for a page language, loaded from the package on first use."""
    return Catalog(lang, tuple((code, load_messages(code)) for code in fallback_chain(lang)))

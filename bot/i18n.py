"""The message catalog: every text the bot writes, per language, with fallbacks.

Messages live in ``bot/messages/<lang>.json``: one flat ``key -> text`` object per
language with an ``@metadata`` entry, plus ``qqq.json`` that explains each key and
each of its parameters to translators. They are read with :mod:`importlib.resources`
the first time :func:`catalog` is called for a language, never at import time.

Message format: pywikibot's i18n format (its ``scripts/i18n`` bundles are translated
on translatewiki.net in exactly this shape), so translators and translatewiki's
checks already know it:

``%(name)s``
    a parameter. An ``int``/``float`` value is shown as a number of the page
    language (:meth:`Catalog.number`); any other value is inserted as ``str``.
    A parameter the caller did not pass stays visible as ``%(name)s``.
``%(name)d``
    a parameter shown as a number: a numeric *string* (``Reason``/``Problem``
    params are strings) is formatted as a number too, with decimals (unlike
    Python's ``%d`` we never truncate 2.5 to 2). Non-numeric strings stay as given.
``{{PLURAL:%(name)d|form|form...}}``
    the form for the number's CLDR plural category, resolved on the raw value
    (before formatting). ``N=text`` forms match exactly ``N`` first, as in
    MediaWiki. The operand may be a literal number. Forms may hold links and
    templates: the message is read with mwparserfromhell, as wikitext.

A literal ``%`` needs no escaping (texts are never given to Python's ``%``).

Plural categories and number symbols come from CLDR through Babel. Forms are given
in CLDR's category order (zero, one, two, few, many, other, each only where the
language has it): ``en`` one|other, ``ru`` one|few|many|other, ``tt`` other only
(a Tatar noun stays singular after a numeral, "5 мәкалә", so ``PLURAL`` always
takes the first form). Where fewer forms are given than the category needs,
the last form is taken, as in MediaWiki, with one deliberate exception kept from
before CLDR: Russian fractions are CLDR's ``other`` (the fourth form), and a
message with only three forms gives them the ``few`` form, the genitive singular
that fractions need ("2,5 очка", "1,5 статьи"); MediaWiki would take "2,5 очков",
which is wrong Russian. Categories are taken of the number *as shown* (rounded to
one decimal), so "1.04" shown "1" takes the "1" form.

When a message comes from a fallback language (a ``tt`` page showing a ``ru``
text), its ``PLURAL`` is resolved with the rules of the language the text is
written in, so the forms always match the words.

Numbers: CLDR's symbols via Babel (``en`` "2,140" / "2.5"; ``ru``, ``tt`` "21 400"
with a no-break space and "2,5"), at most one decimal by default, no trailing
".0", rounded first with Python's :func:`round` (what the ranking uses, so the
shown points and the order agree). Babel does not implement CLDR's
``minimumGroupingDigits``; for ``ru`` and ``tt`` we group only from five digits
on ("2140", not "2 140"), as MediaWiki's ``MessagesRu.php`` does and Russian
typography wants. Languages without a catalog file use English numbers, as their
texts are English.

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
from decimal import Decimal, localcontext
from importlib import resources
from typing import Any

import mwparserfromhell
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

_FALLBACKS: Mapping[str, tuple[str, ...]] = {
    "en": ("en",),
    "ru": ("ru", "en"),
    "tt": ("tt", "ru", "en"),
}

#: The languages whose catalog must be complete (checked by the tests).
CATALOG_LANGUAGES = ("en", "ru", "tt")

NBSP = "\u00a0"

_PARAM = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)([sd])")
_CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
#: The category whose form stands in when a message gives fewer forms (see above).
_MISSING_FORM = {("ru", "other"): "few"}
#: Languages that group digits only from five digits on (MediaWiki's choice too).
_MIN_GROUPING_TWO = frozenset({"ru", "tt"})


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Languages to look a message up in, in order; English always last."""
    return _FALLBACKS.get(lang, (lang, "en"))


@functools.cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=16384)  # a queue of thousands of rows shows the same few numbers
def format_number(x: float, lang: str, decimals: int = 1) -> str:
    """``x`` with at most ``decimals`` decimals, no trailing zeros, per ``lang``."""
    if not math.isfinite(x):
        return str(x)
    shown = round(x, max(decimals, 0)) + 0.0  # + 0.0: "-0" after rounding is plain 0
    lang = lang if lang in CATALOG_LANGUAGES else "en"
    grouped = lang not in _MIN_GROUPING_TWO or abs(shown) >= 10000
    pattern = ("#,##0" if grouped else "0") + ("." + "#" * decimals if decimals > 0 else "")
    with localcontext(prec=400):  # floats up to 1e308 keep every digit when quantized
        return format_decimal(Decimal(repr(shown)), format=pattern, locale=_locale(lang))


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


@functools.lru_cache(maxsize=16384)
def plural_category(lang: str, n: float, decimals: int = 1) -> str:
    """CLDR plural category of ``n`` as it is shown (rounded to ``decimals``)."""
    if not math.isfinite(n):
        return "other"
    shown = round(abs(n), decimals)
    operand: int | Decimal = int(shown) if shown == int(shown) else Decimal(repr(shown))
    return str(_locale(lang).plural_form(operand))


@functools.cache
def plural_categories(lang: str) -> tuple[str, ...]:
    """The language's CLDR categories in form order (``other`` always last)."""
    tags = _locale(lang).plural_form.tags
    return tuple(c for c in _CLDR_ORDER if c in tags or c == "other")


def plural_form(lang: str, n: float, forms: Sequence[str]) -> str:
    """Pick the form for ``n`` among a message's ``forms`` (MediaWiki order)."""
    if not forms:
        return ""
    n = round(n, 1)
    ordinary: list[str] = []
    for form in forms:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*=(.*)", form, re.DOTALL)
        if m and float(m.group(1)) == n:
            return m.group(2)
        if not m:
            ordinary.append(form)
    if not ordinary:
        return forms[-1]
    order = plural_categories(lang)
    category = plural_category(lang, n)
    index = order.index(category) if category in order else len(order) - 1
    if index >= len(ordinary) and (lang, category) in _MISSING_FORM:
        index = order.index(_MISSING_FORM[(lang, category)])
    return ordinary[min(index, len(ordinary) - 1)]


def placeholders(text: str) -> set[str]:
    """Names of the ``%(name)s`` / ``%(name)d`` parameters a message text uses."""
    return {m.group(1) for m in _PARAM.finditer(text)}


def _plural_nodes(text: str) -> tuple[Any, list[Any]]:
    """The parsed text and its ``{{PLURAL:...}}`` templates, outer ones first."""
    code = mwparserfromhell.parse(text)
    found = [t for t in code.filter_templates() if str(t.name).strip().startswith("PLURAL:")]
    return code, found


def _forms(template: Any) -> list[str]:
    """A PLURAL's forms as written: ``0=none`` stays one ``N=text`` form."""
    out = []
    for p in template.params:
        out.append(f"{p.name}={p.value}" if p.showkey else str(p.value))
    return out


def _operand(template: Any) -> str:
    return str(template.name).strip()[len("PLURAL:") :].strip()


@functools.lru_cache(maxsize=4096)
def _compile(text: str) -> tuple[str | tuple[str, tuple[str, ...]], ...]:
    """A text cut into literal pieces and its outermost PLURALs (operand, forms)."""
    if "{{PLURAL:" not in text or "\ue000" in text:
        return (text,)
    code, found = _plural_nodes(text)
    outer = [t for t in found if not any(_inside(o, t) for o in found if o is not t)]
    for i, template in enumerate(outer):
        code.replace(template, f"\ue000{i}\ue000")
    pieces = str(code).split("\ue000")  # a private-use character
    return tuple(
        piece if k % 2 == 0 else (_operand(outer[int(piece)]), tuple(_forms(outer[int(piece)])))
        for k, piece in enumerate(pieces)
    )


def _inside(outer: Any, template: Any) -> bool:
    """Whether ``template`` is nested in ``outer``: in a form, or in its name (a PLURAL as the
    operand of another, ``{{PLURAL:{{PLURAL:..}}}}``, which replacing the outer one removes)."""
    return outer.name.contains(template) or any(p.value.contains(template) for p in outer.params)


def plural_syntax_errors(text: str) -> list[str]:
    """What is wrong with a message's ``{{PLURAL:...}}`` uses (empty: all fine)."""
    _, found = _plural_nodes(text)
    errors: list[str] = []
    if text.count("{{PLURAL:") != len(found):
        errors.append("a {{PLURAL:...}} is not closed")
    for template in found:
        op = _operand(template)
        if not (_PARAM.fullmatch(op) or parse_number(op) is not None):
            errors.append(f"PLURAL operand is not a %(name)d parameter or a number: {op!r}")
        if not template.params:
            errors.append(f"PLURAL:{op} has no forms")
    return errors


def plural_forms(text: str) -> list[list[str]]:
    """The form lists of every ``{{PLURAL:...}}`` in a text (nested ones too)."""
    return [_forms(t) for t in _plural_nodes(text)[1]]


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

    def _plurals(self, raw: str, lang: str, params: Mapping[str, object]) -> str:
        """Every PLURAL replaced by its form; a chosen form may hold PLURALs itself."""
        out: list[str] = []
        for part in _compile(raw):
            if isinstance(part, str):
                out.append(part)
                continue
            operand, forms = part
            m = _PARAM.fullmatch(operand)
            n = parse_number(params.get(m.group(1)) if m else operand)
            chosen = plural_form(lang, n, forms) if n is not None else (forms[-1] if forms else "")
            out.append(self._plurals(chosen, lang, params))
        return "".join(out)

    def _fill(self, text: str, params: Mapping[str, object]) -> str:
        def one(m: re.Match[str]) -> str:
            name, as_number = m.group(1), m.group(2) == "d"
            if name not in params:
                return m.group(0)
            value = params[name]
            if isinstance(value, int | float) and not isinstance(value, bool):
                return self.number(float(value))
            n = parse_number(value) if as_number else None
            return self.number(n) if n is not None else str(value)

        return _PARAM.sub(one, text)


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

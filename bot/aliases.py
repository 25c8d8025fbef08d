"""Local names of the contract's templates, parameters and keyword values.

The contract's canonical names are English. Each wiki may add aliases (Russian and
Tatar at least) in ``config/aliases/<lang>.toml``; this module only holds and looks
them up, so parsers stay pure. Matching follows MediaWiki: the first letter is
case-insensitive, ``_`` equals a space and surrounding whitespace is ignored.
Parameter names and keyword values are matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.contract import TEMPLATES


def normalize_title(name: str) -> str:
    """MediaWiki-style normalization: trim, ``_`` -> space, collapse spaces, first letter up."""
    s = " ".join(name.replace("_", " ").split())
    return s[:1].upper() + s[1:]


def normalize_key(name: str) -> str:
    """Parameter names and keywords: trim, ``_`` -> space, collapse spaces, casefold."""
    return " ".join(name.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Aliases:
    """Lookup tables from a local name to the canonical (English) one."""

    templates: Mapping[str, str] = field(default_factory=dict)  # normalized title -> canonical
    params: Mapping[str, str] = field(default_factory=dict)  # normalized key -> canonical
    values: Mapping[str, str] = field(default_factory=dict)  # normalized key -> canonical

    @staticmethod
    def build(
        templates: Mapping[str, Iterable[str]] | None = None,
        params: Mapping[str, Iterable[str]] | None = None,
        values: Mapping[str, Iterable[str]] | None = None,
    ) -> Aliases:
        """Build from ``canonical -> [aliases]`` maps; canonical names always map to themselves,
        so the contract's English template names work on every wiki with no alias file."""
        t: dict[str, str] = {normalize_title(n): n for n in CANONICAL_TEMPLATES}
        p: dict[str, str] = {}
        v: dict[str, str] = {}
        for canon, names in (templates or {}).items():
            for n in [canon, *names]:
                t[normalize_title(n)] = canon
        for canon, names in (params or {}).items():
            for n in [canon, *names]:
                p[normalize_key(n)] = canon
        for canon, names in (values or {}).items():
            for n in [canon, *names]:
                v[normalize_key(n)] = canon
        return Aliases(templates=t, params=p, values=v)

    def merged(self, other: Aliases) -> Aliases:
        """Both sets of names; ``other`` wins on a clash."""
        return Aliases(
            templates={**self.templates, **other.templates},
            params={**self.params, **other.params},
            values={**self.values, **other.values},
        )

    def template(self, name: str) -> str | None:
        """Canonical template name for a local name, or None if it is not ours.

        A leading ``Template:`` (or a localized namespace given as an alias) is not
        handled here; parsers strip it.
        """
        return self.templates.get(normalize_title(name))

    def param(self, name: str) -> str:
        """Canonical parameter name (unknown names are returned normalized)."""
        key = normalize_key(name)
        return self.params.get(key, key)

    def value(self, word: str) -> str:
        """Canonical keyword value (unknown words are returned normalized)."""
        key = normalize_key(word)
        return self.values.get(key, key)


CANONICAL_TEMPLATES = TEMPLATES

"""Alias files (``config/aliases/<lang>.toml``) -> :class:`bot.aliases.Aliases`.

Pure: takes the TOML text or the parsed table, never a path, so the config loader
decides where files live. Unlike wiki text, an alias file is written by the bot's
operator, so a mistake in it is an error (``ValueError``) at start-up: an alias of a
misspelt canonical name, or one alias given to two names, would otherwise make a
parameter silently mean nothing or the wrong thing on a wiki.

File layout: three tables ``[templates]``, ``[params]``, ``[values]``, each
``canonical = ["alias", ...]``, and ``[subpages]``, ``subpage = "Local name"`` (the
names the kit gives a new contest's subpages).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from typing import Any

from bot.aliases import CANONICAL_TEMPLATES, Aliases, normalize_key, normalize_title
from bot.contract import CANONICAL_PARAMS, CANONICAL_VALUES

_TABLES: dict[str, tuple[tuple[str, ...], Callable[[str], str]]] = {
    "templates": (CANONICAL_TEMPLATES, normalize_title),
    "params": (CANONICAL_PARAMS, normalize_key),
    "values": (CANONICAL_VALUES, normalize_key),
}


def _table(data: Mapping[str, Any], name: str) -> dict[str, list[str]]:
    """One table checked: known canonical names, lists of strings, no alias twice."""
    canonical, normalize = _TABLES[name]
    raw = data.get(name, {})
    if not isinstance(raw, Mapping):
        raise ValueError(f"[{name}] must be a table of canonical = [aliases]")
    known = {normalize(c): c for c in canonical}
    seen: dict[str, str] = {normalize(c): c for c in canonical}
    # Every canonical name maps to itself even when the file gives it no alias.
    out: dict[str, list[str]] = {c: [] for c in canonical}
    for canon, names in raw.items():
        if normalize(canon) not in known:
            raise ValueError(f"[{name}] {canon!r} is not a canonical name of the contract")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"[{name}] {canon!r} must be a list of strings")
        canon = known[normalize(canon)]
        for alias in [canon, *names]:
            key = normalize(alias)
            if not key:
                raise ValueError(f"[{name}] {canon!r} has an empty alias")
            if seen.get(key, canon) != canon:
                raise ValueError(
                    f"[{name}] {alias!r} is an alias of both {seen[key]!r} and {canon!r}"
                )
            seen[key] = canon
        out[canon] = list(names)
    return out


def subpage_table(data: Mapping[str, Any]) -> dict[str, str]:
    """The ``[subpages]`` table checked: a subpage parameter -> its local name.

    These are the names the kit gives the subpages of a new contest (it writes them
    into the contest page as parameters); the bot's defaults stay the English ones.
    """
    from bot.render.names import SUBPAGE_KEYS

    raw = data.get("subpages", {})
    if not isinstance(raw, Mapping):
        raise ValueError("[subpages] must be a table of subpage = \"Local name\"")
    out: dict[str, str] = {}
    for param, name in raw.items():
        if param not in SUBPAGE_KEYS:
            raise ValueError(f"[subpages] {param!r} is not a subpage; use one of: {', '.join(SUBPAGE_KEYS)}")
        if not isinstance(name, str) or not name.strip() or "/" in name or any(c in name for c in "[]{}|#<>"):
            raise ValueError(f"[subpages] {param!r} must be a page name without / or markup, not {name!r}")
        out[param] = name.strip()
    if len(set(out.values())) != len(out):
        raise ValueError("[subpages] two subpages have the same name")
    return out


def aliases_from_toml(data: Mapping[str, Any]) -> Aliases:
    """Aliases from a parsed alias file; raises ValueError on a malformed one.

    The canonical (English) names are always included, so an empty file still
    gives a working set of names.
    """
    unknown = set(data) - set(_TABLES) - {"subpages"}
    if unknown:
        raise ValueError(f"unknown tables in alias file: {', '.join(sorted(unknown))}")
    subpage_table(data)
    return Aliases.build(
        templates=_table(data, "templates"),
        params=_table(data, "params"),
        values=_table(data, "values"),
    )


def load_alias_text(text: str) -> Aliases:
    """Aliases from the text of an alias file (TOML); raises ValueError if malformed."""
    return aliases_from_toml(tomllib.loads(text))

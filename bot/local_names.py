"""The local names of one wiki (:class:`bot.render.names.LocalNames`) from the alias files.

The edge between the config (where ``config/aliases/<lang>.toml`` lives) and the pure
renderer and kit, which take the tables as data. Read once per language and config.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from bot.config import BotConfig
from bot.render.names import LocalNames


@functools.cache
def _table(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def local_names(cfg: BotConfig, lang: str) -> LocalNames:
    """The alias tables of the wiki's language and of English, as typed in the files."""
    local = _table(cfg.aliases_dir / f"{lang}.toml") if lang != "en" else {}
    return LocalNames(local=local, common=_table(cfg.aliases_dir / "en.toml"))


def wiki_names(cfg: BotConfig, wiki: str) -> LocalNames:
    """The names people type on the wiki ``wiki`` (a code of the config)."""
    return local_names(cfg, cfg.wikis[wiki].language)

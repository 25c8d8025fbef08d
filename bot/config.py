"""The operator's settings: ``config/*.toml`` -> frozen dataclasses.

Config is the operator's input, not the wiki's: a broken file stops the bot at
start with a message naming the file, the key and the fix (``ConfigError``), before
anything touches a wiki. Per-wiki aliases of the contract's names come from
``aliases/<language>.toml`` beside the config file (English names always work).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.aliases import Aliases

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "config" / "bot.toml"


class ConfigError(Exception):
    """The config file is wrong; the message says where and how to fix it."""


@dataclass(frozen=True)
class WikiConfig:
    code: str  # our name of the wiki, also its interwiki prefix (en, ru, tt)
    family: str
    site_code: str
    language: str
    timezone: str
    prefixes: tuple[str, ...]
    draft_namespaces: tuple[int, ...] = (2, 118)
    article_namespaces: tuple[int, ...] = (0,)


@dataclass(frozen=True)
class Throttle:
    put_throttle: float = 10
    maxlag: int = 5
    max_retries: int = 15
    retry_wait: float = 5


@dataclass(frozen=True)
class BotConfig:
    username: str
    state: Path
    docs_page: str
    interval_minutes: float
    console_language: str
    wikis: Mapping[str, WikiConfig]
    throttle: Throttle
    aliases_dir: Path
    source: Path | None = None
    _aliases: dict[str, Aliases] = field(default_factory=dict, compare=False, repr=False)

    @property
    def known_wikis(self) -> frozenset[str]:
        return frozenset(self.wikis)

    def aliases(self, wiki: str) -> Aliases:
        """English names plus the local names of the wiki's language (loaded once)."""
        if wiki not in self._aliases:
            from bot.alias_files import load_alias_text

            merged = Aliases.build()
            lang = self.wikis[wiki].language if wiki in self.wikis else wiki
            for name in dict.fromkeys(["en", lang]):
                path = self.aliases_dir / f"{name}.toml"
                if path.exists():
                    merged = merged.merged(load_alias_text(path.read_text(encoding="utf-8")))
            self._aliases[wiki] = merged
        return self._aliases[wiki]


def _req(table: Mapping[str, Any], key: str, where: str, kind: type) -> Any:
    if key not in table:
        raise ConfigError(f"{where}: the key '{key}' is missing; add it (see config/bot.toml).")
    value = table[key]
    if kind is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind):
        raise ConfigError(
            f"{where}: '{key}' must be a {kind.__name__}, not {value!r}; fix the value."
        )
    return value


def _wiki(code: str, table: Mapping[str, Any], where: str) -> WikiConfig:
    w = f"{where} [wikis.{code}]"
    tz = str(table.get("timezone", "UTC"))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{w}: timezone '{tz}' is not an IANA time zone name (e.g. Europe/Moscow)."
        ) from exc
    prefixes = table.get("prefixes", [])
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and p for p in prefixes):
        raise ConfigError(f"{w}: 'prefixes' must be a list of title prefixes, e.g. ['Project:Editathon/'].")
    return WikiConfig(
        code=code,
        family=str(table.get("family", "wikipedia")),
        site_code=str(table.get("code", code)),
        language=str(table.get("language", code)),
        timezone=tz,
        prefixes=tuple(prefixes),
        draft_namespaces=tuple(int(n) for n in table.get("draft_namespaces", [2, 118])),
        article_namespaces=tuple(int(n) for n in table.get("article_namespaces", [0])),
    )


def parse_config(data: Mapping[str, Any], *, source: Path | None = None) -> BotConfig:
    """Build the config from parsed TOML; raises ConfigError with a fix on bad input."""
    where = str(source or "config")
    bot = data.get("bot")
    if not isinstance(bot, Mapping):
        raise ConfigError(f"{where}: the [bot] table is missing; see config/bot.toml for an example.")
    wikis_t = data.get("wikis")
    if not isinstance(wikis_t, Mapping) or not wikis_t:
        raise ConfigError(f"{where}: no [wikis.CODE] table; add one per language edition.")
    wikis = {code: _wiki(code, t, where) for code, t in wikis_t.items()}
    base = source.parent if source else Path.cwd()
    state = Path(os.environ.get("EDITATHON_STATE") or str(bot.get("state", "state/editathon.sqlite")))
    aliases_dir = Path(str(bot.get("aliases_dir", base / "aliases")))
    if not aliases_dir.is_absolute():
        aliases_dir = base / aliases_dir
    if not aliases_dir.exists():
        aliases_dir = DEFAULT_CONFIG.parent / "aliases"
    th = data.get("throttle", {})
    lang = str(bot.get("console_language", "en"))
    return BotConfig(
        username=_req(bot, "username", f"{where} [bot]", str),
        state=state,
        docs_page=str(bot.get("docs_page", f"User:{bot.get('username', 'EditathonBot')}")),
        interval_minutes=float(bot.get("interval_minutes", 60)),
        console_language=lang,
        wikis=wikis,
        throttle=Throttle(
            put_throttle=float(th.get("put_throttle", 10)),
            maxlag=int(th.get("maxlag", 5)),
            max_retries=int(th.get("max_retries", 15)),
            retry_wait=float(th.get("retry_wait", 5)),
        ),
        aliases_dir=aliases_dir,
        source=source,
    )


def load_config(path: str | os.PathLike[str] | None = None) -> BotConfig:
    """Read the config file: ``path``, else $EDITATHON_CONFIG, else config/bot.toml."""
    p = Path(path or os.environ.get("EDITATHON_CONFIG") or DEFAULT_CONFIG)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{p}: no such config file; pass --config FILE or copy config/bot.toml.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc}); fix the line it names.") from exc
    return parse_config(data, source=p.resolve())

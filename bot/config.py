"""The operator's settings: ``config/*.toml`` -> frozen dataclasses.

Config is the operator's input, not the wiki's: a broken file stops the bot at
start, before anything touches a wiki, with one message that names the file, each
wrong key, its value and the fix (:class:`ConfigError`; the command exits 2).

The file's schema is a set of pydantic models (:mod:`bot.config_schema`): unknown
sections and keys are refused with the nearest known name, types are strict (no
"sixty" for a number), ranges, time zones and title prefixes are checked there.
This module turns pydantic's findings into the operator's message and the valid
file into the :class:`BotConfig` the rest of the bot reads. Per-wiki aliases of
the contract's names come from ``aliases/<language>.toml`` beside the config file
(English names always work), else from the package's own copy.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bot.aliases import Aliases
from bot.config_schema import LOCAL_FAMILIES, ConfigFile, WikiSection
from bot.package_data import data_dir

DEFAULT_CONFIG = data_dir("config") / "bot.toml"
OAUTH_ENV = (
    "EDITATHON_OAUTH_CONSUMER_KEY",
    "EDITATHON_OAUTH_CONSUMER_SECRET",
    "EDITATHON_OAUTH_ACCESS_KEY",
    "EDITATHON_OAUTH_ACCESS_SECRET",
)


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
class OAuthKeys:
    """An owner-only OAuth 1.0a consumer's four keys (pywikibot's ``authenticate``)."""

    consumer_key: str
    consumer_secret: str = field(repr=False)
    access_key: str
    access_secret: str = field(repr=False)

    def as_tuple(self) -> tuple[str, str, str, str]:
        return (self.consumer_key, self.consumer_secret, self.access_key, self.access_secret)


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
    contact: str = ""
    oauth: OAuthKeys | None = None
    _aliases: dict[str, Aliases] = field(default_factory=dict, compare=False, repr=False)

    @property
    def known_wikis(self) -> frozenset[str]:
        return frozenset(self.wikis)

    @property
    def user_agent_description(self) -> str:
        """What pywikibot puts in the User-Agent's comment: the bot and who runs it."""
        from bot import __version__

        return f"EditathonBot/{__version__}; operator: {self.contact}"

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


# ------------------------------------------------------------------ pydantic -> message


def _where(loc: tuple[int | str, ...]) -> str:
    """``("wikis", "en", "prefixes", 0)`` -> ``[wikis.en] prefixes[0]``."""
    parts = [str(p) for p in loc]
    if not parts:
        return "the file"
    if parts[0] == "wikis" and len(parts) >= 2:
        table, rest = f"[wikis.{parts[1]}]", parts[2:]
    else:
        table, rest = f"[{parts[0]}]", parts[1:]
    if not rest:
        return table
    key = rest[0] + "".join(f"[{p}]" for p in rest[1:])
    return f"{table} {key}"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose field list holds the last element of ``loc``."""
    model: type[BaseModel] = ConfigFile
    for part in loc[:-1]:
        if model is ConfigFile and part == "wikis":
            return WikiSection if len(loc) == 3 else None
        info = model.model_fields.get(str(part))
        annotation = getattr(info, "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return None
    return model


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    model = _model_at(loc)
    known = list(model.model_fields) if model else []
    name = str(loc[-1])
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    what = "section" if len(loc) == 1 else "setting"
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"is not a known {what}; {hint}known: {', '.join(known)}. Fix or remove it."


#: What a right value looks like, for the fix in a message.
EXAMPLES = {
    "username": '"EditathonBot"', "contact": '"User:YourName"', "state": '"state/editathon.sqlite"',
    "docs_page": '"User:EditathonBot"', "interval_minutes": "60", "console_language": '"en"',
    "aliases_dir": '"aliases"', "family": '"wikipedia"', "code": '"ru"', "language": '"ru"',
    "timezone": '"Europe/Moscow"', "prefixes": '["Project:Editathon/"]', "draft_namespaces": "[2, 118]",
    "article_namespaces": "[0]", "put_throttle": "10", "maxlag": "5", "max_retries": "15",
    "retry_wait": "5", "wikis": "[wikis.ru] with family, code, timezone and prefixes",
    "bot": '[bot] with username = "EditathonBot"',
}
_KINDS = {"float": "a number", "int": "a whole number", "string": "a text in quotes",
          "list": "a list [...]", "dict": "a table", "model": "a table", "bool": "true or false"}
_SIGNS = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}


def _fix(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    names = [p for p in loc if isinstance(p, str) and p in EXAMPLES]
    example = f" (e.g. {names[-1]} = {EXAMPLES[names[-1]]})" if names else ""
    if names and names[-1] in ("wikis", "bot"):
        example = f" (e.g. {EXAMPLES[names[-1]]})"
    if kind == "missing":
        return f"is missing; add it{example}."
    ctx = error.get("ctx") or {}
    if kind in _SIGNS:
        bound = next(iter(ctx.values()), "")
        bound = f"{bound:g}" if isinstance(bound, int | float) else bound
        return f"must be {_SIGNS[kind]} {bound}; fix the value{example}."
    if kind == "too_short":
        return f"must not be empty{example}."
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{example}."
    if kind == "string_pattern_mismatch" and loc[-1] == "[key]":
        return "a wiki's name is its interwiki prefix in lower case, like [wikis.ru]; rename the table."
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"must be {_KINDS.get(kind.split('_')[0], kind.split('_')[0])}{example}."
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return message if message.endswith(".") else message + "."


def _value(error: Mapping[str, Any]) -> str:
    """`` = value`` as the operator wrote it, short; secrets and whole tables left out."""
    loc = tuple(error["loc"])
    value = error.get("input")
    if error["type"] == "missing" or isinstance(value, Mapping) or (loc and loc[-1] == "[key]"):
        return ""
    if any(isinstance(p, str) and p.endswith("secret") for p in loc):
        return " = (hidden)"
    text = repr(value)
    return f" = {text[:77] + '...' if len(text) > 80 else text}"


def explain(exc: ValidationError, source: str) -> str:
    """One message for all the problems pydantic found: file, key, value, fix per line."""
    lines = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        lines.append(f"{source}: {_where(loc)}{_value(error)}: {_fix(error)}")
    return "\n".join(lines)


# ------------------------------------------------------------------ valid file -> BotConfig


def _oauth(file: ConfigFile, where: str) -> OAuthKeys | None:
    from_env = [os.environ.get(name, "") for name in OAUTH_ENV]
    if any(from_env):
        missing = [name for name, value in zip(OAUTH_ENV, from_env, strict=True) if not value]
        if missing:
            raise ConfigError(
                f"{where}: OAuth keys come from the environment, but {', '.join(missing)} "
                "is not set; set all four (or none and use [oauth] or a bot password)."
            )
        return OAuthKeys(*from_env)
    if file.oauth is None:
        return None
    o = file.oauth
    return OAuthKeys(o.consumer_key, o.consumer_secret, o.access_key, o.access_secret)


def parse_config(data: Mapping[str, Any], *, source: Path | None = None) -> BotConfig:
    """Build the config from parsed TOML; raises ConfigError with a fix on bad input."""
    where = str(source or "config")
    try:
        file = ConfigFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(explain(exc, where)) from None
    public = sorted({w.family for w in file.wikis.values()} - LOCAL_FAMILIES)
    if public and not file.bot.contact:
        raise ConfigError(
            f"{where}: [bot] contact is missing: the wikis of family {', '.join(public)} are "
            "public, and Wikimedia's User-Agent policy asks every bot for a way to reach its "
            "operator; add e.g. contact = \"User:YourName\" or an e-mail address."
        )
    bot = file.bot
    base = source.parent if source else Path.cwd()
    aliases_dir = Path(bot.aliases_dir) if bot.aliases_dir else base / "aliases"
    if not aliases_dir.is_absolute():
        aliases_dir = base / aliases_dir
    if not aliases_dir.exists():
        aliases_dir = data_dir("aliases")
    wikis = {
        code: WikiConfig(
            code=code,
            family=w.family,
            site_code=w.code or code,
            language=w.language or code,
            timezone=w.timezone,
            prefixes=tuple(w.prefixes),
            draft_namespaces=tuple(w.draft_namespaces),
            article_namespaces=tuple(w.article_namespaces),
        )
        for code, w in file.wikis.items()
    }
    th = file.throttle
    return BotConfig(
        username=bot.username,
        state=Path(os.environ.get("EDITATHON_STATE") or bot.state),
        docs_page=bot.docs_page or f"User:{bot.username}",
        interval_minutes=float(bot.interval_minutes),
        console_language=bot.console_language,
        wikis=wikis,
        throttle=Throttle(float(th.put_throttle), th.maxlag, th.max_retries, float(th.retry_wait)),
        aliases_dir=aliases_dir,
        source=source,
        contact=bot.contact,
        oauth=_oauth(file, where),
    )


def load_config(path: str | os.PathLike[str] | None = None) -> BotConfig:
    """Read the config file: ``path``, else $EDITATHON_CONFIG, else config/bot.toml."""
    p = Path(path or os.environ.get("EDITATHON_CONFIG") or DEFAULT_CONFIG)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{p}: no such config file; pass --config FILE or copy config/bot.toml.") from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"{p}: is a folder, not a config file; pass --config FILE.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML ({exc}); fix the line it names.") from exc
    return parse_config(data, source=p.resolve())

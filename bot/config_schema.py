"""What a config file may hold: pydantic models of ``config/*.toml``.

Strict (a number is a number, not "sixty") and closed (an unknown section or key is
an error, never silently ignored). Every field says what it is for and gives an
example; :mod:`bot.config` turns a validation error into the operator's message.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

#: Families of wikis that are not public: the local wikis of the harness. Every other
#: family (wikipedia, wikimedia, ...) needs a contact in the User-Agent.
LOCAL_FAMILIES = frozenset({"devwiki"})

#: Characters MediaWiki never allows in a title (``$wgLegalTitleChars`` lacks them).
_ILLEGAL_TITLE = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")
_CONTACT = re.compile(r"\S+@\S+\.\S+|https?://\S+|(\w+:)*(User|Участник|Кулланучы)( talk)?:\S.*", re.I)


#: A wiki's name in the config: its interwiki prefix, lower case (en, ru, tt, be-tarask).
WikiCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BotSection(_Section):
    username: str = Field(min_length=1, description="the bot's account on every wiki")
    contact: str = Field(
        "",
        description="how wiki admins reach the operator (User:Name, a URL or an e-mail); "
        "goes into the User-Agent of every request",
    )
    state: str = Field("state/editathon.sqlite", min_length=1)
    docs_page: str = ""
    interval_minutes: float = Field(60, gt=0)
    console_language: Literal["en", "ru", "tt"] = "en"
    aliases_dir: str = ""

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        if value and not _CONTACT.fullmatch(value.strip()):
            raise ValueError(
                "is not a way to reach the operator; write a wiki user page "
                "(User:Name), a URL (https://...) or an e-mail address"
            )
        return value.strip()


class WikiSection(_Section):
    family: str = Field("wikipedia", min_length=1)
    code: str = ""
    language: str = ""
    timezone: str = "UTC"
    prefixes: list[str] = Field(min_length=1)
    draft_namespaces: list[int] = [2, 118]
    article_namespaces: list[int] = Field([0], min_length=1)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not an IANA time zone name; write e.g. Europe/Moscow or UTC") from None
        return value

    @field_validator("prefixes")
    @classmethod
    def _prefixes(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip():
                raise ValueError("holds an empty prefix; write a title prefix like 'Project:Editathon/'")
            if value != value.strip() or _ILLEGAL_TITLE.search(value):
                raise ValueError(
                    f"holds {value!r}, which cannot start a page title (no # < > [ ] | {{ }}, "
                    "no spaces at the ends); write e.g. 'Project:Editathon/'"
                )
        return values

    @field_validator("draft_namespaces", "article_namespaces")
    @classmethod
    def _namespaces(cls, values: list[int]) -> list[int]:
        if any(n < 0 for n in values):
            raise ValueError("holds a negative namespace; use namespace numbers like 0, 2 or 118")
        return values


class ThrottleSection(_Section):
    put_throttle: float = Field(10, ge=0)
    maxlag: int = Field(5, ge=0)
    max_retries: int = Field(15, ge=0)
    retry_wait: float = Field(5, ge=0)


class OAuthSection(_Section):
    consumer_key: str = Field(min_length=1)
    consumer_secret: str = Field(min_length=1)
    access_key: str = Field(min_length=1)
    access_secret: str = Field(min_length=1)


class ConfigFile(_Section):
    bot: BotSection
    wikis: dict[WikiCode, WikiSection] = Field(min_length=1)
    throttle: ThrottleSection = ThrottleSection()
    oauth: OAuthSection | None = None
    # `editathon worklist draft`: validated by bot/wikidata_settings.py, which owns it.
    wikidata: dict[str, Any] | None = None


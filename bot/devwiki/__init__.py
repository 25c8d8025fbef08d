"""Local MediaWiki wikis for development and tests.

Three real MediaWiki 1.39 wikis (``en``, ``ru``, ``tt``) served by PHP's built-in server on
127.0.0.1, with interwiki and interlanguage prefixes between them, an admin and a bot account.
The bot is tested against real wikis rather than mocks, because what matters (change tags, job
queue effects, imported history, bot flags, API quirks) is exactly what mocks get wrong.

See ``docs/devwiki.md``. Main entry points: :func:`bot.devwiki.harness.dev_wikiset` (the
``make wiki`` set), :func:`bot.devwiki.harness.new_wikiset` (a fresh copy for a test),
:class:`bot.devwiki.actor.Actor` (play a user over plain HTTP) and
:func:`bot.devwiki.dump.build_dump` (write history as an XML export).
"""

from bot.devwiki.actor import Actor, ApiError
from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet, dev_wikiset, new_wikiset
from bot.devwiki.install import ensure_pristine
from bot.devwiki.paths import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BOT_APPID,
    BOT_PASSWORD,
    BOT_USER,
    DEFAULT_USER_PASSWORD,
    LANGS,
)
from bot.devwiki.site_files import WikiInfo

__all__ = [
    "ADMIN_PASSWORD",
    "ADMIN_USER",
    "BOT_APPID",
    "BOT_PASSWORD",
    "BOT_USER",
    "DEFAULT_USER_PASSWORD",
    "LANGS",
    "Actor",
    "ApiError",
    "DumpPage",
    "DumpRevision",
    "WikiInfo",
    "WikiSet",
    "build_dump",
    "dev_wikiset",
    "ensure_pristine",
    "new_wikiset",
]

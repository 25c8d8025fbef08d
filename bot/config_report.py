"""``editathon config check``: the settings as the bot reads them, as a TOML file.

Every setting is shown with the value the bot will use (defaults filled in, relative
paths resolved, ``$EDITATHON_STATE`` applied), so an operator sees what a file that
passed validation means before the first run. Secrets are never printed. Pure: a
:class:`~bot.config.BotConfig` in, text out.
"""

from __future__ import annotations

import json
import os

from bot.config import OAUTH_ENV, BotConfig


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def describe(cfg: BotConfig) -> str:
    """The effective settings, with comments saying where the less obvious ones come from."""
    out = [f"# Settings as the bot reads them from {cfg.source or 'the built-in defaults'}.", ""]
    out.append("[bot]")
    state_note = "  # from $EDITATHON_STATE" if os.environ.get("EDITATHON_STATE") else ""
    for key, value, note in (
        ("username", cfg.username, ""),
        ("contact", cfg.contact, "  # User-Agent: " + cfg.user_agent_description if cfg.contact
         else "  # none: allowed only for the local devwiki family"),
        ("state", cfg.state.resolve(), state_note),
        ("docs_page", cfg.docs_page, ""),
        ("interval_minutes", cfg.interval_minutes, ""),
        ("console_language", cfg.console_language, ""),
        ("aliases_dir", cfg.aliases_dir, ""),
    ):
        out.append(f"{key} = {_toml(value)}{note}")
    for code, w in cfg.wikis.items():
        out += ["", f"[wikis.{code}]"]
        fields: tuple[tuple[str, object], ...] = (
            ("family", w.family), ("code", w.site_code), ("language", w.language),
            ("timezone", w.timezone), ("prefixes", w.prefixes),
            ("draft_namespaces", w.draft_namespaces), ("article_namespaces", w.article_namespaces),
        )
        for name, setting in fields:
            out.append(f"{name} = {_toml(setting)}")
    t = cfg.throttle
    out += ["", "[throttle]", f"put_throttle = {_toml(float(t.put_throttle))}",
            f"maxlag = {t.maxlag}", f"max_retries = {t.max_retries}",
            f"retry_wait = {_toml(float(t.retry_wait))}", ""]
    if cfg.oauth is None:
        out.append("# login: a bot password, from pywikibot's user-config.py and password_file")
    else:
        where = "the environment" if all(os.environ.get(n) for n in OAUTH_ENV) else "[oauth]"
        out.append(f"# login: OAuth 1.0a consumer {cfg.oauth.consumer_key!r}, access token "
                   f"{cfg.oauth.access_key!r}, from {where} (secrets not shown)")
    return "\n".join(out) + "\n"

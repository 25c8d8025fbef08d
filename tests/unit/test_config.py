"""The operator's config file: every mistake stops the bot with file, key, value and fix.

The files are written to disk and read with ``load_config``, as the bot reads them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.config import OAUTH_ENV, ConfigError, load_config
from bot.package_data import data_dir

REPO = Path(__file__).resolve().parents[2]
LOCAL = (REPO / "config" / "bot.toml").read_text(encoding="utf-8")
PUBLIC = (REPO / "config" / "wikipedia.example.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "bot.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path.resolve()) in message
    return message


def test_the_shipped_configs_are_valid() -> None:
    local = load_config(REPO / "config" / "bot.toml")
    assert local.contact and set(local.wikis) == {"en", "ru", "tt"}
    public = load_config(REPO / "config" / "wikipedia.example.toml")
    assert public.contact == "User:YourName" and public.throttle.put_throttle == 10


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("interval_minutes = 60", 'interval_minutes = "sixty"',
         "[bot] interval_minutes = 'sixty': must be a number (e.g. interval_minutes = 60)"),
        ("[throttle]", "[throtle]", "[throtle]: is not a known section; did you mean 'throttle'?"),
        ("put_throttle = 0", "put_throttle = -5", "[throttle] put_throttle = -5: must be >= 0"),
        ("interval_minutes = 60", "interval_minute = 60",
         "[bot] interval_minute = 60: is not a known setting; did you mean 'interval_minutes'?"),
        ('timezone = "Europe/Moscow"\nprefixes', 'timezone = "Moscow"\nprefixes',
         "[wikis.ru] timezone = 'Moscow': is not an IANA time zone name; write e.g. Europe/Moscow"),
        ('prefixes = ["Project:Editathon/", "Project:Smart Region"]', 'prefixes = ["Project:Edit[athon/"]',
         "[wikis.en] prefixes = ['Project:Edit[athon/']: holds 'Project:Edit[athon/', which cannot"),
        ('username = "EditathonBot"\n', "", "[bot] username: is missing; add it"),
        ('console_language = "en"', 'console_language = "de"', "must be one of 'en', 'ru' or 'tt'"),
        ("[wikis.tt]", "[wikis.TT]", "[wikis.TT]: a wiki's name is its interwiki prefix in lower case"),
        ('family = "devwiki"\ncode = "en"', 'family = "wikipedia"\ncode = "en"',
         "[bot] contact is missing: the wikis of family wikipedia are public"),
        ("maxlag = 0", "maxlag = 1.5", "[throttle] maxlag = 1.5: must be a whole number"),
        ('contact = "editathon-operator@example.org"', 'contact = "me"',
         "[bot] contact = 'me': is not a way to reach the operator"),
    ],
)
def test_a_wrong_setting_names_file_key_value_and_fix(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in LOCAL
    text = LOCAL.replace(old, new, 1)
    if new.startswith('family = "wikipedia"'):
        text = text.replace('contact = "editathon-operator@example.org"', 'contact = ""')
    assert expected in error_of(tmp_path, text)


def test_every_problem_is_in_the_one_message(tmp_path: Path) -> None:
    text = LOCAL.replace("interval_minutes = 60", 'interval_minutes = "x"').replace(
        "max_retries = 2", "max_retries = -1"
    )
    lines = error_of(tmp_path, text).splitlines()
    assert len(lines) == 2 and "interval_minutes" in lines[0] and "max_retries" in lines[1]


def test_a_public_family_needs_a_contact(tmp_path: Path) -> None:
    text = PUBLIC.replace('contact = "User:YourName"\n', "")
    message = error_of(tmp_path, text)
    assert "contact" in message and "User-Agent" in message


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    assert "not valid TOML" in error_of(tmp_path, LOCAL + "\n[bot\n")
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


def test_oauth_keys_from_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = '[oauth]\nconsumer_key = "ck"\nconsumer_secret = "cs"\naccess_key = "ak"\naccess_secret = "as"\n'
    cfg = load_config(write(tmp_path, PUBLIC + keys))
    assert cfg.oauth is not None and cfg.oauth.as_tuple() == ("ck", "cs", "ak", "as")
    assert "cs" not in repr(cfg.oauth)  # secrets stay out of logs
    for name, value in zip(OAUTH_ENV, ("eck", "ecs", "eak", "eas"), strict=True):
        monkeypatch.setenv(name, value)
    env_cfg = load_config(write(tmp_path, PUBLIC, "env.toml"))
    assert env_cfg.oauth is not None and env_cfg.oauth.as_tuple() == ("eck", "ecs", "eak", "eas")
    monkeypatch.delenv(OAUTH_ENV[3])
    with pytest.raises(ConfigError, match="EDITATHON_OAUTH_ACCESS_SECRET is not set"):
        load_config(tmp_path / "env.toml")


def test_a_wrong_oauth_secret_is_not_printed(tmp_path: Path) -> None:
    keys = '[oauth]\nconsumer_key = "ck"\nconsumer_secret = 12345\naccess_key = "ak"\naccess_secret = "as"\n'
    message = error_of(tmp_path, PUBLIC + keys)
    assert "[oauth] consumer_secret = (hidden): must be a text" in message and "12345" not in message


def test_aliases_come_from_beside_the_config_or_from_the_package(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, LOCAL))
    assert cfg.aliases_dir == data_dir("aliases")
    assert tomllib.loads((cfg.aliases_dir / "ru.toml").read_text(encoding="utf-8"))
    (tmp_path / "aliases").mkdir()
    assert load_config(tmp_path / "bot.toml").aliases_dir == tmp_path / "aliases"

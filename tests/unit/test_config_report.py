"""``editathon config check`` prints the settings as read: valid TOML the bot reads back alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import OAUTH_ENV, load_config
from bot.config_report import describe

REPO = Path(__file__).resolve().parents[2]


def test_the_report_reads_back_as_the_same_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITATHON_STATE", raising=False)
    source = tmp_path / "public.toml"
    source.write_text((REPO / "config" / "wikipedia.example.toml").read_text(encoding="utf-8"))
    cfg = load_config(source)
    report = describe(cfg)
    again = tmp_path / "again.toml"
    again.write_text(report, encoding="utf-8")
    back = load_config(again)
    assert (back.username, back.contact, back.wikis, back.throttle, back.state) == (
        cfg.username, cfg.contact, cfg.wikis, cfg.throttle, cfg.state)
    assert "put_throttle = 10" in report and 'timezone = "Europe/Moscow"' in report
    assert "operator: User:YourName" in report and "bot password" in report


def test_oauth_secrets_are_never_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in zip(OAUTH_ENV, ("ck", "secret-1", "ak", "secret-2"), strict=True):
        monkeypatch.setenv(name, value)
    cfg = load_config(REPO / "config" / "wikipedia.example.toml")
    report = describe(cfg)
    assert "'ck'" in report and "'ak'" in report and "from the environment" in report
    assert "secret-1" not in report and "secret-2" not in report

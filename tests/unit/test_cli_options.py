"""Global options anywhere on the command line, as operators expect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import build_parser

REPO = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> dict[str, object]:
    return vars(build_parser().parse_args(list(argv)))


@pytest.mark.parametrize(
    "argv",
    [
        ("-c", "F", "run", "--once"),
        ("--config", "F", "run", "--once"),
        ("run", "--config", "F", "--once"),
        ("run", "--once", "-c", "F"),
    ],
)
def test_config_before_or_after_the_command(argv: tuple[str, ...]) -> None:
    got = parse(*argv)
    assert got["config"] == "F" and got["command"] == "run" and got["once"] is True


@pytest.mark.parametrize(
    "argv",
    [
        ("--simulate", "kit", "install-templates", "--wiki", "ru"),
        ("kit", "--simulate", "install-templates", "--wiki", "ru"),
        ("kit", "install-templates", "--wiki", "ru", "--simulate"),
        ("-v", "--simulate", "run", "--once"),
        ("run", "--once", "--simulate", "-v"),
    ],
)
def test_simulate_and_verbose_anywhere(argv: tuple[str, ...]) -> None:
    assert parse(*argv)["simulate"] is True


def test_defaults_when_nobody_gives_them() -> None:
    got = parse("run", "--once")
    assert (got["config"], got["simulate"], got["verbose"]) == (None, False, False)
    got = parse("kit", "install-templates", "--wiki", "ru")
    assert got["simulate"] is False


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("editathon 0.1.0 (pywikibot ")


@pytest.mark.parametrize("argv", [("run", "--dry-run"), ("frobnicate",), ("config",), ("run", "--now", "x")])
def test_usage_errors_exit_2(argv: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(list(argv))
    assert exit_info.value.code == 2


def test_a_wiki_that_cannot_be_opened_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    """``--contest`` looks the title up on every wiki; one pywikibot cannot open is reported."""
    text = (REPO / "config" / "bot.toml").read_text(encoding="utf-8").replace('"devwiki"', '"nosuchfamily"')
    (tmp_path / "bot.toml").write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDITATHON_", "PYWIKIBOT"))}
    env |= {"PYWIKIBOT_NO_USER_CONFIG": "1", "PYWIKIBOT_DIR": str(tmp_path), "PYTHONPATH": str(REPO),
            "EDITATHON_STATE": str(tmp_path / "state.sqlite")}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "-c", "bot.toml", "run", "--once", "--simulate",
                           "--contest", "Project:Editathon/X"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    failed = [line for line in proc.stdout.splitlines() if line.startswith("wiki en failed: ")]
    assert failed and "could not open family 'nosuchfamily'" in failed[0], proc.stdout

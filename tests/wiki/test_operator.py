"""What an operator promises the wikis, checked on the wikis' side.

Each local wiki gets a drop-in (``extra.php``, read by the devwiki LocalSettings.php on
every request) that appends the request's User-Agent and the scheme of its
Authorization header to ``requests.log`` in the wiki's folder. The bot then runs as an
operator runs it, and the test reads what the wikis saw: every request carries the
configured contact (Wikimedia's User-Agent policy), and with an owner-only OAuth
consumer's keys every request is signed with OAuth 1.0a (the local wikis lack the OAuth
extension, so they ignore the signature: reads still work, a login would not).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import REPO, Bot

LOGGER = r"""<?php
if ( PHP_SAPI !== 'cli' ) {
	file_put_contents( __DIR__ . '/requests.log', json_encode( [
		'ua' => $_SERVER['HTTP_USER_AGENT'] ?? '',
		'auth' => strtok( $_SERVER['HTTP_AUTHORIZATION'] ?? '', ' ' ) ?: '',
		'method' => $_SERVER['REQUEST_METHOD'] ?? '',
		'uri' => $_SERVER['REQUEST_URI'] ?? '',
		'body' => substr( http_build_query( $_POST ), 0, 200 ),
	], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) . "\n", FILE_APPEND | LOCK_EX );
}
"""
CONTACT = "User:Operator of the test"


@pytest.fixture(scope="module")
def logged(wikiset: WikiSet) -> WikiSet:
    for code in ("en", "ru", "tt"):
        (wikiset[code].dir / "extra.php").write_text(LOGGER, encoding="utf-8")
    return wikiset


def seen(wset: WikiSet) -> dict[str, list[dict[str, str]]]:
    """Requests each wiki has logged since the last call (the logs are emptied)."""
    out = {}
    for code in ("en", "ru", "tt"):
        path = wset[code].dir / "requests.log"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text("", encoding="utf-8")
        out[code] = [json.loads(line) for line in text.splitlines() if line.strip()]
    return out


def config_with(tmp_path: Path, extra: str = "") -> Path:
    text = (REPO / "config" / "bot.toml").read_text(encoding="utf-8")
    text = text.replace('contact = "editathon-operator@example.org"', f'contact = "{CONTACT}"')
    path = tmp_path / "operator.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_every_request_carries_the_operators_contact(logged: WikiSet, tmp_path: Path) -> None:
    seen(logged)
    Bot(logged, tmp_path / "state.sqlite", config_with(tmp_path)).run()
    requests = seen(logged)
    for code, lines in requests.items():
        assert lines, f"the bot sent no request to {code}"
        without = [r for r in lines if f"operator: {CONTACT}" not in r["ua"]]
        assert without == [], code
        assert all(r["ua"].startswith("EditathonBot/") for r in lines), lines[0]["ua"]
    # the run wrote (status pages): the logged-in requests carry it too
    assert any(r["method"] == "POST" and "action=edit" in r["body"]
               for lines in requests.values() for r in lines)


def test_oauth_keys_sign_every_request(logged: WikiSet, tmp_path: Path) -> None:
    keys = '\n[oauth]\nconsumer_key = "ck"\nconsumer_secret = "cs"\naccess_key = "ak"\naccess_secret = "as"\n'
    seen(logged)
    Bot(logged, tmp_path / "state.sqlite", config_with(tmp_path, keys)).run("--simulate")
    requests = seen(logged)
    for code, lines in requests.items():
        assert lines, f"the bot sent no request to {code}"
        assert {r["auth"] for r in lines} == {"OAuth"}, code
        assert all(f"operator: {CONTACT}" in r["ua"] for r in lines)


def test_a_wiki_that_is_down_is_one_line_per_retry_and_a_summary(
    fresh_wikiset: WikiSet, tmp_path: Path
) -> None:
    fresh_wikiset.stop_wiki("tt")
    result = Bot(fresh_wikiset, tmp_path / "state.sqlite").run(check=False)
    assert result.returncode == 1  # something on a wiki was not done
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr, result.stderr
    retries = [line for line in result.stderr.splitlines() if "wiki tt: no answer from http://" in line]
    assert [line.split("(", 1)[1] for line in retries] == [
        "Connection refused); retry 1 in 1 s", "Connection refused); retry 2 in 2 s"
    ], result.stderr  # config/bot.toml: max_retries = 2, retry_wait = 1
    summary = [line for line in result.stdout.splitlines() if line.startswith("wiki tt failed")]
    assert summary == ["wiki tt failed: wiki tt: no answer after 2 retries (Connection refused)"]
    assert "edits:    en 1, ru 1" in result.stdout  # the other wikis went on


def editathon(wset: WikiSet, state: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The command exactly as typed, with the set's pywikibot folder and no config variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDITATHON_")}
    env |= wset.env() | {"EDITATHON_STATE": str(state)}
    return subprocess.run([sys.executable, "-m", "bot.cli", *argv], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def test_the_command_lines_operators_type(logged: WikiSet, tmp_path: Path) -> None:
    config = str(config_with(tmp_path))
    state = tmp_path / "state.sqlite"
    version = editathon(logged, state, "--version")
    assert version.returncode == 0 and version.stdout.startswith("editathon 0.1.0 (pywikibot ")
    seen(logged)
    after = editathon(logged, state, "run", "--config", config, "--once")
    assert after.returncode == 0, after.stderr
    before = editathon(logged, state, "-c", config, "run", "--once", "-v")
    assert before.returncode == 0, before.stderr
    assert "DEBUG" in before.stderr  # -v after the command
    requests = seen(logged)
    assert all(f"operator: {CONTACT}" in r["ua"] for lines in requests.values() for r in lines)
    check = editathon(logged, state, "config", "check", "-c", config)
    assert check.returncode == 0 and f'contact = "{CONTACT}"' in check.stdout


def test_an_unknown_contest_is_an_error_not_a_success(logged: WikiSet, tmp_path: Path) -> None:
    result = editathon(logged, tmp_path / "state.sqlite", "-c", str(config_with(tmp_path)),
                       "run", "--once", "--contest", "Project:Editathon/No such contest")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--contest 'Project:Editathon/No such contest': no contest page of that name on en, ru, tt" \
        in result.stderr

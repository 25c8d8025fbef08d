"""What pywikibot ends up with after the bot applies the operator's config.

The guide's OAuth recipe (an owner-only consumer's four keys) must become pywikibot's
``authenticate`` for every wiki's host, so that pywikibot signs requests with OAuth 1.0a;
the contact must become ``user_agent_description`` and so part of every User-Agent.
Run in a fresh interpreter: pywikibot's config is process-global. No request is made
and no Site is built: with OAuth keys pywikibot logs in when a Site is made. The
request is only prepared, the way pywikibot's ``http.fetch`` prepares it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
from bot.config import load_config
from bot import wiki
cfg = load_config(sys.argv[1])
wiki.configure(cfg)
from pywikibot import config
from pywikibot.comms import http
import requests
auth = http.get_authentication("https://ru.wikipedia.org/w/api.php")
request = requests.Request("GET", "https://ru.wikipedia.org/w/api.php?action=query",
                           auth=http.requests_oauthlib.OAuth1(*auth) if auth else None).prepare()
print(json.dumps({
    "authenticate": {host: list(keys) for host, keys in config.authenticate.items()},
    "oauth_available": [len(http.get_authentication(f"https://{c}.wikipedia.org/w/api.php") or ())
                        for c in ("ru", "tt", "en")],
    "user_agent": http.user_agent(),
    "authorization": (str(request.headers.get("Authorization", b""), "ascii")
                      if isinstance(request.headers.get("Authorization"), bytes)
                      else request.headers.get("Authorization", "")),
    "put_throttle": config.put_throttle,
    "maxlag": config.write_maxlag,
}))
"""


def probe(config_text: str, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "production.toml"
    path.write_text(config_text, encoding="utf-8")
    env = {**os.environ, "PYWIKIBOT_NO_USER_CONFIG": "1", "PYWIKIBOT_DIR": str(tmp_path)}
    for name in list(env):
        if name.startswith("EDITATHON_OAUTH_"):
            del env[name]
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_oauth_keys_and_contact_are_what_pywikibot_uses(tmp_path: Path) -> None:
    text = (REPO / "config" / "wikipedia.example.toml").read_text(encoding="utf-8")
    text = text.replace('contact = "User:YourName"', 'contact = "User:Operator Name"')
    text += '\n[oauth]\nconsumer_key = "ck1"\nconsumer_secret = "cs1"\naccess_key = "ak1"\naccess_secret = "as1"\n'
    got = probe(text, tmp_path)
    keys = ["ck1", "cs1", "ak1", "as1"]
    assert got["authenticate"] == {
        "ru.wikipedia.org": keys, "tt.wikipedia.org": keys, "en.wikipedia.org": keys
    }
    assert got["oauth_available"] == [4, 4, 4]
    assert str(got["authorization"]).startswith("OAuth ")
    assert 'oauth_consumer_key="ck1"' in str(got["authorization"])
    assert 'oauth_token="ak1"' in str(got["authorization"])
    assert "EditathonBot/0.1.0; operator: User:Operator Name" in str(got["user_agent"])
    assert got["put_throttle"] == 10 and got["maxlag"] == 5


def test_without_oauth_pywikibot_keeps_bot_passwords(tmp_path: Path) -> None:
    text = (REPO / "config" / "wikipedia.example.toml").read_text(encoding="utf-8")
    got = probe(text.replace("[oauth]", "# no oauth"), tmp_path)
    assert got["authenticate"] == {} and got["oauth_available"] == [0, 0, 0]
    assert "operator: User:YourName" in str(got["user_agent"])


def test_an_unknown_family_is_left_to_the_wikis_session(tmp_path: Path) -> None:
    """configure() must not crash on a family pywikibot lacks: the run reports it per wiki."""
    text = (REPO / "config" / "wikipedia.example.toml").read_text(encoding="utf-8")
    text = text.replace('family = "wikipedia"\ncode = "tt"', 'family = "nosuchfamily"\ncode = "tt"')
    text += '\n[oauth]\nconsumer_key = "ck1"\nconsumer_secret = "cs1"\naccess_key = "ak1"\naccess_secret = "as1"\n'
    got = probe(text, tmp_path)
    assert set(got["authenticate"]) == {"ru.wikipedia.org", "en.wikipedia.org"}

"""``editathon kit new`` refuses a title outside the prefixes the bot watches.

The contract lets the bot look for contests only under the title prefixes ``config/``
allows, so nobody starts a "contest" in a random corner of a wiki. The kit used to warn,
create the pages anyway and remember the contest, and the next run wrote its leaderboard.
"""

from __future__ import annotations

from pathlib import Path

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.test_kit import kit

TITLE = "User:Mallory/My own contest"


def test_kit_new_outside_the_prefixes_creates_and_remembers_nothing(wikiset: WikiSet, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    refused = kit(wikiset, state, "new", "--wiki", "en", "--title", TITLE, "--organizers", "Mallory",
                  check=False)

    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "is not under the titles the bot watches" in refused.stderr
    assert "nothing was created" in refused.stderr
    admin = wikiset.admin("en")
    assert admin.page_text(TITLE) is None
    Bot(wikiset, state).run()
    assert admin.page_text(f"{TITLE}/Leaderboard") is None

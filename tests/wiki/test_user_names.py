"""People whose names hold ``'``, ``&`` or a leading ``*`` sign up like anyone else.

MediaWiki saves their signatures with the name escaped (``O&#39;Brien&#38;Co``,
``&#42;Star``); before the fix the bot cut the name at the entity, reported the genuine
signup as a line added for someone else, and did not list the person.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.leaderboard import entries
from tests.wiki.test_jury import Contest, later, write

HOME = "en"
NAMES = ["O'Brien&Co", "*Star", "Semi;colon & \"Quote\""]


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def test_names_mediawiki_escapes_in_signatures_sign_up_and_are_listed(
    wikiset: WikiSet, bot: Bot
) -> None:
    c = Contest.create(wikiset, bot, "Names with entities", jury="Carol", review="optional")
    c.sign_up(*NAMES)
    saved = wikiset.admin(HOME).page_text(f"{c.title}/Participants") or ""
    assert "O&#39;Brien&#38;Co" in saved and "&#42;Star" in saved  # as MediaWiki saves them
    later()
    for i, name in enumerate(NAMES):
        write(wikiset, HOME, name, f"Entity bridge {i}")

    c.run()

    board = c.board()
    found = {k: v for k, v in entries(board).items() if k.startswith("Entity bridge")}
    assert {html.unescape(v["participant"]) for v in found.values()} == set(NAMES)
    assert {v["Status"] for v in found.values()} == {"provisional"}
    assert c.problems() == []
    # The links on the page lead to the people's user pages.
    links = wikiset.admin(HOME).query(
        prop="links", titles=f"{c.title}/Leaderboard", plnamespace=2, pllimit="max"
    )["query"]["pages"][0].get("links", [])
    assert {f"User:{n}" for n in NAMES} <= {link["title"] for link in links}

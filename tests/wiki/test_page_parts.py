"""Issue 16, pages that fit, on a real wiki: a leaderboard over the wiki's size limit is
saved in numbered parts, each under the limit, every participant on exactly one part;
when the page fits again, the parts no longer used keep nothing stale; a hand edit of a
part is restored.

The wiki's ``$wgMaxArticleSize`` is lowered (to 20 KiB) so a peer-shaped contest of 8
participants with 16 articles each (``bench/peer.py``) is split, as a contest of thousands is under the default 2 MB.
The pages are read back as a reader reads them: their HTML through ``action=parse``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench import peer
from bench import support as S
from bot.devwiki.dump import build_dump
from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot

HOME = "en"
STATUS = "User:EditathonBot/Status"
HEADLINE_USER = re.compile(r'<span class="mw-headline"[^>]*><a [^>]*title="User:([^"]+?)(?: \(page does not exist\))?"')
RANK_ROW = re.compile(r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|")


def set_limit(wset: WikiSet, kib: int) -> None:
    """The wiki's ``$wgMaxArticleSize``; the bot's cached siteinfo is dropped, as after
    pywikibot's cache expiry, so the next run reads the new ``maxarticlesize``."""
    (wset.wikis[HOME].dir / "extra.php").write_text(f"<?php\n$wgMaxArticleSize = {kib};\n")
    for stale in wset.pywikibot_dir.glob("apicache*"):
        shutil.rmtree(stale, ignore_errors=True)


def parts_of(wset: WikiSet, first: str) -> list[tuple[str, str, int]]:
    """(title, wikitext, bytes) of the page and every numbered part that exists."""
    admin = wset.admin(HOME)
    out: list[tuple[str, str, int]] = []
    n = 1
    while True:
        title = first if n == 1 else f"{first}/{n}"
        page = admin.query(prop="info|revisions", titles=title, rvprop="content", rvslots="main",
                           formatversion="2")["query"]["pages"][0]
        if page.get("missing"):
            return out
        out.append((title, page["revisions"][0]["slots"]["main"]["content"], int(page["length"])))
        n += 1


def html(wset: WikiSet, title: str) -> tuple[str, set[str]]:
    """The page's HTML and the project pages it links (``Project:`` titles as the bot writes
    them; that they exist is read apart: a link saved before its target shows red in a parse
    cached in the same second)."""
    got = wset.admin(HOME).get(action="parse", page=title, prop="text|links")["parse"]
    return got["text"], {"Project:" + link["title"].split(":", 1)[1] for link in got["links"]
                         if link.get("ns") == 4}


def test_a_leaderboard_over_the_size_limit_is_saved_in_parts_and_shrinks_cleanly(
    wikiset: WikiSet, tmp_path: Path
) -> None:
    set_limit(wikiset, 16)
    limit = 16 * 1024
    s = peer.peer_scenario(6, ("en",))  # 6 participants, 16 entries each: about 35 KB on one page
    pages = S.home_pages(s) + S.article_pages(s, HOME)  # replayed on en alone
    S.create_accounts(wikiset, HOME, S.first_edits(pages))
    wikiset.import_dump(HOME, build_dump(pages, lang=HOME), fast=True)
    people = list(s.users)
    board = f"{s.title}/Leaderboard"
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    # Someone made part 2 by hand before the bot's first run (a pasted old ranking).
    wikiset.admin(HOME).edit(f"{board}/2", "An old ranking pasted by hand.", "hand made")

    first = S.run_bot(wikiset, tmp_path / "state.sqlite")  # the real command, its requests traced
    assert first.returncode == 0 and "not saved" not in first.stdout.lower(), first.stdout
    # The parts are new pages: each saved with createonly, not read first; the one made by
    # hand is refused as existing, then read and overwritten like any hand edit of a bot page.
    split = re.compile(r"/(Leaderboard|Queue)/\d+$")
    reads = [t.split(":", 1)[1] for r in first.trace if r["label"] != "edit"
             for t in str((r.get("params") or {}).get("titles", "")).split("|") if split.search(t)]
    edits = [(str(r["params"]["title"]).split(":", 1)[1], "createonly" in r["params"]) for r in first.trace
             if r["label"] == "edit" and split.search(str(r["params"]["title"]))]
    hand = f"{board}/2".split(":", 1)[1]
    assert reads == [hand], reads
    assert len(edits) >= 2 + 3 + 1 and all(created for t, created in edits if t != hand), edits
    assert edits.count((hand, True)) == 1 and edits.count((hand, False)) == 1, edits

    parts = parts_of(wikiset, board)
    assert len(parts) >= 3, [(t, n) for t, _, n in parts]
    assert all(n <= limit for _, _, n in parts), [(t, n) for t, _, n in parts]
    ranked = [u for _, text, _ in parts for u in RANK_ROW.findall(text)]
    assert sorted(ranked) == sorted(people)  # each participant's ranking row on exactly one part
    seen: list[str] = []
    for n, (title, _, _) in enumerate(parts, 1):
        text, links = html(wikiset, title)
        seen += HEADLINE_USER.findall(text)
        if n == 1:  # the page itself lists every part (each one saved: parts_of read it)
            assert {t for t, _, _ in parts[1:]} <= links
        else:
            assert board in links and parts[n - 2][0] in links
            if n < len(parts):
                assert parts[n][0] in links
    assert sorted(seen) == sorted(people)  # each one's entries under one heading, on one part
    status = wikiset.admin(HOME).page_text(STATUS) or ""
    assert all(f"Editathon/Peer/Leaderboard/{n}]]" in status for n in range(2, len(parts) + 1)), status

    # The wiki's limit is raised: the leaderboard fits on one page, the parts hold nothing stale.
    set_limit(wikiset, 2048)
    shrunk = bot.run(check=False)
    assert shrunk.returncode == 0 and "not saved" not in shrunk.stdout.lower(), shrunk.stdout
    whole = wikiset.admin(HOME).page_text(board) or ""
    assert sorted(RANK_ROW.findall(whole)) == sorted(people)
    assert "/Leaderboard/2" not in whole
    unused = {}
    for title, _, _ in parts[1:]:
        unused[title] = wikiset.admin(HOME).page_text(title) or ""
        assert "no longer used" in unused[title] and "User:" not in unused[title], unused[title]
        assert board in html(wikiset, title)[1]

    # A hand edit of a part is restored by the next run, like any page the bot writes, and reported.
    second = parts[1][0]
    wikiset.admin(HOME).edit(second, "Old ranking pasted back by hand.", "hand edit")
    again = bot.run()
    assert (wikiset.admin(HOME).page_text(second) or "") == unused[second]
    assert again.edits == 3, again.stdout  # the part restored; the leaderboard and the status page tell the edit
    # Reported to the organizers like a hand edit of the page itself, with its diff.
    told = wikiset.admin(HOME).page_text(board) or ""
    assert "edited this page by hand" in told and "Leaderboard/2" in told, told[-3000:]

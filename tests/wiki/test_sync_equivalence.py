"""The batched sync changes no measure, status or point (issue 16).

A small peer-shaped contest (``bench.peer``: participants creating 8 articles in 3 edits and
expanding 8 existing ones in 2 edits), replayed on en, plus the histories the batched sync
must not get wrong: someone else's edit between a participant's edits, an article with a
long history before the period (more than the rounds of parent look-ups), a participant's
edit reverted by sha1 by someone else, a participant restoring vandalised text. Then a live
phase read incrementally: a participant's new edits, an undo of a participant's edit, a
move, another person's edit.

The expected leaderboard and queue (``data/sync_equivalence.json``) were written by the
page-by-page sync this replaced (commit 7540035, one history request per article), with
``EDITATHON_WRITE_EXPECTED=1``; the test compares every entry's row (status, kind, reason,
points, what was added) after each run.
"""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench import peer
from bench import support as S
from bot.devwiki.dump import DumpPage, DumpRevision
from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot
from tests.wiki.leaderboard import entries, tables

EXPECTED = Path(__file__).parent / "data" / "sync_equivalence.json"
VANDAL = "Bench Vandal"


def rev(user: str, when: Any, text: str) -> DumpRevision:
    return DumpRevision(user, when, text, "edit")


def twists(s: S.Scenario) -> list[DumpPage]:
    """Histories beyond the peer shape, by the scenario's first participants."""
    p1, p2, p3, p4 = s.users[:4]
    t = s.start + timedelta(days=2)
    before = s.start - timedelta(days=15)
    words = lambda n, seed=0: S.prose(n, "en", seed)  # noqa: E731
    shared = DumpPage("Twist shared", [
        rev(p1, t, words(120)),
        rev(p1, t + timedelta(minutes=5), words(160)),
        rev(peer.ELDER, t + timedelta(minutes=10), words(160) + "\n\nA note by someone else. " + words(30, 2)),
        rev(p1, t + timedelta(minutes=15), words(160) + "\n\nA note by someone else. " + words(90, 2)),
    ])
    long_history = DumpPage("Twist long history", [
        rev(peer.ELDER, before + timedelta(hours=k), words(40 + 10 * k, k)) for k in range(6)
    ] + [rev(p2, t + timedelta(hours=1), words(95, 5) + "\n\n== More ==\n" + words(150, 7))])
    reverted = DumpPage("Twist reverted", [
        rev(p3, t, words(100, 1)),
        rev(peer.ELDER, t + timedelta(minutes=5), words(110, 1)),
        rev(p3, t + timedelta(minutes=10), words(110, 1) + "\n\n== Added ==\n" + words(200, 4)),
        rev(peer.ELDER, t + timedelta(minutes=20), words(110, 1)),  # back to the text before p3's edit
    ])
    original = words(150, 3)
    restored = DumpPage("Twist vandalism", [
        rev(peer.ELDER, before, original),
        rev(VANDAL, t, "nonsense"),
        rev(p4, t + timedelta(minutes=3), original),  # a restore: neither gains nor loses
        rev(p4, t + timedelta(minutes=9), original + "\n\n== New ==\n" + words(80, 6)),
    ])
    return [shared, long_history, reverted, restored]


def snapshot(wikiset: WikiSet, s: S.Scenario) -> dict[str, Any]:
    """Every entry's row on the leaderboard and every queue row, as the wiki shows them."""
    anon = wikiset.anonymous("en")
    board = anon.page_text(f"{s.title}/Leaderboard") or ""
    queue = anon.page_text(f"{s.title}/Queue") or ""
    rows = sorted((json.dumps(r, sort_keys=True, ensure_ascii=False)
                   for _h, t in tables(queue) for r in t.dicts()))
    return {"leaderboard": entries(board), "queue": rows}


def as_before(board: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The leaderboard in the wording of the expected file, written before "Points by rule"
    labelled each figure as points ("kilobytes added: 1.1 points"): same figures, old words."""
    out = {}
    for title, row in board.items():
        row = dict(row)
        if "Points by rule" in row:
            row["Points by rule"] = re.sub(r"(\d) points?\b", r"\1", row["Points by rule"])
        out[title] = row
    return out


def queue_facts(rows: list[str]) -> list[dict[str, str]]:
    """The queue's rows without the line to copy, whose layout changed after the expected
    file was written (a leading ``*``, kept on one line); every fact of a row stays."""
    out = []
    for r in rows:
        row = json.loads(r)
        row.pop("Line to copy", None)
        out.append(row)
    return out


def test_leaderboard_and_queue_match_the_page_by_page_sync(wikiset: WikiSet, tmp_path: Path) -> None:
    s = peer.peer_scenario(6, ("en",))
    S.load(wikiset, s, {"en": twists(s)})
    bot = Bot(wikiset, tmp_path / "state.sqlite")
    bot.run()
    got: dict[str, Any] = {"first run": snapshot(wikiset, s)}

    # Live: p5 expands two of their articles; the elder undoes p6's last edit of one article
    # and edits another of p6's; an article of p1 is moved.
    p5, p6 = s.users[4], s.users[5]
    mine5 = [a for a in s.articles if a.user == p5]
    actor5 = S.live_actor(wikiset, "en", p5)
    for a in mine5[:2]:
        actor5.append(a.title, "\n== Live ==\n" + S.prose(70, "en", 9) + "\n", "more")
    mine6 = [a for a in s.articles if a.user == p6]
    elder = S.live_actor(wikiset, "en", peer.ELDER)
    latest = elder.latest_revid(mine6[0].title)
    assert latest
    elder.undo(mine6[0].title, latest, "undo")
    elder.append(mine6[1].title, "\nA line by someone else.\n", "note")
    wikiset.admin("en").move([a for a in s.articles if a.user == s.users[0]][2].title, "Twist moved here",
                             "better title")
    bot.run()
    got["after live edits"] = snapshot(wikiset, s)

    if os.environ.get("EDITATHON_WRITE_EXPECTED"):
        EXPECTED.parent.mkdir(exist_ok=True)
        EXPECTED.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert len(got["first run"]["leaderboard"]) >= 6 * 16  # every article of the shape is an entry
    for run in ("first run", "after live edits"):
        assert as_before(got[run]["leaderboard"]) == expected[run]["leaderboard"], run
        assert queue_facts(got[run]["queue"]) == queue_facts(expected[run]["queue"]), run

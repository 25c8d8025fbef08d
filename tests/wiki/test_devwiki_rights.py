"""The local wikis give the rights Wikipedia gives, and keep people logged in.

Wikipedia's administrators can hide a revision (revision deletion) and restore part of a
deleted page's history; the bot's account may read deleted revisions' metadata where it has
``deletedhistory``. Those are how history gaps happen on real wikis, so the local wikis must
allow them. Importing history (``make wiki-import``) must not log anybody out.
"""

from __future__ import annotations

import json
import textwrap
import time

from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet


def test_an_administrator_hides_a_revision_and_others_see_it_hidden(wikiset: WikiSet) -> None:
    alice = wikiset.actor("en", "Rights Alice")
    first = alice.edit("Rights hidden", "one")
    second = alice.edit("Rights hidden", "one two")
    alice.edit("Rights hidden", "one two three")
    wikiset.admin("en").hide_revisions("Rights hidden", [second])

    revs = wikiset.anonymous("en").query(
        prop="revisions", titles="Rights hidden", rvprop="ids|user|content", rvslots="main",
        rvlimit="max", rvdir="newer",
    )["query"]["pages"][0]["revisions"]
    hidden = {r["revid"]: bool(r["slots"]["main"].get("texthidden")) for r in revs}
    assert hidden[first] is False
    assert hidden[second] is True
    assert [r["user"] for r in revs] == ["Rights Alice"] * 3  # only the text is hidden


def test_a_partial_undelete_leaves_a_gap_in_the_history(wikiset: WikiSet) -> None:
    alice = wikiset.actor("en", "Rights Alice")
    admin = wikiset.admin("en")
    ids = []
    for text in ("a", "a b", "a b c"):
        ids.append(alice.edit("Rights partial", text))
        time.sleep(1.05)  # undelete picks revisions by timestamp (seconds)
    stamps = [r["timestamp"] for r in alice.revisions("Rights partial", prop="ids|timestamp")]
    admin.delete("Rights partial")
    admin.undelete("Rights partial", timestamps=[stamps[0], stamps[2]])

    revs = alice.revisions("Rights partial", prop="ids|parentid")
    assert [r["revid"] for r in revs] == [ids[0], ids[2]]
    assert revs[1]["parentid"] == ids[1]  # points at a revision nobody can read


def test_the_bot_account_may_read_deleted_history(wikiset: WikiSet) -> None:
    script = textwrap.dedent(
        """
        import json, pywikibot
        site = pywikibot.Site('en', 'devwiki')
        site.login()
        print(json.dumps(sorted(site.userinfo['rights'])))
        """
    )
    rights = json.loads(wikiset.run_python(script).stdout.strip().splitlines()[-1])
    assert "deletedhistory" in rights
    assert "deleterevision" not in rights  # the bot reads; it never hides anything


def test_importing_history_keeps_everyone_logged_in(wikiset: WikiSet) -> None:
    bob = wikiset.actor("tt", "Rights Bob")
    assert bob.whoami()["name"] == "Rights Bob"
    wikiset.import_dump(
        "tt",
        build_dump(
            [DumpPage("Rights import", [DumpRevision("Rights Carol", "2026-10-05T10:00:00Z", "x")])],
            lang="tt",
        ),
    )
    assert bob.whoami()["name"] == "Rights Bob"
    revid = bob.edit("Rights after import", "still me")
    users = [r["user"] for r in bob.revisions("Rights after import") if r["revid"] == revid]
    assert users == ["Rights Bob"]

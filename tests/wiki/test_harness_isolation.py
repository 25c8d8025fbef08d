"""Two test modules get independent fresh wikis, whichever runs first (or both at once).

test_harness.py leaves a marker page in its set and checks that this module's marker is absent;
this module does the same the other way round.
"""

from __future__ import annotations

from bot.devwiki.harness import WikiSet

MARKER = "Isolation marker from test_harness_isolation"
OTHER_MARKER = "Isolation marker from test_harness"


def test_fresh_copies_are_independent(wikiset: WikiSet) -> None:
    wikiset.admin("en").edit(MARKER, "made by test_harness_isolation.py")
    reader = wikiset.anonymous("en")
    assert reader.page_text(MARKER) == "made by test_harness_isolation.py"
    assert reader.page_text(OTHER_MARKER) is None
    # A fresh copy has only the main page and the accounts the installer and harness made.
    pages = reader.query(list="allpages", aplimit="max")["query"]["allpages"]
    assert sorted(p["title"] for p in pages) == sorted(["Main Page", MARKER.replace("_", " ")])
    users = reader.query(list="allusers", aulimit="max")["query"]["allusers"]
    assert sorted(u["name"] for u in users) == ["Admin", "EditathonBot", "MediaWiki default"]

"""The local wiki harness behaves like the production wikis in the ways the bot relies on.

Real MediaWiki, no mocks: each test states a production behaviour and checks that the local
wikis show it (interlanguage links, historic imports, revert tags from the job queue, bot flags
on pywikibot edits, isolated fresh copies).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from urllib.parse import unquote

import pytest

from bot.devwiki import harness
from bot.devwiki.actor import Actor, ApiError
from bot.devwiki.dump import DumpPage, DumpRevision, build_dump, sha1_base36
from bot.devwiki.harness import WikiSet

MARKER = "Isolation marker from test_harness"
OTHER_MARKER = "Isolation marker from test_harness_isolation"


def test_three_languages_with_their_settings(wikiset: WikiSet) -> None:
    for code in harness.LANGS:
        general = wikiset.anonymous(code).query(meta="siteinfo", siprop="general|namespaces")
        info = general["query"]["general"]
        assert info["lang"] == code
        assert info["server"] == wikiset[code].server
        assert info["wikiid"] == f"{code}wiki"
        assert general["query"]["namespaces"]["118"]["name"] == "Draft"
    assert wikiset.anonymous("tt").query(meta="siteinfo")["query"]["general"]["timezone"] == (
        "Europe/Moscow"
    )


def test_interlanguage_link_from_en_to_tt(wikiset: WikiSet, actor: Callable[..., Actor]) -> None:
    alice = actor("en", "Alice")
    alice.edit("Kazan", "Kazan is a city.\n\n[[:tt:Татарстан]]\n\n[[tt:Казан]]", "city")
    page = alice.query(prop="langlinks|iwlinks", titles="Kazan", llprop="url", iwprop="url")[
        "query"
    ]["pages"][0]
    assert [(ll["lang"], ll["title"]) for ll in page["langlinks"]] == [("tt", "Казан")]
    assert unquote(page["langlinks"][0]["url"]) == f"{wikiset['tt'].index}/Казан"
    assert [(iw["prefix"], iw["title"]) for iw in page["iwlinks"]] == [("tt", "Татарстан")]


def test_import_keeps_october_history_under_the_right_user(wikiset: WikiSet) -> None:
    first = "Казан — шәһәр."
    dump = build_dump(
        [
            DumpPage(
                "Казан кремле",
                [
                    DumpRevision("Гөлнара", "2026-10-05T10:00:00Z", first, "яңа мәкалә"),
                    DumpRevision("Ruslan", "2026-10-07T18:30:00Z", first + "\n\nКремль.", "өстәү"),
                ],
            )
        ],
        lang="tt",
    )
    wikiset.import_dump("tt", dump)
    reader = wikiset.anonymous("tt")

    contribs = reader.query(list="usercontribs", ucuser="Гөлнара", ucprop="ids|title|timestamp")
    assert [(c["title"], c["timestamp"]) for c in contribs["query"]["usercontribs"]] == [
        ("Казан кремле", "2026-10-05T10:00:00Z")
    ]
    # The API shows SHA-1 in hex; the database keeps MediaWiki's base 36, which the dump carries.
    history = reader.revisions("Казан кремле")
    assert [r["user"] for r in history] == ["Гөлнара", "Ruslan"]
    assert int(history[0]["sha1"], 16) == int(sha1_base36(first), 36)
    with wikiset.db("tt") as conn:
        stored = conn.execute(
            "SELECT rev_sha1 FROM revision WHERE rev_id = ?",
            (contribs["query"]["usercontribs"][0]["revid"],),
        ).fetchone()[0]
    assert stored == sha1_base36(first)
    ruslan = reader.query(list="usercontribs", ucuser="Ruslan", ucprop="title|timestamp")
    assert [c["timestamp"] for c in ruslan["query"]["usercontribs"]] == ["2026-10-07T18:30:00Z"]

    users = reader.query(list="users", ususers="Гөлнара", usprop="registration|editcount")
    assert users["query"]["users"][0]["registration"] == "2026-10-05T10:00:00Z"

    changes = reader.query(
        list="recentchanges",
        rcstart="2026-10-31T00:00:00Z",
        rcend="2026-10-01T00:00:00Z",
        rcprop="title|user|timestamp",
    )["query"]["recentchanges"]
    assert {(c["user"], c["timestamp"]) for c in changes} == {
        ("Гөлнара", "2026-10-05T10:00:00Z"),
        ("Ruslan", "2026-10-07T18:30:00Z"),
    }


def test_undone_edit_is_tagged_mw_reverted_once_jobs_run(
    wikiset: WikiSet, actor: Callable[..., Actor]
) -> None:
    wikiset.run_jobs()
    alice, vandal = actor("ru", "Алиса"), actor("ru", "Vandal")
    alice.edit("Казань", "Казань — город.", "новая статья")
    bad = vandal.edit("Казань", "Казань — деревня.", "")
    undo = alice.undo("Казань", bad)

    def tags() -> dict[int, list[str]]:
        return {r["revid"]: r["tags"] for r in alice.revisions("Казань")}

    history = alice.revisions("Казань")
    assert [(r["revid"], r["user"]) for r in history[-2:]] == [(bad, "Vandal"), (undo, "Алиса")]
    assert tags()[undo] == ["mw-undo"]
    assert "mw-reverted" not in tags()[bad]
    assert wikiset.run_jobs("ru") >= 1
    assert tags()[bad] == ["mw-reverted"]


def test_pywikibot_edit_by_the_bot_is_bot_flagged(wikiset: WikiSet) -> None:
    script = textwrap.dedent(
        """
        import json, pywikibot
        site = pywikibot.Site('tt', 'devwiki')
        site.login()
        page = pywikibot.Page(site, 'Бот бите')
        page.text = 'Бот язды. [[en:Bot page]]'
        page.save('test', bot=True)
        links = [(l.site.code, l.title) for l in page.langlinks()]
        print(json.dumps({'user': site.user(), 'revid': page.latest_revision_id, 'links': links}))
        """
    )
    result = json.loads(wikiset.run_python(script).stdout.strip().splitlines()[-1])
    assert result["user"] == harness.BOT_USER
    assert result["links"] == [["en", "Bot page"]]
    changes = wikiset.anonymous("tt").query(
        list="recentchanges", rcprop="ids|user|flags", rctitle="Бот бите"
    )["query"]["recentchanges"]
    assert [(c["revid"], c["user"], c["bot"]) for c in changes] == [
        (result["revid"], harness.BOT_USER, True)
    ]


def test_scribunto_runs_lua(wikiset: WikiSet) -> None:
    admin = wikiset.admin("en")
    admin.edit("Module:Hello", "return { hi = function() return 'Lua says hi' end }")
    html = admin.post(action="parse", text="{{#invoke:Hello|hi}}", contentmodel="wikitext")
    assert "Lua says hi" in html["parse"]["text"]


def test_fake_replication_lag(wikiset: WikiSet) -> None:
    reader = wikiset.anonymous("ru")
    (wikiset["ru"].dir / "maxlag.txt").write_text("12")
    try:
        with pytest.raises(ApiError) as err:
            reader.query(meta="siteinfo", maxlag="5")
        assert err.value.code == "maxlag"
    finally:
        (wikiset["ru"].dir / "maxlag.txt").unlink()
    reader.query(meta="siteinfo", maxlag="5")


def test_edits_fail_loudly(wikiset: WikiSet, actor: Callable[..., Actor]) -> None:
    admin, impostor = wikiset.admin("en"), actor("en", "Impostor")
    admin.edit("Protected rules", "Rules.")
    admin.protect("Protected rules")
    with pytest.raises(ApiError) as err:
        impostor.edit("Protected rules", "My rules.")
    assert err.value.code == "protectedpage"


def test_fresh_copies_are_independent_marker(wikiset: WikiSet) -> None:
    """Leave a page for test_harness_isolation.py to look for, and look for its page."""
    wikiset.admin("en").edit(MARKER, "made by test_harness.py")
    reader = wikiset.anonymous("en")
    assert reader.page_text(MARKER) == "made by test_harness.py"
    assert reader.page_text(OTHER_MARKER) is None

"""What a first run and a run after a few changes ask the wiki, by kind (issue 16).

A small peer-shaped contest (``bench.peer``) replayed on en, the bot run as an operator
runs it with a request trace (``bench.trace_bot``). The counts checked are the batchings
that keep a first run near what the API allows:

- the contest's pages with one revision (the contest page, the worklist) come with their
  latest revision in one ``prop=info|revisions`` read of all the contest's pages: only the
  pages with a longer history (participants, jury) are read page by page;
- the status page's first save reads nothing before it (its absence was in that read);
- the stop page is read once per wiki with writes here (one contest: the status page uses
  the same reading);
- a login costs three requests (login token, login, who-am-I with the csrf token), and the
  siteinfo pywikibot needs comes in one;
- with nothing new, recent changes alone (they show the contest's pages untouched);
- a signup saved since the last run is the signup page's one new revision: it comes with
  the contest's other changed pages in one read by revision id, and the signup page's
  history is not read again.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench import peer
from bench import support as S
from bot.config import load_config
from bot.devwiki.harness import WikiSet


def kinds(run: S.BotRun, wiki: str = "en") -> Counter[str]:
    return Counter(peer.kind(r) for r in run.traced(wiki))


def stop_reads(run: S.BotRun) -> Counter[str]:
    return Counter(run.hosts.get(str(r["host"]), "") for r in run.trace
                   if any(t.endswith("/Stop") for t in str((r.get("params") or {}).get("titles", "")).split("|")))


def test_contest_pages_are_read_together_and_histories_only_where_longer(wikiset: WikiSet,
                                                                          tmp_path: Path) -> None:
    s = peer.peer_scenario(4, ("en",))
    S.load(wikiset, s)
    state = tmp_path / "state.sqlite"
    first = S.run_bot(wikiset, state)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.edits >= 4  # leaderboard, queue, worklist status, status pages

    longer = sorted(t for t, n in s.page_revisions.items() if n > 1)
    assert len(longer) == 2  # participants and jury
    histories = [r for r in first.traced("en") if peer.kind(r).endswith("(history)")]
    assert sorted(str(r["params"]["titles"]).split(":", 1)[1] for r in histories) == \
        sorted(t.split(":", 1)[1] for t in longer)
    en = kinds(first)
    stops = stop_reads(first)
    # The contest page and its subpages: one read with the latest texts of those never read,
    # one more for the subpages the contest page names (the worklist comes with its text).
    assert en["query prop=info|revisions +content (latest, by titles)"] - stops["en"] == 2, en
    assert en["query prop=info"] == 0, en
    # The stop page once per wiki (the status page goes by the last contest's reading); the
    # status page's latest text comes with it, or with the contest pages: no read of its own.
    assert stops == {w: 1 for w in S.WIKIS}, stops
    for w in S.WIKIS:
        assert kinds(first, w)["query prop=revisions +content (latest, by titles)"] == 0, kinds(first, w)
    # ru and tt hold no contest: siteinfo (with the extensions pywikibot would ask apart),
    # the prefix listings (the first one brings the edit count), the stop page with the
    # status page, a login in three requests (no parameter info, no second who-am-I) and
    # the status page's edit.
    cfg = load_config(None)
    for w in ("ru", "tt"):
        assert first.requests[w] == 1 + len(cfg.wikis[w].prefixes) + 1 + 3 + 1, kinds(first, w)
    bound = peer.bound_first([s], "en", peer.Limits.of(True), prefixes=2, draft_namespaces=2, edits=0,
                             stop_checks=0)["contest pages"]
    got = Counter(peer.component(r) for r in first.traced("en"))["contest pages"]
    assert got <= bound, (got, bound)

    # Nothing new: recent changes show every contest page untouched since the bot read or
    # wrote it, so nothing but recent changes is asked (no prop=info on the contest's pages).
    quiet = S.run_bot(wikiset, state)
    assert quiet.returncode == 0 and quiet.edits == 0, quiet.stdout
    assert quiet.requests == {w: 1 for w in S.WIKIS}, [kinds(quiet, w) for w in S.WIKIS]

    # A new signup and a new jury line: one new revision each since the last run.
    S.live_actor(wikiset, "en", s.users[0]).append(f"{s.title}/Participants", "\n# a second line ~~~~\n", "again")
    S.live_actor(wikiset, "en", S.JUROR).append(f"{s.title}/Jury", "\nA comment.\n", "note")
    again = S.run_bot(wikiset, state)
    assert again.returncode == 0, again.stdout + again.stderr
    en = kinds(again)
    assert not [k for k in en if k.endswith("(history)")], en
    assert en["query prop=revisions +content (by revids)"] == 1, en

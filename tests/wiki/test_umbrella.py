"""Issue 9 on real wikis: an umbrella over contests on two home wikis, its pages and its report.

The programme "Smart Region U9" is an umbrella on en. Below it: the Kazan contest (home en,
articles on en, ru, tt) directly, and the Chally contest (home tt, articles on tt and ru)
through a Tatarstan umbrella on tt whose ``parent`` names the en page, so the tree nests
and crosses wikis. The programme's general worklist (en) counts in both contests.

People (every figure below is counted by hand from this list):

=====  ==========  ====  ================================  =====  ==================
who    contest(s)  wiki  article                           words  what it is
=====  ==========  ====  ================================  =====  ==================
Aigul  Kazan       en    Kazan Kremlin (worklist)          120    counted in Kazan
       + Chally    tt    Казан Кремле (worklist)           100    counted in both: once
Ilnur  Kazan       ru    Озеро Кабан (worklist)             80    counted
                   en    Ilnur's stub                       20    too small: no entry
Marat  Chally      tt    Кабан күле (worklist)              90    counted
                   ru    Улица Баумана (worklist)           70    counted
                   tt    Бауман урамы (worklist)            20    too small: being written
=====  ==========  ====  ================================  =====  ==================
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from tests.wiki.botrun import REPO, Bot, BotResult, period_around_now, prose
from tests.wiki.leaderboard import Table, tables

UMB = "Project:Smart Region U9"
KAZAN = f"{UMB}/Kazan"  # on en
TATARSTAN = f"{UMB}/Tatarstan"  # on tt: an umbrella below the programme
CHALLY = f"{UMB}/Chally"  # on tt, below Tatarstan
ORG = "Alsu"

WORKLIST = """== Sights ==
* [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]]
* [[Kaban Lake]] · [[:ru:Озеро Кабан]] · [[:tt:Кабан күле]]
* [[Bauman Street]] · [[:ru:Улица Баумана]] · [[:tt:Бауман урамы]]
"""

ARTICLES = [  # (user, wiki, title, words)
    ("Aigul", "en", "Kazan Kremlin", 120),
    ("Aigul", "tt", "Казан Кремле", 100),
    ("Ilnur", "ru", "Озеро Кабан", 80),
    ("Ilnur", "en", "Ilnur's stub", 20),
    ("Marat", "tt", "Кабан күле", 90),
    ("Marat", "ru", "Улица Баумана", 70),
    ("Marat", "tt", "Бауман урамы", 20),
]


def size(wiki: str, words: int) -> int:
    """What MediaWiki reports as the page size of ``prose(words, wiki)``: its UTF-8 bytes."""
    return len(prose(words, wiki).encode("utf-8"))


def page(fields: str) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| organizers = {ORG}
{fields}
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
"""


@pytest.fixture(scope="module")
def programme(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Bot:
    """The pages, the signups and the articles of the table above, then one bot run."""
    en, tt = wikiset.actor("en", ORG), wikiset.actor("tt", ORG)
    en.edit(UMB, page("| umbrella = yes"), "programme")
    en.edit(f"{UMB}/Worklist", WORKLIST, "general worklist")
    en.edit(KAZAN, page(f"| wikis = en, ru, tt\n| parent = {UMB}"), "Kazan contest")
    en.edit(f"{KAZAN}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "participants")
    tt.edit(TATARSTAN, page(f"| umbrella = yes\n| parent = en:{UMB}"), "Татарстан")
    tt.edit(CHALLY, page(f"| wikis = tt, ru\n| parent = {TATARSTAN}"), "Чаллы")
    tt.edit(f"{CHALLY}/Participants", "Язылу: <nowiki># ~~~~</nowiki>\n", "катнашучылар")
    for user, home, contest in [("Aigul", "en", KAZAN), ("Ilnur", "en", KAZAN), ("Aigul", "tt", CHALLY),
                                ("Marat", "tt", CHALLY)]:
        wikiset.actor(home, user).append(f"{contest}/Participants", f"\n# [[User:{user}|{user}]] ~~~~~", "signing up")
    time.sleep(1.1)  # the articles come after the signups, as for real people
    for user, wiki, title, words in ARTICLES:
        wikiset.actor(wiki, user).edit(title, prose(words, wiki), "new article")
        if user == "Aigul":
            time.sleep(1.1)  # Aigul's last entry is earlier than Marat's: she wins their tie
    bot = Bot(wikiset, tmp_path_factory.mktemp("umbrella") / "state.sqlite")
    bot.run()
    return bot


def text_of(wikiset: WikiSet, wiki: str, title: str) -> str:
    text = wikiset.admin(wiki).page_text(title)
    assert text is not None, f"the bot did not write {wiki}:{title}"
    return text


def table(text: str, heading: str) -> Table:
    found = [t for h, t in tables(text) if h == heading]
    assert found, f"no table under {heading!r}"
    return found[0]


def column(t: Table, name: str) -> list[str]:
    return [row[name] for row in t.dicts()]


B_KAZAN = size("en", 120) + size("tt", 100) + size("ru", 80)
B_CHALLY = size("tt", 100) + size("tt", 90) + size("ru", 70)
B_ALL = size("en", 120) + size("tt", 100) + size("ru", 80) + size("tt", 90) + size("ru", 70)


def test_umbrella_leaderboard_ranks_people_across_wikis_and_contests(wikiset: WikiSet, programme: Bot) -> None:
    text = text_of(wikiset, "en", f"{UMB}/Leaderboard")
    # Aigul 2 entries (her tt article is in both contests: once), Marat 2, Ilnur 1. Aigul and Marat
    # tie on entries; Aigul reached hers first.
    by_entries = table(text, "Ranking by counted entries").dicts()
    assert [(r["#"], r["Participant"], r["Counted entries"]) for r in by_entries] == [
        ("1", "User:Aigul", "2"), ("2", "User:Marat", "2"), ("3", "User:Ilnur", "1")]
    by_languages = table(text, "Ranking by languages").dicts()
    assert [(r["Participant"], r["Languages"]) for r in by_languages] == [
        ("User:Aigul", "2"), ("User:Marat", "2"), ("User:Ilnur", "1")]
    assert "2 contests are gathered here." in text


def test_umbrella_statistics_match_the_hand_count(wikiset: WikiSet, programme: Bot) -> None:
    text = text_of(wikiset, "en", f"{UMB}/Leaderboard")
    contests = table(text, "Contests").dicts()
    assert [r["Contest"].endswith(t) for r, t in zip(contests, ["/Kazan", "/Chally"], strict=True)] == [True, True]
    assert contests[1]["Contest"].startswith("tt:")
    figures = ["Participants", "Counted entries", "Bytes added", "Words added", "Topics", "Languages"]
    assert [[r[f] for f in figures] for r in contests] == [
        ["2", "3", f"{B_KAZAN:,}", "300", "2", "<b>en</b>, <b>ru</b>, <b>tt</b>"],
        ["2", "3", f"{B_CHALLY:,}", "260", "3", "<b>tt</b>, <b>ru</b>"],  # its wikis as typed; bold: counted entries
    ]
    languages = table(text, "Languages").dicts()
    assert [[r["Language"]] + [r[f] for f in figures[:5]] for r in languages] == [
        ["en", "1", "1", f"{size('en', 120):,}", "120", "1"],
        ["ru", "2", "2", f"{size('ru', 80) + size('ru', 70):,}", "150", "2"],
        ["tt", "2", "2", f"{size('tt', 100) + size('tt', 90):,}", "190", "2"],
    ]
    # Aigul is in both contests and is one person: 3 people, not 4.
    assert (f"In all: 3 participants (a person in several contests counts once), 5 counted entries, "
            f"{B_ALL:,} bytes and 460 words added, 3 topics.") in text


def test_nested_umbrella_on_tt_sees_only_its_contest(wikiset: WikiSet, programme: Bot) -> None:
    text = text_of(wikiset, "tt", f"{TATARSTAN}/Leaderboard")
    tt = catalog("tt")
    contests = table(text, tt.text("umbrella-heading-contests")).rows
    assert len(contests) == 1 and contests[0][0].endswith("/Chally")
    assert contests[0][2].endswith("(UTC)")  # its period, in its own time zone
    assert contests[0][3:8] == ["2", "3", tt.number(B_CHALLY), "260", "3"]


def status_rows(text: str) -> dict[str, list[str]]:
    """Topic -> its cells per language, as read (the cells' colour and sort attributes dropped)."""
    def plain(cell: str) -> str:
        return re.sub(r'^(?:[a-z-]+="[^"]*"\s*)+\|\s*', "", cell)

    return {plain(row[0]): [plain(c) for c in row[1:]] for _, t in tables(text) for row in t.rows}


def test_worklist_status_of_a_contest_includes_the_programmes_topics(wikiset: WikiSet, programme: Bot) -> None:
    text = text_of(wikiset, "en", f"{KAZAN}/Worklist status")
    assert "* en: 1 counted, 0 being written, 2 missing, of 3 topics" in text
    assert "* ru: 1 counted, 0 being written, 2 missing, of 3 topics" in text
    assert "* tt: 1 counted, 0 being written, 2 missing, of 3 topics" in text
    rows = status_rows(text)
    assert rows["Kazan Kremlin"] == ["Kazan Kremlin<br />counted: User:Aigul", "ru:Казанский кремль<br />missing",
                                     "tt:Казан Кремле<br />counted: User:Aigul"]
    # Chally's own page is on tt, in Tatar, and shows Marat's small article as being written.
    chally = text_of(wikiset, "tt", f"{CHALLY}/Worklist status")
    assert status_rows(chally)["Бауман урамы"][0] == "Бауман урамы<br />языла: User:Marat"


def test_umbrella_worklist_status_covers_every_contest(wikiset: WikiSet, programme: Bot) -> None:
    text = text_of(wikiset, "en", f"{UMB}/Worklist status")
    assert "* en: 1 counted, 0 being written, 2 missing, of 3 topics" in text
    assert "* ru: 2 counted, 0 being written, 1 missing, of 3 topics" in text
    assert "* tt: 2 counted, 1 being written, 0 missing, of 3 topics" in text
    rows = status_rows(text)
    assert rows["Kaban Lake"] == ["Kaban Lake<br />missing", "ru:Озеро Кабан<br />counted: User:Ilnur",
                                  "tt:Кабан күле<br />counted: User:Marat"]
    assert rows["Bauman Street"][2] == "tt:Бауман урамы<br />being written: User:Marat"


def test_a_second_run_with_nothing_new_edits_nothing(wikiset: WikiSet, programme: Bot) -> None:
    again = programme.run()
    assert again.edits == 0, again.stdout
    # Recent changes alone, one request a wiki: they show every page of the contests untouched,
    # and the umbrellas' missing pages (no signup page, no jury page, no queue) still missing.
    assert again.requests == {"en": 1, "ru": 1, "tt": 1}, again.stdout


def report(wikiset: WikiSet, bot: Bot, out: Path, umbrella: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **wikiset.env(), "EDITATHON_STATE": str(bot.state)}
    cmd = [sys.executable, "-m", "bot.cli", "report", "--umbrella", umbrella, "--out", str(out)]
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=600)


def last_changes(wikiset: WikiSet) -> dict[str, object]:
    return {c: wikiset.admin(c).query(list="recentchanges", rclimit=1, rcprop="ids")["query"]["recentchanges"]
            for c in ("en", "ru", "tt")}


def test_report_files_match_the_leaderboard_and_write_nothing(wikiset: WikiSet, programme: Bot,
                                                              tmp_path: Path) -> None:
    before, state = last_changes(wikiset), programme.state.read_bytes()
    proc = report(wikiset, programme, tmp_path, f"en:{UMB}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert last_changes(wikiset) == before and programme.state.read_bytes() == state

    doc = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert doc["total"] == {"participants": 3, "entries": 5, "bytes_added": B_ALL, "words_added": 460,
                            "topics": 3}
    assert [(c["wiki"], c["entries"], c["bytes_added"], c["topics"]) for c in doc["contests"]] == [
        ("en", 3, B_KAZAN, 2), ("tt", 3, B_CHALLY, 3)]
    assert [(lang["wiki"], lang["participants"], lang["entries"]) for lang in doc["languages"]] == [
        ("en", 1, 1), ("ru", 2, 2), ("tt", 2, 2)]
    today = period_around_now(0, 0)[0]
    assert [d["entries"] for d in doc["daily"]] == [{today: 3}, {today: 3}]
    assert [d["participants"] for d in doc["daily"]] == [{today: 2}, {today: 2}]

    rows = list(csv.reader(io.StringIO((tmp_path / "stats.csv").read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["Row", "Wiki", "Contest", "State"]
    assert rows[-1] == ["total", "", "", "", "3", "5", str(B_ALL), "460", "3", "en ru tt"]

    root = ET.fromstring((tmp_path / "chart.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    title = root.findtext("{http://www.w3.org/2000/svg}title") or ""  # the wiki's name of Project:
    assert title.endswith(":Smart Region U9: counted entries and new participants per day"), title
    series = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "series"]
    assert len(series) == 6  # two contests in three panels (per day, running total, participants)
    if shutil.which("rsvg-convert"):
        png = tmp_path / "chart.png"
        subprocess.run(["rsvg-convert", "-o", str(png), str(tmp_path / "chart.svg")], check=True, timeout=60)
        assert png.stat().st_size > 5000
        keep = os.environ.get("EDITATHON_KEEP_CHART")  # to look at it: EDITATHON_KEEP_CHART=/tmp/x.png
        if keep:
            shutil.copy(png, keep)


def test_report_of_the_tatar_umbrella_is_in_tatar(wikiset: WikiSet, programme: Bot, tmp_path: Path) -> None:
    proc = report(wikiset, programme, tmp_path, f"tt:{TATARSTAN}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "көннәр буенча исәпкә алынган мәкаләләр һәм яңа катнашучылар" in svg
    rows = list(csv.reader(io.StringIO((tmp_path / "stats.csv").read_text(encoding="utf-8"))))
    assert rows[0][0] == "Юл" and rows[-1][4:6] == ["2", "3"]


def test_report_of_an_unknown_umbrella_says_so(wikiset: WikiSet, programme: Bot, tmp_path: Path) -> None:
    proc = report(wikiset, programme, tmp_path, "en:Project:Smart Region Nowhere")
    assert proc.returncode == 2
    assert "no umbrella contest" in proc.stderr
    assert not (tmp_path / "stats.csv").exists()


def test_contest_option_on_an_umbrella_or_a_contest_keeps_the_rollup(wikiset: WikiSet, programme: Bot) -> None:
    """``--contest`` on an umbrella reads the contests below it; on a contest, its umbrellas.

    Either way nothing changed since the full run, so nothing is edited (a run that saw
    only the umbrella used to write an empty leaderboard over it).
    """
    before = text_of(wikiset, "en", f"{UMB}/Leaderboard")
    on_umbrella = programme.run("--contest", f"en:{UMB}")
    on_contest = programme.run("--contest", f"tt:{CHALLY}")
    assert (on_umbrella.edits, on_contest.edits) == (0, 0), on_umbrella.stdout + on_contest.stdout
    assert text_of(wikiset, "en", f"{UMB}/Leaderboard") == before


def row_of(result: BotResult, name: str) -> str:
    """The console's summary row of the contest whose title ends with ``name``."""
    found = [ln for ln in result.stdout.splitlines() if re.search(rf"[:/]{re.escape(name)}\s", ln)]
    assert len(found) == 1, result.stdout
    return found[0]


def test_a_change_in_one_contest_rebuilds_the_umbrella_with_every_contest_in_it(
    wikiset: WikiSet, programme: Bot
) -> None:
    """Issue 16: a contest nothing touched is not rescored; the umbrella above a contest
    that changed is rebuilt all the same from every contest below it (kept last in this
    module: it adds an article)."""
    quiet = programme.run()
    names = ("Smart Region U9", "Kazan", "Tatarstan", "Chally")
    assert all(row_of(quiet, name).endswith("unchanged") for name in names), quiet.stdout
    time.sleep(1.1)
    wikiset.actor("tt", "Marat").edit("Маратның манарасы", prose(90, "tt"), "new article")

    changed = programme.run()

    assert row_of(changed, "Kazan").endswith("unchanged"), changed.stdout  # nothing in Kazan changed
    assert not row_of(changed, "Chally").endswith("unchanged")
    assert not any(row_of(changed, name).endswith("unchanged") for name in ("Smart Region U9", "Tatarstan"))
    text = text_of(wikiset, "en", f"{UMB}/Leaderboard")
    by_entries = table(text, "Ranking by counted entries").dicts()
    assert [(r["Participant"], r["Counted entries"]) for r in by_entries] == [
        ("User:Marat", "3"), ("User:Aigul", "2"), ("User:Ilnur", "1")]  # Kazan's people still there
    contests = table(text, "Contests").dicts()
    assert [r["Counted entries"] for r in contests] == ["3", "4"]

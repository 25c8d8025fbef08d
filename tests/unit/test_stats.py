"""Programme statistics (bot/stats.py) and where people read them: the umbrella's pages and
the report's CSV/JSON files.

Two hand-built contests below one umbrella, with every figure computed by hand in the
comments, the way an organizer would check them.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.i18n import catalog
from bot.model import (
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Entry,
    PageRef,
    Signup,
    Status,
    Topic,
    Worklist,
)
from bot.render.umbrella import render_umbrella_leaderboard
from bot.render.worklist_status import render_umbrella_worklist_status
from bot.report import ReportInput, report_files
from bot.stats import Daily, Totals, contest_stats, counted_entries, daily, day_span, umbrella_stats
from tests.wiki.leaderboard import tables


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def entry(user: str, wiki: str, pageid: int, title: str, *, status: Status = Status.COUNTED,
          topic: str | None = None, bytes_added: int = 1000, words_added: int = 100,
          first: datetime | None = None) -> Entry:
    first = first or at(5)
    return Entry(
        user=user, wiki=wiki, pageid=pageid, title=title, kind="new", status=status,
        topic=topic if topic is not None else f"{wiki}:{title}",
        contribution=Contribution(user=user, wiki=wiki, pageid=pageid, kind="new", counted_revids=(pageid,),
                                  first_counted=first, last_counted=first,
                                  bytes_added=bytes_added, words_added=words_added),
    )


def settings(wiki: str, title: str, **kw: object) -> ContestSettings:
    base = ContestSettings(wiki=wiki, title=title, start=date(2026, 11, 1), end=date(2026, 11, 30),
                           timezone="Europe/Moscow", wikis=("en", "ru", "tt"), parent=PageRef("en", UMB))
    return replace(base, **kw)  # type: ignore[arg-type]


UMB = "Project:Smart Region 2026"
KREMLIN = Topic(key="en:Kazan Kremlin", titles=(("en", "Kazan Kremlin"), ("ru", "Казанский кремль"),
                                                ("tt", "Казан Кремле")), heading="Sights")
LAKE = Topic(key="en:Kaban Lake", titles=(("en", "Kaban Lake"), ("tt", "Кабан күле")), heading="Sights")
UMBRELLA_WORKLIST = Worklist((KREMLIN, LAKE))

# Kazan (en home): Aigul writes the Kremlin in en and tt (one topic, two languages), Ilnur a ru
# article off the list; Marat's en stub awaits the jury (not counted).
KAZAN = ContestResult(
    settings=settings("en", f"{UMB}/Kazan"),
    state=ContestState.OPEN,
    entries=(
        entry("Aigul", "en", 1, "Kazan Kremlin", topic=KREMLIN.key, bytes_added=3000, words_added=400,
              first=at(4, 22)),  # 01:00 on the 5th in Moscow
        entry("Aigul", "tt", 2, "Казан Кремле", topic=KREMLIN.key, bytes_added=5000, words_added=300),
        entry("Ilnur", "ru", 3, "Озеро Кабан", bytes_added=2000, words_added=200, first=at(6)),
        entry("Marat", "en", 4, "Kul Sharif", status=Status.AWAITING, bytes_added=900, words_added=90),
    ),
    rankings=(),
    participants=("Aigul", "Ilnur", "Marat"),
    worklist=UMBRELLA_WORKLIST,
)
# Chally (tt home): Aigul again (one person), her tt Kremlin entered here too (counts once),
# plus the lake in tt; Zoe's entry was rejected.
CHALLY = ContestResult(
    settings=settings("tt", "Project:Smart Region 2026/Chally"),
    state=ContestState.OPEN,
    entries=(
        entry("Aigul", "tt", 2, "Казан Кремле", topic=KREMLIN.key, bytes_added=5000, words_added=300),
        entry("Aigul", "tt", 7, "Кабан күле", topic=LAKE.key, bytes_added=1500, words_added=150, first=at(6)),
        entry("Zoe", "en", 8, "Chally", status=Status.REJECTED),
    ),
    rankings=(),
    participants=("Aigul", "Zoe"),
    worklist=UMBRELLA_WORKLIST,
)


def test_counted_entries_take_an_article_once_across_contests() -> None:
    got = [(e.user, e.wiki, e.pageid) for e in counted_entries([CHALLY, KAZAN])]
    assert got == [("Aigul", "en", 1), ("Aigul", "tt", 2), ("Aigul", "tt", 7), ("Ilnur", "ru", 3)]


def test_contest_figures() -> None:
    kazan = contest_stats(KAZAN)
    # 3 signed up; counted: en 1, tt 2, ru 3 (Marat awaits); bytes 3000+5000+2000; topics: Kremlin, lake.
    assert kazan.totals == Totals(participants=3, entries=3, bytes_added=10000, words_added=900, topics=2)
    assert kazan.languages == ("en", "ru", "tt")
    chally = contest_stats(CHALLY)
    assert chally.totals == Totals(participants=2, entries=2, bytes_added=6500, words_added=450, topics=2)
    assert chally.languages == ("tt",)


def test_umbrella_figures_count_a_person_and_an_article_once() -> None:
    stats = umbrella_stats([CHALLY, KAZAN])
    assert [(c.wiki, c.title) for c in stats.contests] == [("en", f"{UMB}/Kazan"), ("tt", f"{UMB}/Chally")]
    # People: Aigul, Ilnur, Marat, Zoe. Entries: en 1, tt 2, tt 7, ru 3. Topics: Kremlin (en 1 and
    # tt 2), Kaban Lake (tt 7), the ru lake article (its own topic in Kazan: not on the list).
    assert stats.total == Totals(participants=4, entries=4, bytes_added=11500, words_added=1050, topics=3)
    by_lang = {lang.wiki: lang.totals for lang in stats.languages}
    assert by_lang == {
        "en": Totals(participants=1, entries=1, bytes_added=3000, words_added=400, topics=1),
        "ru": Totals(participants=1, entries=1, bytes_added=2000, words_added=200, topics=1),
        "tt": Totals(participants=1, entries=2, bytes_added=6500, words_added=450, topics=2),
    }


def test_topics_join_across_contests_through_a_shared_article() -> None:
    # Contest A calls the article's topic "wikidata:Q1", contest B "tt:X": the same article links them.
    a = replace(KAZAN, entries=(entry("A", "tt", 50, "X", topic="wikidata:Q1"),
                                entry("B", "en", 51, "Y", topic="wikidata:Q1")))
    b = replace(CHALLY, entries=(entry("A", "tt", 50, "X", topic="tt:X"),
                                 entry("C", "ru", 52, "Z", topic="tt:X")))
    assert umbrella_stats([a, b]).total.topics == 1
    assert contest_stats(a).totals.topics == 1


def test_daily_counts_use_the_contests_time_zone_and_first_signup() -> None:
    signups = [
        Signup("Aigul", 1, at(1, 21), "Aigul"),  # 00:00 on the 2nd in Moscow
        Signup("Ilnur", 2, at(2, 9), "Ilnur"),
        Signup("aigul", 3, at(3, 9), "aigul"),  # the same person again: her first day stands
    ]
    got = daily(KAZAN, signups)
    assert got.entries == ((date(2026, 11, 5), 2), (date(2026, 11, 6), 1))
    assert got.participants == ((date(2026, 11, 2), 2),)
    assert (got.total_entries, got.total_participants) == (3, 2)


def test_day_span_shows_periods_and_data_but_not_the_future() -> None:
    s = Daily("en", "X", entries=((date(2026, 11, 5), 1),), participants=((date(2026, 10, 28), 1),))
    period = (date(2026, 11, 1), date(2026, 11, 30))
    assert day_span([s], [period], None) == (date(2026, 10, 28), date(2026, 11, 30))
    assert day_span([s], [period], date(2026, 11, 10)) == (date(2026, 10, 28), date(2026, 11, 10))
    assert day_span([s], [period], date(2026, 11, 2)) == (date(2026, 10, 28), date(2026, 11, 5))
    assert day_span([], [], date(2026, 11, 2)) == (date(2026, 11, 2), date(2026, 11, 2))


# --------------------------------------------------------------------------- where people read them

UMBRELLA = ContestSettings(wiki="en", title=UMB, start=date(2026, 11, 1), end=date(2026, 11, 30),
                           timezone="UTC", wikis=("en",), umbrella=True)


def rows(text: str, heading: str) -> list[list[str]]:
    """The rows of the table under ``heading`` as a reader sees them (links as their targets)."""
    return next(table.rows for h, table in tables(text) if h == heading)


def test_umbrella_leaderboard_shows_the_statistics() -> None:
    text = render_umbrella_leaderboard(UMBRELLA, ContestState.OPEN, [KAZAN, CHALLY], catalog("en"))
    assert rows(text, "Contests") == [
        [f"{UMB}/Kazan", "open", "2026-11-01 – 2026-11-30 (Europe/Moscow)", "3", "3", "10,000", "900", "2",
         "<b>en</b>, <b>ru</b>, <b>tt</b>"],
        [f"tt:{UMB}/Chally", "open", "2026-11-01 – 2026-11-30 (Europe/Moscow)", "2", "2", "6,500", "450", "2",
         "en, ru, <b>tt</b>"],  # its wikis, those with counted entries in bold
    ]
    assert rows(text, "Languages") == [
        ["en", "1", "1", "3,000", "400", "1"],
        ["ru", "1", "1", "2,000", "200", "1"],
        ["tt", "1", "2", "6,500", "450", "2"],
    ]
    assert ("In all: 4 participants (a person in several contests counts once), 4 counted entries, "
            "11,500 bytes and 1,050 words added, 3 topics.") in text


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_umbrella_pages_are_complete_in_every_language(lang: str) -> None:
    cat = catalog(lang)
    board = render_umbrella_leaderboard(UMBRELLA, ContestState.OPEN, [KAZAN, CHALLY], cat)
    status = render_umbrella_worklist_status(UMBRELLA, UMBRELLA_WORKLIST, [KAZAN, CHALLY], cat)
    for text in (board, status):
        assert "⧼" not in text and "{" + "count}" not in text and "$" not in text


def test_umbrella_worklist_status_covers_every_contest_below() -> None:
    # Marat's Kul Sharif is not on the list; Kremlin: en counted (Aigul, Kazan), tt counted (Aigul,
    # both contests), ru missing; Kaban Lake: tt counted (Aigul, Chally), en missing.
    text = render_umbrella_worklist_status(UMBRELLA, UMBRELLA_WORKLIST, [CHALLY, KAZAN], catalog("en"))
    assert "* en: 1 counted, 0 being written, 1 missing, of 2 topics" in text
    assert "* ru: 0 counted, 0 being written, 2 missing, of 2 topics" in text
    assert "* tt: 2 counted, 0 being written, 0 missing, of 2 topics" in text
    kremlin = text.split("| Kazan Kremlin", 1)[1].split("|-", 1)[0]
    assert kremlin.count("counted: [[User:Aigul|Aigul]]") == 2
    assert "contests: 2" in text


def test_umbrella_worklist_status_follows_a_contest_that_lists_the_topic_itself() -> None:
    # Kazan's own list has the Kremlin under another key (its ru title first): still the same topic.
    own = Topic(key="ru:Казанский кремль", titles=(("ru", "Казанский кремль"), ("en", "Kazan Kremlin")))
    kazan = replace(KAZAN, worklist=Worklist((own, LAKE)), entries=(
        entry("Ilnur", "ru", 9, "Казанский кремль", topic=own.key),))
    text = render_umbrella_worklist_status(UMBRELLA, UMBRELLA_WORKLIST, [kazan], catalog("en"))
    assert "* ru: 1 counted, 0 being written, 1 missing, of 2 topics" in text
    assert "counted: [[User:Ilnur|Ilnur]]" in text


def test_report_files_agree_with_the_leaderboard() -> None:
    data = ReportInput(
        umbrella=UMBRELLA, state=ContestState.OPEN, results=(CHALLY, KAZAN),
        signups={PageRef("en", f"{UMB}/Kazan"): (Signup("Aigul", 1, at(1), "Aigul"),),
                 PageRef("tt", f"{UMB}/Chally"): (Signup("Aigul", 2, at(2), "Aigul"),
                                                  Signup("Zoe", 3, at(2), "Zoe"))},
    )
    files = report_files(data, catalog("tt"), at(20))
    table = list(csv.reader(io.StringIO(files["stats.csv"])))
    assert table[0][:3] == ["Юл", "Вики", "Бәйге"]
    assert table[1] == ["бәйге", "en", f"{UMB}/Kazan", "бара", "3", "3", "10000", "900", "2", "en ru tt"]
    assert table[-1] == ["барлыгы", "", "", "", "4", "4", "11500", "1050", "3", "en ru tt"]
    assert len(table) == 1 + 2 + 3 + 1
    doc = json.loads(files["stats.json"])
    assert doc["total"] == {"participants": 4, "entries": 4, "bytes_added": 11500, "words_added": 1050,
                            "topics": 3}
    assert doc["daily"][1] == {"wiki": "tt", "title": f"{UMB}/Chally", "entries": {"2026-11-05": 1,
                               "2026-11-06": 1}, "participants": {"2026-11-02": 2}}
    assert files["chart.svg"].startswith("<?xml")
    assert report_files(data, catalog("tt"), at(20)) == files


def test_statistics_and_chart_are_pure() -> None:
    """bot.stats and bot.chart import no I/O library (the report's edge does the reading)."""
    code = ("import sys, bot.stats, bot.chart, bot.report\n"
            "print(','.join(m for m in ('pywikibot', 'sqlite_utils', 'requests') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

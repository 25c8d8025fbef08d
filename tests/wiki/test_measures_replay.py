"""Issue 4 on real wikis, replayed: an October contest read back in November.

No API can save an edit in the past, so the history of each contest here is written as
an XML export (``bot/devwiki/dump.py``) and imported with its dates, as ``make
wiki-import`` does. An import carries no change tags: reverts show only as a revision
whose sha1 equals an earlier one's, which is exactly what the bot must rely on there.

The home wiki is the Tatar one, so the leaderboard is read in Tatar, with Tatar and
Russian articles (2 bytes a letter; words are words in any script). Rules ``kilobyte 1``
and ``words 1``, a juror who never decides (entries stay provisional and show their
figures in ``B/Queue``). Expected figures are worked out from the texts in each test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import ADMIN_USER
from bot.i18n import catalog
from tests.wiki.botrun import Bot, prose
from tests.wiki.leaderboard import entries, tables
from tests.wiki.test_measures_live import article, person, size

HOME = "tt"
TT = catalog("tt")
ORGANIZER, JUROR = "Replay Org", "Replay Juror"


def last_october() -> int:
    """The year of the latest October that has ended (the replayed contest's period)."""
    today = datetime.now(UTC).date()
    return today.year if today >= date(today.year, 11, 1) else today.year - 1


YEAR = last_october()
NOVEMBER_10 = datetime(YEAR, 11, 10, 12, tzinfo=UTC)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(YEAR, month, day, hour, minute, tzinfo=UTC)


def contest_pages(title: str, signups: list[tuple[str, datetime]]) -> list[DumpPage]:
    """The contest page, written in September by the organizer, and the signups in October."""
    text = f"""{{{{Editathon
| start = {YEAR}-10-01
| end = {YEAR}-10-31
| timezone = UTC
| wikis = tt, ru
| organizers = {ORGANIZER}
| jury = {JUROR}
| review = optional
}}}}
{{{{Editathon rule | kilobyte | 1}}}}
{{{{Editathon rule | words | 1}}}}
{{{{Editathon criterion | new}}}}
{{{{Editathon criterion | expanded}}}}"""
    lines = "Язылу:"
    participants = [DumpRevision(ORGANIZER, at(9, 20), lines, "participants")]
    for user, when in signups:
        lines += f"\n# [[User:{user}|{user}]] {when:%H:%M, %d %B %Y} (UTC)"
        participants.append(DumpRevision(user, when, lines, "signing up"))
    return [
        DumpPage(title, [DumpRevision(ORGANIZER, at(9, 20), text, "contest")]),
        DumpPage(f"{title}/Participants", participants),
        DumpPage(f"{title}/Jury", [DumpRevision(ORGANIZER, at(9, 20), "Карарлар.", "jury")]),
    ]


def board(wikiset: WikiSet, contest: str) -> dict[str, dict[str, str]]:
    text = wikiset.anonymous(HOME).page_text(f"{contest}/Leaderboard")
    assert text is not None, "the bot did not write the leaderboard"
    return entries(text)


def queue(wikiset: WikiSet, contest: str) -> list[dict[str, str]]:
    text = wikiset.anonymous(HOME).page_text(f"{contest}/Queue")
    assert text is not None, "the bot did not write the queue"
    return [row for _heading, table in tables(text) for row in table.dicts()]


def queue_cell(wikiset: WikiSet, contest: str, article_title: str, column: str = "queue-col-added") -> str:
    """A cell of an article's row in ``B/Queue`` (default: what the participant added)."""
    for row in queue(wikiset, contest):
        if row[TT.text("queue-col-article")].rsplit(" (", 1)[0] == article_title:
            return row[TT.text(column)]
    raise AssertionError(f"{article_title} is not in the queue")


def added(bytes_: int, words: int, refs: int = 0, images: int = 0) -> str:
    return TT.text("queue-added", bytes=bytes_, words=words, references=refs, images=images)


def points(bytes_: int, words: int) -> str:
    """Points under ``kilobyte 1`` and ``words 1``: bytes / 1,000 + words / 100, one decimal."""
    return TT.number(bytes_ / 1000 + words / 100)


STATUS, KIND, WHY, POINTS = (TT.text(k) for k in (
    "leaderboard-col-status", "leaderboard-col-kind", "leaderboard-col-reason", "leaderboard-col-points"))


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def test_replayed_october_reverts_restores_and_old_articles(wikiset: WikiSet, bot: Bot, tmp_path: Path) -> None:
    contest = "Project:Editathon/Replay October"
    alsu, marat = "Alsu Replay", "Marat Replay"
    # Alsu (tt) --------------------------------------------------------------------------
    # Written on October 1, the day before she signed up: not her entry, even after more work.
    early = article(90, "tt", tag="early")
    # Her new article: a revert by sha1 (Bulat restores a1) drops a2; a3 counts; Zed's big
    # addition and Bulat's edit after the period are not hers.
    a1 = article(100, "tt", refs=1, tag="a1")
    a2 = a1 + "\n" + prose(60, "tt")
    a3 = a1 + "\n\n" + prose(40, "tt")
    z = a3 + "\n\n" + prose(300, "tt")
    # Zed's article from September, expanded by Alsu: expanded, its September text is not hers.
    lake0 = article(150, "tt", tag="lake")
    lake1 = lake0 + "\n" + prose(80, "tt")
    # Her own article from September: existed before her first counted edit, so expanded.
    forest0 = article(70, "tt", tag="forest")
    forest1 = forest0 + "\n" + prose(50, "tt")
    # Marat (ru) ---------------------------------------------------------------------------
    # A logged-out vandal blanks his article; he restores his own text (sha1 of m1): the
    # restore adds nothing and his creation is not reverted. Then he adds 30 words.
    m1 = article(120, "ru", refs=2, tag="m1")
    m2 = m1 + "\n" + prose(30, "ru")

    tt_pages = [
        *contest_pages(contest, [(alsu, at(10, 2, 10)), (marat, at(10, 2, 11))]),
        DumpPage("Иске мәчет (реплей)", [
            DumpRevision(alsu, at(10, 1), early, "яңа мәкалә"),
            DumpRevision(alsu, at(10, 5), early + "\n" + prose(20, "tt"), "өстәмә"),
        ]),
        DumpPage("Яңа күпер (реплей)", [
            DumpRevision(alsu, at(10, 3), a1, "яңа мәкалә"),
            DumpRevision(alsu, at(10, 4), a2, "өстәмә"),
            DumpRevision("Bulat Replay", at(10, 5), a1, "кире кайтарды"),
            DumpRevision(alsu, at(10, 6), a3, "яңадан"),
            DumpRevision("Zed Replay", at(10, 12), z, "зур өстәмә"),
            DumpRevision("Bulat Replay", at(11, 3), z + "\n[[Төркем:Күперләр]]", "төркем"),
        ]),
        DumpPage("Зур күл (реплей)", [
            DumpRevision("Zed Replay", at(9, 25), lake0, "яңа мәкалә"),
            DumpRevision(alsu, at(10, 7), lake1, "тулыландырды"),
        ]),
        DumpPage("Кара урман (реплей)", [
            DumpRevision(alsu, at(9, 15), forest0, "яңа мәкалә"),
            DumpRevision(alsu, at(10, 8), forest1, "тулыландырды"),
        ]),
    ]
    ru_pages = [DumpPage("Гора (реплей)", [
        DumpRevision(marat, at(10, 8), m1, "новая статья"),
        DumpRevision("127.0.0.1", at(10, 9, 9), "хаха", ""),
        DumpRevision(marat, at(10, 9, 10), m1, "откат вандализма"),
        DumpRevision(marat, at(10, 10), m2, "дополнение"),
    ])]
    # As `make wiki-import` does: an export file, imported with its dates.
    dump = tmp_path / "october-tt.xml"
    dump.write_text(build_dump(tt_pages, lang="tt"), encoding="utf-8")
    wikiset.import_dump(HOME, dump)
    wikiset.import_dump("ru", build_dump(ru_pages, lang="ru"))
    revs = person(wikiset, "ru", marat).revisions("Гора (реплей)")
    assert not any(r["tags"] for r in revs), "an import carries no change tags"

    bot.run("--contest", f"{HOME}:{contest}", now=NOVEMBER_10)
    assert TT.text("state-ended") in (wikiset.anonymous(HOME).page_text(f"{contest}/Leaderboard") or "")

    rows = board(wikiset, contest)
    # Before signup: not an entry, with the reason.
    row = rows["Иске мәчет (реплей)"]
    assert row[STATUS] == TT.text("entry-status-not-an-entry")
    assert row[WHY] == TT.text("reason-before-signup")
    # New: a1 (|a1|, 100 words, 1 reference) + a3 (|a3| - |a1|, 40 words); a2 was reverted.
    bridge = rows["Яңа күпер (реплей)"]
    assert bridge[KIND] == TT.text("entry-kind-new")
    assert bridge[STATUS] == TT.text("entry-status-provisional")
    assert bridge[POINTS] == points(size(a3), 140)
    assert queue_cell(wikiset, contest, "Яңа күпер (реплей)") == added(size(a3), 140, 1)
    # Its size at the end of the period is Zed's October revision (100 + 40 + 300 words);
    # Bulat's November edit came after the end.
    assert queue_cell(wikiset, contest, "Яңа күпер (реплей)", "queue-col-size") == TT.text(
        "queue-size", bytes=size(z), words=440)
    # Expanded, someone else's: |lake1| - |lake0| bytes, 80 words.
    assert rows["Зур күл (реплей)"][KIND] == TT.text("entry-kind-expanded")
    assert queue_cell(wikiset, contest, "Зур күл (реплей)") == added(size(lake1) - size(lake0), 80)
    # Expanded, her own from before the period: only October's |forest1| - |forest0|, 50 words.
    assert rows["Кара урман (реплей)"][KIND] == TT.text("entry-kind-expanded")
    assert queue_cell(wikiset, contest, "Кара урман (реплей)") == added(size(forest1) - size(forest0), 50)
    # Marat: m1 (|m1|, 120 words, 2 references) + m2 (|m2| - |m1|, 30 words); the restore adds 0.
    mountain = rows["ru:Гора (реплей)"]
    assert (mountain[KIND], mountain["participant"]) == (TT.text("entry-kind-new"), marat)
    assert mountain[POINTS] == points(size(m2), 150)
    assert queue_cell(wikiset, contest, "ru:Гора (реплей)") == added(size(m2), 150, 2)


def test_replayed_contest_then_a_move_and_a_deletion(wikiset: WikiSet, bot: Bot) -> None:
    """After the period, before the close: a move keeps the entry, a deletion drops it."""
    contest = "Project:Editathon/Replay changes"
    dana = "Dana Replay"
    hill = article(110, "tt", refs=1, tag="hill")
    shore = article(60, "tt", tag="shore")
    wikiset.import_dump(HOME, build_dump([
        *contest_pages(contest, [(dana, at(10, 3))]),
        DumpPage("Ташлы тау (реплей)", [DumpRevision(dana, at(10, 14), hill, "яңа мәкалә")]),
        DumpPage("Су буе (реплей)", [DumpRevision(dana, at(10, 15), shore, "яңа мәкалә")]),
    ], lang="tt"))
    # The contest has ended (real now is after October): the jury is still at work.
    bot.run("--contest", f"{HOME}:{contest}")
    rows = board(wikiset, contest)
    assert rows["Ташлы тау (реплей)"][POINTS] == points(size(hill), 110)
    assert rows["Су буе (реплей)"][STATUS] == TT.text("entry-status-provisional")

    admin = person(wikiset, HOME, ADMIN_USER)
    admin.move("Ташлы тау (реплей)", "Ташлы тау (Саба, реплей)", "төгәлрәк исем")
    admin.delete("Су буе (реплей)", "копия")
    # Dana's edit after the period adds nothing.
    person(wikiset, HOME, dana).edit("Ташлы тау (Саба, реплей)", hill + "\n" + prose(40, "tt"), "соңрак")
    bot.run("--contest", f"{HOME}:{contest}")

    rows = board(wikiset, contest)
    moved = rows["Ташлы тау (Саба, реплей)"]
    assert moved[STATUS] == TT.text("entry-status-provisional")
    assert moved[POINTS] == points(size(hill), 110)
    assert "Ташлы тау (реплей)" not in rows
    assert queue_cell(wikiset, contest, "Ташлы тау (Саба, реплей)") == added(size(hill), 110, 1)
    gone = rows["Су буе (реплей)"]
    assert gone[STATUS] == TT.text("entry-status-deleted")
    assert gone[WHY] == TT.text("reason-deleted")

"""Issue 4 on real wikis, live: the measures of contract section 2 survive pages changing.

Each test plays the people of one contest through the API of the local wikis (a
participant, a vandal, another user, an administrator), runs the real ``editathon``
command, lets the page change under it (move, undo, rollback, deletion), runs it again
(the second run learns the change from recent changes only), and reads what a
participant or a juror reads: the entries on ``B/Leaderboard`` and the figures in
``B/Queue``.

Every contest has the rules ``kilobyte 1`` and ``words 1`` (1 point per 1,000 bytes and
per 100 words added), accepts new and expanded articles, and names a juror who never
decides, so with ``review = optional`` each entry is *provisional* and ``B/Queue`` shows
its exact figures ("+1,234 bytes, +150 words, 1 reference, 0 images"). The expected
figures are worked out in each test from the texts the people save: bytes are the UTF-8
length of the text (MediaWiki's page size), words are the words of ``prose()``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.devwiki.actor import Actor
from bot.devwiki.dump import DumpPage, DumpRevision, build_dump
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import ADMIN_USER
from bot.i18n import catalog
from tests.wiki.botrun import REPO, Bot, period_around_now, prose
from tests.wiki.leaderboard import entries, tables

HOME = "en"
ORGANIZER = "Measures Org"
JUROR = "Measures Juror"
EN = catalog("en")


# --------------------------------------------------------------------------- helpers


def size(text: str) -> int:
    """MediaWiki's page size: UTF-8 bytes."""
    return len(text.encode("utf-8"))


def article(words: int, lang: str = "en", *, refs: int = 0, images: int = 0, tag: str = "") -> str:
    """Readable text of exactly ``words`` words, plus ``refs`` references and ``images`` images.

    References and file links add no words (contract §2: prose only); ``tag`` goes into a
    reference or an HTML comment so two texts of the same length differ.
    """
    body = prose(words, lang)
    refs_text = "".join(f"<ref>Source {tag} {i}.</ref>" for i in range(refs))
    files = "".join(f"\n[[File:Measure {tag} {i}.jpg|thumb|A caption of several words]]" for i in range(images))
    return f"{body}{refs_text}{files}\n<!-- {tag} -->"  # MediaWiki trims trailing whitespace


def contest_text(*, wikis: str = "en, ru, tt", extra: str = "") -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = {wikis}
| organizers = {ORGANIZER}
| jury = {JUROR}
| review = optional
}}}}
{{{{Editathon rule | kilobyte | 1}}}}
{{{{Editathon rule | words | 1}}}}
{{{{Editathon criterion | new}}}}
{{{{Editathon criterion | expanded}}}}
{extra}"""


def make_contest(wikiset: WikiSet, title: str, **kw: str) -> None:
    org = person(wikiset, HOME, ORGANIZER)
    person(wikiset, HOME, JUROR)
    org.edit(title, contest_text(**kw), "new contest")
    org.edit(f"{title}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "participants")
    org.edit(f"{title}/Jury", "Decisions, one signed line each.\n", "jury page")


def sign_up(wikiset: WikiSet, title: str, user: str) -> None:
    person(wikiset, HOME, user).append(f"{title}/Participants", f"\n# [[User:{user}|{user}]] ~~~~~", "signing up")
    time.sleep(1.1)  # what follows comes after the signup, in the wiki's 1-second timestamps


_SESSIONS: dict[tuple[str, str, str], Actor] = {}


def person(wikiset: WikiSet, code: str, user: str) -> Actor:
    """A logged-in session as ``user`` on ``code``, made once per module (logins are slow)."""
    key = (str(wikiset.root), code, user)
    if key not in _SESSIONS:
        _SESSIONS[key] = wikiset.admin(code) if user == ADMIN_USER else wikiset.actor(code, user)
    return _SESSIONS[key]


def page(wikiset: WikiSet, title: str) -> str:
    text = wikiset.anonymous(HOME).page_text(title)
    assert text is not None, f"the bot did not write {title}"
    return text


def board(wikiset: WikiSet, contest: str) -> dict[str, dict[str, str]]:
    """The leaderboard's entries by article (``Title``, ``ru:Title``), as a participant reads them."""
    return entries(page(wikiset, f"{contest}/Leaderboard"))


def queue_rows(wikiset: WikiSet, contest: str) -> list[dict[str, str]]:
    """The rows of ``B/Queue``, as a juror reads them."""
    return [row for _heading, table in tables(page(wikiset, f"{contest}/Queue")) for row in table.dicts()]


def queue(wikiset: WikiSet, contest: str) -> dict[str, dict[str, str]]:
    """``B/Queue`` rows by article, the kind suffix (" (new)") dropped."""
    return {row["Article"].rsplit(" (", 1)[0]: row for row in queue_rows(wikiset, contest)}


def added(bytes_: int, words: int, refs: int = 0, images: int = 0) -> str:
    """The "Added by the participant" cell of ``B/Queue``."""
    return EN.text("queue-added", bytes=bytes_, words=words, references=refs, images=images)


def points(bytes_: int, words: int) -> str:
    """Points under ``kilobyte 1`` and ``words 1``: bytes / 1,000 + words / 100, one decimal."""
    return EN.number(bytes_ / 1000 + words / 100)


def run(bot: Bot, contest: str) -> None:
    bot.run("--contest", f"{HOME}:{contest}")


def run_before_jobs(bot: Bot, contest: str) -> None:
    """Run the bot before the wiki's job queue has caught up (``Bot.run`` runs it first)."""
    env = {**os.environ, **bot.wset.env(), "EDITATHON_STATE": str(bot.state)}
    cmd = [sys.executable, "-m", "bot.cli", "run", "--once", "--contest", f"{HOME}:{contest}"]
    proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


# --------------------------------------------------------------------------- moves


def test_moved_article_keeps_its_entry_and_history(wikiset: WikiSet, bot: Bot, tmp_path: Path) -> None:
    contest = "Project:Editathon/Measures move"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Mova")
    mova = person(wikiset, HOME, "Mova")
    v1 = article(120, refs=1, tag="mv1")
    mova.edit("Move test river", v1, "new article")
    run(bot, contest)
    assert queue(wikiset, contest)["Move test river"]["Added by the participant"] == added(size(v1), 120, 1)

    # Another user renames it (leaving a redirect), then Mova adds 60 words under the new title.
    person(wikiset, HOME, "Renamer").move("Move test river", "Move test river (Kazan)", "precise title")
    v2 = v1 + "\n" + prose(60)
    mova.edit("Move test river (Kazan)", v2, "more")
    # Mova also renames her second article herself: the redirect she leaves is hers.
    v3 = article(80, tag="mv3")
    mova.edit("Move test lake", v3, "new article")
    mova.move("Move test lake", "Move test lake (Kazan)", "precise title")
    run(bot, contest)

    rows = board(wikiset, contest)
    # One entry under the current title: bytes = |v1| + (|v2| - |v1|) = |v2|; words 120 + 60.
    river = rows["Move test river (Kazan)"]
    assert (river["Type"], river["Status"]) == ("new", "provisional")
    assert river["Points"] == points(size(v2), 180)
    q = queue(wikiset, contest)
    assert q["Move test river (Kazan)"]["Added by the participant"] == added(size(v2), 180, 1)
    # The move's null revision repeats the text: it adds nothing, to anyone.
    assert q["Move test lake (Kazan)"]["Added by the participant"] == added(size(v3), 80)
    # Redirects left at the old titles are never entries, not even as "not an entry" rows.
    assert "Move test river" not in rows
    assert "Move test lake" not in rows

    # A bot with no memory (first run: contributions, no recent changes) sees the same;
    # it finds the moves from the null revisions they left, so a juror's decision naming
    # the old title still reaches the article.
    person(wikiset, HOME, JUROR).append(
        f"{contest}/Jury", "\n{{Editathon decision | Move test river | accept | comment = fine}} ~~~~", "decision")
    Bot(wikiset, tmp_path / "fresh.sqlite").run("--contest", f"{HOME}:{contest}")
    again = board(wikiset, contest)
    assert set(again) == {"Move test river (Kazan)", "Move test lake (Kazan)"}
    assert again["Move test river (Kazan)"]["Status"] == "counted"
    assert again["Move test river (Kazan)"]["Points"] == river["Points"]


def test_draft_moved_into_articles_counts_as_created_then(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures draft"
    make_contest(wikiset, contest)
    # Drafta starts a draft in her user space before signing up ...
    drafta = person(wikiset, HOME, "Drafta")
    d0 = article(50, tag="d0")
    drafta.edit("User:Drafta/Bridge", d0, "draft")
    time.sleep(1.1)
    sign_up(wikiset, contest, "Drafta")
    sign_up(wikiset, contest, "Draftb")
    # ... and continues it after: 70 more words in the draft.
    d1 = d0 + "\n" + prose(70)
    drafta.edit("User:Drafta/Bridge", d1, "more")
    # Draftb writes in the Draft namespace (118) after signing up.
    draftb = person(wikiset, HOME, "Draftb")
    t0 = article(90, refs=2, tag="t0")
    draftb.edit("Draft:Measures tower", t0, "draft")
    draftb.edit("User:Draftb/Sandbox", article(30, tag="sb"), "trying things")
    run(bot, contest)
    assert board(wikiset, contest) == {}, "drafts outside the article namespace are not entries yet"

    # Drafta moves her draft in and adds 40 words; an administrator moves Draftb's in, no redirect.
    drafta.move("User:Drafta/Bridge", "Measures bridge", "ready")
    d2 = d1 + "\n" + prose(40)
    drafta.edit("Measures bridge", d2, "more")
    admin = person(wikiset, HOME, ADMIN_USER)
    admin.move("Draft:Measures tower", "Measures tower", "accepted", noredirect=True)
    admin.delete("User:Draftb/Sandbox", "requested by its author")
    run(bot, contest)

    rows = board(wikiset, contest)
    # New: created (moved in) in the period after signup. Text written before the signup
    # adds nothing: bytes = (|d1| - |d0|) + (|d2| - |d1|) = |d2| - |d0|; words 70 + 40.
    bridge = rows["Measures bridge"]
    assert (bridge["Type"], bridge["Status"], bridge["participant"]) == ("new", "provisional", "Drafta")
    assert bridge["Points"] == points(size(d2) - size(d0), 110)
    q = queue(wikiset, contest)
    assert q["Measures bridge"]["Added by the participant"] == added(size(d2) - size(d0), 110)
    tower = rows["Measures tower"]
    assert (tower["Type"], tower["participant"]) == ("new", "Draftb")
    assert q["Measures tower"]["Added by the participant"] == added(size(t0), 90, 2)
    # Neither the redirect left in Drafta's user space nor Draftb's deleted sandbox is a row.
    assert set(rows) == {"Measures bridge", "Measures tower"}


# --------------------------------------------------------------------------- reverts


def test_undone_and_rolled_back_edits_do_not_count(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures undo"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Undina")
    sign_up(wikiset, contest, "Rollo")
    undina = person(wikiset, HOME, "Undina")
    intro, history = prose(60), article(40, refs=1, tag="u1")
    a1 = f"{intro}\n\n== History ==\n{history}"
    undina.edit("Undo test garden", a1, "new article")
    # The park section goes in the middle, the trees at the end: the park edit can be
    # undone later without touching the trees (an undo of a middle edit leaves no sha1 trace).
    a2 = f"{intro}\n\n== Park ==\n{prose(50)}\n\n== History ==\n{history}"
    undina.edit("Undo test garden", a2, "park")
    a3 = a2 + "\n\n== Trees ==\n" + prose(30)
    undina.edit("Undo test garden", a3, "trees")
    # Rollo expands an article an administrator wrote today.
    admin = person(wikiset, HOME, ADMIN_USER)
    base = article(40, tag="r0")
    admin.edit("Rollback test square", base, "stub")
    rollo = person(wikiset, HOME, "Rollo")
    rollo.edit("Rollback test square", base + "\n" + prose(200), "expanded")
    run(bot, contest)
    assert queue(wikiset, contest)["Undo test garden"]["Added by the participant"] == added(size(a3), 180, 1)

    # Another user undoes the middle edit (tag mw-undo; mw-reverted on Undina's edit once the
    # job queue runs); the administrator rolls Rollo back (mw-rollback).
    park = undina.revisions("Undo test garden")[1]["revid"]
    person(wikiset, HOME, "Reverter").undo("Undo test garden", park, "unsourced")
    admin.rollback("Rollback test square", "Rollo")
    run(bot, contest)

    rows = board(wikiset, contest)
    # Counted: the creation |a1| and the trees edit |a3| - |a2|; words 100 + 30.
    want = size(a1) + size(a3) - size(a2)
    assert rows["Undo test garden"]["Points"] == points(want, 130)
    assert queue(wikiset, contest)["Undo test garden"]["Added by the participant"] == added(want, 130, 1)
    square = rows["Rollback test square"]
    assert (square["Type"], square["Status"]) == ("expanded", "not an entry")
    assert square["Why"] == EN.text("reason-no-counted-edit")


def test_undo_tagged_after_the_run_is_still_seen(wikiset: WikiSet, bot: Bot) -> None:
    """MediaWiki tags the undone edit ``mw-reverted`` from its job queue, later than the undo,
    and the tag makes no recent-changes entry: a run between the two must look again."""
    contest = "Project:Editathon/Measures late tag"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Latoya")
    latoya = person(wikiset, HOME, "Latoya")
    intro, history = prose(60), article(40, tag="lt")
    a1 = f"{intro}\n\n== History ==\n{history}"
    latoya.edit("Late tag test hill", a1, "new article")
    a2 = f"{intro}\n\n== Legends ==\n{prose(70)}\n\n== History ==\n{history}"
    latoya.edit("Late tag test hill", a2, "legends")
    a3 = a2 + "\n\n== Climate ==\n" + prose(20)
    latoya.edit("Late tag test hill", a3, "climate")
    run(bot, contest)

    legends = latoya.revisions("Late tag test hill")[1]["revid"]
    person(wikiset, HOME, "Reverter").undo("Late tag test hill", legends, "legends are not history")
    run_before_jobs(bot, contest)  # the undo is in recent changes, the tag not yet on the wiki
    assert queue(wikiset, contest)["Late tag test hill"]["Added by the participant"] == added(size(a3), 190)
    run(bot, contest)  # the job queue has run: the legends edit is tagged mw-reverted

    # Counted: the creation |a1| and the climate edit |a3| - |a2|; words 100 + 20.
    want = size(a1) + size(a3) - size(a2)
    assert queue(wikiset, contest)["Late tag test hill"]["Added by the participant"] == added(want, 120)


def test_moves_and_edits_elsewhere_cost_no_request(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures quiet"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Quinta")
    person(wikiset, HOME, "Quinta").edit("Quiet test pond", article(60, tag="q"), "new article")
    run(bot, contest)
    run(bot, contest)  # the bot's own pages written by the first run are read back once
    idle = bot.run("--contest", f"{HOME}:{contest}").requests

    # Someone who is in no contest writes, renames and rewrites pages, and moves a draft
    # of theirs into the articles: none of it is a participant's, so nothing is read.
    other = person(wikiset, HOME, "Elsewhere")
    for i in range(3):
        other.edit(f"Elsewhere page {i}", prose(20), "new")
        other.move(f"Elsewhere page {i}", f"Elsewhere page {i} (renamed)", "rename")
        other.edit(f"Elsewhere page {i} (renamed)", prose(30), "more")
    other.edit("Draft:Elsewhere draft", prose(20), "draft")
    other.move("Draft:Elsewhere draft", "Elsewhere draft", "ready")
    other.edit("Elsewhere draft", prose(25), "more")
    busy = bot.run("--contest", f"{HOME}:{contest}").requests
    assert busy == idle


def test_participant_undoing_vandalism_neither_gains_nor_loses(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures vandalism"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Vigil")
    vigil = person(wikiset, HOME, "Vigil")
    v1 = article(150, refs=2, images=1, tag="vg")
    vigil.edit("Vandalism test lake", v1, "new article")
    run(bot, contest)
    before = queue(wikiset, contest)["Vandalism test lake"]["Added by the participant"]
    assert before == added(size(v1), 150, 2, 1)

    # A logged-out vandal blanks most of it; Vigil undoes the vandalism (mw-undo, and the
    # sha1 of her own revision): the undo restores earlier text, so it adds nothing, and her
    # creation was not reverted (the text went back to *her* revision, not past it).
    wikiset.anonymous(HOME).edit("Vandalism test lake", "lol", "")
    vandal_rev = vigil.revisions("Vandalism test lake")[-1]["revid"]
    vigil.undo("Vandalism test lake", vandal_rev, "vandalism")
    run(bot, contest)

    row = board(wikiset, contest)["Vandalism test lake"]
    assert (row["Type"], row["Status"]) == ("new", "provisional")
    assert row["Points"] == points(size(v1), 150)
    assert queue(wikiset, contest)["Vandalism test lake"]["Added by the participant"] == before


# --------------------------------------------------------------------------- deletion, other users


def test_deleted_article_drops_out_with_status_deleted(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures deletion"
    make_contest(wikiset, contest)
    sign_up(wikiset, contest, "Delia")
    delia = person(wikiset, HOME, "Delia")
    kept, gone, merged = article(100, tag="k"), article(300, tag="g"), article(50, tag="m")
    delia.edit("Deletion test kept", kept, "new article")
    delia.edit("Deletion test gone", gone, "new article")
    delia.edit("Deletion test merged", merged, "new article")
    run(bot, contest)
    assert board(wikiset, contest)["Deletion test gone"]["Status"] == "provisional"

    person(wikiset, HOME, ADMIN_USER).delete("Deletion test gone", "copyright violation")
    # Another user merges her third article into the first and leaves a redirect.
    person(wikiset, HOME, "Merger").edit("Deletion test merged", "#REDIRECT [[Deletion test kept]]", "merged")
    run(bot, contest)

    rows = board(wikiset, contest)
    assert rows["Deletion test gone"]["Status"] == "deleted"
    assert rows["Deletion test gone"]["Why"] == EN.text("reason-deleted")
    assert rows["Deletion test gone"]["Points"] == "—"
    assert "Deletion test gone" not in queue(wikiset, contest)
    # A page that became a redirect stays on her list, so she sees why it no longer scores.
    assert rows["Deletion test merged"]["Status"] == "not an entry"
    assert rows["Deletion test merged"]["Why"] == EN.text("reason-redirect")
    # Only the kept article scores: the participant's total is its points.
    text = page(wikiset, f"{contest}/Leaderboard")
    assert EN.text("leaderboard-participant-summary", points=points(size(kept), 100), entries=1, total=3) in text


def test_other_users_edits_never_change_what_a_participant_added(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures others"
    make_contest(wikiset, contest, wikis="en, ru")
    sign_up(wikiset, contest, "Olesya")
    sign_up(wikiset, contest, "Pavel")
    olesya = person(wikiset, "ru", "Olesya")
    pavel = person(wikiset, "ru", "Pavel")
    # Cyrillic: 2 bytes a letter; the words of prose() are words in any script.
    o1 = article(120, "ru", refs=1, tag="o1")
    olesya.edit("Рынок (тест мер)", o1, "новая статья")
    run(bot, contest)

    # Pavel (another participant) adds 200 words; a non-participant trims 20 of Olesya's
    # words; Olesya adds 30 more.
    p1 = o1 + "\n" + prose(200, "ru")
    pavel.edit("Рынок (тест мер)", p1, "дополнил")
    words_ru = prose(120, "ru").split()
    trimmed = p1.replace(" ".join(words_ru[:20]) + " ", "", 1)
    assert size(trimmed) < size(p1)
    person(wikiset, "ru", "Stranger").edit("Рынок (тест мер)", trimmed, "сократил")
    o2 = trimmed + "\n" + prose(30, "ru")
    olesya.edit("Рынок (тест мер)", o2, "ещё")
    run(bot, contest)

    q = queue_rows(wikiset, contest)
    # Olesya: her creation |o1| and her last edit |o2| - |trimmed|; words 120 + 30.
    o_bytes = size(o1) + size(o2) - size(trimmed)
    olesya_row = next(r for r in q if r["Participant"] == "User:Olesya")
    pavel_row = next(r for r in q if r["Participant"] == "User:Pavel")
    assert olesya_row["Added by the participant"] == added(o_bytes, 150, 1)
    assert olesya_row["Article"] == "ru:Рынок (тест мер) (new)"
    # Pavel: his one edit, |p1| - |o1| bytes and 200 words; the article was Olesya's: expanded.
    assert pavel_row["Added by the participant"] == added(size(p1) - size(o1), 200)
    assert pavel_row["Article"] == "ru:Рынок (тест мер) (expanded)"


# --------------------------------------------------------------------------- before signup, before the period


def test_article_written_before_signup_is_not_an_entry(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures early"
    make_contest(wikiset, contest, wikis="en, tt")
    early = person(wikiset, "tt", "Earlybird")
    e1 = article(100, "tt", tag="e1")
    early.edit("Иртә манара (сынау)", e1, "яңа мәкалә")
    time.sleep(1.1)
    sign_up(wikiset, contest, "Earlybird")
    # More work on it after signing up does not make it an entry; a new article does count.
    early.edit("Иртә манара (сынау)", e1 + "\n" + prose(80, "tt"), "өстәмә")
    later = article(60, "tt", tag="e2")
    early.edit("Соң күпер (сынау)", later, "яңа мәкалә")
    # The contest is on en and tt: an article on ru is none of its business.
    person(wikiset, "ru", "Earlybird").edit("Поздний мост (тест мер)", article(80, "ru", tag="e3"), "статья")
    run(bot, contest)

    rows = board(wikiset, contest)
    row = rows["tt:Иртә манара (сынау)"]
    assert row["Status"] == "not an entry"
    assert row["Why"] == EN.text("reason-before-signup")
    assert rows["tt:Соң күпер (сынау)"]["Status"] == "provisional"
    assert queue(wikiset, contest)["tt:Соң күпер (сынау)"]["Added by the participant"] == added(size(later), 60)
    assert set(rows) == {"tt:Иртә манара (сынау)", "tt:Соң күпер (сынау)"}


def test_article_started_before_the_period_is_expanded(wikiset: WikiSet, bot: Bot) -> None:
    contest = "Project:Editathon/Measures old"
    make_contest(wikiset, contest)
    # History from before the period (the period starts yesterday): replayed with its dates.
    week_ago = datetime.now(UTC) - timedelta(days=7)
    old_other = article(200, tag="old1")
    old_own = article(90, tag="old2")
    wikiset.import_dump(HOME, build_dump([
        DumpPage("Old test museum", [DumpRevision("Zed Old", week_ago, old_other, "stub")]),
        DumpPage("Old test street", [DumpRevision("Oldie", week_ago, old_own, "my draft")]),
    ]))
    sign_up(wikiset, contest, "Oldie")
    oldie = person(wikiset, HOME, "Oldie")
    museum = old_other + "\n" + prose(100)
    oldie.edit("Old test museum", museum, "expanded")
    street = old_own + "\n" + prose(50)
    oldie.edit("Old test street", street, "expanded")
    run(bot, contest)

    rows = board(wikiset, contest)
    q = queue(wikiset, contest)
    # Someone else's article, and her own from before the period: both expanded, never new,
    # and only the bytes and words added in the period count.
    assert rows["Old test museum"]["Type"] == "expanded"
    assert q["Old test museum"]["Added by the participant"] == added(size(museum) - size(old_other), 100)
    assert rows["Old test street"]["Type"] == "expanded"
    assert q["Old test street"]["Added by the participant"] == added(size(street) - size(old_own), 50)

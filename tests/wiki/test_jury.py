"""Issue 6 on real wikis: jurors decide on ``B/Jury``, and the bot checks who added what.

Every test plays the organizer, the jurors, the participants and the would-be cheaters
through the API of the local wikis, runs the real ``editathon`` command, and reads what
a person reads: ``B/Leaderboard`` (each entry's status and points, the problems with
their diff links) and ``B/Queue`` (what the jury still has to decide).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest

from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from tests.wiki.botrun import Bot, BotResult, period_around_now, prose
from tests.wiki.leaderboard import Table, entries, ranking, tables

HOME = "en"
ORGANIZER = "Olga"
WAITING = {"awaiting jury", "undecided", "provisional"}


def contest_text(
    *,
    jury: str,
    quorum: int = 1,
    review: str = "required",
    organizers: str = ORGANIZER,
    extra: str = "",
) -> str:
    start, end = period_around_now()
    return f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = en, ru, tt
| organizers = {organizers}
| jury = {jury}
| quorum = {quorum}
| review = {review}
}}}}
{{{{Editathon rule | new | 10 }}}}
{{{{Editathon criterion | new | min words = 50 }}}}
{extra}"""


def article_text(words: int, lang: str = "en", refs: int = 0) -> str:
    """``words`` readable words and ``refs`` references (their text is not prose)."""
    body = prose(words, lang)
    notes = "".join(f"<ref>Source number {i + 1}.</ref>" for i in range(refs))
    return f"{body}{notes}\n\n<references />\n" if refs else body


@dataclass
class Contest:
    """One contest on the home wiki, and the people acting on it."""

    wset: WikiSet
    bot: Bot
    title: str
    settings: dict[str, object] = field(default_factory=dict)

    @classmethod
    def create(cls, wset: WikiSet, bot: Bot, name: str, **settings: object) -> Contest:
        contest = cls(wset, bot, f"Project:Editathon/{name}", dict(settings))
        org = wset.actor(HOME, ORGANIZER)
        org.edit(contest.title, contest_text(**settings), "new contest")  # type: ignore[arg-type]
        org.edit(f"{contest.title}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "signups")
        org.edit(f"{contest.title}/Jury", "Jury decisions, one signed line each.\n", "jury page")
        return contest

    @property
    def jury_page(self) -> str:
        return f"{self.title}/Jury"

    def resave(self, by: str = ORGANIZER, **changes: object) -> int:
        """Someone saves ``B`` with changed settings; returns the revision id."""
        self.settings.update(changes)
        text = contest_text(**self.settings)  # type: ignore[arg-type]
        return self.wset.actor(HOME, by).edit(self.title, text, "contest settings")

    def sign_up(self, *users: str) -> None:
        for user in users:
            self.wset.actor(HOME, user).append(
                f"{self.title}/Participants", "\n# ~~~~", "signing up"
            )

    def decide(
        self,
        juror: str,
        article: str,
        verdict: str,
        *,
        points: str | None = None,
        user: str | None = None,
        comment: str = "",
    ) -> int:
        """``juror`` appends a decision line to ``B/Jury``; returns the revision id."""
        params = [article, verdict]
        if points is not None:
            params.append(f"points = {points}")
        if user is not None:
            params.append(f"user = {user}")
        params.append(f"comment = {comment}")
        line = "{{Editathon decision | " + " | ".join(params) + " }} ~~~~"
        return self.wset.actor(HOME, juror).append(self.jury_page, "\n" + line, "decision")

    def suspend(self, by: str, user: str, comment: str) -> int:
        line = f"{{{{Editathon suspend | {user} | comment = {comment} }}}} ~~~~"
        return self.wset.actor(HOME, by).append(self.jury_page, "\n" + line, "suspension")

    def edit_jury(self, by: str, old: str, new: str) -> int:
        """``by`` replaces ``old`` with ``new`` in the jury page's text."""
        actor = self.wset.actor(HOME, by)
        text = actor.page_text(self.jury_page)
        assert text is not None and old in text, text
        return actor.edit(self.jury_page, text.replace(old, new), "jury page")

    def run(self) -> BotResult:
        return self.bot.run("--contest", f"{HOME}:{self.title}")

    def page(self, sub: str) -> str:
        text = self.wset.admin(HOME).page_text(f"{self.title}/{sub}")
        assert text is not None, f"the bot did not write {self.title}/{sub}"
        return text

    def board(self) -> str:
        return self.page("Leaderboard")

    def entry(self, article: str) -> dict[str, str]:
        return entries(self.board())[article]

    def entry_of(self, user: str, article: str) -> dict[str, str]:
        """``user``'s row for ``article`` (two participants can have the same article)."""
        for heading, table in tables(self.board()):
            if heading == f"User:{user}":
                for row in table.dicts():
                    if next(iter(row.values()), "") == article:
                        return row
        raise AssertionError(f"no entry {article} of {user}")

    def status(self, article: str) -> str:
        return self.entry(article)["Status"]

    def problems(self) -> list[str]:
        """The lines of the leaderboard's problems section."""
        text = self.board().split("== Problems on the contest pages ==", 1)[1]
        return [ln for ln in text.split("\n----", 1)[0].splitlines() if ln.startswith("*")]

    def queue(self) -> Table | None:
        """The queue's table, or None when the page says no entry waits."""
        found = tables(self.page("Queue"))
        return found[0][1] if found else None

    def queue_rows(self) -> dict[str, dict[str, str]]:
        """Queue rows by article as the leaderboard names it (``tt:Title`` or ``Title``)."""
        table = self.queue()
        if table is None:
            return {}
        return {queued_article(row["Article"]): row for row in table.dicts()}


def queued_article(cell: str) -> str:
    """``tt:Title (new article)`` -> ``tt:Title``."""
    return cell.rsplit(" (", 1)[0]


def write(wset: WikiSet, lang: str, user: str, title: str, words: int = 80, refs: int = 0) -> int:
    """``user`` creates an article on ``lang``; returns the creating revision's id."""
    return wset.actor(lang, user).edit(title, article_text(words, lang, refs), "new article")


def later() -> None:
    """MediaWiki timestamps have one-second resolution: make the next edit visibly later."""
    time.sleep(1.1)


def diff(revid: int) -> str:
    return f"Special:Diff/{revid}"


@pytest.fixture
def bot(wikiset: WikiSet, tmp_path: Path) -> Bot:
    return Bot(wikiset, tmp_path / "state.sqlite")


def size(wset: WikiSet, lang: str, title: str) -> int:
    """The page's size in bytes as MediaWiki reports it."""
    page = wset.admin(lang).query(prop="info", titles=title)["query"]["pages"][0]
    return int(page["length"])


def problem_with(c: Contest, revid: int, *words: str) -> str:
    """The one problem line that links ``revid``'s diff and names ``words``."""
    found = [p for p in c.problems() if diff(revid) in p and all(w in p for w in words)]
    assert len(found) == 1, (revid, words, c.problems())
    return found[0]


# ---------------------------------------------------------------------------- tests


def test_juror_accepts_and_the_entry_counts(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury accepts", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Aigul's bridge")

    c.run()
    assert c.status("Aigul's bridge") == "awaiting jury"
    assert ranking(c.board()) == []
    assert set(c.queue_rows()) == {"Aigul's bridge"}

    c.decide("Carol", "Aigul's bridge", "accept", comment="Good sources")
    c.run()

    assert c.status("Aigul's bridge") == "counted"
    assert c.entry("Aigul's bridge")["Points"] == "10"
    assert ranking(c.board())[0]["Participant"] == "User:Aigul"
    assert c.queue_rows() == {}
    assert "No entry is waiting for the jury." in c.page("Queue")
    assert c.problems() == []


def test_points_adjustments_are_averaged_over_the_accepting_jurors(
    wikiset: WikiSet, bot: Bot
) -> None:
    c = Contest.create(wikiset, bot, "Jury points", jury="Carol, Dan", quorum=2)
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Points bridge")
    write(wikiset, "ru", "Aigul", "Мост с баллами")
    c.decide("Carol", "Points bridge", "accept", points="+5", comment="Great photos")
    c.decide("Dan", "Points bridge", "accept", comment="Fine")  # no points: counts as 0
    c.decide("Carol", "ru:Мост с баллами", "accept", points="-1,5", comment="Thin")  # decimal comma
    c.decide("Dan", "ru:Мост с баллами", "accept", points="-3.5", comment="Thin")

    c.run()

    assert c.status("Points bridge") == "counted"
    assert c.entry("Points bridge")["Points"] == "12.5"  # 10 + (5 + 0) / 2
    assert "jury: +2.5" in c.entry("Points bridge")["Points by rule"]
    assert c.entry("ru:Мост с баллами")["Points"] == "7.5"  # 10 + (-1.5 - 3.5) / 2
    assert ranking(c.board())[0]["Points"] == "20"


def test_decision_of_a_non_juror_is_ignored_and_reported(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury outsider", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Outsider bridge")
    revid = c.decide("Mallory", "Outsider bridge", "accept", comment="Looks fine to me")

    c.run()

    assert c.status("Outsider bridge") == "awaiting jury"
    assert ranking(c.board()) == []
    assert set(c.queue_rows()) == {"Outsider bridge"}
    assert "not on the jury" in problem_with(c, revid, "Mallory")


def test_participant_who_joins_the_jury_on_the_contest_page_gains_nothing(
    wikiset: WikiSet, bot: Bot
) -> None:
    c = Contest.create(wikiset, bot, "Jury self appointed", jury="Carol")
    c.sign_up("Eldar")
    later()
    write(wikiset, "en", "Eldar", "Eldar's tower")
    joined = c.resave(by="Eldar", jury="Carol, Eldar")
    accepted = c.decide("Eldar", "Eldar's tower", "accept", points="+50", comment="Excellent")

    c.run()

    assert c.status("Eldar's tower") == "awaiting jury"
    assert ranking(c.board()) == []
    assert set(c.queue_rows()) == {"Eldar's tower"}
    assert problem_with(c, joined)  # the edit of B by a non-organizer
    assert "not on the jury" in problem_with(c, accepted, "Eldar")


def test_participant_who_turns_a_jurors_reject_into_accept_changes_nothing(
    wikiset: WikiSet, bot: Bot
) -> None:
    c = Contest.create(wikiset, bot, "Jury forged", jury="Carol")
    c.sign_up("Eldar")
    later()
    write(wikiset, "en", "Eldar", "Eldar's bridge")
    c.decide("Carol", "Eldar's bridge", "reject", comment="Machine translation")
    c.run()
    assert c.status("Eldar's bridge") == "rejected"

    forged = c.edit_jury("Eldar", "| reject |", "| accept |")
    c.run()

    assert "accept" in (wikiset.admin(HOME).page_text(c.jury_page) or "")  # the page says so...
    assert c.status("Eldar's bridge") == "rejected"  # ...but Carol's own version stands
    assert "Machine translation" in c.entry("Eldar's bridge")["Why"]
    assert ranking(c.board()) == []
    assert "own version stands" in problem_with(c, forged, "Eldar", "Carol")


def test_quorum_two_split_is_undecided_until_a_third_juror_decides(
    wikiset: WikiSet, bot: Bot
) -> None:
    c = Contest.create(wikiset, bot, "Jury split", jury="Carol, Dan, Farid", quorum=2)
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Split bridge")
    c.decide("Carol", "Split bridge", "accept", comment="Good")
    c.decide("Dan", "Split bridge", "reject", comment="Too short")

    c.run()
    assert c.status("Split bridge") == "undecided"
    assert ranking(c.board()) == []
    row = c.queue_rows()["Split bridge"]
    assert row["Decisions"] == "undecided: 2 given, 1 more needed"

    c.decide("Farid", "Split bridge", "accept", comment="Good enough")
    c.run()
    assert c.status("Split bridge") == "counted"  # two accepts against one reject
    assert c.queue_rows() == {}


def test_juror_changes_their_mind(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury mind", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Mind bridge")
    c.decide("Carol", "Mind bridge", "accept", comment="Good")
    c.run()
    assert c.status("Mind bridge") == "counted"

    c.edit_jury("Carol", "| accept | comment = Good", "| reject | comment = Copied text")
    c.run()
    assert c.status("Mind bridge") == "rejected"  # her line, edited by her
    assert "Copied text" in c.entry("Mind bridge")["Why"]

    later()
    c.decide("Carol", "Mind bridge", "accept", comment="Rewritten since")
    c.run()
    assert c.status("Mind bridge") == "counted"  # a later line replaces her earlier one

    actor = wikiset.actor(HOME, "Carol")
    actor.edit(c.jury_page, "Jury decisions, one signed line each.\n", "withdrawing my decisions")
    c.run()
    assert c.status("Mind bridge") == "awaiting jury"  # removing her own lines withdraws them
    assert c.problems() == []


def test_juror_removed_from_the_list_no_longer_counts(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury removed", jury="Carol, Dan")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Removed juror bridge")
    c.decide("Dan", "Removed juror bridge", "accept", comment="Good")
    c.run()
    assert c.status("Removed juror bridge") == "counted"

    c.resave(jury="Carol")  # the organizer takes Dan off the jury
    c.run()
    assert c.status("Removed juror bridge") == "awaiting jury"
    assert "Removed juror bridge" in c.queue_rows()

    c.resave(jury="Carol, Dan")  # and puts him back: his line never left the page
    c.run()
    assert c.status("Removed juror bridge") == "counted"


def test_suspended_participants_later_entries_stop_counting(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury suspension", jury="Carol", review="optional")
    c.sign_up("Ilnur", "Ruslan", "Aigul")
    later()
    write(wikiset, "en", "Ilnur", "Ilnur's first bridge")
    write(wikiset, "en", "Ruslan", "Ruslan's first bridge")
    write(wikiset, "en", "Aigul", "Aigul's first bridge")
    later()
    c.suspend("Carol", "Ilnur", "Sockpuppet")  # a juror
    c.suspend(ORGANIZER, "Ruslan", "Copyright violations")  # an organizer
    forged = c.suspend("Mallory", "Aigul", "I do not like her")  # neither
    later()
    write(wikiset, "tt", "Ilnur", "Илнурның икенче күпере")
    write(wikiset, "en", "Ruslan", "Ruslan's second bridge")
    write(wikiset, "en", "Aigul", "Aigul's second bridge")

    c.run()

    assert c.status("Ilnur's first bridge") == "provisional"  # made before the suspension
    assert c.status("tt:Илнурның икенче күпере") == "suspended"
    assert c.status("Ruslan's first bridge") == "provisional"
    assert c.status("Ruslan's second bridge") == "suspended"
    assert c.status("Aigul's second bridge") == "provisional"
    points = {r["Participant"]: r["Points"] for r in ranking(c.board())}
    assert points == {"User:Aigul": "20", "User:Ilnur": "10", "User:Ruslan": "10"}
    assert set(c.queue_rows()) == {
        "Ilnur's first bridge",
        "Ruslan's first bridge",
        "Aigul's first bridge",
        "Aigul's second bridge",
    }
    assert "only jurors and organizers" in problem_with(c, forged, "Mallory")


def test_a_jurors_decision_on_their_own_entry_is_ignored(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury own entry", jury="Carol, Dan")
    c.sign_up("Carol")
    later()
    write(wikiset, "en", "Carol", "Carol's own bridge")
    own = c.decide("Carol", "Carol's own bridge", "accept", comment="Mine is great")

    c.run()
    assert c.status("Carol's own bridge") == "awaiting jury"
    assert "own entries" in problem_with(c, own, "Carol")

    c.decide("Dan", "Carol's own bridge", "accept", comment="Good")
    c.run()
    assert c.status("Carol's own bridge") == "counted"


def test_review_optional_scores_until_the_jury_rejects(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury optional", jury="Carol", review="optional")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Optional bridge")
    c.run()
    assert c.status("Optional bridge") == "provisional"
    assert ranking(c.board())[0]["Points"] == "10"
    assert set(c.queue_rows()) == {"Optional bridge"}  # the jury may still reject it

    c.decide("Carol", "Optional bridge", "reject", comment="Not about the region")
    c.run()
    assert c.status("Optional bridge") == "rejected"
    assert ranking(c.board()) == []
    assert c.queue_rows() == {}


def shared_statuses(c: Contest) -> dict[str, str]:
    return {user: c.entry_of(user, "Shared bridge")["Status"] for user in ("Aigul", "Ilnur")}


def test_user_parameter_picks_one_of_two_authors(wikiset: WikiSet, bot: Bot) -> None:
    rules = (
        "{{Editathon rule | expanded | 5 }}\n"
        "{{Editathon criterion | expanded | min added words = 30 }}\n"
    )
    c = Contest.create(wikiset, bot, "Jury two authors", jury="Carol", extra=rules)
    c.sign_up("Aigul", "Ilnur")
    later()
    write(wikiset, "en", "Aigul", "Shared bridge")
    later()
    ilnur = wikiset.actor(HOME, "Ilnur")
    ilnur.append("Shared bridge", "\n\n" + prose(60), "expanding")
    vague = c.decide("Carol", "Shared bridge", "accept", comment="Which one?")

    c.run()
    assert shared_statuses(c) == {"Aigul": "awaiting jury", "Ilnur": "awaiting jury"}
    assert "user = NAME" in problem_with(c, vague, "Carol")
    lines = {
        row["Participant"]: row["Line to copy"]
        for row in (c.queue() or Table([], [])).dicts()
        if queued_article(row["Article"]) == "Shared bridge"
    }
    assert "|user=Aigul|" in lines["User:Aigul"]
    assert "|user=Ilnur|" in lines["User:Ilnur"]

    c.decide("Carol", "Shared bridge", "accept", user="Ilnur", comment="Good expansion")
    c.run()
    assert shared_statuses(c) == {"Aigul": "awaiting jury", "Ilnur": "counted"}
    assert c.entry_of("Ilnur", "Shared bridge")["Points"] == "5"


def test_queue_lists_exactly_the_entries_awaiting_decisions_with_their_facts(
    wikiset: WikiSet, bot: Bot
) -> None:
    informational = "{{Editathon criterion | worklist | informational = yes }}"
    c = Contest.create(wikiset, bot, "Jury queue", jury="Carol, Dan", quorum=2, extra=informational)
    wikiset.actor(HOME, ORGANIZER).edit(
        f"{c.title}/Worklist", "== Bridges ==\n* [[Queue bridge]] · [[:tt:Чират күпере]]\n", "list"
    )
    c.sign_up("Zarina", "Bulat", "Kamila")
    later()
    created = {"Queue bridge": write(wikiset, "en", "Zarina", "Queue bridge")}
    later()
    created["tt:Чират күпере"] = write(wikiset, "tt", "Bulat", "Чират күпере", words=90, refs=2)
    later()
    created["Queue split"] = write(wikiset, "en", "Kamila", "Queue split", words=70, refs=1)
    write(wikiset, "ru", "Zarina", "Мост очереди")
    write(wikiset, "en", "Bulat", "Queue tower")
    write(wikiset, "en", "Kamila", "Queue stub", words=20)  # too small: not an entry
    c.decide("Carol", "tt:Чират күпере", "accept", comment="Good")
    c.decide("Carol", "ru:Мост очереди", "accept", comment="Good")
    c.decide("Dan", "ru:Мост очереди", "accept", comment="Good")
    c.decide("Carol", "Queue tower", "reject", comment="Off topic")
    c.decide("Dan", "Queue tower", "reject", comment="Off topic")
    c.decide("Carol", "Queue split", "accept", comment="Fine")
    c.decide("Dan", "Queue split", "reject", comment="Poor")

    c.run()

    board = entries(c.board())
    waiting = {article for article, row in board.items() if row["Status"] in WAITING}
    assert waiting == {"Queue bridge", "tt:Чират күпере", "Queue split"}
    assert board["ru:Мост очереди"]["Status"] == "counted"
    assert board["Queue tower"]["Status"] == "rejected"
    assert board["Queue stub"]["Status"] == "not an entry"
    queue = c.queue()
    assert queue is not None
    # Exactly the entries awaiting decisions, oldest first.
    assert [queued_article(r["Article"]) for r in queue.dicts()] == [
        "Queue bridge",
        "tt:Чират күпере",
        "Queue split",
    ]
    assert [r["#"] for r in queue.dicts()] == ["1", "2", "3"]

    expect = {
        "Queue bridge": ("en", "Zarina", 80, 0, "awaiting jury: 0 given, 2 more needed"),
        "tt:Чират күпере": ("tt", "Bulat", 90, 2, "awaiting jury: 1 given, 1 more needed"),
        "Queue split": ("en", "Kamila", 70, 1, "undecided: 2 given, 1 more needed"),
    }
    topics = {
        "Queue bridge": ("Bridges: Queue bridge", "—"),
        "tt:Чират күпере": ("Bridges: tt:Чират күпере", "—"),
        "Queue split": ("—", "The topic is not on the worklist."),
    }
    rows = c.queue_rows()
    for article, (lang, user, words, refs, decisions) in expect.items():
        row = rows[article]
        title = article.split(":", 1)[1] if lang != HOME else article
        nbytes = size(wikiset, lang, title)  # one creating edit: everything is added
        assert row["Language"] == lang
        assert row["Participant"] == f"User:{user}"
        assert row["Added by the participant"] == (
            f"+{nbytes:,} bytes, +{words} words, {refs} "
            + ("reference" if refs == 1 else "references")
            + ", 0 images"
        ), row
        assert row["Size now"] == f"{nbytes:,} bytes, {words} words"
        assert row["Decisions"] == decisions
        assert (row["Worklist topic"], row["Warnings"]) == topics[article]
        prefix = "" if lang == HOME else f"{lang}:"
        assert f"{prefix}{diff(created[article])}" in row["Changes"]
        assert (
            f"* {{{{Editathon decision|{article}|accept|comment=}}}} ~~~~"
            in row["Line to copy"]
        )

    # A decided entry leaves the queue; the page keeps the others.
    c.decide("Dan", "tt:Чират күпере", "accept", comment="Agreed")
    c.run()
    assert entries(c.board())["tt:Чират күпере"]["Status"] == "counted"
    assert set(c.queue_rows()) == {"Queue bridge", "Queue split"}


def api_log_requests(log: Path, offset: int) -> list[dict[str, str]]:
    """The API requests since ``offset``, as MediaWiki's ``api`` debug log recorded them.

    A line reads ``... API POST USER IP T=12ms name=value ...``, values URL-encoded.
    """
    with log.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode("utf-8", "replace").splitlines()
    out = []
    for line in lines:
        if " API " not in line:
            continue
        tokens = line.split(" API ", 1)[1].split()[4:]
        out.append({n: unquote(v) for n, _, v in (t.partition("=") for t in tokens)})
    return out


def history_reads(requests: list[dict[str, str]], c: Contest) -> list[dict[str, str]]:
    """Reads of the contest's pages' texts, except the pages the bot writes itself."""
    local = c.title.split(":", 1)[1]  # the log has the local namespace name
    return [
        p
        for p in requests
        if p.get("prop") == "revisions"
        and "content" in p.get("rvprop", "")
        and local in p.get("titles", "")
        and not p["titles"].endswith(("/Leaderboard", "/Queue"))
    ]


def test_second_run_reads_only_the_new_jury_revision(wikiset: WikiSet, bot: Bot) -> None:
    """The jury page's history is read once; later runs fetch only what is new."""
    log = wikiset.wikis[HOME].dir / "api.log"
    extra = wikiset.wikis[HOME].dir / "extra.php"
    assert not extra.exists()
    # MediaWiki's own log of every API request with its parameters, for this test only.
    extra.write_text(f"<?php\n$wgDebugLogGroups['api'] = {str(log)!r};\n")
    try:
        c = Contest.create(wikiset, bot, "Jury incremental", jury="Carol, Dan", quorum=2)
        c.sign_up("Lilia")
        later()
        for name in ("First", "Second", "Third"):
            write(wikiset, "en", "Lilia", f"Lilia's {name.lower()} bridge")
            c.decide("Carol", f"Lilia's {name.lower()} bridge", "accept", comment=name)
        c.decide("Dan", "Lilia's first bridge", "accept", comment="Agreed")
        c.run()
        assert c.status("Lilia's first bridge") == "counted"
        assert c.status("Lilia's second bridge") == "awaiting jury"

        offset = log.stat().st_size
        c.run()  # nothing new
        assert history_reads(api_log_requests(log, offset), c) == []

        new = c.decide("Dan", "Lilia's second bridge", "accept", comment="Agreed too")
        offset = log.stat().st_size
        c.run()
        reads = history_reads(api_log_requests(log, offset), c)

        assert c.status("Lilia's second bridge") == "counted"
        # The one new revision (its parent is the one folded last) is read by its id, with
        # the text: no history of the jury page is read again.
        assert reads == [], reads
        texts = [p for p in api_log_requests(log, offset)
                 if p.get("prop") == "revisions" and "content" in p.get("rvprop", "") and p.get("revids")]
        assert [p["revids"] for p in texts] == [str(new)], texts
    finally:
        extra.unlink()


def test_a_gap_in_revision_ids_does_not_stop_reading_the_jury(wikiset: WikiSet, bot: Bot) -> None:
    """Revision ids have gaps: purged deletions here, rolled-back saves on a busy wiki."""
    c = Contest.create(wikiset, bot, "Jury id gap", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Gap bridge")
    decided = c.decide("Carol", "Gap bridge", "accept", comment="Good")
    admin = wikiset.admin(HOME)
    scratch = admin.edit("Jury id gap scratch page", "A test page.", "test")
    assert scratch == decided + 1  # the id right after the jury page's last revision
    c.run()
    assert c.status("Gap bridge") == "counted"
    admin.delete("Jury id gap scratch page", "test page")
    wikiset.maintenance(HOME, "deleteArchivedRevisions.php", "--delete")  # id gone for good

    c.edit_jury("Carol", "| accept | comment = Good", "| reject | comment = Copied text")
    result = c.bot.run("--contest", f"{HOME}:{c.title}", check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert c.status("Gap bridge") == "rejected"


def test_a_decision_follows_the_article_through_a_move(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury move", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Bridge over the Kazanka (draft title)")
    c.decide("Carol", "Bridge over the Kazanka (draft title)", "accept", comment="Good")
    later()
    wikiset.actor(HOME, "Aigul").move(
        "Bridge over the Kazanka (draft title)", "Bridge over the Kazanka", "better title"
    )

    c.run()

    assert c.status("Bridge over the Kazanka") == "counted"
    assert c.entry("Bridge over the Kazanka")["Points"] == "10"
    assert "Bridge over the Kazanka" not in c.queue_rows()


def test_blanking_the_jury_page_removes_no_decision(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury blanked", jury="Carol")
    c.sign_up("Eldar", "Aigul")
    later()
    write(wikiset, "en", "Eldar", "Blank bridge")
    write(wikiset, "en", "Aigul", "Blank tower")
    c.decide("Carol", "Blank bridge", "reject", comment="Copied")
    c.decide("Carol", "Blank tower", "accept", comment="Good")
    blanked = wikiset.actor(HOME, "Eldar").edit(c.jury_page, "Nothing to see here.", "cleanup")

    c.run()

    assert c.status("Blank bridge") == "rejected"  # Carol's lines stand
    assert c.status("Blank tower") == "counted"
    assert "own version stands" in problem_with(c, blanked, "Eldar", "Carol")

    # Carol undoes the blanking: her lines are back on the page, nothing left to report.
    wikiset.actor(HOME, "Carol").undo(c.jury_page, blanked, "restoring the decisions")
    c.run()
    assert c.status("Blank bridge") == "rejected"
    assert c.status("Blank tower") == "counted"
    assert c.problems() == []


LOCAL = {
    "tt": {
        "contest": """{{{{Марафон
| башлану = {start}
| тәмам = {end}
| сәгать поясы = UTC
| вики = tt, ru
| оештыручылар = Olga
| жюри = Carol, Dan
| кворум = 2
| тикшерү = мәҗбүри
}}}}
{{{{Марафон кагыйдә | яңа | 10 }}}}
{{{{Марафон таләп | яңа | мин сүз = 50 }}}}
""",
        "accept_points": "{{{{Марафон карар | {article} | кабул | балл = +4 | аңлатма = Яхшы }}}} ~~~~",
        "accept": "{{{{Жюри карары | {article} | кабул | аңлатма = Әйбәт }}}} ~~~~",
        "reject": "{{{{Марафон карар | {article} | кире кагу | сәбәп = Машина тәрҗемәсе }}}} ~~~~",
        "suspend": "{{{{Марафон читләштерү | {user} | сәбәп = Виртуал }}}} ~~~~",
        "home_article": "Татар күпере",
        "other_article": "Татарский мост",
        "late_article": "Соңгы күпер",
    },
    "ru": {
        "contest": """{{{{Марафон
| начало = {start}
| конец = {end}
| часовой пояс = UTC
| вики = ru, tt
| организаторы = Olga
| жюри = Carol, Dan
| кворум = 2
| проверка = обязательная
}}}}
{{{{Марафон правило | новая | 10 }}}}
{{{{Марафон критерий | новая | мин слов = 50 }}}}
""",
        "accept_points": "{{{{Марафон решение | {article} | принять | баллы = +4 | комментарий = Хорошо }}}} ~~~~",
        "accept": "{{{{Решение жюри | {article} | принять | комментарий = Годится }}}} ~~~~",
        "reject": "{{{{Марафон решение | {article} | отклонить | причина = Машинный перевод }}}} ~~~~",
        "suspend": "{{{{Марафон отстранить | {user} | причина = Виртуал }}}} ~~~~",
        "home_article": "Русский мост",
        "other_article": "Урыс күпере",
        "late_article": "Поздний мост",
    },
}


@pytest.mark.parametrize("home", ["tt", "ru"])
def test_jurors_decide_with_the_local_template_names(wikiset: WikiSet, bot: Bot, home: str) -> None:
    """The names the jury guide gives for Russian and Tatar work on those wikis."""
    words = LOCAL[home]
    other = "ru" if home == "tt" else "tt"
    title = f"Project:Editathon/Local jury {home}"
    start, end = period_around_now()
    org = wikiset.actor(home, ORGANIZER)
    org.edit(title, words["contest"].format(start=start, end=end), "contest")
    org.edit(f"{title}/Jury", "----\n", "jury page")
    for user in ("Alsu", "Bulat"):
        wikiset.actor(home, user).append(f"{title}/Participants", "\n# ~~~~", "signup")
    later()
    write(wikiset, home, "Alsu", words["home_article"])
    write(wikiset, other, "Alsu", words["other_article"])
    write(wikiset, home, "Bulat", f"{words['home_article']} 2")

    def line(by: str, key: str, **params: str) -> None:
        text = "\n" + words[key].format(**params)
        wikiset.actor(home, by).append(f"{title}/Jury", text, "jury")

    line("Carol", "accept_points", article=words["home_article"])
    line("Dan", "accept", article=words["home_article"])
    line("Carol", "reject", article=f"{other}:{words['other_article']}")
    line("Dan", "reject", article=f"{other}:{words['other_article']}")
    line("Carol", "suspend", user="Bulat")
    later()
    write(wikiset, home, "Bulat", words["late_article"])

    bot.run("--contest", f"{home}:{title}")

    cat = catalog(home)
    text = wikiset.admin(home).page_text(f"{title}/Leaderboard") or ""
    rows = entries(text)
    status, points = cat.text("leaderboard-col-status"), cat.text("leaderboard-col-points")
    assert rows[words["home_article"]][status] == cat.text("entry-status-counted")
    assert rows[words["home_article"]][points] == "12"  # 10 + (4 + 0) / 2
    assert rows[f"{other}:{words['other_article']}"][status] == cat.text("entry-status-rejected")
    assert rows[f"{words['home_article']} 2"][status] == cat.text("entry-status-awaiting-jury")
    assert rows[words["late_article"]][status] == cat.text("entry-status-suspended")
    queue = tables(wikiset.admin(home).page_text(f"{title}/Queue") or "")
    queued = [queued_article(r[cat.text("queue-col-article")]) for r in queue[0][1].dicts()]
    assert queued == [f"{words['home_article']} 2"]


def test_an_unreadable_decision_is_reported_where_it_is(wikiset: WikiSet, bot: Bot) -> None:
    c = Contest.create(wikiset, bot, "Jury typo", jury="Carol")
    c.sign_up("Aigul")
    later()
    write(wikiset, "en", "Aigul", "Typo bridge")
    c.decide("Carol", "Typo bridge", "acept", comment="Good")

    c.run()

    assert c.status("Typo bridge") == "awaiting jury"  # never guessed
    # The juror is told where the line is: the jury page, its line number.
    [report] = [p for p in c.problems() if "acept" in p]
    assert "Jury typo/Jury]], line 2:" in report, report

    c.edit_jury("Carol", "| acept |", "| accept |")
    c.run()
    assert c.status("Typo bridge") == "counted"
    assert c.problems() == []

"""Which notices a contest owes, how they read in en, ru and tt, and {{bots}}/{{nobots}}.

Pure: hand-built results in, notices and wikitext out. What a participant would
check: who gets which notice when, that a verdict is told once and a changed verdict
again, that the numbers in the text agree in their language, and that a talk page
that says no keeps the bot out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.i18n import catalog
from bot.model import (
    OVERALL,
    ContestResult,
    ContestSettings,
    ContestState,
    Decision,
    Entry,
    PageRef,
    Prize,
    RankBy,
    Ranking,
    Signup,
    Standing,
    Status,
    Verdict,
)
from bot.notices import (
    MAX_AGE,
    Notice,
    NoticeKind,
    bots_deny,
    due_notices,
    marker,
    render_notice,
    verdict_key,
    verdict_of,
)

B = "Project:Editathon/Kazan"


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


SETTINGS = ContestSettings(
    wiki="ru",
    title=B,
    start=date(2026, 11, 1),
    end=date(2026, 11, 30),
    timezone="UTC",
    wikis=("ru", "tt", "en"),
    organizers=("Org",),
    jury=("Juror",),
    verdict_notices=True,
    prizes=(Prize(OVERALL, 2), Prize("Best Tatar article", 1)),
)


def decision(verdict: Verdict, revid: int, day: int, comment: str = "", juror: str = "Juror") -> Decision:
    return Decision(juror=juror, article=PageRef("ru", "X"), verdict=verdict, revid=revid, timestamp=at(day),
                    comment=comment)


def entry(user: str, pageid: int, status: Status, *decisions: Decision, points: float = 0.0,
          wiki: str = "ru", title: str = "Статья") -> Entry:
    return Entry(user=user, wiki=wiki, pageid=pageid, title=title, kind="new", status=status,
                 points=points, decisions=decisions, decisions_needed=0 if decisions else 1)


def standing(user: str, rank: int, points: float, entries: int) -> Standing:
    return Standing(user=user, rank=rank, points=points, entries=entries, languages=1, last_counted=at(5))


def result(state: ContestState, entries: tuple[Entry, ...] = (), *, participants: tuple[str, ...] = (),
           rankings: tuple[Ranking, ...] = (), settings: ContestSettings = SETTINGS) -> ContestResult:
    return ContestResult(settings=settings, state=state, entries=entries, rankings=rankings,
                         participants=participants)


def signup(user: str, day: int) -> Signup:
    return Signup(user=user, revid=day * 100, timestamp=at(day), added_by=user)


def kinds(notices: tuple[Notice, ...]) -> list[tuple[str, str, str]]:
    return [(n.user, n.kind.value, n.key) for n in notices]


# --------------------------------------------------------------------------- welcome


def test_welcome_for_each_signup_while_upcoming_or_open() -> None:
    signups = [signup("Aigul", 2), signup("Ilnur", 3), signup("Left", 3)]
    for state in (ContestState.UPCOMING, ContestState.OPEN):
        due = due_notices(result(state), signups=signups, withdrawn=frozenset({"Left"}), closed_at=None,
                          now=at(4))
        assert kinds(due) == [("Aigul", "welcome", "signup"), ("Ilnur", "welcome", "signup")]


def test_no_welcome_once_the_contest_has_ended_or_for_a_signup_after_it() -> None:
    late = [Signup("Late", 1, datetime(2026, 12, 1, 0, 30, tzinfo=UTC), "Late")]
    assert due_notices(result(ContestState.OPEN), signups=late, withdrawn=frozenset(), closed_at=None,
                       now=at(30)) == ()
    for state in (ContestState.ENDED, ContestState.CLOSED):
        assert kinds(due_notices(result(state), signups=[signup("A", 2)], withdrawn=frozenset(),
                                 closed_at=None, now=at(4))) == []


def test_no_welcome_for_a_signup_older_than_max_age() -> None:
    """A bot first started on a long-open contest does not welcome last month's signups."""
    old = [Signup("Old", 1, at(1) - MAX_AGE - timedelta(hours=1), "Old"), signup("New", 1)]
    due = due_notices(result(ContestState.OPEN), signups=old, withdrawn=frozenset(), closed_at=None, now=at(1, 13))
    assert kinds(due) == [("New", "welcome", "signup")]


# --------------------------------------------------------------------------- verdicts


def test_verdicts_accept_quorum_and_reject_only() -> None:
    accepted = entry("Aigul", 11, Status.COUNTED, decision(Verdict.ACCEPT, 5, 5), points=12)
    rejected = entry("Ilnur", 12, Status.REJECTED, decision(Verdict.REJECT, 6, 6))
    provisional = entry("Marat", 13, Status.PROVISIONAL)
    no_jury = entry("Marat", 14, Status.COUNTED)  # counted without decisions: no verdict
    undecided = entry("Marat", 15, Status.UNDECIDED, decision(Verdict.ACCEPT, 7, 7),
                      decision(Verdict.REJECT, 8, 7, juror="J2"))
    assert [verdict_of(e) for e in (accepted, rejected, provisional, no_jury, undecided)] == [
        Verdict.ACCEPT, Verdict.REJECT, None, None, None]
    due = due_notices(result(ContestState.OPEN, (accepted, rejected, provisional, no_jury, undecided)),
                      signups=[], withdrawn=frozenset(), closed_at=None, now=at(8))
    assert kinds(due) == [("Aigul", "verdict", "ru:11:1:accept"), ("Ilnur", "verdict", "ru:12:1:reject")]


def test_no_verdict_notices_unless_the_contest_asks() -> None:
    from dataclasses import replace

    quiet = replace(SETTINGS, verdict_notices=False)
    e = entry("Aigul", 11, Status.COUNTED, decision(Verdict.ACCEPT, 5, 5))
    assert due_notices(result(ContestState.OPEN, (e,), settings=quiet), signups=[], withdrawn=frozenset(),
                       closed_at=None, now=at(8)) == ()


def test_a_verdict_is_told_once_and_a_changed_verdict_again() -> None:
    e = entry("Aigul", 11, Status.COUNTED, decision(Verdict.ACCEPT, 5, 5))
    # Nothing recorded: the first accept.
    assert verdict_key(e, Verdict.ACCEPT, []) == "ru:11:1:accept"
    # Recorded (whatever its state): the same key again, so the sender sees it is done.
    assert verdict_key(e, Verdict.ACCEPT, ["ru:11:1:accept"]) == "ru:11:1:accept"
    # The juror changes their mind: a new verdict, a new notice.
    assert verdict_key(e, Verdict.REJECT, ["ru:11:1:accept"]) == "ru:11:2:reject"
    # ... and back: accept is news again after the reject was told.
    assert verdict_key(e, Verdict.ACCEPT, ["ru:11:1:accept", "ru:11:2:reject"]) == "ru:11:3:accept"
    # Another entry's records do not count; another wiki's page with the same id neither.
    assert verdict_key(e, Verdict.ACCEPT, ["ru:12:4:reject", "tt:11:2:reject"]) == "ru:11:1:accept"


def test_an_old_verdict_is_not_told() -> None:
    e = entry("Aigul", 11, Status.COUNTED, decision(Verdict.ACCEPT, 5, 1))
    assert due_notices(result(ContestState.OPEN, (e,)), signups=[], withdrawn=frozenset(), closed_at=None,
                       now=at(1) + MAX_AGE + timedelta(days=1)) == ()


# --------------------------------------------------------------------------- results and prizes


RANKINGS = (
    Ranking(OVERALL, RankBy.POINTS, (standing("Aigul", 1, 30, 3), standing("Ilnur", 2, 20, 2),
                                     standing("Marat", 2, 20, 2), standing("Zuhra", 4, 5, 1))),
    Ranking("Best Tatar article", RankBy.POINTS, (standing("Zuhra", 1, 5, 1),)),
)
PEOPLE = ("Aigul", "Ilnur", "Marat", "Zuhra", "Nobody", "Left")


def test_results_to_everyone_and_prizes_to_the_places_only_when_closed() -> None:
    for state in (ContestState.OPEN, ContestState.ENDED):
        due = due_notices(result(state, participants=PEOPLE, rankings=RANKINGS), signups=[],
                          withdrawn=frozenset({"Left"}), closed_at=None, now=at(30))
        assert [n for n in due if n.kind in (NoticeKind.RESULTS, NoticeKind.PRIZE)] == []
    due = due_notices(result(ContestState.CLOSED, participants=PEOPLE, rankings=RANKINGS), signups=[],
                      withdrawn=frozenset({"Left"}), closed_at=at(30), now=at(30, 13))
    results = [n.user for n in due if n.kind is NoticeKind.RESULTS]
    assert results == ["Aigul", "Ilnur", "Marat", "Zuhra", "Nobody"]
    prizes = [(n.user, n.nomination, n.standing.rank if n.standing else 0)
              for n in due if n.kind is NoticeKind.PRIZE]
    # Two places overall: Ilnur and Marat share the second.
    assert prizes == [("Aigul", OVERALL, 1), ("Ilnur", OVERALL, 2), ("Marat", OVERALL, 2),
                      ("Zuhra", "Best Tatar article", 1)]


def test_no_results_for_a_contest_closed_long_ago() -> None:
    due = due_notices(result(ContestState.CLOSED, participants=PEOPLE, rankings=RANKINGS), signups=[],
                      withdrawn=frozenset(), closed_at=at(1), now=at(1) + MAX_AGE + timedelta(hours=1))
    assert due == ()


# --------------------------------------------------------------------------- markers


def test_marker_is_stable_and_cannot_end_early() -> None:
    assert marker("en", B, "Aigul", "welcome", "signup") == (
        "<!-- editathon-notice:en:Project:Editathon/Kazan:Aigul:welcome:signup -->")
    odd = marker("en", B, "A", "prize", "Best <b>--> article%")
    assert odd.count("-->") == 1 and odd.endswith("-->")
    assert "%3E" in odd and "%25" in odd


# --------------------------------------------------------------------------- {{bots}}


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        (None, False),
        ("", False),
        ("Hello", False),
        ("{{nobots}}", True),
        ("{{Nobots}}", True),
        ("{{bots}}", False),
        ("{{bots|deny=all}}", True),
        ("{{bots|deny=none}}", False),
        ("{{bots|deny=EditathonBot}}", True),
        ("{{bots|deny=OtherBot, Editathon_Bot2}}", False),
        ("{{bots|deny=OtherBot, editathonBot}}", True),  # first letter is case-insensitive
        ("{{bots|allow=none}}", True),
        ("{{bots|allow=all}}", False),
        ("{{bots|allow=OtherBot}}", True),
        ("{{bots|allow=OtherBot,EditathonBot}}", False),
        ("{{bots|optout=all}}", True),
        ("{{bots|optout=editathon}}", True),
        ("{{bots|optout=newsletter}}", False),
        ("{{nobots|OtherBot}}", False),
        ("{{nobots|OtherBot,EditathonBot}}", True),
        ("<!-- {{nobots}} -->", False),
        ("<nowiki>{{nobots}}</nowiki>", False),
        ("{{Userbox|text={{nobots}}}}", True),
        ("{{Template:Nobots}}", True),
        ("{{bots|deny=all", False),  # unclosed: not a template
    ],
)
def test_bots_and_nobots(text: str | None, denied: bool) -> None:
    assert (bots_deny(text, "EditathonBot") is not None) is denied


# --------------------------------------------------------------------------- texts


def _results_notice(user: str, points: float, entries: int) -> Notice:
    return Notice("ru", B, user, NoticeKind.RESULTS, "final", standing=standing(user, 2, points, entries),
                  ranked=7)


@pytest.mark.parametrize(
    ("lang", "points", "entries", "expected"),
    [
        ("en", 1, 1, "1 point for 1 counted entry"),
        ("en", 2.5, 3, "2.5 points for 3 counted entries"),
        ("ru", 1, 1, "1 балл за 1 засчитанную статью"),
        ("ru", 2, 2, "2 балла за 2 засчитанные статьи"),
        ("ru", 5, 5, "5 баллов за 5 засчитанных статей"),
        ("ru", 21, 21, "21 балл за 21 засчитанную статью"),
        ("ru", 2.5, 11, "2,5 балла за 11 засчитанных статей"),
        ("tt", 1, 1, "1 исәпкә алынган мәкалә өчен 1 балл"),
        ("tt", 5, 5, "5 исәпкә алынган мәкалә өчен 5 балл"),  # no plural after a numeral
        ("tt", 2.5, 2, "2 исәпкә алынган мәкалә өчен 2,5 балл"),
    ],
)
def test_results_notice_plural_forms(lang: str, points: float, entries: int, expected: str) -> None:
    text = render_notice(_results_notice("Aigul", points, entries), SETTINGS, catalog(lang), docs="User:Bot").text
    assert expected in text


def test_results_notice_without_a_counted_entry() -> None:
    n = Notice("ru", B, "Nobody", NoticeKind.RESULTS, "final", standing=None, ranked=7, total=2)
    assert "2 статьи" in render_notice(n, SETTINGS, catalog("ru"), docs="D").text
    assert "(2 entries checked)" in render_notice(n, SETTINGS, catalog("en"), docs="D").text


@pytest.mark.parametrize("lang", ["en", "ru", "tt"])
def test_every_notice_ends_with_signature_and_marker_and_has_no_unfilled_parameter(lang: str) -> None:
    e = entry("Aigul", 11, Status.REJECTED, decision(Verdict.REJECT, 5, 5, comment="Machine translation ~~~~"),
              wiki="tt", title="Казан")
    notices = [
        Notice("ru", B, "Aigul", NoticeKind.WELCOME, "signup"),
        Notice("ru", B, "Aigul", NoticeKind.VERDICT, "tt:11:1:reject", entry=e),
        _results_notice("Aigul", 3, 1),
        Notice("ru", B, "Aigul", NoticeKind.PRIZE, OVERALL, standing=standing("Aigul", 1, 3, 1),
               nomination=OVERALL),
        Notice("ru", B, "Aigul", NoticeKind.PRIZE, "Best Tatar article", standing=standing("Aigul", 1, 3, 1),
               nomination="Best Tatar article"),
    ]
    for n in notices:
        r = render_notice(n, SETTINGS, catalog(lang), docs="User:EditathonBot")
        assert r.text.endswith("~~~~ " + n.marker), r.text
        assert r.text.count("~~~~") == 1, r.text  # a juror's "~~~~" stays inert
        for text in (r.heading, r.text, r.summary):
            assert "⧼" not in text and "{" + "user}" not in text and "$" not in text, text
        assert "[[User:EditathonBot|Editathon Bot]]" in r.summary
        assert f"[[{B}/Leaderboard|" in r.text


def test_verdict_texts() -> None:
    acc = entry("Aigul", 11, Status.COUNTED, decision(Verdict.ACCEPT, 5, 5, comment="Good sources"), points=5)
    n = Notice("ru", B, "Aigul", NoticeKind.VERDICT, "ru:11:1:accept", entry=acc)
    ru = render_notice(n, SETTINGS, catalog("ru"), docs="D")
    assert "Жюри приняло вашу статью [[Статья]]" in ru.text and "5 баллов" in ru.text
    assert "Комментарий жюри: Good sources" in ru.text
    assert ru.heading == f"{B}: решение жюри по статье Статья"
    rej = entry("Aigul", 11, Status.REJECTED, decision(Verdict.REJECT, 6, 6), wiki="tt", title="Казан")
    tt = render_notice(Notice("ru", B, "Aigul", NoticeKind.VERDICT, "tt:11:2:reject", entry=rej), SETTINGS,
                       catalog("tt"), docs="D")
    assert "[[:tt:Казан]] мәкаләгезне кире какты" in tt.text
    assert "tt:Казан" in tt.heading


def test_prize_texts() -> None:
    n = Notice("ru", B, "Zuhra", NoticeKind.PRIZE, "Best Tatar article", standing=standing("Zuhra", 1, 5, 1),
               nomination="Best Tatar article")
    en = render_notice(n, SETTINGS, catalog("en"), docs="D").text
    assert "You took place 1 in the nomination “Best Tatar article”" in en
    assert "The organizers ([[User:Org|Org]])" in en
    overall = Notice("ru", B, "Aigul", NoticeKind.PRIZE, OVERALL, standing=standing("Aigul", 2, 5, 1),
                     nomination=OVERALL)
    assert "2-е место в номинации «общий зачёт»" in render_notice(overall, SETTINGS, catalog("ru"), docs="D").text
    assert "2 нче урынны" in render_notice(overall, SETTINGS, catalog("tt"), docs="D").text


def test_notices_is_pure() -> None:
    """Deciding and wording notices needs no wiki and no database (see test_layering)."""
    import subprocess
    import sys

    code = ("import sys, bot.notices\n"
            "print(','.join(m for m in ('pywikibot', 'sqlite_utils', 'apscheduler', 'requests')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

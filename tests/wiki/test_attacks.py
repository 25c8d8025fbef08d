"""The authorization matrix (contract §3), attacked on a real wiki: one case per attack.

One contest on en with an umbrella above it; an organizer (Olga), two jurors (Carol, and
Dan who also writes), participants, and the people who try to game it: Mallory (a
registered user), Aigul (a participant) and logged-out editors (127.0.0.1). Every
attack is made through the API as those people would make it; the bot runs as an
operator runs it, several attacks to a run. Each case then checks, as a participant
would on the leaderboard, that the attack changed nothing and that the problem list
links its diff. The two history-gap attacks (revision deletion, partial undelete) on
signup, jury and contest pages are in ``test_history_gaps.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from bot.devwiki.actor import Actor
from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, period_around_now
from tests.wiki.leaderboard import entries
from tests.wiki.test_jury import article_text, later

HOME = "en"
UMB = "Project:Attack programme"
B = f"{UMB}/Kazan"
ORG = "Olga"
PARTICIPANTS = ("Aigul", "Bulat", "Dan", "Eldar", "Farid")
SIG = "10:00, 5 November 2026 (UTC)"


def contest_text(*, jury: str = "Carol, Dan", points: int = 10, start: str = "", close: bool = False) -> str:
    s, e = period_around_now(days_before=2, days_after=5)
    return (
        f"{{{{Editathon\n| start = {start or s}\n| end = {e}\n| timezone = UTC\n| organizers = {ORG}\n"
        f"| jury = {jury}\n| review = required\n| parent = {UMB}\n}}}}\n"
        f"{{{{Editathon rule | new | {points} }}}}\n{{{{Editathon criterion | new | min words = 50 }}}}\n"
        + ("{{Editathon close}}\n" if close else "")
    )


def umbrella_text() -> str:
    s, e = period_around_now(days_before=2, days_after=5)
    return (f"{{{{Editathon\n| start = {s}\n| end = {e}\n| timezone = UTC\n| organizers = {ORG}\n"
            "| umbrella = yes\n}}\n")


def decision(article: str, verdict: str, signature: str = "~~~~", comment: str = "checked") -> str:
    return f"\n* {{{{Editathon decision | {article} | {verdict} | comment = {comment} }}}} {signature}"


@dataclass
class Attack:
    name: str
    revid: int  # the attack's revision: its diff must be linked
    check: Callable[[World], None]  # the attack changed nothing
    reported: bool = True  # contract: reported (False: "ignored" only)
    words: tuple[str, ...] = ()


@dataclass
class World:
    wset: WikiSet
    bot: Bot
    attacks: list[Attack] = field(default_factory=list)
    boards: dict[str, str] = field(default_factory=dict)  # leaderboard text after each batch

    def actor(self, user: str) -> Actor:
        return self.wset.actor(HOME, user)

    @property
    def ip(self) -> Actor:
        return self.wset.anonymous(HOME)

    def text(self, title: str) -> str:
        return self.wset.admin(HOME).page_text(title) or ""

    def replace(self, who: Actor, title: str, old: str, new: str, summary: str = "") -> int:
        text = self.text(title)
        assert old in text, (old, text)
        return who.edit(title, text.replace(old, new, 1), summary)

    def run(self, batch: str) -> None:
        self.bot.run("--contest", f"{HOME}:{B}")
        self.boards[batch] = self.text(f"{B}/Leaderboard")

    def add(self, name: str, revid: int, check: Callable[[World], None], **kw: object) -> None:
        self.attacks.append(Attack(name, revid, check, **kw))  # type: ignore[arg-type]


def status(board: str, article: str) -> str:
    return entries(board)[article]["Status"]


def problems(board: str) -> list[str]:
    text = board.split("== Problems on the contest pages ==", 1)
    return [ln for ln in text[1].split("\n----", 1)[0].splitlines() if ln.startswith("*")] if len(text) > 1 else []


def listed(board: str, user: str) -> bool:
    """Whether ``user`` appears in the leaderboard outside its problem list."""
    return f"[[User:{user}|" in board.split("== Problems on the contest pages ==", 1)[0]


@pytest.fixture(scope="module")
def world(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> World:
    (wikiset.wikis[HOME].dir / "extra.php").write_text(
        "<?php\n// Logged-out attackers edit faster than people do.\n"
        "$wgGroupPermissions['*']['noratelimit'] = true;\n"
    )
    w = World(wikiset, Bot(wikiset, tmp_path_factory.mktemp("attacks") / "state.sqlite"))
    olga = w.actor(ORG)
    olga.edit(UMB, umbrella_text(), "programme")
    w.actor("Sam").append(f"{UMB}/Subscribers", "\n# ~~~~", "subscribing")
    forged_sub = w.actor("Mallory").append(f"{UMB}/Subscribers", "\n# [[User:Victim3|Victim3]]", "for a friend")
    w.actor("Victim3")
    olga.edit(B, contest_text(), "contest")
    olga.edit(f"{B}/Participants", "Sign up below with <nowiki>~~~~</nowiki>.\n", "signups")
    olga.edit(f"{B}/Jury", "Decisions, one signed line each.\n", "jury")
    olga.edit(f"{B}/Worklist", "== Kazan ==\n* [[Atk Kremlin]]\n", "worklist")
    for user in PARTICIPANTS:
        w.actor(user).append(f"{B}/Participants", "\n# ~~~~", "signing up")
    later()
    for user in PARTICIPANTS:
        w.actor(user).edit(f"Atk {user}", article_text(80), "new article")
    w.actor("Carol").append(f"{B}/Jury", decision("Atk Aigul", "reject", comment="copied"), "decision")
    w.actor("Carol").append(f"{B}/Jury", decision("Atk Bulat", "accept"), "decision")
    w.run("baseline")
    base = w.boards["baseline"]
    assert (status(base, "Atk Aigul"), status(base, "Atk Bulat")) == ("rejected", "counted")
    assert status(base, "Atk Eldar") == status(base, "Atk Farid") == "awaiting jury"

    def no_notice_for_the_victim(w: World) -> None:
        assert "New contest" in w.text("User talk:Sam")  # the subscriber's own line counts
        assert w.text("User talk:Victim3") == ""

    w.add("someone else's subscriber line", forged_sub, no_notice_for_the_victim, reported=False)

    _batch_a(w)
    w.run("a")
    _batch_b(w)
    w.run("b")
    _batch_c(w)
    w.run("c")
    return w


def _batch_a(w: World) -> None:
    """Signups, jury lines and suspensions."""
    mallory, aigul, ip = w.actor("Mallory"), w.actor("Aigul"), w.ip
    participants, jury = f"{B}/Participants", f"{B}/Jury"
    w.actor("Victim1")
    w.actor("Victim2")

    def not_listed(user: str) -> Callable[[World], None]:
        def check(w: World) -> None:
            assert not listed(w.boards["a"], user)
        return check

    def still(article: str, expected: str) -> Callable[[World], None]:
        def check(w: World) -> None:
            assert status(w.boards["a"], article) == expected, article
        return check

    w.add("signing up someone else", mallory.append(participants, "\n# [[User:Victim1|Victim1]]", ""),
          not_listed("Victim1"))
    w.add("logged out: signing up someone else", ip.append(participants, "\n# [[User:Victim2|Victim2]]", ""),
          not_listed("Victim2"))
    eldar_line = next(ln for ln in w.text(participants).splitlines() if "User:Eldar|" in ln)
    w.add("removing someone else's signup line", w.replace(mallory, participants, eldar_line + "\n", ""),
          still("Atk Eldar", "awaiting jury"))
    bulat_line = next(ln for ln in w.text(participants).splitlines() if "User:Bulat|" in ln)
    w.add("logged out: removing someone else's signup line", w.replace(ip, participants, bulat_line + "\n", ""),
          still("Atk Bulat", "counted"))
    w.add("a non-juror's decision", mallory.append(jury, decision("Atk Eldar", "accept"), ""),
          still("Atk Eldar", "awaiting jury"))
    w.add("a typed juror signature", mallory.append(
        jury, decision("Atk Farid", "accept", f"[[User:Carol|Carol]] ([[User talk:Carol|talk]]) {SIG}"), ""),
          still("Atk Farid", "awaiting jury"))
    w.add("logged out: a decision", ip.append(jury, decision("Atk Farid", "accept"), ""),
          still("Atk Farid", "awaiting jury"))
    w.add("a participant editing a juror's line",
          w.replace(aigul, jury, "Atk Aigul | reject | comment = copied", "Atk Aigul | accept | comment = fine"),
          still("Atk Aigul", "rejected"), words=("Carol",))
    w.add("logged out: editing a juror's line",
          w.replace(ip, jury, "Atk Bulat | accept", "Atk Bulat | reject"), still("Atk Bulat", "counted"),
          words=("Carol",))
    w.add("a juror's decision on their own entry", w.actor("Dan").append(jury, decision("Atk Dan", "accept"), ""),
          still("Atk Dan", "awaiting jury"))
    w.add("a non-juror's suspension",
          mallory.append(jury, "\n* {{Editathon suspend | Bulat | comment = sock }} ~~~~", ""),
          still("Atk Bulat", "counted"))
    w.add("logged out: a suspension",
          ip.append(jury, "\n* {{Editathon suspend | Farid | comment = sock }} ~~~~", ""),
          still("Atk Farid", "awaiting jury"))
    s, _ = period_around_now(days_before=2, days_after=5)
    def no_extension(w: World) -> None:
        assert "Extensions given by the organizers" not in w.boards["a"]

    w.add("an extension by a non-organizer",
          mallory.append(jury, f"\n{{{{Editathon extension | Farid | until = {s} }}}}", ""), no_extension)
    w.add("logged out: an extension",
          ip.append(jury, f"\n{{{{Editathon extension | Eldar | until = {s} }}}}", ""), no_extension)

    # The contest page: each untrusted save is ignored and reported (they stack on each other).
    def points_ten(w: World) -> None:
        assert entries(w.boards["a"])["Atk Bulat"]["Points"] == "10"

    def open_and_counted(w: World) -> None:
        assert status(w.boards["a"], "Atk Bulat") == "counted"

    def not_closed(w: World) -> None:
        assert "Contest: '''open'''." in w.boards["a"]
        assert "results" not in w.text("User talk:Bulat").lower()

    w.add("a participant adding themselves to the jury",
          w.replace(aigul, B, "| jury = Carol, Dan", "| jury = Carol, Dan, Aigul"), open_and_counted)
    w.add("a participant's decision after adding themselves to the jury",
          aigul.append(jury, decision("Atk Eldar", "accept"), ""), still("Atk Eldar", "awaiting jury"))
    w.add("a non-organizer changing the jury",
          w.replace(mallory, B, "| jury = Carol, Dan, Aigul", "| jury = Mallory"), open_and_counted)
    w.add("a non-organizer changing the points",
          w.replace(mallory, B, "| new | 10 }}", "| new | 1000 }}"), points_ten)
    w.add("a non-organizer changing the dates",
          w.replace(mallory, B, "| start = ", "| start = 2099-01-01\n| old start = "), open_and_counted)
    w.add("a forged close", mallory.append(B, "\n{{Editathon close}}", ""), not_closed,
          words=("Mallory added", "only organizers can close"))
    w.add("logged out: changing the points", w.replace(ip, B, "| new | 1000 }}", "| new | 5000 }}"), points_ten)
    w.add("logged out: a close", ip.append(B, "\n{{Editathon close}}", ""), not_closed,
          words=("127.0.0.1 added", "only organizers can close"))
    w.add("logged out: changing the dates", w.replace(ip, B, "| start = 2099-01-01", "| start = 2098-01-01"),
          open_and_counted)
    def not_on_worklist(topic: str) -> Callable[[World], None]:
        def check(w: World) -> None:
            status_page = w.text(f"{B}/Worklist status")
            assert "Atk Kremlin" in status_page and topic not in status_page
        return check

    w.add("a non-organizer editing the worklist", mallory.append(f"{B}/Worklist", "\n* [[Atk Mallory topic]]", ""),
          not_on_worklist("Atk Mallory topic"))
    w.add("logged out: editing the worklist", w.ip.append(f"{B}/Worklist", "\n* [[Atk IP topic]]", ""),
          not_on_worklist("Atk IP topic"))


def _batch_b(w: World) -> None:
    """Pages moved away; pages the bot writes edited by hand."""
    mallory = w.actor("Mallory")
    mallory.move(f"{B}/Jury", f"{B}/Jury (old)", "moving", movetalk=False)
    mallory.move(f"{B}/Participants", f"{B}/Participants (old)", "moving", movetalk=False)
    jury_redirect = w.wset.admin(HOME).latest_revid(f"{B}/Jury") or 0
    signup_redirect = w.wset.admin(HOME).latest_revid(f"{B}/Participants") or 0

    def decisions_stand(w: World) -> None:
        for batch in ("b", "c"):
            assert status(w.boards[batch], "Atk Aigul") == "rejected"
            assert status(w.boards[batch], "Atk Bulat") == "counted"

    def signups_stand(w: World) -> None:
        for batch in ("b", "c"):
            assert {entries(w.boards[batch])[f"Atk {u}"]["participant"] for u in PARTICIPANTS} == set(PARTICIPANTS)

    w.add("moving the jury page away (and back)", jury_redirect, decisions_stand)
    w.add("moving the signup page away (and back)", signup_redirect, signups_stand)
    hand = mallory.edit(f"{B}/Leaderboard", "Mallory wins everything.", "my leaderboard")
    hand_ip = w.ip.edit(f"{B}/Queue", "Nothing to review.", "")

    def restored(title: str, gone: str) -> Callable[[World], None]:
        def check(w: World) -> None:
            assert gone not in w.text(title)
            assert "Atk" in w.text(title)
        return check

    # Restored by the next run, and reported once with who made it and its diff (issue 17).
    w.add("a hand edit of a page the bot writes", hand, restored(f"{B}/Leaderboard", "Mallory wins"),
          words=("Mallory edited this page by hand",))
    w.add("logged out: a hand edit of a page the bot writes", hand_ip, restored(f"{B}/Queue", "Nothing to review"),
          words=("127.0.0.1 edited this page by hand",))


def _batch_c(w: World) -> None:
    """The moved pages come back."""
    mallory = w.actor("Mallory")
    admin = w.wset.admin(HOME)
    for page in ("Jury", "Participants"):
        admin.delete(f"{B}/{page}", "making way")
        mallory.move(f"{B}/{page} (old)", f"{B}/{page}", "moving back", noredirect=False, movetalk=False)


def all_problems(w: World) -> list[str]:
    return problems(w.boards["a"]) + problems(w.boards["b"])


ATTACK_NAMES = [
    "someone else's subscriber line",
    "signing up someone else",
    "logged out: signing up someone else",
    "removing someone else's signup line",
    "logged out: removing someone else's signup line",
    "a non-juror's decision",
    "a typed juror signature",
    "logged out: a decision",
    "a participant editing a juror's line",
    "logged out: editing a juror's line",
    "a juror's decision on their own entry",
    "a non-juror's suspension",
    "logged out: a suspension",
    "an extension by a non-organizer",
    "logged out: an extension",
    "a participant adding themselves to the jury",
    "a participant's decision after adding themselves to the jury",
    "a non-organizer changing the jury",
    "a non-organizer changing the points",
    "a non-organizer changing the dates",
    "a forged close",
    "logged out: changing the points",
    "logged out: a close",
    "logged out: changing the dates",
    "a non-organizer editing the worklist",
    "logged out: editing the worklist",
    "moving the jury page away (and back)",
    "moving the signup page away (and back)",
    "a hand edit of a page the bot writes",
    "logged out: a hand edit of a page the bot writes",
]


def test_the_matrix_covers_every_attack(world: World) -> None:
    assert sorted(a.name for a in world.attacks) == sorted(ATTACK_NAMES)


@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_attack_is_ignored_and_reported(world: World, name: str) -> None:
    attack = next(a for a in world.attacks if a.name == name)
    attack.check(world)  # ignored: nothing changed
    if attack.reported:
        lines = [p for p in all_problems(world) if f"Special:Diff/{attack.revid}|" in p or
                 f"Special:Diff/{attack.revid}]" in p]
        assert lines, (name, attack.revid, all_problems(world))
        assert all(all(word in line for word in attack.words) for line in lines[:1]), lines



def test_a_hand_edit_is_reported_once_per_edit(world: World) -> None:
    """Issue 17: the restored page's report names who and links the diff, one line per edit,
    also on the runs after it (it stays listed a week, never twice)."""
    for name in ("a hand edit of a page the bot writes", "logged out: a hand edit of a page the bot writes"):
        attack = next(a for a in world.attacks if a.name == name)
        for batch in ("b", "c"):
            lines = [p for p in problems(world.boards[batch]) if f"Special:Diff/{attack.revid}|" in p]
            assert len(lines) == 1, (name, batch, lines)

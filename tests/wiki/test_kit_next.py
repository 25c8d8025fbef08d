"""Issue 21 on real wikis: a 2026 programme run to its close, then 2027 in one command.

The 2026 programme "Smart Region 2026" is an umbrella on en with a general worklist and
three municipal contests: Kazan (home en; en, ru, tt), Elabuga (home ru; ru, tt) and
Chally (home tt; tt, ru), each with its organizers, jury, rules, a prize and a worklist.
Participants write some worklist topics, the organizers close every contest, the bot
runs. Then ``editathon kit next --from en:Project:Smart Region 2026`` (with a new
municipality, Almet, added) creates 2027; every 2027 page is checked one by one.

Worklist facts (what "covered" means: an article in every language of the contest):

=========  ======================  ================================================
contest    topic                   state at the end of 2026
=========  ======================  ================================================
Kazan      Kazan Kremlin           en, ru, tt all written (Aigul, Ilnur): set apart
Kazan      Kaban Lake              only ru written: stays on the list
Elabuga    Shishkin House          ru, tt written (Marat): set apart
Elabuga    Elabuga Fortress        nothing written: stays
Chally     KAMAZ Museum            tt written only: stays (ru missing)
general    Musa Jalil              en only: stays on the general list
=========  ======================  ================================================
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.devwiki.harness import WikiSet
from bot.edition import shift_year
from bot.i18n import catalog
from bot.model import ContestSettings, Topic
from bot.parse.contest import parse_contest
from bot.parse.worklist import parse_worklist
from tests.wiki.botrun import REPO, Bot, period_around_now, prose
from tests.wiki.leaderboard import tables

OLD, NEW = "Project:Smart Region 2026", "Project:Smart Region 2027"
KAZAN, ELABUGA, CHALLY = "/Kazan", "/Елабуга", "/Чаллы"
HOMES = {KAZAN: "en", ELABUGA: "ru", CHALLY: "tt"}
LANGS = {KAZAN: "en, ru, tt", ELABUGA: "ru, tt", CHALLY: "tt, ru"}
ORG, JURY = "Alsu", "Dan"
KNOWN = frozenset({"en", "ru", "tt"})

WORKLISTS = {
    KAZAN: "== Sights ==\n* [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]]\n"
           "* [[Kaban Lake]] · [[:ru:Озеро Кабан]] · [[:tt:Кабан күле]]\n",
    ELABUGA: "== Места ==\n* [[Дом Шишкина]] · [[:tt:Шишкин йорты]]\n"
             "* [[Елабужская крепость]] · [[:tt:Алабуга кальгасы]]\n",
    CHALLY: "== Урыннар ==\n* [[КАМАЗ музее]] · [[:ru:Музей КАМАЗа]]\n",
}
GENERAL = "== People ==\n* [[Musa Jalil]] · [[:ru:Муса Джалиль]] · [[:tt:Муса Җәлил]]\n"
WRITTEN = [  # (user, wiki, title, contest)
    ("Aigul", "en", "Kazan Kremlin", KAZAN), ("Aigul", "tt", "Казан Кремле", KAZAN),
    ("Ilnur", "ru", "Казанский кремль", KAZAN), ("Ilnur", "ru", "Озеро Кабан", KAZAN),
    ("Marat", "ru", "Дом Шишкина", ELABUGA), ("Marat", "tt", "Шишкин йорты", ELABUGA),
    ("Marat", "tt", "КАМАЗ музее", CHALLY), ("Aigul", "en", "Musa Jalil", KAZAN),
]


def contest_text(extra: str, wikis: str) -> str:
    start, end = period_around_now()
    return (f"{{{{Editathon\n| start = {start}\n| end = {end}\n| timezone = UTC\n| wikis = {wikis}\n"
            f"| organizers = {ORG}\n| jury = {JURY}\n| quorum = 1\n| review = optional\n{extra}}}}}\n"
            "Intro of the contest.\n{{Editathon rule | new | 10 }}\n{{Editathon rule | worklist | 5 }}\n"
            "{{Editathon criterion | new | min words = 50 }}\n"
            "{{Editathon nomination | name = Newcomers | newcomers = 2026-01-01 }}\n"
            "{{Editathon prize | overall | places = 2 }}\n")


def kit(wset: WikiSet, state: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(state)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "kit", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"kit {args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@dataclass
class Programme:
    wset: WikiSet
    bot: Bot
    state: Path
    simulated: str
    made: str
    again: str
    revids: dict[str, int]
    talk: dict[str, str]  # wiki:user -> talk page after the first run with the new edition
    second_run_edits: int
    report: Path  # editathon report of the 2027 umbrella


def aliases(code: str) -> Aliases:
    """The alias tables as the bot loads them for a wiki of that language."""
    lang = {"en": "en", "ru": "ru", "tt": "tt"}[code]
    return load_alias_text((REPO / "config" / "aliases" / f"{lang}.toml").read_text(encoding="utf-8"))


def settings_of(wset: WikiSet, code: str, title: str) -> ContestSettings:
    text = wset.admin(code).page_text(title)
    assert text is not None, f"{code}:{title} was not created"
    s, _ = parse_contest(text, wiki=code, title=title, aliases=aliases(code), default_timezone="UTC", known_wikis=KNOWN)
    assert s is not None, text
    return s


@pytest.fixture(scope="module")
def programme(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Programme:
    state = tmp_path_factory.mktemp("next") / "state.sqlite"
    en = wikiset.actor("en", ORG)
    en.edit(OLD, contest_text("| umbrella = yes\n", "en, ru, tt"), "programme 2026")
    en.edit(f"{OLD}/Worklist", GENERAL, "general worklist")
    for sub, home in HOMES.items():
        parent = OLD if home == "en" else f"en:{OLD}"
        org = wikiset.actor(home, ORG)
        org.edit(OLD + sub, contest_text(f"| parent = {parent}\n", LANGS[sub]), "contest 2026")
        org.edit(f"{OLD}{sub}/Worklist", WORKLISTS[sub], "worklist")
        org.edit(f"{OLD}{sub}/Participants", "Sign up:\n", "participants")
    for user, _wiki, _title, sub in [*WRITTEN, ("Zuhra", "tt", "", CHALLY)]:
        wikiset.actor(HOMES[sub], user).append(f"{OLD}{sub}/Participants", "\n# ~~~~", "signing up")
    wikiset.actor("en", "Ilnur").edit("User talk:Ilnur", "{{nobots}}\n", "no bots here")
    wikiset.actor("en", "Aigul").append(f"{OLD}/Opt-out", "\n# ~~~~", "no more invitations, please")
    time.sleep(1.1)
    for user, wiki, title, _sub in WRITTEN:
        wikiset.actor(wiki, user).edit(title, prose(80, wiki), "new article")
    bot = Bot(wikiset, state)
    bot.run()
    time.sleep(1.1)
    for sub, home in HOMES.items():  # the organizers close every contest
        wikiset.actor(home, ORG).append(OLD + sub, "\n{{Editathon close}}", "close")
    bot.run()
    simulated = kit(wikiset, state, "next", "--from", f"en:{OLD}", "--add", f"tt:{NEW}/Әлмәт", "--simulate").stdout
    made = kit(wikiset, state, "next", "--from", f"en:{OLD}", "--add", f"tt:{NEW}/Әлмәт").stdout
    revids = {f"{c}:{t}": wikiset.admin(c).latest_revid(t) or 0 for c, t in new_pages()}
    again = kit(wikiset, state, "next", "--from", f"en:{OLD}", "--add", f"tt:{NEW}/Әлмәт").stdout
    bot.run()
    talk = {f"{c}:{u}": wikiset.admin(c).page_text(f"User talk:{u}") or "" for c in ("en", "ru", "tt")
            for u in ("Aigul", "Ilnur", "Marat", "Zuhra")}
    second = bot.run()
    report = state.parent / "report"
    env = {**os.environ, **wikiset.env(), "EDITATHON_STATE": str(state)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "report", "--umbrella", f"en:{NEW}", "--out",
                           str(report)], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Programme(wikiset, bot, state, simulated, made, again, revids, talk, second.edits, report)


def new_pages() -> list[tuple[str, str]]:
    out = [("en", NEW), ("en", f"{NEW}/Worklist"), ("en", f"{NEW}/Subscribers")]
    for sub, home in HOMES.items():
        out += [(home, NEW + sub), (home, f"{NEW}{sub}/Participants"), (home, f"{NEW}{sub}/Worklist"),
                (home, f"{NEW}{sub}/Jury")]
    almet = f"{NEW}/Әлмәт"
    return [*out, ("tt", almet), ("tt", f"{almet}/Participants"), ("tt", f"{almet}/Worklist"), ("tt", f"{almet}/Jury")]


def test_the_2026_programme_ran_to_its_close(programme: Programme) -> None:
    for sub, home in HOMES.items():
        board = programme.wset.admin(home).page_text(f"{OLD}{sub}/Leaderboard") or ""
        assert catalog(home).text("state-closed") in board


def test_simulate_prints_every_page_and_writes_nothing(programme: Programme) -> None:
    for code, title in new_pages():  # "would create en:Wikipedia:Smart Region 2027/Kazan/Jury (jury page):"
        assert f"would create {code}:" in programme.simulated
        assert f":{title.split(':', 1)[1]} (" in programme.simulated, title
    assert programme.simulated.count("would create") == len(new_pages())
    assert "nothing was written" in programme.simulated


def test_one_command_created_every_page_and_a_second_overwrites_nothing(programme: Programme) -> None:
    for code, title in new_pages():
        assert programme.revids[f"{code}:{title}"], f"{code}:{title} missing\n{programme.made}"
        assert programme.wset.admin(code).latest_revid(title) == programme.revids[f"{code}:{title}"]
    assert "created" not in programme.again.replace("0 page(s) created", "")
    assert programme.again.count("exists, left as it is") == len(new_pages())


def test_dates_settings_and_links_of_each_2027_contest(programme: Programme) -> None:
    wset = programme.wset
    old_start, old_end = (date.fromisoformat(d) for d in period_around_now())
    umbrella = settings_of(wset, "en", NEW)
    assert umbrella.umbrella and (umbrella.start, umbrella.end) == (shift_year(old_start), shift_year(old_end))
    assert umbrella.previous is not None and umbrella.previous.title.endswith("Smart Region 2026")
    for sub, home in HOMES.items():
        s = settings_of(wset, home, NEW + sub)
        assert (s.start, s.end) == (shift_year(old_start), shift_year(old_end))
        assert s.wikis == tuple(w.strip() for w in LANGS[sub].split(","))
        assert (s.organizers, s.jury, s.quorum) == ((ORG,), (JURY,), 1)
        assert [(r.type, r.points) for r in s.rules] == [("new", 10), ("worklist", 5)]
        assert [(c.type, c.min_words) for c in s.criteria] == [("new", 50)]
        assert [(n.name, n.newcomers) for n in s.nominations] == [("Newcomers", date(2027, 1, 1))]
        assert [(p.nomination, p.places) for p in s.prizes] == [("overall", 2)]
        assert not s.closed and "Editathon close" not in (wset.admin(home).page_text(NEW + sub) or "")
        assert s.parent is not None and s.parent.title.endswith("Smart Region 2027") and s.parent.wiki == "en"
        assert s.previous is not None and s.previous.title.endswith(f"Smart Region 2026{sub}")
        # links both ways, on the bot's leaderboards
        new_board = wset.admin(home).page_text(f"{NEW}{sub}/Leaderboard") or ""
        old_board = wset.admin(home).page_text(f"{OLD}{sub}/Leaderboard") or ""
        assert f"Smart Region 2026{sub}]]" in new_board, new_board
        assert f"Smart Region 2027{sub}]]" in old_board, old_board
    almet = settings_of(wset, "tt", f"{NEW}/Әлмәт")
    assert almet.parent is not None and almet.parent.wiki == "en" and almet.start == shift_year(old_start)


def topics(wset: WikiSet, code: str, title: str) -> list[str]:
    text = wset.admin(code).page_text(title) or ""
    wl, _ = parse_worklist(text, wiki=code, page=title, aliases=aliases(code), known_wikis=KNOWN)
    return [t.key for t in wl.topics]


def test_worklists_carry_what_is_missing_and_set_apart_what_is_covered(programme: Programme) -> None:
    wset = programme.wset
    assert topics(wset, "en", f"{NEW}{KAZAN}/Worklist") == ["en:Kaban Lake"]
    kazan = wset.admin("en").page_text(f"{NEW}{KAZAN}/Worklist") or ""
    assert "Written in every language by 2026" in kazan
    assert ": [[Kazan Kremlin]] · [[:ru:Казанский кремль]] · [[:tt:Казан Кремле]] (2026)" in kazan
    assert topics(wset, "ru", f"{NEW}{ELABUGA}/Worklist") == ["ru:Елабужская крепость"]
    assert "[[Дом Шишкина]] · [[:tt:Шишкин йорты]] (2026)" in (wset.admin("ru").page_text(f"{NEW}{ELABUGA}/Worklist")
                                                                 or "")
    assert topics(wset, "tt", f"{NEW}{CHALLY}/Worklist") == ["tt:КАМАЗ музее"]
    assert topics(wset, "en", f"{NEW}/Worklist") == ["en:Musa Jalil"]
    for sub, home in HOMES.items():  # fresh signups and jury pages from the kit
        text = wset.admin(home).page_text(f"{NEW}{sub}/Participants") or ""
        assert "~~~~" in text or "Editathon participant" in text or text
        assert not any(user in text for user in ("Aigul", "Ilnur", "Marat"))


def test_the_new_edition_is_known_to_the_bot(programme: Programme) -> None:
    """The run after kit next wrote a leaderboard for every new contest (it found them)."""
    for sub, home in HOMES.items():
        assert programme.wset.admin(home).latest_revid(f"{NEW}{sub}/Leaderboard")
    assert programme.wset.admin("en").latest_revid(f"{NEW}/Leaderboard")
    assert CANONICAL_TEMPLATES  # the names the pages above were parsed with
    assert timedelta(0) is not None


def invitations(text: str) -> int:
    return len(re.findall(r"<!-- editathon-notice:[^>]*:invite:", text))


def test_each_2026_participant_is_invited_once_on_their_home_wiki(programme: Programme) -> None:
    talk = programme.talk
    assert invitations(talk["ru:Marat"]) == 1 and invitations(talk["tt:Marat"]) == 0  # Elabuga (ru) first
    assert invitations(talk["tt:Zuhra"]) == 1
    assert sum(invitations(t) for t in talk.values()) == 2
    assert invitations(talk["en:Ilnur"]) == 0  # {{nobots}}
    assert invitations(talk["en:Aigul"]) == 0  # opted out on the 2026 umbrella's Opt-out page
    ru = talk["ru:Marat"].split("Приглашение:", 1)[1]
    assert "Smart Region 2027/Kazan]]" in ru and "Smart Region 2027/Елабуга]]" in ru and "Әлмәт]]" in ru
    assert "Здравствуйте, Marat!" in ru
    assert "Чакыру:" in talk["tt:Zuhra"]
    for key, text in talk.items():  # a second run sends nothing
        code, user = key.split(":")
        assert (programme.wset.admin(code).page_text(f"User talk:{user}") or "") == text


def count_from_the_wikis(wset: WikiSet) -> dict[str, object]:
    """The 2026 figures as a person would count them from the wikis' own pages and histories."""
    people: dict[str, list[str]] = {}  # user -> contests they signed up to (by suffix)
    for sub, home in HOMES.items():
        for rev in wset.admin(home).revisions(f"{OLD}{sub}/Participants", prop="ids|user"):
            if rev["user"] != ORG:
                people.setdefault(rev["user"], []).append(sub)
    created: dict[tuple[str, str], int] = {}  # (wiki, title) -> size, by a participant in a contest on that wiki
    for user, subs in people.items():
        langs = {w.strip() for sub in subs for w in LANGS[sub].split(",")}
        for w in sorted(langs):
            data = wset.admin(w).query(list="usercontribs", ucuser=user, ucshow="new", ucnamespace=0,
                                       ucprop="title|size", uclimit="max")
            for c in data["query"]["usercontribs"]:
                created[(w, c["title"])] = c["size"]
    start = date.fromisoformat(period_around_now()[0])
    new_accounts = 0
    for user, subs in people.items():  # on their home wiki: that of their first contest by wiki and title
        home = min((HOMES[sub], OLD + sub) for sub in subs)[0]
        data = wset.admin(home).query(list="users", ususers=user, usprop="registration")
        reg = data["query"]["users"][0]["registration"]
        new_accounts += date.fromisoformat(reg[:10]) >= start - timedelta(days=30)
    topics: list[Topic] = []
    for sub, home in [*HOMES.items(), ("", "en")]:
        text = wset.admin(home).page_text(f"{OLD}{sub}/Worklist") or ""
        wl, _ = parse_worklist(text, wiki=home, page="W", aliases=aliases(home), known_wikis=KNOWN)
        topics += [t for t in wl.topics if t.key not in {x.key for x in topics}]
    coverage = {w: sum(1 for t in topics if (w, t.title_on(w) or "") in created) for w in ("en", "ru", "tt")}
    return {"participants": len(people), "entries": len(created), "bytes": sum(created.values()),
            "new": new_accounts, "coverage": coverage, "topics": len(topics)}


def test_the_years_figures_match_a_count_from_the_wikis(programme: Programme) -> None:
    import json

    wset = programme.wset
    counted = count_from_the_wikis(wset)
    assert counted["participants"] == 4 and counted["entries"] == len(WRITTEN)  # the table in the docstring
    board = wset.admin("en").page_text(f"{NEW}/Leaderboard") or ""
    found = [t for h, t in tables(board) if h == catalog("en").text("years-heading")]
    assert found, board
    rows = found[0].dicts()
    assert len(rows) == 2
    old, new = rows
    num = lambda v: int(v.replace(",", ""))  # noqa: E731
    h = catalog("en").text
    assert num(old[h("umbrella-col-participants")]) == counted["participants"]
    assert old[h("years-col-returning")] == "—" and num(new[h("years-col-returning")]) == 0
    assert num(old[h("years-col-new-accounts")]) == counted["new"]
    assert num(old[h("umbrella-col-entries")]) == counted["entries"]
    assert num(old[h("umbrella-col-bytes")]) == counted["bytes"]
    cov = dict(part.split(": ") for part in old[h("years-col-coverage")].split(" · "))
    assert cov == {w: f"{n}/{counted['topics']}" for w, n in counted["coverage"].items()}  # type: ignore[attr-defined]
    assert old[catalog("en").text("years-col-active", days=30)] == "—"  # the window is not over yet
    assert num(new[h("umbrella-col-participants")]) == 0 and num(new[h("umbrella-col-entries")]) == 0
    doc = json.loads((programme.report / "stats.json").read_text(encoding="utf-8"))
    first = doc["editions"][0]
    assert (first["participants"], first["entries"], first["bytes"]) == (
        counted["participants"], counted["entries"], counted["bytes"])
    assert (programme.report / "years.csv").read_text(encoding="utf-8").count("\n") == 3

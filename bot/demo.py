"""``make demo``: a "Smart Region 2026" umbrella with a "Kazan" contest on en, ru and tt.

Plays the people of a real contest through the API of the local wikis: the operator
installs the kit's templates on every wiki (``editathon kit install-templates``, so
the contest pages show no red links), the organizer creates the pages, three
participants sign up and write eight articles (some counted, one too small, one off
the worklist, one written before its author signed up), then the bot runs once and
the leaderboard is printed with its URL on its own line.

The Russian and Tatar wikis get their own umbrella and a sub-contest made from the
kit (local template names and subpage names: ``/Участники``, ``/Нәтиҗәләр`` ...),
counting the Russian and Tatar articles of the same people: every page kind exists
in every language (``make screenshots`` shows them).

What each article deserves (rules: new 10, kilobyte 1 (max 20), worklist 5; criteria:
new with at least 150 words, worklist):
  Aigul  en Kazan Kremlin            counted
  Aigul  tt Казан Кремле             counted
  Ilnur  ru Казанский университет    counted
  Ilnur  ru Озеро Кабан              counted
  Marat  tt Сөембикә манарасы        counted
  Marat  en Kul Sharif Mosque        not an entry: too small
  Ilnur  en Kazan Metro Depot        not an entry: not on the worklist
  Marat  ru Чёрное озеро (Казань)     not an entry: written before he signed up
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import load_config
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import run_dir

UMBRELLA = "Project:Smart Region 2026"
CONTEST = f"{UMBRELLA}/Kazan"
HOME = "en"

ORGANIZER, JUROR = "Alsu", "Timur"

PROSE = {
    "en": (
        "Kazan is the capital city of the Republic of Tatarstan and one of the largest cities on the Volga. "
        "The city grew around its kremlin on a hill above the river Kazanka, and its history joins Tatar and "
        "Russian traditions. Merchants, scholars and builders left churches, mosques and wide streets. "
    ),
    "ru": (
        "Казань является столицей Республики Татарстан и одним из крупнейших городов на Волге. "
        "Город вырос вокруг кремля на холме над рекой Казанкой, а его история соединяет татарские и "
        "русские традиции. Купцы, учёные и строители оставили храмы, мечети и широкие улицы. "
    ),
    "tt": (
        "Казан Татарстан Республикасының башкаласы һәм Идел буендагы иң зур шәһәрләрнең берсе. "
        "Шәһәр Казансу елгасы өстендәге калкулыктагы кремль тирәсендә үскән, аның тарихы татар һәм "
        "рус гореф-гадәтләрен берләштерә. Сәүдәгәрләр, галимнәр һәм төзүчеләр чиркәүләр, мәчетләр калдырган. "
    ),
}

WORKLIST_TOPICS = [
    ("Kazan Kremlin", "Казанский кремль", "Казан Кремле"),
    ("Kazan Federal University", "Казанский университет", "Казан университеты"),
    ("Kaban Lake", "Озеро Кабан", "Кабан күле"),
    ("Söyembikä Tower", "Башня Сююмбике", "Сөембикә манарасы"),
    ("Kul Sharif Mosque", "Мечеть Кул-Шариф", "Кол Шәриф мәчете"),
    ("Bauman Street", "Улица Баумана", "Бауман урамы"),
    ("Black Lake (Kazan)", "Чёрное озеро (Казань)", "Кара күл (Казан)"),
    ("Tatar Academic Theatre", "Татарский академический театр", "Татар академия театры"),
    ("Old Tatar Quarter", "Старо-Татарская слобода", "Иске Татар бистәсе"),
    ("Kazan Metro", "Казанский метрополитен", "Казан метрополитены"),
]


def article(lang: str, words: int, title: str) -> str:
    """An article of about ``words`` readable words with one reference."""
    base = PROSE[lang].split()
    body = " ".join(base[i % len(base)] for i in range(words))
    ref = "<ref>Kazan city archive, 2024.</ref>"
    return f"'''{title}''' — {body}{ref}\n\n== References ==\n<references />\n"


def contest_page(start: str, end: str) -> str:
    return f"""{{{{Editathon
| start      = {start}
| end        = {end}
| timezone   = Europe/Moscow
| wikis      = en, ru, tt
| organizers = {ORGANIZER}
| jury       = {JUROR}
| review     = optional
| parent     = {UMBRELLA}
}}}}
The Kazan sub-contest of Smart Region 2026: write about the sights of Kazan in English, Russian or Tatar.

== Rules ==
{{{{Editathon rule | new | 10}}}}
{{{{Editathon rule | kilobyte | 1 | max = 20}}}}
{{{{Editathon rule | worklist | 5}}}}

== Criteria ==
{{{{Editathon criterion | new | min words = 150}}}}
{{{{Editathon criterion | worklist}}}}

== Nominations ==
{{{{Editathon nomination | name = Best Tatar article | wikis = tt}}}}
{{{{Editathon prize | overall | places = 3}}}}
"""


def umbrella_page(start: str, end: str) -> str:
    return f"""{{{{Editathon
| start      = {start}
| end        = {end}
| organizers = {ORGANIZER}
| umbrella   = yes
}}}}
Smart Region 2026: an international writing programme of municipal contests.
"""


def worklist_page() -> str:
    lines = ["== Sights of Kazan =="]
    for en, ru, tt in WORKLIST_TOPICS:
        lines.append(f"* [[{en}]] · [[:ru:{ru}]] · [[:tt:{tt}]]")
    return "\n".join(lines) + "\n"


#: The kit sub-contests on ru and tt: (wiki, title, wikis).
LOCAL_CONTESTS = (
    ("ru", f"{UMBRELLA}/Казань", ("ru", "tt")),
    ("tt", f"{UMBRELLA}/Казан", ("tt", "ru")),
)


def _participants(code: str) -> str:
    from bot.local_names import local_names

    cfg = load_config()
    return local_names(cfg, cfg.wikis[code].language).subpage("participants")


def local_worklist(code: str) -> str:
    """The worklist's topics in the wiki's language first, one link per language."""
    column = {"en": 0, "ru": 1, "tt": 2}
    others = [c for c in ("tt", "ru", "en") if c != code]
    heading = {"ru": "== Достопримечательности Казани ==", "tt": "== Казан истәлекле урыннары =="}[code]
    lines = [heading]
    for topic in WORKLIST_TOPICS:
        links = [f"[[{topic[column[code]]}]]"] + [f"[[:{o}:{topic[column[o]]}]]" for o in others]
        lines.append("* " + " · ".join(links))
    return "\n".join(lines) + "\n"


def local_pages(code: str, title: str, wikis: tuple[str, ...], start: str, end: str) -> list[tuple[str, str]]:
    """The umbrella and the sub-contest on ``code``, as ``editathon kit new`` writes them
    (the umbrella first), the worklist filled in by the organizer."""
    from datetime import date

    from bot.i18n import catalog
    from bot.kit import ContestSpec, contest_pages, plan_contest
    from bot.local_names import local_names

    cfg = load_config()
    lang = cfg.wikis[code].language
    names = local_names(cfg, lang)
    first, last = date.fromisoformat(start), date.fromisoformat(end)

    def plan(page: str, **more: Any) -> ContestSpec:
        return plan_contest(wiki=code, lang=lang, title=page, today=first, timezone="Europe/Moscow",
                            start=first, end=last, organizers=[ORGANIZER], **more)

    umbrella = contest_pages(plan(UMBRELLA, umbrella=True), catalog(lang), names)
    contest = contest_pages(plan(title, wikis=wikis, jury=[JUROR], parent=UMBRELLA), catalog(lang), names)
    out = [(p.title, p.text) for p in contest]
    out[2] = (contest[2].title, contest[2].text + "\n" + local_worklist(code))
    return [(p.title, p.text) for p in umbrella] + out


def load(wset: WikiSet, now: datetime) -> None:
    """Create the demo contest and the participants' work on the running wikis."""
    start = (now - timedelta(days=14)).date().isoformat()
    end = (now + timedelta(days=16)).date().isoformat()
    org = wset.actor(HOME, ORGANIZER)
    for code in ("ru", "tt"):
        wset.actor(code, ORGANIZER)
    wset.actor(HOME, JUROR)
    org.edit(UMBRELLA, umbrella_page(start, end), "Smart Region 2026: umbrella contest")
    org.edit(CONTEST, contest_page(start, end), "Kazan contest")
    org.edit(f"{CONTEST}/Worklist", worklist_page(), "Worklist")
    org.edit(f"{CONTEST}/Participants", "Sign up below with <nowiki>~~~~</nowiki>.\n", "Participants page")
    org.edit(f"{CONTEST}/Jury", "Jury decisions, one signed line each.\n", "Jury page")
    local_participants = {}
    for code, title, wikis in LOCAL_CONTESTS:
        local_org = wset.actor(code, ORGANIZER)
        wset.actor(code, JUROR)
        pages = local_pages(code, title, wikis, start, end)
        for page, text in pages:
            local_org.edit(page, text, "Smart Region 2026")
        local_participants[code] = next(p for p, _ in pages if p.endswith("/" + _participants(code)))

    people = {name: {code: wset.actor(code, name) for code in ("en", "ru", "tt")}
              for name in ("Aigul", "Ilnur", "Marat")}
    # Marat writes before he signs up: that article is not his entry. The pauses keep
    # the order visible in the wiki's one-second timestamps, as it is for real people.
    people["Marat"]["ru"].edit("Чёрное озеро (Казань)", article("ru", 260, "Чёрное озеро"), "new article")
    time.sleep(1.1)
    for name in ("Aigul", "Ilnur", "Marat"):
        people[name][HOME].append(f"{CONTEST}/Participants", f"\n# [[User:{name}|{name}]] ~~~~~", "signing up")
        for code, page in local_participants.items():
            people[name][code].append(page, "\n# ~~~~", "signing up")
    time.sleep(1.1)
    people["Aigul"]["en"].edit("Kazan Kremlin", article("en", 420, "Kazan Kremlin"), "new article")
    people["Aigul"]["tt"].edit("Казан Кремле", article("tt", 300, "Казан Кремле"), "яңа мәкалә")
    time.sleep(1.1)
    people["Ilnur"]["ru"].edit("Казанский университет", article("ru", 380, "Казанский университет"), "новая статья")
    people["Ilnur"]["ru"].edit("Озеро Кабан", article("ru", 200, "Озеро Кабан"), "новая статья")
    people["Ilnur"]["en"].edit("Kazan Metro Depot", article("en", 220, "Kazan Metro Depot"), "new article")
    time.sleep(1.1)
    people["Marat"]["tt"].edit("Сөембикә манарасы", article("tt", 240, "Сөембикә манарасы"), "яңа мәкалә")
    people["Marat"]["en"].edit("Kul Sharif Mosque", article("en", 60, "Kul Sharif Mosque"), "stub")
    wset.run_jobs()


def main() -> int:
    root = Path(os.environ.get("EDITATHON_DEVWIKI_RUN", str(run_dir())))
    wset = WikiSet.load(root)
    if not wset.wikis:
        print("demo: the local wikis are not running; run `make wiki` first.", file=sys.stderr)
        return 2
    env = {**os.environ, **wset.env()}
    # The state the default config uses, so that `editathon run --once` after the demo
    # goes on from where the demo's run stopped.
    state = Path(env.get("EDITATHON_STATE") or str(load_config().state)).resolve()
    env["EDITATHON_STATE"] = str(state)
    home = wset[HOME]
    for code in ("en", "ru", "tt"):
        if wset.admin(code).page_text("Template:Editathon") is None:
            print(f"demo: installing the kit's templates on {code}: editathon kit install-templates --wiki {code}")
            rc = subprocess.call([sys.executable, "-m", "bot.cli", "kit", "install-templates", "--wiki", code],
                                 env=env, stdout=subprocess.DEVNULL)
            if rc != 0:
                print(f"demo: installing the templates on {code} failed (exit {rc}).", file=sys.stderr)
                return rc
    if wset.admin(HOME).page_text(CONTEST) is None:
        print("demo: creating the Smart Region 2026 / Kazan contest and its articles ...")
        if state.exists():
            state.unlink()
        load(wset, datetime.now(UTC))
    else:
        print("demo: the demo contest exists already; running the bot on it.")
    print("demo: running the bot once: editathon run --once")
    rc = subprocess.call([sys.executable, "-m", "bot.cli", "run", "--once"], env=env)
    if rc not in (0, 1):
        return rc
    if rc == 1:  # the summary above names it: a stopped wiki, a page the wiki refused...
        print("demo: the bot's run did not do everything; the summary above says what and why "
              "(a wiki whose stop page has text is stopped: empty User:EditathonBot/Stop to go on).",
              file=sys.stderr)
    board = f"{CONTEST}/Leaderboard"
    text = wset.admin(HOME).page_text(board)
    if text is None:
        print("demo: the bot did not write the leaderboard; see the messages above.", file=sys.stderr)
        return 1
    print("\n" + "=" * 72 + f"\n{board}\n" + "=" * 72)
    print(text)
    print("=" * 72)
    print("The leaderboard on the local wiki:")
    print(f"{home.index}?title={board.replace(' ', '_')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

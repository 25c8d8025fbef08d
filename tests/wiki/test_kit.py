"""Issue 10 on real wikis: municipalities start their contests from the kit.

The operator installs the kit on empty wikis and creates an umbrella and two municipal
contests (one on ru, one on tt) with ``editathon kit``; organizers fill in their
worklists, residents sign up and write through the API, the bot runs, and the tests
read what people would read: the leaderboards, and the notices on subscribers' talk
pages. A second test starts a contest the way an organizer without a command line
does: through the form page in a browser (plain HTTP requests to ``index.php``: the
InputBox form, the edit form it opens with the kit's text, and the save button).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import pytest

from bot.config import load_config
from bot.devwiki.actor import Actor
from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from bot.local_names import local_names
from tests.wiki.botrun import Bot, period_around_now, prose
from tests.wiki.leaderboard import entries, ranking

REPO = Path(__file__).resolve().parents[2]
UMBRELLA = "Project:Smart Region 2026"
KAZAN = f"{UMBRELLA}/Казань"
ALMET = f"{UMBRELLA}/Әлмәт"

def sub(code: str, param: str) -> str:
    """The kit's local name of a subpage on a wiki (``sub("ru", "participants")`` -> ``Участники``)."""
    return local_names(load_config(), code).subpage(param)


def kit(wset: WikiSet, state: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``editathon kit ...`` as the operator runs it."""
    env = {**os.environ, **wset.env(), "EDITATHON_STATE": str(state)}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "kit", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"kit {args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def rendered(actor: Actor, wikitext: str, title: str = "Project:Sandbox") -> str:
    """The page text a reader sees for ``wikitext`` (HTML tags dropped)."""
    out = actor.post(action="parse", text=wikitext, title=title, prop="text", contentmodel="wikitext",
                     disablelimitreport=1)["parse"]["text"]
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


def talk_sections(actor: Actor, user: str) -> list[str]:
    text = actor.page_text(f"User talk:{user}") or ""
    return re.findall(r"^== (.*?) ==$", text, re.M)


def page_size(actor: Actor, title: str) -> int:
    return int(actor.query(prop="info", titles=title)["query"]["pages"][0]["length"])


def problems_part(text: str, lang: str) -> str:
    heading = catalog(lang).text("leaderboard-heading-problems")
    return text.split(f"== {heading} ==", 1)[1]


# --------------------------------------------------------------------------- the whole programme


@dataclass
class Programme:
    wset: WikiSet
    bot: Bot
    outputs: dict[str, str]  # what each kit command printed


@pytest.fixture(scope="module")
def programme(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Programme:
    """From empty wikis to a first bot run: the kit on en, ru and tt, an umbrella on ru,
    Kazan on ru and Әлмәт on tt below it, subscribers, worklists, residents' articles."""
    wset = wikiset
    state = tmp_path_factory.mktemp("kit") / "state.sqlite"
    start, end = period_around_now(days_before=1, days_after=20)
    outputs: dict[str, str] = {}

    # The operator installs the kit on all three wikis, then starts the contests.
    for code in ("en", "ru", "tt"):
        outputs[f"install {code}"] = kit(wset, state, "install-templates", "--wiki", code).stdout
    outputs["install ru again"] = kit(wset, state, "install-templates", "--wiki", "ru").stdout
    outputs["umbrella"] = kit(wset, state, "new", "--wiki", "ru", "--title", UMBRELLA, "--umbrella",
                              "--organizers", "Alsu", "--start", start, "--end", end).stdout
    outputs["kazan"] = kit(wset, state, "new", "--wiki", "ru", "--title", KAZAN, "--parent", UMBRELLA,
                           "--organizers", "Alsu", "--jury", "Timur", "--start", start, "--end", end).stdout
    outputs["almet"] = kit(wset, state, "new", "--wiki", "tt", "--title", ALMET, "--parent", f"ru:{UMBRELLA}",
                           "--organizers", "Gulnara", "--jury", "Ilsur", "--start", start, "--end", end).stdout
    again = kit(wset, state, "new", "--wiki", "ru", "--title", KAZAN, check=False)
    outputs["kazan again"] = f"exit {again.returncode}: {again.stderr}"

    # Subscribers sign the umbrella's list; one line is added for someone else.
    for name in ("Zuhra", "Rustem"):
        wset.actor("ru", name).append(f"{UMBRELLA}/{sub('ru', 'subscribers')}", "\n# ~~~~", "subscribing")
    wset.actor("ru", "Mallory").append(f"{UMBRELLA}/{sub('ru', 'subscribers')}", "\n# [[User:Victim|Victim]]",
                                              "for a friend")
    wset.actor("tt", "Rustem").edit("User talk:Rustem", "{{nobots}}\nNo bots here, please.", "no bots")
    wset.actor("tt", "Victim")

    # The organizers fill in their worklists (the kit's skeleton tells them how).
    alsu, gulnara = wset.actor("ru", "Alsu"), wset.actor("tt", "Gulnara")
    skeleton = alsu.page_text(f"{KAZAN}/{sub('ru', 'worklist')}") or ""
    assert "== " in skeleton  # the kit made the worklist under its local name
    alsu.edit(f"{KAZAN}/{sub('ru', 'worklist')}",
              skeleton + "\n* [[Казанский кремль]] · [[:tt:Казан Кремле]]\n* [[Озеро Кабан]]", "темы")
    skeleton = gulnara.page_text(f"{ALMET}/{sub('tt', 'worklist')}") or ""
    gulnara.edit(f"{ALMET}/{sub('tt', 'worklist')}", skeleton + "\n* [[Әлмәт]] · [[:ru:Альметьевск]]", "темалар")

    # Residents sign up, then write.
    for wiki, contest, name in (("ru", KAZAN, "Aigul"), ("tt", ALMET, "Ilnur"), ("ru", KAZAN, "Marat"),
                                ("tt", ALMET, "Marat")):
        wset.actor(wiki, name).append(f"{contest}/{sub(wiki, 'participants')}", "\n# ~~~~", "signing up")
    time.sleep(1.1)
    wset.actor("ru", "Aigul").edit("Казанский кремль", prose(400, "ru"), "новая статья")
    wset.actor("ru", "Marat").edit("Озеро Кабан", prose(40, "ru"), "заготовка")
    wset.actor("tt", "Ilnur").edit("Әлмәт", prose(300, "tt"), "яңа мәкалә")
    wset.actor("tt", "Marat").edit("Әлмәт нефте", prose(200, "tt"), "яңа мәкалә")

    bot = Bot(wset, state)
    bot.run()
    return Programme(wset, bot, outputs)


def test_the_kit_is_installed_in_three_languages(programme: Programme) -> None:
    for code in ("en", "ru", "tt"):
        out = programme.outputs[f"install {code}"]
        assert "created" in out and "0 page(s) created" not in out, out
        admin = programme.wset.admin(code)
        assert "<templatedata>" in (admin.page_text("Template:Editathon") or "")
        assert "<inputbox>" in (admin.page_text(catalog(code).text("kit-form-page")) or "")
    # A second install creates nothing and changes nothing.
    assert "0 page(s) created on ru" in programme.outputs["install ru again"]
    ru, tt, en = (programme.wset.admin(code) for code in ("ru", "tt", "en"))
    assert len(ru.revisions("Template:Editathon")) == 1
    # The contract's templates render, under their local names too.
    assert rendered(en, "{{Editathon rule | new | 10 }}") == "new article: 10 points"
    assert rendered(ru, "{{Марафон правило | новая | 10 }}") == "новая статья: 10 баллов"
    assert rendered(tt, "{{Марафон кагыйдә | яңа | 10 | макс = 20 }}") == (
        "яңа мәкалә: 10 балл (бер мәкаләгә 20 баллдан артык түгел)")
    assert "2026-11-01 – 2026-11-30" in rendered(ru, "{{Марафон | начало = 2026-11-01 | конец = 2026-11-30 }}")
    assert rendered(tt, "{{Марафон карар | Әлмәт | кабул | аңлатма = Яхшы }}") == "✔ кабул ителде: Әлмәт — Яхшы"


def test_the_kit_makes_each_contest_and_never_overwrites(programme: Programme) -> None:
    kazan, almet = programme.outputs["kazan"], programme.outputs["almet"]
    assert "WARNING" not in kazan + almet, kazan + almet
    assert kazan.count("created ru:") == 4 and almet.count("created tt:") == 4
    assert programme.outputs["kazan again"].startswith("exit 2:")
    assert "exists" in programme.outputs["kazan again"]
    assert len(programme.wset.admin("ru").revisions(KAZAN)) == 1


def test_leaderboards_of_both_municipalities(programme: Programme) -> None:
    """What a participant reads, stated as they read it. The kit's default rules are
    new 10, kilobyte 1 (at most 20) and worklist 5; the articles are 4239 bytes (Aigul),
    40 words (Marat's stub), 3299 bytes (Ilnur) and 2199 bytes (Marat)."""
    ru_admin, tt_admin = programme.wset.admin("ru"), programme.wset.admin("tt")
    assert [page_size(ru_admin, "Казанский кремль"), page_size(tt_admin, "Әлмәт"),
            page_size(tt_admin, "Әлмәт нефте")] == [4239, 3299, 2199]
    # Kazan (ru): Aigul's worklist article counts (10 + 4.239 + 5); Marat's stub is too small.
    board = ru_admin.page_text(f"{KAZAN}/{sub('ru', 'leaderboard')}") or ""
    rows = entries(board)
    assert rows["Казанский кремль"]["participant"] == "Aigul"
    assert rows["Казанский кремль"]["Баллы"] == "19,2"
    assert rows["Озеро Кабан"]["Статус"] == "не участвует"
    assert [(r["Участник"], r["Баллы"]) for r in ranking(board)] == [("User:Aigul", "19,2")]
    assert problems_part(board, "ru").strip().startswith("Проблем не найдено.")

    # Әлмәт (tt): both count, Ilnur's with the worklist bonus (10 + 3.299 + 5 against 10 + 2.199).
    board_tt = tt_admin.page_text(f"{ALMET}/{sub('tt', 'leaderboard')}") or ""
    rows = entries(board_tt)
    assert rows["Әлмәт"]["Баллар"] == "18,3"
    assert rows["Әлмәт нефте"]["Баллар"] == "12,2"
    assert [(r["Катнашучы"], r["Баллар"]) for r in ranking(board_tt)] == [
        ("User:Ilnur", "18,3"), ("User:Marat", "12,2")]

    # The umbrella on ru rolls both up.
    umbrella_board = ru_admin.page_text(f"{UMBRELLA}/{sub('ru', 'leaderboard')}") or ""
    assert "Казань" in umbrella_board and "Әлмәт" in umbrella_board


def test_each_subscriber_gets_one_announcement_per_contest(programme: Programme) -> None:
    """On the contest's own wiki, once, and never on a {{nobots}} page or for a line
    someone else added."""
    wset, bot = programme.wset, programme.bot
    ru_heading = catalog("ru").text("notice-announce-heading", contest="Википедия:Smart Region 2026/Казань")
    tt_heading = catalog("tt").text("notice-announce-heading", contest="Википедия:Smart Region 2026/Әлмәт")
    for _ in range(2):  # a second run sends nothing again
        ru_admin, tt_admin = wset.admin("ru"), wset.admin("tt")
        assert talk_sections(ru_admin, "Zuhra") == [ru_heading]
        assert talk_sections(tt_admin, "Zuhra") == [tt_heading]
        assert talk_sections(ru_admin, "Rustem") == [ru_heading]
        assert talk_sections(tt_admin, "Rustem") == []  # {{nobots}}
        assert ru_admin.page_text("User talk:Victim") is None and tt_admin.page_text("User talk:Victim") is None
        text = ru_admin.page_text("User talk:Zuhra") or ""
        assert f"[[Википедия:Smart Region 2026/Казань/{sub('ru', 'participants')}|" in text
        assert text.count("editathon-notice:") == 1
        # the organizers of Әлмәт see that Rustem's page refused it
        board = tt_admin.page_text(f"{ALMET}/{sub('tt', 'leaderboard')}") or ""
        assert "Rustem" in problems_part(board, "tt") and "nobots" in problems_part(board, "tt")
        bot.run()


# --------------------------------------------------------------------------- the form


class Browser:
    """A person at a web browser: follows the wiki's links and submits its forms."""

    def __init__(self, wset: WikiSet, code: str, user: str) -> None:
        self.actor = wset.actor(code, user)
        self.server = wset[code].server
        self.index = wset[code].index

    def get(self, url: str, **params: Any) -> str:
        response = self.actor.session.get(urljoin(self.server + "/", url), params=params or None, timeout=60)
        response.raise_for_status()
        return response.text

    def view(self, title: str) -> str:
        return self.get(self.index, title=title)

    def save_edit_form(self, page_html: str, change: Any, summary: str) -> None:
        """Change the edit form's text with ``change`` and press Save."""
        form = re.search(r'<form[^>]*id="editform".*?</form>', page_html, re.S)
        assert form is not None, "no edit form"
        fields: dict[str, str] = {}
        for tag in re.findall(r"<input[^>]*>", form.group(0)):
            name = re.search(r'name="([^"]+)"', tag)
            kind = re.search(r'type="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if not name or (kind and kind.group(1) in ("checkbox", "submit") and name.group(1) != "wpSave"):
                continue
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        area = re.search(r'<textarea[^>]*name="wpTextbox1"[^>]*>(.*?)</textarea>', form.group(0), re.S)
        assert area is not None
        fields["wpTextbox1"] = change(html.unescape(area.group(1)))
        fields["wpSummary"] = summary
        action = html.unescape(re.search(r'action="([^"]+)"', form.group(0)).group(1))  # type: ignore[union-attr]
        self.actor.session.post(urljoin(self.server + "/", action), data=fields, timeout=60).raise_for_status()


def inputbox_fields(page_html: str) -> list[dict[str, str]]:
    """The hidden fields of each InputBox form on a page."""
    out = []
    for form in re.findall(r'<form name="createbox".*?</form>', page_html, re.S):
        fields = {}
        for tag in re.findall(r"<input[^>]*>", form):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and 'type="hidden"' in tag:
                fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        out.append(fields)
    return out


def test_the_form_starts_a_working_contest(fresh_wikiset: WikiSet, tmp_path: Path) -> None:
    wset = fresh_wikiset
    state = tmp_path / "state.sqlite"
    kit(wset, state, "install-templates", "--wiki", "tt")
    start, end = period_around_now(days_before=1, days_after=20)
    tt = catalog("tt")

    # The organizer opens the kit's form page and types the name of her contest.
    farida = Browser(wset, "tt", "Farida")
    form_page = farida.view(tt.text("kit-form-page"))
    boxes = inputbox_fields(form_page)
    assert [b["prefix"] for b in boxes] in (["Википедия:Editathon/"], ["Project:Editathon/"])
    box = boxes[0]
    edit_page = farida.get(farida.index, **box, title="Түбән Кама 2026")

    def fill_in(text: str) -> str:
        # The kit chose next month; she runs it now, and names her juror.
        text = re.sub(r"(\| башлану\s*=\s*)\{\{subst:#time:Y-m-d\|first day of next month\}\}", rf"\g<1>{start}", text)
        text = re.sub(r"(\| тәмам\s*=\s*)\{\{subst:#time:Y-m-d\|last day of next month\}\}", rf"\g<1>{end}", text)
        return re.sub(r"(\| жюри\s*=)", r"\1 Rinat", text)

    assert "{{subst:REVISIONUSER}}" in edit_page  # the organizer's name fills itself in on save
    farida.save_edit_form(edit_page, fill_in, "яңа бәйге")
    title = f"{box['prefix']}Түбән Кама 2026"
    admin = wset.admin("tt")
    saved = admin.page_text(title) or ""
    assert re.search(r"\| оештыручылар = Farida", saved), saved[:1500]
    assert "{{subst:" not in saved

    # The box on her new page links the subpages still to create; each opens the kit's text.
    contest_html = farida.view(title)
    for param in ("participants", "worklist", "jury page"):
        name = quote(sub("tt", param).replace(" ", "_"))
        link = re.search(rf'href="([^"]*?/{re.escape(name)}&amp;action=edit&amp;preload=[^"]+)"', contest_html)
        assert link is not None, name
        page = farida.get(html.unescape(link.group(1)))
        if param == "worklist":
            farida.save_edit_form(page, lambda text: text + "\n* [[Түбән Кама]]", "исемлек")
        else:
            farida.save_edit_form(page, lambda text: text, "бит")
    assert "== Катнашучылар ==" in (admin.page_text(f"{title}/{sub('tt', 'participants')}") or "")

    # A resident signs up and writes; the bot finds the new contest and scores her article.
    wset.actor("tt", "Alina").append(f"{title}/{sub('tt', 'participants')}", "\n# ~~~~", "языласы")
    time.sleep(1.1)
    wset.actor("tt", "Alina").edit("Түбән Кама", prose(250, "tt"), "яңа мәкалә")
    bot = Bot(wset, state)
    bot.run()
    board = admin.page_text(f"{title}/{sub('tt', 'leaderboard')}") or ""
    row = entries(board)["Түбән Кама"]
    assert row["participant"] == "Alina"
    assert page_size(admin, "Түбән Кама") == 2749
    assert row["Баллар"] == "17,7"  # new 10 + 2.749 kilobytes + worklist 5
    assert problems_part(board, "tt").strip().startswith("Проблемалар табылмады.")


def test_simulate_prints_the_pages_and_writes_nothing(fresh_wikiset: WikiSet, tmp_path: Path) -> None:
    wikiset = fresh_wikiset
    state = tmp_path / "state.sqlite"
    # (a title outside the watched prefixes is refused: tests/wiki/test_kit_prefixes.py)
    proc = kit(wikiset, state, "new", "--wiki", "en", "--title", "Project:Editathon/Kazan", "--simulate")
    assert "would create en:Project:Editathon/Kazan (contest page)" in proc.stdout
    assert "{{Editathon" in proc.stdout and "nothing was written" in proc.stdout
    assert wikiset.admin("en").page_text("Project:Editathon/Kazan") is None
    proc = kit(wikiset, state, "install-templates", "--wiki", "en", "--simulate")
    assert "would create en:Template:Editathon (template)" in proc.stdout
    assert wikiset.admin("en").page_text("Template:Editathon") is None


def test_a_contest_the_kit_makes_while_the_bot_runs_is_found(fresh_wikiset: WikiSet, tmp_path: Path) -> None:
    """The bot looks for new contests in the recent changes, not in its own edits: the
    kit's contest page is the bot's own edit, and must be found all the same."""
    wikiset = fresh_wikiset
    state = tmp_path / "state.sqlite"
    bot = Bot(wikiset, state)
    bot.run()  # the bot is running: from now on it reads the recent changes
    title = "Project:Editathon/Found later"
    start, end = period_around_now()
    kit(wikiset, state, "new", "--wiki", "en", "--title", title, "--organizers", "Olga", "--start", start,
        "--end", end)
    bot.run()
    board = wikiset.admin("en").page_text(f"{title}/Leaderboard")
    assert board is not None and "'''open'''" in board

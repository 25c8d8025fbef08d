"""Every page the bot and the kit write, parsed by the local MediaWiki as a reader gets it.

``make demo``'s contests on en, ru and tt (the ru and tt ones made from the kit, with
local template and subpage names), one bot run, then ``action=parse`` of each page
kind in each language: the leaderboard, the queue, the worklist status, the umbrella,
the status page, a notice, the contest page and the kit's form. :mod:`pagecheck` says
what a person would see as broken; each check is also shown to catch its defect, by
putting the defect back into a real page and parsing that.

Then a Tatar juror copies a line from the Tatar queue to the jury page, as a person
would; the bot reads it back as that decision, in the Tatar templates' names.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.config import load_config
from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from bot.local_names import local_names
from tests.wiki.botrun import Bot
from tests.wiki.leaderboard import entries
from tests.wiki.pagecheck import Expect, Parsed, defects

REPO = Path(__file__).resolve().parents[2]
UMBRELLA = "Project:Smart Region 2026"
CONTESTS = {"en": f"{UMBRELLA}/Kazan", "ru": f"{UMBRELLA}/Казань", "tt": f"{UMBRELLA}/Казан"}
LANGS = ("en", "ru", "tt")
KINDS = ("leaderboard", "queue", "worklist status", "umbrella", "status", "notice", "contest", "kit form")
#: Page kinds the bot writes with a "data as of" line.
DATED = {"leaderboard", "queue", "worklist status", "umbrella", "status"}


def sub(code: str, param: str) -> str:
    """A subpage's name on the demo's contest of ``code`` (English on en, the kit's local names else)."""
    return local_names(load_config(), load_config().wikis[code].language).subpage(param)


def title_of(code: str, kind: str) -> str:
    contest = CONTESTS[code]
    return {
        "leaderboard": f"{contest}/{sub(code, 'leaderboard')}",
        "queue": f"{contest}/{sub(code, 'queue')}",
        "worklist status": f"{contest}/{sub(code, 'worklist status')}",
        "umbrella": f"{UMBRELLA}/{sub(code, 'leaderboard')}",
        "status": "User:EditathonBot/Status",
        "notice": "User talk:Aigul",
        "contest": contest,
        "kit form": catalog(code).text("kit-form-page"),
    }[kind]


@dataclass
class Demo:
    wset: WikiSet
    bot: Bot
    output: str


@pytest.fixture(scope="module")
def demo(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``make demo`` on fresh wikis: templates installed, contests loaded, one bot run."""
    state = tmp_path_factory.mktemp("demo") / "state.sqlite"
    env = {**os.environ, "EDITATHON_DEVWIKI_RUN": str(wikiset.root), "EDITATHON_STATE": str(state)}
    proc = subprocess.run([sys.executable, "-m", "bot.demo"], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return Demo(wikiset, Bot(wikiset, state), proc.stdout)


def parse(wset: WikiSet, code: str, *, page: str | None = None, text: str | None = None,
          title: str | None = None) -> Parsed:
    params = {"action": "parse", "prop": "text|langlinks|categories|templates", "disablelimitreport": 1}
    if page is not None:
        params["page"] = page
    else:
        params.update(text=text, title=title, contentmodel="wikitext")
    return Parsed.from_api(wset.admin(code).post(**params))


def revision_time(wset: WikiSet, code: str, title: str) -> datetime:
    stamp = wset.admin(code).revisions(title, prop="ids|timestamp")[-1]["timestamp"]
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def expect(code: str, kind: str, when: datetime | None) -> Expect:
    wiki = load_config().wikis[code]
    return Expect(lang=wiki.language, timezone=wiki.timezone, localized=code != "en",
                  revision_time=when if kind in DATED else None)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("code", LANGS)
def test_every_page_reads_clean(demo: Demo, code: str, kind: str) -> None:
    title = title_of(code, kind)
    assert demo.wset.admin(code).page_text(title), f"{code}:{title} was not written"
    when = revision_time(demo.wset, code, title)
    found = defects(parse(demo.wset, code, page=title), expect(code, kind, when))
    assert found == [], f"{code}:{title}: {found}"


# --------------------------------------------------------------------------- the checks catch each defect

#: (defect, page kind, wiki, change to the page's wikitext, what the check must say)
DEFECTS = [
    ("time zone labelled UTC on a Moscow wiki", "leaderboard", "tt",
     lambda t: t.replace("({{#timel:e}})", "(UTC)"), "wrong time-zone label"),
    ("parent on another wiki as a plain link", "contest", "tt",
     lambda t: t + "\n[[en:Project:Smart Region 2026]]", "interlanguage links"),
    ("a category by accident", "queue", "ru",
     lambda t: t + "\n[[Category:Editathon]]", "categories by accident"),
    ("unexpanded template parameter", "umbrella", "en",
     lambda t: t + "\n{{{parent}}}", "unexpanded"),
    ("a broken table", "leaderboard", "en",
     lambda t: t.replace('{| class="wikitable sortable"', "{|| class=", 1) + "\n|}", "unexpanded"),
    ("a red link to a template", "contest", "ru",
     lambda t: t + "\n{{Editathon no such template}}", "red links to templates"),
    ("a MediaWiki error", "status", "en",
     lambda t: t + "\n{{#time:Q-nonsense|not a date}}", "MediaWiki error"),
    ("an untranslated message key", "queue", "tt",
     lambda t: t + "\nqueue-col-article", "message keys"),
    ("English template name and keyword in a Tatar line to copy", "queue", "tt",
     lambda t: re.sub(r"\{\{Марафон карар\|([^|]*)\|кабул", r"{{Editathon decision|\1|accept", t),
     "English template names"),
    ("English subpage link on a Russian page", "contest", "ru",
     lambda t: t + "\n[[Project:Smart Region 2026/Казань/Leaderboard|x]]", "English subpage name"),
]


@pytest.mark.parametrize(("what", "kind", "code", "change", "message"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_the_check_catches_the_defect_put_back(demo: Demo, what: str, kind: str, code: str, change: object,
                                               message: str) -> None:
    title = title_of(code, kind)
    text = demo.wset.admin(code).page_text(title) or ""
    broken = change(text)  # type: ignore[operator]
    assert broken != text, f"{what}: the change did not apply"
    when = revision_time(demo.wset, code, title)
    found = defects(parse(demo.wset, code, text=broken, title=title), expect(code, kind, when))
    assert any(message in f for f in found), f"{what}: {found}"


# --------------------------------------------------------------------------- a Tatar juror's line


def test_a_tatar_decision_copied_from_the_queue_is_read_back(demo: Demo) -> None:
    wset = demo.wset
    admin = wset.admin("tt")
    queue = admin.page_text(title_of("tt", "queue")) or ""
    lines = re.findall(r"<nowiki>(\* \{\{.*?\}\} ~~~~)</nowiki>", queue)
    assert lines, queue[:2000]
    line = lines[0]
    # Written in the names the Tatar templates use.
    assert line.startswith("* {{Марафон карар|") and "|кабул|" in line and "|аңлатма=}}" in line, line
    article = line.split("|")[1]
    # The juror copies it to the jury page, writes a comment and saves.
    jury_page = f"{CONTESTS['tt']}/{sub('tt', 'jury page')}"
    timur = wset.actor("tt", "Timur")
    timur.append(jury_page, "\n" + line.replace("аңлатма=}}", "аңлатма=Яхшы чыганаклар}}"), "карар")
    saved = admin.page_text(jury_page) or ""
    assert re.search(r"^\* \{\{Марафон карар\|.*\}\} \[\[[^|]+:Timur\|", saved, re.M), saved[-500:]  # signed
    rendered = parse(wset, "tt", page=jury_page)
    assert rendered.missing_templates == []
    assert "кабул ителде" in rendered.html
    demo.bot.run()
    board = admin.page_text(title_of("tt", "leaderboard")) or ""
    tt = catalog("tt")
    row = entries(board)[article.removeprefix("ru:")]
    assert row[tt.text("leaderboard-col-status")] == tt.text("entry-status-counted"), row
    problems = board.split(f"== {tt.text('leaderboard-heading-problems')} ==", 1)[1]
    assert "Timur" not in problems, problems
    # The queue no longer asks for it.
    assert line not in (admin.page_text(title_of("tt", "queue")) or "")

"""Issue 17: faults between the bot and the wikis, and the bot killed, over a contest's life.

A fast sample of what ``make reliability`` runs in full (``bench/reliability.py``: 200
faults and 50 kills over every stage of the life). The life and the checks are in
:mod:`tests.wiki.faultlife`: a reference wiki set runs the life with no fault; a second
set, restored to the reference's state before each trial, runs the same stage through
the fault proxy (:mod:`tests.wiki.faultproxy`), then once without faults, and must end
exactly as the reference (every page the bot wrote identical, every notice once).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.devwiki import harness
from bot.devwiki.harness import WikiSet
from bot.devwiki.paths import LANGS
from tests.wiki.botrun import Bot, period_around_now, prose
from tests.wiki.faultlife import HOME, Life, Snapshot, Stage
from tests.wiki.faultproxy import KINDS, FaultProxy, Request

LifeAt = tuple[Life, Stage, Snapshot, dict[str, str]]


@pytest.fixture(scope="module")
def life(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LifeAt]:
    """The life's first two stages run on the reference (``wikiset``); the second (two more
    signups, so two welcome notices; a new participant's article and a second article of
    someone read before, which only recent changes show) is where the trials start from:
    its snapshot, and the reference's pages they must reach."""
    tmp = tmp_path_factory.mktemp("faults")
    faulted = harness.new_wikiset(tmp / "faulted")
    try:
        life = Life(wikiset, faulted, tmp)
        stages = life.stages()
        next(stages)  # signups: the first run reads everything
        stage, snap, want = next(stages)
        yield life, stage, snap, want
    finally:
        faulted.stop()


def every_kind(r: Request, made: list[str]) -> str | None:
    """Each kind of fault once, in order, on the first request it can hit; the first notice's
    answer lost after the wiki saved it, and the second notice met by an edit conflict."""
    if r.params.get("section") == "new":
        page = r.params.get("title", "")
        if not any(m.startswith("notice-") for m in made):
            made.append(f"notice-lost {page}")
            return "503@after"
        if "notice-conflict" not in made and f"notice-lost {page}" not in made:  # the next page's
            made.append("notice-conflict")
            return "editconflict"
        return None
    todo = [k for k in KINDS if k not in made and k != "editconflict"]
    if todo and r.seq % 3 == 0:
        made.append(todo[0])
        return todo[0]
    return None


def test_every_kind_of_fault_fails_the_run_clearly_and_the_next_run_converges(
    life: LifeAt,
) -> None:
    lf, stage, snap, want = life
    made: list[str] = []
    trial = lf.trial(stage, snap, want, lambda r: every_kind(r, made))
    assert {f.partition("@")[0] for f in trial.faults} >= set(KINDS), trial.faults
    assert trial.ok, trial.problems
    # The notice whose answer was lost, and the one refused, are not "ok": exit 1, said.
    assert trial.faulted.returncode == 1
    assert "welcome notice (signup) not sent" in trial.faulted.stdout, trial.faulted.stdout


def test_killed_at_a_random_point_the_next_run_converges(
    life: LifeAt,
) -> None:
    """Killed after its recent-changes poll: the next run still finds the article that only
    the poll showed (the run used to store its new cursor at once, and lost it)."""
    lf, stage, snap, want = life
    point = random.Random(17).randrange(6, 20)  # after the three polls, before the edits
    trial = lf.trial(stage, snap, want, lambda r: "kill@after" if r.seq == point else None)
    assert trial.killed, (point, trial.faulted.stdout)
    assert trial.ok, (point, trial.problems)


def test_notices_to_one_talk_page_keep_their_order_after_one_fails(life: LifeAt, tmp_path: Path) -> None:
    """A new participant whose entry the jury decided at once is owed a welcome, then the
    verdict. The welcome meets an edit conflict: the verdict waits for the next run, which
    sends both in order (the verdict used to go out first, the welcome after it)."""
    wset = life[0].faulted
    title = "Project:Editathon/Fault order"
    start, end = period_around_now()
    org = wset.actor(HOME, "Olga")
    org.edit(title, f"""{{{{Editathon
| start = {start}
| end = {end}
| timezone = UTC
| wikis = en
| organizers = Olga
| jury = Carol
| review = required
| verdict notices = yes
}}}}
{{{{Editathon rule | new | 10 }}}}
""", "new contest")
    org.edit(f"{title}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "signups")
    org.edit(f"{title}/Jury", "Jury decisions, one signed line each.\n", "jury page")
    wset.actor(HOME, "Forder").append(f"{title}/Participants", "\n# ~~~~", "signing up")
    time.sleep(1.1)
    wset.actor(HOME, "Forder").edit("Fault order bridge", prose(80), "new")
    wset.actor(HOME, "Carol").append(f"{title}/Jury", "\n{{Editathon decision | Fault order bridge | accept "
                                     "| comment = fine }} ~~~~", "decision")
    bot = Bot(wset, tmp_path / "state.sqlite")
    conflicts: list[str] = []

    def first_notice(r: Request) -> str | None:
        if r.params.get("section") == "new" and not conflicts:
            conflicts.append(r.params.get("title", ""))
            return "editconflict"
        return None

    with FaultProxy({c: wset[c].port for c in LANGS}, first_notice) as proxy:
        bot.env = {"PYWIKIBOT_DIR": str(proxy.pywikibot_dir(wset.pywikibot_dir, tmp_path / "pwb"))}
        faulted = bot.run("--contest", f"{HOME}:{title}", check=False)
    bot.env = {}
    assert conflicts == ["User talk:Forder"] and faulted.returncode == 1, faulted.stdout + faulted.stderr
    assert "welcome notice (signup) not sent: edit conflict" in faulted.stdout, faulted.stdout
    bot.run("--contest", f"{HOME}:{title}")
    talk = wset.anonymous(HOME).page_text("User talk:Forder") or ""
    kinds = re.findall(r"<!-- editathon-notice:[^>]*?:Forder:(welcome|verdict):", talk)
    assert kinds == ["welcome", "verdict"], talk

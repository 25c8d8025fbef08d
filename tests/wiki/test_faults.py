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
from collections.abc import Iterator

import pytest

from bot.devwiki import harness
from bot.devwiki.harness import WikiSet
from tests.wiki.faultlife import Life, Snapshot, Stage
from tests.wiki.faultproxy import KINDS, Request

LifeAt = tuple[Life, Stage, Snapshot, dict[str, str]]


@pytest.fixture(scope="module")
def life(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LifeAt]:
    """The life's first stage run on the reference (``wikiset``): signups and articles, two
    welcome notices, the first leaderboard, queue and status page. Its snapshot and the
    reference's pages are what the trials start from and must reach."""
    tmp = tmp_path_factory.mktemp("faults")
    faulted = harness.new_wikiset(tmp / "faulted")
    try:
        life = Life(wikiset, faulted, tmp)
        stage, snap, want = next(life.stages())
        yield life, stage, snap, want
    finally:
        faulted.stop()


def every_kind(r: Request, made: list[str]) -> str | None:
    """Each kind of fault once, in order, on the first request it can hit; the first notice's
    answer lost after the wiki saved it, and the second notice met by an edit conflict."""
    if r.params.get("section") == "new":
        kind = "503@after" if "notice-lost" not in made else "editconflict" if "notice-conflict" not in made else None
        made.append("notice-lost" if kind == "503@after" else "notice-conflict")
        return kind
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
    lf, stage, snap, want = life
    point = random.Random(17).randrange(30, 60)  # among the edits (the run sends ~70 requests)
    trial = lf.trial(stage, snap, want, lambda r: "kill@after" if r.seq == point else None)
    assert trial.killed, (point, trial.faulted.stdout)
    assert trial.ok, (point, trial.problems)

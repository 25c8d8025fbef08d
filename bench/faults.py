"""Faults and kills over a contest's life, in full: the rows of `make reliability` that
:mod:`tests.wiki.test_faults` samples in `make test`.

The life and every check are :mod:`tests.wiki.faultlife`: a reference wiki set runs the
life (signups, entries, decisions, close) with no fault; before each stage's run its
databases and the bot's state are copied, and every trial restores that copy on a second
set, runs the stage through the fault proxy (:mod:`tests.wiki.faultproxy`) with seeded
random faults or a SIGKILL, then runs it again with none, and compares every page the
bot wrote with the reference's.

Per stage: one trial with no fault first (the control: the same run twice gives the same
pages), then faulted trials until the stage's share of ``--faults`` is made, then the
stage's share of ``--kills``: a third killed right before the wiki gets a request, a
third right after the wiki did it (before the bot hears back), a third at a random
moment of the run (a timer, wherever the bot is: scoring, writing its store).

    python -m bench.faults [--faults 200] [--kills 50] [--seed 17]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.devwiki import harness
from tests.wiki.faultlife import STAGES, Life, Trial
from tests.wiki.faultproxy import Plan, RandomPlan


@dataclass
class Figures:
    """What the trials found."""

    faults: Counter[str] = field(default_factory=Counter)
    fault_runs: int = 0
    survived: int = 0  # faults of the trials where every check held
    fault_runs_failed: int = 0  # exit 1 with a message: something was not done
    fault_runs_done: int = 0  # exit 0: every page already as the reference
    kills: Counter[str] = field(default_factory=Counter)
    controls: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def injected(self) -> int:
        return sum(self.faults.values())

    @property
    def killed(self) -> int:
        return sum(self.kills.values())


def kill_at(point: int, kind: str) -> Plan:
    """A plan that kills the bot at request ``point`` (``kill`` or ``kill@after``)."""
    return lambda r: kind if r.seq == point else None


def note(fig: Figures, trial: Trial, what: str) -> None:
    status = "ok" if trial.ok else "FAILED"
    print(f"  {trial.stage:<9} {what:<44} exit {trial.faulted.returncode:>3}  {status}", flush=True)
    if not trial.ok:
        fig.failed.append(f"{trial.stage} {what}: " + "; ".join(trial.problems))
        for p in trial.problems:
            print(f"      {p}", flush=True)


def run(faults: int, kills: int, seed: int) -> Figures:
    fig = Figures()
    started = time.monotonic()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="editathon-faults-") as tmp_name:
        tmp = Path(tmp_name)
        ref = harness.new_wikiset(tmp / "reference")
        faulted = harness.new_wikiset(tmp / "faulted")
        try:
            life = Life(ref, faulted, tmp)
            for n, (stage, snap, want) in enumerate(life.stages()):
                left = len(STAGES) - n
                fault_quota = (faults - fig.injected + left - 1) // left
                kill_quota = (kills - fig.killed + left - 1) // left
                control = life.trial(stage, snap, want, lambda r: None)
                fig.controls += 1
                note(fig, control, f"control: no fault ({control.seen} requests)")
                requests = max(control.seen, 5)
                run_seconds = max(1.0, control.seconds)
                made = 0
                while made < fault_quota:
                    plan = RandomPlan(rng.randrange(1 << 30), limit=min(8, fault_quota - made))
                    trial = life.trial(stage, snap, want, plan)
                    made += len(trial.faults)
                    fig.faults.update(f.partition("@")[0] + ("@after" if "@after" in f else "")
                                      for f in trial.faults)
                    fig.fault_runs += bool(trial.faults)
                    fig.survived += len(trial.faults) if trial.ok else 0
                    if trial.faults and trial.faulted.returncode == 0:
                        fig.fault_runs_done += 1
                    elif trial.faults:
                        fig.fault_runs_failed += 1
                    note(fig, trial, ", ".join(trial.faults) or "(no fault drawn)")
                stage_kills, k = 0, 0
                while stage_kills < kill_quota and k < 3 * kill_quota:
                    k += 1
                    how = ("before a request", "after the wiki did a request", "at a random moment")[k % 3]
                    if k % 3 == 2:
                        delay = rng.uniform(0.5, run_seconds)
                        trial = life.trial(stage, snap, want, lambda r: None, kill_after=delay)
                        what = f"kill at {delay:.1f} s"
                    else:
                        point = rng.randrange(1, requests + 1)
                        kind = "kill" if k % 3 == 0 else "kill@after"
                        trial = life.trial(stage, snap, want, kill_at(point, kind))
                        what = f"{kind} at request {point} of {requests}"
                    if trial.killed:
                        fig.kills[how] += 1
                        stage_kills += 1
                    note(fig, trial, what + ("" if trial.killed else " (ended first: not counted)"))
        finally:
            faulted.stop()
            ref.stop()
    fig.seconds = time.monotonic() - started
    return fig


def rows(fig: Figures) -> list[tuple[str, str, str]]:
    """The rows of `make reliability`'s table."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(fig.faults.items()))
    fault_trials = [f for f in fig.failed if " kill" not in f]
    kill_trials = [f for f in fig.failed if " kill" in f]
    return [
        ("faults injected by an HTTP proxy (real wiki)",
         f"{fig.injected} faults in {fig.fault_runs} runs, 4 stages ({kinds})",
         f"{fig.survived} survived: {fig.fault_runs_failed} runs exit 1 "
         f"and say what failed, {fig.fault_runs_done} exit 0 with all done; next run as the reference: "
         f"{fig.fault_runs - len(fault_trials)} of {fig.fault_runs}"),
        ("SIGKILL at random points (real wiki)",
         f"{fig.killed} kills (" + ", ".join(f"{n} {k}" for k, n in fig.kills.items()) + ")",
         f"{fig.killed - len(kill_trials)} of {fig.killed}: next run as the reference (no notice twice, "
         "no decision lost), integrity_check ok"),
        ("faults and kills: control runs and time", f"{fig.controls} fault-free controls",
         f"{len(fig.failed)} trials failed; {fig.seconds / 60:.0f} min"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--faults", type=int, default=200)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    fig = run(args.faults, args.kills, args.seed)
    for row in rows(fig):
        print(" | ".join(row))
    ok = not fig.failed and fig.injected >= args.faults and fig.killed >= args.kills
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

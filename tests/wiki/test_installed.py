"""The bot as an operator installs it: a wheel in a fresh virtual environment, no checkout.

The wheel is built from a copy of the project's files (so the build cannot lean on the
checkout), installed with pip into a new venv in a temporary folder, and run from there
against the local wikis: the kit writes a Tatar contest from its templates and local
names, and ``editathon run --once --simulate`` finds it (aliases), renders its
leaderboard (layouts, messages) and prints the diff. Slow (pip installs the dependencies
from the package index, about a minute), so it runs once per test session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import REPO, period_around_now

SOURCES = ("bot", "config", "wikitext_templates", "pyproject.toml", "setup.py", "README.md")
CONTEST = "Project:Editathon/Installed"


def sh(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh venv with the bot's wheel installed."""
    root = tmp_path_factory.mktemp("installed")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, src / name)
    sh(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", root / "dist", src, cwd=root)
    wheels = list((root / "dist").glob("editathon_bot-*.whl"))
    assert len(wheels) == 1
    shutil.rmtree(src)  # nothing of the project is left beside the venv
    sh(sys.executable, "-m", "venv", root / "venv", cwd=root)
    sh(root / "venv" / "bin" / "python", "-m", "pip", "install", "-q", wheels[0], cwd=root)
    return root / "venv" / "bin"


def test_the_wheel_runs_the_bot_outside_the_checkout(
    installed: Path, wikiset: WikiSet, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDITATHON_", "PYTHON"))}
    env |= wikiset.env() | {"EDITATHON_STATE": str(tmp_path / "state.sqlite")}
    where = sh(installed / "python", "-c",
               "import bot, bot.package_data as d; print(bot.__file__); "
               "print(d.data_dir('wikitext_templates')); print(d.data_dir('aliases'))",
               cwd=tmp_path, env=env).split()
    venv = installed.parent
    assert all(Path(p).is_relative_to(venv) for p in where), where

    editathon = installed / "editathon"
    sh(editathon, "kit", "install-templates", "--wiki", "tt", cwd=tmp_path, env=env)
    start, end = period_around_now()
    sh(editathon, "kit", "new", "--wiki", "tt", "--title", CONTEST, "--organizers", "Admin",
       "--jury", "Admin", "--start", start, "--end", end, cwd=tmp_path, env=env)

    out = sh(editathon, "run", "--once", "--simulate", cwd=tmp_path, env=env)
    assert "simulated: nothing was written" in out
    # found through the Tatar aliases, rendered from the layouts with the Tatar messages
    assert "+++ tt:Википедия:Editathon/Installed/Нәтиҗәләр (would be)" in out, out
    assert "from wikitext_templates/leaderboard.wiki" in out
    assert "+== Рейтинг ==" in out and "Бу битне бот яза" in out

"""Where the bot's data folders are, in a checkout and in an installed package.

The repository keeps ``wikitext_templates/`` and ``config/`` (with ``aliases/``) at its
top level, where organizers and kit authors find them. A wheel maps them into the
package at build time (``pyproject.toml``: ``bot._templates`` and ``bot._config``), so
``pip install`` gives a bot that finds them without a checkout. The package copy wins
when it exists (an installed bot); else the checkout's folder (tests, ``pip -e``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

_PACKAGED = {"wikitext_templates": "_templates", "config": "_config", "aliases": "_config/aliases"}
_CHECKOUT = {"wikitext_templates": "wikitext_templates", "config": "config", "aliases": "config/aliases"}

DataName = Literal["wikitext_templates", "config", "aliases"]


def data_dir(name: DataName) -> Path:
    """The folder ``name`` of the installed package, else of the checkout."""
    packaged = Path(str(resources.files("bot"))) / _PACKAGED[name]
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / _CHECKOUT[name]

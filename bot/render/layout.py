"""Page skeletons from ``wikitext_templates/*.wiki`` and how they are filled.

The shape of each page (order of sections, headings, notices) lives in a plain
wikitext file that organizers and kit authors can read; the code only computes
the parts. Placeholders are :class:`string.Template` names (``$ranking``); a
literal dollar sign is ``$$``. The files are read once, on first use, never at
import time.
"""

from __future__ import annotations

import functools
import re
import string

from bot.i18n import Catalog
from bot.package_data import data_dir

#: Where the layouts live: ``wikitext_templates/`` at the top of the project, or its
#: copy inside an installed package (:mod:`bot.package_data`).
LAYOUT_DIR = data_dir("wikitext_templates")

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"(?<![^\S\n])[^\S\n]++$", re.MULTILINE)  # what str.rstrip() takes off each line

#: The time of the data on a page: the page's own last revision. Never the clock: a
#: page whose content did not change is not edited, and then this stays true.
#: ``{{REVISIONTIMESTAMP}}`` is in the wiki's own time zone (``$wgLocaltimezone``:
#: Europe/Moscow on ruwiki and ttwiki), so the label says that zone, as the wiki
#: itself knows it (``{{#timel:e}}``), never a fixed "UTC".
REVISION_TIME = "{{#time:Y-m-d H:i|{{REVISIONTIMESTAMP}}}}"
WIKI_ZONE = "{{#timel:e}}"


def data_time(cat: Catalog) -> str:
    """"Data as of 2026-11-05 14:03 (Europe/Moscow)." in the catalog's language."""
    return cat.text("page-data-time", time=REVISION_TIME, zone=WIKI_ZONE)


@functools.cache
def layout(name: str) -> string.Template:
    """The layout ``wikitext_templates/<name>.wiki``."""
    return string.Template((LAYOUT_DIR / f"{name}.wiki").read_text(encoding="utf-8"))


def tidy(text: str) -> str:
    """Normalize whitespace the way MediaWiki stores a page.

    Trailing spaces go, empty parts leave at most one blank line, and there is
    no newline at the end (MediaWiki strips it on save): the text we compare with
    the page's current text is then exactly what a save would store.
    """
    # One pass over the text, not a string per line: a big contest's queue is over 1 MB
    # in 15,000 lines, and this runs while the whole page is held (peak memory, issue 16).
    return _BLANK_RUNS.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip("\n")


def fill(name: str, **parts: str) -> str:
    """The layout ``name`` with its ``$placeholders`` replaced by ``parts``, tidied."""
    return tidy(layout(name).safe_substitute(parts))

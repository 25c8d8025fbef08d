"""Values in hand-typed wikitext: numbers, whole numbers, dates, yes/no, lists.

The contract's number and date forms, written once: every parser reads them here.
A value that cannot be read is None, and the caller reports a problem.
"""

from __future__ import annotations

import re
from datetime import date

from bot.aliases import Aliases

_NUMBER_RE = re.compile(r"^[+\-]?\d+(?:[.,]\d+)?$")
_INT_RE = re.compile(r"^\+?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+$|^\+?\d+$")


def parse_number(value: str) -> float | None:
    """``5``, ``+5``, ``-2,5``, ``2.5``, ``−1`` (Unicode minus) -> float; else None."""
    v = value.strip().replace("\u2212", "-")
    if not _NUMBER_RE.match(v):
        return None
    return float(v.replace(",", "."))


def parse_int(value: str) -> int | None:
    """A non-negative whole number; ``3 000`` is grouped, ``1,000`` is refused.

    A comma is a decimal separator in this contract, so ``1,000`` is ambiguous and
    must be reported rather than silently read as 1 or 1000.
    """
    v = value.strip()
    if not _INT_RE.match(v):
        return None
    return int(re.sub(r"[^\d]", "", v))


_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or ``DD.MM.YYYY``; an impossible date (02-30) is None."""
    v = value.strip()
    if m := _ISO_RE.match(v):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY_RE.match(v):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def parse_bool(value: str, aliases: Aliases) -> bool | None:
    """``yes``/``no`` or a local alias (``да``, ``әйе``); anything else is None."""
    word = aliases.value(value)
    if word == "yes":
        return True
    if word == "no":
        return False
    return None


def split_list(value: str) -> list[str]:
    """A comma (or semicolon, or line) separated list, blanks dropped."""
    return [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]

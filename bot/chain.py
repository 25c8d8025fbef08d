"""A page's history put together from revisions read by id (pure).

Reading a page's whole history is one request per page (the API serves ``rvlimit`` > 1
for one page at a time). Revisions read by id go 50 (500) a request across pages. A
page's history is the chain of ``parentid`` links from its latest revision back to its
creation (``parentid`` 0): when every link of that chain is among the revisions the bot
already holds or reads anyway (the participants' revisions from their contributions or
recent changes, and their parents, whose texts are measured), the history is known
without reading it. :func:`missing_link` says which link is still missing, so a caller
can ask for the missing links of many pages in one request, a few rounds deep.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

BROKEN = -1
""":func:`missing_link` for a chain that loops: only the page's history can say what it is."""


class Linked(Protocol):
    @property
    def revid(self) -> int: ...

    @property
    def parentid(self) -> int: ...


def missing_link(known: Mapping[int, Linked], top: int) -> int | None:
    """The first revision on the way from ``top`` back to the page's creation that
    ``known`` lacks; None when the chain is complete, :data:`BROKEN` when it loops."""
    r, steps = top, 0
    while r:
        m = known.get(r)
        if m is None:
            return r
        r = m.parentid
        steps += 1
        if steps > len(known):
            return BROKEN
    return None


def chain(known: Mapping[int, Linked], top: int) -> list[int]:
    """The revision ids from the creation to ``top`` (a complete chain: see :func:`missing_link`)."""
    out: list[int] = []
    r = top
    while r and r in known and len(out) <= len(known):
        out.append(r)
        r = known[r].parentid
    return sorted(out)

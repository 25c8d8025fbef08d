"""User names as the trust rules compare them.

A user name reaches us from several places: the API's revision ``user``, names typed
into ``organizers = Alice, bob_smith`` and signatures parsed from wikitext. MediaWiki
treats ``bob_smith`` and ``Bob smith`` as the same account, so every comparison goes
through :func:`user_key`; otherwise an organizer who typed a lowercase name would lose
their rights.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.aliases import normalize_title


def user_key(name: str) -> str:
    """The canonical spelling of a user name: trimmed, ``_`` as space, first letter up."""
    return normalize_title(name)


def user_set(names: Iterable[str]) -> frozenset[str]:
    """Canonical names of a list of users (blank names dropped)."""
    return frozenset(k for k in (user_key(n) for n in names) if k)

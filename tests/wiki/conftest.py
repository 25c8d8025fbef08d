"""Fixtures that give tests real local wikis (en, ru, tt) to act on.

* ``pristine_wikis`` (session): builds the pristine wikis on first use (PHP and MediaWiki are
  installed if missing), once per machine, shared by parallel pytest workers.
* ``wikiset`` (module): a fresh copy of the pristine set, started on free ports and stopped after
  the module. Tests in one module share it; use distinct page titles per test.
* ``fresh_wikiset`` (function): the same for one test that needs untouched wikis.
* ``actor``: ``actor("tt", "Alice")`` is a logged-in :class:`~bot.devwiki.actor.Actor` for
  Alice on the tt wiki of ``wikiset`` (the account is created on first use).

Every test under ``tests/wiki`` is marked ``wiki``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.devwiki import harness
from bot.devwiki.actor import Actor
from bot.devwiki.harness import WikiSet

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.wiki)


@pytest.fixture(scope="session")
def pristine_wikis() -> Path:
    """The pristine wiki set, built on first use."""
    return harness.ensure_pristine()


@pytest.fixture(scope="module")
def wikiset(pristine_wikis: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WikiSet]:
    """A running fresh copy of the pristine wikis for this test module."""
    wset = harness.new_wikiset(tmp_path_factory.mktemp("wikiset"))
    try:
        yield wset
    finally:
        wset.stop()


@pytest.fixture
def fresh_wikiset(pristine_wikis: Path, tmp_path: Path) -> Iterator[WikiSet]:
    """A running fresh copy of the pristine wikis for one test."""
    wset = harness.new_wikiset(tmp_path / "wikiset")
    try:
        yield wset
    finally:
        wset.stop()


@pytest.fixture
def actor(wikiset: WikiSet) -> Callable[..., Actor]:
    """Factory: ``actor(code, user, password=DEFAULT_USER_PASSWORD)`` -> logged-in Actor."""
    return wikiset.actor

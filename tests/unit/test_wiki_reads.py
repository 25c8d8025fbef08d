"""Reads over a stand-in ``query`` (the wiki's API answers as plain dicts): what is asked, in
which order, and what comes back. The real-wiki tests check the same reads against MediaWiki."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest

from bot.wiki_reads import BATCH, WikiReads, read_ahead, ts


class FakeWiki(WikiReads):
    """The reads of :class:`WikiReads` over answers made up by :meth:`query`; records each request."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.asked: list[list[int]] = []
        self.edit_count = None
        self._admins = None
        self.username = "Bot"

    @property
    def code(self) -> str:
        return "en"


class Answers(FakeWiki):
    """A wiki of ``n`` revisions (revision r on page r // 10, text "text r")."""

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        ids = [int(x) for x in params["revids"].split("|")]
        self.asked.append(ids)
        pages: dict[int, list[dict[str, Any]]] = {}
        for r in ids:
            if r <= self.n:
                pages.setdefault(r // 10, []).append({
                    "revid": r, "parentid": r - 1, "user": "Alsu", "timestamp": "2026-11-05T12:00:00Z",
                    "size": r, "sha1": "s", "slots": {"main": {"content": f"text {r}"}}})
        yield {"pages": [{"pageid": p, "revisions": revs} for p, revs in pages.items()],
               "badrevids": {str(r): {"revid": r} for r in ids if r > self.n}}


def test_texts_by_id_come_one_answer_at_a_time_with_the_next_one_asked_meanwhile() -> None:
    wiki = Answers(n=140)
    chunks = wiki.revisions_by_id_chunks(range(1, 151), content=True)
    first = next(chunks)
    # While the caller works on the first answer, the second request is already out.
    until = time.monotonic() + 5
    while len(wiki.asked) < 2 and time.monotonic() < until:
        time.sleep(0.01)
    assert len(wiki.asked) >= 2
    rest = list(chunks)
    assert [len(a) for a in wiki.asked] == [BATCH, BATCH, BATCH]  # the same requests, in order
    assert wiki.asked == [list(range(1, 51)), list(range(51, 101)), list(range(101, 151))]
    got = [first, *rest]
    assert sorted(r for c in got for r in c.texts) == list(range(1, 141))
    assert got[2].missing == set(range(141, 151))
    whole = Answers(n=140).revisions_by_id(range(1, 151), content=True)
    assert whole.texts == {r: t for c in got for r, t in c.texts.items()}
    assert whole.pages == {r: p for c in got for r, p in c.pages.items()}
    assert whole.missing == set(range(141, 151))


def test_read_ahead_answers_in_order_and_raises_where_the_answer_would_be() -> None:
    seen: list[str] = []

    def call(n: int) -> int:
        seen.append(threading.current_thread().name)
        if n == 2:
            raise RuntimeError("the wiki did not answer")
        return n * 10

    answers = read_ahead([partial(call, n) for n in range(4)])
    assert next(answers) == 0
    assert next(answers) == 10
    with pytest.raises(RuntimeError):
        next(answers)
    assert len(seen) == 3  # nothing asked after the call that failed
    assert list(read_ahead([lambda: 1])) == [1]  # one call: no thread at all


def test_with_two_requests_in_flight_the_answers_still_come_in_the_order_asked() -> None:
    in_flight: list[int] = []
    most = 0

    def call(n: int) -> int:
        nonlocal most
        in_flight.append(n)
        most = max(most, len(in_flight))
        time.sleep(0.02 * (n % 3))  # later calls may finish first
        in_flight.remove(n)
        return n

    assert list(read_ahead([partial(call, n) for n in range(12)], ahead=2)) == list(range(12))
    assert most == 2
    assert list(read_ahead([])) == []


def test_api_timestamps_are_read_as_utc() -> None:
    assert ts("2026-11-05T12:00:07Z") == datetime(2026, 11, 5, 12, 0, 7, tzinfo=UTC)
    assert ts("2026-11-05T12:00:07Z").tzinfo is UTC
    for bad in ("2026-11-05", "2026-11-05T12:00:07+03:00", "2026-13-05T12:00:07Z", "x" * 20):
        with pytest.raises(ValueError):
            ts(bad)


class Facts(FakeWiki):
    """A wiki whose pages 1..n exist (page p titled "P p", latest revision 10 p); each request
    waits until another is in flight too (or 5 s), so it tells whether two went out at once."""

    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.together = threading.Barrier(2, timeout=5)

    def query(self, **params: Any) -> Iterator[dict[str, Any]]:
        ids = [int(x) for x in params["pageids"].split("|")]
        self.asked.append(ids)
        self.together.wait()
        yield {"pages": [{"pageid": p, "title": f"P {p}", "ns": 0, "lastrevid": 10 * p,
                          "revisions": [{"revid": 10 * p, "parentid": 0, "user": "Alsu",
                                         "timestamp": "2026-11-05T12:00:00Z", "size": p, "sha1": "s"}]}
                         for p in ids if p <= self.n]}


def test_page_facts_go_two_requests_at_a_time_and_come_back_whole() -> None:
    wiki = Facts(n=90)
    facts = wiki.page_facts(range(1, 101))  # two requests of 50: each waits for the other
    assert sorted(wiki.asked) == [list(range(1, 51)), list(range(51, 101))]
    assert sorted(facts) == list(range(1, 101))
    assert facts[7].title == "P 7" and facts[7].top is not None and facts[7].top.revid == 70
    assert not facts[95].exists

"""Requests sent ahead on worker threads while the bot works on the last answer.

A long batched read (page facts, revision texts) costs the longer of the wiki's work and
the bot's, not their sum; :func:`read_ahead` keeps what is asked, how often and in what
order exactly as calling the requests one by one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

AHEAD = 2
"""Requests in flight in a long batched read (page facts, revision texts) while the bot works
on the last answer: the wiki serves each on a worker of its own (500 texts cost it about as
long as the bot takes to measure them), so two keep it busy while the bot works."""


def read_ahead(calls: Sequence[Callable[[], T]], ahead: int = 1) -> Iterator[T]:
    """The answers of ``calls`` (requests), in order, the next ``ahead`` of them sent on
    worker threads while the caller works on the one before.

    The wiki answers on its own processor(s) while the bot works on the last answer, so a
    long read costs the longer of the two, not their sum; with ``ahead`` 2, two of the
    wiki's workers prepare answers at once. The calls are sent in the order given, each
    once, so what is asked, how often and what comes back are those of calling them one by
    one; an exception of a call comes out where its answer would have, and no new call is
    sent once it has. A caller that stops early still waits for the requests in flight (their
    answers are dropped).
    """
    if len(calls) < 2 or ahead < 1:
        yield from (call() for call in calls)
        return
    with ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="read-ahead") as workers:
        pending = deque(workers.submit(call) for call in calls[:ahead])
        for call in calls[ahead:]:
            got = pending.popleft().result()
            pending.append(workers.submit(call))
            yield got
        while pending:
            yield pending.popleft().result()

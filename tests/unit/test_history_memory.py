"""A long signup history is read and folded one API answer at a time (issue 16, memory).

The history of ``B/Participants`` grows with the square of its signups (about 70 MB of
text at 1,200 signups), and the API sends it in answers of up to 8 MiB. What an operator
checks is the bot's peak memory: it must hold about one answer, not the answer being
read beside the one before it. Here the wiki's answers are made in this process (the
session's transport is replaced, nothing else), each about ``ANSWER`` bytes of text, and
the whole read and fold, through :meth:`WikiSession.query`,
:meth:`WikiReads.history_chunks` and :func:`fold_signups`, is watched with
``tracemalloc``.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.trust import SignupLedger
from bot.trust.parsed import fold_signups
from bot.wiki import WikiSession

PAGE = "Project:Editathon/Kazan/Participants"
ALIASES = Aliases.build(templates={t: [] for t in CANONICAL_TEMPLATES})
ANSWERS = 3
PER_ANSWER = 20
FILLER = 100_000  # bytes of each revision's text besides its signup lines
ANSWER = PER_ANSWER * FILLER  # bytes of text in one answer


def page_text(signups: int) -> str:
    """The page after ``signups`` signups, each a signed line, under a long header (made
    anew each time, as a parsed answer's strings are)."""
    head = "<!-- " + "x" * FILLER + " -->\n"
    return head + "".join(f"# [[User:P{i}|P{i}]] 12:00, 1 November 2026 (UTC)\n" for i in range(1, signups + 1))


class Answers(WikiSession):
    """A session whose every API answer is made here: the history of a signup page in
    ``ANSWERS`` continued answers of ``PER_ANSWER`` revisions."""

    def __init__(self) -> None:
        self.simulate = True  # no login: reads 50 a request
        self.asked = 0

    @property
    def code(self) -> str:
        return "en"

    def request(self, **params: Any) -> dict[str, Any]:
        k = int(params.get("rvcontinue", 0))
        self.asked += 1
        revisions = [
            {"revid": 100 + n, "parentid": 99 + n if n else 0, "user": f"P{n}", "timestamp": "2026-11-01T12:00:00Z",
             "comment": "", "slots": {"main": {"content": page_text(n)}}}
            for n in range(k * PER_ANSWER, (k + 1) * PER_ANSWER)
        ]
        answer: dict[str, Any] = {"query": {"pages": [{"title": PAGE, "revisions": revisions}]}}
        if k + 1 < ANSWERS:
            answer["continue"] = {"rvcontinue": str(k + 1), "continue": "||"}
        return answer


def read_and_fold(session: Answers) -> tuple[SignupLedger, int]:
    """The signup page read and folded as a run does; (the ledger, peak traced bytes)."""
    tracemalloc.start()
    try:
        chunks: Iterator[Any] = session.history_chunks(PAGE)
        ledger = fold_signups(SignupLedger(), chunks, aliases=ALIASES, user_namespaces=frozenset({"User"}))
        return ledger, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_history_is_folded_holding_one_answer_at_a_time() -> None:
    session = Answers()
    ledger, peak = read_and_fold(session)
    assert session.asked == ANSWERS
    # Every signup of every answer was folded...
    assert [s.user for s in ledger.read(()).signups] == [f"P{i}" for i in range(1, ANSWERS * PER_ANSWER)]
    # ...holding one answer and the parse of one revision: each answer is let go before
    # the next is read (holding the last one meanwhile, as the loops did, peaked at 3 answers).
    assert peak < 2 * ANSWER, f"peak {peak / 2**20:.1f} MiB for answers of {ANSWER / 2**20:.1f} MiB"

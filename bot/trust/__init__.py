"""Trust read from page history (contract §3): which revision, line or decision counts.

Pure: each ledger is a small JSON-able state that new revisions are folded into
(``fold``), and read out with the people trusted now (``read`` and friends). The
store persists ledgers with ``to_json``/``from_json``; folding a revision twice
changes nothing.

- :class:`ContestLedger`: ``B``, read whole from its latest trusted revision.
- :class:`WorklistLedger`: a worklist, the same way, for organizers and admins.
- :class:`SignupLedger`: ``B/Participants`` (and ``B/Subscribers``).
- :class:`JuryLedger`: ``B/Jury`` decisions and suspensions.
"""

from bot.trust.contest import ContestLedger
from bot.trust.jury import JuryLedger, JuryResult
from bot.trust.page import TrustedPageState, WorklistLedger, fold_trusted
from bot.trust.revisions import RevisionMark
from bot.trust.signup import SignupLedger, SignupResult

__all__ = [
    "ContestLedger",
    "JuryLedger",
    "JuryResult",
    "RevisionMark",
    "SignupLedger",
    "SignupResult",
    "TrustedPageState",
    "WorklistLedger",
    "fold_trusted",
]

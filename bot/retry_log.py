"""One clear log line per retry when a wiki does not answer, instead of pywikibot's tracebacks.

When a request fails, pywikibot logs ``An error occurred for uri ...``, then the whole
traceback at ERROR, then ``Waiting N seconds before retrying.`` -- for every retry, so a
wiki that is down fills the operator's log. :class:`RetryLog` is a filter on pywikibot's
``pywiki`` logger (where those records go; it imports nothing of pywikibot): it drops the
first two, keeps the traceback for ``-v`` (DEBUG on ``editathon.wiki``), and rewrites the
third into ``wiki tt: no answer from http://... (Connection refused); retry 1 in 1 s``.
It remembers the last reason per wiki, so the run's summary can say why a wiki failed
(:meth:`RetryLog.why`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlsplit

log = logging.getLogger("editathon.wiki")

_WAITING = re.compile(r"Waiting ([\d.]+) seconds before retrying\.")
#: pywikibot's verbose line after the traceback: ``URI, PARAMS`` of the request that failed.
_URI_LINE = re.compile(r"(https?://[^\s,]+), ")
#: A time-out's traceback names the server: ``HTTPConnectionPool(host='h', port=p)``.
_HOST_PORT = re.compile(r"host='([^']+)', port=(\d+)")
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^\"')\]]+)")


def reason_of(traceback: str) -> str:
    """The short reason at the end of a traceback: ``Connection refused``, ``Read timed out``."""
    last = next((line for line in reversed(traceback.strip().splitlines()) if line.strip()), "")
    errno = _ERRNO.search(last)
    if errno:
        return errno.group(1).strip()
    if "timed out" in last:
        return "timed out"
    kind, _, detail = last.partition(": ")
    kind = kind.rsplit(".", 1)[-1] or "error"
    return f"{kind}: {detail[:120]}" if detail else kind


class RetryLog(logging.Filter):
    """The filter described in the module docstring; ``hosts`` maps ``host:port`` to a wiki."""

    def __init__(self, hosts: Mapping[str, str]) -> None:
        super().__init__()
        self.hosts = dict(hosts)
        self.retries: Counter[str] = Counter()
        self.reasons: dict[str, str] = {}
        self._uri = ""
        self._reason = ""
        self._answered = ""  # host:port of the last answer (a 5xx is one): see answered()

    def _wiki(self, uri: str) -> str:
        netloc = urlsplit(uri).netloc
        return self.hosts.get(netloc, netloc or "?")

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record we cannot read is not ours to judge
            return True
        if message.startswith("An error occurred for uri "):
            self._uri = message.removeprefix("An error occurred for uri ").strip()
            return False
        if record.levelno >= logging.ERROR and message.startswith("Traceback (most recent call last)"):
            self._reason = reason_of(message)
            server = _HOST_PORT.search(message)
            if server and not self._uri:  # a time-out names its server, not its request
                self._uri = f"http://{server.group(1)}:{server.group(2)}"
            elif "ServerError" in self._reason and not self._uri and self._answered:
                self._uri = f"http://{self._answered}"  # the 5xx answer came from there
            log.debug("pywikibot: %s", message)
            return False
        uri = _URI_LINE.match(message) if self._reason and record.levelno < logging.WARNING else None
        if uri:  # a 5xx or a time-out has no "An error occurred" line: the request is named here
            self._uri = uri.group(1)
            return False
        waiting = _WAITING.fullmatch(message.strip())
        if waiting and self._reason:
            wiki = self._wiki(self._uri)
            self.retries[wiki] += 1
            self.reasons[wiki] = self._reason
            record.msg = (
                f"wiki {wiki}: no answer from {self._uri or 'the wiki'} ({self._reason}); "
                f"retry {self.retries[wiki]} in {float(waiting.group(1)):g} s"
            )
            record.args = ()
            self._reason = self._uri = ""  # the next failure names its own request
            return True
        return True

    def answered(self, netloc: str) -> None:
        """The host:port an answer just came from (the bot's request counter tells)."""
        self._answered = netloc

    def why(self, wiki: str) -> str:
        """`` after N retries (reason)`` for a wiki that failed, or ``""``."""
        if not self.retries[wiki]:
            return ""
        n = self.retries[wiki]
        return f" after {n} {'retry' if n == 1 else 'retries'} ({self.reasons.get(wiki, '?')})"


def install(hosts: Mapping[str, str]) -> RetryLog:
    """Put one :class:`RetryLog` on pywikibot's logger (replacing an earlier one)."""
    logger = logging.getLogger("pywiki")
    for old in [f for f in logger.filters if isinstance(f, RetryLog)]:
        logger.removeFilter(old)
    retry_log = RetryLog(hosts)
    logger.addFilter(retry_log)
    return retry_log


def answered(netloc: str) -> None:
    """:meth:`RetryLog.answered` of the installed filter (nothing when none is installed)."""
    for f in logging.getLogger("pywiki").filters:
        if isinstance(f, RetryLog):
            f.answered(netloc)


def why(wiki: str) -> str:
    """:meth:`RetryLog.why` of the installed filter (``""`` when none is installed)."""
    found = [f for f in logging.getLogger("pywiki").filters if isinstance(f, RetryLog)]
    return found[-1].why(wiki) if found else ""

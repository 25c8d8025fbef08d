"""The SPARQL edge: the only module that talks HTTP to a query service (through requests).

It speaks the protocol of the Wikidata Query Service, which any SPARQL 1.1 endpoint
understands: the query as a form parameter, ``Accept: application/sparql-results+json``.
Short queries go as GET (cacheable, as the service asks), long ones (a list of items)
as a form POST. Why requests and not pywikibot's ``SparqlQuery``: pywikibot reaches a
query service through a site's family (a Wikibase repository), and the local test
engine is no wiki; a plain HTTP client keeps the edge one small module with one job.

Every failure is a :class:`SparqlError` whose message says what happened and what to
do: the service did not answer in time, asked us to wait (HTTP 429 and its
``Retry-After``), failed (5xx), refused the query (4xx), or answered with something
that is not SPARQL results. Nothing is retried here: the caller decides, and a failed
draft must leave every page as it was.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests

log = logging.getLogger(__name__)

GET_LIMIT = 4000
"""Longest URL-encoded query sent as GET; longer ones are POSTed."""


class SparqlError(Exception):
    """The query service could not answer; the message says why and what to do."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Endpoint:
    """A SPARQL endpoint and the number of requests sent to it."""

    url: str
    user_agent: str
    timeout: float = 65.0
    requests: int = 0
    _session: Any = field(default=None, repr=False)

    def select(self, query: str) -> list[dict[str, str]]:
        """The rows of a SELECT query: variable -> value (IRIs and literals as strings)."""
        self.requests += 1
        session = self._session or requests.Session()
        self._session = session
        headers = {"Accept": "application/sparql-results+json", "User-Agent": self.user_agent}
        where = f"the query service {self.url}"
        try:
            if len(urlencode({"query": query})) <= GET_LIMIT:
                resp = session.get(self.url, params={"query": query}, headers=headers,
                                   timeout=self.timeout)
            else:
                resp = session.post(self.url, data={"query": query}, headers=headers,
                                    timeout=self.timeout)
        except requests.Timeout:
            raise SparqlError(
                f"{where} did not answer within {self.timeout:g} s. The territory may be too "
                "large for one query: try again later, or with a smaller page size."
            ) from None
        except requests.RequestException as exc:
            raise SparqlError(f"{where} could not be reached ({exc.__class__.__name__}: {exc}). "
                              "Check the endpoint in the config and the network.") from None
        log.debug("sparql %s -> %s (%d bytes)", self.url, resp.status_code, len(resp.content))
        if resp.status_code == 429:
            header = resp.headers.get("Retry-After")
            wait = _retry_after(header)
            when = (f" after {wait} s" if wait is not None
                    else f" after {header.strip()}" if header and header.strip() else " later")
            raise SparqlError(
                f"{where} asks us to slow down (HTTP 429, too many requests). Try again{when}.",
                retry_after=wait,
            )
        if resp.status_code >= 500:
            raise SparqlError(
                f"{where} failed (HTTP {resp.status_code}{_reason(resp)}). It may be overloaded "
                "or the query took too long; try again later."
            )
        if resp.status_code >= 400:
            raise SparqlError(
                f"{where} refused the query (HTTP {resp.status_code}{_reason(resp)}). Check that "
                "the endpoint in the config is a SPARQL endpoint (for Wikidata: "
                "https://query.wikidata.org/sparql)."
            )
        return _rows(resp.content, where)


def _rows(body: bytes, where: str) -> list[dict[str, str]]:
    bad = (f"{where} answered with something that is not SPARQL JSON results; check that the "
           "endpoint in the config is a SPARQL endpoint, and try again later.")
    try:
        data = json.loads(body)
        bindings = data["results"]["bindings"]
        if not isinstance(bindings, list):
            raise SparqlError(bad)
        return [{str(k): str(v["value"]) for k, v in row.items()} for row in bindings]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise SparqlError(bad) from None


def _retry_after(value: str | None) -> int | None:
    """Seconds from a Retry-After header (seconds, or an HTTP date: then None)."""
    if value is None:
        return None
    try:
        return max(0, int(value.strip()))
    except ValueError:
        return None


def _reason(resp: Any) -> str:
    text = " ".join((resp.text or "").split())[:200]
    return f": {text}" if text else ""

"""Argument helpers the console commands share."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime


def parse_now(value: str | None) -> datetime:
    """``--now`` / $EDITATHON_NOW (ISO 8601, UTC if no zone), else the real clock."""
    value = value or os.environ.get("EDITATHON_NOW")
    if not value:
        return datetime.now(UTC)
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def iso_time(value: str) -> str:
    """An argparse type: ``value`` unchanged when it is an ISO 8601 time, else a usage error."""
    try:
        parse_now(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time (e.g. 2026-11-20T12:00:00Z)") from None
    return value


def now_or_complain(value: str | None) -> datetime | None:
    """:func:`parse_now`, or None after saying on stderr what is wrong with ``--now``."""
    try:
        return parse_now(value)
    except ValueError:
        print(f"editathon: --now {value!r} is not an ISO 8601 time (e.g. 2026-11-20T12:00:00Z)",
              file=sys.stderr)
        return None


def positive(kind: type[float] | type[int]) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            x = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
        if x <= 0:
            raise argparse.ArgumentTypeError(f"{value!r} must be more than 0")
        return x

    return parse

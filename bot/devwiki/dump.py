"""Write page histories as a MediaWiki XML export (schema 0.11), and read user names back.

Tests need wikis whose history happened in the past (an October contest checked in November),
which no API can create: only an XML import keeps historic timestamps. Writing the XML by hand is
error-prone, so tests describe pages and revisions as Python data and :func:`build_dump` writes
what ``maintenance/importDump.php`` expects, including the base-36 SHA-1 MediaWiki itself stores
(the bot compares revision hashes to find reverts, so imported revisions must carry real ones).
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def sha1_base36(text: str) -> str:
    """Return MediaWiki's ``rev_sha1`` of ``text``: SHA-1 in base 36, zero-padded to 31 digits."""
    number = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(_BASE36[rest])
    return "".join(reversed(digits)).rjust(31, "0")


def mw_timestamp(value: datetime | str) -> str:
    """Normalise a time to the export format ``2026-10-05T10:00:00Z`` (UTC).

    Naive datetimes are taken as UTC; strings may be ISO 8601 (``Z`` or an offset) or
    MediaWiki's 14-digit form.
    """
    if isinstance(value, str):
        if re.fullmatch(r"\d{14}", value):
            value = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        else:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_ip(user: str) -> bool:
    try:
        ipaddress.ip_address(user)
    except ValueError:
        return False
    return True


@dataclass
class DumpRevision:
    """One historic revision: who saved what, when, with which summary."""

    user: str
    timestamp: datetime | str
    text: str
    comment: str = ""
    minor: bool = False


@dataclass
class DumpPage:
    """A page and its revisions (any order; they are written oldest first)."""

    title: str
    revisions: list[DumpRevision] = field(default_factory=list)


def _revision_xml(rev: DumpRevision) -> str:
    if _is_ip(rev.user):
        contributor = f"<ip>{escape(rev.user)}</ip>"
    else:
        contributor = f"<username>{escape(rev.user)}</username>"
    data = rev.text.encode("utf-8")
    parts = [
        "    <revision>",
        f"      <timestamp>{mw_timestamp(rev.timestamp)}</timestamp>",
        f"      <contributor>{contributor}</contributor>",
    ]
    if rev.minor:
        parts.append("      <minor/>")
    if rev.comment:
        parts.append(f"      <comment>{escape(rev.comment)}</comment>")
    parts += [
        "      <model>wikitext</model>",
        "      <format>text/x-wiki</format>",
        f'      <text bytes="{len(data)}" xml:space="preserve">{escape(rev.text)}</text>',
        f"      <sha1>{sha1_base36(rev.text)}</sha1>",
        "    </revision>",
    ]
    return "\n".join(parts)


def build_dump(pages: list[DumpPage], lang: str = "en") -> str:
    """Return an XML export (schema 0.11) of ``pages`` for ``importDump.php``.

    Page and revision ids are left out on purpose: the importer assigns new ones anyway, and a
    test should look revisions up by page and time, not by ids it made up.
    """
    out = [
        f'<mediawiki xmlns="{EXPORT_NS}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-0.11.xsd" '
        f'version="0.11" xml:lang="{escape(lang)}">'
    ]
    for page in pages:
        out.append("  <page>")
        out.append(f"    <title>{escape(page.title)}</title>")
        revisions = sorted(page.revisions, key=lambda r: mw_timestamp(r.timestamp))
        out.extend(_revision_xml(rev) for rev in revisions)
        out.append("  </page>")
    out.append("</mediawiki>")
    return "\n".join(out) + "\n"


@dataclass
class DumpScan:
    """What the harness needs to know about an export before importing it."""

    usernames: set[str]
    first: str | None  # earliest revision timestamp, export format
    last: str | None


def scan_dump(xml: str | Path) -> DumpScan:
    """Read the contributors and the time range of an XML export (text or file).

    The importer attributes a revision to a local account only if that account exists at import
    time (otherwise it records ``imported>Name`` with no user id), so the harness creates these
    accounts first; the time range limits the recent-changes rebuild to the imported history.
    """
    source: str | io.BytesIO = str(xml) if isinstance(xml, Path) else io.BytesIO(xml.encode())
    names: set[str] = set()
    stamps: list[str] = []
    for _event, elem in ET.iterparse(source, events=("end",)):
        tag = elem.tag.rsplit("}", 1)[-1]
        if tag == "username" and elem.text:
            names.add(elem.text.strip().replace("_", " "))
        elif tag == "timestamp" and elem.text:
            stamps.append(mw_timestamp(elem.text.strip()))
        elif tag == "page":
            elem.clear()
    return DumpScan(names, min(stamps, default=None), max(stamps, default=None))


def dump_usernames(xml: str | Path) -> set[str]:
    """The registered user names (not IPs) that contributed to an XML export."""
    return scan_dump(xml).usernames

"""What a person sees as broken on a page, from MediaWiki's own ``action=parse`` output.

Pure: takes the parse result (HTML, language links, categories, templates) and what
the page should be (its wiki's language and time zone, whether localized template
names are installed there) and returns the defects found, each a short sentence.
Used by ``test_pages_read.py`` on every page the bot and the kit write.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.aliases import CANONICAL_TEMPLATES

#: Every message key of the catalog: one showing on a page is an untranslated key.
MESSAGE_KEYS = frozenset(
    k
    for k in json.loads((Path(__file__).resolve().parents[2] / "bot/messages/en.json").read_text("utf-8"))
    if not k.startswith("@")
)

#: The contract's English template names besides the bare "Editathon" (which is also
#: the bot's own name, "Editathon Bot"), and its verdict keywords as typed in a line.
ENGLISH_TEMPLATES = tuple(t for t in CANONICAL_TEMPLATES if t != "Editathon")
_ENGLISH_KEYWORD = re.compile(r"\|\s*(accept|reject)\s*[|}]")
_ENGLISH_SUBPAGE = re.compile(
    r'href="[^"]*/(Participants|Leaderboard|Worklist|Jury|Queue|Worklist_status|Subscribers)(["&?#])'
)


#: The template namespace's name on the en, ru and tt wikis.
TEMPLATE_NAMESPACES = frozenset({"Template", "Шаблон", "Калып"})


@dataclass(frozen=True)
class Parsed:
    """The parts of an ``action=parse`` answer (formatversion 2) the checks read."""

    html: str
    langlinks: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    missing_templates: list[str] = field(default_factory=list)

    @staticmethod
    def from_api(answer: dict) -> Parsed:
        p = answer["parse"]
        return Parsed(
            html=p.get("text", ""),
            langlinks=[f"{ll['lang']}:{ll['title']}" for ll in p.get("langlinks", [])],
            categories=[c["category"] for c in p.get("categories", [])],
            missing_templates=[t["title"] for t in p.get("templates", []) if not t.get("exists", False)],
        )


def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def visible_text(page_html: str, *, with_code: bool = False) -> str:
    """What a reader reads: tags dropped, entities decoded; without ``<code>``/``<pre>``
    blocks (the lines to copy, which show wikitext on purpose) unless ``with_code``."""
    text = re.sub(r"<!--.*?-->", "", page_html, flags=re.S)
    if not with_code:
        text = re.sub(r"<(code|pre)\b[^>]*>.*?</\1>", " ", text, flags=re.S)
    return _strip(text)


@dataclass(frozen=True)
class Expect:
    """What the page should be like."""

    lang: str  # the wiki's language
    timezone: str  # the wiki's own time zone ($wgLocaltimezone)
    localized: bool  # localized template names are installed on the wiki
    revision_time: datetime | None = None  # the page's last revision (UTC); None: no data-time line


def _data_time(text: str) -> tuple[str, str] | None:
    """(time, zone) of the page's "data as of 2026-11-05 14:03 (Europe/Moscow)" footer: the
    last date, time and parenthesised label on the page, whatever the message says."""
    found = re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d) \(([^()]+)\)", text)
    return found[-1] if found else None


def defects(parsed: Parsed, expect: Expect) -> list[str]:
    """Everything on the parsed page that a person would see as broken."""
    out: list[str] = []
    page = parsed.html
    text = visible_text(page)
    everything = visible_text(page, with_code=True)
    if re.search(r'class="[^"]*\b(error|scribunto-error)\b', page):
        m = re.search(r'class="[^"]*\berror\b[^"]*"[^>]*>(.*?)</', page, re.S)
        out.append(f"MediaWiki error: {_strip(m.group(1)) if m else '?'}")
    for token in ("{{{", "{{", "[[", "|}", "]]", "}}"):
        if token in text:
            at = text.index(token)
            out.append(f"unexpanded {token!r}: …{text[max(0, at - 40):at + 40]!r}…")
    if parsed.langlinks:
        out.append(f"interlanguage links by accident: {parsed.langlinks}")
    if parsed.categories:
        out.append(f"categories by accident: {parsed.categories}")
    if parsed.missing_templates:
        out.append(f"red links to templates: {parsed.missing_templates}")
    red = [t for t in re.findall(r'<a [^>]*class="new"[^>]*title="([^"]+)"', page)
           if t.split(":", 1)[0] in TEMPLATE_NAMESPACES]
    if red:
        out.append(f"red links to templates: {red}")
    keys = [w for w in re.findall(r"[a-z]+(?:-[a-z]+)+", everything) if w in MESSAGE_KEYS]
    if keys or "⧼" in everything:
        out.append(f"message keys instead of text: {sorted(set(keys)) or re.findall(r'⧼[^⧽]*⧽', everything)}")
    if expect.revision_time is not None:
        found = _data_time(text)
        if found is None:
            out.append("no 'data as of' line with a time and its zone")
        else:
            shown, zone = found
            local = expect.revision_time.astimezone(ZoneInfo(expect.timezone)).strftime("%Y-%m-%d %H:%M")
            if zone.strip() != expect.timezone:
                out.append(f"wrong time-zone label: {zone!r}, the wiki's zone is {expect.timezone}")
            elif shown != local:
                out.append(f"data time {shown} is not the revision time {local} ({expect.timezone})")
    if expect.localized and expect.lang != "en":
        english = [t for t in ENGLISH_TEMPLATES if t in everything]
        if english:
            out.append(f"English template names on a {expect.lang} page: {english}")
        if _ENGLISH_KEYWORD.search(everything):
            out.append(f"English keywords on a {expect.lang} page: {_ENGLISH_KEYWORD.findall(everything)}")
        sub = _ENGLISH_SUBPAGE.search(page)
        if sub:
            out.append(f"English subpage name on a {expect.lang} page: /{sub.group(1)}")
    return out

"""Lines the yearly features add to a contest's pages (issue 21): editions and extensions.

Kept apart from the page layouts so each page adds them with one call: the previous and
the next edition's links (each edition's pages link both ways), and who has more time.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Catalog
from bot.model import ContestSettings, Extension, PageRef
from bot.render.links import escape_text, page_link, user_link
from bot.render.tables import Cell, Column, wikitable
from bot.years import EditionFigures


def edition_links(previous: PageRef | None, following: PageRef | None, home: str, cat: Catalog) -> str:
    """``Previous edition: [[X]] · Next edition: [[Y]]``, or "" when there is neither."""
    parts = []
    if previous is not None:
        parts.append(cat.text("edition-previous", page=page_link(previous.title, previous.wiki, home)))
    if following is not None:
        parts.append(cat.text("edition-next", page=page_link(following.title, following.wiki, home)))
    return " · ".join(parts)


def extension_lines(extensions: Sequence[Extension], settings: ContestSettings, cat: Catalog) -> str:
    """One bullet per extension: whose edits (or which wiki's) count until when, and why."""
    if not extensions:
        return ""
    lines = [cat.text("extension-intro")]
    for e in extensions:
        until = cat.date(e.until)
        comment = cat.text("extension-comment", comment=escape_text(e.comment)) if e.comment else ""
        if e.user is not None:
            line = cat.text("extension-user", user=user_link(e.user), until=until)
        else:
            line = cat.text("extension-wiki", wiki=escape_text(e.wiki or ""), until=until)
        lines.append(f"* {line} {comment}".rstrip())
    return "\n".join(lines)


def extras(settings: ContestSettings, extensions: Sequence[Extension], previous: PageRef | None,
           following: PageRef | None, cat: Catalog) -> str:
    """What follows the state line: the editions' links and the extensions (or "")."""
    blocks = [b for b in (edition_links(previous, following, settings.wiki, cat),
                          extension_lines(extensions, settings, cat)) if b]
    return "".join("\n\n" + b for b in blocks)


def years_table(rows: Sequence[EditionFigures], home: str, cat: Catalog) -> str:
    """The editions side by side (:mod:`bot.years`), oldest first, or "" with only one."""
    if len(rows) < 2:
        return ""

    def num(value: int | None) -> Cell:
        return Cell("—", sort="-1") if value is None else Cell(cat.number(value), sort=str(value))

    columns = [Column(cat.text(k)) for k in (
        "years-col-edition", "umbrella-col-participants", "years-col-returning", "years-col-new-accounts",
        "umbrella-col-entries", "umbrella-col-bytes", "years-col-coverage")]
    columns += [Column(cat.text("years-col-active", days=d)) for d, _ in rows[0].active]
    body = []
    for r in rows:
        cover = " · ".join(f"{w}: {cat.number(n)}/{cat.number(t)}" for w, n, t in r.coverage) or "—"
        body.append([Cell(page_link(r.title, r.wiki, home, label=str(r.year)), sort=str(r.year)),
                     num(r.participants), num(r.returning), num(r.new_accounts), num(r.entries),
                     num(r.bytes_added), Cell(cover), *(num(n) for _, n in r.active)])
    return f"=== {cat.text('years-heading')} ===\n{cat.text('years-intro')}\n\n{wikitable(columns, body)}"

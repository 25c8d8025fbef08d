"""Creating the kit's pages on a wiki, never overwriting anybody's work (``kit new``,
``kit install-templates``, ``kit next``): each page is saved ``createonly``, after a
check of which exist, and the new contest is recorded in the bot's state."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TextIO

from bot.config import BotConfig
from bot.kit import KitError, KitPage
from bot.parse.values import parse_date

if TYPE_CHECKING:
    from bot.wiki import WikiSession


def remember_contest(cfg: BotConfig, wiki: str, title: str) -> None:
    """Tell the bot's state that ``title`` is a contest, so its next run reads it.

    The bot finds new contests in the recent changes, leaving out its own edits (its
    leaderboards are no contests); a page the kit made is one of its own edits, so the
    kit records the contest itself instead.
    """
    from bot.store import Store

    store = Store.open(cfg.state)
    try:
        store.add_contest(wiki, title, datetime.now(UTC))
        store.set_contest_gone(wiki, title, False)
    finally:
        store.close()


def existing_pages(session: WikiSession, titles: Sequence[str]) -> dict[str, bool]:
    revids = session.latest_revids(list(titles))
    return {t: bool(revids.get(t)) for t in titles}


def create_pages(session: WikiSession, pages: Sequence[KitPage], existing: dict[str, bool], summary: str,
            simulate: bool, out: TextIO) -> int:
    """Create each page that does not exist; print what happens to every page."""
    from bot.wiki_reads import SaveRefused, WikiError

    where = session.code
    todo = [p for p in pages if not existing.get(p.title)]
    for page in pages:
        if existing.get(page.title):
            print(f"exists, left as it is: {where}:{page.title} ({page.what})", file=out)
    if simulate:
        for page in todo:
            print(f"would create {where}:{page.title} ({page.what}):", file=out)
            print("-" * 72, file=out)
            print(page.text, file=out)
            print("-" * 72, file=out)
        print(f"simulated: {len(todo)} page(s) would be created on {where}; nothing was written.", file=out)
        return 0
    if todo and session.stopped():
        print(f"editathon kit: User:{session.bot.username}/Stop on {where} has text: the bot makes "
              "no edit there. Empty that page first.", file=sys.stderr)
        return 1
    failed = 0
    made = 0
    for page in todo:
        try:
            session.save(page.title, page.text, summary, minor=False, createonly=True)
        except SaveRefused as exc:
            failed += 1
            print(f"refused: {where}:{page.title}: {exc}", file=out)
            continue
        except WikiError:
            if existing_pages(session, [page.title])[page.title]:  # made by someone since the check
                print(f"exists, left as it is: {where}:{page.title} ({page.what})", file=out)
                continue
            raise
        made += 1
        print(f"created {where}:{page.title} ({page.what})", file=out)
    print(f"{made} page(s) created on {where}, {len(pages) - len(todo)} left as they were"
          + (f", {failed} refused" if failed else "") + ".", file=out)
    return 1 if failed else 0


def option_day(value: str | None, option: str) -> date | None:
    """A date given on the command line (``--start``, ``--end`` of ``kit new`` and ``kit next``)."""
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise KitError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01.")
    return day

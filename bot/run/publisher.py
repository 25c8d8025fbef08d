"""The one place that decides whether a run writes anything, and writes it.

Every save of a run goes through a :class:`Publisher`: the pages the bot renders
(leaderboards, queues, worklist status, the status page) and the sections it adds
to talk pages (notices). It alone

- compares a page's rendered text with the digest of what the bot last wrote there
  (an unchanged page is no edit, and costs no request when nobody else edited it);
- checks ``User:BOTNAME/Stop`` before a wiki's first edit of each contest (contract §5);
- honours ``--simulate``: it then reads what it must, records the diff it would make
  in the run's summary, and saves nothing;
- saves each page at most once per run: a second save of the same page in one run
  (two contests naming one subpage) is left out and said in the progress;
- treats a save the wiki refuses (protection, ``contenttoobig``, spam blacklist, abuse
  filter, a block) as a failure of that page, never as done: it goes into the run's
  summary (exit code 1) and :meth:`Publisher.refusal` tells the contest; a page over the
  wiki's ``maxarticlesize`` is never sent (some wikis' web servers refuse a big request
  before MediaWiki can say why);
- says who stopped a wiki and since when, in the summary, when its stop page holds text;
- writes a page split into parts (:meth:`Publisher.save_parts`, :mod:`bot.render.parts`):
  each part like any page, and the parts an earlier, longer version of the page had
  emptied with a note, so none keeps stale data.

Notices keep their own exactly-once bookkeeping (:mod:`bot.run.notify`); what they
record is recorded only when :meth:`Publisher.records` says so: a simulated run records
nothing either.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Callable, Mapping, Sequence

from bot.i18n import catalog
from bot.model import SubpageNames
from bot.render.parts import part_title, unused_part
from bot.run.context import RunContext
from bot.store import Store
from bot.wiki import PageExists, SaveRefused, WikiSession

#: The store's ledger (under the first part's title) of how many parts a page has had.
PARTS_LEDGER = "parts"


def page_budget(limit: int) -> int:
    """The most bytes the renderer puts on one page (part) of a wiki whose
    ``maxarticlesize`` is ``limit``: 5 % (at least 4 KiB) stays free, for what a
    renderer estimates rather than measures and for the wiki's own changes on save."""
    return max(1024, limit - max(4096, limit // 20))


def known_parts(store: Store, wiki: str, first: str) -> list[str]:
    """Titles of the parts after the first that the bot has written for ``first``
    (its earlier runs, longer pages included): the contest's pages read their latest
    revisions with the others, so a hand edit of a part is seen and restored."""
    record = store.ledger(wiki, first, PARTS_LEDGER) or {}
    return [part_title(first, n) for n in range(2, int(record.get("highest", 1)) + 1)]


def contest_parts(store: Store, wiki: str, sub: SubpageNames) -> list[str]:
    """The parts after the first of a contest's split pages (leaderboard, queue): read
    with its other pages' latest revisions, in the same request."""
    return [*known_parts(store, wiki, sub.leaderboard), *known_parts(store, wiki, sub.queue)]


class Publisher:
    """Guarded writes of one run (see the module docstring)."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self._stopped: dict[str, bool] = {}
        self._saved: set[tuple[str, str]] = set()
        self._refused: dict[tuple[str, str], str] = {}
        self._held: set[tuple[str, str]] = set()

    # ------------------------------------------------------------ the stop page

    def stopped(self, session: WikiSession, ahead: str | None = None) -> bool:
        """True when the wiki's stop page has text (read once per contest, see :meth:`recheck`);
        ``ahead``: a page whose latest text is read next, asked for in the same request."""
        if session.code not in self._stopped:
            notice = session.stop_notice([ahead]) if ahead else session.stop_notice()
            self._stopped[session.code] = notice is not None
            if notice is not None:
                who, since = notice
                self.ctx.summary.stopped[session.code] = f"by {who or 'someone'} since {since}"
                self.ctx.progress(f"{session.code}: User:{self.ctx.cfg.username}/Stop has text "
                                  f"(by {who} since {since}): no edits on this wiki")
        return self._stopped[session.code]

    def recheck(self) -> None:
        """Read each wiki's stop page again before the next contest's writes (contract §5)."""
        self._stopped.clear()

    def held(self, session: WikiSession) -> bool:
        """True when edits on this wiki are held back now: its stop page has text.

        A simulated run is never held: it shows what it would do.
        """
        return not self.ctx.simulate and self.stopped(session)

    # ------------------------------------------------------------ pages

    def save_page(self, session: WikiSession, title: str, text: str, summary: str,
                  current_revid: int | None = None, *, new: bool = False) -> int:
        """Save ``title`` if its content changed since the bot last wrote it. Returns edits made.

        ``current_revid`` is the page's latest revision if this run knows it (0: the page
        does not exist), None if not: a page someone else edited is read and restored, a
        page known to be missing is not read at all. ``new``: a page the bot has never
        written and no one is expected to have made (a split page's new numbered part):
        it is not read first but saved with ``createonly``; if it exists after all, it is
        read then and handled like a page someone else edited.
        """
        key = (session.code, title)
        if key in self._saved:
            self.ctx.progress(f"{session.code}: {title} was written already in this run: not again")
            return 0
        self._saved.add(key)
        ctx = self.ctx
        digest = hashlib.sha256(text.encode()).hexdigest()
        prev = ctx.store.written(session.code, title)
        if prev and prev[0] == digest and current_revid in (None, prev[1]):
            return 0
        old: str | None = None
        new = new and prev is None and current_revid is None and not ctx.simulate
        if current_revid != 0 and not new and (
                prev is None or (current_revid is not None and current_revid != prev[1])):
            if not ctx.simulate and session.code not in self._stopped:
                self.stopped(session, ahead=title)  # checked before this contest's writes anyway
            old = self._read_if_same(session, title, text, digest)
            if old is None:
                return 0
        if ctx.simulate:
            if old is None:
                read = session.page_text(title) if current_revid != 0 else None
                old = read[0] if read else ""
            diff = "".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{session.code}:{title} (now)", tofile=f"{session.code}:{title} (would be)"))
            ctx.summary.diffs.append(diff or f"{session.code}:{title}: would be written\n")
            return 0
        if self.stopped(session):
            self._held.add(key)
            return 0
        size, limit = len(text.encode()), session.max_page_bytes()
        if size > limit:
            self._refuse(session.code, title, f"{size:,} bytes, over the wiki's size limit of {limit:,}")
            return 0
        try:
            try:
                revid = session.save(title, text, summary, createonly=new)
            except PageExists:  # made by someone else: read it, as any page edited by hand
                if self._read_if_same(session, title, text, digest) is None:
                    return 0
                revid = session.save(title, text, summary)
        except SaveRefused as exc:
            self._refuse(session.code, title, str(exc))
            return 0
        ctx.store.set_written(session.code, title, digest, revid, ctx.now)
        ctx.progress(f"{session.code}: wrote {title}")
        return 1

    def _read_if_same(self, session: WikiSession, title: str, text: str, digest: str) -> str | None:
        """The page's text as it stands ("" if missing), or None when it already says ``text``
        (it is then recorded as the bot's own save, and there is nothing to write)."""
        got = session.page_text(title)
        if got and got[0].rstrip() == text.rstrip():
            self.ctx.store.set_written(session.code, title, digest, got[1], self.ctx.now)
            return None
        return got[0] if got else ""

    def save_parts(self, session: WikiSession, title: str, texts: Sequence[str], summary: str,
                   revids: Mapping[str, int]) -> int:
        """Save a page split into parts: ``texts[0]`` at ``title``, the N-th at ``title/N``.

        Parts an earlier run wrote beyond the ones needed now are emptied with a note
        saying the page fits on fewer parts (a reader who kept a link learns where the
        ranking is; nothing stale stays there). Returns edits made. ``revids`` are the
        latest revisions this run knows (see :meth:`save_page`).
        """
        edits = 0
        store = self.ctx.store
        record = store.ledger(session.code, title, PARTS_LEDGER) or {}
        highest = int(record.get("highest", 1))
        # The last part first, the page itself last: when a reader opens the page, the
        # parts it links exist (a link saved before its target shows red until re-rendered).
        # A part beyond any the bot has written (a first run's, or the page grew) is new:
        # the contest pages' read did not ask for it, and it is saved without a read.
        for n in range(len(texts), 0, -1):
            t = part_title(title, n)
            edits += self.save_page(session, t, texts[n - 1], summary, revids.get(t), new=n > highest)
        cat = catalog(self.ctx.cfg.wikis[session.code].language)
        for n in range(len(texts) + 1, highest + 1):
            t = part_title(title, n)
            if revids.get(t) == 0:
                continue  # never saved (refused, or deleted since): nothing stale to empty
            edits += self.save_page(session, t, unused_part(title, n, len(texts), cat),
                                    cat.text("summary-part-unused", page=title, docs=self.ctx.cfg.docs_page),
                                    revids.get(t))
        if not self.ctx.simulate and max(highest, len(texts)) != int(record.get("highest", 0)):
            store.set_ledger(session.code, title, PARTS_LEDGER, {"highest": max(highest, len(texts))})
        return edits

    def part_titles(self, wiki: str, title: str, count: int) -> list[str]:
        """Every title of a page of ``count`` parts, with the unused parts an earlier run left."""
        record = self.ctx.store.ledger(wiki, title, PARTS_LEDGER) or {}
        return [part_title(title, n) for n in range(1, max(count, int(record.get("highest", 1))) + 1)]

    def _refuse(self, wiki: str, title: str, why: str) -> None:
        self._refused[(wiki, title)] = why
        self.ctx.summary.refused.append(f"{wiki}:{title}: {why}")
        self.ctx.progress(f"{wiki}: {title} NOT SAVED: {why}")

    def refusal(self, wiki: str, title: str) -> str | None:
        """Why the wiki did not save ``title`` in this run (None: saved, unchanged or not tried)."""
        return self._refused.get((wiki, title))

    def was_held(self, wiki: str, title: str) -> bool:
        """Whether a stop page held back this run's edit of ``title``."""
        return (wiki, title) in self._held

    def is_written(self, session: WikiSession, text: str, title: str) -> bool:
        """Whether ``title`` shows ``text`` now, as far as the bot's own saves tell."""
        written = self.ctx.store.written(session.code, title)
        return bool(written and written[0] == hashlib.sha256(text.encode()).hexdigest())

    # ------------------------------------------------------------ talk-page sections

    def add_section(self, session: WikiSession, title: str, heading: str, text: str, summary: str, *,
                    would: str, before: Callable[[], None]) -> int | None:
        """Add a new section to ``title``; returns its revision id (None: simulated).

        ``before`` runs right before the edit (the notice's ``intended`` record);
        under simulate neither runs, and ``would`` goes into the run's diffs. The
        caller checks :meth:`held` once before its first section. A refusal raises
        :class:`bot.wiki_reads.WikiError` (or its :class:`SaveRefused`).
        """
        if self.ctx.simulate:
            self.ctx.summary.diffs.append(would)
            return None
        before()
        return session.save(title, text, summary, minor=False, section="new", sectiontitle=heading)

    def records(self, would: str | None = None) -> bool:
        """True when the run may record what it did (a notice's state); under simulate
        False, and ``would`` (what it would have done) goes into the run's diffs."""
        if self.ctx.simulate:
            if would:
                self.ctx.summary.diffs.append(would)
            return False
        return True

    # ------------------------------------------------------------ the run's own record

    def record_run(self, requests: dict[str, int], edits: dict[str, int]) -> None:
        """The run's line in the store's history of runs (a simulated run keeps none)."""
        ctx = self.ctx
        if ctx.simulate:
            return
        ctx.store.record_run({
            "started": ctx.now.isoformat(), "finished": ctx.now.isoformat(), "simulate": 0,
            "requests": str(requests), "edits": str(edits),
            "contests": len(ctx.summary.contests),
            "entries": sum(c.entries for c in ctx.summary.contests)})

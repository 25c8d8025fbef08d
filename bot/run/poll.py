"""What changed on each wiki since the last run, and which pages are contests.

One recent-changes request per wiki since the run's cursor (kept in the store); on a
first run, or when the cursor is too old or the wiki's edit count grew by more than
recent changes explain (an import of old history), none: everything is read again.
The new cursor is stored only when the run has done everything with what it polled
(:func:`commit_cursors`): a run that fails or is killed half-way leaves the old one, and
the next run reads the same changes again (what the store already holds is skipped).
Discovery finds the contest pages under the wiki's allowed prefixes: the known
ones, and pages under a prefix that recent changes show touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.records import RCEntry
from bot.run.context import RunContext
from bot.run.sync import WikiChanges
from bot.wiki import WikiSession

RC_OVERLAP = timedelta(seconds=90)  # re-read a little: late-committed edits still show up
RC_MAX_AGE = timedelta(days=80)  # older cursors: recent changes may have expired


def poll(run: RunContext, code: str) -> None:
    """One recent-changes read per wiki since the last run (none on the first)."""
    session = run.wikis[code]
    # A --contest run keeps a cursor of its own (starting where the full runs were), so it
    # reads its changes incrementally without taking them away from the other contests.
    key = code if run.cursor_scope is None else f"{code}|{run.cursor_scope}"
    cursor, seen = run.store.rc_cursor(key)
    before = run.store.edit_count(key)
    if cursor is None and key != code:
        cursor, seen = run.store.rc_cursor(code)
        before = run.store.edit_count(code)
    if cursor is None or run.now - cursor > RC_MAX_AGE:
        run.changes[code] = None
        session.want_edit_count()  # the baseline the next poll compares with (read by discover)
    else:
        entries = [e for e in session.recent_changes(cursor - RC_OVERLAP, run.now) if e.rcid not in seen]
        run.changes[code] = WikiChanges(entries)
        # Pages deleted since: their edits left recent changes with them, and a full read would
        # not show them either (contributions hide deleted revisions); the sync looks them up.
        run.stats.deletions[code] = [e for e in entries if e.type == "log" and e.logtype == "delete"
                                     and e.logaction == "delete" and e.pageid]
        run.progress(f"{code}: {len(entries)} recent changes")
        if unseen_revisions(before, session.edit_count, entries):
            # More revisions arrived than recent changes show since the cursor: history was
            # imported with old timestamps. Read everything again, as on a first run.
            run.progress(f"{code}: the edit count grew by more than recent changes show: full read")
            run.changes[code] = None
    polled = run.changes[code]
    keep = {e.rcid for e in (polled.entries if polled else []) if e.timestamp >= run.now - 2 * RC_OVERLAP}
    recent_seen = keep | (seen if cursor and run.now - cursor < RC_OVERLAP else set())
    run.cursors[key] = (run.now, recent_seen, session.edit_count)


def commit_cursors(run: RunContext) -> bool:
    """Store the cursors of this run's polls, when no contest and no wiki failed.

    Until then the old cursors stand: had a run that died after its poll stored the new
    one, the changes it polled (a participant's new article) would never be read again.
    """
    if any(c.error for c in run.summary.contests) or run.summary.wiki_errors:
        run.progress("recent changes are read again next run: something failed in this one")
        return False
    for key, (now, seen, edit_count) in run.cursors.items():
        run.store.set_rc_cursor(key, now, seen)
        if edit_count is not None:
            run.store.set_edit_count(key, edit_count)
    return True

def discover(run: RunContext, code: str, only: str | None) -> list[str]:
    """Contest pages under the wiki's allowed prefixes."""
    session = run.wikis[code]
    wcfg = run.cfg.wikis[code]
    changes = run.changes.get(code)
    known = set(run.store.known_contests(code))
    candidates: set[str] = set(known)
    if changes is None:
        for prefix in wcfg.prefixes:
            candidates |= set(session.pages_with_prefix(prefix))
        # The edit count the next poll compares with: read with the first listing above.
        count = session.read_edit_count()
        key = code if run.cursor_scope is None else f"{code}|{run.cursor_scope}"
        if count is not None and key in run.cursors:  # stored with the cursor (commit_cursors)
            polled_at, seen, _ = run.cursors[key]
            run.cursors[key] = (polled_at, seen, count)
    else:
        # A page under a prefix that changed may be a new contest (the kit's too); the pages
        # the bot writes and the known contests' subpages are not, and cost no request.
        prefixes = [_prefix_title(session, p) for p in wcfg.prefixes]
        subpages = {t for c in known for t in run.store.contest_revids(code, c) if t != c}
        written = run.store.written_titles(code)  # leaderboards, queues...: the bot's output
        for t in changes.touched_titles() - subpages - written:
            if any(t.startswith(p) for p in prefixes):
                candidates.add(t)
    if only:
        only_n = session.normalize(only)
        candidates = {c for c in candidates if c == only_n}
        if not candidates:
            candidates = {only_n}
    return sorted(candidates)

def _prefix_title(session: WikiSession, prefix: str) -> str:
    ns, text = session.split_prefix(prefix)
    name = session.namespaces().names.get(ns, "")
    return f"{name}:{text}" if name else text


def unseen_revisions(before: int | None, now: int | None, entries: Sequence[RCEntry]) -> bool:
    """True when the wiki's edit count grew by more than the polled changes can explain.

    An edit or a new page is one revision; a move may save two (a null revision and the
    redirect), a protection one; other log entries (accounts, deletions, blocks) none.
    An import of old history adds revisions with no change in the window, and trips this.
    """
    if before is None or now is None:
        return False
    weight = {"move": 2, "protect": 1, "merge": 1, "import": 0}
    explained = sum(1 if e.type in ("edit", "new") else weight.get(e.logtype, 0) for e in entries)
    return now - before > explained

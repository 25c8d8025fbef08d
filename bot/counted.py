"""Counted edits and what one participant added to one article (contract §2).

Only a participant's *counted* edits add anything. An edit counts when it is theirs,
made at or after their signup, inside the contest period, not reverted by the time the
contest closes, and not itself a restore of earlier text. Everything is decided from
the page's revision metadata (tags, sha1, sizes) in ``Article.edits``, so the result
does not depend on the order the revisions arrive in (they are sorted by revid here:
same-second revisions come out of the API in the wrong order) and another user's
ordinary edit never changes what a participant added (each edit is measured against
its own parent).

Decisions worth knowing (also in docs/scoring.md):

* Reverted: the edit carries ``mw-reverted`` — unless every later revision with a
  revert tag that we can see was saved at or after ``closes_at`` (then it was reverted
  after the contest closed and still counts) — or a later revision (by anyone) saved
  before ``closes_at`` has the sha1 of a revision *before* the edit: the text went back
  past it.
* A restore: tags ``mw-undo``, ``mw-rollback``, ``mw-manual-revert``, or a sha1 equal
  to an earlier revision's of the same page. Undoing vandalism neither gains nor loses.
* An article is identified by (wiki, pageid), so a moved article keeps its history.
  Redirects and deleted articles are still measured: the scorer gives them their status
  (``reason-redirect``, ``deleted``), so juries can see what was there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.aliases import normalize_title
from bot.measure import added
from bot.model import Article, Contribution, Edit, Figures

RESTORE_TAGS = frozenset({"mw-undo", "mw-rollback", "mw-manual-revert"})
"""Change tags MediaWiki puts on an edit that restores earlier text."""

REVERTED_TAG = "mw-reverted"
"""Change tag MediaWiki puts on an edit that a later edit reverted."""

NEW = "new"
EXPANDED = "expanded"
BEFORE_SIGNUP = "before-signup"


def creation_status(
    article: Article,
    user: str,
    *,
    signed_up: datetime,
    period: tuple[datetime, datetime],
) -> str:
    """Whether ``article`` is the participant's "new" article, "expanded" or "before-signup".

    The creation is the page's first revision, or for a draft moved into the article
    namespace (``article.entered_main``) the move: the contract counts it as created
    then. "new": the user created it inside ``[start, end)`` and at/after signing up.
    "before-signup": the user created it inside the period but before signing up; the
    contract says it is not their entry ("written before you signed up").
    "expanded": everything else — someone else created it, or the user created it
    before the period (it existed before their first counted edit), or after the period
    (they then have no counted edit on it anyway).
    """
    if normalize_title(article.created_by) != normalize_title(user):
        return EXPANDED
    created = article.entered_main or article.created
    start, end = period
    if not start <= created < end:
        return EXPANDED
    if created < signed_up:
        return BEFORE_SIGNUP
    return NEW


def counted_edits(
    article: Article,
    user: str,
    *,
    signed_up: datetime,
    period: tuple[datetime, datetime],
    closes_at: datetime,
    wikis: Iterable[str] | None = None,
) -> list[Edit]:
    """The user's edits to ``article`` that count, oldest first (by revid).

    ``article.edits`` may arrive in any order and include other users' revisions and
    revisions from before the period: they are needed to see reverts. ``wikis``, when
    given, are the contest's wikis: an article on another wiki has no counted edit.
    """
    if wikis is not None and article.wiki not in set(wikis):
        return []
    edits = sorted(article.edits, key=lambda e: e.revid)
    start, end = period
    who = normalize_title(user)
    restore = _restores(edits)
    reverted = _reverted(edits, closes_at)
    return [
        e
        for i, e in enumerate(edits)
        if normalize_title(e.user) == who
        and e.timestamp >= signed_up
        and start <= e.timestamp < end
        and not restore[i]
        and not reverted[i]
    ]


def contribution(
    article: Article,
    user: str,
    *,
    signed_up: datetime,
    period: tuple[datetime, datetime],
    closes_at: datetime,
    wikis: Iterable[str] | None = None,
) -> Contribution | None:
    """What ``user`` added to ``article`` through counted edits; None if nothing counts.

    Bytes added are the sum over counted edits of ``max(0, size - parent_size)``;
    words, references and images added the same way from each edit's figures against
    its parent's (an edit whose figures are not measured adds 0 to them, never a guess).
    ``start_size`` is the size just before the first counted edit, 0 for a "new"
    article (a draft moved in counts as created at the move). ``kind`` is "new" only
    when :func:`creation_status` says "new"; a "before-signup" article gets "expanded"
    here and the scorer drops it with ``reason-before-signup``.
    """
    counted = counted_edits(
        article, user, signed_up=signed_up, period=period, closes_at=closes_at, wikis=wikis
    )
    if not counted:
        return None
    kind = (
        NEW
        if creation_status(article, user, signed_up=signed_up, period=period) == NEW
        else EXPANDED
    )
    by_revid = {e.revid: e for e in article.edits}
    words = references = images = 0
    for e in counted:
        gained = _figures_added(e, by_revid)
        words += gained.words
        references += gained.references
        images += gained.images
    return Contribution(
        user=normalize_title(user),
        wiki=article.wiki,
        pageid=article.pageid,
        kind=kind,
        counted_revids=tuple(e.revid for e in counted),
        first_counted=min(e.timestamp for e in counted),
        last_counted=max(e.timestamp for e in counted),
        bytes_added=sum(max(0, e.size - e.parent_size) for e in counted),
        words_added=words,
        references_added=references,
        images_added=images,
        start_size=0 if kind == NEW else counted[0].parent_size,
    )


def revision_at(article: Article, when: datetime) -> Edit | None:
    """The revision that was current at ``when`` (the newest saved before it), or None.

    This is where an article's size and words "at the end of the period" come from
    (``Article.end_size`` / ``end_figures``, which ``new`` criteria check): pass the
    period's end, or now if the period has not ended. Newest means the highest revid,
    not the latest timestamp, because same-second revisions can be out of order.
    """
    before = [e for e in article.edits if e.timestamp < when]
    return max(before, key=lambda e: e.revid) if before else None


# --------------------------------------------------------------------------- internals


def _restores(edits: list[Edit]) -> list[bool]:
    """Per revision (sorted by revid): does it restore earlier text?"""
    seen: set[str] = set()
    out: list[bool] = []
    for e in edits:
        out.append(bool(RESTORE_TAGS.intersection(e.tags)) or (bool(e.sha1) and e.sha1 in seen))
        if e.sha1:
            seen.add(e.sha1)
    return out


def _reverted(edits: list[Edit], closes_at: datetime) -> list[bool]:
    """Per revision (sorted by revid): was it reverted before ``closes_at``?

    By sha1: revision i is reverted if some later j (saved before closes_at) has the
    sha1 first seen at an index < i. One backward pass keeps, for each i, the smallest
    "first seen" index among the eligible later revisions.

    By tag: ``mw-reverted`` does not say when, and an undo of a middle edit leaves no
    sha1 trace, so the tag is trusted unless every later revision carrying a revert tag
    (``mw-undo``, ``mw-rollback``, ``mw-manual-revert``: MediaWiki sets ``mw-reverted``
    only when saving one of those) was saved at or after ``closes_at``. When no such
    revision is in the data at all, the tag is trusted.
    """
    first_seen: dict[str, int] = {}
    for i, e in enumerate(edits):
        if e.sha1 and e.sha1 not in first_seen:
            first_seen[e.sha1] = i
    n = len(edits)
    out = [False] * n
    earliest_restored = n  # min first_seen index over eligible later revisions
    later_revert_before_close = False  # a later revision with a revert tag
    later_revert_after_close = False
    for i in range(n - 1, -1, -1):
        e = edits[i]
        by_sha1 = earliest_restored < i
        if REVERTED_TAG in e.tags:
            # Trust the tag unless the only reverts we can see came after the close.
            by_tag = later_revert_before_close or not later_revert_after_close
        else:
            by_tag = False
        out[i] = by_sha1 or by_tag
        before_close = e.timestamp < closes_at
        if e.sha1 and before_close:
            earliest_restored = min(earliest_restored, first_seen[e.sha1])
        if RESTORE_TAGS.intersection(e.tags):
            if before_close:
                later_revert_before_close = True
            else:
                later_revert_after_close = True
    return out


def _figures_added(edit: Edit, by_revid: dict[int, Edit]) -> Figures:
    """What one edit added to the figures; zero when they were not measured."""
    if edit.figures is None:
        return Figures()
    before = edit.parent_figures
    if before is None and edit.parentid:
        parent = by_revid.get(edit.parentid)
        if parent is None or parent.figures is None:
            return Figures()  # parent text unknown: adding the whole page would be wrong
        before = parent.figures
    return added(before, edit.figures)

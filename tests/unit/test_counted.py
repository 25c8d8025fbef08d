"""bot.counted: which edits count, and what a participant added to an article.

Histories are written as small tables of revisions; the properties at the end build
random histories (edits, reverts, other users) from a model of page states.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.counted import contribution, counted_edits, creation_status, revision_at
from bot.model import Article, Contribution, Edit, Figures

T0 = datetime(2026, 11, 1, tzinfo=UTC)  # period start
PERIOD = (T0, T0 + timedelta(days=30))
CLOSE = T0 + timedelta(days=40)
SIGNED = T0 + timedelta(days=1)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def rev(
    revid: int,
    user: str,
    when: datetime,
    size: int,
    parent_size: int,
    sha1: str,
    *,
    tags: tuple[str, ...] = (),
    words: int | None = None,
    parent_words: int | None = None,
    parentid: int | None = None,
) -> Edit:
    return Edit(
        wiki="tt",
        revid=revid,
        parentid=revid - 1 if parentid is None else parentid,
        pageid=7,
        user=user,
        timestamp=when,
        size=size,
        parent_size=parent_size,
        sha1=sha1,
        tags=tags,
        figures=None if words is None else Figures(words=words),
        parent_figures=None if parent_words is None else Figures(words=parent_words),
    )


def article(
    *edits: Edit,
    created_by: str = "Other",
    created: datetime | None = None,
    entered_main: datetime | None = None,
    redirect: bool = False,
    deleted: bool = False,
) -> Article:
    first = min(edits, key=lambda e: e.revid)
    return Article(
        wiki="tt",
        pageid=7,
        title="Казан",
        namespace=0,
        created=created or first.timestamp,
        created_by=created_by,
        edits=edits,
        entered_main=entered_main,
        redirect=redirect,
        deleted=deleted,
    )


@dataclasses.dataclass(frozen=True)
class Window:
    """Signup, period and close of one participant in one contest."""

    signed_up: datetime = SIGNED
    closes_at: datetime = CLOSE
    wikis: tuple[str, ...] | None = None

    def of(self, a: Article, user: str = "Alice") -> Contribution | None:
        return contribution(
            a,
            user,
            signed_up=self.signed_up,
            period=PERIOD,
            closes_at=self.closes_at,
            wikis=self.wikis,
        )

    def ids(self, a: Article, user: str = "Alice") -> list[int]:
        edits = counted_edits(
            a,
            user,
            signed_up=self.signed_up,
            period=PERIOD,
            closes_at=self.closes_at,
            wikis=self.wikis,
        )
        return [e.revid for e in edits]


def counted_ids(a: Article, user: str = "Alice", wikis: tuple[str, ...] | None = None) -> list[int]:
    return Window(wikis=wikis).ids(a, user)


def contrib(a: Article) -> Contribution | None:
    return Window().of(a)


OLD = rev(1, "Other", day(-100), 1000, 0, "s1", parentid=0)


# ------------------------------------------------------------------ which edits count


def test_only_the_participants_edits_after_signup_inside_the_period() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(-5), 1100, 1000, "s2"),  # before the period
        rev(3, "Alice", day(0.5), 1200, 1100, "s3"),  # in the period, before signup
        rev(4, "Alice", SIGNED, 1300, 1200, "s4"),  # exactly at signup: counts
        rev(5, "Bob", day(2), 1400, 1300, "s5"),  # someone else
        rev(6, "Alice", day(29.99), 1500, 1400, "s6"),
        rev(7, "Alice", PERIOD[1], 1600, 1500, "s7"),  # end is exclusive
    )
    assert counted_ids(a) == [4, 6]


def test_user_names_match_like_mediawiki() -> None:
    a = article(OLD, rev(2, "Alice Smith", day(2), 1100, 1000, "s2"))
    assert counted_ids(a, "alice_Smith") == [2]
    assert counted_ids(a, "Alice smith") == []  # only the first letter ignores case


def test_edit_tagged_reverted_does_not_count() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2", tags=("mw-reverted",)),
        rev(3, "Bob", day(3), 1000, 1500, "s1", tags=("mw-rollback",)),
    )
    assert counted_ids(a) == []


def test_tag_without_the_revert_in_the_data_is_trusted() -> None:
    a = article(OLD, rev(2, "Alice", day(2), 1500, 1000, "s2", tags=("mw-reverted",)))
    assert counted_ids(a) == []


def test_reverted_after_the_close_still_counts() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2", tags=("mw-reverted",)),
        rev(3, "Bob", CLOSE + timedelta(days=1), 1000, 1500, "s1", tags=("mw-undo",)),
    )
    assert counted_ids(a) == [2]


def test_text_restored_to_before_the_edit_means_reverted_even_without_tags() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2"),
        rev(3, "Alice", day(3), 1700, 1500, "s3"),
        rev(4, "Bob", day(4), 1500, 1700, "s2"),  # undoes rev 3 only
    )
    assert counted_ids(a) == [2]


def test_sha1_revert_after_the_close_does_not_count_against() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2"),
        rev(3, "Bob", CLOSE, 1000, 1500, "s1"),
    )
    assert counted_ids(a) == [2]


def test_undoing_vandalism_neither_gains_nor_loses() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2", words=300, parent_words=200),
        rev(3, "Vandal", day(3), 10, 1500, "sv", tags=("mw-reverted",)),
        rev(4, "Alice", day(3.1), 1500, 10, "s2", tags=("mw-undo",), words=300, parent_words=0),
    )
    c = contrib(a)
    assert c is not None
    assert c.counted_revids == (2,)
    assert (c.bytes_added, c.words_added) == (500, 100)


def test_someone_else_restoring_the_participants_text_keeps_it() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2"),
        rev(3, "Vandal", day(3), 0, 1500, "s0", tags=("mw-reverted",)),
        rev(4, "Bob", day(4), 1500, 0, "s2", tags=("mw-manual-revert",)),
    )
    assert counted_ids(a) == [2]


def test_restoring_earlier_text_without_a_tag_does_not_count() -> None:
    a = article(
        OLD,
        rev(2, "Bob", day(2), 900, 1000, "s2"),
        rev(3, "Alice", day(3), 1000, 900, "s1"),  # puts back rev 1's text
    )
    assert counted_ids(a) == []


def test_dummy_revision_of_a_move_adds_nothing_and_breaks_nothing() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1500, 1000, "s2"),
        rev(3, "Alice", day(2.5), 1500, 1500, "s2"),  # move: same text, new revision
    )
    c = contrib(a)
    assert c is not None and c.counted_revids == (2,) and c.bytes_added == 500


def test_edits_on_other_wikis_do_not_count() -> None:
    a = article(OLD, rev(2, "Alice", day(2), 1500, 1000, "s2"))
    assert counted_ids(a, wikis=("ru", "en")) == []
    assert counted_ids(a, wikis=("tt",)) == [2]


# ------------------------------------------------------------------ contribution


def test_expanding_someone_elses_article() -> None:
    a = article(
        OLD,
        rev(2, "Alice", day(2), 1800, 1000, "s2", words=420, parent_words=150),
        rev(3, "Bob", day(3), 5000, 1800, "s3", words=900, parent_words=420),
        rev(4, "Alice", day(4), 4700, 5000, "s4", words=880, parent_words=900),  # a trim
        rev(5, "Alice", day(5), 4900, 4700, "s5", words=910, parent_words=880),
    )
    c = contrib(a)
    assert c is not None
    assert c.kind == "expanded"
    assert c.counted_revids == (2, 4, 5)
    assert c.start_size == 1000
    assert c.bytes_added == 800 + 0 + 200  # Bob's 3,200 bytes are his
    assert c.words_added == 270 + 0 + 30
    assert (c.first_counted, c.last_counted) == (day(2), day(5))


def test_new_article_created_in_the_period() -> None:
    a = article(
        rev(1, "Alice", day(2), 3000, 0, "s1", parentid=0, words=400),
        rev(2, "Alice", day(3), 3500, 3000, "s2", words=480, parent_words=400),
        created_by="Alice",
    )
    c = contrib(a)
    assert c is not None
    assert c.kind == "new"
    assert (c.bytes_added, c.words_added, c.start_size) == (3500, 480, 0)


def test_figures_of_the_parent_revision_are_used_when_the_edit_lacks_them() -> None:
    a = article(
        dataclasses.replace(OLD, figures=Figures(words=100, references=2)),
        rev(2, "Alice", day(2), 1500, 1000, "s2", words=250),
    )
    c = contrib(a)
    assert c is not None and c.words_added == 150


def test_unknown_figures_add_nothing_rather_than_the_whole_page() -> None:
    a = article(
        rev(2, "Alice", day(2), 1500, 1000, "s2", words=250, parentid=1),  # parent not fetched
        created=day(-100),
    )
    c = contrib(a)
    assert c is not None and c.bytes_added == 500 and c.words_added == 0


def test_nothing_counted_is_no_contribution() -> None:
    a = article(OLD, rev(2, "Bob", day(2), 1500, 1000, "s2"))
    assert contrib(a) is None


def test_moved_article_keeps_its_page_id_and_history() -> None:
    a = article(OLD, rev(2, "Alice", day(2), 1500, 1000, "s2"))
    moved = dataclasses.replace(a, title="Казан шәһәре")
    c = contrib(moved)
    assert c is not None and (c.wiki, c.pageid) == ("tt", 7) and c.counted_revids == (2,)


def test_redirects_and_deleted_articles_are_still_measured() -> None:
    a = article(OLD, rev(2, "Alice", day(2), 1500, 1000, "s2"), redirect=True, deleted=True)
    c = contrib(a)
    assert c is not None and c.bytes_added == 500


def test_size_at_the_end_of_the_period_is_the_revision_current_then() -> None:
    a = article(
        rev(3, "Alice", day(29), 3000, 2000, "s3"),
        OLD,
        rev(2, "Alice", day(29), 2000, 1000, "s2"),  # same second, older revid
        rev(4, "Bob", PERIOD[1], 100, 3000, "s4"),  # saved at the end instant: after
    )
    end = revision_at(a, PERIOD[1])
    assert end is not None and (end.revid, end.size) == (3, 3000)
    assert revision_at(a, day(-200)) is None


# ------------------------------------------------------------------ creation status


DRAFT = (
    rev(1, "Alice", day(-50), 4000, 0, "d1", parentid=0),
    rev(2, "Alice", day(5), 4200, 4000, "d2"),
)


@pytest.mark.parametrize(
    ("created_by", "created", "entered_main", "expected"),
    [
        ("Alice", day(2), None, "new"),
        ("Alice", SIGNED, None, "new"),  # at the signup instant
        ("Alice", day(0.5), None, "before-signup"),  # in the period, before signup
        ("Alice", day(-3), None, "expanded"),  # existed before the period
        ("Bob", day(2), None, "expanded"),  # someone else's article
        ("Alice", day(-50), day(6), "new"),  # draft moved in during the period
        ("Alice", day(-50), day(0.5), "before-signup"),  # moved in before signup
        ("Alice", day(-50), day(-2), "expanded"),  # moved in before the period
        ("Bob", day(-50), day(6), "expanded"),  # someone else's draft
        ("Alice", day(31), None, "expanded"),  # after the period: no counted edits
    ],
)
def test_creation_status(
    created_by: str, created: datetime, entered_main: datetime | None, expected: str
) -> None:
    a = article(*DRAFT, created_by=created_by, created=created, entered_main=entered_main)
    assert creation_status(a, "Alice", signed_up=SIGNED, period=PERIOD) == expected


def test_draft_moved_in_counts_as_created_at_the_move() -> None:
    a = article(*DRAFT, created_by="Alice", entered_main=day(6))
    c = contrib(a)
    assert c is not None
    assert c.kind == "new" and c.start_size == 0
    assert c.bytes_added == 200  # only counted edits add: the draft text predates the period


def test_article_written_before_signup_is_not_new() -> None:
    a = article(
        rev(1, "Alice", day(0.5), 3000, 0, "s1", parentid=0),
        rev(2, "Alice", day(2), 3500, 3000, "s2"),
        created_by="Alice",
    )
    assert creation_status(a, "Alice", signed_up=SIGNED, period=PERIOD) == "before-signup"
    c = contrib(a)
    assert c is not None and c.kind == "expanded" and c.counted_revids == (2,)


# ------------------------------------------------------------------ properties
#
# A history is a list of operations on a page. Each ordinary edit appends its own id
# to the page state, so the state is the sequence of edits it contains; a revert sets
# the state back to an earlier revision's. Sizes and figures are sums over the state,
# sha1 is the state itself: equal text, equal sha1, as on a real wiki.

USERS = ("Alice", "Bob", "Carol")


@dataclasses.dataclass(frozen=True)
class Op:
    revid: int
    user: str
    minutes: int  # after the period start (may be negative: before it)
    dsize: int = 0
    dwords: int = 0
    drefs: int = 0
    revert_to: int | None = None  # revid whose text this op restores
    tag: bool = True  # a revert carries mw-manual-revert


def build(ops: list[Op]) -> Article:
    """Turn operations (sorted by revid) into an Article with consistent metadata."""
    ops = sorted(ops, key=lambda o: o.revid)
    state: dict[int, tuple[int, ...]] = {}
    edits: list[Edit] = []
    reverted: set[int] = set()
    prev: tuple[int, ...] = ()
    by_id = {o.revid: o for o in ops}

    def measure(s: tuple[int, ...]) -> tuple[int, Figures]:
        size = 1000 + sum(by_id[r].dsize for r in s)
        f = Figures(
            words=100 + sum(by_id[r].dwords for r in s),
            references=5 + sum(by_id[r].drefs for r in s),
        )
        return size, f

    for o in ops:
        if o.revert_to is not None and o.revert_to in state:
            now = state[o.revert_to]
            reverted.update(r for r in state if r > o.revert_to)
        else:
            now = (*prev, o.revid)
        state[o.revid] = now
        prev = now
    prev_state: tuple[int, ...] = ()
    parent = 0
    for o in ops:
        now = state[o.revid]
        size, f = measure(now)
        psize, parent_figures = measure(prev_state)
        pf = parent_figures if parent else None
        psize = psize if parent else 0
        tags: list[str] = []
        if o.revert_to is not None and o.tag:
            tags.append("mw-manual-revert")
        if o.revid in reverted:
            tags.append("mw-reverted")
        edits.append(
            Edit(
                wiki="tt",
                revid=o.revid,
                parentid=parent,
                pageid=7,
                user=o.user,
                timestamp=T0 + timedelta(minutes=o.minutes),
                size=size,
                parent_size=psize,
                sha1="-".join(map(str, now)),
                tags=tuple(tags),
                figures=f,
                parent_figures=pf,
            )
        )
        prev_state, parent = now, o.revid
    return Article(
        wiki="tt",
        pageid=7,
        title="Казан",
        namespace=0,
        created=edits[0].timestamp,
        created_by=edits[0].user,
        edits=tuple(edits),
    )


@st.composite
def histories(draw: st.DrawFn) -> list[Op]:
    n = draw(st.integers(min_value=1, max_value=14))
    ops: list[Op] = []
    minute = draw(st.integers(min_value=-3000, max_value=3000))
    for i in range(n):
        revid = 100 * (i + 1)
        minute += draw(st.integers(min_value=1, max_value=3000))
        user = draw(st.sampled_from(USERS))
        if i >= 2 and draw(st.integers(0, 4)) == 0:
            # restore a revision at least two back (restoring the parent is a null edit)
            target = draw(st.sampled_from([o.revid for o in ops[:-1]]))
            ops.append(Op(revid, user, minute, revert_to=target, tag=draw(st.booleans())))
        else:
            ops.append(
                Op(
                    revid,
                    user,
                    minute,
                    dsize=draw(st.integers(-40, 400)),
                    dwords=draw(st.integers(-5, 60)),
                    drefs=draw(st.integers(-1, 3)),
                )
            )
    return ops


@st.composite
def windows(draw: st.DrawFn) -> Window:
    """A signup time and a close time anywhere around the period."""
    return Window(
        signed_up=T0 + timedelta(minutes=draw(st.integers(-2000, 20000))),
        closes_at=T0 + timedelta(minutes=draw(st.integers(0, 60000))),
    )


@settings(max_examples=300)
@given(histories(), st.data())
def test_order_of_arrival_does_not_matter(ops: list[Op], data: st.DataObject) -> None:
    a = build(ops)
    window = data.draw(windows())
    shuffled = dataclasses.replace(a, edits=tuple(data.draw(st.permutations(a.edits))))
    for user in USERS:
        assert window.of(a, user) == window.of(shuffled, user)


@settings(max_examples=300)
@given(histories(), st.data())
def test_another_users_edit_never_changes_what_a_participant_added(
    ops: list[Op], data: st.DataObject
) -> None:
    window = data.draw(windows())
    at = data.draw(st.integers(min_value=1, max_value=len(ops)), label="insert after")
    before_op = ops[at - 1]
    after_minutes = ops[at].minutes if at < len(ops) else before_op.minutes + 2
    other = Op(
        revid=before_op.revid + 50,
        user="Dave",
        minutes=data.draw(st.integers(before_op.minutes, after_minutes)),
        dsize=data.draw(st.integers(-40, 5000)),
        dwords=data.draw(st.integers(-5, 800)),
        drefs=data.draw(st.integers(-1, 20)),
    )
    plain, busy = build(ops), build([*ops, other])
    for user in USERS:
        c1, c2 = window.of(plain, user), window.of(busy, user)
        if c1 is None or c2 is None:
            assert c1 == c2
            continue
        what = ("counted_revids", "bytes_added", "words_added", "references_added", "images_added")
        assert [getattr(c1, f) for f in what] == [getattr(c2, f) for f in what]


@settings(max_examples=200)
@given(histories(), st.data())
def test_figures_added_are_never_negative(ops: list[Op], data: st.DataObject) -> None:
    a = build(ops)
    window = data.draw(windows())
    for user in USERS:
        c = window.of(a, user)
        if c is not None:
            assert min(c.bytes_added, c.words_added, c.references_added, c.images_added) >= 0
            assert c.counted_revids == tuple(sorted(c.counted_revids))

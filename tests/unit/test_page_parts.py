"""Pages that fit: rankings split over numbered parts under the wiki's size limit.

The splitter (:func:`bot.render.parts.pack`) is checked as a property for random
sizes; the leaderboard, the umbrella's leaderboard and the queue of generated contests
(the shape of ``bench/peer.py``) are rendered under small budgets and read back as a
reader would: every participant exactly once, every part under the budget, the first
part linking every part and each part its neighbours.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.page_parts import leaderboard_presence, peer_result, queue_numbers, umbrella_results
from bot.i18n import catalog
from bot.model import ContestResult, ContestState, Status
from bot.render.leaderboard import render_leaderboard, render_leaderboard_parts
from bot.render.parts import pack, part_title, unused_part
from bot.render.queue import render_queue, render_queue_parts
from bot.render.umbrella import render_umbrella_leaderboard, render_umbrella_parts
from bot.run.publisher import page_budget

RANK_ROW = re.compile(r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|")
ENTRIES = re.compile(r"^=== \[\[User:([^|\]]+)\|", re.M)
LINK = re.compile(r"\[\[([^|\]]+)\|")


def size(text: str) -> int:
    return len(text.encode())


items = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 500)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(items, st.dictionaries(st.integers(0, 3), st.integers(0, 200)), st.integers(-100, 3000),
       st.integers(1, 3000))
def test_pack_puts_every_item_on_exactly_one_part_in_order_and_under_budget(
    its: list[tuple[int, int]], overhead: dict[int, int], first: int, rest: int
) -> None:
    parts = pack(its, overhead, first, rest)
    assert [i for part in parts for i in part] == list(range(len(its)))  # each once, in order
    assert all(parts[1:]), "no empty part after the first"
    for n, part in enumerate(parts):
        groups = {its[i][0] for i in part}
        cost = sum(its[i][1] for i in part) + sum(overhead.get(g, 0) for g in groups)
        budget = first if n == 0 else rest
        assert cost <= budget or len(part) <= 1, (n, part, cost, budget)  # only a lone giant passes
    if len(parts) > 1:  # a part closed only because the next item did not fit
        for n in range(len(parts) - 1):
            nxt = parts[n + 1][0]
            groups = {its[i][0] for i in parts[n]}
            cost = sum(its[i][1] for i in parts[n]) + sum(overhead.get(g, 0) for g in groups)
            extra = its[nxt][1] + (0 if its[nxt][0] in groups else overhead.get(its[nxt][0], 0))
            assert cost + extra > (first if n == 0 else rest)


def users_on(parts: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [u for text in parts for u in pattern.findall(text)]


def ranked(result: ContestResult) -> list[str]:
    return [s.user for s in sorted(result.rankings[0].standings, key=lambda s: (s.rank, s.user.casefold(), s.user))]


def check_links(parts: list[str], first: str) -> None:
    titles = [part_title(first, n) for n in range(1, len(parts) + 1)]
    assert set(titles[1:]) <= set(LINK.findall(parts[0])), "the first part links every part"
    for n, text in enumerate(parts[1:], 2):
        links = set(LINK.findall(text)) | set(re.findall(r"\[\[([^|\]]+)\]\]", text))
        assert first in links
        assert titles[n - 2] in links  # the previous part
        if n < len(parts):
            assert titles[n] in links  # the next part


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 40), st.integers(12_000, 50_000))  # one participant's 16 entries: about 5 KB
def test_a_leaderboard_splits_between_participants_under_any_budget(participants: int, budget: int) -> None:
    result = peer_result(participants)
    whole = render_leaderboard(result, catalog("en"))
    parts = render_leaderboard_parts(result, catalog("en"), budget=budget)
    users = list(result.participants)
    if size(whole) <= budget:
        assert parts == [whole]  # a page that fits is not touched
        return
    assert all(size(p) <= budget for p in parts[1:]), [size(p) for p in parts]
    if size(parts[0]) > budget:  # only when the fixed text alone passes it: no row there then
        assert not RANK_ROW.search(parts[0]) and not ENTRIES.search(parts[0])
    assert users_on(parts, RANK_ROW) == ranked(result)  # ranking rows: each once, in rank order
    assert sorted(users_on(parts, ENTRIES)) == sorted(users)  # each one's entries on one part
    for user in users:  # all 16 entries of a participant on the part with their heading
        holder = [p for p in parts if f"=== [[User:{user}|" in p]
        assert len(holder) == 1 and holder[0].count(f"[[Peer article {int(user[-5:]):05d} ") == 16
    check_links(parts, result.settings.subpages.leaderboard)


def test_the_p1000_leaderboard_fits_a_2_mb_wiki_in_parts() -> None:
    result = peer_result(1000)
    limit = 2048 * 1024
    parts = render_leaderboard_parts(result, catalog("en"), budget=page_budget(limit))
    assert sum(size(p) for p in parts) > limit  # the case of issue 16: refused as one page
    assert len(parts) >= 2 and all(size(p) <= limit for p in parts)
    assert users_on(parts, RANK_ROW) == ranked(result)
    assert sorted(users_on(parts, ENTRIES)) == sorted(result.participants)


def test_the_umbrella_ranking_splits_and_keeps_its_figures_on_the_first_part() -> None:
    umbrella, results = umbrella_results(12, 25)  # 300 participants
    cat = catalog("ru")
    whole = render_umbrella_leaderboard(umbrella, ContestState.OPEN, results, cat)
    parts = render_umbrella_parts(umbrella, ContestState.OPEN, results, cat, budget=size(whole) // 3)
    assert len(parts) >= 3 and all(size(p) <= size(whole) // 3 for p in parts)
    users = sorted(u for r in results for u in r.participants)
    assert sorted(users_on(parts, re.compile(r"\|-\n\| \d+\n\| data-sort-value=\"[^\"]*\" \| \[\[User:([^|\]]+)\|"))) \
        == sorted(users * 2)  # by entries and by languages: each participant once in each
    town = "Project:Smart Region 2026/Town 011]]"  # the table of contests stays on the first part
    assert town in parts[0] and all(town not in p for p in parts[1:])
    assert "часть 2 из" in parts[0]  # the parts are named in the page's language
    check_links(parts, umbrella.subpages.leaderboard)


def test_a_long_queue_goes_on_over_parts_numbered_across_them() -> None:
    result = peer_result(20, status=Status.AWAITING)  # 320 entries awaiting the jury
    whole = render_queue(result, catalog("tt"))
    parts = render_queue_parts(result, catalog("tt"), budget=size(whole) // 4)
    assert len(parts) >= 4 and all(size(p) <= size(whole) // 4 for p in parts)
    numbers = [int(n) for p in parts for n in re.findall(r"^\|-\n\| (\d+)$", p, re.M)]
    assert numbers == list(range(1, 321))
    check_links(parts, result.settings.subpages.queue)


def test_an_unused_part_holds_no_participant_and_points_to_the_page() -> None:
    text = unused_part("Project:X/Leaderboard", 3, 2, catalog("en"))
    assert "[[Project:X/Leaderboard]]" in text and "no longer used" in text and "User:" not in text


def test_the_benchs_read_back_counts_each_participant_and_sees_one_missing_or_twice() -> None:
    """``bench.peer`` checks the bot's real pages with these counters: they must find every
    participant of a split leaderboard once, and say so when a part is lost or repeated."""
    result = peer_result(30)
    parts = render_leaderboard_parts(result, catalog("en"), budget=30_000)
    assert len(parts) >= 4
    users = list(result.participants)
    seen = leaderboard_presence(parts, users)
    assert (seen.on_pages, seen.participants, seen.ranked_once, len(seen.ranking)) == (30, 30, True, 30)
    assert not seen.missing and len(seen.sections) == 30
    lost = leaderboard_presence(parts[:-1], users)  # the last part refused: some entries gone
    assert len(lost.sections) < 30
    first_only = leaderboard_presence(parts[:1], [*users[:5], "Nobody here"])
    assert first_only.missing == ["Nobody here"] and "MISSING: Nobody here" in first_only.line()
    twice = leaderboard_presence([*parts, parts[-1]], users)
    assert not twice.sections_once
    ranking_twice = leaderboard_presence([parts[0], parts[0]], users)
    assert not ranking_twice.ranked_once and "more than once" in ranking_twice.line()
    tatar = catalog("tt")  # the ranking's heading is the page language's
    parts = render_leaderboard_parts(result, tatar, budget=30_000)
    seen = leaderboard_presence(parts, users, tatar.text("leaderboard-heading-ranking"))
    assert seen.ranked_once and leaderboard_presence(parts, users).ranking == {}
    queue = render_queue_parts(peer_result(5, status=Status.AWAITING), catalog("en"), budget=20_000)
    assert len(queue) >= 2 and queue_numbers(queue) == (80, True)
    assert queue_numbers(queue[1:]) == (sum(len(re.findall(r"^\|-\n\| \d+$", p, re.M)) for p in queue[1:]), False)

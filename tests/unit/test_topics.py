"""Topics: which articles are the same subject, and what the worklist says about them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import Article, Move, Topic, Worklist
from bot.topics import assign_topics

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def pair(ref: str) -> tuple[str, str]:
    wiki, title = ref.split(":", 1)
    return wiki, title


def art(
    ref: str,
    pageid: int,
    *,
    links: tuple[str, ...] = (),
    wikidata: str | None = None,
    moved_from: str | None = None,
) -> Article:
    wiki, title = pair(ref)
    moves: tuple[Move, ...] = ()
    if moved_from:
        moves = (Move(wiki, pageid, T0, "Alice", moved_from, title, 0, 0),)
    return Article(
        wiki=wiki,
        pageid=pageid,
        title=title,
        namespace=0,
        created=T0,
        created_by="Alice",
        moves=moves,
        langlinks=tuple(pair(link) for link in links),
        wikidata=wikidata,
    )


def topic(key: str, *refs: str, wikidata: str | None = None) -> Topic:
    return Topic(
        key=key,
        titles=tuple(pair(r) for r in refs),
        wikidata=wikidata,
    )


KREMLIN = topic("en:Kazan Kremlin", "en:Kazan Kremlin", "ru:Казанский кремль")


def test_worklist_names_two_versions_together() -> None:
    ru = art("ru:Казанский кремль", 1)
    en = art("en:Kazan Kremlin", 2)
    index = assign_topics(Worklist((KREMLIN,)), [ru, en])
    assert index.topic_of(ru) == index.topic_of(en) == "en:Kazan Kremlin"
    assert index.on_worklist(ru) and index.listed_here(ru)


def test_language_version_not_named_is_on_worklist_but_not_listed_here() -> None:
    # tt links to the listed en title: same topic (criterion), but tt is not named (rule).
    tt = art("tt:Казан Кремле", 3, links=("en:Kazan Kremlin",))
    index = assign_topics(Worklist((KREMLIN,)), [tt])
    assert index.topic_of(tt) == "en:Kazan Kremlin"
    assert index.on_worklist(tt)
    assert not index.listed_here(tt)


def test_interlanguage_link_in_either_direction() -> None:
    ru = art("ru:Суюмбике", 1, links=("tt:Сөембикә",))
    tt = art("tt:Сөембикә", 2)
    index = assign_topics(Worklist(), [ru, tt])
    assert index.topic_of(ru) == index.topic_of(tt)
    assert not index.on_worklist(ru)


def test_links_through_a_page_nobody_wrote_join_topics() -> None:
    ru = art("ru:Суюмбике", 1, links=("en:Söyembikä",))
    tt = art("tt:Сөембикә", 2, links=("en:Söyembikä",))
    index = assign_topics(Worklist(), [ru, tt])
    assert index.topic_of(ru) == index.topic_of(tt)


def test_shared_wikidata_item_joins_and_names_the_topic() -> None:
    ru = art("ru:Кул Шариф", 1, wikidata="Q1")
    tt = art("tt:Кол Шәриф", 2, wikidata="q1")
    index = assign_topics(Worklist(), [ru, tt])
    assert index.topic_of(ru) == index.topic_of(tt) == "wikidata:Q1"


def test_worklist_wikidata_item_puts_any_language_on_the_worklist() -> None:
    wl = Worklist((topic("Q5", "en:Kul Sharif", wikidata="Q5"),))
    tt = art("tt:Кол Шәриф", 2, wikidata="Q5")
    index = assign_topics(wl, [tt])
    assert index.topic_of(tt) == "Q5"
    assert index.on_worklist(tt) and not index.listed_here(tt)


def test_unrelated_articles_get_their_own_synthetic_keys() -> None:
    a = art("ru:Б", 1)
    b = art("ru:А", 2)
    index = assign_topics(Worklist(), [a, b])
    assert index.topic_of(a) == "ru:Б"
    assert index.topic_of(b) == "ru:А"


def test_synthetic_key_is_the_smallest_title_of_the_group() -> None:
    ru = art("ru:Суюмбике", 1, links=("tt:Сөембикә",))
    tt = art("tt:Сөембикә", 2)
    index = assign_topics(Worklist(), [tt, ru])
    assert index.topic_of(ru) == "ru:Суюмбике"


@pytest.mark.parametrize(
    ("listed", "current", "earlier"),
    [
        ("ru:Old name", "New name", "Old name"),  # listed under the old title
        ("ru:New name", "New name", "Old name"),  # listed under the new title
        ("ru:old_name", "New name", "Old name"),  # first letter and underscores normalized
    ],
)
def test_moved_article_matches_worklist_by_any_title(
    listed: str, current: str, earlier: str
) -> None:
    wl = Worklist((topic("k", listed),))
    a = art(f"ru:{current}", 7, moved_from=earlier)
    index = assign_topics(wl, [a])
    assert index.topic_of(a) == "k"
    assert index.listed_here(a)


def test_same_title_on_another_wiki_is_not_listed_here() -> None:
    wl = Worklist((topic("k", "en:Kazan"),))
    a = art("tt:Kazan", 1)
    index = assign_topics(wl, [a])
    assert not index.on_worklist(a)
    assert not index.listed_here(a)


def test_two_worklist_topics_that_meet_take_the_first_key() -> None:
    wl = Worklist((topic("first", "en:Kazan"), topic("second", "ru:Казань")))
    en = art("en:Kazan", 1, links=("ru:Казань",))
    index = assign_topics(wl, [en])
    assert index.topic_of(en) == "first"


def test_unknown_article_has_no_topic() -> None:
    index = assign_topics(Worklist(), [])
    assert index.topic_of(art("ru:X", 1)) is None


@given(st.permutations(list(range(5))))
def test_topic_keys_do_not_depend_on_article_order(order: list[int]) -> None:
    articles = [
        art("ru:Суюмбике", 1, links=("tt:Сөембикә",)),
        art("tt:Сөембикә", 2),
        art("en:Kazan", 3, wikidata="Q9"),
        art("ru:Казань", 4, wikidata="Q9"),
        art("ru:Кремль", 5),
    ]
    base = assign_topics(Worklist((KREMLIN,)), articles)
    shuffled = assign_topics(Worklist((KREMLIN,)), [articles[i] for i in order])
    assert all(base.topic_of(a) == shuffled.topic_of(a) for a in articles)

"""Topics that follow Wikidata (bot/wikidata_topics.py): a new article linked to a worklist
item joins its topic though the worklist names no title in that language."""

from __future__ import annotations

from pathlib import Path

from bot.model import Candidate, Topic, Worklist
from bot.topics import assign_topics
from bot.wikidata_topics import follow_wikidata, worklist_items
from tests.unit.test_topics import art

LINE = Topic(key="Q1234", titles=(("ru", "Мечеть Кул-Шариф"),), wikidata="Q1234")


def cand(article):  # type: ignore[no-untyped-def]
    return Candidate(user="Alsu", article=article, creation="new", contribution=None)


def test_items_of_every_worklist_once() -> None:
    other = Topic(key="tt:Казан", titles=(("tt", "Казан"),))
    assert worklist_items([Worklist((LINE, other)), Worklist((LINE,))]) == ["Q1234"]


def test_a_new_article_linked_to_the_item_joins_the_topic() -> None:
    tt = art("tt:Кол Шәриф мәчете", 7)
    links = {"Q1234": {"ru": "Мечеть Кул-Шариф", "tt": "Кол Шәриф мәчете"}}
    (c,) = follow_wikidata([cand(tt)], links)
    index = assign_topics(Worklist((LINE,)), [c.article])
    assert index.topic_of(c.article) == "Q1234"
    assert index.on_worklist(c.article)  # the `worklist` criterion: the topic is listed
    assert not index.listed_here(c.article)  # the `worklist` rule: this version is not named
    # Without Wikidata it is a topic of its own.
    assert assign_topics(Worklist((LINE,)), [tt]).topic_of(tt) == "tt:Кол Шәриф мәчете"


def test_titles_match_as_mediawiki_does_and_moves_count() -> None:
    moved = art("tt:Кол Шәриф", 8, moved_from="Кол_Шәриф_мәчете")
    (c,) = follow_wikidata([cand(moved)], {"Q1234": {"tt": "кол Шәриф мәчете"}})
    assert c.article.wikidata == "Q1234"


def test_an_item_the_wiki_told_is_kept_and_other_wikis_do_not_match() -> None:
    told = art("tt:Кол Шәриф мәчете", 9, wikidata="Q99")
    elsewhere = art("ru:Кол Шәриф мәчете", 10)
    got = follow_wikidata([cand(told), cand(elsewhere)], {"Q1234": {"tt": "Кол Шәриф мәчете"}})
    assert [c.article.wikidata for c in got] == ["Q99", None]


class _Store:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str, str], dict] = {}

    def ledger(self, *key: str) -> dict | None:
        return self.data.get(key)  # type: ignore[arg-type]

    def set_ledger(self, *args: object) -> None:
        *key, value = args
        self.data[tuple(key)] = value  # type: ignore[index,assignment]


def test_an_endpoint_that_fails_falls_back_to_the_last_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.config import load_config
    from bot.run.wikidata import CACHE, learn_sitelinks

    text = (Path(__file__).parents[2] / "config" / "bot.toml").read_text(encoding="utf-8")
    cfg_file = tmp_path / "bot.toml"  # port 9 (discard): nothing listens, the request is refused
    cfg_file.write_text(text.replace('endpoint = "http://127.0.0.1:7878/query"',
                                     'endpoint = "http://127.0.0.1:9/query"'), encoding="utf-8")
    cfg = load_config(cfg_file)
    store = _Store()
    store.set_ledger(*CACHE, {"links": {"Q1234": {"tt": "Кол Шәриф мәчете"}, "Q5": {"en": "X"}}})
    said: list[str] = []
    links, requests = learn_sitelinks(cfg, store, [Worklist((LINE,))], progress=said.append)
    assert links == {"Q1234": {"tt": "Кол Шәриф мәчете"}} and requests == 1
    assert said and "could not be reached" in said[0]
    # No worklist item: no request at all.
    assert learn_sitelinks(cfg, store, [Worklist(())], progress=said.append) == ({}, 0)

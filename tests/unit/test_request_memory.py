"""The copies of a big answer or page text a request holds (issue 16, memory).

A history answer is up to the API's 8 MiB and a big contest's ranking over 1 MB, and
the bot's peak memory is made of their copies: :class:`bot.wiki.FrugalRequest` parses
an answer with at most two of them alive (pywikibot's ``response.json()`` holds the
body, its text and the result: three), and sends a page's text URL-encoded without a
list of one string per byte of it (pywikibot's ``urlencode``: about nine times the text).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import requests
from pywikibot.data.api._requests import encode_url

from bot.wiki import FrugalRequest, form_encoded

SIZE = 4_000_000


def peak_of(work: Callable[[Any], Any], make: Callable[[], Any]) -> int:
    """Peak traced bytes while ``work`` runs on what ``make`` builds (which counts too, as
    the answer or text a request is handed does)."""
    tracemalloc.start()
    try:
        made = make()
        tracemalloc.reset_peak()
        work(made)
        del made
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def answer() -> requests.Response:
    response = requests.Response()
    response._content = b'{"query": {"text": "' + b"x" * SIZE + b'"}}'
    response.encoding = "utf-8"
    return response


def test_an_answer_is_parsed_with_two_copies_of_it_at_most() -> None:
    def frugal(response: requests.Response) -> None:
        request = FrugalRequest.__new__(FrugalRequest)  # no site: the answer is all it reads
        result = request._json_loads(response)
        assert result is not None and len(result["query"]["text"]) == SIZE

    def pywikibot_way(response: requests.Response) -> None:
        assert len(response.json()["query"]["text"]) == SIZE

    assert peak_of(frugal, answer) < 2.4 * SIZE  # the body and its text, then the text and the result
    assert peak_of(pywikibot_way, answer) > 2.9 * SIZE  # the three at once: what is saved


def test_a_page_text_is_url_encoded_without_a_string_per_byte() -> None:
    def items() -> dict[str, str]:
        text = ("{| class=wikitable\n|-\n| [[Article]] || 1,234 || é\n" * (SIZE // 40))[:SIZE]
        return {"action": "edit", "title": "Project:Editathon/Kazan/Leaderboard", "text": text, "token": "+\\"}

    made = items()
    assert form_encoded(made) == encode_url(made)  # what pywikibot would send, to the byte
    del made
    ours, theirs = peak_of(form_encoded, items), peak_of(encode_url, items)
    assert ours < theirs / 2, (ours, theirs)

"""pywikibot's retry records -> one line per retry, the reason kept for the summary."""

from __future__ import annotations

import logging

from bot.retry_log import RetryLog, reason_of

TRACEBACK = """Traceback (most recent call last):
  File "x.py", line 1, in <module>
requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=8080): Max retries exceeded with url: /api.php (Caused by NewConnectionError("HTTPConnection(host='127.0.0.1', port=8080): Failed to establish a new connection: [Errno 111] Connection refused"))
"""


def record(level: int, msg: str) -> logging.LogRecord:
    return logging.LogRecord("pywiki", level, "x.py", 1, msg, (), None)


def test_reasons() -> None:
    assert reason_of(TRACEBACK) == "Connection refused"
    assert reason_of("Traceback...\nrequests.exceptions.ReadTimeout: Read timed out. (read timeout=45)") == (
        "timed out")
    assert reason_of("Traceback...\npywikibot.exceptions.ServerError: 502 Bad Gateway") == (
        "ServerError: 502 Bad Gateway")


def test_three_records_become_one_line_and_others_pass() -> None:
    f = RetryLog({"127.0.0.1:8080": "tt"})
    assert f.filter(record(logging.ERROR, "An error occurred for uri http://127.0.0.1:8080/api.php")) is False
    assert f.filter(record(logging.ERROR, TRACEBACK)) is False
    waiting = record(logging.WARNING, "Waiting 2.0 seconds before retrying.")
    assert f.filter(waiting) is True
    assert waiting.getMessage() == (
        "wiki tt: no answer from http://127.0.0.1:8080/api.php (Connection refused); retry 1 in 2 s"
    )
    assert f.why("tt") == " after 1 retry (Connection refused)" and f.why("ru") == ""
    maxlag = record(logging.WARNING, "Waiting 5.0 seconds before retrying.")  # no error before it
    assert f.filter(maxlag) is True and maxlag.getMessage() == "Waiting 5.0 seconds before retrying."
    assert f.filter(record(logging.INFO, "Logging in to devwiki:en as EditathonBot")) is True


def test_a_server_error_is_named_by_the_request_line_and_never_by_an_earlier_wikis() -> None:
    """A 5xx or a time-out has no "An error occurred for uri" line: pywikibot names the
    request on a verbose line after the traceback. An earlier failure's wiki is not reused."""
    f = RetryLog({"127.0.0.1:8080": "tt", "127.0.0.1:8081": "en"})
    f.filter(record(logging.ERROR, "An error occurred for uri http://127.0.0.1:8080/api.php"))
    f.filter(record(logging.ERROR, TRACEBACK))
    f.filter(record(logging.WARNING, "Waiting 1.0 seconds before retrying."))
    server_error = "Traceback (most recent call last):\npywikibot.exceptions.ServerError: 503 Server Error: Service Unavailable"
    assert f.filter(record(logging.ERROR, server_error)) is False
    assert f.filter(record(18, "http://127.0.0.1:8081/api.php, action=edit&format=json")) is False
    waiting = record(logging.WARNING, "Waiting 1.0 seconds before retrying.")
    assert f.filter(waiting) is True
    assert waiting.getMessage().startswith("wiki en: no answer from http://127.0.0.1:8081/api.php (ServerError: 503")
    assert f.why("en") == " after 1 retry (ServerError: 503 Server Error: Service Unavailable)"
    f.filter(record(logging.ERROR, server_error))  # no request line this time: no wiki is guessed
    unknown = record(logging.WARNING, "Waiting 1.0 seconds before retrying.")
    f.filter(unknown)
    assert unknown.getMessage().startswith("wiki ?: no answer from the wiki")


def test_a_5xx_is_named_by_the_wiki_that_answered_and_a_timeout_by_its_server() -> None:
    f = RetryLog({"127.0.0.1:8080": "tt", "127.0.0.1:8081": "en"})
    f.answered("127.0.0.1:8081")  # the 5xx answer came from en
    f.filter(record(logging.ERROR, "Traceback (most recent call last):\n"
                                   "pywikibot.exceptions.ServerError: 500 Server Error: Internal Server Error"))
    first = record(logging.WARNING, "Waiting 1.0 seconds before retrying.")
    f.filter(first)
    assert first.getMessage().startswith("wiki en: no answer from http://127.0.0.1:8081 (ServerError: 500")
    timeout = ("Traceback (most recent call last):\npywikibot.exceptions.ServerError: "
               "HTTPConnectionPool(host='127.0.0.1', port=8080): Read timed out. (read timeout=4)")
    f.filter(record(logging.ERROR, timeout))
    second = record(logging.WARNING, "Waiting 1.0 seconds before retrying.")
    f.filter(second)
    assert second.getMessage().startswith("wiki tt: no answer from http://127.0.0.1:8080 (timed out)")

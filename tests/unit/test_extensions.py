"""Extensions (issue 21): parsing, trust from history, and each participant's own period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.extensions import (
    Extension,
    ExtensionLedger,
    extended_users,
    parse_extensions,
    user_period,
    widest_period,
)
from bot.model import ContestSettings, PageHistory, PageRevision

ALIASES = Aliases.build(templates={t: [] for t in (*CANONICAL_TEMPLATES, "Editathon extension")},
                        params={"until": ["до"], "comment": ["комментарий"]})
KNOWN = frozenset({"en", "ru", "tt"})
T0 = datetime(2026, 12, 1, tzinfo=UTC)
PAGE = "Project:E/Jury"


def parse(text: str) -> list[Extension]:
    return parse_extensions(text, wiki="en", page=PAGE, aliases=ALIASES, known_wikis=KNOWN)[0]


def test_user_and_wiki_extensions_are_read() -> None:
    got = parse("{{Editathon extension | aigul | until = 2026-12-07 | comment = No  internet }}\n"
                "{{Editathon extension | tt: | до = 2026-12-05 }}\n"
                "{{Editathon extension | :ru: | until = 2026-12-04 }}\n")
    assert got == [Extension("Aigul", None, date(2026, 12, 7), "No internet"),
                   Extension(None, "tt", date(2026, 12, 5)),
                   Extension(None, "ru", date(2026, 12, 4))]


def test_bad_extensions_are_problems_not_crashes() -> None:
    exts, problems = parse_extensions(
        "{{Editathon extension | Aigul }}\n{{Editathon extension | Aigul | until = soon }}\n"
        "{{Editathon extension | xx: | until = 2026-12-01 }}\n{{Editathon extension | until = 2026-12-01 }}\n",
        wiki="en", page=PAGE, aliases=ALIASES, known_wikis=KNOWN)
    assert exts == []
    assert [(p.key, p.line) for p in problems] == [
        ("parse-contest-missing-param", 1), ("parse-contest-bad-date", 2),
        ("extension-bad-target", 3), ("extension-bad-target", 4)]


def history(*revs: tuple[str, str]) -> PageHistory:
    return PageHistory("en", PAGE, tuple(
        PageRevision(100 + i, 99 + i if i else 0, user, T0 + timedelta(minutes=i), text)
        for i, (user, text) in enumerate(revs)))


EXT = "{{Editathon extension | Aigul | until = 2026-12-07 }}\n"


def test_only_organizers_extensions_count_and_others_are_reported() -> None:
    ledger = ExtensionLedger().fold(history(("Alice", "jury\n"), ("Ilnur", "jury\n" + EXT)), parse=parse)
    exts, problems = ledger.read(["Alice"])
    assert exts == []
    assert [(p.key, p.revid, p.param("user")) for p in problems] == [("extension-not-organizer", 101, "Ilnur")]
    ledger = ExtensionLedger().fold(history(("Alice", "jury\n"), ("Alice", "jury\n" + EXT)), parse=parse)
    assert ledger.read(["Alice"]) == ([Extension("Aigul", None, date(2026, 12, 7))], [])


def test_an_organizer_removal_ends_it_anyone_elses_does_not() -> None:
    h = history(("Alice", EXT), ("Ilnur", "nothing\n"))
    assert ExtensionLedger().fold(h, parse=parse).read(["Alice"])[0] == [Extension("Aigul", None, date(2026, 12, 7))]
    h = history(("Alice", EXT), ("Alice", "nothing\n"))
    assert ExtensionLedger().fold(h, parse=parse).read(["Alice"])[0] == []


def test_folding_is_incremental_and_idempotent() -> None:
    h = history(("Alice", "x\n"), ("Alice", EXT), ("Carol", EXT + "more\n"))
    once = ExtensionLedger().fold(h, parse=parse)
    stepwise = ExtensionLedger()
    for rev in h.revisions:
        stepwise = stepwise.fold(PageHistory("en", PAGE, (rev,)), parse=parse)
    assert once == stepwise == once.fold(h, parse=parse)
    assert ExtensionLedger.from_json(once.to_json()) == once


SETTINGS = ContestSettings(wiki="en", title="Project:E", start=date(2026, 11, 1), end=date(2026, 11, 30),
                           timezone="Europe/Moscow", wikis=("en", "tt"))


def test_periods_move_only_for_those_named() -> None:
    exts = [Extension("Aigul", None, date(2026, 12, 7)), Extension(None, "tt", date(2026, 12, 3))]
    start, end = SETTINGS.period()
    assert user_period(SETTINGS, exts, "Marat", "en") == (start, end)
    assert user_period(SETTINGS, exts, "aigul", "en")[1] == datetime(2026, 12, 7, 21, tzinfo=UTC)
    assert user_period(SETTINGS, exts, "Marat", "tt")[1] == datetime(2026, 12, 3, 21, tzinfo=UTC)
    assert user_period(SETTINGS, exts, "Aigul", "tt")[1] == datetime(2026, 12, 7, 21, tzinfo=UTC)
    assert widest_period(SETTINGS, exts)[1] == datetime(2026, 12, 7, 21, tzinfo=UTC)
    assert extended_users(exts, ["Aigul", "Marat"], "en") == ["Aigul"]
    # an extension that ends before the contest does not shorten anyone's period
    assert user_period(SETTINGS, [Extension("Aigul", None, date(2026, 11, 2))], "Aigul", "en") == (start, end)

"""Years compared (issue 21): the figures of each edition beside the one before."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.model import (
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Entry,
    Status,
    Topic,
    Worklist,
)
from bot.years import Edition, compare, window


def settings(year: int, title: str, umbrella: bool = False) -> ContestSettings:
    return ContestSettings(wiki="ru", title=title, start=date(year, 11, 1), end=date(year, 11, 30), timezone="UTC",
                           wikis=("ru", "tt"), umbrella=umbrella)


def entry(user: str, wiki: str, pageid: int, topic: str | None, size: int, status: Status = Status.COUNTED) -> Entry:
    c = Contribution(user, wiki, pageid, "new", (pageid,), None, None, bytes_added=size)
    return Entry(user=user, wiki=wiki, pageid=pageid, title=f"A{pageid}", kind="new", status=status, topic=topic,
                 contribution=c)


TOPICS = Worklist((Topic("ru:A", (("ru", "A"), ("tt", "Ә"))), Topic("ru:B", (("ru", "B"),))))


def result(year: int, people: tuple[str, ...], entries: tuple[Entry, ...]) -> ContestResult:
    return ContestResult(settings(year, f"P {year}/Kazan"), ContestState.CLOSED, entries, (), people,
                         worklist=TOPICS)


def test_each_edition_beside_the_one_before() -> None:
    y26 = Edition(settings(2026, "P 2026", True),
                  (result(2026, ("Aigul", "Marat"), (entry("Aigul", "ru", 1, "ru:A", 1000),
                                                     entry("Marat", "tt", 2, "ru:A", 500),
                                                     entry("Marat", "ru", 3, None, 300, Status.REJECTED))),),
                  registrations={"Aigul": datetime(2026, 10, 15, tzinfo=UTC),
                                 "Marat": datetime(2020, 1, 1, tzinfo=UTC)},
                  active={30: frozenset({"Aigul", "Someone"}), 90: None})
    y27 = Edition(settings(2027, "P 2027", True),
                  (result(2027, ("Aigul", "Zuhra"), (entry("Zuhra", "ru", 9, "ru:B", 2000),)),),
                  registrations={"Zuhra": datetime(2027, 11, 3, tzinfo=UTC)})
    old, new = compare([y27, y26])
    assert (old.year, old.participants, old.returning, old.new_accounts, old.entries, old.bytes_added) == (
        2026, 2, None, 1, 2, 1500)
    assert old.coverage == (("ru", 1, 2), ("tt", 1, 2)) and old.active == ((30, 1), (90, None))
    assert (new.year, new.participants, new.returning, new.new_accounts, new.entries, new.bytes_added) == (
        2027, 2, 1, 1, 1, 2000)
    assert new.coverage == (("ru", 1, 2), ("tt", 0, 2)) and new.active == ((30, None), (90, None))


def test_the_windows_start_30_and_90_days_after_the_end() -> None:
    u = settings(2026, "P", True)
    assert window(u, 30) == (datetime(2026, 12, 31, tzinfo=UTC), datetime(2027, 1, 30, tzinfo=UTC))

"""The pages the bot writes, rendered from one hand-built contest in en, ru and tt.

Each test checks what a reader of the page would check: who is first, how the
points read in their language, that every problem links its diff, that people
without entries are listed after the ranking, and that the text carries no time
of its own (the page is rewritten only when its content changes).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.i18n import Catalog, catalog
from bot.model import (
    OVERALL,
    ContestResult,
    ContestSettings,
    ContestState,
    Contribution,
    Decision,
    Entry,
    Nomination,
    PageRef,
    PointsLine,
    Problem,
    RankBy,
    Ranking,
    Reason,
    Standing,
    Status,
    Topic,
    Verdict,
    Worklist,
)
from bot.render import (
    StatusRow,
    render_leaderboard,
    render_queue,
    render_status_page,
    render_umbrella_leaderboard,
    render_worklist_status,
)

B = "Project:Smart Region 2026/Kazan"
LANGS = ("en", "ru", "tt")


def at(day: int, hour: int = 10, minute: int = 17) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def contribution(
    user: str, wiki: str, pageid: int, kind: str, revids: tuple[int, ...], day: int, **added: int
) -> Contribution:
    return Contribution(
        user=user,
        wiki=wiki,
        pageid=pageid,
        kind=kind,
        counted_revids=revids,
        first_counted=at(day),
        last_counted=at(day + 1),
        **added,
    )


def entry(
    user: str,
    wiki: str,
    pageid: int,
    title: str,
    status: Status,
    *,
    points: float = 0.0,
    kind: str = "new",
    day: int = 5,
    revids: tuple[int, ...] = (),
    **kw: Any,
) -> Entry:
    return Entry(
        user=user,
        wiki=wiki,
        pageid=pageid,
        title=title,
        kind=kind,
        status=status,
        points=points,
        created=at(day, 8),
        contribution=contribution(
            user,
            wiki,
            pageid,
            kind,
            revids or (pageid * 10,),
            day,
            bytes_added=2500,
            words_added=300,
            references_added=3,
            images_added=1,
        ),
        **kw,
    )


SETTINGS = ContestSettings(
    wiki="ru",
    title=B,
    start=date(2026, 11, 1),
    end=date(2026, 11, 30),
    timezone="Europe/Moscow",
    wikis=("ru", "tt", "en"),
    organizers=("Org",),
    jury=("Juror1", "Juror2"),
    quorum=2,
    nominations=(Nomination("Best Tatar article", wikis=("tt",)),),
)

ENTRIES = (
    entry(
        "Alice",
        "ru",
        11,
        "Казанский кремль",
        Status.COUNTED,
        points=12.5,
        day=2,
        revids=(1001, 1005, 1003),
        topic="Q12345",
        end_size=5000,
        end_words=700,
        breakdown=(PointsLine("new", 10), PointsLine("kilobyte", 2.5)),
        reasons=(Reason.make("reason-counted"),),
    ),
    entry(
        "Alice",
        "tt",
        21,
        "Казан Кремле",
        Status.PROVISIONAL,
        points=5,
        day=3,
        topic="Q12345",
        breakdown=(PointsLine("new", 5),),
        reasons=(Reason.make("reason-provisional"),),
        warnings=(Reason.make("reason-not-in-category", category="Казан"),),
        decisions_needed=2,
    ),
    entry(
        "Bob",
        "en",
        31,
        "Kazan",
        Status.COUNTED,
        points=3,
        kind="expanded",
        day=4,
        breakdown=(PointsLine("expanded", 2),),
        jury_points=1.0,
        reasons=(Reason.make("reason-counted"),),
    ),
    entry(
        "Bob",
        "ru",
        12,
        "Болгар",
        Status.AWAITING,
        day=1,
        topic="ru:Болгар",
        reasons=(Reason.make("reason-awaiting", needed=1),),
        decisions_needed=1,
        decisions=(Decision("Juror1", PageRef("ru", "Болгар"), Verdict.ACCEPT, 500, at(6)),),
    ),
    entry(
        "Dave",
        "ru",
        13,
        "Свияжск",
        Status.NOT_ENTRY,
        day=6,
        reasons=(Reason.make("reason-min-words", words=2140, required=3000),),
    ),
    entry(
        "Eve",
        "tt",
        22,
        "Болгар",
        Status.REJECTED,
        day=7,
        topic="ru:Болгар",
        reasons=(Reason.make("reason-rejected", comment="Машина тәрҗемәсе | ~~~~ {{subst:x}}"),),
    ),
)

RANKINGS = (
    Ranking(
        OVERALL,
        RankBy.POINTS,
        (
            Standing("Alice", 1, 17.5, 2, 2, at(4)),
            Standing("Bob", 2, 3.0, 1, 1, at(5)),
        ),
    ),
    Ranking("Best Tatar article", RankBy.POINTS, (Standing("Alice", 1, 5.0, 1, 1, at(4)),)),
)

PROBLEMS = (
    Problem.make("trust-untrusted-contest-edit", "ru", B, revid=101, user="Mallory"),
    Problem.make(
        "parse-worklist-unknown-wiki",
        "tt",
        "Проект:Акыллы төбәк 2026/Worklist",
        revid=202,
        line=5,
        prefix="xx",
        title="Foo",
    ),
    Problem.make(
        "parse-contest-bad-date", "ru", B, revid=100, line=3, param="start", value="2026-13-01"
    ),
)

WORKLIST = Worklist(
    (
        Topic(
            "Q12345",
            (("ru", "Казанский кремль"), ("tt", "Казан Кремле"), ("en", "Kazan Kremlin")),
            heading="Казань",
            wikidata="Q12345",
        ),
        Topic("ru:Болгар", (("ru", "Болгар"), ("tt", "Болгар")), heading="Казань"),
        Topic("ru:Елабуга", (("ru", "Елабуга"),), heading="Другое"),
    )
)

RESULT = ContestResult(
    settings=SETTINGS,
    state=ContestState.OPEN,
    entries=ENTRIES,
    rankings=RANKINGS,
    participants=("Alice", "Bob", "Carol", "Dave", "Eve"),
    problems=PROBLEMS,
    worklist=WORKLIST,
)

Renderer = Callable[[ContestResult, Catalog], str]
RENDERERS: tuple[Renderer, ...] = (render_leaderboard, render_queue, render_worklist_status)


def section(text: str, heading: str) -> str:
    """The text of the level-2 section ``heading`` (up to the next level-2 heading)."""
    start = text.index(f"== {heading} ==")
    nxt = re.search(r"^== [^=]", text[start + 3 :], re.M)
    return text[start : start + 3 + nxt.start()] if nxt else text[start:]


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", RENDERERS)
def test_same_result_renders_byte_identical_whatever_the_input_order(
    render: Renderer, lang: str
) -> None:
    cat = catalog(lang)
    first = render(RESULT, cat)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = replace(
            RESULT,
            entries=tuple(rng.sample(ENTRIES, len(ENTRIES))),
            problems=tuple(rng.sample(PROBLEMS, len(PROBLEMS))),
            rankings=tuple(
                replace(r, standings=tuple(rng.sample(r.standings, len(r.standings))))
                for r in RANKINGS
            ),
        )
        assert render(shuffled, cat) == first


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", RENDERERS)
def test_pages_show_no_time_of_their_own_only_the_revision_time(
    render: Renderer, lang: str
) -> None:
    text = render(RESULT, catalog(lang))
    assert "{{REVISIONTIMESTAMP}}" in text
    # The data's own times (10:17 UTC, 13:17 Moscow) never leak either: days only.
    assert not re.search(r"\d\d:\d\d", text)
    assert str(datetime.now().year + 100) not in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("render", RENDERERS)
def test_every_text_is_translated_and_every_layout_slot_filled(render: Renderer, lang: str) -> None:
    text = render(RESULT, catalog(lang))
    assert "⧼" not in text
    assert not re.search(r"\$[a-z_]", text)
    assert not re.search(r"\{[a-z_]+(:num)?\}", text)  # no unfilled message parameter


# --------------------------------------------------------------------------- leaderboard


def ranking_rows(text: str) -> list[str]:
    """User names in the overall ranking table, top to bottom."""
    table = text[text.index("{|") : text.index("|}")]
    return re.findall(r"\[\[User:([^|\]]+)\|", table)


@pytest.mark.parametrize("lang", LANGS)
def test_leaderboard_ranks_by_rank_and_lists_the_rest_after_the_ranking(lang: str) -> None:
    text = render_leaderboard(RESULT, catalog(lang))
    assert ranking_rows(text) == ["Alice", "Bob"]
    after_table = text[text.index("|}") :]
    unranked = after_table[: after_table.index("===")]
    assert re.findall(r"\[\[User:([^|\]]+)\|", unranked) == ["Carol", "Dave", "Eve"]


def test_leaderboard_entries_follow_the_ranking_then_the_others() -> None:
    text = render_leaderboard(RESULT, catalog("en"))
    entries = section(text, "Entries")
    heads = re.findall(r"^=== \[\[User:([^|\]]+)\|", entries, re.M)
    assert heads == ["Alice", "Bob", "Dave", "Eve"]  # Carol has no entry at all


@pytest.mark.parametrize(
    ("lang", "total", "article", "summary"),
    [
        ("en", "| 17.5", "| 12.5", "17.5 points, 2 counted entries of 2."),
        ("ru", "| 17,5", "| 12,5", "17,5 балла; засчитано статей: 2 из 2."),
        ("tt", "| 17,5", "| 12,5", "17,5 балл; исәпкә алынган мәкаләләр: 2 мәкаләдән 2."),
    ],
)
def test_leaderboard_points_read_in_the_page_language(
    lang: str, total: str, article: str, summary: str
) -> None:
    text = render_leaderboard(RESULT, catalog(lang))
    assert total in text
    assert article in text
    assert summary in text


@pytest.mark.parametrize(
    ("lang", "bob"),
    [("en", "3 points, 1 counted entry of 2."), ("ru", "3 балла; засчитано статей: 1 из 2.")],
)
def test_leaderboard_plural_forms(lang: str, bob: str) -> None:
    assert bob in render_leaderboard(RESULT, catalog(lang))


def test_leaderboard_links_articles_across_wikis_and_shows_status_and_reason() -> None:
    text = render_leaderboard(RESULT, catalog("en"))
    assert "[[Казанский кремль]]" in text  # home wiki
    assert "[[:tt:Казан Кремле]]" in text
    assert "[[:en:Kazan]]" in text
    dave = section(text, "Entries").split("=== [[User:Dave|Dave]] ===")[1]
    assert "not an entry" in dave
    assert "2,140 words; at least 3,000 needed." in dave
    assert "expanded article: 2 points, jury: +1 point" in text  # points labelled as points


def test_leaderboard_shows_period_and_state() -> None:
    assert "Contest: '''open'''. Period: 2026-11-01 – 2026-11-30 (Europe/Moscow)." in (
        render_leaderboard(RESULT, catalog("en"))
    )
    closed = render_leaderboard(replace(RESULT, state=ContestState.CLOSED), catalog("ru"))
    assert "Конкурс: '''закрыт'''." in closed


def test_leaderboard_nomination_has_its_own_ranking() -> None:
    text = render_leaderboard(RESULT, catalog("en"))
    nomination = text.split("=== Best Tatar article ===")[1].split("== Entries ==")[0]
    assert "Languages: tt." in nomination
    assert re.findall(r"\[\[User:([^|\]]+)\|", nomination) == ["Alice"]
    assert "1 (tt)" in nomination


@pytest.mark.parametrize(
    ("lang", "heading", "diff", "line"),
    [
        ("en", "Problems on the contest pages", "diff", "line 5"),
        ("ru", "Проблемы на страницах конкурса", "разн.", "строка 5"),
        ("tt", "Бәйге битләрендәге проблемалар", "аерма", "юл: 5"),
    ],
)
def test_leaderboard_links_each_problem_to_its_page_line_and_diff(
    lang: str, heading: str, diff: str, line: str
) -> None:
    problems = section(render_leaderboard(RESULT, catalog(lang)), heading)
    lines = [ln for ln in problems.splitlines() if ln.startswith("* ")]
    assert len(lines) == len(PROBLEMS)
    for target in ("Special:Diff/100", "Special:Diff/101", ":tt:Special:Diff/202"):
        assert sum(f"[[{target}|{diff}]]" in ln for ln in lines) == 1
    other_wiki = next(ln for ln in lines if "Diff/202" in ln)
    assert other_wiki.startswith(f"* [[:tt:Проект:Акыллы төбәк 2026/Worklist]], {line}: ")


def test_problem_headings_do_not_name_anyone() -> None:
    text = render_leaderboard(RESULT, catalog("en"))
    headings = re.findall(r"^=+ .* =+$", text, re.M)
    assert not any("Mallory" in h for h in headings)
    assert "Mallory" in section(text, "Problems on the contest pages")


def test_leaderboard_makes_on_wiki_input_inert() -> None:
    text = render_leaderboard(RESULT, catalog("en"))
    assert "~~~~" not in text  # would become the bot's signature on save
    assert "{{subst:" not in text
    assert "Машина тәрҗемәсе &#124; ~~&#126;~" in text


def test_leaderboard_without_anyone_ranked() -> None:
    empty = replace(
        RESULT, entries=(), rankings=(Ranking(OVERALL, RankBy.POINTS, ()),), problems=()
    )
    text = render_leaderboard(empty, catalog("en"))
    assert "No participant has a counted entry yet." in text
    assert "No entries yet." in text
    assert "No problems found." in text
    assert "Signed up, no counted entry yet (5)" in text


def test_leaderboard_uses_the_configured_interwiki_prefix() -> None:
    text = render_leaderboard(RESULT, catalog("en"), wiki_prefix=lambda w: f"{w}wiki")
    assert "[[:ttwiki:Казан Кремле]]" in text
    assert "[[:ttwiki:Special:Diff/202|diff]]" in text


# --------------------------------------------------------------------------- queue


def queue_articles(text: str) -> list[str]:
    table = text[text.index("{|") :]
    return re.findall(r'^\| \d+\n\| data-sort-value="[^"]*" \| (\[\[[^\]]+\]\])', table, re.M)


def test_queue_lists_entries_needing_decisions_oldest_first() -> None:
    text = render_queue(RESULT, catalog("en"))
    # Bob's awaiting entry started on Nov 1, Alice's provisional one on Nov 3; counted,
    # rejected and not-an-entry articles are not waiting for anyone.
    assert queue_articles(text) == ["[[Болгар]]", "[[:tt:Казан Кремле]]"]
    assert "Свияжск" not in text
    assert "[[Казанский кремль]]" not in text


def test_queue_gives_the_juror_the_facts_and_a_line_to_copy() -> None:
    text = render_queue(RESULT, catalog("en"))
    row = text.split("|-\n| 2\n")[1]
    assert "2026-11-03" in row
    assert "+2,500 bytes, +300 words, 3 references, 1 image" in row
    assert "Казань: [[:tt:Казан Кремле]]" in row  # worklist topic
    assert "Not in the category Казан or its subcategories." in row  # warning
    assert "[[:tt:Special:Diff/210|first edit]]" in row
    assert "[[:tt:Special:History/Казан Кремле|history]]" in row
    assert "provisional: 0 given, 2 more needed" in row
    assert (
        '<code style="white-space:nowrap"><nowiki>* {{Editathon decision|tt:Казан Кремле|accept|comment=}} ~~~~'
        "</nowiki></code>"
    ) in row


def test_queue_diff_spans_first_to_last_counted_edit() -> None:
    text = render_queue(
        replace(RESULT, entries=(replace(ENTRIES[0], status=Status.AWAITING),)), catalog("en")
    )
    assert "[[Special:Diff/1001|first edit]]" in text
    assert "[[Special:Diff/1001/1005|up to the last edit]]" in text


def test_queue_decision_line_names_the_user_when_an_article_is_shared() -> None:
    shared = replace(ENTRIES[3], user="Zoe")
    result = replace(RESULT, entries=(ENTRIES[3], shared))
    text = render_queue(result, catalog("en"))
    assert "* {{Editathon decision|Болгар|accept|user=Bob|comment=}} ~~~~" in text
    assert "* {{Editathon decision|Болгар|accept|user=Zoe|comment=}} ~~~~" in text


def test_queue_decision_line_protects_a_title_with_an_equals_sign() -> None:
    odd = replace(ENTRIES[3], title="E=mc2")
    text = render_queue(replace(RESULT, entries=(odd,)), catalog("en"))
    assert "* {{Editathon decision|1=E=mc2|2=accept|comment=}} ~~~~" in text


@pytest.mark.parametrize(
    ("lang", "intro"),
    [
        ("en", "2 entries are waiting for jury decisions"),
        ("ru", "2 статьи ждут решений жюри"),
        ("tt", "Жюри карарын көткән мәкаләләр: 2;"),
    ],
)
def test_queue_intro_counts_in_the_page_language(lang: str, intro: str) -> None:
    assert intro in render_queue(RESULT, catalog(lang))


def test_empty_queue_says_so() -> None:
    text = render_queue(replace(RESULT, entries=ENTRIES[:1]), catalog("en"))
    assert "No entry is waiting for the jury." in text
    assert "{{Editathon decision" not in text


# --------------------------------------------------------------------------- worklist status


def worklist_row(text: str, topic: str) -> list[str]:
    row = text.split(f"| {topic}\n")[1].split("|-")[0].split("|}")[0]
    return [cell for cell in row.strip().splitlines()]


def test_worklist_status_per_topic_and_language() -> None:
    text = render_worklist_status(RESULT, catalog("en"))
    kremlin = worklist_row(text, "Казанский кремль")
    assert "counted: [[User:Alice|Alice]]" in kremlin[0]  # ru
    assert "counted: [[User:Alice|Alice]]" in kremlin[1]  # tt, provisional still scores
    assert "[[:en:Kazan Kremlin]]<br />missing" in kremlin[2]
    bolgar = worklist_row(text, "Болгар")
    assert "being written: [[User:Bob|Bob]]" in bolgar[0]  # awaiting the jury
    assert "missing" in bolgar[1]  # Eve's version was rejected: the topic is open again


def test_worklist_status_groups_topics_under_their_headings() -> None:
    text = render_worklist_status(RESULT, catalog("en"))
    assert text.index("== Казань ==") < text.index("| Болгар") < text.index("== Другое ==")
    assert text.index("== Другое ==") < text.index("| Елабуга")


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "* ru: 1 counted, 1 being written, 1 missing, of 3 topics"),
        ("ru", "* ru: засчитано 1, пишется 1, нет статьи 1; всего 3 темы"),
        ("tt", "* tt: 1 исәпкә алынган, 0 языла, 2 юк; барлыгы 3 тема"),
    ],
)
def test_worklist_status_summary(lang: str, line: str) -> None:
    assert line in render_worklist_status(RESULT, catalog(lang)).splitlines()


def test_worklist_status_of_an_empty_worklist() -> None:
    text = render_worklist_status(replace(RESULT, worklist=Worklist()), catalog("en"))
    assert "The worklist has no topics yet." in text
    assert "{|" not in text


# --------------------------------------------------------------------------- status page

ROWS = (
    StatusRow(PageRef("ru", B), ContestState.OPEN, PROBLEMS, entries=21, participants=1),
    StatusRow(PageRef("ru", "Project:Alpha"), ContestState.UPCOMING, (), entries=5, participants=0),
)


@pytest.mark.parametrize(
    ("lang", "alpha", "kazan"),
    [
        ("en", "State: '''upcoming'''.", "State: '''open'''."),
        ("ru", "Состояние: '''ещё не начался'''", "Состояние: '''идёт'''"),
        ("tt", "Халәт: '''", "Халәт: '''"),
    ],
)
def test_status_page_one_section_per_contest_in_title_order(
    lang: str, alpha: str, kazan: str
) -> None:
    text = render_status_page(ROWS, catalog(lang))
    assert re.findall(r"^== (.*) ==$", text, re.M) == ["[[:Project:Alpha]]", f"[[:{B}]]"]
    assert text.index(alpha) < text.rindex(kazan)


def test_status_page_shows_state_and_problems_only_so_counts_never_cause_an_edit() -> None:
    """Contract section 5: the status page changes when a state or a problem changes."""
    more = tuple(
        StatusRow(r.contest, r.state, r.problems, entries=r.entries + 7, participants=9) for r in ROWS
    )
    assert render_status_page(more, catalog("en")) == render_status_page(ROWS, catalog("en"))


def test_status_page_shows_a_contest_that_cannot_run() -> None:
    broken = StatusRow(PageRef("ru", "Project:Broken"), None, PROBLEMS)
    text = render_status_page((broken,), catalog("en"))
    assert "cannot run" in text
    assert "Special:Diff/202" in text


def test_status_page_lists_problems_with_diffs_and_is_stable() -> None:
    cat = catalog("en")
    text = render_status_page(ROWS, cat)
    kazan = text.split(f"== [[:{B}]] ==")[1]
    assert "Problems (3):" in kazan
    assert "[[:tt:Special:Diff/202|diff]]" in kazan
    assert "No problems found." in text.split(f"== [[:{B}]] ==")[0]
    assert render_status_page(tuple(reversed(ROWS)), cat) == text


def test_status_page_on_another_wiki_links_across() -> None:
    text = render_status_page(ROWS[:1], catalog("en"), wiki="tt")
    assert f"== [[:ru:{B}]] ==" in text
    assert "[[:ru:Special:Diff/101|diff]]" in text
    assert "[[Special:Diff/202|diff]]" in text


def test_status_page_without_contests() -> None:
    assert "The bot runs no contest on this wiki." in render_status_page((), catalog("en"))


# --------------------------------------------------------------------------- umbrella

UMBRELLA = replace(SETTINGS, title="Project:Smart Region 2026", umbrella=True, nominations=())
# A second contest on the Tatar wiki: Zoe writes two languages, Alice one more article, and
# Alice's Kremlin article is entered there too (it must not count twice).
TT_CONTEST = replace(
    RESULT,
    settings=replace(SETTINGS, wiki="tt", title="Проект:Акыллы төбәк 2026/Казан"),
    state=ContestState.CLOSED,
    entries=(
        ENTRIES[0],
        replace(ENTRIES[1], pageid=23, title="Чаллы", status=Status.COUNTED),
        replace(ENTRIES[3], user="Zoe", status=Status.COUNTED),
        replace(ENTRIES[5], user="Zoe", status=Status.COUNTED),
    ),
    participants=("Alice", "Zoe"),
    problems=(),
)


def umbrella_table(text: str, heading: str) -> list[str]:
    table = section(text, heading).split("{|", 1)[1].split("|}", 1)[0]
    return re.findall(r"\[\[User:([^|\]]+)\|", table)


def test_umbrella_ranks_by_entries_and_languages_across_contests() -> None:
    text = render_umbrella_leaderboard(
        UMBRELLA, ContestState.OPEN, [RESULT, TT_CONTEST], catalog("en")
    )
    # Alice: Kremlin ru (once), Kremlin tt, Chally tt = 3 entries in 2 languages; Bob: 1 in 1;
    # Zoe: 2 entries in 2 languages.
    assert umbrella_table(text, "Ranking by counted entries") == ["Alice", "Zoe", "Bob"]
    by_languages = section(text, "Ranking by languages")
    assert umbrella_table(text, "Ranking by languages") == ["Alice", "Zoe", "Bob"]
    assert '| data-sort-value="Alice" | [[User:Alice|Alice]]\n| data-sort-value="3" | 3' in (
        by_languages
    )
    assert "points" not in section(text, "Ranking by counted entries").lower()


def test_umbrella_statistics_per_contest_and_language() -> None:
    text = render_umbrella_leaderboard(
        UMBRELLA, ContestState.OPEN, [TT_CONTEST, RESULT], catalog("en")
    )
    contests = section(text, "Contests")
    assert contests.index(f"[[:{B}]]") < contests.index("[[:tt:Проект:Акыллы төбәк 2026/Казан]]")
    assert "| closed" in contests
    languages = section(text, "Languages").split("|-")[1:]
    assert [row.split("\n")[1] for row in languages] == ["| en", "| ru", "| tt"]
    assert "2 contests are gathered here." in text
    assert (
        render_umbrella_leaderboard(
            UMBRELLA, ContestState.OPEN, [RESULT, TT_CONTEST], catalog("en")
        )
        == text
    )


@pytest.mark.parametrize("lang", LANGS)
def test_umbrella_without_contests(lang: str) -> None:
    text = render_umbrella_leaderboard(UMBRELLA, ContestState.UPCOMING, [], catalog(lang))
    assert "⧼" not in text and "$" not in text
    assert catalog(lang).text("umbrella-empty") in text


# --------------------------------------------------------------------------- ties and bars


def test_a_tie_says_which_rule_broke_it() -> None:
    from datetime import UTC, datetime

    from bot.model import RankBy, Standing
    from bot.render.leaderboard import tie_notes

    def st(user: str, rank: int, points: float, entries: int, hour: int | None) -> Standing:
        when = datetime(2026, 11, 5, hour, 0, tzinfo=UTC) if hour is not None else None
        return Standing(user=user, rank=rank, points=points, entries=entries, languages=1, last_counted=when)

    ordered = [st("Ann", 1, 30, 3, 9), st("Bob", 2, 30, 2, 8), st("Cem", 3, 30, 2, 10), st("Dan", 3, 30, 2, 10),
               st("Eve", 5, 12, 1, 7)]
    notes = tie_notes(ordered, RankBy.POINTS, catalog("en"), "Europe/Moscow")
    assert "[[User:Ann|Ann]] is ahead of [[User:Bob|Bob]]: more counted entries (3 against 2)." in notes
    assert ("[[User:Bob|Bob]] is ahead of [[User:Cem|Cem]]: equal counted entries, and [[User:Bob|Bob]] reached "
            "this result first (last counted edit 2026-11-05 11:00 against 2026-11-05 13:00, Europe/Moscow).") in notes
    assert "[[User:Cem|Cem]] and [[User:Dan|Dan]] are equal on every tie rule and share the place." in notes
    assert "Eve" not in notes  # 12 points: no tie to explain
    assert tie_notes(ordered[-1:], RankBy.POINTS, catalog("en"), "UTC") == ""
    for lang in ("ru", "tt"):
        assert "%(" not in tie_notes(ordered, RankBy.POINTS, catalog(lang), "UTC")


def test_bars_are_plain_wikitext_that_shrink_with_the_window() -> None:
    from bot.render.bars import Bar, bar_chart, column_chart

    text = bar_chart("Points", [Bar("Ann", 30, "30"), Bar("Bob", 15, "15"), Bar("Zed", 0, "0")])
    assert text.startswith("<div") and text.endswith("</div>") and "{|" not in text  # no table: Minerva squeezes those
    assert "width:78.0%" in text and "width:39.0%" in text  # relative to the widest bar
    assert "max-width:40em" in text and "px" not in text.replace("1px", "")  # no fixed pixel widths
    assert bar_chart("Empty", []) == ""
    days = column_chart("Per day", [Bar("2026-11-01", 0, "0"), Bar("2026-11-02", 4, "4")], note="4 in all")
    assert "2026-11-01" in days and "2026-11-02" in days and "height:4.0em" in days

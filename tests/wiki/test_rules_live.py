"""Issue 5 on real wikis: every rule, criterion, nomination and prize, one topic across languages.

Two contests run on the local en, ru and tt wikis, each written three times: with the
canonical English names (home wiki en), with Russian aliases (home ru) and with Tatar
aliases (home tt). The six contest pages share one set of participants' articles, so the
three versions of a contest must give the same leaderboard, and that leaderboard must
match the points computed by hand below. Everything is asserted on the leaderboard
wikitext the bot saved, the page participants read.

"Rules" (jury Timur, optional review) has every rule type, with ``max`` caps and a
``wiki =`` limit; criteria new (min words), expanded (min added bytes, max start bytes),
category on each wiki with depth 1, namespace, and informational worklist and newcomer
criteria; nominations by wikis, newcomers, entries and languages; prizes.

"Newcomers" makes the worklist and newcomer criteria binding, counts only new articles,
and has an informational category criterion of depth 0 and a nomination ranked by
languages on ru and tt.

One topic across languages: the worklist line joins en/ru/tt titles (Kazan Kremlin);
an interlanguage link joins an article whose title is not on the worklist
(``Кремль (Казань)`` -> ``[[en:Kazan Kremlin]]``, ``Бауман урамы`` -> ``[[en:Bauman Street]]``);
a shared Wikidata item (a ``page_props`` row, as Wikibase writes it) joins
``Казан циркы`` and ``Казанский цирк``.

Who wrote what (step = the second-resolution order of the edits):

====  ========  ====  ==========================  ===========================================
key   user      wiki  title                       what it shows
====  ========  ====  ==========================  ===========================================
a1    Aigul     en    Kazan Kremlin               new, caps on kilobytes, words, references
a2    Aigul     tt    Казан Кремле                images (tt only), language, jury +2
a3    Aigul     ru    Кремль (Казань)             topic by interlanguage link, not listed
b1    Bulat     ru    Казанский университет       expanded (Rustem's stub), two edits
b2    Bulat     en    Kazan                       too big before his first edit
b3    Bulat     en    Kazan Metro Depot           in no category
b4    Bulat     ru    Казанский вокзал            subcategory at depth 1
c1    Chulpan   tt    Кабан күле                  new on the worklist
c2    Chulpan   en    Kaban Lake                  category at depth 2 (> 1)
c3    Chulpan   ru    Озеро Кабан                 80 words < 150
c4    Chulpan   en    Kazan Arena                 expanded by too few bytes
c5    Chulpan   tt    Казан циркы                 Wikidata topic, first version
c6    Chulpan   ru    Казанский цирк              Wikidata topic, further version
d1    Dinar     en    Bauman Street               17 points, one second after e1
d2    Dinar     tt    Бауман урамы                worklist (tt title only), 100 words
d3    Dinar     ru    Улица Баумана               draft of step 1 moved in at step 9: not 1st
e1    Elmira    en    Tatar Academic Theatre      17 points: the tie with d1
e2    Elmira    ru    Казанский зоопарк           rejected by the jury
f1    Farid     tt    Казан метросы               written before he signed up
====  ========  ====  ==========================  ===========================================

Then a second run sees what changed after the first: the organizers lift the ``wiki =``
limit of the image rule in all three versions, and a non-participant adds a category and
an interlanguage link to b3, which makes it an entry and b4 a further language version.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.devwiki.actor import Actor
from bot.devwiki.harness import WikiSet
from bot.i18n import catalog
from bot.model import Status
from bot.render.entries import status_key
from tests.wiki.botrun import Bot, period_around_now, prose, today

LANGS = ("en", "ru", "tt")
ORGANIZER, JUROR, OTHER = "Alsu", "Timur", "Rustem"
NEWCOMERS = ("Aigul", "Dinar")
OLD_HANDS = ("Bulat", "Chulpan", "Elmira", "Farid")
PARTICIPANTS = (*NEWCOMERS, *OLD_HANDS)
# Each language version gets its signups in another order: the results must not care.
SIGNUP_ORDER = {
    "en": PARTICIPANTS,
    "ru": PARTICIPANTS[::-1],
    "tt": PARTICIPANTS[2:] + PARTICIPANTS[:2],
}
OLD_REGISTRATION = "2015-03-01T12:00:00Z"
WIKIDATA_ITEM = "Q4242"
BEFORE_SIGNUP = -1  # step of the edits made before anyone signs up

# --------------------------------------------------------------------------- the articles


@dataclass(frozen=True)
class Rev:
    """One revision: who saved it at which step, and what the whole text then holds."""

    step: int
    user: str
    words: int
    refs: int = 0
    images: int = 0


@dataclass(frozen=True)
class Page:
    key: str
    wiki: str
    title: str
    revs: tuple[Rev, ...]
    cats: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # interlanguage links (wiki, title)
    draft: str | None = None  # first saved at this title, then moved to ``title`` ...
    moved_at: int | None = None  # ... at this step

    @property
    def author(self) -> str:
        """The participant whose entry this page is (the last editor)."""
        return self.revs[-1].user


FILE_NS = {"en": "File", "ru": "Файл", "tt": "Файл"}
CAT_NS = {"en": "Category", "ru": "Категория", "tt": "Төркем"}
NOTES = {"en": "References", "ru": "Примечания", "tt": "Искәрмәләр"}


def text_of(page: Page, rev: Rev) -> str:
    """The wikitext of a revision: images, ``words`` words of prose, references, links.

    Only the prose counts as words; references, file links, headings, categories and
    interlanguage links never do, so a revision has exactly ``rev.words`` words.
    """
    lang = page.wiki
    images = "".join(
        f"[[{FILE_NS[lang]}:{page.key} view {i + 1}.jpg|thumb]]\n" for i in range(rev.images)
    )
    refs = "".join(f"<ref>{page.title}, source {i + 1}.</ref>" for i in range(rev.refs))
    notes = f"\n\n== {NOTES[lang]} ==\n<references />" if rev.refs else ""
    cats = "".join(f"\n[[{CAT_NS[lang]}:{c}]]" for c in page.cats)
    links = "".join(f"\n[[{w}:{t}]]" for w, t in page.links)
    return f"{images}{prose(rev.words, lang)}.{refs}{notes}\n{cats}{links}\n"


def size(text: str) -> int:
    """MediaWiki's page size: UTF-8 bytes of the text as saved (trailing space trimmed)."""
    return len(text.rstrip().encode("utf-8"))


PAGES = (
    Page("a1", "en", "Kazan Kremlin", (Rev(1, "Aigul", 500, 3, 1),), ("Kazan",)),
    Page(
        "b1",
        "ru",
        "Казанский университет",
        (
            Rev(BEFORE_SIGNUP, OTHER, 50),
            Rev(2, "Bulat", 350, 2),
            Rev(10, "Bulat", 350, 2, 1),
        ),
        ("Казань",),
    ),
    Page("c1", "tt", "Кабан күле", (Rev(3, "Chulpan", 250, 2, 1),), ("Казан",)),
    Page("e1", "en", "Tatar Academic Theatre", (Rev(4, "Elmira", 520, 2),), ("Kazan",)),
    Page("d1", "en", "Bauman Street", (Rev(5, "Dinar", 520, 2),), ("Geography of Kazan",)),
    Page("a2", "tt", "Казан Кремле", (Rev(6, "Aigul", 200, 1, 2),), ("Казан истәлекләре",)),
    Page("c5", "tt", "Казан циркы", (Rev(6, "Chulpan", 180),), ("Казан",)),
    Page(
        "a3",
        "ru",
        "Кремль (Казань)",
        (Rev(8, "Aigul", 160),),
        ("Казань",),
        (("en", "Kazan Kremlin"),),
    ),
    Page("c6", "ru", "Казанский цирк", (Rev(7, "Chulpan", 170),), ("Казань",)),
    Page(
        "d2", "tt", "Бауман урамы", (Rev(9, "Dinar", 100),), ("Казан",), (("en", "Bauman Street"),)
    ),
    Page(
        "c2",
        "en",
        "Kaban Lake",
        (Rev(9, "Chulpan", 200),),
        ("Lakes of Kazan",),
        (("tt", "Кабан күле"),),
    ),
    Page("c3", "ru", "Озеро Кабан", (Rev(9, "Chulpan", 80),), ("Казань",)),
    Page(
        "c4",
        "en",
        "Kazan Arena",
        (Rev(BEFORE_SIGNUP, OTHER, 100), Rev(9, "Chulpan", 120)),
        ("Kazan",),
    ),
    Page("b2", "en", "Kazan", (Rev(BEFORE_SIGNUP, OTHER, 500), Rev(9, "Bulat", 600)), ("Kazan",)),
    Page("b3", "en", "Kazan Metro Depot", (Rev(9, "Bulat", 200),)),
    Page("e2", "ru", "Казанский зоопарк", (Rev(9, "Elmira", 200),), ("Казань",)),
    Page(
        "b4",
        "ru",
        "Казанский вокзал",
        (Rev(10, "Bulat", 160, 1),),
        ("Достопримечательности Казани",),
    ),
    Page("f1", "tt", "Казан метросы", (Rev(BEFORE_SIGNUP, "Farid", 200),), ("Казан",)),
    # A draft begun before d1 and moved into the articles after it: it counts as created
    # at the move, so it is a further version of Dinar's topic, not his first.
    Page(
        "d3",
        "ru",
        "Улица Баумана",
        (Rev(1, "Dinar", 100),),
        ("Казань",),
        (("en", "Bauman Street"),),
        draft="Участник:Dinar/Улица Баумана",
        moved_at=9,
    ),
)
BY_KEY = {p.key: p for p in PAGES}
WIKIDATA_PAGES = ("c5", "c6")

# Category trees: en Kazan > Geography of Kazan > Lakes of Kazan; ru Казань >
# Достопримечательности Казани; tt Казан > Казан истәлекләре.
CATEGORIES = {
    "en": {"Kazan": None, "Geography of Kazan": "Kazan", "Lakes of Kazan": "Geography of Kazan"},
    "ru": {"Казань": None, "Достопримечательности Казани": "Казань"},
    "tt": {"Казан": None, "Казан истәлекләре": "Казан"},
}


def bytes_added(key: str) -> int:
    """Contract §2: the sum over the author's edits of max(0, size - parent size)."""
    page = BY_KEY[key]
    total, before = 0, 0
    for rev in page.revs:
        now = size(text_of(page, rev))
        if rev.user == page.author:
            total += max(0, now - before)
        before = now
    return total


def start_size(key: str) -> int:
    """The size just before the author's first edit."""
    page = BY_KEY[key]
    before = 0
    for rev in page.revs:
        if rev.user == page.author:
            return before
        before = size(text_of(page, rev))
    return before


def kb(key: str) -> float:
    """The kilobyte rule of "Rules": 1 point per 1,000 bytes added, at most 3."""
    return min(3.0, bytes_added(key) / 1000)


# --------------------------------------------------------------------------- hand-computed results

PROVISIONAL, COUNTED, REJECTED, NOT_ENTRY = (
    Status.PROVISIONAL,
    Status.COUNTED,
    Status.REJECTED,
    Status.NOT_ENTRY,
)

# Rules: new 10, expanded 4, kilobyte 1 (max 3), words 0.5 per 100 (max 2), reference 1
# (max 3), image 2 on tt only, worklist 5 (this title listed), language 3; jury +2 on a2.
RULES_ENTRIES: dict[str, tuple[Status, float]] = {
    # new 10, 3 KB (capped), 500 words = 2.5 capped to 2, 3 refs, 1 image on en = 0, listed 5
    "a1": (PROVISIONAL, 10 + kb("a1") + 2 + 3 + 0 + 5),
    # new 10, KB, 200 words = 1, 1 ref, 2 images on tt = 4, listed 5, language 3, jury +2
    "a2": (COUNTED, 10 + kb("a2") + 1 + 1 + 4 + 5 + 3 + 2),
    # new 10, KB, 160 words = 0.8, title not on the worklist 0, language (after a1) 3
    "a3": (PROVISIONAL, 10 + kb("a3") + 0.8 + 3),
    # expanded 4, KB added (capped), 300 words added = 1.5, 2 refs, 1 image on ru = 0, listed 5
    "b1": (PROVISIONAL, 4 + kb("b1") + 1.5 + 2 + 5),
    "b2": (NOT_ENTRY, 0),  # start size > 2,000 bytes
    "b3": (NOT_ENTRY, 0),  # in no category
    # new 10, KB, 160 words = 0.8, 1 ref, not listed
    "b4": (PROVISIONAL, 10 + kb("b4") + 0.8 + 1),
    # new 10, KB, 250 words = 1.25, 2 refs, 1 image on tt = 2, listed 5; c2/c3 do not score
    "c1": (PROVISIONAL, 10 + kb("c1") + 1.25 + 2 + 2 + 5),
    "c2": (NOT_ENTRY, 0),  # Lakes of Kazan is 2 levels below Kazan, depth is 1
    "c3": (NOT_ENTRY, 0),  # 80 words < 150
    "c4": (NOT_ENTRY, 0),  # fewer than 500 bytes added
    # new 10, KB, 180 words = 0.9; first version of the Wikidata topic
    "c5": (PROVISIONAL, 10 + kb("c5") + 0.9),
    # new 10, KB, 170 words = 0.85, language (after c5) 3
    "c6": (PROVISIONAL, 10 + kb("c6") + 0.85 + 3),
    # new 10, 3 KB (capped: see check_sizes), 520 words = 2.6 capped to 2, 2 refs: 17, like e1
    "d1": (PROVISIONAL, 10 + 3 + 2 + 2),
    "d2": (NOT_ENTRY, 0),  # 100 words < 150
    "d3": (NOT_ENTRY, 0),  # 100 words < 150
    "e1": (PROVISIONAL, 10 + 3 + 2 + 2),
    "e2": (REJECTED, 0),
    "f1": (NOT_ENTRY, 0),  # written before Farid signed up
}


def total(
    entries: dict[str, tuple[Status, float]], user: str, wikis: tuple[str, ...] = LANGS
) -> float:
    return sum(
        points
        for key, (status, points) in entries.items()
        if BY_KEY[key].author == user
        and BY_KEY[key].wiki in wikis
        and status in (COUNTED, PROVISIONAL)
    )


@dataclass(frozen=True)
class Standing:
    user: str
    rank: int
    points: float
    entries: int
    languages: int


def standings(
    entries: dict[str, tuple[Status, float]],
    order: list[tuple[str, int, int, int]],
    wikis: tuple[str, ...] = LANGS,
) -> list[Standing]:
    """A ranking table by hand: (user, rank, counted entries, languages) in page order."""
    return [Standing(u, r, total(entries, u, wikis), n, langs) for u, r, n, langs in order]


# Ties go to more counted entries, then to the earlier last counted edit; the steps are
# chosen so that neither order is the alphabetical one. Elmira and Dinar both have 17
# points and one entry; Elmira's last counted edit is a second earlier (step 4 < 5).
_BY_POINTS = [
    ("Aigul", 1, 3, 3),
    ("Chulpan", 2, 3, 2),
    ("Bulat", 3, 2, 1),
    ("Elmira", 4, 1, 1),
    ("Dinar", 5, 1, 1),
]
RULES_RANKINGS = [
    standings(RULES_ENTRIES, _BY_POINTS),
    # Tatar articles (wikis = tt, by points): Chulpan c1 + c5 > Aigul a2.
    standings(RULES_ENTRIES, [("Chulpan", 1, 2, 1), ("Aigul", 2, 1, 1)], ("tt",)),
    # Newcomers (registered after D): Aigul and Dinar only.
    standings(RULES_ENTRIES, [("Aigul", 1, 3, 3), ("Dinar", 2, 1, 1)]),
    # Most entries: Chulpan and Aigul have 3; Chulpan's last counted edit is earlier (7 < 8).
    standings(
        RULES_ENTRIES,
        [
            ("Chulpan", 1, 3, 2),
            ("Aigul", 2, 3, 3),
            ("Bulat", 3, 2, 1),
            ("Elmira", 4, 1, 1),
            ("Dinar", 5, 1, 1),
        ],
    ),
    # Most languages: Bulat, Elmira and Dinar have one language each; Bulat has more
    # counted entries, so he is above them although his last edit is the latest (step 10).
    standings(RULES_ENTRIES, _BY_POINTS),
]
RULES_UNRANKED = ["Farid"]

# Newcomers: new 1, expanded 1, worklist 1 (this title listed), language 2; only new
# articles, on the worklist, by accounts registered after D. No jury: entries are counted.
NEWCOMER_ENTRIES: dict[str, tuple[Status, float]] = {
    "a1": (COUNTED, 1 + 1),  # new, listed, first version
    "a2": (COUNTED, 1 + 1 + 2),  # new, listed, language
    "a3": (COUNTED, 1 + 0 + 2),  # new, topic listed through its interlanguage link, language
    "d1": (COUNTED, 1 + 0),  # topic listed through d2's interlanguage link; first version
    "d2": (COUNTED, 1 + 1 + 2),  # new, tt title listed, language (after d1)
    "d3": (COUNTED, 1 + 0 + 2),  # new when moved in (after d1), language
    **{k: (NOT_ENTRY, 0) for k in BY_KEY if k[0] in "bcef"},
}
NEWCOMER_RANKINGS = [
    standings(NEWCOMER_ENTRIES, [("Aigul", 1, 3, 3), ("Dinar", 2, 3, 3)]),
    # Languages (wikis = ru, tt, by languages): Aigul a2 + a3, Dinar d2 + d3: two languages
    # and two entries each; Aigul's last counted edit is earlier (step 8 < 9).
    standings(NEWCOMER_ENTRIES, [("Aigul", 1, 2, 2), ("Dinar", 2, 2, 2)], ("ru", "tt")),
]
NEWCOMER_UNRANKED = ["Bulat", "Chulpan", "Elmira", "Farid"]


# --------------------------------------------------------------------------- the contest pages

# The names each language version of the contest pages is written with: canonical English,
# and aliases from config/aliases/ru.toml and tt.toml (column: key, en, ru, tt).
NAME_TABLE = (
    ("main", "Editathon", "Викимарафон", "Марафон"),
    ("rule", "Editathon rule", "Марафон правило", "Марафон кагыйдә"),
    ("crit", "Editathon criterion", "Марафон критерий", "Марафон таләп"),
    ("nom", "Editathon nomination", "Марафон номинация", "Марафон номинациясе"),
    ("prize", "Editathon prize", "Марафон приз", "Марафон бүләк"),
    ("topic", "Editathon topic", "Марафон тема", "Марафон темасы"),
    ("decision", "Editathon decision", "Марафон решение", "Марафон карар"),
    ("start", "start", "начало", "башлану"),
    ("end", "end", "конец", "тәмам"),
    ("timezone", "timezone", "часовой пояс", "сәгать поясы"),
    ("wikis", "wikis", "разделы", "телләр"),
    ("organizers", "organizers", "организаторы", "оештыручылар"),
    ("jury", "jury", "жюри", "жюри"),
    ("quorum", "quorum", "кворум", "кворум"),
    ("review", "review", "проверка", "тикшерү"),
    ("optional", "optional", "необязательная", "ихтыяри"),
    ("max", "max", "макс", "макс"),
    ("max2", "max", "максимум", "иң күбе"),
    ("wiki", "wiki", "раздел", "бүлек"),
    ("informational", "informational", "справочно", "белешмә өчен"),
    ("yes", "yes", "да", "әйе"),
    ("min words", "min words", "мин слов", "мин сүз"),
    ("min added bytes", "min added bytes", "мин добавлено байт", "мин өстәлгән байт"),
    ("max start bytes", "max start bytes", "макс исходный размер", "макс башлангыч байт"),
    ("depth", "depth", "глубина", "тирәнлек"),
    ("registered after", "registered after", "зарегистрирован после", "теркәлгән"),
    ("name", "name", "название", "исем"),
    ("newcomers", "newcomers", "новички", "яңалар"),
    ("rank by", "rank by", "ранжировать по", "тәртип"),
    ("places", "places", "места", "урыннар"),
    ("points", "points", "баллы", "баллар"),
    ("comment", "comment", "комментарий", "аңлатма"),
    ("new", "new", "новая", "яңа"),
    ("expanded", "expanded", "дополненная", "тулыландырылган"),
    ("kilobyte", "kilobyte", "килобайт", "кб"),
    ("words", "words", "слова", "сүзләр"),
    ("reference", "reference", "источники", "чыганаклар"),
    ("image", "image", "изображения", "рәсемнәр"),
    ("worklist", "worklist", "список", "исемлек"),
    ("language", "language", "язык", "тел"),
    ("category", "category", "категория", "төркем"),
    ("namespace", "namespace", "пространство имён", "исемнәр мәйданы"),
    ("newcomer", "newcomer", "новичок", "яңа кулланучы"),
    ("entries", "entries", "статьи", "мәкаләләр"),
    ("languages", "languages", "языки", "телләр"),
    ("overall", "overall", "общий зачёт", "гомуми"),
    ("accept", "accept", "принять", "кабул"),
    ("reject", "reject", "отклонить", "кире кагу"),
    ("half", "0.5", "0,5", "0,5"),
    (
        "categories",
        "Kazan | ru:Казань | tt:Казан",
        "en:Kazan | Казань | tt:Категория:Казан",
        "en:Category:Kazan | ru:Казань | Төркем:Казан",
    ),
)
NAMES = {lang: {row[0]: row[i + 1] for row in NAME_TABLE} for i, lang in enumerate(LANGS)}

# Nomination names as the organizers of each language version typed them, in page order.
RULES_NOMINATIONS = {
    "en": ("Tatar articles", "Newcomers", "Most entries", "Most languages"),
    "ru": ("Татарские статьи", "Новички", "Больше всех статей", "Больше всех языков"),
    "tt": ("Татарча мәкаләләр", "Яңа кулланучылар", "Иң күп мәкалә", "Иң күп тел"),
}
NEWCOMER_NOMINATIONS = {"en": ("Languages",), "ru": ("Языки",), "tt": ("Телләр",)}
REJECT_COMMENT = {"en": "Copied text", "ru": "Скопированный текст", "tt": "Күчереп алынган текст"}

RULES_TITLE = {
    "en": "Project:Editathon/Rules",
    "ru": "Project:Editathon/Правила",
    "tt": "Project:Editathon/Кагыйдәләр",
}
NEWCOMER_TITLE = {
    "en": "Project:Editathon/Newcomers",
    "ru": "Project:Editathon/Новички",
    "tt": "Project:Editathon/Яңалар",
}


def newcomer_date() -> str:
    return (today() - timedelta(days=30)).isoformat()


def main_template(lang: str, start: str, end: str, *, jury: bool) -> str:
    n = NAMES[lang]
    lines = [
        f"{{{{{n['main']}",
        f"| {n['start']} = {start}",
        f"| {n['end']} = {end}",
        f"| {n['timezone']} = Europe/Moscow",
        f"| {n['wikis']} = en, ru, tt",
        f"| {n['organizers']} = {ORGANIZER}",
    ]
    if jury:
        lines += [
            f"| {n['jury']} = {JUROR}",
            f"| {n['quorum']} = 1",
            f"| {n['review']} = {n['optional']}",
        ]
    return "\n".join([*lines, "}}"])


def rules_page(lang: str, start: str, end: str, *, images_on_tt_only: bool = True) -> str:
    n, d = NAMES[lang], newcomer_date()
    limit = f" | {n['wiki']} = tt" if images_on_tt_only else ""
    r, c, nom, p = n["rule"], n["crit"], n["nom"], n["prize"]
    names = RULES_NOMINATIONS[lang]
    return f"""{main_template(lang, start, end, jury=True)}
Every rule, criterion and nomination of the contract.

{{{{{r} | {n["new"]} | 10}}}}
{{{{{r} | {n["expanded"]} | 4}}}}
{{{{{r} | {n["kilobyte"]} | 1 | {n["max"]} = 3}}}}
{{{{{r} | {n["words"]} | {n["half"]} | {n["max2"]} = 2}}}}
{{{{{r} | {n["reference"]} | 1 | {n["max"]} = 3}}}}
{{{{{r} | {n["image"]} | 2{limit}}}}}
{{{{{r} | {n["worklist"]} | 5}}}}
{{{{{r} | {n["language"]} | 3}}}}

{{{{{c} | {n["new"]} | {n["min words"]} = 150}}}}
{{{{{c} | {n["expanded"]} | {n["min added bytes"]} = 500 | {n["max start bytes"]} = 2000}}}}
{{{{{c} | {n["category"]} | {n["categories"]} | {n["depth"]} = 1}}}}
{{{{{c} | {n["namespace"]} | 0}}}}
{{{{{c} | {n["worklist"]} | {n["informational"]} = {n["yes"]}}}}}
{{{{{c} | {n["newcomer"]} | {n["registered after"]} = {d} | {n["informational"]} = {n["yes"]}}}}}

{{{{{nom} | {n["name"]} = {names[0]} | {n["wikis"]} = tt}}}}
{{{{{nom} | {n["name"]} = {names[1]} | {n["newcomers"]} = {d}}}}}
{{{{{nom} | {n["name"]} = {names[2]} | {n["rank by"]} = {n["entries"]}}}}}
{{{{{nom} | {n["name"]} = {names[3]} | {n["rank by"]} = {n["languages"]}}}}}
{{{{{p} | {n["overall"]} | {n["places"]} = 3}}}}
{{{{{p} | {names[0]} | {n["places"]} = 1}}}}
"""


def newcomers_page(lang: str, start: str, end: str) -> str:
    n, d = NAMES[lang], newcomer_date()
    r, c, nom, p = n["rule"], n["crit"], n["nom"], n["prize"]
    (name,) = NEWCOMER_NOMINATIONS[lang]
    return f"""{main_template(lang, start, end, jury=False)}
New articles on the worklist by new accounts.

{{{{{r} | {n["new"]} | 1}}}}
{{{{{r} | {n["expanded"]} | 1}}}}
{{{{{r} | {n["worklist"]} | 1}}}}
{{{{{r} | {n["language"]} | 2}}}}

{{{{{c} | {n["new"]}}}}}
{{{{{c} | {n["worklist"]}}}}}
{{{{{c} | {n["newcomer"]} | {n["registered after"]} = {d}}}}}
{{{{{c} | {n["category"]} | {n["categories"]} | {n["depth"]} = 0 | {n["informational"]} = {n["yes"]}}}}}

{{{{{nom} | {n["name"]} = {name} | {n["wikis"]} = ru, tt | {n["rank by"]} = {n["languages"]}}}}}
{{{{{p} | {name} | {n["places"]} = 2}}}}
"""


def link(home: str, wiki: str, title: str) -> str:
    return f"[[{title}]]" if wiki == home else f"[[:{wiki}:{title}]]"


def worklist_page(home: str) -> str:
    topic = NAMES[home]["topic"]
    return "\n".join(
        [
            "== Kazan ==",
            "* "
            + " · ".join(
                link(home, w, t)
                for w, t in (
                    ("en", "Kazan Kremlin"),
                    ("ru", "Казанский кремль"),
                    ("tt", "Казан Кремле"),
                )
            ),
            f"* {{{{{topic} | en = Kazan Federal University | ru = Казанский университет"
            " | tt = Казан университеты}}",
            "* " + link(home, "ru", "Озеро Кабан") + " · " + link(home, "tt", "Кабан күле"),
            "* " + link(home, "tt", "Бауман урамы"),
            "",
        ]
    )


def decision_lines(home: str) -> list[str]:
    n = NAMES[home]
    accept = "Казан Кремле" if home == "tt" else "tt:Казан Кремле"
    reject = "Казанский зоопарк" if home == "ru" else "ru:Казанский зоопарк"
    return [
        f"\n{{{{{n['decision']} | {accept} | {n['accept']} | {n['points']} = +2}}}} ~~~~",
        f"\n{{{{{n['decision']} | {reject} | {n['reject']} | {n['comment']} = "
        f"{REJECT_COMMENT[home]}}}}} ~~~~",
    ]


# --------------------------------------------------------------------------- building the world


@dataclass
class World:
    wset: WikiSet
    state: Path
    period: tuple[str, str]
    boards: dict[tuple[str, str], str] = field(default_factory=dict)  # (contest, home) -> text
    stdout: str = ""


class People:
    """Logged-in sessions, one per (wiki, user), made on first use."""

    def __init__(self, wset: WikiSet) -> None:
        self.wset = wset
        self.sessions: dict[tuple[str, str], Actor] = {}

    def __call__(self, wiki: str, user: str) -> Actor:
        if (wiki, user) not in self.sessions:
            self.sessions[(wiki, user)] = self.wset.actor(wiki, user)
        return self.sessions[(wiki, user)]


def tick() -> None:
    """MediaWiki timestamps have one-second resolution: make the next step a later second."""
    time.sleep(1.1)


def save_revisions(people: People, step: int) -> None:
    for page in PAGES:
        for rev in page.revs:
            if rev.step == step:
                title = page.draft if page.draft and page.moved_at else page.title
                people(page.wiki, rev.user).edit(title, text_of(page, rev), f"step {step}")
        if page.draft and page.moved_at == step:
            people(page.wiki, page.author).move(page.draft, page.title, "ready")


def build_world(wset: WikiSet, state: Path) -> World:
    people = People(wset)
    start, end = period_around_now(days_before=1, days_after=2)
    for wiki, tree in CATEGORIES.items():
        for name, parent in tree.items():
            body = f"[[{CAT_NS[wiki]}:{parent}]]" if parent else "Kazan."
            wset.admin(wiki).edit(f"{CAT_NS[wiki]}:{name}", body, "category")
    for user in (*PARTICIPANTS, JUROR):
        for wiki in LANGS:
            people(wiki, user)
    save_revisions(people, BEFORE_SIGNUP)

    for home in LANGS:
        org = people(home, ORGANIZER)
        for title, text, jury in (
            (RULES_TITLE[home], rules_page(home, start, end), True),
            (NEWCOMER_TITLE[home], newcomers_page(home, start, end), False),
        ):
            org.edit(title, text, "contest")
            org.edit(f"{title}/Worklist", worklist_page(home), "worklist")
            org.edit(f"{title}/Participants", "Sign up with your signature.\n", "signups")
            if jury:
                org.edit(f"{title}/Jury", "One signed decision per line.\n", "jury")
    tick()
    for home in LANGS:
        for title in (RULES_TITLE[home], NEWCOMER_TITLE[home]):
            for user in SIGNUP_ORDER[home]:
                people(home, user).append(f"{title}/Participants", "\n# ~~~~", "signing up")
    last_step = max(rev.step for page in PAGES for rev in page.revs)
    for step in range(1, last_step + 1):
        tick()
        save_revisions(people, step)
    for home in LANGS:
        for line in decision_lines(home):
            people(home, JUROR).append(f"{RULES_TITLE[home]}/Jury", line, "decision")

    recent = (datetime.now(UTC) - timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for wiki in LANGS:
        for user in NEWCOMERS:
            wset.set_registration(wiki, user, recent)
        for user in OLD_HANDS:
            wset.set_registration(wiki, user, OLD_REGISTRATION)

    wset.run_jobs()  # link tables (categories, language links) as production has them
    check_sizes(wset)
    share_wikidata_item(wset)
    result = Bot(wset, state).run()
    return read_boards(World(wset, state, (start, end), stdout=result.stdout))


def read_boards(world: World) -> World:
    for home in LANGS:
        for contest, titles in (("rules", RULES_TITLE), ("newcomers", NEWCOMER_TITLE)):
            text = world.wset.admin(home).page_text(f"{titles[home]}/Leaderboard")
            assert text is not None, f"no leaderboard for {home}:{titles[home]}\n{world.stdout}"
            world.boards[(contest, home)] = text
    return world


# After the first run, two things change that the next run must see:
# - the organizers of every language version lift the `wiki = tt` limit of the image rule;
# - Rustem (not a participant) puts Bulat's "Kazan Metro Depot" (b3) into Category:Kazan
#   and links it to Bulat's ru article "Казанский вокзал" (b4).
B3_LATER = replace(BY_KEY["b3"], cats=("Kazan",), links=(("ru", "Казанский вокзал"),))


def change_world(world: World) -> World:
    wset = world.wset
    for home in LANGS:
        wset.actor(home, ORGANIZER).edit(
            RULES_TITLE[home], rules_page(home, *world.period, images_on_tt_only=False), "images"
        )
    b3 = BY_KEY["b3"]
    wset.actor(b3.wiki, OTHER).edit(b3.title, text_of(B3_LATER, b3.revs[-1]), "category, link")
    result = Bot(wset, world.state).run()
    return read_boards(World(wset, world.state, world.period, stdout=result.stdout))


def check_sizes(wset: WikiSet) -> None:
    """The hand computation rests on the sizes: the wiki must report the same ones."""
    assert min(bytes_added("d1"), bytes_added("e1")) > 3000, "the tie needs both capped"
    for page in PAGES:
        got = [r["size"] for r in wset.anonymous(page.wiki).revisions(page.title, prop="ids|size")]
        want = [size(text_of(page, rev)) for rev in page.revs]
        if page.draft:
            want.append(want[-1])  # the move's null revision
        assert got == want, page.key


def share_wikidata_item(wset: WikiSet) -> None:
    """Give c5 and c6 one Wikidata item, the row Wikibase's client writes into page_props.

    Written after the job queue ran, so no links update of those pages replaces it.
    """
    for key in WIKIDATA_PAGES:
        page = BY_KEY[key]
        info = wset.anonymous(page.wiki).query(prop="info", titles=page.title)
        pageid = info["query"]["pages"][0]["pageid"]
        with contextlib.closing(wset.db(page.wiki)) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO page_props (pp_page, pp_propname, pp_value, pp_sortkey) "
                "VALUES (?, 'wikibase_item', ?, NULL)",
                (pageid, WIKIDATA_ITEM),
            )
        props = wset.anonymous(page.wiki).query(prop="pageprops", titles=page.title)
        assert props["query"]["pages"][0]["pageprops"]["wikibase_item"] == WIKIDATA_ITEM


@pytest.fixture(scope="module")
def world(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(wikiset, tmp_path_factory.mktemp("rules-state") / "state.sqlite")


@pytest.fixture(scope="module")
def later(world: World) -> World:
    """The same wikis after the changes of :func:`change_world` and a second bot run."""
    return change_world(world)


# --------------------------------------------------------------------------- reading the leaderboard


@dataclass(frozen=True)
class Row:
    """One row of the entries table, as a participant reads it."""

    user: str
    wiki: str
    title: str
    points: float | None  # None: "—"
    status: Status
    reason: str
    breakdown: str


@dataclass
class Board:
    rankings: list[tuple[str, list[Standing]]]  # (heading, table); overall first, heading ""
    unranked: list[str]
    rows: dict[tuple[str, str, str], Row]  # (user, wiki, title)
    problems: str


USER_LINK = re.compile(r"\[\[User:([^|\]]+)\|")
ARTICLE_LINK = re.compile(r"\[\[:?(?:(en|ru|tt):)?([^|\]]+)")


def number(text: str, lang: str) -> float:
    """A number as the leaderboard shows it in ``lang`` ("17", "23,4", "1,234")."""
    t = text.replace("\u00a0", "").replace(" ", "")
    t = t.replace(",", "") if lang == "en" else t.replace(",", ".")
    return float(t)


def cell_text(line: str) -> str:
    """``| text`` or ``| data-sort-value="x" | text`` -> ``text``."""
    body = line[1:].strip()
    m = re.match(r'^(?:data-sort-value="[^"]*"\s*)?(?:style="[^"]*"\s*)?\|\s?(.*)$', body)
    return m.group(1).strip() if m and body.startswith(("data-sort-value", "style")) else body


def tables(text: str) -> list[list[list[str]]]:
    """Every wikitable in ``text``: rows of cell texts (header rows left out)."""
    out = []
    for block in re.findall(r"^\{\|.*?^\|\}", text, flags=re.S | re.M):
        rows: list[list[str]] = []
        for line in block.splitlines()[1:-1]:
            if line.startswith("|-"):
                rows.append([])
            elif line.startswith("|") and rows:
                rows[-1].append(cell_text(line))
        out.append(rows)
    return out


def sections(text: str, level: int) -> list[tuple[str, str]]:
    """(heading, body) at one heading level; the text before the first heading has ""."""
    marks = "=" * level
    parts = re.split(rf"^{marks} (.+?) {marks}$", text, flags=re.M)
    out = [("", parts[0])]
    out += [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    return out


def parse_board(text: str, lang: str) -> Board:
    cat = catalog(lang)
    labels = {cat.text(status_key(s)): s for s in Status}
    top = dict(sections(text, 2))
    ranking_part = top[cat.text("leaderboard-heading-ranking")]
    rankings: list[tuple[str, list[Standing]]] = []
    unranked: list[str] = []
    for heading, body in sections(ranking_part, 3):
        found = tables(body)
        table = found[0] if found else []
        rankings.append(
            (
                heading,
                [
                    Standing(
                        user=USER_LINK.search(cells[1]).group(1),  # type: ignore[union-attr]
                        rank=int(cells[0]),
                        points=number(cells[2], lang),
                        entries=int(number(cells[3], lang)),
                        languages=int(number(cells[4].split("(")[0], lang)),
                    )
                    for cells in table
                ],
            )
        )
        if heading == "":
            outside = re.sub(r"^\{\|.*?^\|\}", "", body, flags=re.S | re.M)
            outside = re.sub(r"^\* .*$", "", outside, flags=re.M)  # the tie notes under the table
            unranked = USER_LINK.findall(outside)
    rows: dict[tuple[str, str, str], Row] = {}
    for heading, body in sections(top[cat.text("leaderboard-heading-entries")], 3):
        if not heading:
            continue
        user = USER_LINK.search(heading).group(1)  # type: ignore[union-attr]
        for cells in tables(body)[0]:
            m = ARTICLE_LINK.search(cells[0])
            assert m is not None, cells
            wiki = cells[1]
            assert (m.group(1) or lang) == wiki, cells
            assert cells[4] in labels, f"not one status: {cells[4]!r}"
            rows[(user, wiki, m.group(2))] = Row(
                user=user,
                wiki=wiki,
                title=m.group(2),
                points=None if cells[3] == "—" else number(cells[3], lang),
                status=labels[cells[4]],
                reason=cells[5],
                breakdown=cells[6],
            )
    return Board(rankings, unranked, rows, top[cat.text("leaderboard-heading-problems")])


def row(board: Board, key: str) -> Row:
    page = BY_KEY[key]
    return board.rows[(page.author, page.wiki, page.title)]


def close(shown: float, exact: float) -> bool:
    """Shown with one decimal: within half a tenth of the exact value."""
    return abs(shown - exact) <= 0.05 + 1e-9


# --------------------------------------------------------------------------- the tests


@dataclass(frozen=True)
class Expected:
    """A contest's leaderboard as computed by hand."""

    entries: Mapping[str, tuple[Status, float]]
    rankings: Sequence[Sequence[Standing]]  # overall, then each nomination in page order
    unranked: Sequence[str]
    nominations: Mapping[str, Sequence[str]]  # nomination names per language version


CONTESTS = {
    "rules": Expected(RULES_ENTRIES, RULES_RANKINGS, RULES_UNRANKED, RULES_NOMINATIONS),
    "newcomers": Expected(
        NEWCOMER_ENTRIES, NEWCOMER_RANKINGS, NEWCOMER_UNRANKED, NEWCOMER_NOMINATIONS
    ),
}


@pytest.mark.parametrize("home", LANGS)
@pytest.mark.parametrize("contest", sorted(CONTESTS))
def test_entries_match_hand_computed_points(world: World, contest: str, home: str) -> None:
    expected = CONTESTS[contest].entries
    board = parse_board(world.boards[(contest, home)], home)
    assert len(board.rows) == len(expected), sorted(board.rows)
    for key, (status, points) in expected.items():
        got = row(board, key)
        assert got.status == status, (key, got)
        if status in (COUNTED, PROVISIONAL):
            assert got.points is not None and close(got.points, points), (key, got, points)
        else:
            assert got.points is None, (key, got)


@pytest.mark.parametrize("home", LANGS)
@pytest.mark.parametrize("contest", sorted(CONTESTS))
def test_rankings_and_nominations_match_hand_computed(
    world: World, contest: str, home: str
) -> None:
    exp = CONTESTS[contest]
    rankings, unranked, nominations = exp.rankings, exp.unranked, exp.nominations
    board = parse_board(world.boards[(contest, home)], home)
    assert [h for h, _ in board.rankings] == ["", *nominations[home]]
    for (heading, got), want in zip(board.rankings, rankings, strict=True):
        assert [(s.user, s.rank, s.entries, s.languages) for s in got] == [
            (s.user, s.rank, s.entries, s.languages) for s in want
        ], heading
        for g, w in zip(got, want, strict=True):
            assert close(g.points, w.points), (heading, g, w)
    # Participants without a counted entry are listed in signup order.
    assert board.unranked == [u for u in SIGNUP_ORDER[home] if u in unranked]


@pytest.mark.parametrize("contest", sorted(CONTESTS))
def test_russian_and_tatar_names_give_the_same_leaderboard(world: World, contest: str) -> None:
    en = parse_board(world.boards[(contest, "en")], "en")
    for home in ("ru", "tt"):
        other = parse_board(world.boards[(contest, home)], home)
        assert [t for _, t in other.rankings] == [t for _, t in en.rankings], home
        assert sorted(other.unranked) == sorted(en.unranked), home
        assert {k: (r.points, r.status) for k, r in other.rows.items()} == {
            k: (r.points, r.status) for k, r in en.rows.items()
        }, home


@pytest.mark.parametrize("home", LANGS)
@pytest.mark.parametrize("contest", sorted(CONTESTS))
def test_contest_pages_have_no_problems(world: World, contest: str, home: str) -> None:
    """Every alias on the page was understood: nothing is reported to the organizers."""
    board = parse_board(world.boards[(contest, home)], home)
    assert board.problems.strip().startswith(catalog(home).text("problems-none")), board.problems


@pytest.mark.parametrize("home", LANGS)
@pytest.mark.parametrize("contest", sorted(CONTESTS))
def test_every_entry_has_one_status_and_a_reason(world: World, contest: str, home: str) -> None:
    board = parse_board(world.boards[(contest, home)], home)
    for got in board.rows.values():
        assert got.reason and got.reason != "—", got
        scoring = got.status in (COUNTED, PROVISIONAL)
        assert (got.breakdown != "—") == scoring, got


# Reasons a participant reads, in the home wiki's language, as the wiki shows them: the
# reason for the status, then a warning per informational criterion the entry misses
# (L: the topic is not on the worklist, O: the account is older than the newcomer date).
RULES_REASONS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "c3": ("80 words; at least 150 needed.", "O"),
        "d2": ("100 words; at least 150 needed.", ""),
        "d3": ("100 words; at least 150 needed.", ""),
        "f1": ("Written before the participant signed up.", ""),
        "c2": ("Not in the category Kazan, ru:Казань, tt:Казан or its subcategories.", "O"),
        "b3": ("Not in the category Kazan, ru:Казань, tt:Казан or its subcategories.", "LO"),
        "b2": (
            f"The article already had {start_size('b2'):,} bytes before the participant's "
            "first edit; at most 2,000 allowed.",
            "LO",
        ),
        "c4": (f"{bytes_added('c4')} bytes added; at least 500 needed.", "LO"),
        "a2": ("Counted.", ""),
        "a1": ("Counted for now; the jury may still reject it.", ""),
        "e1": ("Counted for now; the jury may still reject it.", "LO"),
    },
    "ru": {
        "c3": ("В статье 80 слов; нужно не меньше 150.", "O"),
        "f1": ("Написана до того, как участник записался на конкурс.", ""),
        "b3": ("Статьи нет в категории en:Kazan, Казань, tt:Казан и её подкатегориях.", "LO"),
        "c4": (f"Добавлено байтов: {bytes_added('c4')}; нужно не меньше 500.", "LO"),
        "a2": ("Засчитана.", ""),
        "e1": ("Засчитана предварительно; жюри ещё может её отклонить.", "LO"),
    },
    "tt": {
        "c3": ("Мәкаләдә 80 сүз; ким дигәндә 150 кирәк.", "O"),
        "f1": ("Катнашучы бәйгегә язылганчы язылган.", ""),
        "b3": (
            "Мәкалә en:Kazan, ru:Казань, Казан төркемендә дә, аның төркемчәләрендә дә юк.",
            "LO",
        ),
        "c4": (f"{bytes_added('c4')} байт өстәлгән; ким дигәндә 500 кирәк.", "LO"),
        "a2": ("Исәпкә алынды.", ""),
        "e1": ("Вакытлыча исәпкә алынды; жюри аны әле кире кагарга мөмкин.", "LO"),
    },
}
WARNINGS = {
    "en": {
        "L": "Warning: The topic is not on the worklist.",
        "O": "Warning: The account was registered on 2015-03-01; only accounts registered "
        "after {date} count.",
    },
    "ru": {
        "L": "Внимание: Темы нет в списке статей конкурса.",
        "O": "Внимание: Учётная запись зарегистрирована 2015-03-01; засчитываются только "
        "зарегистрированные после {date}.",
    },
    "tt": {
        "L": "Игътибар: Тема бәйгенең мәкаләләр исемлегендә юк.",
        "O": "Игътибар: Хисап язмасы 2015-03-01 көнне теркәлгән; {date} көненнән соң "
        "теркәлгәннәр генә исәпкә алына.",
    },
}


def shown(wset: WikiSet, wiki: str, wikitext: str) -> str:
    """What a reader sees of a cell: the wiki renders it, the text of the HTML is read."""
    got = wset.anonymous(wiki).get(
        action="parse", text=wikitext, prop="text", contentmodel="wikitext", disablelimitreport=1
    )
    text = re.sub(r"<[^>]*>", " ", str(got["parse"]["text"]))
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("home", LANGS)
def test_reasons_are_in_the_home_wiki_language(world: World, home: str) -> None:
    board = parse_board(world.boards[("rules", home)], home)
    for key, (reason, warnings) in RULES_REASONS[home].items():
        want = " ".join([reason, *(WARNINGS[home][w] for w in warnings)])
        got = shown(world.wset, home, row(board, key).reason)
        assert got == want.replace("{date}", newcomer_date()), key


REJECTED_REASON = {
    "en": "Rejected by the jury: Copied text.",
    "ru": "Отклонена жюри: Скопированный текст.",
    "tt": "Жюри кире какты: Күчереп алынган текст.",
}


@pytest.mark.parametrize("home", LANGS)
def test_rejection_comment_reads_on_one_line(world: World, home: str) -> None:
    board = parse_board(world.boards[("rules", home)], home)
    want = " ".join([REJECTED_REASON[home], WARNINGS[home]["L"], WARNINGS[home]["O"]])
    got = shown(world.wset, home, row(board, "e2").reason)
    assert got == want.replace("{date}", newcomer_date())


def test_newcomer_contest_reasons(world: World) -> None:
    board = parse_board(world.boards[("newcomers", "en")], "en")
    old = (
        f"The account was registered on 2015-03-01; only accounts registered after "
        f"{newcomer_date()} count."
    )
    assert row(board, "c1").reason == old
    assert row(board, "b1").reason == f"Expanded articles do not count in this contest. {old}"
    assert row(board, "e2").reason == f"The topic is not on the worklist. {old}"
    # The informational category criterion (depth 0) only warns.
    assert row(board, "a2").reason == (
        "Counted. Warning: Not in the category Kazan, ru:Казань, tt:Казан or its subcategories."
    )
    assert row(board, "a1").reason == "Counted."


def test_breakdown_explains_the_points(world: World) -> None:
    board = parse_board(world.boards[("rules", "en")], "en")

    def pts(x: float) -> str:  # each figure is labelled as points, not as the rule's measure
        return f"{x:g} point" if x == 1 else f"{x:g} points"

    assert row(board, "a2").breakdown == (
        f"new article: {pts(10)}, kilobytes added: {pts(round(kb('a2'), 1))}, words added: {pts(1)}, "
        f"references added: {pts(1)}, images added: {pts(4)}, worklist: {pts(5)}, further language: {pts(3)}, "
        "jury: +2 points"
    )
    assert row(board, "a1").breakdown == (
        f"new article: {pts(10)}, kilobytes added: {pts(3)}, words added: {pts(2)}, references added: {pts(3)}, "
        f"worklist: {pts(5)}"
    )
    assert row(board, "b1").breakdown == (
        f"expanded article: {pts(4)}, kilobytes added: {pts(3)}, words added: {pts(1.5)}, "
        f"references added: {pts(2)}, worklist: {pts(5)}"
    )


# Second run: images count on every wiki (a1 +2, b1 +2); b3 is in Category:Kazan now and
# an entry: new 10, Bulat's own bytes only (Rustem's edit adds nothing to his work), 200
# words = 1; it was created before b4, so b4 becomes a further language version (+3).
RULES_ENTRIES_LATER: dict[str, tuple[Status, float]] = {
    **RULES_ENTRIES,
    "a1": (PROVISIONAL, RULES_ENTRIES["a1"][1] + 2),
    "b1": (PROVISIONAL, RULES_ENTRIES["b1"][1] + 2),
    "b3": (PROVISIONAL, 10 + kb("b3") + 1),
    "b4": (PROVISIONAL, RULES_ENTRIES["b4"][1] + 3),
}
_BY_POINTS_LATER = [
    ("Aigul", 1, 3, 3),
    ("Chulpan", 2, 3, 2),
    ("Bulat", 3, 3, 2),
    ("Elmira", 4, 1, 1),
    ("Dinar", 5, 1, 1),
]
RULES_RANKINGS_LATER = [
    standings(RULES_ENTRIES_LATER, _BY_POINTS_LATER),
    standings(RULES_ENTRIES_LATER, [("Chulpan", 1, 2, 1), ("Aigul", 2, 1, 1)], ("tt",)),
    standings(RULES_ENTRIES_LATER, [("Aigul", 1, 3, 3), ("Dinar", 2, 1, 1)]),
    # Most entries: Chulpan, Aigul and Bulat have 3; by last counted edit (steps 7, 8, 10).
    standings(
        RULES_ENTRIES_LATER,
        [
            ("Chulpan", 1, 3, 2),
            ("Aigul", 2, 3, 3),
            ("Bulat", 3, 3, 2),
            ("Elmira", 4, 1, 1),
            ("Dinar", 5, 1, 1),
        ],
    ),
    # Most languages: Chulpan and Bulat have 2 languages and 3 entries; Chulpan is earlier.
    standings(RULES_ENTRIES_LATER, _BY_POINTS_LATER),
]


@pytest.mark.parametrize("home", LANGS)
def test_second_run_sees_rule_category_and_link_changes(
    world: World, later: World, home: str
) -> None:
    board = parse_board(later.boards[("rules", home)], home)
    for key, (status, points) in RULES_ENTRIES_LATER.items():
        got = row(board, key)
        assert got.status == status, (key, got)
        if status in (COUNTED, PROVISIONAL):
            assert got.points is not None and close(got.points, points), (key, got, points)
    for (heading, got_table), want in zip(board.rankings, RULES_RANKINGS_LATER, strict=True):
        assert [(s.user, s.rank, s.entries, s.languages) for s in got_table] == [
            (s.user, s.rank, s.entries, s.languages) for s in want
        ], heading
        for g, w in zip(got_table, want, strict=True):
            assert close(g.points, w.points), (heading, g, w)
    # The newcomers contest keeps its results (b3's author is not a newcomer); only b3's
    # warning about the category is gone.
    before = parse_board(world.boards[("newcomers", home)], home)
    after = parse_board(later.boards[("newcomers", home)], home)
    assert after.rankings == before.rankings
    assert {k: (r.points, r.status) for k, r in after.rows.items()} == {
        k: (r.points, r.status) for k, r in before.rows.items()
    }
    b3 = (row(before, "b3").reason, row(after, "b3").reason)
    warning = catalog(home).text("entry-warning", warning="")
    assert b3[0].count(warning) == 1 and b3[1].count(warning) == 0, b3

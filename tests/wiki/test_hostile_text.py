"""Hostile text: what users type reaches the bot's pages as text, never as live markup.

Every string below carries a marker (``HX01``...) and goes into every field people
control that the bot shows back: nomination names, worklist headings, jury comments,
article titles, and values the bot reports as wrong. The bot runs; then each page it
wrote is parsed by MediaWiki itself (``action=parse``), and the test checks the parsed
result, not the wikitext: no category, template, external link, image, magic link,
heading or HTML element came from a marker, and no signature was expanded. The
strings MediaWiki's own templates syntax lets through (a parameter value cannot hold
a bare ``|``) are shown exactly as typed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from bot.devwiki.harness import WikiSet
from tests.wiki.botrun import Bot, period_around_now
from tests.wiki.test_jury import article_text, later

HOME = "en"
B = "Project:Editathon/Hostile"
ORG = "Olga"

# (marker, text). Markers are unique; texts avoid "|" and "}}" where a template parameter
# holds them (a parameter ends there: that is MediaWiki's syntax, not the bot's choice).
HOSTILE: list[tuple[str, str]] = [
    ("HX01", "'''HX01 bold'''"),
    ("HX02", "''HX02 italic''"),
    ("HX03", "{{HX03 template}}"),
    ("HX04", "{{subst:HX04 template}}"),
    ("HX05", "[[HX05 link]]"),
    ("HX06", "[[Category:HX06]]"),
    ("HX07", "[[:Category:HX07]]"),
    ("HX08", "[[File:HX08.png]]"),
    ("HX09", "<b>HX09</b>"),
    ("HX10", "<script>alert('HX10')</script>"),
    ("HX11", '<span style="color:red">HX11</span>'),
    ("HX12", "HX12 ~~~~"),
    ("HX13", "HX13 ~~~"),
    ("HX14", "HX14 __NOTOC__ __NOINDEX__"),
    ("HX15", "http://example.org/HX15"),
    ("HX16", "[http://example.org/x HX16]"),
    ("HX17", "ISBN 9780306406157 HX17"),
    ("HX18", "RFC 1234 HX18"),
    ("HX19", "&lt;b&gt;HX19&lt;/b&gt;"),
    ("HX20", "<nowiki>HX20</nowiki>"),
    ("HX21", "</nowiki>[[Category:HX21]]"),
    ("HX23", "{{DISPLAYTITLE:HX23}}"),
    ("HX24", "{{DEFAULTSORT:HX24}}"),
    ("HX25", "<ref>HX25</ref>"),
    ("HX26", "{{Editathon close}} HX26"),
    ("HX27", "#REDIRECT [[HX27]]"),
    ("HX28", "<div>HX28"),
    ("HX29", "{{{1 HX29}}}"),
    ("HX30", '<templatestyles src="HX30.css" />'),
    ("HX31", "== HX31 =="),
    ("HX32", "----HX32"),
    ("HX33", "[[en:HX33]] [[tt:HX33]]"),
    ("HX34", "<pre>HX34</pre>"),
    ("HX35", "{{#invoke:HX35}}"),
    ("HX22", "<!-- HX22"),  # last: an unclosed comment hides the rest of the page, in MediaWiki too
]
# Text inside <nowiki> or a comment is not read at all (it is not wikitext the user means).
NOT_READ = {"HX20", "HX22", "HX34"}
# Where a heading is the field, these open it: a heading line's own syntax is "=".
TITLES = [  # article titles MediaWiki accepts, with markup-looking characters
    ("HX40", "HX40 ''quoted'' title"),
    ("HX41", "HX41 ISBN 9780306406157"),
    ("HX42", "HX42 __NOTOC__"),
    ("HX43", "HX43 'single' & semicolon;"),
]


@dataclass
class Parsed:
    title: str
    html: str
    visible: str
    categories: list[str]
    templates: list[str]
    external: list[str]
    images: list[str]
    links: list[str]


def parse(wset: WikiSet, title: str) -> Parsed:
    got = wset.admin(HOME).get(
        action="parse", page=title,
        prop="text|categories|templates|externallinks|images|links|iwlinks|langlinks",
        disablelimitreport=1,
    )["parse"]
    text = got["text"]
    visible = html.unescape(re.sub(r"<[^>]+>", "", text))
    return Parsed(
        title,
        text,
        " ".join(visible.split()),
        [c["category"] for c in got["categories"]],
        [t["title"] for t in got["templates"]],
        got["externallinks"],
        got["images"],
        [link["title"] for link in got["links"]] + [f"{x['prefix']}:{x['title']}" for x in got["iwlinks"]]
        + [f"{x['lang']}:{x['title']}" for x in got["langlinks"]],
    )


def contest_text() -> str:
    start, end = period_around_now()
    noms = "".join(
        f"{{{{Editathon nomination | name = {text} }}}}\n{{{{Editathon prize | {text} | places = 1 }}}}\n"
        for _, text in HOSTILE[:12]
    )
    return (
        f"{{{{Editathon\n| start = {start}\n| end = {end}\n| timezone = UTC\n| organizers = {ORG}\n"
        f"| jury = Carol\n| review = required\n}}}}\n{{{{Editathon rule | new | 10 }}}}\n{noms}"
    )


def worklist_text() -> str:
    return "".join(f"== {text} ==\n* [[Hostile topic {marker[2:]}]]\n" for marker, text in HOSTILE) + "".join(
        f"* [[{title}]]\n" for _, title in TITLES
    )


@pytest.fixture(scope="module")
def pages(wikiset: WikiSet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Parsed]:
    bot = Bot(wikiset, tmp_path_factory.mktemp("hostile") / "state.sqlite")
    olga = wikiset.actor(HOME, ORG)
    # Pages a live marker would pull in: if any of them shows up in a parsed page, it is live.
    admin = wikiset.admin(HOME)
    admin.edit("Template:HX03 template", "LIVE-HX03 [[Category:LIVE]]")
    admin.edit("Template:HX04 template", "LIVE-HX04")
    olga.edit(B, contest_text(), "contest")
    olga.edit(f"{B}/Participants", "Sign up: <nowiki># ~~~~</nowiki>\n", "signups")
    olga.edit(f"{B}/Worklist", worklist_text(), "worklist")
    jury_lines = ""
    wikiset.actor(HOME, "Hostile Aigul").append(f"{B}/Participants", "\n# ~~~~", "signing up")
    later()
    aigul = wikiset.actor(HOME, "Hostile Aigul")
    for marker, text in HOSTILE:
        aigul.edit(f"Hostile entry {marker[2:]}", article_text(80), "new")
        jury_lines += f"* {{{{Editathon decision | Hostile entry {marker[2:]} | reject | comment = {text} }}}} ~~~~\n"
    for _, title in TITLES:
        aigul.edit(title, article_text(80), "new")
    wikiset.actor(HOME, "Carol").edit(f"{B}/Jury", "Decisions:\n" + jury_lines, "decisions")
    bot.run()
    written = [f"{B}/Leaderboard", f"{B}/Queue", f"{B}/Worklist status", "User:EditathonBot/Status"]
    missing = [t for t in written if admin.page_text(t) is None]
    assert not missing, missing
    return {t: parse(wikiset, t) for t in written}


ALL = HOSTILE + TITLES
TITLE_MARKERS = {m for m, _ in TITLES}


@pytest.mark.parametrize(("marker", "text"), ALL, ids=[m for m, _ in ALL])
def test_hostile_string_is_never_live(pages: dict[str, Parsed], marker: str, text: str) -> None:
    seen = [p for p in pages.values() if marker in p.visible]
    assert seen or marker in NOT_READ, f"{marker} is on none of the bot's pages"
    for p in pages.values():
        assert not [c for c in p.categories if marker in c], (p.title, p.categories)
        assert not [t for t in p.templates if marker in t], (p.title, p.templates)
        assert not [x for x in p.external if marker in x], (p.title, p.external)
        assert not [i for i in p.images if marker in i], (p.title, p.images)
        if marker not in TITLE_MARKERS:  # an article's title is linked, on purpose
            assert not [link for link in p.links if marker in link], (p.title, p.links)
        if marker != "HX04":  # subst: is done by MediaWiki when the user saves, before the bot reads
            assert f"LIVE-{marker}" not in p.visible
        for m in re.finditer(r"<(b|i|script|pre|sup|hr|div|span|style|ul|ol|table)\b([^>]*)>([^<]*)", p.html):
            if marker in m.group(3) and "class=" not in m.group(2):
                raise AssertionError((p.title, m.group(0)))  # an element a user's markup made
        assert "mw-magiclink" not in p.html, p.title


def test_no_category_or_template_came_from_users(pages: dict[str, Parsed]) -> None:
    for p in pages.values():
        assert not p.categories, (p.title, p.categories)
        assert not [t for t in p.templates if "HX" in t or "LIVE" in t], (p.title, p.templates)


def test_jury_comments_are_shown_as_typed(pages: dict[str, Parsed]) -> None:
    board = pages[f"{B}/Leaderboard"].visible
    for marker, text in HOSTILE:
        if marker in NOT_READ or "{{" in text or "~~~" in text or "</nowiki>" in text:
            continue  # braces nest in a parameter; ~~~ is expanded when the juror saves
        assert " ".join(text.split()) in board, marker

"""The municipality kit's pages, in en, ru and tt, read back the way the bot reads them.

A kit page is only useful if the bot reads from it exactly what the organizer was
told: so each contest page is parsed by the real contest parser with the wiki's
aliases, the subpages by their parsers, and the templates are checked for what a
wiki needs (TemplateData that is valid JSON, every local name of every parameter).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.cli.kit import local_names
from bot.config import BotConfig, load_config
from bot.i18n import catalog
from bot.kit import (
    KIT_DIR,
    PRELOADS,
    TEMPLATES_DIR,
    ContestSpec,
    KitError,
    LocalNames,
    contest_pages,
    expand_names,
    form_page,
    install_pages,
    next_month,
    param_chain,
    plan_contest,
    preload_pages,
    split_names,
    template_pages,
    templatedata_blocks,
    under_prefixes,
)
from bot.model import ContestSettings, ContestState, PageRef, Review
from bot.notices import NoticeKind, announcement_notices, render_notice
from bot.parse.contest import parse_contest
from bot.parse.jury import parse_jury
from bot.parse.names import DEFAULT_USER_NAMESPACES
from bot.parse.signup import parse_signups
from bot.parse.worklist import parse_worklist

LANGS = ("en", "ru", "tt")
TODAY = date(2026, 10, 14)
PREFIXES = ("Project:Editathon/", "Project:Smart Region")


@pytest.fixture(scope="module")
def cfg() -> BotConfig:
    return load_config()


def spec(lang: str, **kw: object) -> ContestSpec:
    args: dict[str, object] = {
        "wiki": lang, "lang": lang, "title": "Project:Smart Region 2026/Kazan", "today": TODAY,
        "timezone": "Europe/Moscow", "start": date(2026, 11, 1), "end": date(2026, 11, 30),
        "wikis": [lang, "en"], "organizers": ["Alsu", "Timur"], "jury": ["Dina"],
        "parent": "Project:Smart Region 2026",
    }
    args.update(kw)
    return plan_contest(**args)  # type: ignore[arg-type]


def parse(cfg: BotConfig, lang: str, text: str, title: str = "Project:Smart Region 2026/Kazan"):  # type: ignore[no-untyped-def]
    return parse_contest(text, wiki=lang, title=title, aliases=cfg.aliases(lang),
                         default_timezone="UTC", known_wikis=cfg.known_wikis)


# --------------------------------------------------------------------------- kit new


@pytest.mark.parametrize("lang", LANGS)
def test_contest_page_reads_back_as_the_values_given(cfg: BotConfig, lang: str) -> None:
    pages = contest_pages(spec(lang), catalog(lang))
    assert [p.title for p in pages] == [
        "Project:Smart Region 2026/Kazan", "Project:Smart Region 2026/Kazan/Participants",
        "Project:Smart Region 2026/Kazan/Worklist", "Project:Smart Region 2026/Kazan/Jury"]
    settings, problems = parse(cfg, lang, pages[0].text)
    assert problems == []
    assert settings is not None
    assert (settings.start, settings.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert settings.timezone == "Europe/Moscow"
    assert settings.wikis == (lang, "en") if lang != "en" else ("en",)
    assert settings.organizers == ("Alsu", "Timur")
    assert settings.jury == ("Dina",)
    assert settings.parent is not None and settings.parent.title == "Project:Smart Region 2026"
    assert settings.review is Review.OPTIONAL and settings.quorum == 1 and not settings.umbrella
    assert [(r.type, r.points, r.max) for r in settings.rules] == [
        ("new", 10, None), ("kilobyte", 1, 20), ("worklist", 5, None)]
    assert [(c.type, c.min_words) for c in settings.criteria] == [("new", 150)]
    assert [(p.nomination, p.places) for p in settings.prizes] == [("overall", 3)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_parameter_is_explained_in_a_comment(lang: str) -> None:
    text = contest_pages(spec(lang), catalog(lang))[0].text
    assert text.count("<!--") == text.count("-->") >= 11
    template = text[text.index("{{") : text.index("\n}}")]
    params = [line for line in template.splitlines() if line.startswith("|")]
    assert len(params) == 10
    for line in params:  # each parameter line follows its explanation
        before = template[: template.index(line)].rstrip()
        assert before.endswith("-->"), line


@pytest.mark.parametrize("lang", LANGS)
def test_defaults_are_marked_for_the_organizer(cfg: BotConfig, lang: str) -> None:
    chosen = plan_contest(wiki=lang, lang=lang, title="Project:Editathon/X", today=TODAY, timezone="UTC")
    assert chosen.defaulted == {"start", "end", "organizers", "jury"}
    assert (chosen.start, chosen.end) == (date(2026, 11, 1), date(2026, 11, 30))
    text = contest_pages(chosen, catalog(lang))[0].text
    note = catalog(lang).text("kit-note-default")
    assert text.count(note) == 4
    settings, problems = parse(cfg, lang, text, "Project:Editathon/X")
    assert problems == [] and settings is not None
    assert settings.organizers == () and settings.jury == () and settings.wikis == (lang,)
    given = contest_pages(spec(lang), catalog(lang))[0].text
    assert note not in given


def test_period_defaults() -> None:
    assert next_month(date(2026, 12, 5)) == (date(2027, 1, 1), date(2027, 1, 31))
    assert next_month(date(2028, 1, 31)) == (date(2028, 2, 1), date(2028, 2, 29))
    only_start = plan_contest(wiki="ru", lang="ru", title="T", today=TODAY, timezone="UTC",
                              start=date(2026, 11, 10))
    assert only_start.end == date(2026, 12, 9) and only_start.defaulted >= {"end"}
    only_end = plan_contest(wiki="ru", lang="ru", title="T", today=TODAY, timezone="UTC",
                            end=date(2026, 12, 1))
    assert only_end.start == TODAY and "start" in only_end.defaulted
    with pytest.raises(KitError, match="before"):
        plan_contest(wiki="ru", lang="ru", title="T", today=TODAY, timezone="UTC",
                     start=date(2026, 11, 10), end=date(2026, 11, 1))


def test_names_from_the_command_line() -> None:
    assert split_names(" alsu, Timur ,,alsu") == ("Alsu", "Timur")
    assert split_names(None) == ()


@pytest.mark.parametrize("lang", LANGS)
def test_participants_page_signs_nobody_up(cfg: BotConfig, lang: str) -> None:
    page = contest_pages(spec(lang), catalog(lang))[1]
    found, problems = parse_signups(page.text, wiki=lang, page=page.title, aliases=cfg.aliases(lang),
                                    user_namespaces=DEFAULT_USER_NAMESPACES)
    assert found == [] and problems == []
    assert "<nowiki># ~~~~</nowiki>" in page.text
    assert not re.search(r"(?<!<nowiki>)# ~~~~(?!</nowiki>)", page.text)
    # A participant's own line appended to the page is read as a signup.
    signed = page.text + "\n# [[User:Aigul|Aigul]] 12:00, 2 November 2026 (UTC)"
    found, _ = parse_signups(signed, wiki=lang, page=page.title, aliases=cfg.aliases(lang),
                             user_namespaces=DEFAULT_USER_NAMESPACES)
    assert [s.user for s in found] == ["Aigul"]


@pytest.mark.parametrize("lang", LANGS)
def test_worklist_skeleton_and_jury_page_hold_nothing_yet(cfg: BotConfig, lang: str) -> None:
    _, _, worklist, jury = contest_pages(spec(lang), catalog(lang))
    wl, problems = parse_worklist(worklist.text, wiki=lang, page=worklist.title,
                                  aliases=cfg.aliases(lang), known_wikis=cfg.known_wikis)
    assert wl.topics == () and problems == []
    items, problems = parse_jury(jury.text, wiki=lang, page=jury.title, home_wiki=lang,
                                 aliases=cfg.aliases(lang), known_wikis=cfg.known_wikis)
    assert items == [] and problems == []
    # the examples the pages show are in the syntax the parsers read
    example = re.search(r"\* (\{\{[^\n]*?\}\})\n", worklist.text)
    assert example is not None
    wl, problems = parse_worklist("* " + example.group(1), wiki=lang, page=worklist.title,
                                  aliases=cfg.aliases(lang), known_wikis=cfg.known_wikis)
    assert len(wl.topics) == 1 and problems == []
    decision = re.search(r"<nowiki>(\* \{\{[^<]*?\| (?:accept|принять|кабул) \|[^<]*?\}\} ~~~~)</nowiki>", jury.text)
    assert decision is not None
    line = decision.group(1).replace("ARTICLE", "Kazan").replace("СТАТЬЯ", "Казань").replace("МӘКАЛӘ", "Казан")
    items, problems = parse_jury(line.replace("~~~~", "[[User:Dina|Dina]]"), wiki=lang, page=jury.title,
                                 home_wiki=lang, aliases=cfg.aliases(lang), known_wikis=cfg.known_wikis)
    assert len(items) == 1 and problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_umbrella_pages(cfg: BotConfig, lang: str) -> None:
    umbrella = spec(lang, title="Project:Smart Region 2026", parent=None, jury=[], umbrella=True)
    pages = contest_pages(umbrella, catalog(lang))
    assert [p.title for p in pages] == ["Project:Smart Region 2026", "Project:Smart Region 2026/Worklist",
                                        "Project:Smart Region 2026/Subscribers"]
    settings, problems = parse(cfg, lang, pages[0].text, "Project:Smart Region 2026")
    assert problems == [] and settings is not None and settings.umbrella
    assert "jury" not in umbrella.defaulted
    # the umbrella's own form starts contests below it, with it as their parent
    box = pages[0].text
    assert "prefix=Project:Smart Region 2026/" in box
    assert "preloadparams[]=Project:Smart Region 2026" in box
    subscribers, _ = parse_signups(pages[2].text, wiki=lang, page=pages[2].title, aliases=cfg.aliases(lang),
                                   user_namespaces=DEFAULT_USER_NAMESPACES)
    assert subscribers == []


# --------------------------------------------------------------------------- the form


def preload(text: str, *params: str) -> str:
    """What MediaWiki's edit form shows for ``preload=`` (Parser::getPreloadText)."""
    for i, p in enumerate(params, 1):
        text = text.replace(f"${i}", p)
    text = re.sub(r"<noinclude>.*?</noinclude>", "", text, flags=re.S)
    return re.sub(r"</?includeonly>", "", text)


def save(text: str, user: str) -> str:
    """The pre-save transform of the ``subst:`` parts the preload holds."""
    text = text.replace("{{subst:REVISIONUSER}}", user)
    text = text.replace("{{subst:#time:Y-m-d|first day of next month}}", "2026-11-01")
    return text.replace("{{subst:#time:Y-m-d|last day of next month}}", "2026-11-30")


@pytest.mark.parametrize("lang", LANGS)
def test_the_forms_preload_makes_a_contest_of_whoever_saves_it(cfg: BotConfig, lang: str) -> None:
    pages = {p.title: p for p in preload_pages(lang, catalog(lang), home=lang, timezone="Europe/Moscow")}
    form = catalog(lang).text("kit-form-page")
    assert set(pages) == {f"{form}/{name}" for name in PRELOADS}
    contest = pages[f"{form}/Contest"].text
    assert "{{subst:" not in contest  # the preload page itself keeps its subst for later
    settings, problems = parse(cfg, lang, save(preload(contest), "Alsu"), "Project:Editathon/Kazan")
    assert problems == [] and settings is not None
    assert settings.organizers == ("Alsu",)
    assert (settings.start, settings.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert settings.parent is None
    below = pages[f"{form}/Contest below an umbrella"].text
    settings, problems = parse(cfg, lang, save(preload(below, "Project:Smart Region 2026"), "Alsu"),
                               "Project:Smart Region 2026/Kazan")
    assert problems == [] and settings is not None
    assert settings.parent is not None and settings.parent.title == "Project:Smart Region 2026"
    # the subpages it preloads are the kit's, linking relatively to their contest
    participants = preload(pages[f"{form}/Participants"].text)
    assert participants.strip() == contest_pages(spec(lang), catalog(lang))[1].text.strip()
    assert "[[../" in participants


@pytest.mark.parametrize("lang", LANGS)
def test_form_page_has_a_labelled_box_per_folder_prefix_and_links_programmes(lang: str) -> None:
    page = form_page(lang, catalog(lang), prefixes=PREFIXES)
    boxes = re.findall(r"<inputbox>(.*?)</inputbox>", page.text, re.S)
    # A programme's contest must be a subpage of the programme: no box builds
    # "Project:Smart Region Kazan 2026"; the form sends people to the programme's page.
    assert len(boxes) == 1
    assert "<code>Project:Editathon/</code>" in page.text.split("<inputbox>")[0]  # the box's label
    assert "[[Special:PrefixIndex/Project:Smart Region|" in page.text
    assert f"[[{catalog(lang).text('kit-form-page')}/{catalog(lang).text('kit-guide-name')}|" in page.text
    fields = [dict(line.split("=", 1) for line in b.strip().splitlines() if "=" in line) for b in boxes]
    assert [f["prefix"] for f in fields] == ["Project:Editathon/"]
    assert {f["preload"] for f in fields} == {catalog(lang).text("kit-form-page") + "/Contest"}
    assert all(f["type"] == "create" for f in fields)
    assert not under_prefixes(page.title, PREFIXES)


# --------------------------------------------------------------------------- templates


def test_param_chain() -> None:
    assert param_chain(["start"], None) == "{{{start}}}"
    assert param_chain(["start", "начало", "дата начала"], "") == "{{{start|{{{начало|{{{дата начала|}}}}}}}}}"
    names = LocalNames(local={"params": {"name": ["название"]}, "values": {"yes": ["да"]}},
                       common={"values": {"yes": ["true"]}})
    assert expand_names("{{{@name|{{{1|}}}}}}", names) == "{{{name|{{{название|{{{1|}}}}}}}}}"
    assert expand_names("@v{yes}", names) == "yes|да|true"
    assert expand_names("@name{name} @aliases{name} @allnames{name}", names) == (
        'название ["name"] ["name", "название"]')


@pytest.mark.parametrize("lang", LANGS)
def test_every_contract_template_is_installed_with_valid_templatedata(cfg: BotConfig, lang: str) -> None:
    names = local_names(cfg, lang)
    pages = template_pages(lang, names, catalog(lang))
    templates = {p.title: p.text for p in pages if p.what == "template"}
    assert set(templates) == {f"Template:{n}" for n in (
        "Editathon", "Editathon rule", "Editathon criterion", "Editathon nomination", "Editathon prize",
        "Editathon close", "Editathon participant", "Editathon topic", "Editathon decision",
        "Editathon suspend")}
    for title, text in templates.items():
        assert "{{{@" not in text and "@v{" not in text and "@name{" not in text, title
        assert not re.search(r"\$[a-z_]+", text), title
        assert text.count("{") == text.count("}"), title
        assert "<noinclude>" in text and "</noinclude>" in text, title
        (data,) = templatedata_blocks(text)
        seen: set[str] = set()
        for key, param in data["params"].items():
            for name in [key, *param.get("aliases", [])]:
                assert name not in seen or name.isdigit(), (title, name)
                seen.add(name)


@pytest.mark.parametrize("lang", ["ru", "tt"])
def test_local_names_render_and_redirect(cfg: BotConfig, lang: str) -> None:
    names = local_names(cfg, lang)
    pages = {p.title: p for p in template_pages(lang, names, catalog(lang))}
    main = pages["Template:Editathon"].text
    for alias in names.local["params"]["start"]:
        assert f"{{{{{{{alias}|" in main  # {{{начало|... : a page typed in the local names renders
    (data,) = templatedata_blocks(main)
    preferred = names.local["params"]["start"][0]
    assert "start" in data["params"][preferred]["aliases"]
    for canon, aliases in names.local["templates"].items():
        for alias in aliases:
            page = pages[f"Template:{alias[0].upper()}{alias[1:]}"]
            assert page.text == f"#REDIRECT [[Template:{canon}]]"


@pytest.mark.parametrize("lang", LANGS)
def test_the_kit_is_complete_in_every_language(lang: str) -> None:
    assert {p.name for p in (KIT_DIR / lang).glob("*.wiki")} == {p.name for p in (KIT_DIR / "en").glob("*.wiki")}
    assert {p.name for p in (TEMPLATES_DIR / lang).glob("*.wiki")} == {
        p.name for p in (TEMPLATES_DIR / "en").glob("*.wiki")}
    note = catalog(lang).text("kit-note-default")
    assert "-->" not in note and "<!--" not in note


@pytest.mark.parametrize("lang", LANGS)
def test_install_pages_are_unique_and_outside_the_contest_prefixes(cfg: BotConfig, lang: str) -> None:
    pages = install_pages(lang, local_names(cfg, lang), catalog(lang), home=lang, timezone="UTC",
                          prefixes=PREFIXES)
    titles = [p.title for p in pages]
    assert len(titles) == len(set(titles))
    assert not [t for t in titles if under_prefixes(t, PREFIXES)]


# --------------------------------------------------------------------------- announcements (item 3)


def almet(**kw: object) -> ContestSettings:
    args: dict[str, object] = {"wiki": "tt", "title": "Project:Smart Region 2026/Әлмәт", "start": date(2026, 11, 1),
                               "end": date(2026, 11, 30), "timezone": "Europe/Moscow", "wikis": ("tt", "ru")}
    args.update(kw)
    return ContestSettings(**args)  # type: ignore[arg-type]


UMB = PageRef("ru", "Project:Smart Region 2026")
NOW = datetime(2026, 11, 5, 12, tzinfo=UTC)


def test_each_subscriber_is_due_one_announcement_when_a_contest_opens() -> None:
    due = announcement_notices(almet(), ContestState.OPEN, umbrella=UMB,
                               subscribers=["Zuhra", "Rustem", "Zuhra"], now=NOW)
    assert [(n.wiki, n.contest, n.user, n.kind, n.key) for n in due] == [
        ("tt", "Project:Smart Region 2026/Әлмәт", "Zuhra", NoticeKind.ANNOUNCE, "ru:Project:Smart Region 2026"),
        ("tt", "Project:Smart Region 2026/Әлмәт", "Rustem", NoticeKind.ANNOUNCE, "ru:Project:Smart Region 2026")]
    assert due[0].talk_page == "User talk:Zuhra"
    for state in (ContestState.UPCOMING, ContestState.ENDED, ContestState.CLOSED):
        assert announcement_notices(almet(), state, umbrella=UMB, subscribers=["Zuhra"], now=NOW) == ()
    stale = NOW + timedelta(days=40)
    assert announcement_notices(almet(end=date(2027, 1, 31)), ContestState.OPEN, umbrella=UMB,
                                subscribers=["Zuhra"], now=stale) == ()
    assert announcement_notices(almet(umbrella=True), ContestState.OPEN, umbrella=UMB,
                                subscribers=["Zuhra"], now=NOW) == ()


@pytest.mark.parametrize("lang", LANGS)
def test_an_announcement_reads_in_the_contests_language(lang: str) -> None:
    settings = almet(wiki=lang)
    (notice,) = announcement_notices(settings, ContestState.OPEN, umbrella=UMB, subscribers=["Zuhra"], now=NOW)
    cat = catalog(lang)
    text = render_notice(notice, settings, cat, docs="User:EditathonBot")
    assert text.heading == cat.text("notice-announce-heading", contest=settings.title)
    assert "[[Project:Smart Region 2026/Әлмәт/Participants|" in text.text
    assert "2026-11-01" in text.text and "2026-11-30" in text.text
    prefix = ":" if lang == "ru" else ":ru:"  # the umbrella lives on ru
    assert f"[[{prefix}Project:Smart Region 2026]]" in text.text
    assert f"[[{prefix}Project:Smart Region 2026/Subscribers]]" in text.text
    assert text.text.endswith(notice.marker)
    assert "~~~~" in text.text and "⧼" not in text.text + text.heading + text.summary
    assert cat.text("notice-kind-announce") in text.summary


# --------------------------------------------------------------------------- the command line


def test_kit_command_line(cfg: BotConfig, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli.kit import cmd_kit
    from bot.cli.main import build_parser

    args = build_parser().parse_args(["kit", "new", "--wiki", "ru", "--title", "Project:Editathon/X",
                                      "--organizers", "A,B", "--simulate"])
    assert (args.command, args.kit_command, args.simulate, args.organizers) == ("kit", "new", True, "A,B")
    args = build_parser().parse_args(["kit", "install-templates", "--wiki", "tt"])
    assert (args.kit_command, args.simulate) == ("install-templates", False)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["kit", "new", "--wiki", "ru"])  # --title is required
    args = build_parser().parse_args(["kit", "install-templates", "--wiki", "xx"])
    assert cmd_kit(cfg, args) == 2
    assert "'xx' is not in the config" in capsys.readouterr().err

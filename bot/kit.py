"""The municipality kit: the texts of a new contest's pages and of the on-wiki templates.

A municipality starts its contest without a programmer: ``editathon kit new`` (or the
on-wiki form that ``editathon kit install-templates`` sets up) gives it a contest page
``B`` with every parameter explained, ``B/Participants``, a worklist skeleton and
``B/Jury``, all in the home wiki's language. This module only builds texts (pure: files
in ``wikitext_templates/`` and values in, page titles and texts out); the command that
checks the wiki and writes is :mod:`bot.cli.kit`.

Where the texts live
--------------------
``wikitext_templates/kit/<lang>/``: the pages of a contest (``contest.wiki``,
``umbrella.wiki``, ``participants.wiki``, ``worklist.wiki``, ``jury.wiki``,
``subscribers.wiki``), the "start a contest" page (``form.wiki``, one ``form-box.wiki``
per title prefix) and the header of the preload pages the form uses (``preload.wiki``).
``wikitext_templates/templates/<lang>/<Template name>.wiki``: the ``Template:Editathon*``
pages, each with its ``<noinclude>`` documentation and ``<templatedata>``.

Placeholders, expanded in this order:

``{{{@param|default}}}``
    a template parameter under every name the bot accepts for it on that wiki: the
    canonical English name, then the English and local aliases of ``config/aliases``
    (``{{{start|{{{начало|{{{дата начала|default}}}}}}}}}``), so a page typed with local
    names renders exactly as the bot reads it.
``@sub{param}``
    the title of the subpage that parameter names (``@sub{participants}``: the page's
    ``participants =`` value, relative to the page when it starts with ``/``, else the
    English default ``{{FULLPAGENAME}}/Participants``).
``@v{value}``
    every spelling of a keyword value, lower case, joined by ``|`` (the fall-through
    cases of a ``{{#switch:}}``).
``@name{param}`` / ``@aliases{param}`` / ``@allnames{param}``
    the name a wiki's users type (the first local alias, else the canonical one), a
    JSON list of the other names, and a JSON list of all of them (for TemplateData:
    a named parameter's aliases, and the names a positional one also goes by).
``$name``
    :class:`string.Template` values (``$start``, ``$contest`` ...); ``$$`` is a dollar.

Why the files and not code: organizers and translators can read and fix a kit page
without reading Python, and the three languages can say things differently rather
than word for word.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.aliases import normalize_key, normalize_title
from bot.i18n import Catalog
from bot.model import SubpageNames
from bot.render.layout import LAYOUT_DIR, tidy
from bot.render.names import ENGLISH, SUBPAGE_KEYS, LocalNames

KIT_DIR = LAYOUT_DIR / "kit"
TEMPLATES_DIR = LAYOUT_DIR / "templates"

#: Languages the kit is written in; any other wiki language uses English.
KIT_LANGUAGES = ("en", "ru", "tt")

#: The preload pages below the form page, and the kit file each one shows.
PRELOADS = {
    "Contest": "contest",
    "Contest below an umbrella": "contest",
    "Participants": "participants",
    "Worklist": "worklist",
    "Jury": "jury",
    "Subscribers": "subscribers",
}

#: What a subst expression is inside a preload page: ``{{subst:X}}`` once preloaded and
#: saved, but not when the preload page itself is saved (MediaWiki's usual trick).
SUBST = "<includeonly>subst:</includeonly>"


def kit_language(lang: str) -> str:
    """The kit's language for a wiki language (English for one the kit is not written in)."""
    return lang if lang in KIT_LANGUAGES else "en"


# --------------------------------------------------------------------------- local names


_SUB = re.compile(r"@sub\{([^{}]+)\}")
_VALUES = re.compile(r"@v\{([^{}]+)\}")
_NAME = re.compile(r"@name\{([^{}]+)\}")
_ALIASES = re.compile(r"@aliases\{([^{}]+)\}")
_ALL = re.compile(r"@allnames\{([^{}]+)\}")


def param_chain(names: Sequence[str], default: str | None) -> str:
    """``{{{a|{{{b|default}}}}}}``: the first of ``names`` that is given, else ``default``."""
    inner = "" if default is None else f"|{default}"
    text = f"{{{{{{{names[-1]}{inner}}}}}}}"
    for name in reversed(names[:-1]):
        text = f"{{{{{{{name}|{text}}}}}}}"
    return text


def _closing(text: str, start: int) -> int:
    """Index just after the ``}}}`` that closes the ``{{{`` at ``start`` (braces balanced)."""
    depth, i = 0, start
    while i < len(text):
        if text.startswith("{{{", i):
            depth, i = depth + 1, i + 3
        elif text.startswith("}}}", i):
            depth, i = depth - 1, i + 3
            if depth == 0:
                return i
        elif text.startswith("{{", i):
            i = _closing_double(text, i)
        else:
            i += 1
    return len(text)


def _closing_double(text: str, start: int) -> int:
    """Index just after the ``}}`` that closes the ``{{`` at ``start``."""
    depth, i = 0, start
    while i < len(text):
        if text.startswith("{{{", i):
            i = _closing(text, i)
        elif text.startswith("{{", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("}}", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(text)


def _expand_params(text: str, names: LocalNames) -> str:
    """``{{{@param|default}}}`` -> the chain of every name (defaults may nest braces)."""
    out: list[str] = []
    pos = 0
    while (at := text.find("{{{@", pos)) != -1:
        end = _closing(text, at)
        inner = text[at + 4 : end - 3]
        name, bar, default = inner.partition("|")
        chain = param_chain(names.all_names("params", name.strip()),
                            _expand_params(default, names) if bar else None)
        out += [text[pos:at], chain]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def subpage_title(param: str) -> str:
    """Wikitext for the title of a contest's subpage as the box sees it: the page's
    ``param`` (``/Name`` relative to the contest page, anything else absolute), else
    the contract's default ``B/<English name>`` -- the bot reads the same values
    (``participants page`` before ``participants``, as :mod:`bot.parse.contest_fields`)."""
    value = f"{{{{{{@{param}|/{SUBPAGE_KEYS[param][1]}}}}}}}"
    if not param.endswith(" page"):  # v1.1: ``participants page =`` wins over ``participants =``
        value = f"{{{{{{@{param} page|{value}}}}}}}"
    return f"{{{{#ifeq:{{{{padleft:|1|{value}}}}}|/|{{{{FULLPAGENAME}}}}{value}|{value}}}}}"


def expand_names(text: str, names: LocalNames) -> str:
    """Expand the ``@`` placeholders (see the module docstring) with one wiki's names."""

    def values(m: re.Match[str]) -> str:
        spelled = dict.fromkeys(normalize_key(n) for n in names.all_names("values", m.group(1).strip()))
        return "|".join(spelled)

    def others(m: re.Match[str]) -> str:
        canon = m.group(1).strip()
        preferred = names.preferred("params", canon)
        return json.dumps([n for n in names.all_names("params", canon) if n != preferred], ensure_ascii=False)

    text = _SUB.sub(lambda m: subpage_title(m.group(1).strip()), text)
    text = _expand_params(text, names)
    text = _VALUES.sub(values, text)
    text = _NAME.sub(lambda m: names.preferred("params", m.group(1).strip()), text)
    text = _ALL.sub(lambda m: json.dumps(names.all_names("params", m.group(1).strip()), ensure_ascii=False), text)
    return _ALIASES.sub(others, text)


# --------------------------------------------------------------------------- files


@functools.cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def kit_file(lang: str, name: str) -> str:
    """The text of ``wikitext_templates/kit/<lang>/<name>.wiki``."""
    return _read(KIT_DIR / kit_language(lang) / f"{name}.wiki")


def template_files(lang: str) -> dict[str, str]:
    """``Template name -> file text`` of ``wikitext_templates/templates/<lang>/``."""
    folder = TEMPLATES_DIR / kit_language(lang)
    return {p.stem: _read(p) for p in sorted(folder.glob("*.wiki"))}


def fill(text: str, values: Mapping[str, str]) -> str:
    """``$name`` placeholders filled in (unknown ones stay as typed), whitespace tidied."""
    return tidy(string.Template(text).safe_substitute(values))


# --------------------------------------------------------------------------- a new contest


@dataclass(frozen=True)
class KitPage:
    """A page the kit creates: its title, its text, and what it is (for the console)."""

    title: str
    text: str
    what: str


@dataclass(frozen=True)
class ContestSpec:
    """What ``kit new`` was told, with the kit's defaults for what it was not told.

    ``defaulted`` names the fields the kit chose (``start``, ``end``, ``organizers``,
    ``jury``): the page marks each with a note asking the organizer to check it.
    """

    wiki: str
    lang: str
    title: str
    start: date
    end: date
    timezone: str
    wikis: tuple[str, ...]
    organizers: tuple[str, ...] = ()
    jury: tuple[str, ...] = ()
    parent: str | None = None
    umbrella: bool = False
    defaulted: frozenset[str] = frozenset()


class KitError(ValueError):
    """What the operator asked for cannot be made; the message says how to fix it."""


def next_month(today: date) -> tuple[date, date]:
    """The first and last day of the month after ``today``: the kit's default period."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def split_names(value: str | None) -> tuple[str, ...]:
    """``"Alice, Bob"`` -> ``("Alice", "Bob")`` (user names as MediaWiki writes them)."""
    out: list[str] = []
    for item in (value or "").split(","):
        name = normalize_title(item)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def plan_contest(
    *,
    wiki: str,
    lang: str,
    title: str,
    today: date,
    timezone: str,
    start: date | None = None,
    end: date | None = None,
    wikis: Iterable[str] = (),
    organizers: Iterable[str] = (),
    jury: Iterable[str] = (),
    parent: str | None = None,
    umbrella: bool = False,
) -> ContestSpec:
    """The contest to create, every missing value defaulted (and remembered as such).

    Period: the next calendar month if neither day is given; 30 days from ``start`` if
    only the start is given; from today if only the end is. Wikis: the home wiki.
    """
    defaulted: set[str] = set()
    if start is None and end is None:
        start, end = next_month(today)
        defaulted |= {"start", "end"}
    elif end is None:
        assert start is not None
        end = start + timedelta(days=29)
        defaulted.add("end")
    elif start is None:
        start = min(today, end)
        defaulted.add("start")
    if end < start:
        raise KitError(f"--end {end} is before --start {start}; the last day must not come before the first.")
    orgs, jurors = tuple(organizers), tuple(jury)
    if not orgs:
        defaulted.add("organizers")
    if not jurors and not umbrella:
        defaulted.add("jury")
    codes = tuple(dict.fromkeys(w.strip().lower() for w in wikis if w.strip())) or (wiki,)
    return ContestSpec(
        wiki=wiki,
        lang=lang,
        title=normalize_title(title),
        start=start,
        end=end,
        timezone=timezone,
        wikis=codes,
        organizers=orgs,
        jury=jurors,
        parent=parent.strip() if parent and parent.strip() else None,
        umbrella=umbrella,
        defaulted=frozenset(defaulted),
    )


def kit_titles(cat: Catalog) -> dict[str, str]:
    """The form page and its preload pages on a wiki of this catalog's language."""
    form = cat.text("kit-form-page")
    return {"form": form, "guide": f"{form}/{cat.text('kit-guide-name')}",
            **{name: f"{form}/{name}" for name in PRELOADS}}


def subpage_names(title: str, names: LocalNames) -> SubpageNames:
    """The subpages of a new contest ``title`` under the wiki's local names (``B/Участники``)."""
    return SubpageNames(**{field_: f"{title}/{names.subpage(param)}"
                           for param, (field_, _) in SUBPAGE_KEYS.items()})


def subpage_params(names: LocalNames, *, umbrella: bool = False) -> str:
    """The ``| participants = /Участники`` lines a new contest page carries where the
    wiki's subpage names are not the contract's English defaults (contract §1: a
    parameter of the subpage's name overrides it), so the bot and the box find them."""
    wanted = ("leaderboard", "worklist", "worklist status", "subscribers") if umbrella else tuple(
        p for p in SUBPAGE_KEYS if p != "subscribers")
    lines = [f"| {names.param(p)} = /{names.subpage(p)}" for p in wanted
             if names.subpage(p) != SUBPAGE_KEYS[p][1]]
    return "\n".join(lines)


def _contest_values(
    spec: ContestSpec, cat: Catalog, *, organizers: str | None = None, start: str | None = None,
    end: str | None = None, parent: str | None = None, names: LocalNames = ENGLISH,
) -> dict[str, str]:
    note = " <!-- " + cat.text("kit-note-default") + " -->"
    sub = subpage_names(spec.title, names)
    titles = kit_titles(cat)
    params = subpage_params(names, umbrella=spec.umbrella)
    return {
        "contest": spec.title,
        "start": start if start is not None else spec.start.isoformat(),
        "end": end if end is not None else spec.end.isoformat(),
        "timezone": spec.timezone,
        "wikis": ", ".join(spec.wikis),
        "organizers": organizers if organizers is not None else ", ".join(spec.organizers),
        "jury": ", ".join(spec.jury),
        "parent": parent if parent is not None else (spec.parent or ""),
        "note_start": note if "start" in spec.defaulted else "",
        "note_end": note if "end" in spec.defaulted else "",
        "note_organizers": note if "organizers" in spec.defaulted else "",
        "note_jury": note if "jury" in spec.defaulted else "",
        "participants": sub.participants,
        "worklist": sub.worklist,
        "jury_page": sub.jury,
        "leaderboard": sub.leaderboard,
        "queue": sub.queue,
        "worklist_status": sub.worklist_status,
        "subscribers": sub.subscribers,
        "kit": titles["form"],
        "start_box": "",
        "subpage_params": params,
        **{f"name_{field_}": names.subpage(param) for param, (field_, _) in SUBPAGE_KEYS.items()},
    }


def form_box(lang: str, *, prefix: str, preload: str, param: str | None = None) -> str:
    """One ``<inputbox>`` that creates a page under ``prefix`` from ``preload``.

    ``param`` becomes the preload's ``$1`` (``preloadparams[]``), e.g. the umbrella a
    contest created from an umbrella's page belongs to.
    """
    params = f"preloadparams[]={param}" if param is not None else ""
    return fill(kit_file(lang, "form-box"), {"prefix": prefix, "preload": preload, "params": params})


def contest_pages(spec: ContestSpec, cat: Catalog, names: LocalNames = ENGLISH) -> list[KitPage]:
    """The pages of a new contest (or umbrella), ``B`` first, in the kit's language,
    its subpages under the wiki's local names (``names``)."""
    lang = spec.lang
    values = _contest_values(spec, cat, names=names)
    sub = subpage_names(spec.title, names)
    if spec.umbrella:
        values["start_box"] = form_box(lang, prefix=f"{spec.title}/",
                                       preload=kit_titles(cat)["Contest below an umbrella"],
                                       param=spec.title)
        return [
            KitPage(spec.title, fill(kit_file(lang, "umbrella"), values), "umbrella contest page"),
            KitPage(sub.worklist, fill(kit_file(lang, "worklist"), values), "general worklist"),
            KitPage(sub.subscribers, fill(kit_file(lang, "subscribers"), values), "subscribers page"),
        ]
    return [
        KitPage(spec.title, fill(kit_file(lang, "contest"), values), "contest page"),
        KitPage(sub.participants, fill(kit_file(lang, "participants"), values), "participants page"),
        KitPage(sub.worklist, fill(kit_file(lang, "worklist"), values), "worklist"),
        KitPage(sub.jury, fill(kit_file(lang, "jury"), values), "jury page"),
    ]


# --------------------------------------------------------------------------- the form and templates


def preload_pages(lang: str, cat: Catalog, *, home: str, timezone: str,
                  names: LocalNames = ENGLISH) -> list[KitPage]:
    """The pages the form preloads: a contest page whose dates and organizer fill
    themselves in when the organizer saves it (``subst``), and the subpages' texts."""
    titles = kit_titles(cat)
    header = kit_file(lang, "preload")
    out: list[KitPage] = []
    for name, source in PRELOADS.items():
        spec = ContestSpec(wiki=home, lang=lang, title="{{FULLPAGENAME}}", start=date.min, end=date.min,
                           timezone=timezone, wikis=(home,), defaulted=frozenset({"start", "end", "jury"}))
        values = _contest_values(
            spec, cat,
            organizers=f"{{{{{SUBST}REVISIONUSER}}}}",
            start=f"{{{{{SUBST}#time:Y-m-d|first day of next month}}}}",
            end=f"{{{{{SUBST}#time:Y-m-d|last day of next month}}}}",
            parent="$1" if name == "Contest below an umbrella" else "", names=names,
        )
        values.update({"form": titles["form"], "preload": titles[name]})
        body = fill(kit_file(lang, source), values)
        out.append(KitPage(titles[name], fill(header, values) + body, f"preload: {name}"))
    return out


def form_page(lang: str, cat: Catalog, *, prefixes: Sequence[str]) -> KitPage:
    """The on-wiki "start a contest" page.

    One labelled box per prefix that ends with ``/`` (a new contest becomes a subpage
    there). A prefix without ``/`` (``Project:Smart Region``) belongs to programmes: a
    contest of a programme must be a subpage of the programme's page, so the form
    does not build such titles itself but lists the programmes, whose pages carry
    their own box (``B/<name>``).
    """
    titles = kit_titles(cat)
    boxes = [
        fill(kit_file(lang, "form-label"), {"prefix": p})
        + "\n"
        + form_box(lang, prefix=p, preload=titles["Contest"])
        for p in prefixes if p.endswith("/")
    ]
    programmes = [
        fill(kit_file(lang, "form-programmes"), {"prefix": p}) for p in prefixes if not p.endswith("/")
    ]
    text = fill(kit_file(lang, "form"), {
        "boxes": "\n\n".join(boxes), "programmes": "\n".join(programmes),
        "prefixes": ", ".join(f"<code>{p}</code>" for p in prefixes),
        "preload": titles["Contest"], "kit": titles["form"], "guide": titles["guide"]})
    return KitPage(titles["form"], text, "start-a-contest form")


def template_pages(lang: str, names: LocalNames, cat: Catalog) -> list[KitPage]:
    """``Template:Editathon*`` with documentation and TemplateData, then the local names
    as redirects to them (``Template:Марафон`` -> ``Template:Editathon``)."""
    values = {"kit": kit_titles(cat)["form"], **{f"preload_{k.lower().replace(' ', '_')}": v
                                                 for k, v in kit_titles(cat).items()}}
    out = [KitPage(f"Template:{name}", fill(expand_names(text, names), values), "template")
           for name, text in template_files(lang).items()]
    made = {p.title.casefold() for p in out}
    for canon, aliases in names.template_aliases().items():
        for alias in aliases:
            title = f"Template:{normalize_title(alias)}"
            if title.casefold() not in made:
                made.add(title.casefold())
                out.append(KitPage(title, f"#REDIRECT [[Template:{canon}]]", f"redirect to {canon}"))
    return out


def install_pages(
    lang: str, names: LocalNames, cat: Catalog, *, home: str, timezone: str, prefixes: Sequence[str]
) -> list[KitPage]:
    """Everything ``kit install-templates`` puts on a wiki, templates first."""
    return [
        *template_pages(lang, names, cat),
        form_page(lang, cat, prefixes=prefixes),
        KitPage(kit_titles(cat)["guide"], fill(kit_file(lang, "guide"), {"form": kit_titles(cat)["form"]}),
                "municipality guide"),
        *preload_pages(lang, cat, home=home, timezone=timezone, names=names),
    ]


def under_prefixes(title: str, prefixes: Iterable[str]) -> bool:
    """Whether the bot looks for contests at ``title`` (prefixes as the wiki writes them)."""
    return any(title.startswith(p) for p in prefixes)


def templatedata_blocks(text: str) -> list[Any]:
    """The parsed JSON of each ``<templatedata>`` block (a check for tests and the kit)."""
    return [json.loads(m) for m in re.findall(r"<templatedata>(.*?)</templatedata>", text, re.S)]

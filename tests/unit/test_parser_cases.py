"""Data-driven cases of the page parsers: contest, signup, worklist and jury pages.

Each file ``tests/data/parse/<kind>/<lang>.mwtest`` holds cases as mwparserfromhell
keeps its tokenizer cases: a name, the page as a person types it, and what the
parser must read from it, separated by ``---``::

    name: a signature line signs its user up
    input:
    # [[User:Alice|Alice]] 12:00, 1 November 2026 (UTC)
    output:
    signup: Alice @1
    ---

The output lists every thing read, one a line, and every problem with its line and
parameters: it is compared whole, so a reading or a problem the case does not name
fails it. ``<lang>`` is the wiki's language: its alias file is loaded on top of the
English names, as the bot does. To see what the parser reads from a case file
(when writing new cases), run ``python -m tests.unit.test_parser_cases FILE``.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest

from bot.alias_files import load_alias_text
from bot.aliases import Aliases
from bot.model import Problem, SubpageNames
from bot.parse.contest import parse_contest
from bot.parse.jury import DecisionLine, parse_jury
from bot.parse.signup import parse_signups
from bot.parse.worklist import parse_worklist

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "data" / "parse"
KNOWN = frozenset({"en", "ru", "tt"})
B = "Project:Editathon/Kazan"
KINDS = ("contest", "signup", "worklist", "jury")


@dataclass(frozen=True)
class Case:
    kind: str
    lang: str
    name: str
    input: str
    output: str

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.lang}: {self.name}"


def read_cases(path: Path) -> list[Case]:
    """The cases of one ``.mwtest`` file (``name:``, ``input:``, ``output:``, ``---``)."""
    kind, lang = path.parent.name, path.stem
    cases: list[Case] = []
    for n, block in enumerate(path.read_text(encoding="utf-8").split("\n---\n")):
        lines = block.strip("\n").split("\n")
        if lines == [""]:
            continue
        if not lines[0].startswith("name:") or "input:" not in lines or "output:" not in lines:
            raise ValueError(f"{path}: case {n + 1} needs name:, input: and output:")
        i, o = lines.index("input:"), lines.index("output:")
        name = lines[0].removeprefix("name:").strip()
        cases.append(Case(kind, lang, name, "\n".join(lines[i + 1 : o]), "\n".join(lines[o + 1 :]).strip()))
    return cases


def all_cases() -> list[Case]:
    return [c for kind in KINDS for path in sorted((CASES / kind).glob("*.mwtest")) for c in read_cases(path)]


@cache
def aliases(lang: str) -> Aliases:
    def load(code: str) -> Aliases:
        return load_alias_text((REPO / "config" / "aliases" / f"{code}.toml").read_text(encoding="utf-8"))

    return load("en") if lang == "en" else load("en").merged(load(lang))


# ------------------------------------------------------------------ what a parser read, as lines


def show(value: object) -> str:
    """A value as a case writes it: records with their non-default fields only."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = []
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            default = f.default if f.default is not dataclasses.MISSING else (
                f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
            if v != default:
                parts.append(f"{f.name}={show(v)}")
        return f"{type(value).__name__}({', '.join(parts)})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    out = []
    for p in problems:
        where = f" @{p.line}" if p.line is not None else ""
        params = "".join(f" {k}={v}" for k, v in p.params)
        out.append(f"problem: {p.key}{where}{params}")
    return out


def read_contest(text: str, lang: str) -> list[str]:
    settings, problems = parse_contest(text, wiki=lang, title=B, aliases=aliases(lang),
                                       default_timezone="Europe/Moscow", known_wikis=KNOWN)
    lines: list[str] = []
    if settings is None:
        lines.append("settings: none")
    else:
        skip = {"wiki", "title", "revid", "rules", "criteria", "nominations", "prizes", "pages"}
        for f in dataclasses.fields(settings):
            v = getattr(settings, f.name)
            if f.name not in skip and (f.name in ("start", "end", "timezone", "wikis") or v != f.default):
                lines.append(f"{f.name.replace('_', ' ')}: {show(v)}")
        if settings.pages is not None:
            defaults = SubpageNames.defaults(B)
            for f in dataclasses.fields(settings.pages):
                if getattr(settings.pages, f.name) != getattr(defaults, f.name):
                    lines.append(f"subpage {f.name.replace('_', ' ')}: {getattr(settings.pages, f.name)}")
        for kind, items in (("rule", settings.rules), ("criterion", settings.criteria),
                            ("nomination", settings.nominations), ("prize", settings.prizes)):
            lines += [f"{kind}: {show(x)}" for x in items]
    return lines + problem_lines(problems)


def read_signups(text: str, lang: str) -> list[str]:
    signups, problems = parse_signups(text, wiki=lang, page=f"{B}/Participants", aliases=aliases(lang),
                                      user_namespaces=frozenset())
    return [f"signup: {s.user} @{s.line}" for s in signups] + problem_lines(problems)


def read_worklist(text: str, lang: str) -> list[str]:
    worklist, problems = parse_worklist(text, wiki=lang, page=f"{B}/Worklist", aliases=aliases(lang),
                                        known_wikis=KNOWN)
    topics = [f"topic: {t.key} = " + " | ".join(f"{w}:{title}" for w, title in t.titles)
              + (f" (wikidata {t.wikidata})" if t.wikidata else "") + (f" [{t.heading}]" if t.heading else "")
              for t in worklist.topics]
    return topics + problem_lines(problems)


def read_jury(text: str, lang: str) -> list[str]:
    items, problems = parse_jury(text, wiki=lang, page=f"{B}/Jury", home_wiki=lang, aliases=aliases(lang),
                                 known_wikis=KNOWN)
    lines = []
    for i in items:
        if isinstance(i, DecisionLine):
            extra = "".join([f" points={show(i.points)}" if i.points else "", f" user={i.user}" if i.user else "",
                             f" comment={i.comment}" if i.comment else ""])
            lines.append(f"decision: {i.article} {i.verdict.value}{extra} @{i.line}")
        else:
            lines.append(f"suspension: {i.user}" + (f" comment={i.comment}" if i.comment else "") + f" @{i.line}")
    return lines + problem_lines(problems)


READERS: dict[str, Callable[[str, str], list[str]]] = {
    "contest": read_contest, "signup": read_signups, "worklist": read_worklist, "jury": read_jury,
}


def read(case: Case) -> str:
    return "\n".join(READERS[case.kind](case.input, case.lang))


# ------------------------------------------------------------------ the cases


CASE_LIST = all_cases()


@pytest.mark.parametrize("case", CASE_LIST, ids=[c.id for c in CASE_LIST])
def test_parser_case(case: Case) -> None:
    assert read(case) == case.output


def test_the_cases_cover_every_page_kind_in_three_languages() -> None:
    counts = {(c.kind, c.lang) for c in CASE_LIST}
    assert counts == {(k, lang) for k in KINDS for lang in ("en", "ru", "tt")}
    assert len(CASE_LIST) >= 60
    names = [c.id for c in CASE_LIST]
    assert len(names) == len(set(names)), "two cases of a file share a name"


if __name__ == "__main__":  # pragma: no cover
    # Prints each case with what the parser reads now; with --write, writes that into the
    # file as the cases' output (review the diff: the output is what the test will demand).
    write = "--write" in sys.argv
    for file in [a for a in sys.argv[1:] if a != "--write"]:
        text = "".join(f"name: {c.name}\ninput:\n{c.input}\noutput:\n{read(c)}\n---\n" for c in read_cases(Path(file)))
        if write:
            Path(file).write_text(text, encoding="utf-8")
        else:
            print(text, end="")

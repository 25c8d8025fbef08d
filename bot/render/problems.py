"""The list of problems found on a contest's pages, with links to fix them.

Each problem is one line: where it is (page, line), what is wrong (its message)
and the diff that introduced it. Names of the people involved may appear in the
message, never in a heading (contract §3: reports do not accuse anyone).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.aliases import CANONICAL_TEMPLATES
from bot.contract import CANONICAL_PARAMS
from bot.i18n import Catalog
from bot.model import SETTINGS_KEPT, Problem
from bot.render.links import WikiPrefix, diff_link, escape_text, page_link, user_link
from bot.render.names import ENGLISH, LocalNames


def _order(p: Problem, home_wiki: str) -> tuple[object, ...]:
    return (p.wiki != home_wiki, p.wiki, p.page, p.line or 0, p.revid or 0, p.key, p.params)


def _localized(name: str, value: str, names: LocalNames) -> str:
    """A canonical template or parameter name quoted by a problem, as the wiki's users
    write it (``Editathon rule`` -> ``Марафон кагыйдә``); anything else as it is."""
    if name == "template" and value in CANONICAL_TEMPLATES:
        return names.template(value)
    if name == "param" and value in CANONICAL_PARAMS:
        return names.param(value)
    return value


def vocabulary(names: LocalNames) -> dict[str, str]:
    """Names that problem messages quote besides their own parameters: the verdict
    keywords and the templates a person is told to use, in the wiki's names."""
    return {
        "accept": names.value("accept"),
        "reject": names.value("reject"),
        "user_param": names.param("user"),
        "umbrella_param": names.param("umbrella"),
        "yes": names.value("yes"),
        "close": names.template("Editathon close"),
    }


def problem_text(p: Problem, cat: Catalog, names: LocalNames = ENGLISH) -> str:
    """The message of a problem, its on-wiki parameters escaped, canonical names local."""
    params = {name: escape_text(_localized(name, value, names)) for name, value in p.params}
    return cat.text(p.key, **{**vocabulary(names), **params})


def problem_line(
    p: Problem,
    cat: Catalog,
    *,
    home_wiki: str,
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """``* [[Page]], line 3: message ([[Special:Diff/123|diff]])``."""
    where = page_link(p.page, p.wiki, home_wiki, wiki_prefix=wiki_prefix)
    if p.line:
        where = cat.text("problems-at-line", page=where, line=str(p.line))
    line = f"* {where}: {problem_text(p, cat, names)}"
    if p.revid:
        label = cat.text("problems-diff")
        line += f" ({diff_link(p.revid, p.wiki, home_wiki, label, wiki_prefix=wiki_prefix)})"
    return line


PROBLEM_LIMIT = 100
"""Problems listed on one page at most; the rest are counted per page they are on.

One person can put 20,000 broken lines on a page the bot reads; listing every problem
would make the leaderboard (and the shared status page) too big to save, and freeze
every contest's status. The first ones, a count of the rest and where they are is what
the people who fix them need."""


def render_problems(
    problems: Sequence[Problem],
    cat: Catalog,
    *,
    home_wiki: str,
    wiki_prefix: WikiPrefix | None = None,
    limit: int = PROBLEM_LIMIT,
    names: LocalNames = ENGLISH,
) -> str:
    """A bulleted list of ``problems`` (deduplicated, in page order), or "none found".

    The order depends only on the problems, not on the order they were given in,
    so a page is rewritten only when the problems themselves change. Past ``limit``
    problems, one more line counts the rest and links the pages they are on.
    """
    unique = sorted(set(problems), key=lambda p: _order(p, home_wiki))
    if not unique:
        return cat.text("problems-none")
    lines = [
        problem_line(p, cat, home_wiki=home_wiki, wiki_prefix=wiki_prefix, names=names)
        for p in unique[:limit]
    ]
    rest = unique[limit:]
    if rest:
        per_page: dict[tuple[str, str], int] = {}
        for p in rest:
            per_page[(p.wiki, p.page)] = per_page.get((p.wiki, p.page), 0) + 1
        pages = cat.join(
            [
                f"{page_link(page, wiki, home_wiki, wiki_prefix=wiki_prefix)} ({cat.number(n, 0)})"
                for (wiki, page), n in per_page.items()
            ]
        )
        lines.append("* " + cat.text("problems-more", count=len(rest), pages=pages))
    return "\n".join(lines)


def settings_banner(
    problems: Sequence[Problem],
    cat: Catalog,
    *,
    home_wiki: str,
    key: str = "leaderboard-settings-kept",
    wiki_prefix: WikiPrefix | None = None,
    names: LocalNames = ENGLISH,
) -> str:
    """The banner of a contest running on its last good settings (issue 17), or "".

    It names the revision that broke the settings (a diff link), who saved it, the first
    problem of the contest page's text and the revision whose settings stand instead.
    """
    kept = next((p for p in problems if p.key == SETTINGS_KEPT), None)
    if kept is None or kept.revid is None:
        return ""
    parse = sorted((p for p in problems if p.key.startswith("parse-") and p.page == kept.page and p.wiki == kept.wiki),
                   key=lambda p: _order(p, home_wiki))
    what = cat.text("settings-kept-unknown")
    if parse:
        first = parse[0]
        where = page_link(first.page, first.wiki, home_wiki, wiki_prefix=wiki_prefix)
        if first.line:
            where = cat.text("problems-at-line", page=where, line=str(first.line))
        what = f"{where}: {problem_text(first, cat, names)}".rstrip()
    good = kept.param("good")
    return cat.text(
        key,
        user=user_link(kept.param("user")),
        diff=diff_link(kept.revid, kept.wiki, home_wiki, cat.text("problems-diff"), wiki_prefix=wiki_prefix),
        problem=what,
        more=" " + cat.text("settings-kept-more", count=len(parse) - 1) if len(parse) > 1 else "",
        good=diff_link(int(good), kept.wiki, home_wiki, cat.text("settings-kept-revision", revid=good),
                       wiki_prefix=wiki_prefix) if good.isdigit() else good,
    )

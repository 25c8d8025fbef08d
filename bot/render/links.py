"""Wikitext building blocks: links across wikis and escaping of on-wiki input.

Every page the bot writes lives on the contest's home wiki, but articles, diffs
and pages may be on another language edition; a link to them needs the interwiki
prefix (``[[:tt:Title]]``). Which prefix reaches a wiki is configuration (on the
dev wikis it is not the language code), so callers may pass ``wiki_prefix``.

Text typed by people on the wiki (jury comments, bad values in problems,
worklist headings) is shown back inside our pages. It must never be able to
break a table, open a template, or be expanded by the pre-save transform (a
``~~~~`` in a comment would otherwise become the bot's signature), so it goes
through :func:`escape_text`, which works like MediaWiki's ``wfEscapeWikiText``.
"""

from __future__ import annotations

from collections.abc import Callable

WikiPrefix = Callable[[str], str]

_ESCAPED = {c: f"&#{ord(c)};" for c in "\"&'<=>[]{|}"}


def same_prefix(wiki: str) -> str:
    """The default interwiki prefix of a wiki: its language code."""
    return wiki


def escape_text(value: str) -> str:
    """Make on-wiki input inert inside wikitext, shown exactly as typed.

    Newlines and runs of whitespace become one space (our pages put each item on
    one line); the characters that start markup become HTML entities, as do
    signatures (``~~~``), magic words (``__``) and bare URLs (``://``).
    """
    s = " ".join(value.split())
    s = "".join(_ESCAPED.get(c, c) for c in s)
    s = s.replace("~~~", "~~&#126;").replace("__", "_&#95;").replace("://", "&#58;//")
    if s[:1] in ("#", "*", ":", ";", "!", "-"):
        s = f"&#{ord(s[0])};{s[1:]}"
    return s


def nowiki(value: str) -> str:
    """Show wikitext as source (copyable): ``<nowiki>`` with ``<`` kept inert."""
    return "<nowiki>" + value.replace("<", "&lt;") + "</nowiki>"


def _target(title: str, wiki: str, home_wiki: str, wiki_prefix: WikiPrefix | None) -> str:
    """Link target for ``title`` on ``wiki`` as seen from ``home_wiki``.

    A leading colon keeps ``Category:``/``File:`` titles (in any language) links
    instead of categorizing or embedding our page; it is harmless on other titles
    with a colon, and left out where it is not needed (plain titles, ``Special:``).
    """
    if wiki != home_wiki:
        return f":{(wiki_prefix or same_prefix)(wiki)}:{title}"
    if ":" in title and not title.startswith("Special:"):
        return f":{title}"
    return title


def page_link(
    title: str,
    wiki: str,
    home_wiki: str,
    *,
    label: str | None = None,
    wiki_prefix: WikiPrefix | None = None,
) -> str:
    """``[[Title]]`` on the home wiki, ``[[:tt:Title]]`` elsewhere; optional label."""
    target = _target(title, wiki, home_wiki, wiki_prefix)
    return f"[[{target}]]" if label is None else f"[[{target}|{label}]]"


def user_link(user: str) -> str:
    """``[[User:X|X]]``: the canonical namespace name works on every wiki.

    The name is escaped as MediaWiki escapes it in a signature (``O&#39;Brien&#38;Co``,
    ``&#42;Star``): a name may hold ``'``, ``&`` or ``;``, and link targets decode them.
    """
    name = escape_text(user)
    return f"[[User:{name}|{name}]]"


def diff_link(
    revid: int,
    wiki: str,
    home_wiki: str,
    label: str,
    *,
    newer: int | None = None,
    wiki_prefix: WikiPrefix | None = None,
) -> str:
    """``[[Special:Diff/REVID|label]]`` (or ``/OLD/NEW``), prefixed for another wiki."""
    path = f"Special:Diff/{revid}" if newer is None else f"Special:Diff/{revid}/{newer}"
    return page_link(path, wiki, home_wiki, label=label, wiki_prefix=wiki_prefix)


def history_link(
    title: str, wiki: str, home_wiki: str, label: str, *, wiki_prefix: WikiPrefix | None = None
) -> str:
    """A link to a page's history (``Special:History/Title``)."""
    return page_link(
        f"Special:History/{title}", wiki, home_wiki, label=label, wiki_prefix=wiki_prefix
    )

"""Names in hand-typed wikitext: users, pages, wiki prefixes, namespaces, links.

Forgiving like every part of ``bot.parse``: a name that cannot be read is None, and
the caller reports a problem.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass

from bot.aliases import normalize_key, normalize_title

# --------------------------------------------------------------------------- names

# Namespace prefixes a template may be written with (``{{Шаблон:Марафон}}``).
TEMPLATE_NAMESPACES = frozenset({"template", "шаблон", "калып"})

# User and user talk namespaces of the English, Russian and Tatar wikis, used where
# the caller gives no list (user names in ``organizers =``) and added to the list it
# gives (a signature may link to another wiki's user page: same global account).
DEFAULT_USER_NAMESPACES = frozenset(
    {
        "user",
        "user talk",
        "участник",
        "участница",
        "обсуждение участника",
        "обсуждение участницы",
        "кулланучы",
        "кулланучы бәхәсе",
    }
)

# Links into these namespaces are not topics (categories and files on a worklist).
CATEGORY_NAMESPACES = frozenset({"category", "категория", "төркем"})
FILE_NAMESPACES = frozenset({"file", "image", "media", "файл", "изображение", "медиа", "рәсем"})


_INTERWIKI_RE = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
# Namespace names people type in lower case; they are never a wiki prefix.
_LOWERCASE_NAMESPACES = frozenset(
    {
        "project",
        "wikipedia",
        "wp",
        "user",
        "talk",
        "template",
        "category",
        "file",
        "image",
        "media",
        "help",
        "portal",
        "draft",
        "special",
        "module",
        "mediawiki",
    }
)
_BAD_NAME_CHARS = frozenset("<>[]{}|\n\t")


_CHAR_REF_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]*));")


def decode_char_refs(text: str) -> str:
    """Character references decoded as MediaWiki decodes them in a link target.

    A signature is saved with the name escaped (``wfEscapeWikiText``): ``O'Brien&Co``
    becomes ``O&#39;Brien&#38;Co``, ``*Star`` becomes ``&#42;Star``. Only complete
    references (with ``;``) are decoded, and unknown names are left as typed, as
    MediaWiki's ``Sanitizer::decodeCharReferences`` does.
    """

    def one(m: re.Match[str]) -> str:
        dec, hexa, name = m.groups()
        if name is not None:
            return html.entities.html5.get(name + ";", m.group(0))
        code = int(dec) if dec is not None else int(hexa, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
            return m.group(0)
        return chr(code)

    return _CHAR_REF_RE.sub(one, text) if "&" in text else text


def normalize_user(name: str) -> str | None:
    """A user name as MediaWiki stores it, or None if it cannot be one.

    Character references are decoded first (signatures hold them); then ``_`` is a
    space, the first letter is uppercase and a ``#fragment`` is dropped; markup
    characters (``<b>``, ``{{x}}``, ``[[``) mean the text is not a plain name.
    """
    return _plain_user(decode_char_refs(name))


def _plain_user(name: str) -> str | None:
    """:func:`normalize_user` for a name whose character references are decoded."""
    name = name.split("#", 1)[0]
    if any(c in _BAD_NAME_CHARS for c in name):
        return None
    norm = normalize_title(name)
    return norm or None


def normalize_page(title: str) -> str | None:
    """A page title as MediaWiki stores it (``[[...]]``, ``#section``, ``_`` dropped).

    Returns None for text that cannot be a title (markup inside, or empty).
    """
    t = title.strip()
    if t.startswith("[[") and t.endswith("]]"):
        t = t[2:-2].split("|", 1)[0]
    t = t.strip().lstrip(":").split("#", 1)[0]
    if any(c in _BAD_NAME_CHARS for c in t):
        return None
    norm = normalize_title(t)
    return norm or None


@dataclass(frozen=True)
class WikiTarget:
    """A link target split into an optional interwiki prefix and the rest.

    ``prefix`` is set when the target starts with something shaped like a wiki code
    (``tt:``, ``:ru:``, ``w:``); ``known`` says whether it is one of the bot's wikis.
    """

    prefix: str | None
    title: str
    known: bool


def split_wiki_prefix(target: str, known_wikis: frozenset[str]) -> WikiTarget:
    """Split ``tt:Title`` / ``:tt:Title``; a capitalized ``Project:X`` has no prefix.

    Interwiki prefixes are lowercase codes in practice, while namespaces and titles
    with a colon (``Star Wars: Episode I``) start with a capital, so the case of the
    prefix tells them apart without a list of every wiki's namespaces (the usual
    namespace names typed in lower case, ``project:X``, are known exceptions).
    """
    t = target.strip().lstrip(":").strip()
    head, sep, rest = t.partition(":")
    head = head.strip()
    if sep and _INTERWIKI_RE.match(head) and head not in _LOWERCASE_NAMESPACES:
        return WikiTarget(head, rest.strip(), head in known_wikis)
    return WikiTarget(None, t, False)


def namespace_of(title: str) -> str | None:
    """The normalized text before the first colon (``Category:X`` -> ``category``)."""
    head, sep, _ = title.partition(":")
    return normalize_key(head) if sep else None


def strip_namespace(title: str, namespaces: frozenset[str]) -> str:
    """``Категория:Казан`` -> ``Казан`` when the prefix is one of ``namespaces``."""
    head, sep, rest = title.partition(":")
    if sep and normalize_key(head) in namespaces:
        return rest.strip()
    return title.strip()


_LINK_RE = re.compile(r"\[\[([^\[\]]*?)\]\]")


@dataclass(frozen=True)
class Link:
    """A ``[[target|text]]`` found by text scanning; ``start`` is its offset."""

    target: str
    start: int
    end: int


def find_links(text: str) -> list[Link]:
    """Wikilinks in order of appearance, found even when the target holds markup.

    mwparserfromhell leaves ``[[User:A<b>x</b>]]`` as plain text; scanning the text
    finds it so the parser can report the bad name instead of not seeing it.
    """
    return [
        Link(m.group(1).split("|", 1)[0].strip(), m.start(), m.end())
        for m in _LINK_RE.finditer(text)
    ]


def user_from_target(target: str, namespaces: frozenset[str]) -> tuple[bool, str | None]:
    """(is a user page link, the user) for a link target such as ``User:X``.

    A subpage (``User:X/sandbox``) is not a user page; ``(True, None)`` means it is
    a user page link whose name is not a valid user name (markup in it).
    """
    t = decode_char_refs(target).strip().lstrip(":")
    parts = t.split(":", 2)
    if len(parts) >= 2 and normalize_key(parts[0]) in namespaces:
        name = t.split(":", 1)[1]
    elif (
        len(parts) == 3
        and _INTERWIKI_RE.match(parts[0].strip())
        and normalize_key(parts[1]) in namespaces
    ):
        name = parts[2]
    else:
        return False, None
    name = name.split("#", 1)[0]
    user = _plain_user(name)
    if user is not None and "/" in user:
        return False, None
    return True, user


def namespace_set(names: frozenset[str]) -> frozenset[str]:
    """Namespace names normalized for matching (case-insensitive, ``_`` = space)."""
    return frozenset(normalize_key(n) for n in names)

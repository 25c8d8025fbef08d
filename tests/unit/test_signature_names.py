"""Any valid user name survives MediaWiki's signature and comes back the same.

MediaWiki writes ``~~~~`` as ``[[User:NAME|NAME]]`` with NAME escaped by
``wfEscapeWikiText``: ``O'Brien&Co`` is saved as ``O&#39;Brien&#38;Co`` and ``*Star`` as
``&#42;Star``. The bot used to cut the name at the ``#`` of the entity, so a genuine
signup was read as someone else's line. The property: for every name MediaWiki lets
somebody register, the signed line parses back to exactly that name, the name the
API gives as the revision's author.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.aliases import CANONICAL_TEMPLATES, Aliases
from bot.parse.names import decode_char_refs, normalize_user
from bot.parse.signup import parse_signups
from bot.trust.users import user_key

ALIASES = Aliases.build(templates={t: [] for t in CANONICAL_TEMPLATES})

# --------------------------------------------------------------------------- MediaWiki, ported
# wfEscapeWikiText (MediaWiki 1.39, includes/GlobalFunctions.php), with the default magic
# links (ISBN, PMID, RFC) and the URL protocols that do not use "://".
_REPL = {
    '"': "&#34;", "&": "&#38;", "'": "&#39;", "<": "&#60;", "=": "&#61;", ">": "&#62;",
    "[": "&#91;", "]": "&#93;", "{": "&#123;", "|": "&#124;", "}": "&#125;", ";": "&#59;",
    "\n#": "\n&#35;", "\r#": "\r&#35;", "\n*": "\n&#42;", "\r*": "\r&#42;",
    "\n:": "\n&#58;", "\r:": "\r&#58;", "\n ": "\n&#32;", "\r ": "\r&#32;",
    "\n\n": "\n&#10;", "\r\n": "&#13;\n", "\n\r": "\n&#13;", "\r\r": "\r&#13;",
    "\n\t": "\n&#9;", "\r\t": "\r&#9;", "\n----": "\n&#45;---", "\r----": "\r&#45;---",
    "__": "_&#95;", "://": "&#58;//",
}
for _magic in ("ISBN", "PMID", "RFC"):
    _REPL.update({f"{_magic} ": f"{_magic}&#32;", f"{_magic}\t": f"{_magic}&#9;"})
_STRTR = re.compile("|".join(re.escape(k) for k in sorted(_REPL, key=len, reverse=True)))
_PROTOCOLS = re.compile(r"\b(bitcoin|geo|magnet|mailto|matrix|news|sip|sips|sms|tel|urn|xmpp):", re.I)


def wf_escape_wiki_text(text: str) -> str:
    out = _STRTR.sub(lambda m: _REPL[m.group(0)], "\n" + text)[1:]
    return _PROTOCOLS.sub(r"\1&#58;", out)


def signature(name: str) -> str:
    """What ``~~~~`` saves for ``name`` (the English ``signature`` message)."""
    esc = wf_escape_wiki_text(name)
    return f"[[User:{esc}|{esc}]] ([[User talk:{esc}|talk]]) 12:00, 1 November 2026 (UTC)"


# UserNameUtils::isValid + isCreatable and the title rules a user name must pass.
_ILLEGAL = set("#<>[]|{}/@:>=") | {chr(c) for c in range(0x20)} | {"\x7f"}
_TROUBLE = re.compile("[\u0080-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u3000\ue000-\uf8ff]")
_IP = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.(\d{1,3}|xxx)$")


def creatable(name: str) -> bool:
    if not name or name != name.strip() or "  " in name or "_" in name:
        return False
    if any(c in _ILLEGAL for c in name) or _TROUBLE.search(name) or _IP.match(name):
        return False
    if re.search(r"%[0-9A-Fa-f]{2}", name) or re.search(r"&[A-Za-z0-9\x80-\uffff]+;", name):
        return False
    if "~~~" in name or name in {".", ".."} or len(name.encode()) > 255:
        return False
    if unicodedata.category(name[0]).startswith("Z") or name[0].upper() != name[0]:
        return False
    return all(not unicodedata.category(c).startswith(("C", "Z")) or c == " " for c in name)


names = st.text(
    alphabet=st.one_of(
        st.sampled_from(sorted(set(" !\"$%&'()*+,-.;?\\^`~0123456789AZaz") - _ILLEGAL)),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cc", "Cn")),
    ),
    min_size=1,
    max_size=30,
).filter(creatable)


def parsed_user(text: str) -> str | None:
    lines, _problems = parse_signups(
        text, wiki="en", page="P", aliases=ALIASES, user_namespaces=frozenset({"User", "User talk"})
    )
    return lines[0].user if lines else None


@given(names)
@settings(max_examples=300, deadline=None)
@example("O'Brien&Co")
@example("*Star")
@example("Dash----es")
@example("ISBN 978 Reader")
@example("Sm;th")
@example("Quote\"d")
@example("Tom&copyright")
@example("Équipe d'été")
@example("Гөлнара")
def test_a_signed_line_names_its_signer(name: str) -> None:
    assert parsed_user("# " + signature(name) + "\n") == name
    assert user_key(name) == name  # the API's spelling of the author compares equal


@given(names)
@settings(max_examples=200, deadline=None)
def test_the_participant_template_and_a_plain_link_name_the_user(name: str) -> None:
    esc = wf_escape_wiki_text(name)
    assert parsed_user(f"* [[User:{esc}]]\n") == name
    template = "* {{Editathon participant | " + esc.replace("=", "&#61;") + " }}\n"
    assert parsed_user(template) == name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("O&#39;Brien&#38;Co", "O'Brien&Co"),
        ("&#42;Star", "*Star"),
        ("&#x4F;&#X27;Hara", "O'Hara"),
        ("Anna&amp;Bob", "Anna&Bob"),
        ("Tom&copyright", "Tom&copyright"),  # no ';': not a reference, as in MediaWiki
        ("Ann&nosuchentity;", "Ann&nosuchentity;"),
        ("&#0;Zero", "&#0;Zero"),
    ],
)
def test_character_references_decode_as_in_mediawiki(typed: str, name: str) -> None:
    assert decode_char_refs(typed) == name


def test_a_reference_to_markup_is_not_a_name() -> None:
    assert normalize_user("Ann&#60;b&#62;") is None
    assert normalize_user("Ann&#35;frag") == "Ann"  # '#' starts a fragment, as in a link

"""Words in any script: Unicode word segmentation (UAX #29) by ICU, the only user of PyICU.

Splitting on spaces undercounts every script that writes none between words: a
Chinese article of 300 words came out as 55, a Thai one of 280 as 78 (and Thai words
were also cut at their vowel and tone marks). ICU's word ``BreakIterator`` is the
standard answer: the UAX #29 rules for scripts with spaces (Latin, Cyrillic, Arabic,
Devanagari, Georgian, ...) and dictionary segmentation for those without (Chinese,
Japanese, Thai, Lao, Khmer, Burmese). We count the segments ICU marks as words
(letters, numbers, kana, ideographs), never punctuation, spaces, symbols or emoji.

Two house rules sit on top, so the counts of en, ru and tt text stay what the
contract (§2) and ``docs/scoring.md`` promised before:

* a hyphen or an apostrophe between two words keeps them one word (``Нижне-Камск``,
  ``well-known``, ``1990's``): UAX #29 breaks at a hyphen, and at an apostrophe
  after a digit;
* a full stop or a middle dot between two letters separates words (``т.е.`` is the
  two words "то есть", ``U.S.`` two), and so does a semicolon between digits: UAX #29
  would join them. A decimal point or comma between two digits keeps a number one
  word in both (``425.3``, ``3,5``, ``1,000,000``).

``_`` is not a letter (``snake_case`` is 2 words), unlike in UAX #29, and neither is
``@``, which ICU counts as one to keep e-mail addresses whole (a lone ``@`` would be a
word). A segment is a word only if it holds a letter or a digit.
"""

from __future__ import annotations

import re

import icu

# Rule statuses of a word segment (ICU's UWordBreak): numbers 100-199, letters 200-299,
# kana 300-399, ideographs 400-499. Below 100: spaces, punctuation, symbols, emoji.
_WORD_STATUS_MIN = 100
_WORD_STATUS_END = 500
_JOINERS = frozenset("-\u2010\u2011'\u2019")
"""Hyphen-minus, hyphen, non-breaking hyphen, apostrophe, right single quotation mark."""
_SEPARATORS = frozenset(".\u00b7\u0387\u2027\ufe52\uff0e;")
"""Full stops and middle dots that UAX #29 lets join letters (``e.g``, ``l·l``): they
separate words unless they stand between two digits (``425.3``); and the semicolon it
lets join digits (``1;2``, as the Greek question mark), which always separates."""

_NOT_LETTERS = str.maketrans({"_": " ", "@": " "})
_JOINERS_PLAIN = "-'\u2019\u2010\u2011"  # :data:`_JOINERS`, in the order a character class needs
_ALNUM = re.compile(r"[^\W_]")
_SEPARATOR = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]")


# The plain case, counted without ICU: text of Latin (Basic, Latin-1, Extended-A) and Cyrillic
# letters, ASCII digits, spaces and common punctuation. There UAX #29 and the house rules come
# down to this: a word is a run of letters and digits, and two runs are one word when a single
# apostrophe or hyphen stands between them, or a full stop or comma between two digits
# (``rock'n``, ``1990's``, ``Нижне-Камск``, ``425.3``, ``1,000``); every other character
# separates words (CLDR's root rules do not join letters over a colon). ``tests/unit/
# test_words.py`` checks it against ICU on every short string of these characters' kinds and
# on each character of the set in every context. Anything else goes to ICU.
_LETTERS = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u0400-\u0481\u048a-\u04ff"
_PLAIN_OTHER = (" \t\n\u00a0!\"#$%&()*+/<=>?[\\]^`{|}~\u00ab\u00bb\u2013\u2014\u201c\u201d\u201e\u2026\u2116"
                ".,;:'\u2019-\u2010\u2011")
_NOT_PLAIN = re.compile(f"[^{_LETTERS}0-9{re.escape(_PLAIN_OTHER)}]")
_APART = str.maketrans(dict.fromkeys(_PLAIN_OTHER, " "))  # plain text -> its runs of letters and digits
# A joiner, a full stop or a comma with a letter or digit on each side (the full stop and the
# comma join only digits).
_BETWEEN = re.compile(f"[{re.escape(_JOINERS_PLAIN)}.,](?<=[{_LETTERS}0-9].)(?=[{_LETTERS}0-9])")


def count_words(text: str) -> int:
    """How many words a reader sees in plain text, in any script."""
    text = text.translate(_NOT_LETTERS)
    if _NOT_PLAIN.search(text):
        return len(words(text))
    # The plain case: the same count, without ICU (several times faster).
    count = len(text.translate(_APART).split())
    for m in _BETWEEN.finditer(text):
        i = m.start()
        if text[i] not in ".," or ("0" <= text[i - 1] <= "9" and "0" <= text[i + 1] <= "9"):
            count -= 1
    return count


def words(text: str) -> list[str]:
    """The words of plain text, in order (see the module docstring for what a word is)."""
    text = text.translate(_NOT_LETTERS)
    ustr = icu.UnicodeString(text)
    # ICU counts in UTF-16 units; without characters beyond the BMP they are str indices,
    # and slicing the str is much faster than slicing the UnicodeString.
    same = len(ustr) == len(text)
    breaks = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    breaks.setText(ustr)
    found: list[str] = []
    joining = False  # the last segment was a joiner right after a word
    after_word = False
    start = breaks.first()
    for end in breaks:
        status = breaks.getRuleStatus()
        if _WORD_STATUS_MIN <= status < _WORD_STATUS_END:
            segment = text[start:end] if same else str(ustr[start:end])
            if segment.isalnum() or _ALNUM.search(segment):
                pieces = _split_letters(segment)
                if joining and found:
                    found[-1] += pieces[0]
                    found.extend(pieces[1:])
                else:
                    found.extend(pieces)
                after_word, joining = True, False
                start = end
                continue
        if after_word and end - start == 1 and (segment := text[start] if same
                                                 else str(ustr[start:end])) in _JOINERS:
            found[-1] += segment
            after_word, joining = False, True
        else:
            if joining:  # "Нижне- и" : the hyphen was not between two words
                found[-1] = found[-1][:-1]
            after_word = joining = False
        start = end
    if joining:
        found[-1] = found[-1][:-1]
    return found


def _split_letters(segment: str) -> list[str]:
    """Split a word segment at a full stop, middle dot or semicolon not between two digits."""
    if not _SEPARATOR.search(segment):
        return [segment]
    pieces: list[str] = []
    current = ""
    last = len(segment) - 1
    for i, c in enumerate(segment):
        if c == ";" or (
            c in _SEPARATORS
            and not (0 < i < last and segment[i - 1].isdigit() and segment[i + 1].isdigit())
        ):
            pieces.append(current)
            current = ""
        else:
            current += c
    pieces.append(current)
    return [p for p in pieces if p]

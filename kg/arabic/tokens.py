"""Tokens of Arabic (and mixed) news text, with offsets into the original text.

A token is a word (a run of Arabic letters, with their diacritics and tatweel), a number
(``2024``, ``11.5``, ``١٤٣٦``), a run of other letters and digits (``G20``, ``Reuters``), or a
single punctuation mark (``«`` ``،`` ``(`` …; a run of dots ``...`` is one token). Words are
split from glued digits and marks, so ``2015م`` is ``2015`` + ``م`` and ``لـ«`` is ``لـ`` + ``«``.
``Token.text`` is always ``text[begin:end]``; ``Token.norm`` is for matching only.

:func:`stems` lists the forms of a word with its proclitics stripped, for look-ups in
lexicons: conjunction (و ف), then preposition (ب ل ك) or future marker (س), then article (ال).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.arabic.normalise import normalise_word

# Arabic letters (base block, extended blocks, presentation forms) plus tatweel; marks that
# may follow a letter inside a word (harakat, superscript alef, Quranic marks).
_LETTER = (
    "\u0620-\u063f\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc"
)
_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08ca-\u08ff"
_TATWEEL = "\u0640"
_TOKEN = re.compile(
    rf"(?P<num>\d+(?:[.,٫٬]\d+)*)"  # 2024, 11.5, 1,000, ٣٫٥
    rf"|(?P<ar>[{_LETTER}{_TATWEEL}][{_LETTER}{_TATWEEL}{_MARK}]*)"  # Arabic word
    rf"|(?P<other>(?:(?![{_LETTER}{_TATWEEL}])[^\W_])+)"  # Latin and other scripts, G20
    r"|(?P<dots>\.{2,})"  # ellipsis written as dots
    r"|(?P<punct>[^\s\u061c\u200b-\u200f\u2066-\u2069\ufeff])",  # any other visible character
)


_normalised = functools.lru_cache(maxsize=1 << 17)(normalise_word)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``text`` is exactly ``document.text[begin:end]``."""

    text: str
    begin: int
    end: int
    norm: str
    is_word: bool


def tokenise(text: str, begin: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[begin:end]``, with offsets into ``text``."""
    stop = len(text) if end is None else end
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text, begin, stop):
        surface = match.group()
        kind = match.lastgroup
        tokens.append(
            Token(
                text=surface,
                begin=match.start(),
                end=match.end(),
                norm=_normalised(surface),
                is_word=kind in ("num", "ar", "other"),
            )
        )
    return tokens


_MIN_STEM = 2  # never strip a word down to fewer letters than this
_CONJUNCTIONS = frozenset("وف")
_PREPOSITIONS = frozenset("بلك")
_FUTURE_NEXT = frozenset("يتناأ")  # present-tense prefixes that may follow the future س
_ARTICLE = "ال"


@functools.lru_cache(maxsize=1 << 16)
def stems(norm_word: str) -> tuple[str, ...]:
    """The word, then its proclitic-stripped forms, barest last: ``بالرئيس`` → ``(بالرئيس, الرئيس, رئيس)``.

    Forms are candidates for look-ups, not an analysis: ``وزير`` also yields ``زير``. The
    order is by how much is stripped: the word itself first, then without a conjunction,
    then without a preposition (or future س), and the form without the article last.
    ``ل`` + ``ال`` is written ``لل``: ``للرئيس`` yields ``الرئيس`` and ``رئيس`` (and, last,
    ``لرئيس`` for ``ل`` + a word beginning with ``ل``, as in ``للبنان`` → ``لبنان``).
    """
    forms: dict[str, None] = {norm_word: None}
    bases = [norm_word]
    if norm_word[:1] in _CONJUNCTIONS and len(norm_word) - 1 >= _MIN_STEM:
        bases.append(norm_word[1:])
        forms[norm_word[1:]] = None
    for base in bases:
        for form in _after_conjunction(base):
            forms.setdefault(form, None)
    return tuple(forms)


def _after_conjunction(base: str) -> list[str]:
    """Forms of ``base`` (already without its conjunction) with preposition/future/article stripped."""
    found: list[str] = []
    first = base[:1]
    if first == "س" and base[1:2] in _FUTURE_NEXT and len(base) - 1 >= _MIN_STEM + 1:
        found.append(base[1:])
    elif base.startswith("لل") and len(base) - 2 >= _MIN_STEM:
        found.append(_ARTICLE + base[2:])
        found.append(base[2:])
        found.append(base[1:])
    elif first in _PREPOSITIONS and len(base) - 1 >= _MIN_STEM:
        rest = base[1:]
        found.append(rest)
        if rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_STEM:
            found.append(rest[2:])
    if base.startswith(_ARTICLE) and len(base) - 2 >= _MIN_STEM:
        found.append(base[2:])
    return found


def without_article(norm_word: str) -> str:
    """``norm_word`` without a leading ``ال`` (if at least two letters remain)."""
    if norm_word.startswith(_ARTICLE) and len(norm_word) - 2 >= _MIN_STEM:
        return norm_word[2:]
    return norm_word

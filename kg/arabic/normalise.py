"""Normalisation of Arabic for matching only: offsets always index the original text.

Alef forms (أ إ آ ٱ) → ا, alef maksura ى → ي, teh marbuta ة → ه, hamza carriers ؤ ئ → و ي,
tatweel and diacritics removed, Latin lower-cased, white space collapsed.
"""

from __future__ import annotations

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTER_VARIANTS = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ة", "ه"),
    ("ؤ", "و"),
    ("ئ", "ي"),
)
_SPACE = re.compile(r"\s+")


def normalise_word(word: str) -> str:
    """One word (or any string) normalised, white space untouched."""
    out = _DIACRITICS.sub("", word)
    for variant, plain in _LETTER_VARIANTS:  # str.replace: ~30x faster than translate on a line
        out = out.replace(variant, plain)
    return out.lower()


def normalise(text: str) -> str:
    """``text`` normalised for comparison, white space collapsed and trimmed."""
    return _SPACE.sub(" ", normalise_word(text)).strip()

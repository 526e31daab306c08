"""Sentence splitting for Arabic news text, with spans into the original text.

Every line break ends a sentence. Inside a line, a sentence ends at ``.`` ``!`` ``?`` ``؟``
(with any closing quotes or brackets that follow), but not:

- inside a closed «…», “…” or "…" quotation (a straight quote followed by a space opens
  none: it closes one begun on an earlier line) of at most 400 characters (a longer or unclosed
  one falls back to ordinary splitting); a quotation that itself ends with a full stop
  (``«…نعم.» وأضاف``) ends the sentence when a word follows it;
- after an abbreviation from ``kg/data/abbreviations.tsv`` (``د.`` ``أ.ف.ب``), except a
  one-letter one after a number (``2015 م.`` ends a sentence);
- inside a number (``3.5``), or at a dot glued to a short letter run (``سي.بي.سي``);
- at an ellipsis (``...`` ``…``): Arabic has no capitals to tell a new sentence, so only the
  line break after it ends one. A doubled dot (``..``), which this press puts between
  sentences, does end one.

``؛`` strings clauses together in Arabic news and does not end a sentence. A dot glued to
the next word after a real word (``الرمادي.وقال``, common in scraped text) does.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from kg.arabic.normalise import normalise_word
from kg.model import Span

_ABBREVIATIONS_PATH = Path(__file__).resolve().parents[1] / "data" / "abbreviations.tsv"
_MAX_QUOTE = 400  # a "quotation" longer than this is more likely an unbalanced mark
_OPENERS = {"«": "»", "“": "”", '"': '"'}
_CLOSERS = frozenset("»\"”’')]}")
_STRONG = frozenset("!?؟")
_AFTER_CLOSING = frozenset(".,،؛:;!?؟)]»”")
_NO_BREAK_BEFORE = frozenset('(«“"[')  # a token's left edge when looking back from a dot
_EDGE_SPACE = " \t\u00a0\u061c\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_CANDIDATE = re.compile(r"[«“\"]|[.!?؟…\u06d4]+")
_GUILLEMET = re.compile(r"[«»]")
_ARABIC_WORD = re.compile(r"[\u0620-\u064a\u0671-\u06d3\u0640]{3,}")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")


@functools.cache
def _abbreviations() -> frozenset[str]:
    """The normalised abbreviations of ``abbreviations.tsv`` (header ``abbreviation``)."""
    lines = _ABBREVIATIONS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(normalise_word(line.split("\t")[0].strip()) for line in lines[1:] if line.strip())


def sentences(text: str, begin: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text[begin:end]``, trimmed of white space, as spans into ``text``."""
    stop = len(text) if end is None else end
    found: list[Span] = []
    for line in _LINE.finditer(text, begin, stop):
        _split_line(text, line.start(), line.end(), found)
    return found


def _split_line(text: str, lo: int, hi: int, found: list[Span]) -> None:
    """Append the sentences of the line ``text[lo:hi]`` to ``found``."""
    start = lo
    skip_until = lo
    inert: set[int] = set()  # closing marks of over-long quotations, not openers
    for match in _CANDIDATE.finditer(text, lo, hi):
        at, after = match.span()
        if at < skip_until or at in inert:
            continue
        mark = match.group()
        if mark in _OPENERS:
            if mark == '"' and not _opens(text, at, hi):
                continue  # a closing mark whose opener is on an earlier line
            close = _closing(text, at, hi)
            if close is None:
                continue
            if close - at > _MAX_QUOTE:
                inert.add(close)
                continue
            skip_until = close + 1
            if _ends_sentence(text, at + 1, close) and _word_follows(text, close + 1, hi):
                _emit(text, start, close + 1, found)
                start = close + 1
            continue
        if not _is_break(text, mark, at, lo, hi):
            continue
        cut = after
        while cut < hi and text[cut] in _CLOSERS:
            cut += 1
        _emit(text, start, cut, found)
        start = cut
        skip_until = cut
    _emit(text, start, hi, found)


def _closing(text: str, at: int, hi: int) -> int | None:
    """Where the quotation opened at ``at`` closes within the line, if it does."""
    opener = text[at]
    if opener == "«":
        depth = 0
        for mark in _GUILLEMET.finditer(text, at, hi):
            depth += 1 if mark.group() == "«" else -1
            if depth == 0:
                return mark.start()
        return None
    closer = _OPENERS[opener]
    close = text.find(closer, at + 1, hi)
    while closer == '"' and close > 0 and text[close - 1].isspace():
        close = text.find(closer, close + 1, hi)  # " opening a later quotation, not closing this
    return None if close < 0 else close


def _opens(text: str, at: int, hi: int) -> bool:
    """Whether the straight quote at ``at`` can open a quotation (a word or mark follows)."""
    return at + 1 < hi and not text[at + 1].isspace() and text[at + 1] not in _AFTER_CLOSING


def _ends_sentence(text: str, begin: int, end: int) -> bool:
    """Whether the quoted text ``text[begin:end]`` ends with a full stop, ! or ? (not an ellipsis)."""
    inner = text[begin:end].rstrip()
    if not inner:
        return False
    last = inner[-1]
    return last in _STRONG or (last in ".\u06d4" and not inner.endswith(".."))


def _word_follows(text: str, at: int, hi: int) -> bool:
    """Whether a word or a new quotation (not punctuation) follows ``at`` in the line."""
    while at < hi and text[at].isspace():
        at += 1
    return at < hi and (text[at].isalnum() or text[at] in _OPENERS)


def _is_break(text: str, mark: str, at: int, lo: int, hi: int) -> bool:
    """Whether the terminator run ``mark`` at ``at`` ends a sentence."""
    if any(c in _STRONG for c in mark):
        return True
    if len(mark) > 2 or "…" in mark:
        return False  # an ellipsis: only the line break after it ends a sentence
    if mark == "..":
        return True  # a doubled full stop, common in this press between sentences
    after = at + 1
    nxt = text[after] if after < hi else ""
    if nxt.isdigit():
        return False  # 3.5, 11.10.2024
    left = at
    while left > lo and not text[left - 1].isspace() and text[left - 1] not in _NO_BREAK_BEFORE:
        left -= 1
    word = text[left:at]
    if nxt and not nxt.isspace() and nxt not in _CLOSERS:
        # A dot glued to what follows: a real word then a new one (الرمادي.وقال) ends a sentence;
        # initials, abbreviations and addresses (سي.بي.سي, أ.ف.ب, spa.gov.sa) do not.
        return _ARABIC_WORD.fullmatch(word) is not None and _ARABIC_LETTER.match(nxt) is not None
    if normalise_word(word + ".") in _abbreviations():
        # A one-letter abbreviation after a number is a date suffix ending the sentence (2015 م.).
        return len(normalise_word(word)) == 1 and _number_before(text, left, lo)
    return not (word.isdigit() and text[lo:left].strip() == "")  # "1." numbering a list


def _number_before(text: str, at: int, lo: int) -> bool:
    """Whether the token before ``at`` (across white space) is a number."""
    at -= 1
    while at >= lo and text[at].isspace():
        at -= 1
    return at >= lo and text[at].isdigit()


def _emit(text: str, begin: int, end: int, found: list[Span]) -> None:
    """Append ``text[begin:end]`` trimmed, unless it is empty."""
    while begin < end and (text[begin].isspace() or text[begin] in _EDGE_SPACE):
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] in _EDGE_SPACE):
        end -= 1
    if begin < end:
        found.append(Span(begin, end, text[begin:end]))

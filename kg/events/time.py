"""Time expressions in a sentence, resolved against the article's published date.

What is found (the words come from ``kg/data/time.tsv``; the glue words below are grammar):

- explicit dates: ``11 أكتوبر 2024``, ``11 تشرين الأول 2024``, ``20 يوليو (تموز)``, ``الـ29 من
  يوليو``, ``11/10/2024``, ``2024-10-11``, ranges ``11 و12 نوفمبر`` / ``بين 22 و24 من الشهر
  الحالي`` (day = the first, ``start``/``end`` = the range); without a year, the published
  year (a date more than half a year the wrong side of publication moves a year, and
  ``الماضي``/``المقبل`` after the month pick the previous/next such month);
- Hijri dates ``10 شوال 1436هـ``, ``8 / 7 / 1436هـ``, converted with the tabular (arithmetic)
  Islamic calendar. Saudi dates follow Umm al-Qura, set by tables and sighting, so the two can
  differ by a day: 1 Ramadan 1436 is 18 June 2015 in both, but 10 Shawwal 1436 is 26 July 2015
  in Saudi Arabia and 27 July by the tabular rule. A weekday written beside the date
  (``الأحد (10 شوال 1436هـ)``) corrects such a one-day slip;
- weekdays ``الجمعة``, ``يوم الجمعة``, ``(الجمعة)``: for a past or present event the most
  recent such day on or before publication, for a planned one (``future=True``) the next on
  or after it; ``الجمعة الماضي``/``المقبل`` are strictly before/after;
- relative days ``اليوم``, ``أمس``, ``غداً``, ``أمس الأول``, with a weekday beside them
  (``اليوم (الاثنين)``, ``أمس الخميس``) as one expression. When the two disagree the weekday
  wins (its occurrence from 4 days before to 2 after the relative day): in the 2015 Saudi
  corpus every disagreement (27 of 150) comes from a published date a day or two after the
  writing (print editions, crawl dates), e.g. ``غداً الخميس`` in a paper dated Thursday;
- ranges with no day: ``الأسبوع الماضي`` (Monday to Sunday), ``الشهر الحالي``, ``العام الماضي``,
  a month ``في يونيو الماضي``, ``شهر رمضان`` (without a year: for a past event the latest
  that has begun by publication, for a planned one the next not long over), a year
  ``عام 2025``/``لعام 2025``/``2015م``. Vaguer table ranges (``الأيام الماضية``) are found
  with no dates.

Without a published date, relative expressions are still found but fix nothing; explicit
full dates and years still do.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.arabic.normalise import normalise_word
from kg.arabic.tokens import Token, stems, tokenise
from kg.model import Span, TimeExpression

_TIME_TABLE = Path(__file__).resolve().parents[1] / "data" / "time.tsv"


def _norms(*words: str) -> frozenset[str]:
    return frozenset(normalise_word(w) for w in words)


# Grammar glue around the table's words (normalised on use).
_DAY_WORD = _norms("يوم")  # يوم الجمعة, يوم أمس
_YEAR_WORDS = _norms("عام", "سنة")  # matched through stems: العام, لعام, وعام
_OF = _norms("من")  # 22 من الشهر الحالي, من عام 2015
_MONTH_WORD = _norms("شهر")  # 22 من شهر يوليو, شهر رمضان
_RANGE_JOINERS = _norms("و", "-", "–", "إلى", "الى", "حتى")  # 11 و12 نوفمبر, 11-13 نوفمبر
_PAST = _norms("الماضي", "الماضية", "الفائت", "الفائتة", "المنصرم", "المنصرمة", "السابق", "السابقة")
_NEXT = _norms("المقبل", "المقبلة", "القادم", "القادمة")
_CURRENT = _norms("الحالي", "الحالية", "الجاري", "الجارية")
_GREGORIAN_ERA = _norms("م")  # 2015م
_HIJRI_ERA = _norms("هـ", "ه")  # 1436هـ
# A bare month name (no day, no year) counts only after one of these: مارس is also a verb.
_MONTH_CUES = _norms(
    "في", "منذ", "خلال", "حتى", "شهر", "مطلع", "أوائل", "أواسط", "منتصف", "أواخر", "بداية",
    "نهاية", "قبل", "بعد", "بحلول", "من", "مع", "أشهر",
)  # fmt: skip
_YEAR_CUES = _norms("في", "منذ", "خلال", "حتى", "بحلول", "مطلع", "نهاية", "بداية", "أواخر", "قبل", "بعد")
_GREGORIAN_YEARS = range(1900, 2101)
_HIJRI_YEARS = range(1300, 1601)
_HALF_YEAR = dt.timedelta(days=183)
_DAY = dt.timedelta(days=1)
_SLASH = frozenset("/")
_RANGE_LABEL = re.compile(r"(last|this|next)_(week|month|year)")


@dataclass(frozen=True, slots=True)
class _Word:
    """What a word (or phrase) of ``time.tsv`` means."""

    kind: str  # month | weekday | relative_day | relative_range | hijri_month
    value: str


@dataclass(frozen=True, slots=True)
class _Table:
    """``time.tsv`` keyed by normalised token tuples."""

    phrases: dict[tuple[str, ...], _Word]
    first_words: frozenset[str]
    longest: int
    starters: frozenset[str]  # words an expression may begin with, besides numbers


@functools.cache
def _table() -> _Table:
    """``time.tsv`` (columns word, kind, value, notes), read once."""
    lines = _TIME_TABLE.read_text(encoding="utf-8").splitlines()
    header = [c.strip() for c in lines[0].split("\t")]
    word_at, kind_at, value_at = header.index("word"), header.index("kind"), header.index("value")
    phrases: dict[tuple[str, ...], _Word] = {}
    for line in lines[1:]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) <= max(word_at, kind_at, value_at) or not cells[word_at] or line.startswith("#"):
            continue
        meaning = _Word(cells[kind_at], cells[value_at])
        key = tuple(t.norm for t in tokenise(cells[word_at]))
        if key and _valid(meaning):
            phrases.setdefault(key, meaning)
    first_words = frozenset(k[0] for k in phrases)
    longest = max((len(k) for k in phrases), default=1)
    return _Table(phrases, first_words, longest, first_words | _DAY_WORD | _YEAR_WORDS | {"ال"})


_VALUES = {
    "month": range(1, 13),
    "hijri_month": range(1, 13),
    "weekday": range(7),
    "relative_day": range(-7, 8),
}


def _valid(meaning: _Word) -> bool:
    """Whether a table row has a kind this module reads and a value of that kind."""
    if meaning.kind == "relative_range":
        return bool(meaning.value)
    values = _VALUES.get(meaning.kind)
    return (
        values is not None
        and re.fullmatch(r"[+-]?\d+", meaning.value) is not None
        and int(meaning.value) in values
    )


# --- calendars -------------------------------------------------------------------------------

_ISLAMIC_EPOCH = dt.date(622, 7, 19).toordinal()  # 1 Muharram 1 AH (16 July 622 Julian)


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Hijri date, by the tabular Islamic calendar (may differ by a day)."""
    return dt.date.fromordinal(_hijri_ordinal(year, month, day))


def gregorian_to_hijri(date: dt.date) -> tuple[int, int, int]:
    """The tabular Hijri (year, month, day) of a Gregorian date."""
    fixed = date.toordinal()
    year = (30 * (fixed - _ISLAMIC_EPOCH) + 10646) // 10631
    month = min(12, (11 * (fixed - _hijri_ordinal(year, 1, 1)) + 330) // 325)
    return year, month, fixed - _hijri_ordinal(year, month, 1) + 1


def _hijri_ordinal(year: int, month: int, day: int) -> int:
    # Months alternate 30 and 29 days (Dhu al-Hijja 30 in a leap year); 11 leap years in 30.
    return (
        _ISLAMIC_EPOCH
        - 1
        + (year - 1) * 354
        + (3 + 11 * year) // 30
        + 29 * (month - 1)
        + (6 * month - 1) // 11
    ) + day


def _hijri_month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = _hijri_ordinal(year, month, 1)
    following = _hijri_ordinal(year + month // 12, month % 12 + 1, 1)
    return dt.date.fromordinal(first), dt.date.fromordinal(following - 1)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def resolve_weekday(weekday: int, published: dt.date, future: bool) -> dt.date:
    """The day named by a weekday (0 = Monday): latest on or before ``published``, or next on or after."""
    if future:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _range_of(label: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    """The dates a ``relative_range`` label (``last_week`` …) covers around ``published``."""
    match = _RANGE_LABEL.fullmatch(label)
    if match is None:
        return None
    shift = {"last": -1, "this": 0, "next": 1}[match.group(1)]
    unit = match.group(2)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + shift
        return _month_range(index // 12, index % 12 + 1)
    year = published.year + shift
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- matching --------------------------------------------------------------------------------

_DOTTED_DATE = re.compile(r"\d{1,4}\.\d{1,2}\.\d{1,4}")  # one token: 11.10.2024


@dataclass(frozen=True, slots=True)
class _Found:
    """A time expression over tokens ``[first, stop)``."""

    first: int
    stop: int
    day: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    hijri: bool = False  # read from the tabular Hijri calendar


class _Reader:
    """The tokens of one sentence, read against the time table.

    Each public-looking method reads one kind of expression starting at token ``at`` and
    returns it, or None.
    """

    def __init__(self, tokens: Sequence[Token], published: dt.date | None, future: bool) -> None:
        self.tokens = tokens
        self.published = published
        self.future = future
        self.table = _table()
        self._hits: dict[int, list[tuple[_Word, int]]] = {}

    # -- token tests

    def norm(self, at: int) -> str:
        return self.tokens[at].norm if 0 <= at < len(self.tokens) else ""

    def has(self, at: int, words: frozenset[str]) -> bool:
        """Whether token ``at`` is one of ``words``, allowing proclitics."""
        if not 0 <= at < len(self.tokens) or not self.tokens[at].is_word:
            return False
        return any(form in words for form in stems(self.tokens[at].norm))

    def number(self, at: int) -> int | None:
        if 0 <= at < len(self.tokens) and self.tokens[at].text.isdigit():
            return int(self.tokens[at].text)  # int() reads Arabic-Indic digits too
        return None

    def word(self, at: int, *kinds: str) -> tuple[_Word, int] | None:
        """The longest table phrase of one of ``kinds`` at ``at``, and where it stops."""
        hits = self._hits.get(at)
        if hits is None:
            hits = self._hits[at] = self._phrases_at(at)
        return next(((w, stop) for w, stop in hits if w.kind in kinds), None)

    def _phrases_at(self, at: int) -> list[tuple[_Word, int]]:
        """Every table phrase starting at ``at`` (its first word may carry proclitics), longest first."""
        tokens = self.tokens
        if not 0 <= at < len(tokens) or not tokens[at].is_word:
            return []
        firsts = [form for form in stems(tokens[at].norm) if form in self.table.first_words]
        hits: list[tuple[_Word, int]] = []
        for size in range(min(self.table.longest, len(tokens) - at), 0, -1):
            rest = tuple(t.norm for t in tokens[at + 1 : at + size])
            for first in firsts:
                found = self.table.phrases.get((first, *rest))
                if found is not None:
                    hits.append((found, at + size))
        return hits

    # -- dates

    def numeric_date(self, at: int) -> _Found | None:
        """``11/10/2024``, ``2024-10-11``, ``11.10.2024``."""
        text = self.tokens[at].text
        if not text[0].isdigit():
            return None
        if _DOTTED_DATE.fullmatch(text):
            parts = [int(p) for p in text.split(".")]
            stop = at + 1
        else:
            sep = self.norm(at + 1)
            numbers = [self.number(at + 2 * k) for k in range(3)]
            if sep not in ("/", "-") or self.norm(at + 3) != sep:
                return None
            parts = [n for n in numbers if n is not None]
            if len(parts) < 3:
                return None
            stop = at + 5
        year, month, day = (parts[0], parts[1], parts[2]) if parts[0] > 31 else (parts[2], parts[1], parts[0])
        if year in _HIJRI_YEARS:  # 8 / 7 / 1436هـ
            if self.has(stop, _HIJRI_ERA):
                stop += 1
            return self._days(at, stop, year, month, (day, day), hijri=True)
        if year not in _GREGORIAN_YEARS:
            return None
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if self.has(stop, _GREGORIAN_ERA):
            stop += 1
        return _Found(at, stop, date, date, date)

    def named_date(self, at: int) -> _Found | None:
        """``11 أكتوبر 2024``, ``الـ29 من يوليو``, ``11 و12 نوفمبر``, ``22 من الشهر الحالي``, ``10 شوال``."""
        k = at + 1 if self.norm(at) == "ال" else at  # الـ29
        first = self.number(k)
        if first is None or not 1 <= first <= 31:
            return None
        k += 1
        last = first
        second = self.number(k + 1) if self.norm(k) in _RANGE_JOINERS else None
        if second is not None and first < second <= 31:
            last, k = second, k + 2
        k = self._skip(k, _OF)
        k = self._skip(k, _SLASH)  # 7 / يوليو /2015
        k = self._skip(k, _MONTH_WORD)
        month = self.word(k, "month", "hijri_month", "relative_range")
        if month is None:
            return None
        meaning, k = month
        if meaning.kind == "relative_range":  # 22 من الشهر الحالي
            if not meaning.value.endswith("_month"):
                return None
            if self.published is None:
                return _Found(at, k)
            covered = _range_of(meaning.value, self.published)
            if covered is None:
                return _Found(at, k)
            return self._days(at, k, covered[0].year, covered[0].month, (first, last), hijri=False)
        hijri = meaning.kind == "hijri_month"
        k = self._gloss(k)
        year, k = self._year(k, hijri)
        shift, k = self._modifier(k)
        number = int(meaning.value)
        if year is None:
            if self.published is None:
                return _Found(at, k)
            year = self._year_of_month(number, shift, hijri, first)
        return self._days(at, k, year, number, (first, last), hijri)

    def _days(self, at: int, stop: int, year: int, month: int, days: tuple[int, int], hijri: bool) -> _Found:
        """Days ``days`` (first, last) of a month as a found expression (no dates if invalid)."""
        try:
            if hijri:
                if not 1 <= month <= 12 or not 1 <= days[0] <= days[1] <= 30:
                    return _Found(at, stop)
                start, end = (hijri_to_gregorian(year, month, d) for d in days)
            else:
                start, end = (dt.date(year, month, d) for d in days)
        except ValueError:
            return _Found(at, stop)
        return _Found(at, stop, start, start, end, hijri)

    def _year_of_month(
        self, month: int, shift: int | None, hijri: bool, day: int = 1, slack: dt.timedelta = _HALF_YEAR
    ) -> int:
        """The year of a month named without one (Hijri year for a Hijri month).

        ``shift`` is -1 for الماضي (the last such month before this one), 1 for المقبل, 0 for
        الحالي and None for nothing: then the published year, unless that puts a past event
        more than ``slack`` after publication (the year before) or a planned one more than
        ``slack`` before it (the year after).
        """
        assert self.published is not None
        if hijri:
            year, now, _ = gregorian_to_hijri(self.published)
        else:
            year, now = self.published.year, self.published.month
        if shift is not None:
            if shift < 0:
                return year if month < now else year - 1
            if shift > 0:
                return year if month > now else year + 1
            return year
        if hijri:
            candidate = hijri_to_gregorian(year, month, min(day, 29))
        else:
            candidate = dt.date(year, month, min(day, 28))
        if not self.future and candidate - self.published > slack:
            return year - 1
        if self.future and self.published - candidate > slack:
            return year + 1
        return year

    def _skip(self, at: int, words: frozenset[str]) -> int:
        return at + 1 if self.norm(at) in words else at

    def _gloss(self, at: int) -> int:
        """Past a second name of the month: ``يوليو (تموز)``, ``أبريل/ نيسان``, ``مارس آذار``."""
        bracketed = self.norm(at) in ("(", "/")
        gloss = self.word(at + 1 if bracketed else at, "month")
        if gloss is None:
            return at
        stop = gloss[1]
        return stop + 1 if self.norm(at) == "(" and self.norm(stop) == ")" else stop

    def _year(self, at: int, hijri: bool) -> tuple[int | None, int]:
        """An optional year after a month: ``2024``, ``من عام 2015``, ``/2015 م``, ``1436هـ``."""
        k = self._skip(at, _SLASH)
        comma = self.norm(k) in ("،", ",")
        k = self._skip(k + 1 if comma else k, _OF)
        if self.has(k, _YEAR_WORDS):
            k += 1
        elif comma:
            return None, at  # "يوليو، 2000 شخص": a comma alone does not bring a year
        year = self.number(k)
        if year is None or year not in (_HIJRI_YEARS if hijri else _GREGORIAN_YEARS):
            return None, at
        k += 1
        if self.has(k, _HIJRI_ERA if hijri else _GREGORIAN_ERA):
            k += 1
        return year, k

    def _modifier(self, at: int) -> tuple[int | None, int]:
        """``الماضي`` (-1), ``المقبل`` (1), ``الحالي`` (0) or nothing (None), and where it stops."""
        for words, shift in ((_PAST, -1), (_NEXT, 1), (_CURRENT, 0)):
            if self.has(at, words):
                return shift, at + 1
        return None, at

    # -- days named relative to publication

    def relative_day(self, at: int) -> _Found | None:
        """``اليوم``, ``يوم أمس``, ``أمس الخميس``, ``اليوم (الاثنين)``, ``غداً``."""
        found = self.word(at, "relative_day") or self._after_day_word(at, "relative_day")
        if found is None:
            return None
        meaning, k = found
        named, k = self._weekday_beside(k)
        if self.published is None:
            return _Found(at, k)
        day = self.published + dt.timedelta(days=int(meaning.value))
        if named is not None:
            # The published date often runs a day or two after the writing (print editions,
            # crawls): the weekday, written with the text, places the day, looking back first.
            day += dt.timedelta(days=(named - day.weekday() + 4) % 7 - 4)
        return _Found(at, k, day, day, day)

    def _after_day_word(self, at: int, kind: str) -> tuple[_Word, int] | None:
        """A table word of ``kind`` after ``يوم`` (``يوم أمس``, ``يوم الجمعة``)."""
        return self.word(at + 1, kind) if self.has(at, _DAY_WORD) else None

    def _weekday_beside(self, at: int) -> tuple[int | None, int]:
        """A weekday naming the same day (``اليوم الجمعة``, ``أمس (الخميس)``), and where it stops."""
        if self.norm(at) == "(":
            named = self.word(at + 1, "weekday")
            if named is not None and self.norm(named[1]) == ")":
                return int(named[0].value), named[1] + 1
            return None, at
        named = self.word(at, "weekday")
        return (None, at) if named is None else (int(named[0].value), named[1])

    def weekday(self, at: int) -> _Found | None:
        """``الجمعة``, ``يوم الجمعة``, ``الجمعة المقبل``, ``الأحد (10 شوال 1436هـ)``."""
        found = self.word(at, "weekday") or self._after_day_word(at, "weekday")
        if found is None:
            return None
        meaning, k = found
        shift, k = self._modifier(k)
        dated = self._date_after(k)
        if dated is not None and dated.day is not None:
            # The tabular Hijri calendar can be a day off the official one: the weekday settles it.
            slip = (int(meaning.value) - dated.day.weekday() + 3) % 7 - 3
            if not dated.hijri or abs(slip) > 1:
                slip = 0
            day, start, end = (_moved(d, slip) for d in (dated.day, dated.start, dated.end))
            return _Found(at, dated.stop, day, start, end)
        if self.published is None:
            return _Found(at, k)
        weekday = int(meaning.value)
        if shift is not None and shift < 0:
            day = resolve_weekday(weekday, self.published - _DAY, future=False)
        elif shift is not None and shift > 0:
            day = resolve_weekday(weekday, self.published + _DAY, future=True)
        else:
            day = resolve_weekday(weekday, self.published, self.future)
        return _Found(at, k, day, day, day)

    def _date_after(self, at: int) -> _Found | None:
        """A full date right after a weekday (``الجمعة 11 أكتوبر``), with its closing bracket."""
        opened = self.norm(at) in ("(", "،", ",")
        k = at + 1 if opened else at
        if k >= len(self.tokens) or not self.tokens[k].is_word:
            return None
        dated = self.named_date(k) or self.numeric_date(k)
        if dated is None or dated.day is None:
            return None
        stop = dated.stop + 1 if self.norm(at) == "(" and self.norm(dated.stop) == ")" else dated.stop
        return _Found(at, stop, dated.day, dated.start, dated.end, dated.hijri)

    # -- ranges

    def relative_range(self, at: int) -> _Found | None:
        """``الأسبوع الماضي``, ``الشهر الجاري``, ``العام الماضي``: a range, no day."""
        found = self.word(at, "relative_range")
        if found is None:
            return None
        meaning, k = found
        covered = _range_of(meaning.value, self.published) if self.published else None
        return _Found(at, k) if covered is None else _Found(at, k, None, *covered)

    def year(self, at: int) -> _Found | None:
        """``عام 2025``, ``لعام 2025``, ``2015م``, ``في 2015``, ``عام 1436 هـ``."""
        k = at + 1 if self.has(at, _YEAR_WORDS) else at
        year = self.number(k)
        if year is None:
            return None
        hijri = self.has(k + 1, _HIJRI_ERA)
        era = hijri or self.has(k + 1, _GREGORIAN_ERA)
        if k == at and not (era or self.has(at - 1, _YEAR_CUES)):
            return None
        stop = k + 2 if era else k + 1
        if hijri and year in _HIJRI_YEARS:
            return _Found(
                at, stop, None, hijri_to_gregorian(year, 1, 1), hijri_to_gregorian(year + 1, 1, 1) - _DAY
            )
        if hijri or year not in _GREGORIAN_YEARS:
            return None
        return _Found(at, stop, None, dt.date(year, 1, 1), dt.date(year, 12, 31))

    def month(self, at: int) -> _Found | None:
        """``في يونيو الماضي``, ``مايو 2003``, ``شهر رمضان``: the month as a range."""
        found = self.word(at, "month", "hijri_month")
        if found is None:
            return None
        meaning, k = found
        hijri = meaning.kind == "hijri_month"
        k = self._gloss(k)
        year, k = self._year(k, hijri)
        shift, k = self._modifier(k)
        number = int(meaning.value)
        if not 1 <= number <= 12 or (k == found[1] and not self.has(at - 1, _MONTH_CUES)):
            return None  # a bare name without a cue: مارس the verb, رمضان the name
        if year is None:
            if self.published is None:
                return _Found(at, k)
            # A month of a past event has begun by publication; one of a planned event is not long over.
            slack = dt.timedelta(days=31 if self.future else 0)
            year = self._year_of_month(number, shift, hijri, slack=slack)
        first, last = _hijri_month_range(year, number) if hijri else _month_range(year, number)
        return _Found(at, k, None, first, last)


def _moved(day: dt.date | None, days: int) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=days)


def find_times(
    text: str,
    sentence: Span,
    published: dt.date | None,
    *,
    future: bool = False,
    tokens: Sequence[Token] | None = None,
) -> list[TimeExpression]:
    """Every time expression in ``sentence`` (a span of ``text``), resolved against ``published``;
    ``tokens``, when given, are the sentence's (``tokenise(text, sentence.begin, sentence.end)``)."""
    if isinstance(published, dt.datetime):
        published = published.date()
    if tokens is None:
        tokens = tokenise(text, sentence.begin, sentence.end)
    reader = _Reader(tokens, published, future)
    readers: tuple[Callable[[int], _Found | None], ...] = (
        reader.numeric_date,
        reader.named_date,
        reader.relative_day,
        reader.weekday,
        reader.relative_range,
        reader.year,
        reader.month,
    )
    times: list[TimeExpression] = []
    at = 0
    starters = reader.table.starters
    while at < len(tokens):
        token = tokens[at]
        if not token.is_word or not (
            token.text[0].isdigit() or any(f in starters for f in stems(token.norm))
        ):
            at += 1  # cannot begin an expression
            continue
        for read in readers:
            found = read(at)
            if found is not None:
                surface = Span.of(text, tokens[found.first].begin, tokens[found.stop - 1].end)
                times.append(TimeExpression(surface, found.day, found.start, found.end))
                at = found.stop
                break
        else:
            at += 1
    return times


def best_time(times: list[TimeExpression]) -> TimeExpression | None:
    """The first expression that fixes a day, else the first with a range, else the first."""
    with_day = (t for t in times if t.day is not None)
    with_range = (t for t in times if t.start is not None)
    return next(with_day, None) or next(with_range, None) or next(iter(times), None)


def looks_ahead(time: TimeExpression) -> bool:
    """Whether the expression names a day after the one it is said on (غداً، بعد غد)."""
    words = tuple(t.norm for t in tokenise(time.surface.text) if t.is_word)
    table = _table()
    for size in range(min(table.longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            meaning = table.phrases.get(words[start : start + size])
            if meaning is not None and meaning.kind == "relative_day" and int(meaning.value) > 0:
                return True
    return False

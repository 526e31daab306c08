"""Time expressions, resolved against a published date (GUIDELINES.md, ``date``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.events.time import (
    best_time,
    find_times,
    gregorian_to_hijri,
    hijri_to_gregorian,
    resolve_weekday,
)
from kg.model import Span, TimeExpression

FRIDAY = dt.date(2024, 10, 11)  # published on a Friday
D = dt.date


def times(sentence: str, published: dt.date | None = FRIDAY, *, future: bool = False) -> list[TimeExpression]:
    """The times of ``sentence`` set inside a larger document, so offsets are tested too."""
    before = "مقدمة الخبر.\n"
    text = before + sentence + "\nخاتمة."
    span = Span.of(text, len(before), len(before) + len(sentence))
    found = find_times(text, span, published, future=future)
    for time in found:
        assert text[time.surface.begin : time.surface.end] == time.surface.text
        assert span.begin <= time.surface.begin < time.surface.end <= span.end
    return found


def only(sentence: str, published: dt.date | None = FRIDAY, *, future: bool = False) -> TimeExpression:
    found = times(sentence, published, future=future)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "surface", "day"),
    [
        ("أجرى الرئيس الروسي، الجمعة، محادثات مع نظيره", "الجمعة", D(2024, 10, 11)),
        ("وصل الوزير إلى عمّان (الجمعة) في زيارة", "الجمعة", D(2024, 10, 11)),
        ("وكان الوفد قد وصل يوم الخميس إلى القاهرة", "يوم الخميس", D(2024, 10, 10)),
        ("وتواصلت الاشتباكات والأحد في أطراف المدينة", "والأحد", D(2024, 10, 6)),
        ("وقصفت الطائرات المواقع السبت الماضي", "السبت الماضي", D(2024, 10, 5)),
        ("وقعت الهجمات الجمعة الماضية في الشمال", "الجمعة الماضية", D(2024, 10, 4)),
        ("ويزور الرئيس باريس الجمعة المقبل", "الجمعة المقبل", D(2024, 10, 18)),
    ],
)
def test_time_weekday_is_the_latest_on_or_before_publication(
    sentence: str, surface: str, day: dt.date
) -> None:
    found = only(sentence)
    assert (found.surface.text, found.day) == (surface, day)
    assert found.start == found.end == day


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("ومن المقرر أن يلتقي الجانبان الأحد في جدة", D(2024, 10, 13)),
        ("وتعقد القمة الجمعة بحضور القادة", D(2024, 10, 11)),
        ("ويعود الوفد الخميس إلى بلاده", D(2024, 10, 17)),
    ],
)
def test_time_weekday_of_a_planned_event_is_the_next(sentence: str, day: dt.date) -> None:
    assert only(sentence, future=True).day == day


@pytest.mark.parametrize(
    ("sentence", "surface", "day"),
    [
        ("وقال المتحدث أمس الخميس إن المحادثات مستمرة", "أمس الخميس", D(2024, 10, 10)),
        ("أعلنت الوزارة اليوم أن الحدود مغلقة", "اليوم", D(2024, 10, 11)),
        ("ويصل المبعوث غداً إلى بيروت", "غداً", D(2024, 10, 12)),
        ("ويصل المبعوث غدا السبت إلى بيروت", "غدا السبت", D(2024, 10, 12)),
        ("وكان قد صرح بالأمس بأن الوضع هادئ", "بالأمس", D(2024, 10, 10)),
        ("وجرى الاتصال يوم أمس بين الرئيسين", "يوم أمس", D(2024, 10, 10)),
        ("وكان الاجتماع أمس الأول في الدوحة", "أمس الأول", D(2024, 10, 9)),
        ("وكان الاجتماع أول من أمس في الدوحة", "أول من أمس", D(2024, 10, 9)),
        ("ووصل الوفد مساء أمس الخميس إلى الدوحة", "مساء أمس الخميس", D(2024, 10, 10)),
        ("وقال الوزير اليوم الجمعة إن الاتفاق قريب", "اليوم الجمعة", D(2024, 10, 11)),
        ("يبدأ الوزير اليوم (الجمعة) جولة خليجية", "اليوم (الجمعة)", D(2024, 10, 11)),
    ],
)
def test_time_relative_day_counts_from_publication(sentence: str, surface: str, day: dt.date) -> None:
    found = only(sentence)
    assert (found.surface.text, found.day) == (surface, day)


@pytest.mark.parametrize(
    ("sentence", "published", "day"),
    [
        ("ويلتقي الوزيران غداً الخميس في القاهرة", D(2015, 8, 6), D(2015, 8, 6)),  # dated Thursday
        ("وصرح المسؤول أمس (الاثنين) بأن الهدنة صامدة", D(2015, 7, 22), D(2015, 7, 20)),  # dated Wednesday
    ],
)
def test_time_weekday_beside_a_relative_day_wins_when_they_disagree(
    sentence: str, published: dt.date, day: dt.date
) -> None:
    assert only(sentence, published).day == day


@pytest.mark.parametrize(
    ("sentence", "surface", "start", "end"),
    [
        ("وتصاعدت الهجمات خلال الأسبوع الماضي في الجنوب", "الأسبوع الماضي", D(2024, 9, 30), D(2024, 10, 6)),
        ("ويعقد الاجتماع الأسبوع المقبل في الرياض", "الأسبوع المقبل", D(2024, 10, 14), D(2024, 10, 20)),
        ("وارتفعت الأسعار في الشهر الماضي بشكل حاد", "الشهر الماضي", D(2024, 9, 1), D(2024, 9, 30)),
        ("وتنتهي المهلة خلال الشهر الجاري", "الشهر الجاري", D(2024, 10, 1), D(2024, 10, 31)),
        ("وتراجعت الصادرات هذا العام بنسبة كبيرة", "هذا العام", D(2024, 1, 1), D(2024, 12, 31)),
        ("وكانت قد وقعت اتفاقاً مماثلاً العام الماضي", "العام الماضي", D(2023, 1, 1), D(2023, 12, 31)),
        ("وتبدأ المرحلة الثانية عام 2025 وفق الخطة", "عام 2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("ضمن موازنة الدولة لعام 2025 المعلنة", "لعام 2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("وتأسست الهيئة في 2015م بقرار ملكي", "2015م", D(2015, 1, 1), D(2015, 12, 31)),
        ("وكان المبعوث قد زار طهران في يونيو الماضي", "يونيو الماضي", D(2024, 6, 1), D(2024, 6, 30)),
        ("وانطلقت الحملة في مارس (آذار) 2023", "مارس (آذار) 2023", D(2023, 3, 1), D(2023, 3, 31)),
        ("وتعود الجولة في ديسمبر المقبل", "ديسمبر المقبل", D(2024, 12, 1), D(2024, 12, 31)),
    ],
)
def test_time_ranges_fix_no_day(sentence: str, surface: str, start: dt.date, end: dt.date) -> None:
    found = only(sentence)
    assert (found.surface.text, found.day, found.start, found.end) == (surface, None, start, end)


@pytest.mark.parametrize(
    ("sentence", "surface", "day"),
    [
        ("ووقع الاتفاق في 11 أكتوبر 2024 بالعاصمة", "11 أكتوبر 2024", D(2024, 10, 11)),
        ("ووقع الاتفاق في 11 تشرين الأول 2024 بالعاصمة", "11 تشرين الأول 2024", D(2024, 10, 11)),
        ("ووقع الاتفاق بتاريخ 11/10/2024 بالعاصمة", "11/10/2024", D(2024, 10, 11)),
        ("ووقع الاتفاق بتاريخ 2024-10-11 بالعاصمة", "2024-10-11", D(2024, 10, 11)),
        ("ووقع الاتفاق بتاريخ ١١ أكتوبر ٢٠٢٤ بالعاصمة", "١١ أكتوبر ٢٠٢٤", D(2024, 10, 11)),
        ("وبدأت العملية في 20 يوليو (تموز) الماضي", "20 يوليو (تموز) الماضي", D(2024, 7, 20)),
        ("وانتهت المهلة في الـ29 من سبتمبر", "الـ29 من سبتمبر", D(2024, 9, 29)),
        ("واجتمعت اللجنة في 7 / أغسطس /2023 م", "7 / أغسطس /2023 م", D(2023, 8, 7)),
        ("وتنطلق الانتخابات في 5 مارس المقبل", "5 مارس المقبل", D(2025, 3, 5)),
        ("وجرت الانتخابات في 3 نوفمبر الماضي", "3 نوفمبر الماضي", D(2023, 11, 3)),
        ("وأعلن الجيش في 2 أكتوبر انتهاء العملية", "2 أكتوبر", D(2024, 10, 2)),
    ],
)
def test_time_explicit_dates(sentence: str, surface: str, day: dt.date) -> None:
    found = only(sentence)
    assert (found.surface.text, found.day) == (surface, day)


@pytest.mark.parametrize(
    ("sentence", "surface", "start", "end"),
    [
        ("وتعقد القمة في 11 و12 نوفمبر الحالي", "11 و12 نوفمبر الحالي", D(2024, 11, 11), D(2024, 11, 12)),
        (
            "وتجري المناورات بين 22 و24 من الشهر الحالي",
            "22 و24 من الشهر الحالي",
            D(2024, 10, 22),
            D(2024, 10, 24),
        ),
        ("ويستمر المعرض من 3 إلى 7 ديسمبر", "3 إلى 7 ديسمبر", D(2024, 12, 3), D(2024, 12, 7)),
    ],
)
def test_time_date_ranges_fix_their_first_day(
    sentence: str, surface: str, start: dt.date, end: dt.date
) -> None:
    found = only(sentence)
    assert (found.surface.text, found.day, found.start, found.end) == (surface, start, start, end)


@pytest.mark.parametrize(
    ("sentence", "future", "start", "end"),
    [
        ("وكانت المفاوضات قد بدأت في ديسمبر", False, D(2023, 12, 1), D(2023, 12, 31)),
        ("وتبدأ المفاوضات في ديسمبر", True, D(2024, 12, 1), D(2024, 12, 31)),
        ("وتوقفت الاشتباكات خلال شهر رمضان", False, D(2024, 3, 11), D(2024, 4, 9)),  # 1445
    ],
)
def test_time_month_without_year_follows_the_modality(
    sentence: str, future: bool, start: dt.date, end: dt.date
) -> None:
    found = only(sentence, future=future)
    assert (found.day, found.start, found.end) == (None, start, end)


def test_time_vague_ranges_are_found_without_dates() -> None:
    found = only("وتصاعدت الاشتباكات خلال الأيام الماضية في المدينة")
    assert (found.surface.text, found.day, found.start, found.end) == ("الأيام الماضية", None, None, None)


def test_time_day_and_month_of_a_past_event_stay_before_publication() -> None:
    assert only("وقتل القيادي في غارة في 28 ديسمبر", D(2015, 1, 5)).day == D(2014, 12, 28)
    assert only("ويجتمع المجلس في 10 يناير", D(2015, 12, 20), future=True).day == D(2016, 1, 10)


@pytest.mark.parametrize(
    ("sentence", "surface", "day"),
    [
        ("وتبدأ الهدنة في 15 رمضان 1436 هـ بحسب الاتفاق", "15 رمضان 1436 هـ", D(2015, 7, 2)),
        ("وصدر القرار بتاريخ 8 / 7 / 1436هـ عن المجلس", "8 / 7 / 1436هـ", D(2015, 4, 27)),
        # The tabular calendar says Monday 27 July; the weekday restores the Saudi date.
        (
            "وتبدأ الهدنة يوم الأحد (10 شوال 1436هـ) لمدة خمسة أيام",
            "يوم الأحد (10 شوال 1436هـ)",
            D(2015, 7, 26),
        ),
    ],
)
def test_time_hijri_dates_convert(sentence: str, surface: str, day: dt.date) -> None:
    found = only(sentence, D(2015, 7, 26))
    assert (found.surface.text, found.day) == (surface, day)


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1, 1, 1), D(622, 7, 19)),  # the epoch (16 July 622, Julian)
        ((1436, 9, 1), D(2015, 6, 18)),  # 1 Ramadan 1436, as Umm al-Qura
        ((1445, 9, 1), D(2024, 3, 11)),  # 1 Ramadan 1445, as Umm al-Qura
    ],
)
def test_time_hijri_known_pairs(hijri: tuple[int, int, int], gregorian: dt.date) -> None:
    assert hijri_to_gregorian(*hijri) == gregorian
    assert gregorian_to_hijri(gregorian) == hijri


def test_time_hijri_is_within_a_day_of_umm_al_qura() -> None:
    # 1 Muharram 1446 was 7 July 2024 and 1 Shawwal 1436 was 17 July 2015 in Saudi Arabia.
    assert abs(hijri_to_gregorian(1446, 1, 1) - D(2024, 7, 7)) <= dt.timedelta(days=1)
    assert abs(hijri_to_gregorian(1436, 10, 1) - D(2015, 7, 17)) <= dt.timedelta(days=1)


def test_time_hijri_round_trips() -> None:
    day = D(2000, 1, 1)
    while day < D(2030, 1, 1):
        year, month, mday = gregorian_to_hijri(day)
        assert 1 <= month <= 12 and 1 <= mday <= 30
        assert hijri_to_gregorian(year, month, mday) == day
        day += dt.timedelta(days=13)


@pytest.mark.parametrize(
    "sentence",
    [
        "مارس الضغوط على الحكومة لسنوات",  # مارس the verb
        "وقتل 11 من عناصر الأمن",
        "وأصيب 2014 شخصا في الزلزال",
        "وقال الأمين العام للأمم المتحدة",
        "",
    ],
)
def test_time_words_that_are_not_times(sentence: str) -> None:
    assert times(sentence) == []


def test_time_several_in_one_sentence_in_text_order() -> None:
    found = times("وقال أمس إن الاتفاق الموقع في 5 مايو 2023 سيجدد الأسبوع المقبل")
    assert [t.surface.text for t in found] == ["أمس", "5 مايو 2023", "الأسبوع المقبل"]
    assert [t.day for t in found] == [D(2024, 10, 10), D(2023, 5, 5), None]


@pytest.mark.parametrize(
    ("sentence", "day", "start"),
    [
        ("أجرى الرئيس محادثات الجمعة", None, None),
        ("وقال المتحدث أمس إن", None, None),
        ("خلال الأسبوع الماضي", None, None),
        ("بين 22 و24 من الشهر الحالي", None, None),
        ("في 2 أكتوبر", None, None),
        ("في 11 أكتوبر 2024", D(2024, 10, 11), D(2024, 10, 11)),
        ("بتاريخ 11/10/2024", D(2024, 10, 11), D(2024, 10, 11)),
        ("في 15 رمضان 1436 هـ", D(2015, 7, 2), D(2015, 7, 2)),
        ("عام 2025", None, D(2025, 1, 1)),
    ],
)
def test_time_without_published_date_only_explicit_dates_resolve(
    sentence: str, day: dt.date | None, start: dt.date | None
) -> None:
    found = only(sentence, None)
    assert (found.day, found.start) == (day, start)


@pytest.mark.parametrize(
    ("weekday", "future", "day"),
    [
        (4, False, D(2024, 10, 11)),  # Friday, published Friday
        (4, True, D(2024, 10, 11)),
        (3, False, D(2024, 10, 10)),
        (3, True, D(2024, 10, 17)),
        (5, False, D(2024, 10, 5)),
        (5, True, D(2024, 10, 12)),
    ],
)
def test_time_resolve_weekday(weekday: int, future: bool, day: dt.date) -> None:
    assert resolve_weekday(weekday, FRIDAY, future) == day


def test_time_best_time_prefers_a_day() -> None:
    text = "الأسبوع الماضي أمس غامض"
    week = TimeExpression(Span.of(text, 0, 14), None, D(2024, 9, 30), D(2024, 10, 6))
    yesterday = TimeExpression(Span.of(text, 15, 18), D(2024, 10, 10), D(2024, 10, 10), D(2024, 10, 10))
    vague = TimeExpression(Span.of(text, 19, 23))
    assert best_time([week, yesterday]) is yesterday
    assert best_time([vague, week]) is week
    assert best_time([vague]) is vague
    assert best_time([]) is None

"""Sentence spans: where Arabic news text breaks, and where it must not."""

from __future__ import annotations

import pytest

from kg.arabic.sentences import sentences


def split(text: str) -> list[str]:
    spans = sentences(text)
    for span in spans:
        assert text[span.begin : span.end] == span.text
        assert span.text == span.text.strip()
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "التقى الوزير نظيره في الرياض. وبحث الجانبان العلاقات الثنائية! فهل تتحسن؟ نعم",
            ["التقى الوزير نظيره في الرياض.", "وبحث الجانبان العلاقات الثنائية!", "فهل تتحسن؟", "نعم"],
        ),
        (
            "عنوان الخبر\nالفقرة الأولى\n\n  الفقرة الثانية  ",
            ["عنوان الخبر", "الفقرة الأولى", "الفقرة الثانية"],
        ),
        (
            "أعلنت الوزارة انتهاء المناورات؛ وقالت إنها ناجحة، وستتكرر.",
            ["أعلنت الوزارة انتهاء المناورات؛ وقالت إنها ناجحة، وستتكرر."],
        ),
    ],
)
def test_sentences_break_at_terminators_and_lines(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قال المتحدث: «لن نقبل بذلك. الرد سيكون حازماً». وغادر القاعة.",
            ["قال المتحدث: «لن نقبل بذلك. الرد سيكون حازماً».", "وغادر القاعة."],
        ),
        (
            'وأضاف الوزير "الوضع صعب. لكننا متفائلون" ثم رفع الجلسة.',
            ['وأضاف الوزير "الوضع صعب. لكننا متفائلون" ثم رفع الجلسة.'],
        ),
        (
            "وتابع: «علينا أن نستعد. فالأيام المقبلة حاسمة.» وأضاف أن الحوار مستمر.",
            ["وتابع: «علينا أن نستعد. فالأيام المقبلة حاسمة.»", "وأضاف أن الحوار مستمر."],
        ),
        (
            "وقال: «هذا هو موقفنا.»، مشيراً إلى البيان.",
            ["وقال: «هذا هو موقفنا.»، مشيراً إلى البيان."],
        ),
    ],
)
def test_sentences_do_not_break_inside_quotes(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_sentences_fall_back_inside_an_unclosed_quote() -> None:
    text = "قال المسؤول: «انتهت الجولة. وستبدأ جولة جديدة قريباً"
    assert split(text) == ["قال المسؤول: «انتهت الجولة.", "وستبدأ جولة جديدة قريباً"]


def test_sentences_fall_back_inside_an_overlong_quote() -> None:
    clause = "وتستمر المحادثات بين الطرفين دون نتيجة واضحة حتى الآن"
    text = f"قال: «{clause}. {clause}. {clause}. {clause}. {clause}. {clause}. {clause}. {clause}.»"
    assert len(split(text)) == 8


def test_sentences_a_straight_quote_closing_an_earlier_line_opens_nothing() -> None:
    text = 'قال المتحدث "إن القتال مستمر\nمنذ أيام". وأكد "أن الهدنة ممكنة. لكن بشروط".'
    assert split(text) == ['قال المتحدث "إن القتال مستمر', 'منذ أيام".', 'وأكد "أن الهدنة ممكنة. لكن بشروط".']


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أكد الرئيس دعمه للمبادرة (أ.ف.ب). وقال إنها فرصة.",
            ["أكد الرئيس دعمه للمبادرة (أ.ف.ب).", "وقال إنها فرصة."],
        ),
        ("وصرح د. خالد العتيبي بأن الاتفاق قريب.", ["وصرح د. خالد العتيبي بأن الاتفاق قريب."]),
        ("نقلت وكالة د.ب.أ عن مصادر أن الوفد وصل.", ["نقلت وكالة د.ب.أ عن مصادر أن الوفد وصل."]),
        ("شارك م. سامي في الافتتاح.", ["شارك م. سامي في الافتتاح."]),
        ("Officials in the U.S. said no.", ["Officials in the U.S. said no."]),
        (
            "وقع الاتفاق في عام 2015 م. وبدأ تنفيذه لاحقاً.",
            ["وقع الاتفاق في عام 2015 م.", "وبدأ تنفيذه لاحقاً."],
        ),
        ("وقع الاتفاق في 1436هـ. وبدأ تنفيذه.", ["وقع الاتفاق في 1436هـ.", "وبدأ تنفيذه."]),
    ],
)
def test_sentences_do_not_break_after_abbreviations(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بلغ النمو 3.5 في المئة. وتراجع التضخم.", ["بلغ النمو 3.5 في المئة.", "وتراجع التضخم."]),
        ("جرى ذلك في 11.10.2024 بحضور الوفود.", ["جرى ذلك في 11.10.2024 بحضور الوفود."]),
        ("1. تعزيز التعاون بين البلدين", ["1. تعزيز التعاون بين البلدين"]),
    ],
)
def test_sentences_do_not_break_in_numbers(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "تجنب الرئيس الحديث عن «الأزمة»... واكتفى بالتلميح",
            ["تجنب الرئيس الحديث عن «الأزمة»... واكتفى بالتلميح"],
        ),
        ("وانتظر الجميع… ثم جاء الرد", ["وانتظر الجميع… ثم جاء الرد"]),
        ("انتهى اللقاء...\nوبدأ المؤتمر الصحافي", ["انتهى اللقاء...", "وبدأ المؤتمر الصحافي"]),
        ("ورحب الطرفان بالاتفاق.. وأكدا التزامهما", ["ورحب الطرفان بالاتفاق..", "وأكدا التزامهما"]),
    ],
)
def test_sentences_break_at_an_ellipsis_only_at_the_line_end(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_sentences_break_at_a_full_stop_glued_to_the_next_word() -> None:
    text = "وسيطرت القوات على الرمادي.وقال مسؤول إن المعارك انتهت."
    assert split(text) == ["وسيطرت القوات على الرمادي.", "وقال مسؤول إن المعارك انتهت."]


def test_sentences_keep_glued_initials_together() -> None:
    assert split("ذكرت شبكة سي.بي.سي أن الوفد وصل.") == ["ذكرت شبكة سي.بي.سي أن الوفد وصل."]


def test_sentences_within_a_stretch_keep_document_offsets() -> None:
    text = "تمهيد لا يعد. الجملة الأولى. الجملة الثانية. ذيل"
    begin = text.index("الجملة")
    end = text.index(" ذيل")
    spans = sentences(text, begin, end)
    assert [s.text for s in spans] == ["الجملة الأولى.", "الجملة الثانية."]
    assert spans[0].begin == begin
    assert spans[-1].end == end


def test_sentences_cover_every_word() -> None:
    text = "العنوان\n\nقال «نعم.» وأضاف: لا! (رويترز)\nثم... انتهى؟ نعم"
    spans = sentences(text)
    covered = {i for s in spans for i in range(s.begin, s.end)}
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered


def test_sentences_of_blank_text_are_none() -> None:
    assert sentences("  \n\t\n ") == []

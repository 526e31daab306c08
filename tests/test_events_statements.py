"""Statements: speaker, addressee, quote, one per sentence and speaker (kg/events/statements.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import STATEMENT, day, events_of, of_type, only, role, speakers

from kg.model import Modality, Role


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة للحوار.", "Vladimir Putin", id="vso"),
        pytest.param(
            "وكان الرئيس التركي رجب طيب أردوغان قد أكد أن أنقرة لن تسمح بذلك.",
            "Recep Tayyip Erdoğan",
            id="kana-x-qad",
        ),
        pytest.param(
            "أعلنت وزارة الدفاع الروسية أن طائراتها دمرت مستودعا للذخيرة.",
            "Russian Ministry of Defence",
            id="organisation",
        ),
        pytest.param(
            "ونقلت وكالة الأناضول عن الرئيس التركي رجب طيب أردوغان قوله إن تركيا لن تتراجع.",
            "Recep Tayyip Erdoğan",
            id="agency-quotes-person",
        ),
        pytest.param(
            "قال وزير الخارجية الليبي الطاهر الباعور إن طرابلس ترفض التدخل.",
            "الطاهر الباعور",
            id="unknown-name",
        ),
        pytest.param(
            "وقالت موسكو إن العقوبات الغربية غير قانونية.",
            "Russia",
            id="capital-for-state",
        ),
    ],
)
def test_statements_speaker(text: str, speaker: str) -> None:
    assert speakers(events_of(text)) == [speaker]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        pytest.param(
            "قال وزير الخارجية التركي هاكان فيدان إن أنقرة «لن تسمح بإقامة كيان إرهابي» على حدودها.",
            "لن تسمح بإقامة كيان إرهابي",
            id="guillemets",
        ),
        pytest.param(
            "وقال الرئيس الروسي فلاديمير بوتين: «لن نتخلى عن شركائنا».",
            "لن نتخلى عن شركائنا",
            id="colon-guillemets",
        ),
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين إن العلاقات مع إيران متينة.",
            "العلاقات مع إيران متينة",
            id="reported-clause",
        ),
    ],
)
def test_statements_quote_is_verbatim(text: str, quote: str) -> None:
    event = only(events_of(text), STATEMENT)
    assert event.quote is not None
    assert event.quote.text == quote
    assert text[event.quote.begin : event.quote.end] == quote


def test_statements_evidence_is_the_sentence() -> None:
    text = "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان. وقال بزشكيان إن العلاقات متينة."
    event = only(events_of(text), STATEMENT)
    assert event.evidence.text == "وقال بزشكيان إن العلاقات متينة."
    assert event.modality is Modality.ASSERTED


@pytest.mark.parametrize(
    "follow_up",
    [
        pytest.param("وأكد أن موسكو ستواصل دعم طهران.", id="wa-akkada-anna"),
        pytest.param("وأضاف: «لن نتخلى عن شركائنا».", id="wa-adafa-colon"),
        pytest.param("وزاد أن التبادل التجاري ارتفع.", id="wa-zada"),
    ],
)
def test_statements_dropped_subject_is_the_last_speaker(follow_up: str) -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن العلاقات مع إيران متينة. " + follow_up
    found = of_type(events_of(text), STATEMENT)
    assert speakers(found) == ["Vladimir Putin", "Vladimir Putin"]
    assert found[1].evidence.text == follow_up  # a separate statement for the second sentence


def test_statements_consecutive_sentences_of_one_speaker_are_separate() -> None:
    text = (
        "قال الرئيس الروسي فلاديمير بوتين إن العلاقات مع إيران متينة. "
        "وأكد أن موسكو ستواصل دعم طهران. وأضاف: «لن نتخلى عن شركائنا»."
    )
    found = of_type(events_of(text), STATEMENT)
    assert speakers(found) == ["Vladimir Putin"] * 3
    assert len({e.evidence.begin for e in found}) == 3


def test_statements_dropped_subject_follows_a_speaker_named_by_surname() -> None:
    text = (
        "قال المتحدث باسم قوات سوريا الديمقراطية فرهاد شامي إن الهجوم فشل. "
        "وأضاف شامي أن المقاتلين صامدون. وأكد أن الخطوط الأمامية مستقرة."
    )
    assert speakers(events_of(text)) == ["فرهاد شامي"] * 3


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين إن بلاده ستدعم إيران، مؤكدا أن العقوبات لن تنجح.",
            id="participle-of-manner",
        ),
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة للحوار، وأضاف أن العقوبات فاشلة.",
            id="second-verb",
        ),
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين: «لقد أكدنا مرارا أن الحوار هو الحل، وقلنا إن العقوبات فاشلة».",
            id="verbs-inside-quote",
        ),
        pytest.param(
            "قال الرئيس الروسي فلاديمير بوتين إن بزشكيان أكد له أن إيران لا تسعى إلى الحرب.",
            id="verb-inside-reported-clause",
        ),
    ],
)
def test_statements_one_per_sentence_and_speaker(text: str) -> None:
    assert speakers(events_of(text)) == ["Vladimir Putin"]


def test_statements_address_after_another_speaker_makes_the_named_person_the_addressee() -> None:
    text = (
        "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في عشق آباد. "
        "بدوره تحدث بزشكيان عن العلاقات الثنائية. "
        "وخاطب بوتين قائلاً: «نحن شركاء في مواجهة العقوبات»."
    )
    last = of_type(events_of(text), STATEMENT)[-1]
    assert role(last, Role.SPEAKER) == {"Masoud Pezeshkian"}
    assert role(last, Role.ADDRESSEE) == {"Vladimir Putin"}
    assert last.quote is not None and last.quote.text == "نحن شركاء في مواجهة العقوبات"


def test_statements_address_with_subject_and_object() -> None:
    text = "خاطب الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان قائلا: «أنتم شركاء»."
    event = only(events_of(text), STATEMENT)
    assert role(event, Role.SPEAKER) == {"Vladimir Putin"}
    assert role(event, Role.ADDRESSEE) == {"Masoud Pezeshkian"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("وقالت مصادر مطلعة إن الاجتماع سيعقد الأسبوع المقبل.", id="sources"),
        pytest.param("وقال مسؤول رفض الكشف عن اسمه إن القوات ستنسحب قريبا.", id="unnamed-official"),
        pytest.param("وكانت مصادر دبلوماسية قد كشفت أن المحادثات تعثرت.", id="sources-before-verb"),
    ],
)
def test_statements_unnamed_sources_are_not_attributed(text: str) -> None:
    assert of_type(events_of(text), STATEMENT) == []


def test_statements_unnamed_source_does_not_continue_the_last_speaker() -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة. وقالت مصادر مطلعة إن اللقاء سيعقد قريبا."
    assert speakers(events_of(text)) == ["Vladimir Putin"]


# --- time ------------------------------------------------------------------------------------


def test_statements_without_time_take_the_articles_first_fixed_day() -> None:
    text = (
        "التقى الرئيس الروسي فلاديمير بوتين، الجمعة، نظيره الإيراني مسعود بزشكيان في عشق آباد. "
        "وقال بزشكيان إن العلاقات بين البلدين متينة."
    )
    statement = only(events_of(text, published="2024-10-09"), STATEMENT)
    assert day(statement) == dt.date(2024, 10, 4)


def test_statements_said_yesterday() -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين أمس إن موسكو مستعدة للحوار."
    assert day(only(events_of(text, published="2024-10-09"), STATEMENT)) == dt.date(2024, 10, 8)


def test_statements_without_any_time_have_none() -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة للحوار."
    assert only(events_of(text), STATEMENT).time is None


def test_statements_about_the_future_are_asserted() -> None:
    # What is said may be planned; the saying happened.
    text = "قال الرئيس الروسي فلاديمير بوتين إن روسيا ستوقع اتفاقا مع إيران الأسبوع المقبل."
    assert only(events_of(text), STATEMENT).modality is Modality.ASSERTED

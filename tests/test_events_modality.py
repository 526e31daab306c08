"""Modality (asserted, planned, hypothetical, negated) and the day events are dated to
(kg/events/modality.py, read through the event finders)."""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import AGREEMENT, MEETING, STRIKE, WEDNESDAY, bug, day, events_of, modalities, only

from kg.model import EventType, Modality

ASSERTED, PLANNED, HYPOTHETICAL, NEGATED = (
    Modality.ASSERTED,
    Modality.PLANNED,
    Modality.HYPOTHETICAL,
    Modality.NEGATED,
)


@pytest.mark.parametrize(
    ("text", "kind", "modality"),
    [
        # asserted
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في عشق آباد.",
            MEETING,
            ASSERTED,
            id="asserted-meeting",
        ),
        pytest.param("قصفت القوات التركية قرى في ريف منبج.", STRIKE, ASSERTED, id="asserted-strike"),
        pytest.param(
            "تم توقيع مذكرة تفاهم بين روسيا وإيران في موسكو.", AGREEMENT, ASSERTED, id="asserted-agreement"
        ),
        # planned
        pytest.param(
            "من المقرر أن يلتقي الرئيس الروسي فلاديمير بوتين نظيره التركي رجب طيب أردوغان في سوتشي.",
            MEETING,
            PLANNED,
            id="min-al-muqarrar",
        ),
        pytest.param("سيزور الرئيس الإيراني مسعود بزشكيان موسكو الجمعة.", MEETING, PLANNED, id="sa-yazur"),
        pytest.param("يزور الرئيس الإيراني مسعود بزشكيان موسكو اليوم.", MEETING, PLANNED, id="yazur-al-yawm"),
        pytest.param("يعتزم أردوغان زيارة موسكو.", MEETING, PLANNED, id="yatazim"),
        pytest.param(
            "يأمل أن يجري التوقيع على الاتفاق بين روسيا وإيران قريبا.", AGREEMENT, PLANNED, id="yamal-an"
        ),
        pytest.param(
            "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الإيراني عباس عراقجي في موسكو في 15 أكتوبر 2024.",
            MEETING,
            PLANNED,
            id="date-after-publication",
        ),
        pytest.param(
            "من المقرر أن يجري الرئيس الروسي فلاديمير بوتين محادثات مع نظيره الإيراني مسعود بزشكيان.",
            MEETING,
            PLANNED,
            id="min-al-muqarrar-noun",
        ),
        pytest.param(
            "ويعتزم الرئيس التركي رجب طيب أردوغان زيارة موسكو.",
            MEETING,
            PLANNED,
            id="yatazim-titled-subject",
        ),
        pytest.param(
            "سيوقع الرئيس الروسي فلاديمير بوتين اتفاقا مع نظيره الإيراني مسعود بزشكيان.",
            AGREEMENT,
            PLANNED,
            id="sa-yuwaqqi",
        ),
        # hypothetical
        pytest.param("في حال شن هجوم على إيران فإن المنطقة ستشتعل.", STRIKE, HYPOTHETICAL, id="fi-hal"),
        pytest.param(
            "تتزايد احتمالات تعرض المنشآت النووية الإيرانية لضربة إسرائيلية.",
            STRIKE,
            HYPOTHETICAL,
            id="ihtimalat",
        ),
        pytest.param("هددت إسرائيل بشن هجوم على إيران.", STRIKE, HYPOTHETICAL, id="haddadat"),
        pytest.param(
            "وحذر من هجوم إسرائيلي على المنشآت النووية الإيرانية.", STRIKE, HYPOTHETICAL, id="hadhdhara-min"
        ),
        pytest.param(
            "حذر الرئيس الإيراني مسعود بزشكيان من هجوم إسرائيلي على المنشآت النووية الإيرانية.",
            STRIKE,
            HYPOTHETICAL,
            id="hadhdhara-x-min",
            marks=bug(
                "'حذر X من' is a two-word cue matched only when contiguous; with the subject between "
                "the warned-against attack is Asserted (expected Hypothetical)"
            ),
        ),
        # negated
        pytest.param("نفى الجيش الإسرائيلي شن غارات على دمشق.", STRIKE, NEGATED, id="nafa"),
        pytest.param(
            "لم يجتمع الرئيس الروسي فلاديمير بوتين مع نظيره الأمريكي جو بايدن.",
            MEETING,
            NEGATED,
            id="lam-yajtami",
        ),
        pytest.param(
            "وأكد الرئيس التركي رجب طيب أردوغان أن تركيا لن تهاجم منبج.", STRIKE, NEGATED, id="lan-tuhajim"
        ),
        pytest.param(
            "لم يلتق الرئيس الروسي فلاديمير بوتين نظيره الأمريكي جو بايدن.",
            MEETING,
            NEGATED,
            id="lam-yaltaqi",
        ),
        pytest.param("نفى الكرملين أن يكون بوتين قد التقى بايدن.", MEETING, NEGATED, id="nafa-an-yakun"),
    ],
)
def test_modality_of_events(text: str, kind: EventType, modality: Modality) -> None:
    found = modalities(events_of(text), kind)
    assert found, f"no {kind.value}"
    assert set(found) == {modality}


def test_modality_statement_reporting_a_threat_is_asserted() -> None:
    found = events_of("هددت إسرائيل بشن هجوم على إيران.")
    assert only(found, EventType.STATEMENT).modality is ASSERTED
    assert only(found, STRIKE).modality is HYPOTHETICAL


# --- the day of an event, read with the published date ----------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان الجمعة في موسكو.",
            MEETING,
            dt.date(2024, 10, 4),
            id="past-friday",
        ),
        pytest.param(
            "قصفت القوات التركية قرى في ريف منبج الجمعة.", STRIKE, dt.date(2024, 10, 4), id="strike"
        ),
        pytest.param(
            "من المقرر أن يلتقي الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان الجمعة في موسكو.",
            MEETING,
            dt.date(2024, 10, 11),
            id="planned-friday",
        ),
        pytest.param(
            "يزور الرئيس الإيراني مسعود بزشكيان موسكو الجمعة.",
            MEETING,
            dt.date(2024, 10, 11),
            id="yazur-friday",
        ),
        pytest.param(
            "زار الرئيس الإيراني مسعود بزشكيان موسكو أمس.", MEETING, dt.date(2024, 10, 8), id="yesterday"
        ),
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في 3 أكتوبر 2024.",
            MEETING,
            dt.date(2024, 10, 3),
            id="explicit-date",
        ),
        pytest.param(
            "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان.", MEETING, None, id="no-time"
        ),
    ],
)
def test_modality_day_is_read_from_the_published_date(
    text: str, kind: EventType, expected: dt.date | None
) -> None:
    assert day(only(events_of(text, published=WEDNESDAY), kind)) == expected


def test_modality_planned_and_past_fridays_in_one_article() -> None:
    text = (
        "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان الجمعة في موسكو. "
        "ويزور بزشكيان بكين الجمعة."
    )
    meetings = [e for e in events_of(text, published=WEDNESDAY) if e.type is MEETING]
    assert [(e.modality, day(e)) for e in meetings] == [
        (ASSERTED, dt.date(2024, 10, 4)),
        (PLANNED, dt.date(2024, 10, 11)),
    ]

"""Agreements: treaties, deals, truces and memoranda, with their parties (kg/events/agreements.py)."""

from __future__ import annotations

import pytest
from extraction_helpers import AGREEMENT, MEETING, STRIKE, bug, events_of, name, of_type, only, role

from kg.model import Modality, Role

PUTIN, PEZESHKIAN, ERDOGAN = "Vladimir Putin", "Masoud Pezeshkian", "Recep Tayyip Erdoğan"
SDF = "Syrian Democratic Forces"


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        pytest.param("تم توقيع مذكرة تفاهم بين روسيا وإيران في موسكو.", {"Russia", "Iran"}, id="bayna"),
        pytest.param(
            "أعلنت الولايات المتحدة هدنة بين قوات سوريا الديمقراطية والقوات التركية في منبج.",
            {SDF, "Turkish Armed Forces"},
            id="bayna-truce",
        ),
        pytest.param(
            "اتفق الرئيس الروسي فلاديمير بوتين مع نظيره التركي رجب طيب أردوغان على تعزيز التعاون.",
            {PUTIN, ERDOGAN},
            id="ittafaqa-maa",
        ),
        pytest.param(
            "خرقت القوات التركية الهدنة التي أعلن عنها الجيش الأمريكي في منبج.",
            {"United States Armed Forces"},
            id="relative-clause",
        ),
        pytest.param("وقعت روسيا وإيران معاهدة شراكة استراتيجية.", {"Russia", "Iran"}, id="waqqaat-x-wa-y"),
        pytest.param("أبرمت روسيا اتفاقا مع إيران لتوريد الغاز.", {"Russia", "Iran"}, id="abramat-x-maa-y"),
        pytest.param(
            "اتفقت روسيا وتركيا على تسيير دوريات مشتركة في إدلب.", {"Russia", "Turkey"}, id="ittafaqat-x-wa-y"
        ),
        pytest.param(
            "توصلت روسيا وتركيا إلى اتفاق بشأن إدلب.",
            {"Russia", "Turkey"},
            id="tawassalat-x-ila-ittifaq",
            marks=bug(
                "'توصلت X و Y إلى اتفاق': the subject splits the multi-word trigger and the noun "
                "'اتفاق' finds no parties: no agreement (expected Russia, Turkey)"
            ),
        ),
    ],
)
def test_agreements_parties(text: str, parties: set[str]) -> None:
    event = only(events_of(text), AGREEMENT)
    assert role(event, Role.PARTY) == parties


def test_agreements_memorandum_subtype_and_place() -> None:
    event = only(events_of("تم توقيع مذكرة تفاهم بين روسيا وإيران في موسكو."), AGREEMENT)
    assert event.place is not None and name(event.place) == "Moscow"
    assert event.modality is Modality.ASSERTED


@pytest.mark.parametrize(
    "follow_up",
    [
        pytest.param("واتفق الرئيسان على تعزيز التعاون الاقتصادي.", id="ar-raisan"),
        pytest.param("واتفق الطرفان على عقد لقاء جديد.", id="at-tarafan"),
    ],
)
def test_agreements_both_parties_are_the_meetings_participants(follow_up: str) -> None:
    text = "أجرى الرئيس الروسي فلاديمير بوتين محادثات مع نظيره الإيراني مسعود بزشكيان. " + follow_up
    found = events_of(text)
    assert role(only(found, AGREEMENT), Role.PARTY) == {PUTIN, PEZESHKIAN}
    assert len(of_type(found, MEETING)) == 1


def test_agreements_clashes_occurring_are_not_an_agreement() -> None:
    found = events_of("وقعت اشتباكات بين الجيش السوري وتنظيم داعش في البادية.")
    assert of_type(found, AGREEMENT) == []
    assert len(of_type(found, STRIKE)) == 1


@pytest.mark.parametrize(
    "repeat",
    [
        pytest.param(
            "وأكد الجيش الأمريكي أن الهدنة بين الطرفين ما زالت صامدة. "
            "وقال المرصد السوري إن الهدنة التي أعلنتها واشنطن بين قسد والقوات التركية انهارت.",
            id="three-mentions",
        ),
        pytest.param(
            "وخرقت القوات التركية الهدنة مع قوات سوريا الديمقراطية مساء الجمعة.", id="second-with-one-party"
        ),
    ],
)
def test_agreements_repeated_truce_is_one_agreement(repeat: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "أعلنت الولايات المتحدة هدنة بين قوات سوريا الديمقراطية والقوات التركية في منبج. " + repeat
    with monkeypatch.context() as unmerged:
        unmerged.setattr("kg.events.merge_events", list)
        assert len(of_type(events_of(text), AGREEMENT)) == 2  # the truce is found twice
    truce = only(events_of(text), AGREEMENT)
    assert truce.subtype == "Truce"
    assert role(truce, Role.PARTY) == {SDF, "Turkish Armed Forces"}

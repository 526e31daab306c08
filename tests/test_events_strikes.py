"""Military strikes: attacker, target, place and casualties (kg/events/strikes.py)."""

from __future__ import annotations

import pytest
from extraction_helpers import AGREEMENT, STRIKE, bug, events_of, name, of_type, only, role

from kg.model import EntityKind, Role

SDF = "Syrian Democratic Forces"


@pytest.mark.parametrize(
    ("text", "attackers", "targets"),
    [
        pytest.param(
            "هاجم تنظيم داعش حاجزا للجيش العراقي في كركوك.",
            {"Islamic State"},
            {"Iraqi Armed Forces", "Iraq"},  # a state's forces bring their state
            id="vso-target-after-li",
        ),
        pytest.param(
            "الدبابات التركية قصفت مواقع لقوات سوريا الديمقراطية في ريف حلب.",
            {"Turkish Armed Forces", "Turkey"},
            {SDF},
            id="svo",
        ),
        pytest.param(
            "تجدد القصف المدفعي من جانب القوات التركية على مواقع قسد في ريف منبج.",
            {"Turkish Armed Forces", "Turkey"},
            {SDF},
            id="min-janib",
        ),
        pytest.param(
            "استهدفت مسيرة تركية سيارة تابعة لقوات سوريا الديمقراطية في ريف القامشلي.",
            {"Turkey"},
            {SDF},
            id="nisba-attacker",
        ),
        pytest.param(
            "أعلن الجيش الإسرائيلي أنه اغتال قياديا في حزب الله.",
            {"Israel Defense Forces", "Israel"},
            {"Hezbollah"},
            id="reported-clause",
        ),
        pytest.param(
            "تعرضت مواقع «قسد» لقصف مدفعي من جانب القوات التركية.",
            {"Turkish Armed Forces", "Turkey"},
            {SDF},
            id="passive-taarradat",
            marks=bug(
                "with the passive 'تعرضت X لقصف … من جانب Y' X (قسد) is made an attacker beside Y "
                "(expected attacker Turkish forces, target SDF)"
            ),
        ),
        pytest.param(
            "شنت إسرائيل غارات على مواقع حزب الله في جنوب لبنان.",
            {"Israel"},
            {"Hezbollah"},
            id="shannat-x-gharat",
        ),
    ],
)
def test_strikes_attacker_and_target(text: str, attackers: set[str], targets: set[str]) -> None:
    event = only(events_of(text), STRIKE)
    assert role(event, Role.ATTACKER) == attackers
    assert role(event, Role.TARGET) == targets


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        pytest.param(
            "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية والقوات التركية في ريف منبج.",
            {SDF, "Turkish Armed Forces", "Turkey"},
            id="ishtibakat-bayna",
        ),
        pytest.param(
            "وقعت اشتباكات بين الجيش السوري وتنظيم داعش في البادية.",
            {"Syrian Arab Army", "Syria", "Islamic State"},
            id="waqaat-ishtibakat",
        ),
        pytest.param(
            "اشتبكت قوات سوريا الديمقراطية مع فصائل الجيش الوطني السوري قرب منبج.",
            {SDF, "Syrian National Army"},
            id="ishtabakat-maa",
        ),
    ],
)
def test_strikes_clash_names_both_sides(text: str, sides: set[str]) -> None:
    event = only(events_of(text), STRIKE)
    assert event.subtype == "ArmedClash"
    assert role(event, Role.ATTACKER) | role(event, Role.TARGET) == sides
    assert role(event, Role.ATTACKER) and role(event, Role.TARGET)
    assert of_type(events_of(text), AGREEMENT) == []


def test_strikes_state_forces_act_for_their_state() -> None:
    event = only(events_of("قصفت القوات التركية قرى في ريف منبج."), STRIKE)
    forces = [e for e in event.entities(Role.ATTACKER) if e.kind is EntityKind.ARMED_GROUP]
    assert [(f.label_ar, f.country) for f in forces] == [("الجيش التركي", "Q43")]
    assert "Turkey" in role(event, Role.ATTACKER)


@pytest.mark.parametrize(
    ("text", "attackers"),
    [
        pytest.param("استهدف هجوم صاروخي المنشآت النووية الإيرانية.", set(), id="no-attacker"),
        pytest.param("وحذر من هجوم إسرائيلي على المنشآت النووية الإيرانية.", {"Israel"}, id="nisba-attacker"),
        pytest.param(
            "قصفت الطائرات الإسرائيلية المنشآت النووية الإيرانية.",
            {"Israel Defense Forces", "Israel"},
            id="attacker-nisba-first",
        ),
    ],
)
def test_strikes_target_state_named_by_a_nisba(text: str, attackers: set[str]) -> None:
    event = only(events_of(text), STRIKE)
    assert role(event, Role.TARGET) == {"Iran"}
    assert role(event, Role.ATTACKER) == attackers


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param("قصفت القوات التركية قرى في ريف منبج.", "Manbij", id="fi-rif"),
        pytest.param("شنت الطائرات الروسية غارات على مواقع هيئة تحرير الشام في إدلب.", "Idlib", id="fi-city"),
        pytest.param("هاجم تنظيم داعش حاجزا للجيش العراقي في كركوك.", "Kirkuk", id="fi-kirkuk"),
        pytest.param("وفي دمشق، قصفت الطائرات الإسرائيلية مواقع عسكرية.", "Damascus", id="fronted-place"),
        pytest.param("قصفت الطائرات الإسرائيلية مواقع عسكرية.", None, id="no-place"),
        pytest.param("وفي الأثناء، قصفت الطائرات الإسرائيلية مواقع عسكرية.", None, id="wa-fi-al-athna"),
    ],
)
def test_strikes_place(text: str, place: str | None) -> None:
    event = only(events_of(text), STRIKE)
    assert (name(event.place) if event.place else None) == place


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        pytest.param(
            "قصفت القوات التركية قرى في ريف منبج، ما أسفر عن مقتل 3 مدنيين وإصابة 5 آخرين.",
            3,
            5,
            id="asfara-an-maqtal",
        ),
        pytest.param(
            "استهدفت مسيرة تركية سيارة لقوات سوريا الديمقراطية، ما أدى إلى مقتل عنصرين.",
            2,
            None,
            id="number-word",
        ),
        pytest.param("قصفت القوات التركية قرى في ريف منبج.", None, None, id="none-said"),
        pytest.param("قتل 5 أشخاص وأصيب 10 آخرون في غارة إسرائيلية على جنوب لبنان.", 5, 10, id="usiba"),
    ],
)
def test_strikes_casualties(text: str, killed: int | None, injured: int | None) -> None:
    event = only(events_of(text), STRIKE)
    assert (event.killed, event.injured) == (killed, injured)

"""One event however often an article mentions it (kg/events/merge.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from extraction_helpers import MEETING, STATEMENT, STRIKE, bug, day, events_of, of_type, only, role

from kg.events.merge import merge_events
from kg.model import Argument, Entity, EntityKind, Event, EventType, Role, Span, TimeExpression

PUTIN, PEZESHKIAN = "Vladimir Putin", "Masoud Pezeshkian"
MEETS = "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في عشق آباد الجمعة."


@pytest.mark.parametrize(
    "repeat",
    [
        pytest.param("واجتمع بوتين مع بزشكيان لمدة ساعتين.", id="ijtamaa-maa"),
        pytest.param("وجرى اللقاء بين بوتين وبزشكيان على هامش المنتدى.", id="al-liqa-bayna"),
        pytest.param("والتقى بوتين وبزشكيان مجددا على هامش المنتدى في عشق آباد.", id="iltaqa-again"),
    ],
)
def test_merge_same_meeting_mentioned_twice_is_one_event(
    repeat: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MEETS + " " + repeat
    with monkeypatch.context() as unmerged:
        unmerged.setattr("kg.events.merge_events", list)
        assert len(of_type(events_of(text), MEETING)) == 2  # both sentences report the meeting
    meeting = only(events_of(text, published="2024-10-09"), MEETING)
    assert role(meeting, Role.PARTICIPANT) == {PUTIN, PEZESHKIAN}
    assert meeting.evidence.text == MEETS  # the first mention's evidence stays
    assert day(meeting) == dt.date(2024, 10, 4)


def test_merge_meetings_on_different_days_stay_apart() -> None:
    text = (
        "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان الجمعة. "
        "والتقى بوتين بزشكيان الاثنين في موسكو."
    )
    meetings = of_type(events_of(text, published="2024-10-09"), MEETING)
    assert [day(m) for m in meetings] == [dt.date(2024, 10, 4), dt.date(2024, 10, 7)]


@pytest.mark.parametrize(
    ("text", "kind", "actors"),
    [
        pytest.param(
            "يزور الرئيس الإيراني مسعود بزشكيان موسكو لإجراء محادثات مع الرئيس الروسي فلاديمير بوتين.",
            MEETING,
            {PEZESHKIAN, PUTIN, "Russia"},
            id="visit-for-talks",
        ),
        pytest.param(
            "قصفت القوات التركية قرى في ريف منبج. وقصفت القوات التركية مواقع في ريف منبج.",
            STRIKE,
            {"Turkish Armed Forces", "Turkey"},
            id="strike-twice-same-place",
        ),
        pytest.param(
            "تتزايد احتمالات تعرض المنشآت النووية الإيرانية لضربة إسرائيلية.",
            STRIKE,
            {"Iran", "Israel"},
            id="taarrud-li-darba",
            marks=bug(
                "two triggers of one sentence ('تعرض' and 'لضربة') stay two strikes, one with target "
                "Iran and one with attacker Israel: same-sentence merging needs shared actors"
            ),
        ),
    ],
)
def test_merge_triggers_of_one_event_are_one_event(
    text: str, kind: EventType, actors: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as unmerged:
        unmerged.setattr("kg.events.merge_events", list)
        assert len(of_type(events_of(text), kind)) == 2  # two triggers, one event
    event = only(events_of(text), kind)
    assert {a.entity.label_en or a.entity.label_ar for a in event.arguments} == actors


def test_merge_statements_of_one_speaker_are_never_merged() -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن العلاقات متينة. وأكد أن موسكو ستواصل دعم طهران."
    assert len(of_type(events_of(text), STATEMENT)) == 2


# --- merge_events on hand-built events -------------------------------------------------------

TEXT = "التقى بوتين بزشكيان. ثم التقى الرئيسان مجددا."
RUSSIA_PERSON = Entity("Q7747", EntityKind.PERSON, "فلاديمير بوتين", "Vladimir Putin")
IRAN_PERSON = Entity("person-masoud-pezeshkian", EntityKind.PERSON, "مسعود بزشكيان", "Masoud Pezeshkian")


def _event(kind: EventType, begin: int, end: int, *people: Entity, article: int = 0, on: int = 0) -> Event:
    roles = {EventType.MEETING: Role.PARTICIPANT, EventType.STATEMENT: Role.SPEAKER}
    time = TimeExpression(Span.of(TEXT, 0, 5), day=dt.date(2024, 10, on)) if on else None
    return Event(
        type=kind,
        evidence=Span.of(TEXT, begin, end),
        article_index=article,
        arguments=tuple(Argument(roles[kind], p) for p in people),
        time=time,
    )


def test_merge_events_unites_actors_into_the_first_mention() -> None:
    first = _event(MEETING, 0, 20, RUSSIA_PERSON)
    second = _event(MEETING, 21, len(TEXT), RUSSIA_PERSON, IRAN_PERSON, on=4)
    merged = merge_events([first, second])
    assert len(merged) == 1
    assert merged[0].evidence == first.evidence
    assert {e.key for e in merged[0].entities(Role.PARTICIPANT)} == {RUSSIA_PERSON.key, IRAN_PERSON.key}
    assert day(merged[0]) == dt.date(2024, 10, 4)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            _event(STATEMENT, 0, 20, RUSSIA_PERSON),
            _event(STATEMENT, 21, len(TEXT), RUSSIA_PERSON),
            id="statements",
        ),
        pytest.param(
            _event(MEETING, 0, 20, RUSSIA_PERSON, IRAN_PERSON),
            _event(MEETING, 21, len(TEXT), RUSSIA_PERSON, IRAN_PERSON, article=1),
            id="other-article",
        ),
        pytest.param(
            _event(MEETING, 0, 20, RUSSIA_PERSON, IRAN_PERSON, on=4),
            _event(MEETING, 21, len(TEXT), RUSSIA_PERSON, IRAN_PERSON, on=7),
            id="other-day",
        ),
        pytest.param(
            _event(MEETING, 0, 20, RUSSIA_PERSON),
            _event(MEETING, 21, len(TEXT), IRAN_PERSON),
            id="disjoint-participants",
        ),
    ],
)
def test_merge_events_keeps_distinct_events_apart(first: Event, second: Event) -> None:
    assert merge_events([first, second]) == [first, second]

"""One event, however often a document mentions it.

News repeats itself: the lead reports a meeting, later sentences name it again. Within
an article, two events of the same kind merge when their key actors coincide (one set
holds the other) and their days do not disagree; the earlier mention's evidence stays,
the actors are united. Statements are never merged: each is its own speech act.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.arabic.normalise import normalise
from kg.model import Argument, Event, EventType, Modality

_KEY_ROLES = {
    EventType.MEETING: ("participant",),
    EventType.AGREEMENT: ("party",),
    EventType.MILITARY_STRIKE: ("attacker", "target"),
}


def _actors(event: Event) -> frozenset[str]:
    roles = _KEY_ROLES.get(event.type, ())
    return frozenset(a.entity.key for a in event.arguments if a.role.value in roles)


def _same(a: Event, b: Event) -> bool:
    if a.type is not b.type or a.type is EventType.STATEMENT or a.article_index != b.article_index:
        return False
    if a.evidence == b.evidence:
        # Two triggers of one sentence ('يزور موسكو لإجراء محادثات') report one event; so do
        # two triggers side by side ('تعرض … لضربة') whatever actors each found.
        return bool(_actors(a) & _actors(b)) or _complementary(a, b)
    day_a = a.time.day if a.time else None
    day_b = b.time.day if b.time else None
    if day_a and day_b and day_a != day_b:
        return False
    actors_a, actors_b = _actors(a), _actors(b)
    if (
        a.type is EventType.AGREEMENT
        and _head(a)
        and _head(a) == _head(b)
        and (actors_a & actors_b or not (actors_a and actors_b))
    ):
        return True  # 'الهدنة' again and again in one article is one truce, planned or not
    if a.type is EventType.MILITARY_STRIKE and actors_a and actors_a == actors_b and not (day_a and day_b):
        # The same attack named again ('الهجوم على المنشآت النووية الإيرانية'), whatever the
        # verb around the second mention makes of it.
        return a.place is None or b.place is None or a.place.key == b.place.key
    if a.modality is not b.modality:
        return False
    if not actors_a or not actors_b:
        return False
    if a.type is EventType.MILITARY_STRIKE:
        return actors_a == actors_b and (a.place is None or b.place is None or a.place.key == b.place.key)
    return actors_a <= actors_b or actors_b <= actors_a


def _complementary(a: Event, b: Event) -> bool:
    """Two strike words side by side, one naming only the attacker and the other only the
    target: 'تعرض المنشآت الإيرانية لضربة إسرائيلية'."""
    if a.type is not EventType.MILITARY_STRIKE or a.trigger is None or b.trigger is None:
        return False
    if abs(a.trigger.begin - b.trigger.begin) > 30:
        return False
    roles_a = {arg.role.value for arg in a.arguments}
    roles_b = {arg.role.value for arg in b.arguments}
    return {frozenset(roles_a), frozenset(roles_b)} == {frozenset({"attacker"}), frozenset({"target"})}


def _head(event: Event) -> str | None:
    """The agreement noun without its article (هدنة), where a noun triggered the event."""
    if event.trigger is None:
        return None
    word = normalise(event.trigger.text).split()[0]
    for prefix in ("وال", "بال", "لل", "ال", "و", "ب"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def _union(first: Event, other: Event) -> Event:
    known = {(a.role, a.entity.key) for a in first.arguments}
    extra = tuple(a for a in other.arguments if (a.role, a.entity.key) not in known)
    arguments: tuple[Argument, ...] = first.arguments + extra
    # An agreement one mention says will be signed is not yet signed: the plan wins.
    planned = Modality.PLANNED in (first.modality, other.modality) and first.type is EventType.AGREEMENT
    return replace(
        first,
        arguments=arguments,
        modality=Modality.PLANNED if planned else first.modality,
        time=first.time if first.time and first.time.day else (other.time or first.time),
        place=first.place or other.place,
        killed=first.killed if first.killed is not None else other.killed,
        injured=first.injured if first.injured is not None else other.injured,
        confidence=max(first.confidence, other.confidence),
    )


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Events with repeated mentions of one event folded into its first mention."""
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if _same(kept, event):
                merged[i] = _union(kept, event)
                break
        else:
            merged.append(event)
    return merged

"""Shared helpers for the extraction tests: a hand-written text in, events and mentions out.

Every test builds its document from a string with :func:`kg.documents.document_from_text` and
runs the real pipeline (:func:`kg.pipeline.analyse`); nothing is mocked. Entities are compared
by their English label where the gazetteer gives one (``"Vladimir Putin"``, ``"Russia"``), else
by their Arabic label, so assertions read as the text does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from kg.arabic.sentences import sentences
from kg.arabic.tokens import tokenise
from kg.documents import document_from_text
from kg.entities.mentions import MentionFinder
from kg.model import Entity, Event, EventType, Mention, Modality, Role
from kg.pipeline import analyse

PUBLISHED = "2024-10-11"  # a Friday
WEDNESDAY = "2024-10-09"  # the last Friday is 4 October, the next 11 October

MEETING = EventType.MEETING
STATEMENT = EventType.STATEMENT
STRIKE = EventType.MILITARY_STRIKE
AGREEMENT = EventType.AGREEMENT


def bug(reason: str) -> pytest.MarkDecorator:
    """Mark a case the extractor gets wrong today: what is wrong, so the lead can fix it.

    Strict, so the case fails loudly (XPASS) once the extractor is fixed and the mark can go."""
    return pytest.mark.xfail(reason=reason, strict=True)


def events_of(text: str, published: str | None = PUBLISHED) -> list[Event]:
    """The events the pipeline finds in ``text``, read as one plain-text article."""
    document = document_from_text(text, "test-doc", published=published)
    return list(analyse(document).events)


def of_type(events: Iterable[Event], kind: EventType) -> list[Event]:
    """The events of one type, in document order."""
    return [e for e in events if e.type is kind]


def only(events: Iterable[Event], kind: EventType) -> Event:
    """The single event of ``kind``; fails the test when there are none or several."""
    found = of_type(events, kind)
    assert len(found) == 1, f"expected one {kind.value}, got {[describe(e) for e in found]}"
    return found[0]


def name(entity: Entity) -> str:
    """How a test names an entity: its English label, else its Arabic one."""
    return entity.label_en or entity.label_ar


def labels(entities: Iterable[Entity]) -> set[str]:
    """The names of some entities, as a set."""
    return {name(e) for e in entities}


def role(event: Event, which: Role) -> set[str]:
    """The names of the entities filling ``which`` in ``event``."""
    return labels(event.entities(which))


def speakers(events: Iterable[Event]) -> list[str]:
    """The speaker of each statement, in document order (one name per statement)."""
    out = []
    for event in of_type(events, STATEMENT):
        found = event.entities(Role.SPEAKER)
        assert len(found) == 1, describe(event)
        out.append(name(found[0]))
    return out


def modalities(events: Iterable[Event], kind: EventType) -> list[Modality]:
    """The modality of each event of ``kind``, in order."""
    return [e.modality for e in of_type(events, kind)]


def day(event: Event) -> dt.date | None:
    """The day an event's time expression fixes, if any."""
    return event.time.day if event.time is not None else None


def describe(event: Event) -> str:
    """A one-line summary for assertion messages."""
    args = ", ".join(f"{a.role.value}={name(a.entity)}" for a in event.arguments)
    trigger = event.trigger.text if event.trigger else None
    return f"{event.type.value}({trigger!r}, {event.modality.value}; {args})"


def mentions_of(text: str) -> list[list[Mention]]:
    """The mentions of each sentence of ``text``, found with one document-wide discourse."""
    finder = MentionFinder(text)
    return [
        [m for _, _, m in finder.find(tokenise(text, s.begin, s.end)).mentions]
        for s in sentences(text, 0, len(text))
    ]


def mention(text: str, surface: str) -> Mention:
    """The mention in ``text`` whose span starts with ``surface`` (the last one, if repeated)."""
    found = [m for sentence in mentions_of(text) for m in sentence if m.span.text.startswith(surface)]
    assert found, f"no mention starting {surface!r} in {text!r}"
    return found[-1]

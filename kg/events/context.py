"""What every event finder sees of one sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.arabic.normalise import normalise
from kg.entities.gazetteer import Gazetteer
from kg.entities.mentions import Discourse, SentenceMentions, name_start
from kg.events.modality import modality_of
from kg.events.triggers import Trigger
from kg.model import Entity, EntityKind, Modality, Span, TimeExpression

# Words that put a place name after them.
_PLACE_LEAD = frozenset(normalise(w) for w in ["في", "بمدينة", "مدينة", "بلدة", "ببلدة", "قرية", "بقرية"])


@dataclass(frozen=True)
class SentenceContext:
    """One sentence of an article, analysed: tokens, mentions, triggers, times."""

    text: str
    sentence: Span
    article_index: int
    mentions: SentenceMentions
    triggers: tuple[Trigger, ...]
    times: tuple[TimeExpression, ...]
    published: dt.date | None
    discourse: Discourse
    table: Gazetteer
    scene_day: TimeExpression | None  # the day the article's story is set on
    future_times: tuple[TimeExpression, ...] = ()  # the same expressions read forward (planned events)

    def span(self, start: int, stop: int) -> Span:
        """The text of tokens ``[start, stop)``."""
        tokens = self.mentions.tokens
        return Span.of(self.text, tokens[start].begin, tokens[stop - 1].end)

    def as_actor(self, entity: Entity) -> Entity:
        """A capital in an actor slot stands for its state (موسكو → Russia)."""
        if entity.kind.value == "City":
            state = self.table.country_of_capital(entity)
            if state is not None:
                return state
        return entity

    def time_near(self, index: int, *, future: bool = False) -> TimeExpression | None:
        """The time expression nearest token ``index``, preferring one that fixes a day; read
        forward (the next Friday, not the last) for planned events."""
        times = self.future_times if future and self.future_times else self.times
        if not times:
            return None
        tokens = self.mentions.tokens
        at = tokens[min(index, len(tokens) - 1)].begin

        def rank(t: TimeExpression) -> tuple[int, int]:
            return (0 if t.day is not None else 1, abs(t.surface.begin - at))

        return min(times, key=rank)

    def when(self, trigger: Trigger, clause: tuple[int, int]) -> tuple[TimeExpression | None, Modality]:
        """The event's time and modality: a planned event's weekday is the coming one."""
        time = self.time_near(trigger.start)
        modality = modality_of(
            self.mentions.tokens, trigger, clause, day=time.day if time else None, published=self.published
        )
        if modality is Modality.PLANNED:
            time = self.time_near(trigger.start, future=True)
        return time, modality

    def unnamed_place(self, start: int, stop: int) -> Entity | None:
        """A place the tables do not know, named after 'في' or 'بلدة/مدينة' (في سروج): a word the
        analyser does not know or takes for a proper noun, in ``[start, stop)``."""
        tokens = self.mentions.tokens
        taken = {i for a, b, _ in self.mentions.mentions for i in range(a, b)}
        for i in range(start, min(stop, len(tokens) - 1)):
            if tokens[i].norm not in _PLACE_LEAD or i + 1 in taken or not tokens[i + 1].is_word:
                continue
            word = tokens[i + 1]
            if word.norm in self.table.time_words or not name_start(word) or len(word.norm) < 3:
                continue
            name = word.text
            return Entity(key=f"place-{normalise(name)}", kind=EntityKind.PLACE, label_ar=name)
        return None

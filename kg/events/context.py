"""What every event finder sees of one sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.entities.gazetteer import Gazetteer
from kg.entities.mentions import Discourse, SentenceMentions
from kg.events.triggers import Trigger
from kg.model import Entity, Span, TimeExpression


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
    scene_day: TimeExpression | None  # the latest day the article fixed before this sentence

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

    def time_near(self, index: int) -> TimeExpression | None:
        """The time expression nearest token ``index``, preferring one that fixes a day."""
        if not self.times:
            return None
        tokens = self.mentions.tokens
        at = tokens[min(index, len(tokens) - 1)].begin

        def rank(t: TimeExpression) -> tuple[int, int]:
            return (0 if t.day is not None else 1, abs(t.surface.begin - at))

        return min(self.times, key=rank)

"""Agreements: treaties, deals, truces and memoranda, signed, reached or planned.

Parties come from 'بين X و Y', 'مع X', the subject of a verb (وقّع، اتفق), or a nisba on
the agreement noun (الاتفاق النووي الإيراني → Iran).
"""

from __future__ import annotations

from kg.arabic.normalise import normalise
from kg.entities.lexicon import BOTH_PARTIES
from kg.events.context import SentenceContext
from kg.events.frames import (
    Located,
    between_pair,
    clause_bounds,
    entity_set,
    is_actor,
    nearest_place,
    place_mentions,
)
from kg.events.triggers import Trigger
from kg.model import Argument, Entity, Event, EventType, Modality, Role

WINDOW = 10


_WITH = frozenset({"مع", "ومع"})
_RELATIVE = frozenset({"الذي", "التي", "الذى", "التى"})


def _parties(ctx: SentenceContext, trigger: Trigger, lo: int, hi: int) -> list[Located]:
    """Parties outside 'بين X و Y': the subject of a verb trigger, 'مع X', or the subject of
    a relative clause on the noun ('الهدنة التي أعلن عنها X', 'الاتفاق الذي أبرمه X')."""
    tokens = ctx.mentions.tokens
    actors = [m for m in ctx.mentions.between(lo, hi) if is_actor(m[2])]
    out = [m for m in actors if m[0] > 0 and tokens[m[0] - 1].norm in _WITH]
    if trigger.sense.pos != "noun":
        out += [m for m in actors if trigger.start - 2 <= m[1] <= trigger.start]
        out += _coordinated(ctx, trigger.stop, actors)
        return out
    relative = next(
        (i for i in range(trigger.stop, min(hi, trigger.stop + 4)) if tokens[i].norm in _RELATIVE), None
    )
    if relative is not None:
        out += [m for m in actors if relative < m[0] <= relative + 9][:3]
    return out


def _coordinated(ctx: SentenceContext, at: int, actors: list[Located]) -> list[Located]:
    """The actors starting at token ``at`` joined by و: 'اتفقت روسيا وتركيا'."""
    out: list[Located] = []
    by_start = {m[0]: m for m in actors}
    while at in by_start:
        out.append(by_start[at])
        at = by_start[at][1]
    return out


def find_agreements(ctx: SentenceContext, last_meeting: list[Entity]) -> list[Event]:
    """The agreements one sentence reports."""
    tokens = ctx.mentions.tokens
    events: list[Event] = []
    found = [t for t in ctx.triggers if t.sense.type is EventType.AGREEMENT]
    nouns = [t for t in found if t.sense.pos == "noun"]
    for trigger in found:
        start, stop = clause_bounds(tokens, trigger.start)
        if any(n.start > trigger.start and n.start - trigger.stop <= 2 for n in nouns):
            continue  # 'توقيع اتفاق الشراكة': the agreement noun that follows speaks for it
        verb = next((v for v in found if v.sense.pos != "noun" and 0 < trigger.start - v.stop <= 6), None)
        if trigger.sense.pos != "noun":
            # A verb (وقّع، أبرم) reports an agreement only with its noun, which then speaks
            # for it; 'وقعت اشتباكات' (clashes occurred) has none.
            has_noun = any(start <= n.start < stop and abs(n.start - trigger.stop) <= 6 for n in nouns)
            if has_noun or normalise(trigger.sense.form).startswith("وقع"):
                continue
        lo, hi = max(start, trigger.start - WINDOW), min(stop, trigger.stop + WINDOW)
        places = place_mentions(ctx.mentions, start, stop)
        place_ids = {id(p[2]) for p in places}
        parties = between_pair(ctx.mentions, trigger.stop, hi) or _parties(ctx, trigger, lo, hi)
        if verb is not None:
            # 'وقعت روسيا وإيران معاهدة', 'أبرمت روسيا اتفاقا مع إيران': the verb's subjects.
            parties = [m for m in ctx.mentions.between(verb.stop, trigger.start) if is_actor(m[2])] + parties
        parties = [m for m in parties if id(m[2]) not in place_ids]
        entities = [ctx.as_actor(e) for e in entity_set(parties)]
        if any(t.norm in BOTH_PARTIES for t in tokens[lo:hi]) and len(entities) < 2:
            entities += [p for p in last_meeting if all(p.key != q.key for q in entities)]
        if not entities:
            for i in range(trigger.stop, min(hi, trigger.stop + 3)):
                state = ctx.table.country_of_nisba(tokens[i].norm) if tokens[i].is_word else None
                if state is not None:
                    entities.append(state)
                    break
        if not entities:
            continue
        time, modality = ctx.when(trigger, (start, stop))
        if verb is not None and verb.future and modality is Modality.ASSERTED:
            modality = Modality.PLANNED  # 'سيوقع بوتين اتفاقا'
            time = ctx.time_near(trigger.start, future=True)
        events.append(
            Event(
                type=EventType.AGREEMENT,
                evidence=ctx.sentence,
                article_index=ctx.article_index,
                arguments=tuple(Argument(Role.PARTY, e) for e in entities),
                subtype=trigger.sense.subtype,
                trigger=ctx.span(trigger.start, trigger.stop),
                modality=modality,
                time=time,
                place=nearest_place(places, trigger.start, trigger.stop)
                or ctx.unnamed_place(trigger.stop, stop),
                confidence=0.7 if len(entities) >= 2 else 0.5,
                plover=trigger.sense.plover or "AGREE",
                cameo=trigger.sense.cameo or "057",
            )
        )
    return events

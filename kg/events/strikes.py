"""Military strikes: air strikes, shelling, attacks and clashes, with attacker and target.

The attacker is the subject (قصفت القوات التركية…), the actor before the verb (الدبابات
التركية قصفت…), or the one after 'من جانب' / 'من قبل'; the target follows the verb or
'على' / 'ضد'; 'اشتباكات بين X و Y' names both sides. A nisba on the target noun
(المنشآت النووية الإيرانية) names the target's state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.arabic.tokens import Token, stems
from kg.entities.lexicon import INSTRUMENTS
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
from kg.model import Argument, Entity, Event, EventType, Role

WINDOW = 10
# Light verbs whose object is the attack: 'شنت غارات', 'نفذ هجوما', 'أطلق صواريخ'.
_LIGHT_VERBS = frozenset(
    {"شن", "شنت", "شنوا", "نفذ", "نفذت", "نفذوا", "اطلق", "اطلقت", "اطلقوا", "وجه", "وجهت"}
)
# 'تعرض X لـ…': X suffered the attack.
_PASSIVE = frozenset({"تعرض", "تعرضت", "تتعرض", "يتعرض", "تعرضوا", "تعرضا"})


def _by_instrument(tokens: Sequence[Token], start: int, stop: int) -> str | None:
    """A finer strike class from the weapon the clause names ('قصفت مدفعية …' → Shelling)."""
    for token in tokens[start:stop]:
        for form in stems(token.norm):
            if form in INSTRUMENTS:
                return INSTRUMENTS[form]
    return None


def _passive_before(tokens: Sequence[Token], start: int, trigger_start: int) -> int | None:
    """Index of 'تعرض' before the trigger in its clause, where the sufferer is named."""
    for i in range(trigger_start - 1, max(start, trigger_start - 6) - 1, -1):
        if any(s in _PASSIVE for s in stems(tokens[i].norm)):
            return i
    return None


_BY = frozenset({"جانب", "قبل", "يد"})
_AGAINST = frozenset({"على", "ضد", "علي", "لمواقع", "مواقع"})
_NUMBER_WORDS = {"عنصرين": 2, "شخصين": 2, "اثنين": 2, "جنديين": 2, "ثلاثة": 3, "أربعة": 4, "خمسة": 5}
_KILLED = re.compile(r"(?:مقتل|قتل|قتلى|سقوط|استشهاد|مصرع)\s+(\d+|[\u0621-\u064a]+)")
_INJURED = re.compile(
    r"(?:إصابة|اصابة|جرح|إصابات|جرحى|أصيب|اصيب|وأصيب|واصيب|أصيبوا)\s+(?:نحو\s+|حوالي\s+)?(\d+|[\u0621-\u064a]+)"
)


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    if match is None:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else _NUMBER_WORDS.get(value)


def _nisba_after(
    ctx: SentenceContext, index: int, stop: int, skip: frozenset[int] | set[int] = frozenset()
) -> Entity | None:
    tokens = ctx.mentions.tokens
    for i in range(index, min(stop, index + 4)):
        if i in skip:
            continue
        country = ctx.table.country_of_nisba(tokens[i].norm) if tokens[i].is_word else None
        if country is not None:
            return country
    return None


def find_strikes(ctx: SentenceContext) -> list[Event]:
    """The strikes one sentence reports."""
    tokens = ctx.mentions.tokens
    events: list[Event] = []
    for trigger in ctx.triggers:
        if trigger.sense.type is not EventType.MILITARY_STRIKE:
            continue
        start, stop = clause_bounds(tokens, trigger.start)
        lo, hi = max(start, trigger.start - WINDOW), min(stop, trigger.stop + WINDOW)
        places = place_mentions(ctx.mentions, start, stop)
        place_ids = {id(p[2]) for p in places}
        actors = [m for m in ctx.mentions.between(lo, hi) if is_actor(m[2]) and id(m[2]) not in place_ids]
        attacker: list[Located] = []
        target: list[Located] = []
        pair = between_pair(ctx.mentions, trigger.stop, hi)
        if pair and trigger.sense.subtype == "ArmedClash":
            attacker, target = pair[:1], pair[1:]
        else:
            passive = _passive_before(tokens, start, trigger.start)
            for m in actors:
                i = m[0]
                prev = tokens[i - 1].norm if i > 0 else ""
                if prev in _BY:
                    attacker.append(m)
                elif passive is not None and passive < i < trigger.start:
                    target.append(m)  # 'تعرضت مواقع «قسد» لقصف … من جانب القوات التركية'
                elif (
                    trigger.sense.pos == "noun"
                    and i < trigger.start
                    and m[1] == trigger.start
                    and i > 0
                    and any(s in _LIGHT_VERBS for s in stems(tokens[i - 1].norm))
                ):
                    attacker.append(m)  # 'شنت إسرائيل غارات': the light verb's subject
                elif prev in _AGAINST or (i > 0 and tokens[i].norm.startswith("ل") and i > trigger.start):
                    target.append(m)
                elif i < trigger.start:
                    # An actor just before a verb is its subject: 'الدبابات التركية قصفت'.
                    if trigger.sense.pos == "verb" and trigger.start - m[1] <= 1:
                        attacker.append(m)
                elif trigger.sense.pos == "noun" and i == trigger.stop and not attacker:
                    attacker.append(m)  # the noun's genitive: 'غارات التحالف'.
                elif not attacker and trigger.sense.pos == "verb":
                    attacker.append(m)
                else:
                    target.append(m)
        attackers = [ctx.as_actor(e) for e in entity_set(attacker)]
        targets = [ctx.as_actor(e) for e in entity_set(target)]
        if not attackers:
            state = _nisba_after(ctx, trigger.stop, min(hi, trigger.stop + 2))
            if state is not None:
                attackers.append(state)
        if not targets:
            taken = {k for a, b, _ in attacker for k in range(a, b)}
            state = _nisba_after(ctx, trigger.stop + 1, hi, skip=taken)
            if state is not None and all(state.key != a.key for a in attackers):
                targets.append(state)
        # A state's forces act for it: name the state beside them.
        for group in (attackers, targets):
            for e in list(group):
                state = ctx.table.state_of_forces(e)
                if state is not None and all(state.key != g.key for g in group):
                    group.append(state)
        targets = [t for t in targets if all(t.key != a.key for a in attackers)]
        subtype = trigger.sense.subtype or _by_instrument(tokens, start, stop)
        if not attackers and not targets:
            continue
        time, modality = ctx.when(trigger, (start, stop))
        clause_text = ctx.text[tokens[start].begin : tokens[stop - 1].end]
        arguments = [Argument(Role.ATTACKER, e) for e in attackers]
        arguments += [Argument(Role.TARGET, e) for e in targets if all(e.key != a.key for a in attackers)]
        events.append(
            Event(
                type=EventType.MILITARY_STRIKE,
                evidence=ctx.sentence,
                article_index=ctx.article_index,
                arguments=tuple(arguments),
                subtype=subtype,
                trigger=ctx.span(trigger.start, trigger.stop),
                modality=modality,
                time=time,
                place=nearest_place(places, trigger.start, trigger.stop)
                or ctx.unnamed_place(trigger.stop, stop),
                killed=_count(_KILLED, clause_text),
                injured=_count(_INJURED, clause_text),
                confidence=0.7 if attackers and targets else 0.5,
                plover=trigger.sense.plover or "ASSAULT",
                cameo=trigger.sense.cameo or "190",
            )
        )
    return events

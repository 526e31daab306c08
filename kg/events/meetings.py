"""Meetings: talks, visits, receptions, summits and phone calls, with their participants.

Participants are the actors around the trigger in its clause: the subject, the object,
'مع X', 'بين X و Y' and counterparts. A visit (زار X، وصل إلى X) makes the visited state
a participant and the place where it happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.arabic.normalise import normalise
from kg.arabic.tokens import Token
from kg.entities.lexicon import BOTH_PARTIES, CLAUSE_OPENERS
from kg.events.context import SentenceContext
from kg.events.frames import clause_bounds, entity_set, is_actor, nearest_place, place_mentions
from kg.events.triggers import Trigger
from kg.model import Argument, Entity, EntityKind, Event, EventType, Modality, Role

WINDOW = 12


def _present(word: str) -> bool:
    """An imperfect verb form (يزور، تلتقي، ويجتمع) rather than a past one."""
    bare = word[1:] if word[:1] in "وف" else word
    return bare[:1] in "يت" and not bare.startswith(("تم", "تلقى", "تباحث", "تحادث"))


_DEFINITE_REFERENCE = ("ال", "وال", "بال", "لل", "فال")
_EXPLICIT = frozenset({"بين", "مع", "جمع", "جمعت", "ضم"})
_NOT_PARTICIPANT = frozenset({"في", "وفي", "على", "علي", "ضد", "حول", "بشان", "عن", "تجاه"})
_DURATION = frozenset({"لمده", "منذ", "طوال", "مدي", "لعده", "لسنوات", "لاشهر", "لايام"})
_DURING_VISIT = frozenset({"زيارته", "زيارتها", "زيارتهم", "زيارتهما"})
_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللذين", "اللتين", "التى", "الذى"})


def _reported_from(tokens: Sequence[Token], start: int, trigger_start: int) -> int:
    """Just after the last 'إن/أن' before the trigger: who reports a meeting is not in it
    ('وقال الكرملين إن بوتين التقى بايدن')."""
    for i in range(trigger_start - 1, start - 1, -1):
        if tokens[i].norm in CLAUSE_OPENERS and tokens[i].norm != ":":
            return i + 1
    return start


def _after_in(tokens: Sequence[Token], index: int) -> bool:
    """'في الكرملين': after 'في' a name is where, not who; after 'على', 'حول', 'بشأن' it is
    what was discussed ('لبحث الحرب على داعش')."""
    return index > 0 and tokens[index - 1].norm in _NOT_PARTICIPANT


def _purpose(word: str, trigger: Trigger) -> bool:
    """'لبحث', 'لمناقشة', 'لإجراء': the ل of purpose on a meeting word."""
    form = normalise(trigger.sense.form)
    bare = word.removeprefix("و")
    return bare.startswith("ل") and not form.startswith("ل") and bare.endswith(form[-3:])


def _refers_back(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """A definite meeting noun with no participants named after it refers to one reported."""
    word = tokens[trigger.start].norm
    form = normalise(trigger.sense.form).split()[0]
    # 'اللقاء' is ال + لقاء; 'للقاء' is ل + لقاء, indefinite.
    if not any(word.startswith(p) and word[len(p) :] == form for p in _DEFINITE_REFERENCE):
        return False
    after = {t.norm for t in tokens[trigger.stop : trigger.stop + 3]}
    return not after & _EXPLICIT


def _relative_clause(tokens: Sequence[Token], start: int, stop: int) -> int:
    """Where a relative clause ('التي تحافظ على علاقات مع…') opens after ``start``, else ``stop``."""
    for i in range(start, stop):
        if tokens[i].norm in _RELATIVE:
            return i
    return stop


def find_meetings(ctx: SentenceContext, last_meeting: list[Entity]) -> list[Event]:
    """The meetings one sentence reports."""
    tokens = ctx.mentions.tokens
    events: list[Event] = []
    for trigger in ctx.triggers:
        if trigger.sense.type is not EventType.MEETING:
            continue
        start, stop = clause_bounds(tokens, trigger.start)
        if _purpose(tokens[trigger.start].norm, trigger):
            continue  # 'لبحث التطورات': the purpose of another event, not a meeting of its own
        if trigger.sense.pos == "noun" and any(
            t.norm in _DURATION for t in tokens[trigger.stop : trigger.stop + 3]
        ):
            continue  # 'مفاوضات معقدة لمدة عامين': a long process, not one meeting
        if trigger.sense.pos == "noun" and _refers_back(tokens, trigger):
            continue  # 'حضر اللقاء', 'خلال الاجتماع': the meeting already reported
        lo = max(start, trigger.start - WINDOW, _reported_from(tokens, start, trigger.start))
        hi = _relative_clause(tokens, trigger.stop, stop)
        if trigger.sense.pos == "noun":
            hi = min(hi, trigger.stop + WINDOW)
        places = place_mentions(ctx.mentions, start, stop)
        place_keys = {id(p[2]) for p in places}
        actors = [
            m
            for m in ctx.mentions.between(lo, hi)
            if is_actor(m[2]) and id(m[2]) not in place_keys and not _after_in(tokens, m[0])
        ]
        if trigger.sense.pos == "noun" and hi < stop and tokens[hi].norm in _RELATIVE:
            # 'قمة «بريكس»، التي تنظمها روسيا': the host named in the relative clause takes part.
            organiser = [m for m in ctx.mentions.between(hi + 1, min(stop, hi + 4)) if is_actor(m[2])]
            actors += organiser[:1]
        participants = [ctx.as_actor(e) for e in entity_set(actors)]
        place = nearest_place(places, trigger.start, trigger.stop) or ctx.unnamed_place(trigger.stop, hi)
        if place is None and any(t.norm in _DURING_VISIT for t in tokens[start:stop]):
            place = ctx.discourse.last_visit_place  # 'والتقى شويغو، خلال زيارته، …'
        is_visit = trigger.sense.subtype == "Visit"
        if is_visit:
            # The visited place: 'زار إيران' / 'وصل إلى القاهرة' → the state takes part.
            visited = next(
                (
                    m
                    for m in ctx.mentions.between(trigger.stop, hi)
                    if m[2].entity.kind in (EntityKind.COUNTRY, EntityKind.CITY)
                ),
                None,
            )
            if visited is not None:
                place = visited[2].entity
                host = ctx.as_actor(place) if place.kind is EntityKind.CITY else place
                if host.kind is EntityKind.CITY and host.country:
                    host = ctx.table.entity(host.country) or host
                participants = [p for p in participants if p.key != place.key]
                if host.kind is EntityKind.COUNTRY and all(p.key != host.key for p in participants):
                    participants.append(host)
        if is_visit and place is not None:
            ctx.discourse.last_visit_place = place
        if any(t.norm in BOTH_PARTIES for t in tokens[lo:hi]) and last_meeting:
            continue  # 'الرئيسان استغلا المشاركة…': the two already met, in the meeting reported
        people = [p for p in participants if p.kind is EntityKind.PERSON]
        if trigger.sense.pos == "noun" and len(participants) < 2:
            continue
        if not participants:
            continue
        time, modality = ctx.when(trigger, (start, stop))
        if (
            modality is Modality.ASSERTED
            and trigger.sense.pos == "verb"
            and _present(tokens[trigger.start].norm)
        ):
            # 'يزور الجبير موسكو اليوم', 'يلتقي': a meeting verb in the present is news of a plan.
            modality = Modality.PLANNED
            time = ctx.time_near(trigger.start, future=True)
        last_meeting[:] = participants
        events.append(
            Event(
                type=EventType.MEETING,
                evidence=ctx.sentence,
                article_index=ctx.article_index,
                arguments=tuple(Argument(Role.PARTICIPANT, p) for p in participants),
                subtype=trigger.sense.subtype,
                trigger=ctx.span(trigger.start, trigger.stop),
                modality=modality,
                time=time,
                place=place,
                confidence=0.75 if len(people) >= 2 else 0.55,
                plover=trigger.sense.plover or "CONSULT",
                cameo=trigger.sense.cameo or "040",
            )
        )
    return events

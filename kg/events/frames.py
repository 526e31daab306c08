"""Who is where around a trigger: subjects, objects, 'between X and Y', 'with X', places.

Arabic news is mostly verb–subject–object: the agent follows the verb (قال بوتين،
استقبل الأمير X الرئيس Y). Clauses are bounded by sentence punctuation and by the words
that open reported speech, so a reported clause's names do not become the reporter's.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.arabic.tokens import Token, stems
from kg.entities.gazetteer import gazetteer
from kg.entities.mentions import SentenceMentions
from kg.model import Entity, EntityKind, Mention

ACTOR_KINDS = frozenset(
    {EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.ARMED_GROUP, EntityKind.COUNTRY}
)
PLACE_KINDS = frozenset({EntityKind.CITY, EntityKind.PLACE, EntityKind.COUNTRY, EntityKind.FACILITY})
_BREAKS = frozenset(".!?؟;؛")
_PLACE_PREPOSITIONS = frozenset({"في", "بـ", "ب"})
_BETWEEN = frozenset({"بين"})
_WITH = frozenset({"مع"})
_AGAINST = frozenset({"على", "ضد", "علي"})
_BY = frozenset({"جانب", "قبل", "يد"})  # من جانب / من قبل / على يد


Located = tuple[int, int, Mention]
# 'الموالي لتركيا', 'التابع لقوات…': an affiliation, not a party of its own.
_AFFILIATION = frozenset(
    {"الموالي", "الموالية", "التابع", "التابعة", "المدعوم", "المدعومة", "المقرب", "المقربة"}
)
# Words that put a place name after them: 'في ريف منبج', 'بشمال سوريا', 'مدينة كازان'.
_AREA = frozenset(
    {
        "مدينه",
        "ريف",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "وسط",
        "محافظه",
        "ولايه",
        "منطقه",
        "العاصمه",
        "عاصمه",
        "قريه",
        "بلده",
    }
)


def clause_bounds(tokens: Sequence[Token], at: int) -> tuple[int, int]:
    """The clause around token ``at``: between sentence-internal breaks (؛ and the like)."""
    start = at
    while start > 0 and tokens[start - 1].text not in _BREAKS:
        start -= 1
    stop = at
    while stop < len(tokens) and tokens[stop].text not in _BREAKS:
        stop += 1
    return start, stop


def is_actor(mention: Mention) -> bool:
    """Whether a mention can fill an actor role: a capital counts, standing for its state
    ('وتؤكد أنقرة', 'محادثات بين موسكو والرياض')."""
    entity = mention.entity
    return entity.kind in ACTOR_KINDS or (
        entity.kind is EntityKind.CITY and gazetteer().country_of_capital(entity) is not None
    )


def preceded_by(tokens: Sequence[Token], index: int, words: frozenset[str]) -> bool:
    """Whether the word before ``index`` (or its proclitic) is one of ``words``."""
    if index > 0 and tokens[index - 1].norm in words:
        return True
    norm = tokens[index].norm
    return any(norm.startswith(p) and len(norm) > len(p) + 2 for p in ("ب", "وب", "في")) and "ب" in words


def place_mentions(sm: SentenceMentions, start: int, stop: int) -> list[Located]:
    """Places introduced by في / بـ in ``[start, stop)``."""
    out = []
    for m in sm.between(start, stop):
        if m[2].entity.kind not in PLACE_KINDS:
            continue
        i = m[0]
        tokens = sm.tokens
        prev = stems(tokens[i - 1].norm)[-1] if i > 0 else ""
        prev_word = tokens[i - 1].norm if i > 0 else ""
        prev2 = tokens[i - 2].norm if i > 1 else ""
        first = tokens[i].norm
        if (
            prev_word in ("في", "وفي")
            or prev in _AREA
            or prev_word in _AREA
            or prev2 in ("في",)
            or (first.startswith("ب") and not first.startswith("بين"))
            or first.startswith(("وفي", "في"))
        ):
            out.append(m)
    return out


def after_word(sm: SentenceMentions, words: frozenset[str], start: int, stop: int) -> list[Located]:
    """Actor mentions right after one of ``words`` (or with it as a proclitic) in ``[start, stop)``."""
    out = []
    for m in sm.between(start, stop):
        i = m[0]
        if not is_actor(m[2]):
            continue
        if i > 0 and sm.tokens[i - 1].norm in words:
            out.append(m)
    return out


def between_pair(sm: SentenceMentions, start: int, stop: int) -> list[Located]:
    """The actors of 'بين X و Y' in ``[start, stop)``."""
    tokens = sm.tokens
    for i in range(start, stop):
        if tokens[i].norm in _BETWEEN:
            actors = [
                m
                for m in sm.between(i + 1, min(stop, i + 14))
                if is_actor(m[2]) and not (m[0] > 0 and sm.tokens[m[0] - 1].norm in _AFFILIATION)
            ]
            if actors:
                return actors[:4]
    return []


def entity_set(located: Sequence[Located]) -> list[Entity]:
    """The distinct entities of some mentions, in order."""
    seen: dict[str, Entity] = {}
    for _, _, m in located:
        seen.setdefault(m.entity.key, m.entity)
    return list(seen.values())


def word_is(token: Token, words: frozenset[str]) -> bool:
    """The token, or its proclitic-stripped form, is one of ``words``."""
    return token.norm in words or any(s in words for s in stems(token.norm))


def nearest_place(places: Sequence[Located], trigger_start: int, trigger_stop: int) -> Entity | None:
    """The place the event happened: the nearest one after the trigger, else the nearest before."""
    after = [p for p in places if p[0] >= trigger_stop]
    if after:
        return min(after, key=lambda p: p[0])[2].entity
    before = [p for p in places if p[1] <= trigger_start]
    return max(before, key=lambda p: p[1])[2].entity if before else None

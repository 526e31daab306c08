"""Event triggers: words that report a meeting, a statement, a strike or an agreement.

The lexicon is ``kg/data/triggers.tsv`` (form, event_type, subtype, pos, frame, plover,
cameo, modality, notes); forms are undiacritised and without proclitics, which are
stripped from the text's words before look-up.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from kg.arabic.normalise import normalise
from kg.arabic.tokens import Token, stems
from kg.entities.gazetteer import read_table
from kg.model import EventType


@dataclass(frozen=True, slots=True)
class TriggerSense:
    """What a trigger word means: its event type and how its actors are placed."""

    form: str
    type: EventType
    subtype: str | None
    pos: str
    frame: str
    plover: str | None
    cameo: str | None
    modality: str | None


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger found in a sentence: tokens ``[start, stop)``."""

    start: int
    stop: int
    sense: TriggerSense
    future: bool  # the verb carries the future prefix سـ


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    """Trigger forms (one or more words) to their senses."""

    single: dict[str, TriggerSense]
    multi: dict[tuple[str, ...], TriggerSense]
    longest: int
    multi_first: frozenset[str]  # the first words of the forms in ``multi``

    def find(self, tokens: Sequence[Token]) -> list[Trigger]:
        """Triggers in ``tokens``, longest first at each position, non-overlapping."""
        out: list[Trigger] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token.is_word:
                i += 1
                continue
            found: Trigger | None = None
            firsts = [form for form in _forms(token.norm) if form in self.multi_first]
            for size in range(min(self.longest, len(tokens) - i), 1, -1) if firsts else ():
                words = tokens[i : i + size]
                if not all(t.is_word for t in words):
                    continue
                for first in firsts:
                    key = (first, *(_bare(t.norm) for t in words[1:]))
                    sense = self.multi.get(key)
                    if sense is not None:
                        found = Trigger(i, i + size, sense, _is_future(words[0].norm, first))
                        break
                if found:
                    break
            if found is None:
                for form in _forms(token.norm):
                    sense = self.single.get(form)
                    if sense is not None:
                        found = Trigger(i, i + 1, sense, _is_future(token.norm, form))
                        break
            if found is not None and found.sense.pos == "verb" and _after_preposition(tokens, i, found.sense):
                # 'على رفض الاتفاق', 'في بحث': after a preposition the form is a verbal noun.
                found = Trigger(found.start, found.stop, _as_noun(found.sense), found.future)
            if found is not None:
                out.append(found)
                i = found.stop
            else:
                i += 1
        return out


_PREPOSITIONS = frozenset(
    {"في", "على", "علي", "من", "الى", "إلى", "عن", "حول", "بعد", "قبل", "خلال", "اثر", "عقب"}
)


def _after_preposition(tokens: Sequence[Token], i: int, sense: TriggerSense) -> bool:
    """Whether a preposition stands right before token ``i``, or the word carries the article
    the trigger form lacks (التقى begins with ال itself)."""
    if i > 0 and tokens[i - 1].norm in _PREPOSITIONS:
        return True
    form = _bare(normalise(sense.form))
    word = _bare(tokens[i].norm)
    return not form.startswith("ال") and word.startswith(("ال", "بال", "وال")) and word.endswith(form)


@functools.cache
def _as_noun(sense: TriggerSense) -> TriggerSense:
    return TriggerSense(
        sense.form, sense.type, sense.subtype, "noun", sense.frame, sense.plover, sense.cameo, sense.modality
    )


@functools.lru_cache(maxsize=65536)
def _bare(norm: str) -> str:
    return "".join(c for c in norm if c.isalnum())


@functools.lru_cache(maxsize=65536)
def _forms(norm: str) -> tuple[str, ...]:
    word = _bare(norm)
    return tuple(dict.fromkeys((word, *stems(word))))


def _is_future(surface: str, form: str) -> bool:
    """The surface word is ``form`` with the future prefix س (سيوقع, وستزور)."""
    word = _bare(surface)
    return word.endswith(form) and word[: len(word) - len(form)].endswith("س") and form[:1] in "يتنا"


@functools.cache
def lexicon() -> TriggerLexicon:
    """The trigger lexicon, loaded once."""
    single: dict[str, TriggerSense] = {}
    multi: dict[tuple[str, ...], TriggerSense] = {}
    for row in read_table("triggers.tsv"):
        words = tuple(_bare(w) for w in normalise(row["form"]).split())
        if not words:
            continue
        sense = TriggerSense(
            form=row["form"],
            type=EventType(row["event_type"]),
            subtype=row.get("subtype") or None,
            pos=row.get("pos") or "verb",
            frame=row.get("frame") or "subj",
            plover=row.get("plover") or None,
            cameo=row.get("cameo") or None,
            modality=row.get("modality") or None,
        )
        if len(words) == 1:
            single.setdefault(words[0], sense)
        else:
            multi.setdefault(words, sense)
    longest = max((len(k) for k in multi), default=1)
    return TriggerLexicon(single, multi, longest, frozenset(words[0] for words in multi))

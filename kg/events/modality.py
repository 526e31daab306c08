"""Modality: did the event happen, is it planned, hypothetical, or denied?

Cues come from ``kg/data/modality.tsv`` (cue, modality, scope): ``before`` cues count in
the few words before the trigger, ``after`` cues in the words after it, ``clause`` cues
anywhere in the trigger's clause. The trigger's own form speaks first (سيوقع → planned;
لم يلتق → negated); a date after publication makes an event planned.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from kg.arabic.normalise import normalise
from kg.arabic.tokens import Token, stems
from kg.entities.gazetteer import read_table
from kg.events.triggers import Trigger
from kg.model import Modality

BEFORE_WINDOW = 5
PLANNED_BEFORE_WINDOW = 12
AFTER_WINDOW = 6
_NEGATORS = frozenset({"لم", "لن", "ما", "لا", "ليس", "ولم", "ولن", "فلم"})
_PRIORITY = {Modality.NEGATED: 3, Modality.HYPOTHETICAL: 2, Modality.PLANNED: 1, Modality.ASSERTED: 0}


@dataclass(frozen=True, slots=True)
class Cue:
    """A word or phrase that sets modality within its scope."""

    words: tuple[str, ...]
    modality: Modality
    scope: str


def _bare(norm: str) -> str:
    return "".join(c for c in norm if c.isalnum())


@functools.cache
def cues() -> dict[str, tuple[Cue, ...]]:
    """The modality cues by their first word, longest first."""
    by_first: dict[str, list[Cue]] = {}
    for row in read_table("modality.tsv"):
        words = tuple(_bare(w) for w in normalise(row["cue"]).split() if _bare(w))
        if not words or row["cue"].endswith("+"):
            continue
        try:
            modality = Modality(row["modality"])
        except ValueError:
            continue
        by_first.setdefault(words[0], []).append(Cue(words, modality, row.get("scope") or "before"))
    return {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in by_first.items()}


def _cue_at(tokens: Sequence[Token], i: int) -> Cue | None:
    """The longest cue starting at token ``i`` (its first word may carry proclitics)."""
    token = tokens[i]
    if not token.is_word:
        return None
    index = cues()
    word = _bare(token.norm)
    for first in dict.fromkeys((word, *stems(word))):
        for cue in index.get(first, ()):
            rest = tokens[i + 1 : i + len(cue.words)]
            if len(rest) == len(cue.words) - 1 and all(
                t.is_word and _bare(t.norm) == w for t, w in zip(rest, cue.words[1:], strict=True)
            ):
                return cue
    return None


def modality_of(
    tokens: Sequence[Token],
    trigger: Trigger,
    clause: tuple[int, int],
    *,
    day: dt.date | None = None,
    published: dt.date | None = None,
    statement: bool = False,
) -> Modality:
    """The modality of the event ``trigger`` reports, inside ``clause`` = (start, stop) tokens."""
    start, stop = clause
    previous = tokens[trigger.start - 1].norm if trigger.start > start else ""
    if previous in _NEGATORS or (
        trigger.start - 2 >= start
        and tokens[trigger.start - 2].norm in _NEGATORS
        and not tokens[trigger.start - 1].is_word
    ):
        return Modality.NEGATED
    if previous == "قد" and tokens[trigger.start].norm[:1] in "يت":
        return Modality.HYPOTHETICAL  # قد + present: 'may'; قد + past is 'has' (قد زار)
    if statement:
        # A speech act is reported as made; what it says about the future is its content.
        return Modality.ASSERTED
    if trigger.sense.modality:
        try:
            return Modality(trigger.sense.modality)
        except ValueError:
            pass
    found = Modality.ASSERTED
    for i in range(start, stop):
        if trigger.start <= i < trigger.stop:
            continue
        cue = _cue_at(tokens, i)
        if cue is None:
            continue
        # A plan is announced well ahead of its verb: 'أعرب عن أمل في أن يجري، خلال…، توقيع اتفاق'.
        reach = BEFORE_WINDOW if cue.modality is Modality.HYPOTHETICAL else PLANNED_BEFORE_WINDOW
        before = trigger.start - reach <= i < trigger.start
        after = trigger.stop <= i < trigger.stop + AFTER_WINDOW
        in_scope = (
            (cue.scope == "before" and before) or (cue.scope == "after" and after) or cue.scope == "clause"
        )
        if in_scope and _PRIORITY[cue.modality] > _PRIORITY[found]:
            found = cue.modality
    if found is Modality.ASSERTED and trigger.future:
        found = Modality.PLANNED
    if found is Modality.ASSERTED and day is not None and published is not None and day > published:
        found = Modality.PLANNED
    return found

"""Statements: a speaker, maybe an addressee, and what was said.

The speaker follows the speech verb (قال بوتين إن…), or stands before it (وكان إردوغان
قد أكد…), or is introduced by وفقاً لـ / بحسب; a verb with no subject (وأكد أن…، وأضاف:)
continues the last speaker. Verbs of address (خاطب بوتين قائلاً) make the named person the
addressee and the last speaker the speaker. One statement per sentence and speaker.
"""

from __future__ import annotations

from kg.arabic.normalise import normalise
from kg.arabic.tokens import stems
from kg.entities.lexicon import ANONYMOUS, CLAUSE_OPENERS, IMPERSONAL, STOP, light
from kg.entities.mentions import name_start
from kg.events.context import SentenceContext
from kg.events.frames import Located, clause_bounds, is_actor
from kg.events.modality import modality_of
from kg.events.triggers import Trigger, TriggerSense
from kg.model import Argument, Entity, Event, EventType, Role, Span, TimeExpression

SUBJECT_WINDOW = 7
MIN_QUOTE_WORDS = 3
_ADDRESS = frozenset(normalise(w) for w in ["خاطب", "خاطبت", "مخاطبا", "مخاطباً", "موجها", "موجهاً"])
# Verbs that are speech only when a reported clause follows (زاد also means "exceeded").
_NEEDS_CONTENT = frozenset(normalise(w) for w in ["زاد", "تابع", "أضاف", "ذكر", "رأى", "أشار", "لفت", "كشف"])
_ACCORDING = frozenset(
    normalise(w) for w in ["وفقا", "وفقاً", "ووفقا", "ووفقاً", "بحسب", "وبحسب", "حسب", "وحسب"]
)
_QUOTES = {"«": "»", '"': '"', "“": "”"}
_OPENING = frozenset({"«", "“"})
_CLOSING = frozenset({"»", "”"})
_PARTICIPLE_PREFIX = "م"
# Words that may open a clause before its subject: 'لكن موسكو انتقدت', 'فيما الوزير قال'.
_SUBJECT_LEAD = frozenset(normalise(w) for w in ["لكن", "ولكن", "فيما", "بينما", "كما", "و", "ثم"])


def _content_start(ctx: SentenceContext, after: int) -> int | None:
    """The first token of the reported content after ``after`` (an opener, a colon or a quote)."""
    tokens = ctx.mentions.tokens
    for i in range(after, min(len(tokens), after + 12)):
        t = tokens[i]
        if t.norm in CLAUSE_OPENERS or t.text in (":", "«", '"', "“"):
            return i
    return None


def _quote(ctx: SentenceContext, start: int) -> Span | None:
    """The quoted words («…») after ``start``, else the reported clause to the sentence end."""
    tokens = ctx.mentions.tokens
    for i in range(start, len(tokens)):
        closing = _QUOTES.get(tokens[i].text)
        if closing is None:
            continue
        for j in range(i + 1, len(tokens)):
            if tokens[j].text == closing:
                if sum(t.is_word for t in tokens[i + 1 : j]) >= MIN_QUOTE_WORDS:
                    return ctx.span(i + 1, j)
                break  # «بريكس»: a name in guillemets, not a quotation; look further
        else:
            break
    first = start + 1 if start < len(tokens) and not tokens[start].is_word else start
    if tokens[first:] and tokens[first].norm in CLAUSE_OPENERS:
        first += 1
    last = len(tokens)
    while last > first and not tokens[last - 1].is_word and tokens[last - 1].text not in '»"”':
        last -= 1
    return ctx.span(first, last) if last > first else None


def _subject_after(ctx: SentenceContext, trigger: Trigger, limit: int) -> Located | None:
    """The actor right after the verb (VSO): only punctuation or time words may come between."""
    tokens = ctx.mentions.tokens
    times = [(t.surface.begin, t.surface.end) for t in ctx.times]
    for m in ctx.mentions.between(trigger.stop, limit):
        gap = tokens[trigger.stop : m[0]]
        if all(not t.is_word or any(b <= t.begin < e for b, e in times) for t in gap):
            return m if is_actor(m[2]) else None
        return None
    return None


def _inside_quote(ctx: SentenceContext, index: int) -> bool:
    """Whether token ``index`` lies inside «…» or "…" of this sentence."""
    depth = 0
    straight = False
    for t in ctx.mentions.tokens[:index]:
        if t.text in _OPENING:
            depth += 1
        elif t.text in _CLOSING:
            depth = max(0, depth - 1)
        elif t.text == '"':
            straight = not straight
    return depth > 0 or straight


def _subject_before(ctx: SentenceContext, trigger: Trigger, clause_start: int) -> Located | None:
    """'وكان X قد أكد' or 'X قال' at the clause start."""
    before = [m for m in ctx.mentions.between(clause_start, trigger.start) if m[1] <= trigger.start]
    if not before:
        return None
    last = before[-1]
    gap = trigger.start - last[1]
    tokens = ctx.mentions.tokens
    between = {t.norm for t in tokens[last[1] : trigger.start]}
    if is_actor(last[2]) and (gap == 0 or (gap <= 2 and between <= {"قد", "فقد", "،", ","})):
        return last
    return None


def _subject_before_verb(ctx: SentenceContext, trigger: Trigger, clause_start: int) -> Located | None:
    """SVO: 'لكن موسكو انتقدت واشنطن' — an actor right before a verb that does not open its clause."""
    tokens = ctx.mentions.tokens
    before = [m for m in ctx.mentions.between(clause_start, trigger.start) if m[1] == trigger.start]
    if not before or not is_actor(before[0][2]) or trigger.sense.pos != "verb":
        return None
    head = [t for t in tokens[clause_start : before[0][0]] if t.is_word]
    return before[0] if all(t.norm in _SUBJECT_LEAD for t in head) else None


def _unnamed_subject(ctx: SentenceContext, trigger: Trigger) -> bool:
    """The verb is followed by a subject we could not resolve ('وقالت هوتوفلي', 'وتشير المعلومات'),
    so the statement is not the last speaker's. An indefinite noun after the verb is more often
    its object (وأكد أهمية…)."""
    tokens = ctx.mentions.tokens
    times = [(t.surface.begin, t.surface.end) for t in ctx.times]
    for token in tokens[trigger.stop : trigger.stop + 2]:
        if not token.is_word or any(b <= token.begin < e for b, e in times):
            continue
        word = light(token.text)
        if token.norm in CLAUSE_OPENERS or word in STOP or word.startswith(("ل", "ب")):
            return False
        # A name we could not resolve, or a definite noun phrase: in VSO order, the subject
        # ('وتشير المعلومات', 'كما أفاد الموقع الإلكتروني').
        return name_start(token) or word.startswith("ال")
    return False


def _said_when(ctx: SentenceContext, trigger: Trigger, quote: Span | None) -> TimeExpression | None:
    """The day the words were said: a time in the reporting clause ('وقال X اليوم إن'), not one
    inside what was said."""
    said = [
        t
        for t in ctx.times
        if t.day is not None and (quote is None or not quote.begin <= t.surface.begin < quote.end)
    ]
    if not said:
        return None
    at = ctx.mentions.tokens[trigger.start].begin
    return min(said, key=lambda t: abs(t.surface.begin - at))


def _attribution(ctx: SentenceContext) -> tuple[Entity, Trigger] | None:
    """A sentence opened by 'وفقاً لـ X' / 'بحسب X' whose reported words follow: X's statement."""
    tokens = ctx.mentions.tokens
    found = _according_to(ctx)
    if found is None or _content_start(ctx, found[1]) is None:
        return None
    at = next(i for i, t in enumerate(tokens[:4]) if t.norm in _ACCORDING)
    sense = TriggerSense(tokens[at].text, EventType.STATEMENT, None, "adverb", "according", None, "010", None)
    return ctx.as_actor(found[2].entity), Trigger(at, at + 1, sense, False)


def _according_to(ctx: SentenceContext) -> Located | None:
    tokens = ctx.mentions.tokens
    for i, t in enumerate(tokens[:4]):
        if t.norm in _ACCORDING:
            after = [m for m in ctx.mentions.between(i + 1, i + 6) if is_actor(m[2])]
            if after:
                return after[0]
    return None


def _anonymous(ctx: SentenceContext, trigger: Trigger, limit: int) -> bool:
    """The subject is an unnamed source: after the verb ('قالت مصادر'), or before it
    ('وكانت مصادر دبلوماسية قد كشفت')."""
    tokens = ctx.mentions.tokens
    clause_start, _ = clause_bounds(tokens, trigger.start)
    after = range(trigger.stop, min(limit, trigger.stop + 2))
    before = range(max(clause_start, trigger.start - 4), trigger.start)
    return any(
        stems(tokens[i].norm)[-1] in ANONYMOUS or tokens[i].norm in ANONYMOUS for i in (*after, *before)
    )


def _topic(ctx: SentenceContext) -> Entity | None:
    """The person a sentence is about: an actor right after its opening verb (والتقى شويغو…)."""
    tokens = ctx.mentions.tokens
    for m in ctx.mentions.mentions[:1]:
        if (
            m[2].entity.kind.value == "Person"
            and m[0] <= 3
            and all(
                not t.is_word or t.norm.startswith(("و", "ف", "ك")) or i == 0
                for i, t in enumerate(tokens[: m[0]])
            )
        ):
            return m[2].entity
    return None


def find_statements(ctx: SentenceContext) -> list[Event]:
    """The statements of one sentence, updating the discourse's last speaker."""
    tokens = ctx.mentions.tokens
    by_speaker: dict[str, tuple[Entity, Trigger, Span | None, Entity | None]] = {}
    order: list[str] = []
    content_started = False
    for trigger in ctx.triggers:
        if trigger.sense.type is not EventType.STATEMENT or _inside_quote(ctx, trigger.start):
            continue
        if trigger.sense.pos == "noun" and trigger.sense.frame != "reported":
            continue  # 'تصريحات X' mostly refers back to words already reported
        if content_started:
            continue  # a speech verb inside the reported clause is part of what was said
        word = "".join(c for c in tokens[trigger.start].norm if c.isalnum())
        if word in IMPERSONAL or stems(word)[-1] in IMPERSONAL:
            continue
        stem = normalise(trigger.sense.form)
        content = _content_start(ctx, trigger.stop)
        if stem in _NEEDS_CONTENT and content is None and _subject_after(ctx, trigger, len(tokens)) is None:
            continue
        limit = content if content is not None else min(len(tokens), trigger.stop + SUBJECT_WINDOW)
        clause_start, _ = clause_bounds(tokens, trigger.start)
        addressee: Entity | None = None
        speaker: Entity | None = None
        current = by_speaker[order[-1]][0] if order else None
        found = _subject_before_verb(ctx, trigger, clause_start) or _subject_after(ctx, trigger, limit)
        if stem in _ADDRESS or word in _ADDRESS:
            after = [m for m in ctx.mentions.between(trigger.stop, limit) if is_actor(m[2])]
            if len(after) >= 2 and not current:
                # 'خاطب بوتين نظيره بزشكيان قائلاً': subject, then the one addressed.
                speaker, addressee = ctx.as_actor(after[0][2].entity), ctx.as_actor(after[1][2].entity)
            else:
                addressee = ctx.as_actor(found[2].entity) if found else None
                speaker = current or ctx.discourse.last_speaker
        elif trigger.sense.frame == "reported":
            # 'نقلت وكالة X عن Y قوله': Y speaks.
            source = next(
                (
                    m
                    for m in ctx.mentions.between(trigger.stop, len(tokens))
                    if is_actor(m[2]) and m[0] > 0 and tokens[m[0] - 1].norm == "عن"
                ),
                None,
            )
            if source is None:
                continue
            speaker = ctx.as_actor(source[2].entity)
        elif found is not None:
            speaker = ctx.as_actor(found[2].entity)
        elif content_started or current is not None:
            # A second verb of the same sentence with no subject of its own: the same speaker.
            speaker = current
        elif _anonymous(ctx, trigger, limit):
            # An unnamed source has the floor: nothing more in this sentence, and no later
            # 'وأكد أن' is anyone's we know.
            ctx.discourse.last_speaker = None
            break
        else:
            before = _subject_before(ctx, trigger, clause_start) or _according_to(ctx)
            topic = _topic(ctx) if trigger.start > 1 else None
            if before is not None:
                speaker = ctx.as_actor(before[2].entity)
            elif _unnamed_subject(ctx, trigger):
                continue  # 'وقالت هوتوفلي', 'وقال مصدر': someone the text has not let us resolve
            elif topic is not None:
                speaker = topic  # 'وكان نايف البكري يشغل …، وطالب …': the sentence's own subject
            else:
                speaker = ctx.discourse.last_speaker
        if speaker is None:
            continue
        if content is not None:
            content_started = True
        quote = _quote(ctx, content if content is not None else trigger.stop)
        if speaker.key not in by_speaker:
            order.append(speaker.key)
            by_speaker[speaker.key] = (speaker, trigger, quote, addressee)
        elif addressee is not None and by_speaker[speaker.key][3] is None:
            first = by_speaker[speaker.key]
            by_speaker[speaker.key] = (first[0], first[1], first[2], addressee)
        ctx.discourse.last_speaker = speaker
    if not order:
        attributed = _attribution(ctx)
        if attributed is not None:
            # 'ووفقاً للوزير الروسي، فإن «…»': words reported with no verb of saying.
            speaker, trigger = attributed
            order.append(speaker.key)
            content = _content_start(ctx, trigger.stop)
            by_speaker[speaker.key] = (speaker, trigger, _quote(ctx, content or trigger.stop), None)
            ctx.discourse.last_speaker = speaker
    if not order:
        topic = _topic(ctx)
        if topic is not None:
            ctx.discourse.last_speaker = topic
    events = []
    for key in order:
        speaker, trigger, quote, addressee = by_speaker[key]
        arguments = [Argument(Role.SPEAKER, speaker)]
        if addressee is not None and addressee.key != speaker.key:
            arguments.append(Argument(Role.ADDRESSEE, addressee))
        time = _said_when(ctx, trigger, quote) or ctx.scene_day
        clause = clause_bounds(tokens, trigger.start)
        events.append(
            Event(
                type=EventType.STATEMENT,
                evidence=ctx.sentence,
                article_index=ctx.article_index,
                arguments=tuple(arguments),
                subtype=trigger.sense.subtype,
                trigger=ctx.span(trigger.start, trigger.stop),
                modality=modality_of(tokens, trigger, clause, statement=True),
                time=time,
                quote=quote,
                confidence=0.8 if speaker.kind.value == "Person" else 0.6,
                plover=trigger.sense.plover,
                cameo=trigger.sense.cameo or "010",
            )
        )
    return events

"""Event extraction: articles → meetings, statements, strikes and agreements.

Stages, each a function of typed values: sentences (``kg.arabic.sentences``) → tokens
(``kg.arabic.tokens``) → mentions with coreference (``kg.entities.mentions``) → triggers
(``kg.events.triggers``) → one finder per event kind → merging of repeated mentions of
one event inside a document (``kg.events.merge``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from kg.arabic.sentences import sentences
from kg.arabic.tokens import tokenise
from kg.entities.gazetteer import gazetteer
from kg.entities.mentions import MentionFinder
from kg.events.agreements import find_agreements
from kg.events.context import SentenceContext
from kg.events.meetings import find_meetings
from kg.events.merge import merge_events
from kg.events.statements import find_statements
from kg.events.strikes import find_strikes
from kg.events.time import find_times, looks_ahead
from kg.events.triggers import lexicon
from kg.model import Article, BlockKind, Document, Entity, Event, TimeExpression

__all__ = ["ExtractorSettings", "extract_events"]


@dataclass(frozen=True, slots=True)
class ExtractorSettings:
    """How extraction runs; recorded on every ingest run."""

    keep_related: bool = False  # treat teasers of other stories as text to extract from
    from_captions: bool = False  # captions repeat the story; events only they show are optional
    min_confidence: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The settings as JSON-ready values."""
        return {"extractor": "hadath-rules", **asdict(self)}


def _article_events(
    document: Document, article: Article, settings: ExtractorSettings, finder: MentionFinder
) -> list[Event]:
    kinds = {BlockKind.BODY}
    if settings.from_captions:
        kinds.add(BlockKind.CAPTION)
    published = document.meta.published
    table = gazetteer()
    triggers = lexicon()
    events: list[Event] = []
    last_meeting: list[Entity] = []
    finder.discourse.last_speaker = None
    units = [
        s
        for block in article.text_blocks(*kinds)
        for s in sentences(document.text, block.span.begin, block.span.end)
    ]
    unit_tokens = [tokenise(document.text, unit.begin, unit.end) for unit in units]
    times = [
        tuple(find_times(document.text, unit, published, tokens=tokens))
        for unit, tokens in zip(units, unit_tokens, strict=True)
    ]
    scene_day = _scene_day(times, published)
    for sentence, tokens, sentence_times in zip(units, unit_tokens, times, strict=True):
        if not tokens:
            continue
        ahead = (
            tuple(find_times(document.text, sentence, published, future=True, tokens=tokens))
            if sentence_times
            else ()
        )
        ctx = SentenceContext(
            text=document.text,
            sentence=sentence,
            article_index=article.index,
            mentions=finder.find(tokens),
            triggers=tuple(triggers.find(tokens)),
            times=sentence_times,
            published=published,
            discourse=finder.discourse,
            table=table,
            scene_day=scene_day,
            future_times=ahead,
        )
        events += find_meetings(ctx, last_meeting)
        events += find_agreements(ctx, last_meeting)
        events += find_strikes(ctx)
        events += find_statements(ctx)
    return events


def _scene_day(times: list[tuple[TimeExpression, ...]], published: dt.date | None) -> TimeExpression | None:
    """The day the article's story is set on: its first time expression that fixes a day on or
    before publication (a report's statements are dated by it when they say nothing else)."""
    for sentence_times in times:
        for time in sentence_times:
            if (
                time.day is not None
                and (published is None or time.day <= published)
                and not looks_ahead(time)
            ):
                return time
    return None


def extract_events(
    document: Document, articles: tuple[Article, ...], settings: ExtractorSettings | None = None
) -> tuple[tuple[Event, ...], tuple[Entity, ...]]:
    """The events of every article, and the extra entities they refer to (countries of persons)."""
    settings = settings or ExtractorSettings()
    events: list[Event] = []
    extra: dict[str, Entity] = {}
    for article in articles:
        finder = MentionFinder(document.text)
        events += _article_events(document, article, settings, finder)
        extra.update(finder.discourse.extra_entities)
    kept = [e for e in merge_events(events) if e.confidence >= settings.min_confidence]
    return tuple(kept), tuple(extra.values())

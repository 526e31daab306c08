"""Event extraction: articles → meetings, statements, strikes and agreements.

Stages, each a function of typed values: sentences (``kg.arabic.sentences``) → tokens
(``kg.arabic.tokens``) → mentions with coreference (``kg.entities.mentions``) → triggers
(``kg.events.triggers``) → one finder per event kind → merging of repeated mentions of
one event inside a document (``kg.events.merge``).
"""

from __future__ import annotations

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
from kg.events.time import find_times
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


def _article_events(document: Document, article: Article, settings: ExtractorSettings,
                    finder: MentionFinder) -> list[Event]:
    kinds = {BlockKind.BODY}
    if settings.from_captions:
        kinds.add(BlockKind.CAPTION)
    published = document.meta.published
    table = gazetteer()
    triggers = lexicon()
    events: list[Event] = []
    last_meeting: list[Entity] = []
    scene_day: TimeExpression | None = None
    finder.discourse.last_speaker = None
    for block in article.text_blocks(*kinds):
        for sentence in sentences(document.text, block.span.begin, block.span.end):
            tokens = tokenise(document.text, sentence.begin, sentence.end)
            if not tokens:
                continue
            found = finder.find(tokens)
            times = tuple(find_times(document.text, sentence, published))
            ctx = SentenceContext(
                text=document.text, sentence=sentence, article_index=article.index, mentions=found,
                triggers=tuple(triggers.find(tokens)), times=times, published=published,
                discourse=finder.discourse, table=table, scene_day=scene_day,
            )
            events += find_meetings(ctx, last_meeting)
            events += find_agreements(ctx, last_meeting)
            events += find_strikes(ctx)
            events += find_statements(ctx)
            day = next((t for t in times if t.day is not None and (published is None or t.day <= published)),
                       None)
            if day is not None:
                scene_day = day
    return events


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

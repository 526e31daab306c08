"""The typed, frozen values that flow through the pipeline.

document → articles (with spans into the text exactly as read) → sentences and tokens
→ entity mentions → events → RDF. Every offset is a Unicode code-point index into
``Document.text``; ``Span.text`` is always ``Document.text[begin:end]``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text: ``text == document.text[begin:end]``."""

    begin: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.begin < 0 or self.end < self.begin or len(self.text) != self.end - self.begin:
            raise ValueError(f"inconsistent span {self.begin}:{self.end} for {self.text!r}")

    @classmethod
    def of(cls, text: str, begin: int, end: int) -> Span:
        """The span ``text[begin:end]``."""
        return cls(begin, end, text[begin:end])


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What is known of a document beside its text (sidecar, record or defaults)."""

    id: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document exactly as read: ``text`` is what offsets point into."""

    meta: DocumentMeta
    text: str
    path: str | None = None
    media_type: str = "text/plain"
    # For HTML input, the visible text is what offsets index; the markup is not kept.

    @property
    def id(self) -> str:
        return self.meta.id


class BlockKind(enum.Enum):
    """What a stretch of a scraped page is."""

    TITLE = "title"
    BODY = "body"
    CAPTION = "caption"
    HEADING = "heading"
    DATELINE = "dateline"  # "وكالات - طهران", "جدة - واس"
    RELATED = "related"  # teasers of other stories (مقالات ذات صلة)
    BOILERPLATE = "boilerplate"  # stray page furniture (TT, bylines, share buttons)


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like stretch of an article, with what it is."""

    kind: BlockKind
    span: Span


@dataclass(frozen=True, slots=True)
class Article:
    """One news story inside a document (a page may hold several)."""

    document: DocumentMeta
    index: int
    title: Span | None
    blocks: tuple[Block, ...]

    def text_blocks(self, *kinds: BlockKind) -> tuple[Block, ...]:
        """The blocks of the given kinds, in text order."""
        return tuple(b for b in self.blocks if b.kind in kinds)


class EntityKind(enum.Enum):
    """Kinds of actor and place the extractor knows."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    ARMED_GROUP = "ArmedGroup"
    COUNTRY = "Country"
    CITY = "City"
    PLACE = "Place"
    FACILITY = "Facility"


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world actor or place. ``key`` is stable across documents and mints its IRI."""

    key: str
    kind: EntityKind
    label_ar: str
    label_en: str | None = None
    wikidata: str | None = None  # "Q159"
    country: str | None = None  # key of the entity's country, where known (e.g. a minister's)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in the text that names (or refers back to) an entity."""

    span: Span
    entity: Entity
    role_title: str | None = None  # e.g. "وزير الخارجية" where a title introduced it
    resolved_by: str | None = None  # "name", "title", "coreference", "nisba", ...


class EventType(enum.Enum):
    """The four contract event types (``hd:Meeting`` …)."""

    MEETING = "Meeting"
    STATEMENT = "Statement"
    MILITARY_STRIKE = "MilitaryStrike"
    AGREEMENT = "Agreement"


class Role(enum.Enum):
    """Roles from an event to an entity (contract §3)."""

    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    ADDRESSEE = "addressee"
    ATTACKER = "attacker"
    TARGET = "target"
    PARTY = "party"


class Modality(enum.Enum):
    """Factuality of an event (contract §3)."""

    ASSERTED = "Asserted"
    PLANNED = "Planned"
    HYPOTHETICAL = "Hypothetical"
    NEGATED = "Negated"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time as the text says it, and what it fixes against the published date."""

    surface: Span
    day: dt.date | None = None  # only where the text fixes the day
    start: dt.date | None = None  # a range where only that is known (الأسبوع الماضي)
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Argument:
    """An entity in a role, with the mention that puts it there."""

    role: Role
    entity: Entity
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One extracted event, with its evidence inside one article."""

    type: EventType
    evidence: Span
    article_index: int
    arguments: tuple[Argument, ...] = ()
    subtype: str | None = None  # a finer ontology class, e.g. "PhoneCall", "AirStrike"
    trigger: Span | None = None
    modality: Modality = Modality.ASSERTED
    time: TimeExpression | None = None
    place: Entity | None = None
    quote: Span | None = None
    killed: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    plover: str | None = None
    cameo: str | None = None
    extras: tuple[tuple[str, str], ...] = field(default=())

    def entities(self, role: Role) -> tuple[Entity, ...]:
        """The entities that fill ``role``."""
        return tuple(a.entity for a in self.arguments if a.role is role)


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """Everything the pipeline found in one document: what the graph is built from."""

    document: Document
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()  # described beside the events' own (e.g. a person's country)

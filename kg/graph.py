"""A document's analysis → RDF quads: its own named graph, plus the shared entities graph.

The document graph holds the document, its text (a ``nif:Context``), its articles, its
events with their evidence spans, and the ingest run that produced them. Entities (actors,
places) go to one graph shared by all documents, so each has one node across the dataset.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import __version__, iris
from kg.model import DocumentAnalysis, Entity, Event, Role, Span
from kg.vocab import CAMEO, DCTERMS, HD, NIF, OWL, PLOVER, PROV, RDF, RDFS, XSD

_ROLE = {
    Role.PARTICIPANT: HD.participant,
    Role.SPEAKER: HD.speaker,
    Role.ADDRESSEE: HD.addressee,
    Role.ATTACKER: HD.attacker,
    Role.TARGET: HD.target,
    Role.PARTY: HD.party,
}
_EVENT_LABEL_EN = {
    "Meeting": "Meeting",
    "Statement": "Statement",
    "MilitaryStrike": "Military strike",
    "Agreement": "Agreement",
}
_EVENT_LABEL_AR = {
    "Meeting": "لقاء",
    "Statement": "تصريح",
    "MilitaryStrike": "ضربة عسكرية",
    "Agreement": "اتفاق",
}


@dataclass(frozen=True, slots=True)
class IngestRun:
    """One run of the pipeline (a ``prov:Activity``): who, when, with which settings."""

    run_id: str
    started: dt.datetime
    settings: dict[str, object] = field(default_factory=dict)
    software_version: str = __version__

    @classmethod
    def start(cls, settings: dict[str, object] | None = None) -> IngestRun:
        """A run starting now."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return cls(now.strftime("%Y%m%dT%H%M%SZ") + f"-{id(now) % 10_000:04d}", now, settings or {})


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _lit(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def _valid_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return value.startswith(("http://", "https://"))


class _Writer:
    """Collects quads for one graph."""

    def __init__(self, graph: str) -> None:
        self.graph = _iri(graph)
        self.quads: list[ox.Quad] = []

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = _iri(o) if isinstance(o, str) else o
        self.quads.append(ox.Quad(_iri(s), _iri(p), obj, self.graph))


def entity_quads(entity: Entity) -> Iterator[ox.Quad]:
    """The shared description of one entity (entities graph)."""
    w = _Writer(iris.ENTITIES_GRAPH)
    node = iris.entity(entity.key)
    w.add(node, RDF.type, HD[entity.kind.value])
    w.add(node, RDFS.label, _lit(entity.label_ar, "ar"))
    if entity.label_en:
        w.add(node, RDFS.label, _lit(entity.label_en, "en"))
    if entity.wikidata:
        w.add(node, OWL.sameAs, iris.wikidata(entity.wikidata))
    if entity.country and entity.country != entity.key:
        w.add(node, HD.country, iris.entity(entity.country))
    yield from w.quads


def _span(w: _Writer, doc_id: str, span: Span, *types: str) -> str:
    node = iris.span(doc_id, span.begin, span.end)
    for t in types:
        w.add(node, RDF.type, t)
    w.add(node, NIF.anchorOf, _typed(span.text, XSD.string))
    w.add(node, NIF.beginIndex, _typed(span.begin, XSD.nonNegativeInteger))
    w.add(node, NIF.endIndex, _typed(span.end, XSD.nonNegativeInteger))
    w.add(node, NIF.referenceContext, iris.context(doc_id))
    return node


def event_key(event: Event) -> str:
    """A key for the event that is the same whenever the same text is analysed again."""
    anchor = event.trigger.begin if event.trigger is not None else event.evidence.begin
    return f"{event.type.value}-{event.article_index}-{event.evidence.begin}-{anchor}"


def _event_label(event: Event, lang: str) -> str:
    names = [
        a.entity.label_ar if lang == "ar" else (a.entity.label_en or a.entity.label_ar)
        for a in event.arguments
    ]
    head = (_EVENT_LABEL_AR if lang == "ar" else _EVENT_LABEL_EN)[event.type.value]
    sep = "، " if lang == "ar" else ", "
    return f"{head}: {sep.join(dict.fromkeys(names))}" if names else head


def _event(w: _Writer, doc_id: str, event: Event, same_as: str | None = None) -> str:
    node = iris.event(doc_id, event_key(event))
    if same_as is not None and same_as != node:
        # Each report keeps its own node, whose evidence indexes its own text; owl:sameAs says
        # that the reports are of one real event.
        w.add(node, OWL.sameAs, same_as)
    w.add(node, RDF.type, HD[event.type.value])
    if event.subtype:
        w.add(node, RDF.type, HD[event.subtype])
    w.add(node, RDFS.label, _lit(_event_label(event, "ar"), "ar"))
    w.add(node, RDFS.label, _lit(_event_label(event, "en"), "en"))
    w.add(node, PROV.wasDerivedFrom, iris.article(doc_id, event.article_index))
    w.add(node, HD.modality, HD[event.modality.value])
    w.add(node, HD.confidence, _typed(f"{event.confidence:.2f}", XSD.decimal))
    for argument in event.arguments:
        w.add(node, _ROLE[argument.role], iris.entity(argument.entity.key))
    if event.time is not None:
        w.add(node, HD.timeExpression, _typed(event.time.surface.text, XSD.string))
        if event.time.day is not None:
            w.add(node, HD.date, _typed(event.time.day.isoformat(), XSD.date))
        if event.time.start is not None:
            w.add(node, HD.earliestDate, _typed(event.time.start.isoformat(), XSD.date))
        if event.time.end is not None:
            w.add(node, HD.latestDate, _typed(event.time.end.isoformat(), XSD.date))
    if event.place is not None:
        w.add(node, HD.place, iris.entity(event.place.key))
    if event.quote is not None:
        w.add(node, HD.quote, _lit(event.quote.text, "ar"))
    w.add(node, HD.evidence, _span(w, doc_id, event.evidence, NIF.String, NIF.RFC5147String, HD.EvidenceSpan))
    if event.trigger is not None:
        w.add(node, HD.trigger, _span(w, doc_id, event.trigger, NIF.String, NIF.RFC5147String))
    if event.killed is not None:
        w.add(node, HD.killed, _typed(event.killed, XSD.nonNegativeInteger))
    if event.injured is not None:
        w.add(node, HD.injured, _typed(event.injured, XSD.nonNegativeInteger))
    if event.plover:
        w.add(node, HD.ploverCategory, PLOVER[event.plover])
    if event.cameo:
        w.add(node, HD.cameoCode, CAMEO[event.cameo])
    return node


def document_quads(
    analysis: DocumentAnalysis, run: IngestRun, same_as: dict[int, str] | None = None
) -> list[ox.Quad]:
    """Every quad the document contributes: its own graph, and its entities. ``same_as`` maps
    an event's index to the same event as another document reported it."""
    same_as = same_as or {}
    doc = analysis.document
    meta = doc.meta
    w = _Writer(iris.document_graph(doc.id))
    node = iris.document(doc.id)
    w.add(node, RDF.type, HD.Document)
    w.add(node, RDF.type, PROV.Entity)
    w.add(node, DCTERMS.identifier, _lit(doc.id))
    w.add(node, DCTERMS.language, _lit("ar"))
    w.add(node, HD.mediaType, _lit(doc.media_type))
    if meta.title:
        w.add(node, DCTERMS.title, _lit(meta.title, "ar"))
    if meta.published:
        w.add(node, DCTERMS.issued, _typed(meta.published.isoformat(), XSD.date))
    if meta.source:
        w.add(node, DCTERMS.publisher, _lit(meta.source))
    if meta.url and _valid_iri(meta.url):
        w.add(node, DCTERMS.source, meta.url)
    context = iris.context(doc.id)
    w.add(context, RDF.type, NIF.Context)
    w.add(context, NIF.isString, _typed(doc.text, XSD.string))
    w.add(context, NIF.beginIndex, _typed(0, XSD.nonNegativeInteger))
    w.add(context, NIF.endIndex, _typed(len(doc.text), XSD.nonNegativeInteger))
    w.add(context, DCTERMS.isPartOf, node)

    activity = iris.activity(run.run_id)
    w.add(node, PROV.wasGeneratedBy, activity)
    w.add(activity, RDF.type, PROV.Activity)
    w.add(activity, RDF.type, HD.IngestRun)
    w.add(activity, PROV.startedAtTime, _typed(run.started.isoformat(), XSD.dateTime))
    w.add(activity, HD.softwareVersion, _lit(f"hadath {run.software_version}"))
    w.add(activity, HD.extractorSettings, _lit(json.dumps(run.settings, sort_keys=True, ensure_ascii=False)))

    for article in analysis.articles:
        a_node = iris.article(doc.id, article.index)
        w.add(a_node, RDF.type, HD.Article)
        w.add(a_node, DCTERMS.isPartOf, node)
        w.add(a_node, HD.articleIndex, _typed(article.index, XSD.nonNegativeInteger))
        if article.title is not None:
            w.add(a_node, DCTERMS.title, _lit(article.title.text, "ar"))

    entities: dict[str, Entity] = {e.key: e for e in analysis.entities}
    for index, event in enumerate(analysis.events):
        _event(w, doc.id, event, same_as.get(index))
        for argument in event.arguments:
            entities.setdefault(argument.entity.key, argument.entity)
        if event.place is not None:
            entities.setdefault(event.place.key, event.place)
    shared = [q for entity in entities.values() for q in entity_quads(entity)]
    return w.quads + shared

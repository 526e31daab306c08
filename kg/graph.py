"""A document's analysis → RDF quads: its own named graph, plus the shared entities graph.

The document graph holds the document, its text (a ``nif:Context``), its articles, its
events with their evidence spans, and the ingest run that produced them. Entities (actors,
places) go to one graph shared by all documents, so each has one node across the dataset.
"""

from __future__ import annotations

import datetime as dt
import json
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


class _Literal(str):
    """A literal already written as an N-Quads term (``"…"@ar``, ``"…"^^<…>``)."""

    __slots__ = ()


def _escape(value: str) -> str:
    """``value`` inside N-Quads' "…": backslash, quote, line feed and carriage return escaped;
    everything else, Arabic included, is written as is."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _lit(value: str, lang: str | None = None) -> _Literal:
    return _Literal(f'"{_escape(value)}"@{lang}' if lang else f'"{_escape(value)}"')


def _typed(value: object, datatype: str) -> _Literal:
    return _Literal(f'"{_escape(str(value))}"^^<{datatype}>')


def _valid_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return value.startswith(("http://", "https://"))


class _Writer:
    """Collects one graph's statements as N-Quads lines.

    The IRIs written here are minted by :mod:`kg.iris` (percent-encoded keys) or vocabulary
    constants, and outside IRIs are checked with :func:`_valid_iri` first, so text is written
    directly: building a pyoxigraph ``Quad`` costs ~2 µs, several times the line."""

    def __init__(self, graph: str) -> None:
        self.graph_iri = graph
        self.graph = f"<{graph}> .\n"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        obj = o if isinstance(o, _Literal) else f"<{o}>"
        self.lines.append(f"<{s}> <{p}> {obj} {self.graph}")


def _entity_lines(entity: Entity) -> list[str]:
    """The shared description of one entity (entities graph), one statement per line."""
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
    return w.lines


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


def _event(w: _Writer, doc_id: str, event: Event) -> str:
    node = iris.event(doc_id, event_key(event))
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


@dataclass(frozen=True, slots=True)
class DocumentRdf:
    """A document's statements as N-Quads: its own graph, and the lines it adds to the shared
    entities graph (one statement per line, so a writer can skip lines it already wrote)."""

    graph: str
    own: str
    shared: tuple[str, ...]

    def nquads(self, same_as: str = "") -> bytes:
        """Everything, with ``same_as`` (from :func:`same_as_nquads`) added to the own graph."""
        return "".join((self.own, same_as, *self.shared)).encode()


def document_rdf(analysis: DocumentAnalysis, run: IngestRun) -> DocumentRdf:
    """Every statement the document contributes, except links to other documents' reports."""
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
    for event in analysis.events:
        _event(w, doc.id, event)
        for argument in event.arguments:
            entities.setdefault(argument.entity.key, argument.entity)
        if event.place is not None:
            entities.setdefault(event.place.key, event.place)
    shared = tuple(line for entity in entities.values() for line in _entity_lines(entity))
    return DocumentRdf(w.graph_iri, "".join(w.lines), shared)


def same_as_nquads(analysis: DocumentAnalysis, same_as: dict[int, str]) -> str:
    """``owl:sameAs`` from the document's events to the same events as other documents reported
    them (``same_as`` maps an event's index to the other report's IRI). Each report keeps its
    own node, whose evidence indexes its own text."""
    doc_id = analysis.document.id
    w = _Writer(iris.document_graph(doc_id))
    for index, other in sorted(same_as.items()):
        node = iris.event(doc_id, event_key(analysis.events[index]))
        if other != node:
            w.add(node, OWL.sameAs, other)
    return "".join(w.lines)


def document_quads(
    analysis: DocumentAnalysis, run: IngestRun, same_as: dict[int, str] | None = None
) -> list[ox.Quad]:
    """Every quad the document contributes: its own graph, and its entities. ``same_as`` maps
    an event's index to the same event as another document reported it."""
    rdf = document_rdf(analysis, run)
    return list(ox.parse(rdf.nquads(same_as_nquads(analysis, same_as or {})), format=ox.RdfFormat.N_QUADS))

"""HTML pages: the linked-data view of a resource, the ontology, the query page.

Pages are Jinja2 templates (``api/templates``) with autoescaping on, fed with plain view
models built here, so every label, literal and IRI from the store reaches the page as
text, never as markup. Only http(s) IRIs become links (a ``javascript:`` IRI is valid RDF).
Pages are Arabic and right to left; IRIs and code are set left to right inside them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pyoxigraph as ox

from api.resources import Resource, SourceDocument, TextSpan
from api.terms import HD, OWL, RDF, RDFS
from kg import iris

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
LABELS_FILE = HERE / "static" / "labels-ar.tsv"
SENTENCE_ENDS = ".!?؟\n"
WINDOW = 400  # most characters shown on either side of an evidence span
SHORT_NAMES = {
    iris.ONTOLOGY: "hd:",
    iris.DATA: "hadath:",
    iris.WIKIDATA: "wd:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#": "nif:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "https://schema.org/": "schema:",
}
_FIRST = (*HD.roles, HD.date, HD.place, HD.modality, HD.quote)
_SHOWN_ELSEWHERE = {RDF.type, RDFS.label, HD.evidence, HD.trigger}


@functools.cache
def environment() -> jinja2.Environment:
    """The template environment (autoescaping every template)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: object) -> str:
    """A page from ``api/templates/<template>``."""
    return environment().get_template(template).render(**context)


@functools.cache
def fallback_labels() -> dict[str, str]:
    """Arabic names of common terms, for when the store gives none (``static/labels-ar.tsv``)."""
    table: dict[str, str] = {}
    for line in LABELS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            term, label = line.split("\t", 1)
            table[term.strip()] = label.strip()
    return table


def short_name(iri: str) -> str:
    """``hd:Meeting`` for the Hadath ontology's ``Meeting`` and the like; else the IRI."""
    for namespace, prefix in SHORT_NAMES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return prefix + iri[len(namespace) :]
    return iri


@dataclass(frozen=True, slots=True)
class Link:
    """A value on a page: text, and where it leads (None: plain text)."""

    text: str
    href: str | None = None
    lang: str | None = None
    note: str | None = None  # a datatype or the IRI behind a label
    ltr: bool = False  # set left to right (IRIs, numbers, codes)


@dataclass(frozen=True, slots=True)
class Row:
    """One property and its values."""

    label: Link
    values: list[Link]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text around an evidence span; ``mark`` is "evidence", "trigger" or None."""

    text: str
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """An evidence span in its sentence, with the document it is read from."""

    label: str
    segments: list[Segment]
    offsets: str


@dataclass(frozen=True, slots=True)
class Source:
    """A document an event was read from."""

    document: Link
    published: str | None
    publisher: str | None
    original: Link | None


@dataclass
class ResourcePage:
    """Everything the resource template shows."""

    title: str
    title_lang: str | None
    iri: str
    kind: str  # "event", "entity", "document", "text", "resource"
    types: list[Link] = field(default_factory=list)
    other_labels: list[Link] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Link] = field(default_factory=list)
    incoming: list[Row] = field(default_factory=list)
    incoming_truncated: bool = False
    text: str | None = None


class Labeller:
    """Labels and links for the IRIs on one page."""

    def __init__(self, labels: Mapping[str, list[ox.Literal]], base: str) -> None:
        self.labels = labels
        self.base = base

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` should go: this server for Hadath's own IRIs."""
        if iri.startswith(iris.DATA):
            return f"{self.base}id/{iri[len(iris.DATA) :]}"
        if iri.startswith(iris.ONTOLOGY):
            return f"{self.base}ontology#{iri[len(iris.ONTOLOGY) :]}"
        if iri == iris.ONTOLOGY_GRAPH:
            return f"{self.base}ontology"
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def label(self, iri: str) -> tuple[str, str | None]:
        """The best label for ``iri`` and its language: Arabic, then English, then any."""
        found = self.labels.get(iri, [])
        for lang in ("ar", "en", None):
            for literal in found:
                if literal.language == lang or (lang is None):
                    return literal.value, literal.language
        if iri in fallback_labels():
            return fallback_labels()[iri], "ar"
        return short_name(iri), None

    def link(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Link:
        """A term as a page value."""
        if isinstance(term, ox.NamedNode):
            text, lang = self.label(term.value)
            return Link(text, self.href(term.value), lang, term.value, ltr=lang is None)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            note = None if term.language or datatype.endswith("#string") else short_name(datatype)
            return Link(term.value, None, term.language or None, note, ltr=note is not None)
        if isinstance(term, ox.BlankNode):
            return Link(f"_:{term.value}", ltr=True)
        return Link(str(term), ltr=True)


def _kind(resource: Resource) -> str:
    types = set(resource.types)
    if types & set(HD.event_types) or resource.spans:
        return "event"
    if resource.iri.startswith(iris.DATA + "entity/"):
        return "entity"
    if resource.events or HD.Document in types:
        return "document"
    if resource.iri.startswith(iris.DATA + "document/") and resource.iri.endswith("/text"):
        return "text"
    return "resource"


def sentence_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """The sentence(s) holding ``text[begin:end]``, at most ``WINDOW`` characters either side."""
    start = begin
    while start > 0 and begin - start < WINDOW and text[start - 1] not in SENTENCE_ENDS:
        start -= 1
    stop = end
    if not (end > begin and text[end - 1] in SENTENCE_ENDS):
        while stop < len(text) and stop - end < WINDOW and text[stop] not in SENTENCE_ENDS:
            stop += 1
        if stop < len(text) and text[stop] != "\n":
            stop += 1  # keep the full stop
    return start, stop


def evidence_segments(text: str, span: TextSpan, trigger: TextSpan | None) -> list[Segment]:
    """The sentence around ``span`` cut into plain, evidence and trigger stretches."""
    begin, end = span.begin, span.end
    if begin is None or end is None or text[begin:end] != span.anchor:
        return [Segment(span.anchor, "evidence")]
    start, stop = sentence_bounds(text, begin, end)
    marks: list[tuple[int, int, str | None]] = [(start, begin, None)]
    t_begin = trigger.begin if trigger is not None else None
    t_end = trigger.end if trigger is not None else None
    if t_begin is not None and t_end is not None and begin <= t_begin <= t_end <= end:
        marks += [(begin, t_begin, "evidence"), (t_begin, t_end, "trigger"), (t_end, end, "evidence")]
    else:
        marks.append((begin, end, "evidence"))
    marks.append((end, stop, None))
    segments = [Segment(text[a:b].strip("\n") if m is None else text[a:b], m) for a, b, m in marks if b > a]
    if start > 0 and text[start - 1] not in SENTENCE_ENDS:  # cut inside a long sentence
        segments.insert(0, Segment("… "))
    if stop < len(text) and text[stop - 1] not in SENTENCE_ENDS and text[stop] not in SENTENCE_ENDS:
        segments.append(Segment(" …"))
    return segments


def _source(labeller: Labeller, document: SourceDocument) -> Source:
    text = document.title or labeller.label(document.iri)[0]
    original = None
    if document.url and document.url.startswith(("http://", "https://")):
        original = Link(document.url, document.url, ltr=True)
    return Source(
        document=Link(text, labeller.href(document.iri), "ar" if document.title else None),
        published=document.published,
        publisher=document.publisher,
        original=original,
    )


def _rows(labeller: Labeller, pairs: Iterable[tuple[str, Link]]) -> list[Row]:
    grouped: dict[str, list[Link]] = {}
    for predicate, value in pairs:
        grouped.setdefault(predicate, []).append(value)

    def order(predicate: str) -> tuple[int, str]:
        if predicate in _FIRST:
            return _FIRST.index(predicate), ""
        return len(_FIRST), labeller.label(predicate)[0]

    rows = []
    for predicate in sorted(grouped, key=order):
        text, lang = labeller.label(predicate)
        rows.append(Row(Link(text, labeller.href(predicate), lang, predicate), grouped[predicate]))
    return rows


def resource_page(resource: Resource, base: str, texts: Mapping[str, str]) -> ResourcePage:
    """The view model of a resource's page; ``texts`` maps context IRIs to document texts."""
    labeller = Labeller(resource.labels, base)
    title, title_lang = labeller.label(resource.iri)
    kind = _kind(resource)
    page = ResourcePage(title=title, title_lang=title_lang, iri=resource.iri, kind=kind)
    page.types = [labeller.link(ox.NamedNode(t)) for t in resource.types]
    page.other_labels = [
        Link(lit.value, None, lit.language or None)
        for lit in resource.labels.get(resource.iri, [])
        if (lit.value, lit.language) != (title, title_lang)
    ]
    page.rows = _rows(
        labeller,
        ((p.value, labeller.link(o)) for p, o in resource.outgoing if p.value not in _SHOWN_ELSEWHERE),
    )
    page.incoming = _rows(labeller, ((p.value, labeller.link(s)) for s, p in resource.incoming))
    page.incoming_truncated = resource.incoming_truncated
    spans = [o.value for o in resource.values(HD.trigger) if isinstance(o, ox.NamedNode | ox.BlankNode)]
    triggers = [resource.spans[s] for s in spans if s in resource.spans]
    for value in resource.values(HD.evidence):
        span = resource.spans.get(value.value) if isinstance(value, ox.NamedNode | ox.BlankNode) else None
        if span is None:
            continue
        text = texts.get(span.context or "")
        trigger = next((t for t in triggers if t.context == span.context), None)
        segments = evidence_segments(text, span, trigger) if text else [Segment(span.anchor, "evidence")]
        offsets = f"{span.begin}–{span.end}" if span.begin is not None else ""
        page.evidence.append(Evidence(labeller.label(HD.evidence)[0], segments, offsets))
    page.sources = [_source(labeller, d) for d in resource.documents]
    page.events = [labeller.link(ox.NamedNode(e)) for e in resource.events]
    if kind == "text":
        page.text = texts.get(resource.iri)
    return page


# -- the ontology page --


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the ontology, as its section on the page."""

    anchor: str
    iri: str
    labels: list[Link]
    kind: str
    rows: list[Row]


def ontology_terms(triples: list[ox.Triple], base: str) -> tuple[list[Link], list[Term]]:
    """The ontology's own description and its terms (classes, then properties, then the rest)."""
    labels: dict[str, list[ox.Literal]] = {}
    by_subject: dict[str, list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject.setdefault(t.subject.value, []).append(t)
            if t.predicate.value == RDFS.label and isinstance(t.object, ox.Literal):
                labels.setdefault(t.subject.value, []).append(t.object)
    labeller = Labeller(labels, base)
    header = [
        labeller.link(t.object)
        for t in by_subject.get(iris.ONTOLOGY_GRAPH, [])
        if t.predicate.value != RDF.type
    ]
    terms = []
    for iri in sorted(s for s in by_subject if s.startswith(iris.ONTOLOGY)):
        own = by_subject[iri]
        types = {
            t.object.value
            for t in own
            if t.predicate.value == RDF.type and isinstance(t.object, ox.NamedNode)
        }
        if types & {OWL.Class, RDFS.Class}:
            kind = "class"
        elif any("Property" in t for t in types):
            kind = "property"
        else:
            kind = "individual"
        term_labels = [Link(lit.value, None, lit.language or None) for lit in labels.get(iri, [])]
        rows = _rows(
            labeller,
            ((t.predicate.value, labeller.link(t.object)) for t in own if t.predicate.value != RDFS.label),
        )
        terms.append(Term(iri[len(iris.ONTOLOGY) :], iri, term_labels, kind, rows))
    order = {"class": 0, "property": 1, "individual": 2}
    terms.sort(key=lambda term: (order[term.kind], term.anchor))
    return header, terms

"""What the store knows about one resource: the description a linked-data request returns.

A description is every triple with the resource as subject (in any graph), the labels of
what those triples point to, the triples that point at the resource (capped), and for an
event its evidence and trigger spans (text, offsets, the context they index). The HTML
page adds the text around each span; the RDF serialisations send the triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from api.terms import DCTERMS, HD, NIF, RDF, RDFS, SKOS
from kg import iris

INCOMING_LIMIT = 500
PROV_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Subject = ox.NamedNode | ox.BlankNode | ox.Triple


@dataclass(frozen=True, slots=True)
class TextSpan:
    """An evidence or trigger span of a document's text."""

    iri: str
    anchor: str
    begin: int | None
    end: int | None
    context: str | None  # the nif:Context IRI


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document an event comes from, with what a reader needs to find the original."""

    iri: str
    title: str | None
    published: str | None
    publisher: str | None
    url: str | None


@dataclass(slots=True)
class Resource:
    """One resource as the store describes it."""

    iri: str
    outgoing: list[tuple[ox.NamedNode, Term]] = field(default_factory=list)
    incoming: list[tuple[Subject, ox.NamedNode]] = field(default_factory=list)
    incoming_truncated: bool = False
    spans: dict[str, TextSpan] = field(default_factory=dict)
    labels: dict[str, list[ox.Literal]] = field(default_factory=dict)
    extra: list[ox.Triple] = field(default_factory=list)  # span and label triples
    events: list[str] = field(default_factory=list)  # for a document: the events it reports
    documents: list[SourceDocument] = field(default_factory=list)  # for an event: where it is reported

    @property
    def types(self) -> list[str]:
        return [o.value for p, o in self.outgoing if p.value == RDF.type and isinstance(o, ox.NamedNode)]

    def values(self, predicate: str) -> list[Term]:
        return [o for p, o in self.outgoing if p.value == predicate]

    def triples(self) -> list[ox.Triple]:
        """Everything the RDF serialisations of the description hold."""
        node = ox.NamedNode(self.iri)
        out = [ox.Triple(node, p, o) for p, o in self.outgoing]
        out += [ox.Triple(s, p, node) for s, p in self.incoming]
        seen = set(out)
        out += [t for t in self.extra if t not in seen]
        return out


def _unique(items: list[ox.Quad]) -> list[ox.Quad]:
    seen: set[ox.Triple] = set()
    kept = []
    for quad in items:
        if quad.triple not in seen:
            seen.add(quad.triple)
            kept.append(quad)
    return kept


def labels_of(store: ox.Store, iri: str) -> list[ox.Literal]:
    """The labels the store gives ``iri`` (rdfs:label, else skos:prefLabel, else dcterms:title)."""
    node = ox.NamedNode(iri)
    for prop in LABEL_PROPERTIES:
        found = {q.object for q in store.quads_for_pattern(node, ox.NamedNode(prop), None, None)}
        literals = sorted((o for o in found if isinstance(o, ox.Literal)), key=lambda lit: lit.value)
        if literals:
            return literals
    return []


def _int(term: Term | None) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _span(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> tuple[TextSpan, list[ox.Triple]]:
    triples = [q.triple for q in _unique(list(store.quads_for_pattern(node, None, None, None)))]
    first: dict[str, Term] = {}
    for t in triples:
        first.setdefault(t.predicate.value, t.object)
    anchor = first.get(NIF.anchorOf)
    context = first.get(NIF.referenceContext)
    span = TextSpan(
        iri=node.value,
        anchor=anchor.value if isinstance(anchor, ox.Literal) else "",
        begin=_int(first.get(NIF.beginIndex)),
        end=_int(first.get(NIF.endIndex)),
        context=context.value if isinstance(context, ox.NamedNode) else None,
    )
    return span, triples


def describe(store: ox.Store, iri: str, *, incoming_limit: int = INCOMING_LIMIT) -> Resource | None:
    """The description of ``iri``, or None when the store says nothing about it."""
    node = ox.NamedNode(iri)
    resource = Resource(iri)
    for quad in _unique(list(store.quads_for_pattern(node, None, None, None))):
        resource.outgoing.append((quad.predicate, quad.object))
    seen: set[tuple[Subject, ox.NamedNode]] = set()
    for quad in store.quads_for_pattern(None, None, node, None):
        key = (quad.subject, quad.predicate)
        if key in seen:
            continue
        if len(seen) >= incoming_limit:
            resource.incoming_truncated = True
            break
        seen.add(key)
        resource.incoming.append(key)
    if not resource.outgoing and not resource.incoming:
        return None

    for predicate, value in resource.outgoing:
        if predicate.value in (HD.evidence, HD.trigger) and isinstance(value, ox.NamedNode | ox.BlankNode):
            span, triples = _span(store, value)
            resource.spans[value.value] = span
            resource.extra += triples

    named = {iri}
    named.update(p.value for p, _ in resource.outgoing)
    named.update(o.value for _, o in resource.outgoing if isinstance(o, ox.NamedNode))
    named.update(s.value for s, _ in resource.incoming if isinstance(s, ox.NamedNode))
    named.update(p.value for _, p in resource.incoming)

    if is_document(iri):
        resource.events = _document_events(store, iri)
        named.update(resource.events)
    for value in resource.values(PROV_DERIVED_FROM):
        if isinstance(value, ox.NamedNode):
            resource.documents.append(source_document(store, value.value.split("/article/")[0]))

    for name in sorted(named):
        labels = labels_of(store, name)
        if labels:
            resource.labels[name] = labels
            if name != iri:
                resource.extra += [
                    ox.Triple(ox.NamedNode(name), ox.NamedNode(RDFS.label), lit) for lit in labels
                ]
    return resource


def is_document(iri: str) -> bool:
    """Whether ``iri`` names a document (not its text, an article or a span)."""
    prefix = iris.DATA + "document/"
    return iri.startswith(prefix) and "/" not in iri[len(prefix) :] and "#" not in iri


def _first_literal(store: ox.Store, node: ox.NamedNode, predicate: str) -> str | None:
    for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
        return quad.object.value if isinstance(quad.object, ox.Literal | ox.NamedNode) else None
    return None


def source_document(store: ox.Store, iri: str) -> SourceDocument:
    """Title, date, publisher and original address of a document."""
    node = ox.NamedNode(iri)
    return SourceDocument(
        iri=iri,
        title=_first_literal(store, node, DCTERMS.title),
        published=_first_literal(store, node, DCTERMS.issued),
        publisher=_first_literal(store, node, DCTERMS.publisher),
        url=_first_literal(store, node, DCTERMS.source),
    )


def _document_events(store: ox.Store, document: str) -> list[str]:
    """The events a document reports (those derived from it or from one of its articles)."""
    query = f"""
        SELECT DISTINCT ?event WHERE {{
          ?event <{HD.evidence}> ?span .
          {{ ?event <{PROV_DERIVED_FROM}> <{document}> }}
          UNION
          {{ ?event <{PROV_DERIVED_FROM}> ?part . ?part <{DCTERMS.isPartOf}> <{document}> }}
        }} ORDER BY ?event LIMIT {INCOMING_LIMIT}"""
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return [row["event"].value for row in rows if isinstance(row["event"], ox.NamedNode)]


def context_text(store: ox.Store, context: str) -> str | None:
    """The full text a ``nif:Context`` holds."""
    for quad in store.quads_for_pattern(ox.NamedNode(context), ox.NamedNode(NIF.isString), None, None):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


def ontology_triples(store: ox.Store) -> list[ox.Triple]:
    """The ontology graph as the store holds it."""
    graph = ox.NamedNode(iris.ONTOLOGY_GRAPH)
    return [q.triple for q in store.quads_for_pattern(None, None, None, graph)]

"""A document's RDF, written as N-Quads text: every literal comes back as it went in."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from kg import iris
from kg.documents import document_from_text
from kg.graph import IngestRun, document_quads, document_rdf
from kg.pipeline import analyse
from kg.vocab import DCTERMS, NIF

TRICKY = 'قال الوزير: "لا" \\ ثم أضاف\nسطر ثانٍ\tبعد جدولة «اقتباس» \\"مزدوج\\".'


def _object(quads: list[ox.Quad], subject: str, predicate: str) -> ox.Literal:
    (found,) = [q.object for q in quads if q.subject.value == subject and q.predicate.value == predicate]
    assert isinstance(found, ox.Literal)
    return found


def test_graph_literals_round_trip_quotes_backslashes_and_line_breaks() -> None:
    title = 'عنوان "بين علامتين" \\ وخط مائل'
    document = document_from_text(TRICKY, "tricky-1", title=title, published="2024-05-01")
    quads = document_quads(analyse(document), IngestRun.start())
    text = _object(quads, iris.context("tricky-1"), str(NIF.isString))
    assert text.value == TRICKY
    assert text.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
    heading = _object(quads, iris.document("tricky-1"), str(DCTERMS.title))
    assert (heading.value, heading.language) == (title, "ar")


def test_graph_rdf_parts_hold_one_statement_per_line() -> None:
    document = document_from_text(
        "التقى الرئيس الروسي فلاديمير بوتين نظيره التركي رجب طيب إردوغان في موسكو.",
        "meeting-1",
        published=dt.date(2024, 10, 11),
    )
    rdf = document_rdf(analyse(document), IngestRun.start())
    own = list(ox.parse(rdf.own, format=ox.RdfFormat.N_QUADS))
    assert len(own) == rdf.own.count("\n")
    assert {q.graph_name.value for q in own} == {iris.document_graph("meeting-1")}
    assert rdf.shared, "the meeting's actors are described in the entities graph"
    for line in rdf.shared:
        (quad,) = ox.parse(line, format=ox.RdfFormat.N_QUADS)
        assert quad.graph_name.value == iris.ENTITIES_GRAPH

"""Shared fixtures of the API tests: a real app served by uvicorn on loopback, over real stores.

Import what a test module needs explicitly; the fixtures by their function names (the
fixture names differ, so test parameters do not shadow the imports)::

    from api_fixtures import hadath_server_fixture  # noqa: F401  (the "hadath_server" fixture)

``hadath_server`` serves a store holding one hand-made document (two events, three
entities, one of them labelled with markup) and the ontology; ``w3c_server`` an empty
store the W3C suites may clear at will. Both have the update token ``TOKEN``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI

from api import Settings, create_app
from kg import iris
from kg.store import ONTOLOGY_FILE, HadathStore

TOKEN = "test-token-ok"
HD = iris.ONTOLOGY
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"

DOC_ID = "sample-1"
TEXT = (
    "الرياض - واس\n"
    "التقى وزير الخارجية السعودي نظيره الإيراني في الرياض يوم الأحد لبحث العلاقات الثنائية. "
    'وقال الوزير الإيراني إن "العلاقات بين البلدين تشهد تحسنا".\n'
)
MEETING_SENTENCE = "التقى وزير الخارجية السعودي نظيره الإيراني في الرياض يوم الأحد لبحث العلاقات الثنائية."
STATEMENT_SENTENCE = 'وقال الوزير الإيراني إن "العلاقات بين البلدين تشهد تحسنا".'
SCRIPT_LABEL = "<script>alert('x')</script> جماعة"
MEETING = iris.event(DOC_ID, "Meeting-0-13-102")
STATEMENT = iris.event(DOC_ID, "Statement-0-103-161")
SAUDI = iris.entity("saudi-foreign-minister")
IRANIAN = iris.entity("iranian-foreign-minister")
SCRIPTED = iris.entity("scripted-group")
RIYADH = iris.entity("الرياض")  # an Arabic key: percent-encoded in the IRI

# Enough of the ontology for the pages, used when ontology/hadath.ttl is not there.
FALLBACK_ONTOLOGY = f"""
@prefix hd: <{HD}> . @prefix owl: <{OWL}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{iris.ONTOLOGY_GRAPH}> a owl:Ontology ; rdfs:label "Hadath ontology"@en .
hd:Event a owl:Class ; rdfs:label "حدث"@ar, "Event"@en .
hd:Meeting a owl:Class ; rdfs:subClassOf hd:Event ; rdfs:label "لقاء"@ar, "Meeting"@en .
hd:Statement a owl:Class ; rdfs:subClassOf hd:Event ; rdfs:label "تصريح"@ar, "Statement"@en .
hd:participant a owl:ObjectProperty ; rdfs:label "مشارك"@ar, "participant"@en .
hd:speaker a owl:ObjectProperty ; rdfs:label "المتحدث"@ar, "speaker"@en .
hd:Asserted a owl:NamedIndividual ; rdfs:label "مؤكد"@ar .
"""


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + datatype))


def sample_quads() -> list[ox.Quad]:
    """One document shaped as ``kg.graph`` writes it: text, article, two events, entities."""
    graph = _n(iris.document_graph(DOC_ID))
    entities = _n(iris.ENTITIES_GRAPH)
    doc, context, article = iris.document(DOC_ID), iris.context(DOC_ID), iris.article(DOC_ID, 0)
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal | str, g: ox.NamedNode = graph) -> None:
        quads.append(ox.Quad(_n(s), _n(p), _n(o) if isinstance(o, str) else o, g))

    add(doc, RDF_TYPE, HD + "Document")
    add(doc, DCT + "identifier", ox.Literal(DOC_ID))
    add(doc, DCT + "title", ox.Literal("لقاء سعودي إيراني في الرياض", language="ar"))
    add(doc, DCT + "issued", _typed("2024-03-10", "date"))
    add(doc, DCT + "publisher", ox.Literal("واس"))
    add(doc, DCT + "source", "https://example.org/news/1")
    add(context, RDF_TYPE, NIF + "Context")
    add(context, NIF + "isString", _typed(TEXT, "string"))
    add(context, DCT + "isPartOf", doc)
    add(article, RDF_TYPE, HD + "Article")
    add(article, DCT + "isPartOf", doc)

    def span(text: str, node_types: tuple[str, ...] = ()) -> str:
        begin = TEXT.index(text)
        node = iris.span(DOC_ID, begin, begin + len(text))
        for t in node_types:
            add(node, RDF_TYPE, t)
        add(node, NIF + "anchorOf", _typed(text, "string"))
        add(node, NIF + "beginIndex", _typed(begin, "nonNegativeInteger"))
        add(node, NIF + "endIndex", _typed(begin + len(text), "nonNegativeInteger"))
        add(node, NIF + "referenceContext", context)
        return node

    add(MEETING, RDF_TYPE, HD + "Meeting")
    add(MEETING, RDFS_LABEL, ox.Literal("لقاء: وزير الخارجية السعودي، وزير الخارجية الإيراني", language="ar"))
    add(MEETING, RDFS_LABEL, ox.Literal("Meeting: Saudi FM, Iranian FM", language="en"))
    add(MEETING, PROV + "wasDerivedFrom", article)
    add(MEETING, HD + "modality", HD + "Asserted")
    add(MEETING, HD + "participant", SAUDI)
    add(MEETING, HD + "participant", IRANIAN)
    add(MEETING, HD + "place", RIYADH)
    add(MEETING, HD + "date", _typed("2024-03-10", "date"))
    add(MEETING, HD + "evidence", span(MEETING_SENTENCE, (HD + "EvidenceSpan",)))
    add(MEETING, HD + "trigger", span("التقى"))

    add(STATEMENT, RDF_TYPE, HD + "Statement")
    add(STATEMENT, RDFS_LABEL, ox.Literal("تصريح: وزير الخارجية الإيراني", language="ar"))
    add(STATEMENT, PROV + "wasDerivedFrom", article)
    add(STATEMENT, HD + "modality", HD + "Asserted")
    add(STATEMENT, HD + "speaker", IRANIAN)
    add(STATEMENT, HD + "addressee", SCRIPTED)
    add(STATEMENT, HD + "quote", ox.Literal("العلاقات بين البلدين تشهد تحسنا", language="ar"))
    add(STATEMENT, HD + "evidence", span(STATEMENT_SENTENCE, (HD + "EvidenceSpan",)))

    for node, kind, ar, en, qid in (
        (SAUDI, "Person", "وزير الخارجية السعودي", "Saudi foreign minister", None),
        (IRANIAN, "Person", "وزير الخارجية الإيراني", "Iranian foreign minister", None),
        (SCRIPTED, "ArmedGroup", SCRIPT_LABEL, "<b>bold</b> group", None),
        (RIYADH, "City", "الرياض", "Riyadh", "Q3692"),
    ):
        add(node, RDF_TYPE, HD + kind, entities)
        add(node, RDFS_LABEL, ox.Literal(ar, language="ar"), entities)
        add(node, RDFS_LABEL, ox.Literal(en, language="en"), entities)
        if qid:
            add(node, OWL + "sameAs", iris.wikidata(qid), entities)
    return quads


def load_ontology(store: HadathStore) -> None:
    """The ontology into its graph: the project's file if there is one, else a small stand-in."""
    graph = _n(iris.ONTOLOGY_GRAPH)
    if ONTOLOGY_FILE.is_file():
        parsed = ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    else:
        parsed = ox.parse(FALLBACK_ONTOLOGY, format=ox.RdfFormat.TURTLE)
    store.oxigraph.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed)


def free_port() -> int:
    """A TCP port nobody listens on, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """An app served by uvicorn in a thread."""

    url: str  # ends in "/"
    app: FastAPI
    store: HadathStore
    settings: Settings

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


@contextlib.contextmanager
def serve_in_thread(settings: Settings, store: HadathStore) -> Iterator[LiveServer]:
    """Serve ``create_app(settings, store)`` on a free loopback port until the block ends."""
    app = create_app(settings, store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 15
    while True:
        try:
            if httpx.get(url + "health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the server on {url} did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url, app, store, settings)
    finally:
        server.should_exit = True
        thread.join(10)


def settings_for(path: Path, **overrides: object) -> Settings:
    """Test settings: the token, no access log noise, and whatever the test needs."""
    values: dict[str, object] = {
        "store": path,
        "update_token": TOKEN,
        "access_log": False,
        "query_timeout": 10.0,
        "max_results": 200_000,
        "query_workers": 4,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", name="hadath_server")
def hadath_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over a store holding the sample document and the ontology."""
    path = tmp_path_factory.mktemp("hadath-store")
    store = HadathStore(path)
    store.oxigraph.extend(sample_quads())
    load_ontology(store)
    with serve_in_thread(settings_for(path), store) as live:
        yield live


@pytest.fixture(scope="session", name="w3c_server")
def w3c_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app over an empty store, for the W3C suites (which clear it between tests)."""
    path = tmp_path_factory.mktemp("w3c-store")
    store = HadathStore(path)
    with serve_in_thread(settings_for(path), store) as live:
        yield live


def auth() -> dict[str, str]:
    """The header that carries the update token."""
    return {"Authorization": f"Bearer {TOKEN}"}

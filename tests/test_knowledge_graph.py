"""The Python API, ``kg.KnowledgeGraph``, on the example articles and on hand-made data.

A module-wide store on disk holds the example articles; tests that write use their own
store. The remote tests serve that store with the real HTTP app (``api``) on loopback and
check that the endpoint answers as the store does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gzip
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

import kg
from kg import iris
from kg.documents import InputError
from kg.knowledge_graph import (
    EntityRecord,
    EventRecord,
    KnowledgeGraph,
    ReadOnlyError,
    with_prefixes,
)
from kg.model import EventType, Modality, Role
from kg.store import HadathStore

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLES = EXAMPLES / "articles"
PUTIN = iris.entity("Q7747")
HD = iris.ONTOLOGY

NOTE = (
    "التقى الرئيس الروسي فلاديمير بوتين نظيره الإيراني مسعود بزشكيان في موسكو يوم الجمعة.\n"
    "وقال بوتين إن «العلاقات بين البلدين تتطور بسرعة»."
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """The example articles in a store on disk (read by every test, written by none)."""
    opened = KnowledgeGraph(tmp_path_factory.mktemp("kg-store"))
    report = opened.ingest(ARTICLES)
    assert report.ok, report.skipped
    yield opened
    opened.close()


def _texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}


def _window(event: EventRecord) -> tuple[dt.date | None, dt.date | None]:
    if event.date is not None:
        return event.date, event.date
    return event.earliest or event.latest, event.latest or event.earliest


# ---------------------------------------------------------------------------- package


def test_knowledge_graph_is_exported_by_the_package() -> None:
    assert kg.__version__ == "0.1.0"
    assert kg.KnowledgeGraph is KnowledgeGraph
    assert kg.EventRecord is EventRecord
    for name in kg.__all__:
        assert getattr(kg, name) is not None
    with pytest.raises(AttributeError):
        _ = kg.NoSuchThing  # type: ignore[attr-defined]


def test_knowledge_graph_records_are_frozen(graph: KnowledgeGraph) -> None:
    event = next(graph.events())
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.quote = "x"  # type: ignore[misc]
    assert not hasattr(event, "__dict__")  # slots


# ---------------------------------------------------------------------------- events


def test_knowledge_graph_events_have_roles_date_evidence_and_sources(graph: KnowledgeGraph) -> None:
    meetings = list(
        graph.events(type="Meeting", actor="Vladimir Putin", since="2024-10-11", until="2024-10-11")
    )
    met = [e for e in meetings if "Masoud Pezeshkian" in {p.label_en for p in e.entities(Role.PARTICIPANT)}]
    assert met, meetings
    event = met[0]
    assert event.type is EventType.MEETING
    assert event.date == dt.date(2024, 10, 11)
    assert event.modality is Modality.ASSERTED
    assert event.sources == ("asharq-russia-iran",)
    assert PUTIN in {p.iri for p in event.entities("participant")}
    assert event.confidence is not None and 0 <= event.confidence <= 1
    (evidence,) = event.evidence
    assert evidence.document_id == "asharq-russia-iran"
    assert evidence.article_iri == iris.article("asharq-russia-iran", 0)
    assert "جولة محادثات مع نظيره الإيراني مسعود بزشكيان" in evidence.text


def test_knowledge_graph_events_evidence_indexes_the_text_as_read(graph: KnowledgeGraph) -> None:
    texts = _texts()
    events = list(graph.events())
    assert len(events) > 20
    for event in events:
        assert event.evidence, event.iri
        for evidence in event.evidence:
            assert evidence.document_id is not None
            assert texts[evidence.document_id][evidence.begin : evidence.end] == evidence.text
        assert set(event.sources) == {e.document_id for e in event.evidence}


def test_knowledge_graph_events_come_by_date_then_iri(graph: KnowledgeGraph) -> None:
    events = list(graph.events())
    keys = [_window(e)[0] for e in events]
    dated = [k for k in keys if k is not None]
    assert dated == sorted(dated)
    assert keys == dated + [None] * (len(keys) - len(dated))  # the undated come last
    undated = [e.iri for e in events if _window(e)[0] is None]
    assert undated == sorted(undated)
    assert len({e.iri for e in events}) == len(events)


@pytest.mark.parametrize("kind", ["Meeting", EventType.STATEMENT, "hd:MilitaryStrike", HD + "Agreement"])
def test_knowledge_graph_events_filter_by_core_type(graph: KnowledgeGraph, kind: EventType | str) -> None:
    wanted = kind if isinstance(kind, EventType) else EventType(str(kind).rsplit(":", 1)[-1].rsplit("#")[-1])
    events = list(graph.events(type=kind))
    assert events
    assert {e.type for e in events} == {wanted}


def test_knowledge_graph_events_filter_by_finer_types(graph: KnowledgeGraph) -> None:
    shelling = list(graph.events(type="Shelling"))
    assert shelling and all("Shelling" in e.subtypes for e in shelling)
    assert all(e.type is EventType.MILITARY_STRIKE for e in shelling)
    either = {e.iri for e in graph.events(type=["Shelling", "Talks"])}
    assert either == {e.iri for e in shelling} | {e.iri for e in graph.events(type="Talks")}


def test_knowledge_graph_events_filter_by_date_range(graph: KnowledgeGraph) -> None:
    since, until = dt.date(2024, 11, 1), dt.date(2024, 11, 30)
    events = list(graph.events(since=since, until="2024-11-30"))
    assert events
    for event in events:
        start, end = _window(event)
        assert start is not None and end is not None
        assert end >= since and start <= until
    everything = list(graph.events())
    outside = [e for e in everything if e.iri not in {x.iri for x in events}]
    for event in outside:
        start, end = _window(event)
        assert start is None or end is None or end < since or start > until


def test_knowledge_graph_events_filter_by_modality(graph: KnowledgeGraph) -> None:
    asserted = list(graph.events(modality="Asserted"))
    others = list(graph.events(modality=[Modality.PLANNED, "hypothetical", "hd:Negated"]))
    assert asserted and all(e.modality is Modality.ASSERTED for e in asserted)
    assert all(e.modality is not Modality.ASSERTED for e in others)
    assert len(asserted) + len(others) == len(list(graph.events()))


def test_knowledge_graph_events_filter_by_actor_in_one_role(graph: KnowledgeGraph) -> None:
    strikes = list(graph.events(type="MilitaryStrike", actor="Turkey", role="attacker"))
    assert strikes
    for event in strikes:
        assert "Turkey" in {a.label_en for a in event.entities(Role.ATTACKER)}
    said = list(graph.events(actor="سيرغي لافروف", role=Role.SPEAKER))
    assert said and all(e.type is EventType.STATEMENT for e in said)
    assert any("نحن نفضل أن نسترشد بالحقائق" in (e.quote or "") for e in said)


def test_knowledge_graph_events_filter_by_place(graph: KnowledgeGraph) -> None:
    places = {e.place.iri for e in graph.events() if e.place is not None}
    assert places
    place = sorted(places)[0]
    events = list(graph.events(place=place))
    assert events and all(e.place is not None and e.place.iri == place for e in events)


def test_knowledge_graph_events_filter_by_document(graph: KnowledgeGraph) -> None:
    events = list(graph.events(document="asharq-turkey-syria"))
    assert events and all(e.sources == ("asharq-turkey-syria",) for e in events)
    assert list(graph.events(document="no-such-document")) == []


def test_knowledge_graph_events_for_an_unknown_actor_are_none(graph: KnowledgeGraph) -> None:
    assert list(graph.events(actor="لا أحد بهذا الاسم")) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"type": "Meting"}, "unknown event type"),
        ({"modality": "Likely"}, "unknown modality"),
        ({"since": "11/10/2024"}, "malformed since date"),
        ({"role": "speaker"}, "role= narrows actor="),
        ({"actor": "x", "role": "host"}, "unknown role"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_knowledge_graph_events_reject_bad_arguments(
    graph: KnowledgeGraph, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        graph.events(**arguments)


def _counting(graph: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every query the graph sends to its store."""
    sent: list[str] = []
    original: Callable[..., Any] = graph.store.query

    def query(sparql: str, **options: Any) -> Any:
        sent.append(sparql)
        return original(sparql, **options)

    monkeypatch.setattr(graph.store, "query", query)
    return sent


def _many_events(count: int) -> HadathStore:
    """A store of ``count`` hand-made meetings, each with a participant, a date and evidence."""
    store = HadathStore()
    quads = []
    doc = ox.NamedNode(iris.document("bulk"))
    graph = ox.NamedNode(iris.document_graph("bulk"))
    t = ox.NamedNode

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, t(p), o, graph))

    add(doc, "http://purl.org/dc/terms/identifier", ox.Literal("bulk"))
    person = t(iris.entity("someone"))
    add(person, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", t(HD + "Person"))
    add(person, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("شخص", language="ar"))
    for n in range(count):
        event = t(iris.event("bulk", f"m{n:05d}"))
        span = t(iris.span("bulk", n, n + 1))
        add(event, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", t(HD + "Meeting"))
        add(event, HD + "participant", person)
        add(event, HD + "modality", t(HD + "Asserted"))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
        add(
            event,
            HD + "date",
            ox.Literal(day.isoformat(), datatype=t("http://www.w3.org/2001/XMLSchema#date")),
        )
        add(event, HD + "evidence", span)
        add(event, "http://www.w3.org/ns/prov#wasDerivedFrom", doc)
        add(span, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf", ox.Literal("x"))
    store.oxigraph.extend(quads)
    return store


def test_knowledge_graph_events_cost_a_query_per_batch_not_per_event(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = KnowledgeGraph.from_store(_many_events(1000))
    sent = _counting(graph, monkeypatch)
    events = list(graph.events(type="Meeting", actor=iris.entity("someone"), batch_size=100))
    assert len(events) == 1000
    assert len(sent) == 1 + 10
    days = [e.date for e in events if e.date is not None]
    assert len(days) == len(events) and days == sorted(days)
    assert all(e.sources == ("bulk",) and e.entities("participant")[0].label == "شخص" for e in events)


def test_knowledge_graph_events_are_fetched_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = KnowledgeGraph.from_store(_many_events(300))
    sent = _counting(graph, monkeypatch)
    first = list(islice(graph.events(batch_size=50), 3))
    assert len(first) == 3
    assert len(sent) == 2  # the selection, and the description of the first batch only


def test_knowledge_graph_event_by_iri(graph: KnowledgeGraph) -> None:
    some = next(graph.events(type="Statement"))
    assert graph.event(some.iri) == some
    assert graph.event(iris.event("nothing", "none")) is None


# ---------------------------------------------------------------------------- entities


@pytest.mark.parametrize(
    "name", ["بوتين", "فلاديمير بوتين", "فلادِيمير بُوتين", "Putin", "vladimir putin", "Q7747", PUTIN]
)
def test_knowledge_graph_entity_by_any_name(graph: KnowledgeGraph, name: str) -> None:
    found = graph.entity(name)
    assert isinstance(found, EntityRecord)
    assert found.iri == PUTIN


def test_knowledge_graph_entity_names_are_matched_across_spellings(graph: KnowledgeGraph) -> None:
    # The label is «رجب طيب أردوغان»: hamza forms and diacritics do not matter.
    for name in ("اردوغان", "إردوغان", "أَرْدُوغَان", "Erdoğan"):
        found = graph.find_entities(name)
        assert [e.label_en for e in found] == ["Recep Tayyip Erdoğan"], name


def test_knowledge_graph_entity_has_labels_links_and_events(graph: KnowledgeGraph) -> None:
    putin = graph.entity("بوتين")
    assert putin is not None
    assert (putin.label_ar, putin.label_en, putin.kind) == ("فلاديمير بوتين", "Vladimir Putin", "Person")
    assert putin.wikidata == "Q7747"
    assert putin.same_as == ("http://www.wikidata.org/entity/Q7747",)
    assert putin.country is not None and putin.country.label_en == "Russia"
    assert putin.ref.iri == putin.iri and putin.label == "فلاديمير بوتين"
    assert putin.events
    for event in putin.events:
        assert putin.iri in {f.entity.iri for f in event.roles} | {event.place.iri if event.place else ""}
    assert {e.type for e in putin.events} >= {EventType.MEETING, EventType.STATEMENT}
    assert [e.iri for e in putin.events] == [e.iri for e in graph.events(actor=putin)]


def test_knowledge_graph_entity_unknown_is_none(graph: KnowledgeGraph) -> None:
    assert graph.entity("لا أحد بهذا الاسم") is None
    assert graph.entity(iris.entity("nobody")) is None
    assert graph.entity("") is None
    assert graph.find_entities("نيجيريا") == []  # in the gazetteer, not in these articles


# ---------------------------------------------------------------------------- SPARQL


def test_knowledge_graph_query_returns_python_values(graph: KnowledgeGraph) -> None:
    rows = graph.query(
        "SELECT ?id ?issued ?title ?missing (COUNT(?a) AS ?articles) WHERE {"
        " ?d dcterms:identifier ?id . ?a dcterms:isPartOf ?d ; a hd:Article ."
        " OPTIONAL { ?d dcterms:issued ?issued } OPTIONAL { ?d dcterms:title ?title }"
        " OPTIONAL { ?d hd:nothing ?missing } } GROUP BY ?id ?issued ?title ?missing ORDER BY ?id"
    )
    assert [r["id"] for r in rows] == ["asharq-page", "asharq-russia-iran", "asharq-turkey-syria"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["asharq-russia-iran"]["issued"] == dt.date(2024, 10, 11)
    assert by_id["asharq-russia-iran"]["title"] == "تقارب روسي إيراني في «السياسة الدولية»"
    assert by_id["asharq-page"]["issued"] is None
    assert all(r["missing"] is None for r in rows)
    assert by_id["asharq-page"]["articles"] == 2


def test_knowledge_graph_query_keeps_declared_prefixes() -> None:
    text = "PREFIX hd: <https://example.org/other#>\nSELECT * WHERE { ?s hd:p ?o }"
    completed = with_prefixes(text)
    assert "PREFIX hd: <https://example.org/other#>" in completed
    assert completed.count("PREFIX hd:") == 1
    assert "PREFIX prov:" in completed


def test_knowledge_graph_ask_and_construct(graph: KnowledgeGraph) -> None:
    assert graph.ask("ASK { ?e a hd:Meeting }") is True
    assert graph.ask("ASK { ?e a hd:Memorandum ; hd:party hd:Nobody }") is False
    triples = graph.construct(
        "CONSTRUCT { ?e hd:participant ?p } WHERE { ?e a hd:Meeting ; hd:participant ?p }"
    )
    assert isinstance(triples, rdflib.Graph)
    assert (None, rdflib.URIRef(HD + "participant"), rdflib.URIRef(PUTIN)) in triples
    assert graph.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s hd:nothing ?o }").__len__() == 0


@pytest.mark.parametrize(
    ("method", "sparql"),
    [
        ("query", "ASK { ?s ?p ?o }"),
        ("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
        ("ask", "SELECT * WHERE { ?s ?p ?o }"),
        ("construct", "SELECT * WHERE { ?s ?p ?o }"),
        ("query", "SELECT * WHERE { ?s ?p "),
    ],
)
def test_knowledge_graph_sparql_of_the_wrong_form_is_a_value_error(
    graph: KnowledgeGraph, method: str, sparql: str
) -> None:
    with pytest.raises(ValueError):
        getattr(graph, method)(sparql)


def test_knowledge_graph_counts_events_and_lists_documents(graph: KnowledgeGraph) -> None:
    counts = graph.event_counts()
    assert set(counts) == {t.value for t in EventType}
    assert counts["Meeting"] >= 1 and counts["Statement"] >= 1 and counts["MilitaryStrike"] >= 1
    assert sum(counts.values()) == len(list(graph.events()))
    assert graph.documents() == ["asharq-page", "asharq-russia-iran", "asharq-turkey-syria"]


# ---------------------------------------------------------------------------- writing


def test_knowledge_graph_ingest_text_with_metadata() -> None:
    graph = KnowledgeGraph()
    report = graph.ingest(NOTE, id="note-1", title="لقاء", published="2024-10-11", source="test")
    assert report.ok and report.documents == ["note-1"]
    assert report.events["Meeting"] >= 1
    meeting = next(graph.events(type="Meeting", document="note-1"))
    assert meeting.date == dt.date(2024, 10, 11)
    assert {p.label_en for p in meeting.entities("participant")} >= {"Vladimir Putin", "Masoud Pezeshkian"}
    for event in graph.events(document="note-1"):
        for evidence in event.evidence:
            assert NOTE[evidence.begin : evidence.end] == evidence.text
    rows = graph.query('SELECT ?title WHERE { ?d dcterms:identifier "note-1" ; dcterms:title ?title }')
    assert rows == [{"title": "لقاء"}]
    count = len(list(graph.events()))
    graph.ingest(NOTE, id="note-1", published=dt.date(2024, 10, 11))  # again: replaced, not doubled
    assert len(list(graph.events())) == count


def test_knowledge_graph_ingest_text_without_id_is_named_by_its_content() -> None:
    graph = KnowledgeGraph()
    first = graph.ingest(NOTE).documents
    second = graph.ingest(NOTE).documents
    assert first == second and first[0].startswith("text-")
    assert graph.documents() == first


def test_knowledge_graph_ingest_a_file_reads_its_sidecar(tmp_path: Path) -> None:
    graph = KnowledgeGraph(tmp_path / "store")
    report = graph.ingest(str(ARTICLES / "asharq-russia-iran.txt"))
    assert report.ok and report.documents == ["asharq-russia-iran"]
    assert graph.query("SELECT ?d WHERE { ?x dcterms:issued ?d }") == [{"d": dt.date(2024, 10, 11)}]
    many = graph.ingest_many([ARTICLES / "asharq-turkey-syria.txt", tmp_path / "missing.txt"])
    assert many.documents == ["asharq-turkey-syria"]
    assert [r.reason for r in many.skipped] == ["no such file or folder"]
    graph.close()


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("This is an English text, not an Arabic one.", InputError),
        ("   ", InputError),
        ("examples/articles/no-such-article.txt", InputError),
    ],
)
def test_knowledge_graph_ingest_rejects_bad_input(given: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        KnowledgeGraph().ingest(given)


def test_knowledge_graph_ingest_refuses_metadata_for_a_file() -> None:
    with pytest.raises(ValueError, match="sidecar"):
        KnowledgeGraph().ingest(ARTICLES / "asharq-russia-iran.txt", title="x")


def test_knowledge_graph_remove_retracts_a_document() -> None:
    graph = KnowledgeGraph()
    graph.ingest(NOTE, id="note-1")
    graph.ingest(NOTE, id="note-2")
    assert graph.remove("note-1") is True
    assert graph.remove("note-1") is False
    assert graph.documents() == ["note-2"]
    assert list(graph.events(document="note-1")) == []
    assert list(graph.events(document="note-2"))


@pytest.mark.parametrize("name", ["dump.trig", "dump.nq.gz", "dump.ttl"])
def test_knowledge_graph_export_loads_back(graph: KnowledgeGraph, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    graph.export(path)
    assert not path.with_name(name + ".part").exists()
    if name.endswith(".gz"):
        assert gzip.decompress(path.read_bytes())
    copy = KnowledgeGraph()
    copy.store.load(path)
    assert copy.event_counts() == graph.event_counts()
    if not name.endswith(".ttl"):  # a triple format keeps no named graphs
        assert copy.documents() == graph.documents()


def test_knowledge_graph_export_rejects_unknown_format(graph: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown RDF format"):
        graph.export(tmp_path / "x.out", format="excel")


def test_knowledge_graph_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with KnowledgeGraph(path) as writable:
        writable.ingest(NOTE, id="note-1")
    with KnowledgeGraph(path, read_only=True) as graph:
        assert graph.documents() == ["note-1"]
        assert list(graph.events(type="Meeting"))
        with pytest.raises(ReadOnlyError):
            graph.ingest(NOTE, id="note-2")
        with pytest.raises(ReadOnlyError):
            graph.remove("note-1")


# ---------------------------------------------------------------------------- remote


@contextlib.contextmanager
def _served(store: HadathStore) -> Iterator[str]:
    """The real HTTP app over ``store`` on a free loopback port; yields its /sparql URL."""
    fixtures = pytest.importorskip("api_fixtures")
    settings = fixtures.settings_for(store.path, query_timeout=20.0)
    with fixtures.serve_in_thread(settings, store) as server:
        yield server.sparql


@pytest.fixture(scope="module")
def remote(graph: KnowledgeGraph) -> Iterator[KnowledgeGraph]:
    """The module's store served over HTTP, seen through ``KnowledgeGraph.remote``."""
    with _served(graph.store) as url:
        yield KnowledgeGraph.remote(url, timeout=30)


def test_knowledge_graph_remote_events_match_the_store(graph: KnowledgeGraph, remote: KnowledgeGraph) -> None:
    assert remote.location.endswith("/sparql")
    cases: list[dict[str, Any]] = [
        {},
        {"type": "Meeting", "actor": "بوتين"},
        {"since": "2024-11-01", "modality": "Asserted"},
    ]
    for filters in cases:
        assert list(remote.events(**filters)) == list(graph.events(**filters))


def test_knowledge_graph_remote_entity_query_and_construct(
    graph: KnowledgeGraph, remote: KnowledgeGraph
) -> None:
    assert remote.entity("Putin") == graph.entity("Putin")
    sparql = (
        "SELECT ?d ?issued WHERE { ?d dcterms:identifier ?id OPTIONAL { ?d dcterms:issued ?issued } }"
        " ORDER BY ?d"
    )
    assert remote.query(sparql) == graph.query(sparql)
    assert remote.ask("ASK { ?e a hd:Statement }") is True
    construct = "CONSTRUCT { ?e hd:speaker ?s } WHERE { ?e hd:speaker ?s }"
    assert len(remote.construct(construct)) == len(graph.construct(construct))
    assert remote.documents() == graph.documents()
    assert remote.event_counts() == graph.event_counts()


def test_knowledge_graph_remote_is_read_only(remote: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ReadOnlyError):
        remote.ingest(NOTE)
    with pytest.raises(ReadOnlyError):
        remote.remove("asharq-page")
    with pytest.raises(ReadOnlyError):
        remote.export(tmp_path / "dump.trig")
    with pytest.raises(ValueError):
        remote.query("SELECT * WHERE { ?s ?p ")

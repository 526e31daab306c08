"""The whole chain on the example articles: provenance, offsets, shapes, idempotence."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg import iris, pipeline
from kg.documents import read_documents
from kg.graph import IngestRun
from kg.model import Document
from kg.pipeline import analyse, ingest
from kg.store import HadathStore

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
SHAPES = ROOT / "ontology" / "shapes.ttl"

EVENTS = """
PREFIX hd: <https://w3id.org/hadath/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?doc ?event ?type ?anchor ?begin ?end ?text WHERE {
  VALUES ?type { hd:Meeting hd:Statement hd:MilitaryStrike hd:Agreement }
  ?event a ?type ; prov:wasDerivedFrom ?article ; hd:evidence ?span .
  ?article dcterms:isPartOf* ?d . ?d dcterms:identifier ?doc .
  ?span nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ;
        nif:referenceContext ?ctx . ?ctx nif:isString ?text .
}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> HadathStore:
    store = HadathStore(tmp_path_factory.mktemp("store") / "s")
    report = ingest(store, [ARTICLES])
    assert report.ok, report.skipped
    return store


def test_pipeline_finds_all_four_event_types(store: HadathStore) -> None:
    types = {row["type"].value.rsplit("#", 1)[1] for row in store.query(EVENTS)}
    assert types == {"Meeting", "Statement", "MilitaryStrike", "Agreement"}


def test_pipeline_evidence_offsets_point_into_the_file(store: HadathStore) -> None:
    rows = list(store.query(EVENTS))
    assert rows
    for row in rows:
        path = ARTICLES / f"{row['doc'].value}.txt"
        text = path.read_text(encoding="utf-8")
        begin, end = int(row["begin"].value), int(row["end"].value)
        assert text[begin:end] == row["anchor"].value
        assert row["text"].value == text


def test_pipeline_output_conforms_to_shapes(store: HadathStore) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    union = rdflib.Graph()
    union.parse(io.BytesIO(store.dump_bytes("ntriples")), format="nt")
    conforms, _, report = pyshacl.validate(
        union, shacl_graph=str(SHAPES), inference="none", allow_warnings=True
    )
    assert conforms, report
    # The same data with one event's modality gone must fail: the shapes do reach the events.
    modality = rdflib.URIRef("https://w3id.org/hadath/ontology#modality")
    event = next(iter(union.subjects(modality, None)))
    union.remove((event, modality, None))
    broken, _, _ = pyshacl.validate(union, shacl_graph=str(SHAPES), inference="none", allow_warnings=True)
    assert not broken


def test_pipeline_reingest_changes_no_triple_count(tmp_path: Path) -> None:
    store = HadathStore(tmp_path / "s")
    ingest(store, [ARTICLES])
    before = len(store)
    ingest(store, [ARTICLES / "asharq-russia-iran.txt"])
    ingest(store, [ARTICLES])
    assert len(store) == before


def test_pipeline_teasers_give_no_event(store: HadathStore) -> None:
    teaser_words = ["بايدن", "فرط صوتي", "عقوبات على 50"]
    for row in store.query(EVENTS):
        if row["doc"].value == "asharq-page":
            assert not any(w in row["anchor"].value for w in teaser_words), row["anchor"].value


def test_pipeline_page_articles_are_part_of_the_document(store: HadathStore) -> None:
    query = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?a ?title WHERE {{
      ?a dcterms:isPartOf <{iris.document("asharq-page")}> ; dcterms:title ?title }}"""
    titles = sorted(row["title"].value for row in store.query(query))
    assert titles == sorted(
        ["تقارب روسي إيراني في «السياسة الدولية»", "أنقرة: الأسد لا يريد عودة السلام في سوريا"]
    )


def test_pipeline_records_the_ingest_run(store: HadathStore) -> None:
    query = """PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX hd: <https://w3id.org/hadath/ontology#>
    SELECT DISTINCT ?doc ?version WHERE {
      ?doc prov:wasGeneratedBy ?run . ?run a prov:Activity ; hd:softwareVersion ?version }"""
    rows = list(store.query(query))
    assert len(rows) == 3
    assert all(r["version"].value.startswith("hadath ") for r in rows)


def test_pipeline_links_one_event_reported_by_two_documents(tmp_path: Path) -> None:
    first = "استقبل الرئيس الروسي فلاديمير بوتين، الجمعة، الرئيس التركي رجب طيب إردوغان في موسكو."
    second = "التقى الرئيس التركي رجب طيب إردوغان نظيره الروسي فلاديمير بوتين الجمعة في موسكو."
    unrelated = "التقى الرئيس التركي رجب طيب إردوغان نظيره الروسي فلاديمير بوتين الخميس في موسكو."
    for name, text in (("a", first), ("b", second), ("c", unrelated)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.json").write_text('{"published": "2024-10-11"}', encoding="utf-8")
    store = HadathStore(tmp_path / "s")
    for name in ("a", "b", "c"):
        ingest(store, [tmp_path / f"{name}.txt"])
    query = """PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX hd: <https://w3id.org/hadath/ontology#>
    SELECT ?x ?y WHERE { ?x a hd:Meeting ; owl:sameAs ?y . ?y a hd:Meeting }"""
    links = {(row["x"].value, row["y"].value) for row in store.query(query)}
    assert len(links) == 1
    ((later, earlier),) = links
    assert "/event/b/" in later and "/event/a/" in earlier


def _graphs(store: HadathStore) -> dict[str, set[str]]:
    """Each data graph's statements, with the run's activity (a new IRI each run) left out
    (and the ontology, whose blank nodes are new each time it is loaded)."""
    found: dict[str, set[str]] = {}
    for quad in store.oxigraph:
        text = f"{quad.subject} {quad.predicate} {quad.object}"
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or graph.value == iris.ONTOLOGY_GRAPH:
            continue
        if "/activity/" not in text:
            found.setdefault(graph.value, set()).add(text)
    return found


def test_pipeline_batched_bulk_writes_store_what_one_transaction_per_document_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest run writes new documents in batches on Oxigraph's bulk path; the result must
    be what writing each document in its own transaction gives, entities once each."""
    monkeypatch.setattr(pipeline._Writer, "MAX_DOCUMENTS", 2)  # three documents: two batches
    batched = HadathStore(tmp_path / "batched")
    report = ingest(batched, [ARTICLES])
    assert len(report.documents) == 3
    one_by_one = HadathStore(tmp_path / "one-by-one")
    one_by_one.ensure_ontology()
    run = IngestRun.start()
    for document in read_documents([ARTICLES]):
        assert isinstance(document, Document)
        pipeline.write_analysis(one_by_one, analyse(document), run)
    assert _graphs(batched) == _graphs(one_by_one)
    assert sorted(batched.document_ids()) == sorted(report.documents)
    entities = [q for q in batched.oxigraph if q.graph_name == ox.NamedNode(iris.ENTITIES_GRAPH)]
    assert len(entities) == len(set(entities))


def test_pipeline_reingest_after_a_batch_replaces_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run mixing new documents (batched) and stored ones (replaced in a transaction)."""
    monkeypatch.setattr(pipeline._Writer, "MAX_DOCUMENTS", 2)
    store = HadathStore(tmp_path / "s")
    ingest(store, [ARTICLES / "asharq-russia-iran.txt"])
    before = _graphs(store)
    report = ingest(store, [ARTICLES])
    assert report.ok and len(report.documents) == 3
    after = _graphs(store)
    graph = iris.document_graph("asharq-russia-iran")
    assert after[graph] == before[graph]
    assert len(after) == len(before) + 2

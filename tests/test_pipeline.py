"""The whole chain on the example articles: provenance, offsets, shapes, idempotence."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import rdflib

from kg import iris
from kg.pipeline import ingest
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

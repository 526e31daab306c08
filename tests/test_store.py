"""The Oxigraph store on disk: document graphs, atomic replacement, loading, bad paths."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import iris
from kg.store import HadathStore, StoreError


def _quads(doc_id: str, n: int) -> list[ox.Quad]:
    graph = ox.NamedNode(iris.document_graph(doc_id))
    subject = ox.NamedNode(iris.document(doc_id))
    quads = [ox.Quad(subject, ox.NamedNode("http://purl.org/dc/terms/identifier"), ox.Literal(doc_id), graph)]
    quads += [
        ox.Quad(subject, ox.NamedNode(f"https://example.org/p{i}"), ox.Literal(f"قيمة {i}"), graph)
        for i in range(n)
    ]
    return quads


def test_store_replace_document_replaces_not_adds(tmp_path: Path) -> None:
    store = HadathStore(tmp_path / "s")
    store.replace_document("a", _quads("a", 5))
    store.replace_document("b", _quads("b", 2))
    store.replace_document("a", _quads("a", 3))
    assert len(list(store.graph_quads(iris.document_graph("a")))) == 4
    assert store.document_ids() == ["a", "b"]


def test_store_persists_on_disk(tmp_path: Path) -> None:
    with HadathStore(tmp_path / "s") as store:
        store.replace_document("a", _quads("a", 1))
    reopened = HadathStore(tmp_path / "s", read_only=True)
    assert reopened.has_document("a")


def test_store_remove_document(tmp_path: Path) -> None:
    store = HadathStore(tmp_path / "s")
    store.replace_document("a", _quads("a", 1))
    store.replace_document("b", _quads("b", 1))
    assert store.remove_document("a") is True
    assert store.remove_document("a") is False
    assert store.document_ids() == ["b"]


def test_store_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        HadathStore(path)


def test_store_path_that_cannot_be_created_is_refused() -> None:
    with pytest.raises(StoreError, match="cannot create store folder"):
        HadathStore("/sys/hadath-store-test")


def test_store_load_plain_and_gzipped(tmp_path: Path) -> None:
    nq = '<https://example.org/s> <https://example.org/p> "س"@ar <https://example.org/g> .\n'
    (tmp_path / "a.nq").write_text(nq, encoding="utf-8")
    with gzip.open(tmp_path / "b.ttl.gz", "wt", encoding="utf-8") as handle:
        handle.write('<https://example.org/s2> <https://example.org/p> "ص" .\n')
    store = HadathStore(tmp_path / "s")
    assert store.load(tmp_path / "a.nq") == 1
    assert store.load(tmp_path / "b.ttl.gz") == 1
    assert len(store) == 2


def test_store_load_of_a_broken_file_adds_nothing(tmp_path: Path) -> None:
    good = "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(10))
    (tmp_path / "bad.nt").write_text(good + "<https://example.org/broken> <oops\n", encoding="utf-8")
    store = HadathStore(tmp_path / "s")
    with pytest.raises(StoreError, match=r"bad\.nt"):
        store.load(tmp_path / "bad.nt")
    assert len(store) == 0


def test_store_unknown_rdf_suffix_is_named(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b")
    with pytest.raises(StoreError, match="unknown RDF file type"):
        HadathStore(tmp_path / "s").load(tmp_path / "x.csv")


def test_store_ontology_loaded_once(tmp_path: Path) -> None:
    store = HadathStore(tmp_path / "s")
    store.ensure_ontology()
    first = len(store)
    store.ensure_ontology()
    assert len(store) == first > 100


def test_store_load_gives_the_file_s_quads_plain_gzipped_or_into_a_graph(tmp_path: Path) -> None:
    lines = "".join(
        f'<https://example.org/s{i}> <https://example.org/p> "قيمة {i}" <https://example.org/g> .\n'
        for i in range(500)
    )
    (tmp_path / "a.nq").write_text(lines, encoding="utf-8")
    with gzip.open(tmp_path / "a.nq.gz", "wt", encoding="utf-8") as handle:
        handle.write(lines)
    (tmp_path / "t.nt").write_text(lines.replace(" <https://example.org/g> .", " ."), encoding="utf-8")
    expected = set(ox.parse(lines, format=ox.RdfFormat.N_QUADS))
    plain, gzipped, triples, moved = (HadathStore(tmp_path / n) for n in ("plain", "gz", "triples", "moved"))
    assert plain.load(tmp_path / "a.nq") == 500
    assert gzipped.load(tmp_path / "a.nq.gz") == 500
    assert triples.load(tmp_path / "t.nt", graph="https://example.org/g") == 500
    assert moved.load(tmp_path / "a.nq", graph="https://example.org/h") == 500
    assert set(plain.oxigraph) == set(gzipped.oxigraph) == set(triples.oxigraph) == expected
    assert {q.graph_name.value for q in moved.oxigraph} == {"https://example.org/h"}
    assert plain.load(tmp_path / "a.nq") == 0  # nothing new the second time


def test_store_load_of_a_large_file_broken_at_its_end_adds_nothing(tmp_path: Path) -> None:
    """The bulk loader parses and writes in batches; the error on the last line must still
    leave the store as it was (Oxigraph 0.5 ingests everything in one step at the end)."""
    good = "".join(f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(60_000))
    (tmp_path / "big.nt").write_text(good + '<https://example.org/x> <https://example.org/p> "open\n')
    store = HadathStore(tmp_path / "s")
    store.ensure_ontology()
    before = set(store.oxigraph)
    with pytest.raises(StoreError, match=r"big\.nt: not valid ntriples"):
        store.load(tmp_path / "big.nt")
    assert set(store.oxigraph) == before

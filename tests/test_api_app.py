"""The assembled app: health, CORS, access log, OpenAPI, query page, VoID, dumps, settings, serve."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from api_fixtures import (
    DOC_ID,
    TOKEN,
    LiveServer,
    auth,
    free_port,
    hadath_server_fixture,  # noqa: F401  (the "hadath_server" fixture)
    load_ontology,
    sample_quads,
    settings_for,
)
from fastapi.testclient import TestClient

from api import Settings, create_app
from api.terms import VOID
from kg import iris
from kg.store import HadathStore

HD = iris.ONTOLOGY


@pytest.fixture
def store(tmp_path: Path) -> HadathStore:
    store = HadathStore(tmp_path / "store")
    store.oxigraph.extend(sample_quads())
    load_ontology(store)
    return store


@pytest.fixture
def client(tmp_path: Path, store: HadathStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(tmp_path / "store", access_log=True), store)) as test_client:
        yield test_client


def test_api_health(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"


def test_api_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/sparql", "/documents", "/store", "/id/{rest}", "/void", "/dumps/hadath.nq.gz", "/health"):
        assert path in spec["paths"], path
    assert "application/sparql-query" in spec["paths"]["/sparql"]["post"]["requestBody"]["content"]


def test_api_access_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="hadath.access"):
        client.get("/sparql", params={"query": "ASK {}"}, headers=auth())
    lines = [r.getMessage() for r in caplog.records if r.name == "hadath.access"]
    assert len(lines) == 1
    assert re.match(r'testclient "GET /sparql\?query=ASK\+%7B%7D HTTP/1.1" 200 \d+ [\d.]+ms', lines[0])
    assert TOKEN not in lines[0]


def test_api_cors(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, cors_origins=["https://app.example"])
    with TestClient(create_app(settings)) as cors_client:
        preflight = cors_client.options(
            "/sparql",
            headers={
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://app.example"
        simple = cors_client.get("/health", headers={"Origin": "https://app.example"})
        assert simple.headers["access-control-allow-origin"] == "https://app.example"
        other = cors_client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
    with TestClient(create_app(settings_for(tmp_path / "other"))) as plain:
        assert (
            "access-control-allow-origin" not in plain.get("/health", headers={"Origin": "https://a"}).headers
        )


def test_api_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HADATH_STORE", str(tmp_path))
    monkeypatch.setenv("HADATH_UPDATE_TOKEN", "s3cret")
    monkeypatch.setenv("HADATH_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("HADATH_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("HADATH_MAX_RESULTS", "10")
    monkeypatch.setenv("HADATH_BASE_IRI", "https://hadath.example")
    settings = Settings()
    assert settings.store == tmp_path
    assert settings.token == "s3cret" and "s3cret" not in repr(settings)
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert (settings.query_timeout, settings.max_results) == (2.5, 10)
    assert settings.base_iri == "https://hadath.example/"
    monkeypatch.setenv("HADATH_UPDATE_TOKEN", "")
    assert Settings().token is None


def test_api_query_page_has_yasgui_and_the_examples(tmp_path: Path) -> None:
    examples = tmp_path / "queries"
    examples.mkdir()
    (examples / "01-meetings.rq").write_text(
        "# Meetings in March\nSELECT * { ?e a <x:Meeting> }\n", encoding="utf-8"
    )
    (examples / "02-tricky.rq").write_text(
        'SELECT ("</script><script>alert(1)</script>" AS ?x) {}\n', encoding="utf-8"
    )
    with TestClient(create_app(settings_for(tmp_path / "store", examples_dir=examples))) as client:
        page = client.get("/").text
        assert "static/yasgui/yasgui.min.js" in page and "static/yasgui/yasgui.min.css" in page
        assert "cdn" not in page.lower() and "unpkg" not in page
        config = json.loads(re.search(r"var config = (\{.*?\});\n", page).group(1))  # type: ignore[union-attr]
        assert [e["name"] for e in config["examples"]] == ["Meetings in March", "02-tricky"]
        assert config["endpoint"] == "http://testserver/sparql"
        assert "</script><script>" not in page  # the query text cannot close the script element
        assert client.get("/static/yasgui/yasgui.min.js").status_code == 200
        assert client.get("/static/yasgui/yasgui.min.css").status_code == 200


def test_api_query_page_without_examples(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "store", examples_dir=tmp_path / "absent")
    with TestClient(create_app(settings)) as client:
        assert client.get("/").status_code == 200


def test_api_void_counts_per_class(client: TestClient) -> None:
    response = client.get("/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))

    def value(subject: object, predicate: str) -> str:
        return next(
            t.object.value for t in triples if t.subject == subject and t.predicate.value == predicate
        )

    counts = {
        t.object.value: int(value(t.subject, VOID.entities))
        for t in triples
        if t.predicate.value == VOID.class_
    }
    assert counts[HD + "Meeting"] == 1
    assert counts[HD + "Statement"] == 1
    assert counts[HD + "Person"] == 2
    dataset = next(t.subject for t in triples if t.predicate.value == VOID.classPartition)
    assert int(value(dataset, VOID.triples)) > 50
    assert client.get("/.well-known/void", headers={"Accept": "application/ld+json"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "fmt"), [("hadath.nq.gz", ox.RdfFormat.N_QUADS), ("hadath.trig.gz", ox.RdfFormat.TRIG)]
)
def test_api_dataset_dumps(hadath_server: LiveServer, name: str, fmt: ox.RdfFormat) -> None:
    with httpx.stream("GET", hadath_server.url + "dumps/" + name) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/gzip"
        assert response.headers.get("transfer-encoding") == "chunked"
        compressed = b"".join(response.iter_raw())
    quads = set(ox.parse(gzip.decompress(compressed), fmt))
    stored = set(hadath_server.store.oxigraph)
    assert quads == stored


@pytest.mark.parametrize("extension", ["nq", "trig", "ttl", "nt", "jsonld", "rdf", "ttl.gz"])
def test_api_document_dump(client: TestClient, store: HadathStore, extension: str) -> None:
    response = client.get(f"/dumps/documents/{DOC_ID}.{extension}")
    assert response.status_code == 200
    body = gzip.decompress(response.content) if extension.endswith(".gz") else response.content
    fmt = ox.RdfFormat.from_extension(extension.removesuffix(".gz"))
    assert fmt is not None
    parsed = list(ox.parse(body, fmt))
    expected = list(store.graph_quads(iris.document_graph(DOC_ID)))
    assert len(parsed) == len(expected)
    if fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD:
        assert {q.graph_name for q in parsed} == {ox.NamedNode(iris.document_graph(DOC_ID))}


def test_api_document_dump_unknown(client: TestClient) -> None:
    assert client.get("/dumps/documents/nope.ttl").status_code == 404
    assert client.get(f"/dumps/documents/{DOC_ID}.docx").status_code == 404


def test_api_graph_store_writes_need_the_token(client: TestClient) -> None:
    body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
    headers = {"Content-Type": "application/n-triples"}
    graph = {"graph": "http://example.org/g"}
    assert client.put("/store", params=graph, content=body, headers=headers).status_code == 401
    assert client.post("/store", params=graph, content=body, headers=headers).status_code == 401
    assert client.delete("/store", params=graph).status_code == 401
    assert client.put("/store", params=graph, content=body, headers={**headers, **auth()}).status_code == 201
    assert (
        client.get("/store", params=graph, headers={"Accept": "application/n-triples"}).text.strip()
        == body.decode()
    )
    bad = client.put("/store", params=graph, content=b"<oops", headers={**headers, **auth()})
    assert bad.status_code == 400
    unsupported = client.put(
        "/store", params=graph, content=body, headers={"Content-Type": "image/png", **auth()}
    )
    assert unsupported.status_code == 415
    dataset = client.get("/store", headers={"Accept": "application/n-quads"})
    assert f"<{iris.document_graph(DOC_ID)}>" in dataset.text
    assert client.delete("/store", params=graph, headers=auth()).status_code == 204


def test_api_graph_store_disabled_without_token(tmp_path: Path) -> None:
    with TestClient(create_app(settings_for(tmp_path, update_token=None))) as client:
        response = client.put(
            "/store?default", content=b"", headers={"Content-Type": "text/turtle", **auth()}
        )
        assert response.status_code == 403


def test_api_serve_runs_the_server(tmp_path: Path) -> None:
    port = free_port()
    code = (
        "from pathlib import Path; from api import serve; "
        f"serve(Path({str(tmp_path / 'store')!r}), '127.0.0.1', {port}, update_token='t', access_log=True)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("serve() did not answer")
        assert (
            httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
        )
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=20)
    assert '"GET /health HTTP/1.1" 200' in errors  # the access log

"""The SPARQL endpoint against real clients and by hand: formats, negotiation, errors, limits."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from api_fixtures import (
    MEETING,
    SAUDI,
    TOKEN,
    LiveServer,
    auth,
    hadath_server_fixture,  # noqa: F401  (the "hadath_server" fixture)
    sample_quads,
    settings_for,
)
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import Unauthorized

from api import create_app
from kg import iris
from kg.store import HadathStore

HD = iris.ONTOLOGY
EVENTS = f"PREFIX hd: <{HD}> SELECT ?event WHERE {{ ?event a hd:Meeting }}"
CONSTRUCT = f"PREFIX hd: <{HD}> CONSTRUCT {{ ?e hd:participant ?p }} WHERE {{ ?e hd:participant ?p }}"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app in-process over a fresh store with the sample data (small result cap)."""
    store = HadathStore(tmp_path / "store")
    store.oxigraph.extend(sample_quads())
    with TestClient(create_app(settings_for(tmp_path / "store", max_results=5), store)) as test_client:
        yield test_client


# -- real clients --


def test_api_sparqlwrapper_select_json(hadath_server: LiveServer) -> None:
    wrapper = SPARQLWrapper(hadath_server.sparql)
    wrapper.setQuery(EVENTS)
    wrapper.setReturnFormat(JSON)
    rows = wrapper.query().convert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert [row["event"]["value"] for row in rows] == [MEETING]


def test_api_sparqlwrapper_select_xml(hadath_server: LiveServer) -> None:
    wrapper = SPARQLWrapper(hadath_server.sparql)
    wrapper.setQuery(EVENTS)
    wrapper.setReturnFormat(XML)
    document = wrapper.query().convert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == [MEETING]


def test_api_sparqlwrapper_construct(hadath_server: LiveServer) -> None:
    wrapper = SPARQLWrapper(hadath_server.sparql)
    wrapper.setQuery(CONSTRUCT)
    graph = wrapper.queryAndConvert()  # RDF/XML by default
    assert isinstance(graph, Graph)
    assert (URIRef(MEETING), URIRef(HD + "participant"), URIRef(SAUDI)) in graph
    wrapper.setReturnFormat(TURTLE)
    turtle = wrapper.queryAndConvert()
    assert isinstance(turtle, bytes)
    assert len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == 2


def test_api_rdflib_sparqlstore_query(hadath_server: LiveServer) -> None:
    store = SPARQLStore(hadath_server.sparql)
    rows = list(Graph(store).query(EVENTS))
    assert [str(row[0]) for row in rows] == [MEETING]  # type: ignore[index]


def test_api_rdflib_sparqlupdatestore_with_token(hadath_server: LiveServer) -> None:
    subject = URIRef("http://example.org/updated-by-rdflib")
    store = SPARQLUpdateStore(hadath_server.sparql, hadath_server.sparql, headers=auth())
    graph = Graph(store, identifier=URIRef("http://example.org/rdflib-graph"))
    graph.update(f"INSERT DATA {{ <{subject}> a <http://example.org/T> }}")  # rdflib adds the GRAPH
    graph.add((subject, URIRef("http://example.org/p"), URIRef("http://example.org/o")))
    ask = f"ASK {{ GRAPH <http://example.org/rdflib-graph> {{ <{subject}> a ?t ; ?p ?o }} }}"
    assert list(Graph(SPARQLStore(hadath_server.sparql)).query(ask)) == [True]
    graph.update("DROP GRAPH <http://example.org/rdflib-graph>")


def test_api_rdflib_sparqlupdatestore_refused_without_token(hadath_server: LiveServer) -> None:
    store = SPARQLUpdateStore(hadath_server.sparql, hadath_server.sparql)
    target = URIRef("http://example.org/rdflib-graph")
    with pytest.raises(Exception, match="401"):
        Graph(store, identifier=target).update(
            "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
        )
    wrong = SPARQLUpdateStore(
        hadath_server.sparql, hadath_server.sparql, headers={"Authorization": "Bearer nope"}
    )
    with pytest.raises(Exception, match="401"):
        Graph(wrong, identifier=target).update(
            "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
        )
    assert list(Graph(SPARQLStore(hadath_server.sparql)).query("ASK { <http://example.org/a> ?p ?o }")) == [
        False
    ]


def test_api_sparqlwrapper_update_without_token_is_unauthorized(hadath_server: LiveServer) -> None:
    wrapper = SPARQLWrapper(hadath_server.sparql)
    wrapper.setMethod("POST")
    wrapper.setQuery("INSERT DATA { <http://example.org/x> <http://example.org/y> 1 }")
    with pytest.raises(Unauthorized):
        wrapper.query()


# -- formats and negotiation --


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.9, application/sparql-results+json;q=0.1", "text/csv"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
    ],
)
def test_api_select_negotiation(hadath_server: LiveServer, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(hadath_server.sparql, params={"query": EVENTS}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert MEETING in response.text
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/trig", ox.RdfFormat.TRIG),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/rdf+xml;q=0.2, text/turtle;q=0.8", ox.RdfFormat.TURTLE),
    ],
)
def test_api_construct_formats(hadath_server: LiveServer, accept: str, fmt: ox.RdfFormat) -> None:
    response = httpx.post(
        hadath_server.sparql,
        content=CONSTRUCT.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    parsed = list(ox.parse(response.content, fmt))
    assert {(q.subject.value, q.object.value) for q in parsed} >= {(MEETING, SAUDI)}


def test_api_describe_and_ask(hadath_server: LiveServer) -> None:
    described = httpx.get(hadath_server.sparql, params={"query": f"DESCRIBE <{SAUDI}>"})
    assert described.headers["content-type"].startswith("text/turtle")
    assert "وزير الخارجية السعودي" in described.text
    asked = httpx.get(
        hadath_server.sparql,
        params={"query": f"ASK {{ <{MEETING}> ?p ?o }}"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>true</boolean>" in asked.text


def test_api_format_parameter_overrides_accept(hadath_server: LiveServer) -> None:
    response = httpx.get(
        hadath_server.sparql, params={"query": EVENTS, "format": "csv"}, headers={"Accept": "application/xml"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines() == ["event", MEETING]


def test_api_not_acceptable(hadath_server: LiveServer) -> None:
    response = httpx.get(hadath_server.sparql, params={"query": EVENTS}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
    ask = httpx.get(hadath_server.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert ask.status_code == 406


def test_api_default_graph_is_the_union_unless_the_query_names_one(hadath_server: LiveServer) -> None:
    union = f"ASK {{ <{MEETING}> a <{HD}Meeting> . <{SAUDI}> a <{HD}Person> }}"
    assert httpx.get(hadath_server.sparql, params={"query": union}).json()["boolean"] is True
    entities_only = f"ASK FROM <{iris.ENTITIES_GRAPH}> {{ <{MEETING}> ?p ?o }}"
    assert httpx.get(hadath_server.sparql, params={"query": entities_only}).json()["boolean"] is False
    by_protocol = httpx.get(
        hadath_server.sparql,
        params={"query": f"ASK {{ <{SAUDI}> ?p ?o }}", "default-graph-uri": iris.ENTITIES_GRAPH},
    )
    assert by_protocol.json()["boolean"] is True


def test_api_large_results_stream(hadath_server: LiveServer) -> None:
    numbers = " ".join(str(i) for i in range(300))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    with httpx.stream("GET", hadath_server.sparql, params={"query": query}) as response:
        assert response.status_code == 200
        assert response.headers.get("transfer-encoding") == "chunked"
        assert "content-length" not in response.headers
        body = b"".join(response.iter_bytes())
    assert len(body) > 1024 * 1024
    assert len(json.loads(body)["results"]["bindings"]) == 300 * 300


def test_api_json_results_are_valid_json_with_literals(hadath_server: LiveServer) -> None:
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    query = f"SELECT ?label WHERE {{ <{SAUDI}> <{label}> ?label }} ORDER BY ?label"
    data = httpx.get(hadath_server.sparql, params={"query": query}).json()
    values = {(b["label"]["value"], b["label"].get("xml:lang")) for b in data["results"]["bindings"]}
    assert values == {("وزير الخارجية السعودي", "ar"), ("Saudi foreign minister", "en")}


# -- malformed requests, in-process --


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"params": {"query": "SELECT * WHERE {"}}, 400),
        ("GET", {"params": {"query": ["ASK {}", "ASK {}"]}}, 400),
        ("GET", {"params": {"update": "CLEAR ALL"}}, 400),
        ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
        ("PUT", {"params": {"query": "ASK {}"}}, 405),
        ("DELETE", {}, 405),
        ("POST", {"content": b"ASK {}"}, 400),
        ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        (
            "POST",
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
        ),
        ("POST", {"content": b"ASK {\xff}", "headers": {"Content-Type": "application/sparql-query"}}, 400),
        (
            "POST",
            {
                "content": b"query=ASK%20%7B%7D&update=CLEAR%20ALL",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
            400,
        ),
        (
            "POST",
            {"content": b"nothing=here", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
            400,
        ),
    ],
)
def test_api_malformed_requests_get_4xx(
    client: TestClient, method: str, kwargs: dict[str, object], status: int
) -> None:
    response = client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text


def test_api_update_needs_the_token(client: TestClient) -> None:
    update = {"Content-Type": "application/sparql-update"}
    body = b"INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"
    refused = client.post("/sparql", content=body, headers=update)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/sparql", content=body, headers={**update, "Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    done = client.post("/sparql", content=body, headers={**update, "Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204
    bad = client.post("/sparql", content=b"INSERT DATA {", headers={**update, **auth()})
    assert bad.status_code == 400


def test_api_updates_are_disabled_without_a_configured_token(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, update_token=None)
    with TestClient(create_app(settings)) as test_client:
        response = test_client.post(
            "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update", **auth()}
        )
        assert response.status_code == 403
        description = test_client.get("/sparql", headers={"Accept": "application/n-triples"})
        assert "SPARQL11Update" not in description.text
        assert "SPARQL11Query" in description.text


def test_api_result_cap_gives_a_clear_error(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert "more than 5 rows" in response.text and "LIMIT" in response.text
    construct = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert construct.status_code == 422
    assert client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200


@pytest.mark.parametrize("accept", ["application/n-triples", "application/n-quads"])
def test_api_result_cap_counts_lines_of_native_triples(client: TestClient, accept: str) -> None:
    """N-Triples and N-Quads are written by Oxigraph itself; the cap counts their lines."""
    headers = {"Accept": accept}
    over = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers=headers)
    assert over.status_code == 422 and "more than 5 triples" in over.text
    five = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"}, headers=headers)
    assert five.status_code == 200 and five.headers["content-type"].startswith(accept)
    parsed = list(ox.parse(five.content, format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == 5 and five.text.count("\n") == 5


def test_api_update_with_using_parameters(client: TestClient) -> None:
    update = (
        "INSERT { GRAPH <http://example.org/out> { ?s a <http://example.org/Seen> } } "
        f"WHERE {{ ?s a <{HD}Person> }}"
    )
    response = client.post(
        "/sparql",
        params={"using-graph-uri": iris.ENTITIES_GRAPH},
        content=update.encode(),
        headers={"Content-Type": "application/sparql-update", **auth()},
    )
    assert response.status_code == 204
    seen = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/out> { ?s ?p ?o } }"},
    )
    assert seen.json()["results"]["bindings"][0]["n"]["value"] == "2"


def test_api_service_description_names_the_endpoint(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef("http://testserver/sparql")) in graph
    browser = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303


def test_api_csv_and_tsv_escape_awkward_values(client: TestClient) -> None:
    query = 'SELECT ?x ?y WHERE { BIND("a,b \\"c\\"\\nd" AS ?x) BIND("t\\tab" AS ?y) }'
    csv_text = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert csv_text == 'x,y\r\n"a,b ""c""\nd",t\tab\r\n'
    tsv_text = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}
    ).text
    assert tsv_text == '?x\t?y\n"a,b \\"c\\"\\nd"\t"t\\tab"\n'
    xml_text = client.get(
        "/sparql",
        params={"query": 'SELECT ?x { BIND("<&>" AS ?x) }'},
        headers={"Accept": "application/sparql-results+xml"},
    ).text
    assert "<literal>&lt;&amp;&gt;</literal>" in xml_text
    rows = json.load(io.StringIO(client.get("/sparql", params={"query": query}).text))
    assert rows["results"]["bindings"][0]["x"]["value"] == 'a,b "c"\nd'

"""Running the W3C suites against a live server over HTTP.

The manifests write paths as ``/sparql/…`` and ``/gsp…``; they are mapped onto the
server's endpoints. Before each test the store is emptied (``DROP ALL``) and the test's
data loaded through the graph store, so the tests are independent; the harness is a
trusted client, so every request carries the update token (the suites assume an open
update endpoint). Each check returns a list of problems: empty means passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import rdflib
import rdflib.compare

from w3c import manifest, results
from w3c.manifest import HttpTest, ResultFormatTest, ServiceDescriptionTest

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/plain": "nt",
}
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SD_TERMS = {
    # Classes, properties and instances of the SPARQL 1.1 Service Description vocabulary.
    "Service",
    "Feature",
    "Language",
    "Function",
    "Aggregate",
    "EntailmentRegime",
    "EntailmentProfile",
    "GraphCollection",
    "Dataset",
    "NamedGraph",
    "Graph",
    "endpoint",
    "feature",
    "defaultEntailmentRegime",
    "supportedEntailmentProfile",
    "defaultSupportedEntailmentProfile",
    "entailmentRegime",
    "extensionFunction",
    "extensionAggregate",
    "languageExtension",
    "supportedLanguage",
    "propertyFeature",
    "defaultDataset",
    "availableGraphs",
    "resultFormat",
    "inputFormat",
    "defaultGraph",
    "namedGraph",
    "name",
    "graph",
    "SPARQL10Query",
    "SPARQL11Query",
    "SPARQL11Update",
    "DereferencesURIs",
    "UnionDefaultGraph",
    "RequiresDataset",
    "EmptyGraphs",
    "BasicFederatedQuery",
}


@dataclass
class Server:
    """Where the suites run, and how the harness authenticates."""

    base_url: str
    token: str | None = None
    sparql_path: str = "/sparql"
    store_path: str = "/store"
    timeout: float = 30.0
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.client = httpx.Client(base_url=self.base_url.rstrip("/"), headers=headers, timeout=self.timeout)

    def path(self, manifest_path: str) -> str:
        if manifest_path.startswith("/sparql/"):
            return self.sparql_path + manifest_path[len("/sparql/") :]
        if manifest_path.startswith("/gsp"):
            return self.store_path + manifest_path[len("/gsp") :]
        return manifest_path

    def reset(self, graphs: tuple[tuple[object, str], ...] = (), default: object | None = None) -> None:
        """Empty the store, then load files into named graphs (and the default graph)."""
        response = self.client.post(
            self.sparql_path, content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
        )
        response.raise_for_status()
        for path, graph in graphs:
            self._put(path, {"graph": graph})
        if default is not None:
            self._put(default, {"default": ""})

    def _put(self, path: object, params: dict[str, str]) -> None:
        file = Path(str(path))
        media = "application/n-triples" if file.suffix == ".nt" else "text/turtle"
        response = self.client.put(
            self.store_path, params=params, content=file.read_bytes(), headers={"Content-Type": media}
        )
        response.raise_for_status()


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _check_body(exchange: manifest.HttpExchange, response: httpx.Response) -> list[str]:
    expect = exchange.expect
    problems: list[str] = []
    media = _media(response)
    if expect.result_format == "boolean":
        kind = RESULT_TYPES.get(media)
        if kind not in ("json", "xml"):
            return [f"boolean result expected, got Content-Type {media!r}"]
        parsed = results.parse_json(response.text) if kind == "json" else results.parse_xml(response.content)
        if not isinstance(parsed, bool):
            return ["boolean result expected, got a result set"]
        if expect.boolean is not None and parsed != expect.boolean:
            problems.append(f"expected {expect.boolean}, got {parsed}")
    elif expect.result_format == "tabular":
        kind = RESULT_TYPES.get(media)
        if kind is None:
            return [f"tabular results expected, got Content-Type {media!r}"]
        parsers: dict[str, Callable[[str], object]] = {
            "json": results.parse_json,
            "xml": results.parse_xml,
            "csv": results.parse_csv,
            "tsv": results.parse_tsv,
        }
        parsed_table = parsers[kind](response.text)
        if isinstance(parsed_table, bool):
            problems.append("tabular results expected, got a boolean")
    elif expect.result_format == "RDF":
        if media not in RDF_TYPES:
            return [f"RDF expected, got Content-Type {media!r}"]
        try:
            rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media])
        except Exception as err:
            problems.append(f"the RDF does not parse: {err}")
    if expect.content_type is not None:
        wanted = expect.content_type.split(";")[0].strip().lower()
        if media != wanted:
            problems.append(f"Content-Type {media!r}, expected {wanted!r}")
    if expect.body is not None:
        problems += _same_graph(expect.body, response, exchange)
    return problems


def _same_graph(expected_text: str, response: httpx.Response, exchange: manifest.HttpExchange) -> list[str]:
    media = _media(response)
    if media not in RDF_TYPES:
        return [f"RDF expected, got Content-Type {media!r}"]
    expected = rdflib.Graph().parse(data=expected_text, format="turtle")
    try:
        actual = rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media])
    except Exception as err:
        return [f"the response body does not parse as {media}: {err}"]
    if not rdflib.compare.isomorphic(expected, actual):
        return [
            f"{exchange.method} {exchange.path}: graph differs from the expected one "
            f"({len(actual)} triples, expected {len(expected)})"
        ]
    return []


def run_http_test(server: Server, test: HttpTest) -> list[str]:
    """Run a protocol or graph-store test; the problems found (empty: passed)."""
    server.reset(test.graph_data)
    variables: dict[str, str] = {}
    problems: list[str] = []
    for number, exchange in enumerate(test.exchanges, start=1):
        path, body = exchange.path, exchange.body
        for name, value in variables.items():
            path = path.replace(name, value)
            body = body.replace(name.encode(), value.encode()) if body is not None else None
        request = server.client.build_request(
            exchange.method, server.path(path), content=body, headers=dict(exchange.headers)
        )
        if body is None:
            request.headers.pop("content-length", None)
        response = server.client.send(request)
        where = f"request {number} ({exchange.method} {path})"
        if not exchange.expect.status_ok(response.status_code):
            problems.append(
                f"{where}: status {response.status_code}, expected {'/'.join(exchange.expect.statuses)}: "
                f"{response.text[:200]!r}"
            )
            break
        if exchange.expect.location_variable is not None:
            location = response.headers.get("location")
            if not location:
                problems.append(f"{where}: no Location header")
                break
            variables[exchange.expect.location_variable] = location
        problems += [f"{where}: {p}" for p in _check_body(exchange, response)]
    return problems


def run_result_format_test(server: Server, test: ResultFormatTest) -> list[str]:
    """Load the data, run the query, compare with the expected result file."""
    server.reset(default=test.data)
    kind = test.result.suffix.lstrip(".")
    accept = {
        "srj": "application/sparql-results+json",
        "srx": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    }[kind]
    response = server.client.post(
        server.sparql_path,
        content=test.query.read_bytes(),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    if response.status_code != 200:
        return [f"status {response.status_code}: {response.text[:200]!r}"]
    if _media(response) != accept:
        return [f"Content-Type {_media(response)!r}, expected {accept!r}"]
    expected_text = test.result.read_text(encoding="utf-8")
    parse: Callable[[str], object] = {
        "srj": results.parse_json,
        "srx": results.parse_xml,
        "csv": results.parse_csv,
        "tsv": results.parse_tsv,
    }[kind]
    expected, actual = parse(expected_text), parse(response.text)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return [] if expected == actual else [f"expected {expected}, got {actual}"]
    assert isinstance(expected, tuple) and isinstance(actual, tuple)
    problems = []
    if list(expected[0]) != list(actual[0]):
        problems.append(f"variables {actual[0]}, expected {expected[0]}")
    if not results.same_rows(expected[1], actual[1]):
        problems.append(f"rows differ:\nexpected {expected[1]}\nactual   {actual[1]}")
    return problems


def _service_description(server: Server) -> tuple[rdflib.Graph | None, list[str], str]:
    response = server.client.get(
        server.sparql_path,
        headers={"Accept": "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8"},
    )
    endpoint = str(response.url).split("?")[0]
    if response.status_code != 200:
        return None, [f"status {response.status_code}"], endpoint
    media = _media(response)
    if media not in RDF_TYPES:
        return None, [f"Content-Type {media!r} is not RDF"], endpoint
    try:
        graph = rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media], publicID=endpoint)
    except Exception as err:
        return None, [f"does not parse as {media}: {err}"], endpoint
    return graph, [], endpoint


def _conforms(graph: rdflib.Graph) -> list[str]:
    problems = []
    for _, p, o in graph:
        for term in (p, o if p == rdflib.RDF.type else None):
            name = str(term)[len(str(SD)) :] if isinstance(term, rdflib.URIRef) else ""
            if str(term).startswith(str(SD)) and name not in SD_TERMS:
                problems.append(f"unknown term {term}")
    services = set(graph.subjects(rdflib.RDF.type, SD.Service))
    if not services:
        problems.append("no sd:Service")
    for service in services:
        for endpoint in graph.objects(service, SD.endpoint):
            if not isinstance(endpoint, rdflib.URIRef):
                problems.append("sd:endpoint is not an IRI")
        for language in graph.objects(service, SD.supportedLanguage):
            if language not in (SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update):
                problems.append(f"unknown sd:supportedLanguage {language}")
        for prop in (SD.resultFormat, SD.inputFormat, SD.feature, SD.defaultEntailmentRegime):
            for value in graph.objects(service, prop):
                if not isinstance(value, rdflib.URIRef):
                    problems.append(f"{prop} {value} is not an IRI")
        for dataset in graph.objects(service, SD.defaultDataset):
            if (dataset, rdflib.RDF.type, SD.Dataset) not in graph:
                problems.append("sd:defaultDataset is not an sd:Dataset")
            for default in graph.objects(dataset, SD.defaultGraph):
                if (default, rdflib.RDF.type, SD.Graph) not in graph:
                    problems.append("sd:defaultGraph is not an sd:Graph")
            for named in graph.objects(dataset, SD.namedGraph):
                names = list(graph.objects(named, SD.name))
                if (named, rdflib.RDF.type, SD.NamedGraph) not in graph or len(names) != 1:
                    problems.append(f"sd:namedGraph {named} lacks a type or a single sd:name")
                elif not isinstance(names[0], rdflib.URIRef):
                    problems.append(f"sd:name {names[0]} is not an IRI")
    return problems


def run_service_description_test(server: Server, test: ServiceDescriptionTest) -> list[str]:
    """One of: returns-rdf, has-endpoint-triple, conforms-to-schema."""
    graph, problems, endpoint = _service_description(server)
    if graph is None or test.name == "returns-rdf":
        return problems
    if test.name == "has-endpoint-triple":
        found = [o for o in graph.objects(None, SD.endpoint)]
        if rdflib.URIRef(endpoint) not in found:
            return [f"no sd:endpoint <{endpoint}> (found {[str(f) for f in found]})"]
        return []
    if test.name == "conforms-to-schema":
        return _conforms(graph)
    return [f"unknown service-description test {test.name}"]


def run_test(server: Server, test: HttpTest | ResultFormatTest | ServiceDescriptionTest) -> list[str]:
    """Run any test case; the problems found."""
    if isinstance(test, HttpTest):
        return run_http_test(server, test)
    if isinstance(test, ResultFormatTest):
        return run_result_format_test(server, test)
    return run_service_description_test(server, test)


def run_all(server: Server) -> dict[str, tuple[int, int, dict[str, list[str]]]]:
    """Every suite: {suite: (passed, total, {failed test: problems})}."""
    summary = {}
    for suite in manifest.all_manifests():
        failures = {}
        for test in suite.tests:
            problems = run_test(server, test)
            if problems:
                failures[test.name] = problems
        summary[suite.suite] = (len(suite.tests) - len(failures), len(suite.tests), failures)
    return summary

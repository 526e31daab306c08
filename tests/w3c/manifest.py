"""The W3C SPARQL 1.1 test manifests, read into plain test cases.

Protocol and graph-store tests are HTTP exchanges written in the W3C HTTP vocabulary
(``ht:Request`` with method, path, headers and body; ``ht:Response`` with the expected
status, boolean, result kind, ``Location``, headers and body). Result-format tests
(``json-res``, ``csv-tsv-res``) pair a query and its data with an expected result file.
The service-description tests are three named checks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.term import Node

SUITES_DIR = Path(
    os.environ.get("HADATH_W3C_TESTS", Path(__file__).resolve().parents[3] / "shared" / "w3c-sparql-tests")
)
SPARQL11 = SUITES_DIR / "sparql" / "sparql11"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
RDFS = rdflib.RDFS

STATUS_NAMES = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}


@dataclass(frozen=True)
class ExpectedResponse:
    """What a response must be."""

    statuses: tuple[str, ...]  # "200", "2xx", …
    boolean: bool | None = None
    result_format: str | None = None  # "boolean", "tabular", "RDF"
    location_variable: str | None = None
    content_type: str | None = None
    body: str | None = None

    def status_ok(self, status: int) -> bool:
        return not self.statuses or any(
            str(status) == s or (s.endswith("xx") and str(status)[0] == s[0]) for s in self.statuses
        )


@dataclass(frozen=True)
class HttpExchange:
    """One request of a test, and what must come back."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expect: ExpectedResponse


@dataclass(frozen=True)
class HttpTest:
    """A protocol or graph-store test: requests run in order on one connection."""

    suite: str
    name: str
    title: str
    exchanges: tuple[HttpExchange, ...]
    graph_data: tuple[tuple[Path, str], ...] = ()  # (file, graph IRI) loaded first


@dataclass(frozen=True)
class ResultFormatTest:
    """A query over some data whose answer must match a result file."""

    suite: str
    name: str
    title: str
    query: Path
    data: Path
    result: Path


@dataclass(frozen=True)
class ServiceDescriptionTest:
    """One of the service-description checks."""

    suite: str
    name: str
    title: str


@dataclass
class Manifest:
    """Every test of one suite folder."""

    suite: str
    tests: list[HttpTest | ResultFormatTest | ServiceDescriptionTest] = field(default_factory=list)


def _graph(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    return graph


def _items(graph: rdflib.Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _status(node: Node) -> str:
    name = _local(node)
    if name.startswith("StatusCode"):
        return name[len("StatusCode") :].lower()
    return str(STATUS_NAMES[name])


def _headers(graph: rdflib.Graph, node: Node) -> list[tuple[str, str]]:
    headers = []
    for header in _items(graph, graph.value(node, HT.headers)):
        headers.append((str(graph.value(header, HT.fieldName)), str(graph.value(header, HT.fieldValue))))
    return headers


def _body(graph: rdflib.Graph, node: Node) -> tuple[str | None, str]:
    body = graph.value(node, HT.body)
    if body is None:
        return None, "utf-8"
    encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(body, CNT.chars)), encoding


def _exchange(graph: rdflib.Graph, request: Node) -> HttpExchange:
    response = graph.value(request, HT.resp)
    chars, encoding = _body(graph, request)
    expected_body, _ = _body(graph, response)
    response_headers = dict((k.lower(), v) for k, v in _headers(graph, response))
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    location = graph.value(response, MF.expectedLocation)
    expect = ExpectedResponse(
        statuses=tuple(sorted(_status(s) for s in graph.objects(response, MF.expectedStatus))),
        boolean=bool(boolean.toPython()) if boolean is not None else None,
        result_format=str(fmt) if fmt is not None else None,
        location_variable=str(location) if location is not None else None,
        content_type=response_headers.get("content-type"),
        body=expected_body,
    )
    return HttpExchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=tuple(_headers(graph, request)),
        body=chars.encode(encoding.lower()) if chars is not None else None,
        expect=expect,
    )


def _http_tests(suite: str, graph: rdflib.Graph, folder: Path, kind: Node) -> list[HttpTest]:
    tests = []
    for test in sorted(graph.subjects(rdflib.RDF.type, kind), key=str):
        action = graph.value(test, MF.action)
        exchanges = tuple(_exchange(graph, r) for r in _items(graph, graph.value(action, HT.requests)))
        data = []
        for item in graph.objects(test, UT.graphData):
            file = graph.value(item, UT.graph)
            data.append((folder / _local(file), str(graph.value(item, RDFS.label))))
        tests.append(
            HttpTest(suite, _local(test), str(graph.value(test, MF.name)), exchanges, tuple(sorted(data)))
        )
    return tests


def protocol() -> Manifest:
    """The 34 SPARQL 1.1 Protocol tests."""
    folder = SPARQL11 / "protocol"
    graph = _graph(folder / "manifest.ttl")
    return Manifest("protocol", list(_http_tests("protocol", graph, folder, MF.ProtocolTest)))


def graph_store_protocol() -> Manifest:
    """The graph-store tests of both included manifests (direct and indirect identification).

    Every test the manifests describe counts, including ``head_non_existing_direct``, which
    the direct manifest defines but leaves out of its entry list.
    """
    folder = SPARQL11 / "graph-store-protocol"
    manifest = Manifest("graph-store-protocol")
    for name in ("manifest-direct.ttl", "manifest-indirect.ttl"):
        graph = _graph(folder / name)
        manifest.tests += _http_tests(manifest.suite, graph, folder, MF.GraphStoreProtocolTest)
    return manifest


def result_format(suite: str) -> Manifest:
    """``json-res`` or ``csv-tsv-res``: every entry of the manifest."""
    folder = SPARQL11 / suite
    graph = _graph(folder / "manifest.ttl")
    manifest = Manifest(suite)
    entries = graph.value(next(graph.subjects(rdflib.RDF.type, MF.Manifest)), MF.entries)
    for test in _items(graph, entries):
        action = graph.value(test, MF.action)
        manifest.tests.append(
            ResultFormatTest(
                suite,
                _local(test),
                str(graph.value(test, MF.name)),
                folder / _local(graph.value(action, QT.query)),
                folder / _local(graph.value(action, QT.data)),
                folder / _local(graph.value(test, MF.result)),
            )
        )
    return manifest


def service_description() -> Manifest:
    """The three service-description checks."""
    graph = _graph(SPARQL11 / "service-description" / "manifest.ttl")
    manifest = Manifest("service-description")
    entries = graph.value(next(graph.subjects(rdflib.RDF.type, MF.Manifest)), MF.entries)
    for test in _items(graph, entries):
        manifest.tests.append(
            ServiceDescriptionTest(manifest.suite, _local(test), str(graph.value(test, MF.name)))
        )
    return manifest


def all_manifests() -> list[Manifest]:
    """Every suite the server is held to."""
    return [
        protocol(),
        graph_store_protocol(),
        result_format("json-res"),
        result_format("csv-tsv-res"),
        service_description(),
    ]

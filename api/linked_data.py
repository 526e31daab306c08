"""Linked data: every IRI Hadath mints dereferences, as HTML or RDF by ``Accept``.

``/id/{rest}`` serves the resource ``https://w3id.org/hadath/id/{rest}`` (events,
entities, documents, their articles and texts, ingest runs; a graph name serves the
graph's triples, or sends a browser to its document), whatever the server's own address: the
w3id namespace redirects here, and a server with another ``base_iri`` maps its
``{base_iri}id/{rest}`` onto the same resources. ``/ontology`` serves the ontology, whose
terms (``…/ontology#Meeting``) are anchors of its HTML page. Browsers get an Arabic page;
other clients Turtle, JSON-LD, N-Triples or RDF/XML (``?format=`` overrides ``Accept``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from api import media, pages, resources
from api.deps import PublicBase, StoreDep
from api.terms import used_prefixes
from kg import iris
from kg.store import ONTOLOGY_FILE

router = APIRouter(tags=["linked data"])

HTML = "text/html"
OFFERS = ["text/turtle", HTML, "application/ld+json", "application/n-triples", "application/rdf+xml"]
FORMAT_PARAMETER = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}
ALTERNATES = [
    ("Turtle", "ttl", "text/turtle"),
    ("JSON-LD", "jsonld", "application/ld+json"),
    ("N-Triples", "nt", "application/n-triples"),
]


@dataclass(frozen=True, slots=True)
class Alternate:
    """Another representation of the same resource."""

    name: str
    type: str
    href: str


def choose(request: Request) -> str | None:
    """The representation to send: ``?format=`` if given, else by ``Accept``."""
    named = request.query_params.get("format")
    if named:
        return FORMAT_PARAMETER.get(named.lower())
    return media.negotiate(request.headers.get("accept"), OFFERS)


def canonical_rest(raw: str) -> str:
    """The path after ``/id/`` percent-encoded as :mod:`kg.iris` mints it."""
    return "/".join(quote(unquote(segment), safe="-._~") for segment in raw.split("/"))


def _raw_rest(request: Request, prefix: str) -> str:
    raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    root = request.scope.get("root_path", "")
    if root and raw.startswith(root):
        raw = raw[len(root) :]
    return raw[len(prefix) :] if raw.startswith(prefix) else raw


def _alternates(href: str) -> list[Alternate]:
    return [Alternate(name, kind, f"{href}?format={fmt}") for name, fmt, kind in ALTERNATES]


def _rdf(triples: list[ox.Triple], chosen: str) -> Response:
    fmt = media.GRAPH_TYPES[chosen]
    body = ox.serialize(triples, None, fmt, prefixes=used_prefixes(triples)) or b""
    return Response(body, media_type=media.rdf_media(fmt), headers={"Vary": "Accept"})


def not_found(request: Request, base: str, iri: str, message: str) -> Response:
    """A 404 page for browsers, plain text for the rest."""
    if choose(request) == HTML:
        html = pages.render(
            "message.html", title="غير موجود", message=message, iri=iri, base=base, alternates=[]
        )
        return HTMLResponse(html, status_code=404)
    return PlainTextResponse(f"{message}: {iri}\n", status_code=404)


def _describe(store: ox.Store, iri: str) -> tuple[resources.Resource | None, dict[str, str]]:
    resource = resources.describe(store, iri)
    texts: dict[str, str] = {}
    if resource is not None:
        contexts = {span.context for span in resource.spans.values() if span.context}
        if iri.endswith("/text"):
            contexts.add(iri)
        for context in contexts:
            text = resources.context_text(store, context)
            if text is not None:
                texts[context] = text
    return resource, texts


@router.get("/id/{rest:path}", summary="Dereference a Hadath IRI")
@router.head("/id/{rest:path}", include_in_schema=False)
async def resource(request: Request, rest: str, store: StoreDep, base: PublicBase) -> Response:
    """The description of ``https://w3id.org/hadath/id/{rest}``: HTML, Turtle, JSON-LD, N-Triples."""
    raw = _raw_rest(request, "/id/")
    iri = iris.DATA + canonical_rest(raw)
    chosen = choose(request)
    if chosen is None:
        return PlainTextResponse(f"available as {', '.join(OFFERS)}\n", status_code=406)
    described, texts = await anyio.to_thread.run_sync(_describe, store.oxigraph, iri)
    if described is None and raw != canonical_rest(raw):
        iri = iris.DATA + raw  # stored with another spelling of its escapes
        described, texts = await anyio.to_thread.run_sync(_describe, store.oxigraph, iri)
    if described is None:
        return await _graph_or_404(request, store.oxigraph, base, iri, chosen)
    if chosen != HTML:
        return _rdf(described.triples(), chosen)
    href = f"{base}id/{iri[len(iris.DATA) :]}"
    page = pages.resource_page(described, base, texts)
    downloads = []
    if page.kind == "document":
        doc_id = iri[len(iris.DATA + "document/") :]
        downloads = [
            Alternate(name, kind, f"{base}dumps/documents/{doc_id}.{ext}")
            for name, ext, kind in (("Turtle", "ttl", "text/turtle"), ("TriG", "trig", "application/trig"))
        ]
    html = pages.render(
        "resource.html",
        title=page.title,
        page=page,
        base=base,
        alternates=_alternates(href),
        downloads=downloads,
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})


async def _graph_or_404(request: Request, store: ox.Store, base: str, iri: str, chosen: str) -> Response:
    """A minted graph name (a document's graph, the entities graph): its content, else 404."""
    graph = ox.NamedNode(iri)
    if not store.contains_named_graph(graph):
        return not_found(request, base, iri, "لا يعرف المخزن هذا المورد")
    if chosen == HTML:
        doc_id = iris.document_id_of_graph(iri)
        target = (
            f"{base}id/{iris.document(doc_id)[len(iris.DATA) :]}"
            if doc_id
            else f"{base}store?graph={quote(iri)}"
        )
        return RedirectResponse(target, status_code=303)

    def content() -> list[ox.Triple]:
        return [q.triple for q in store.quads_for_pattern(None, None, None, graph)]

    return _rdf(await anyio.to_thread.run_sync(content), chosen)


def _ontology(store: ox.Store) -> list[ox.Triple]:
    triples = resources.ontology_triples(store)
    if not triples and ONTOLOGY_FILE.is_file():  # not loaded into this store yet
        triples = [q.triple for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
    return triples


@router.get("/ontology", summary="The Hadath ontology")
@router.head("/ontology", include_in_schema=False)
async def ontology(request: Request, store: StoreDep, base: PublicBase) -> Response:
    """The ontology: an HTML page with an anchor per term, or Turtle, JSON-LD, N-Triples."""
    chosen = choose(request)
    if chosen is None:
        return PlainTextResponse(f"available as {', '.join(OFFERS)}\n", status_code=406)
    triples = await anyio.to_thread.run_sync(_ontology, store.oxigraph)
    if not triples:
        return not_found(request, base, iris.ONTOLOGY_GRAPH, "لم تُحمَّل الأنطولوجيا في هذا المخزن")
    if chosen != HTML:
        return _rdf(triples, chosen)
    header, terms = pages.ontology_terms(triples, base)
    html = pages.render(
        "ontology.html",
        title="الأنطولوجيا",
        header=header,
        terms=terms,
        namespace=iris.ONTOLOGY,
        base=base,
        alternates=_alternates(f"{base}ontology"),
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})

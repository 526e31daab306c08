"""What the server says about itself: the SPARQL service description and a VoID description.

The service description (GET ``/sparql`` without a query) follows SPARQL 1.1 Service
Description; its ``sd:defaultDataset`` is also the VoID dataset served at ``/void`` (and
``/.well-known/void``), with the dataset's size, a partition per class (how many
instances) and per property (how many triples), its endpoint and its dumps.
"""

from __future__ import annotations

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from api import media
from api.deps import PublicBase, StoreDep
from api.terms import ENTAILMENT_SIMPLE, FORMATS, PREFIXES, RDF, SD, VOID, used_prefixes
from kg import iris
from kg.store import HadathStore

DESCRIPTION_TYPES = {
    k: v
    for k, v in media.GRAPH_TYPES.items()
    if v in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD)
}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
RDF_FORMATS = ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML", "N3")
MAX_LISTED_GRAPHS = 1000  # past this, the description names no graphs rather than some
VOCABULARIES = (iris.ONTOLOGY, PREFIXES["prov"], PREFIXES["dcterms"], PREFIXES["nif"], PREFIXES["rdfs"])

Triples = list[ox.Triple]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def dataset_iri(base: str) -> str:
    """The IRI naming the whole dataset (in the VoID description)."""
    return f"{base}void#dataset"


def service_description(endpoint: str, base: str, store: ox.Store, *, update: bool) -> Triples:
    """The SPARQL service description of ``endpoint``."""
    service = ox.BlankNode()
    dataset = _n(dataset_iri(base))
    out: Triples = [
        ox.Triple(service, _n(RDF.type), _n(SD.Service)),
        ox.Triple(service, _n(SD.endpoint), _n(endpoint)),
        ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Query)),
        ox.Triple(service, _n(SD.feature), _n(SD.UnionDefaultGraph)),
        ox.Triple(service, _n(SD.defaultEntailmentRegime), _n(ENTAILMENT_SIMPLE)),
        ox.Triple(service, _n(SD.defaultDataset), dataset),
        ox.Triple(dataset, _n(RDF.type), _n(SD.Dataset)),
        ox.Triple(dataset, _n(RDF.type), _n(VOID.Dataset)),
        ox.Triple(dataset, _n(VOID.sparqlEndpoint), _n(endpoint)),
    ]
    if update:
        out.append(ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Update)))
    for name in RESULT_FORMATS + RDF_FORMATS:
        out.append(ox.Triple(service, _n(SD.resultFormat), _n(FORMATS + name)))
    for name in ("Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"):
        out.append(ox.Triple(service, _n(SD.inputFormat), _n(FORMATS + name)))
    default_graph = ox.BlankNode()
    out += [
        ox.Triple(dataset, _n(SD.defaultGraph), default_graph),
        ox.Triple(default_graph, _n(RDF.type), _n(SD.Graph)),
    ]
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    if len(graphs) <= MAX_LISTED_GRAPHS:
        for graph in sorted(graphs, key=lambda g: g.value):
            named, described = ox.BlankNode(), ox.BlankNode()
            out += [
                ox.Triple(dataset, _n(SD.namedGraph), named),
                ox.Triple(named, _n(RDF.type), _n(SD.NamedGraph)),
                ox.Triple(named, _n(SD.name), graph),
                ox.Triple(named, _n(SD.graph), described),
                ox.Triple(described, _n(RDF.type), _n(SD.Graph)),
            ]
    return out


def void_description(base: str, store: ox.Store) -> Triples:
    """The VoID description of the dataset, with counts per class and per property."""
    dataset = _n(dataset_iri(base))
    out: Triples = [
        ox.Triple(dataset, _n(RDF.type), _n(VOID.Dataset)),
        ox.Triple(dataset, _n(PREFIXES["dcterms"] + "title"), ox.Literal("Hadath", language="en")),
        ox.Triple(dataset, _n(PREFIXES["dcterms"] + "title"), ox.Literal("حدث", language="ar")),
        ox.Triple(
            dataset,
            _n(PREFIXES["dcterms"] + "description"),
            ox.Literal("Events reported by Arabic news, as a knowledge graph", language="en"),
        ),
        ox.Triple(dataset, _n(VOID.sparqlEndpoint), _n(base + "sparql")),
        ox.Triple(dataset, _n(VOID.dataDump), _n(base + "dumps/hadath.nq.gz")),
        ox.Triple(dataset, _n(VOID.dataDump), _n(base + "dumps/hadath.trig.gz")),
        ox.Triple(dataset, _n(VOID.uriSpace), ox.Literal(iris.DATA)),
        ox.Triple(dataset, _n(VOID.triples), _count(len(store))),
    ]
    out += [ox.Triple(dataset, _n(VOID.vocabulary), _n(v)) for v in VOCABULARIES]
    classes = store.query(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
        use_default_graph_as_union=True,
    )
    assert isinstance(classes, ox.QuerySolutions)
    class_count = 0
    for row in classes:
        if not isinstance(row["class"], ox.NamedNode):
            continue
        class_count += 1
        partition = ox.BlankNode()
        out += [
            ox.Triple(dataset, _n(VOID.classPartition), partition),
            ox.Triple(partition, _n(VOID.class_), row["class"]),
            ox.Triple(partition, _n(VOID.entities), _count(int(row["n"].value))),
        ]
    properties = store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
        use_default_graph_as_union=True,
    )
    assert isinstance(properties, ox.QuerySolutions)
    property_count = 0
    for row in properties:
        property_count += 1
        partition = ox.BlankNode()
        out += [
            ox.Triple(dataset, _n(VOID.propertyPartition), partition),
            ox.Triple(partition, _n(VOID.property), row["p"]),
            ox.Triple(partition, _n(VOID.triples), _count(int(row["n"].value))),
        ]
    out += [
        ox.Triple(dataset, _n(VOID.classes), _count(class_count)),
        ox.Triple(dataset, _n(VOID.properties), _count(property_count)),
    ]
    return out


def rdf_response(request: Request, triples: Triples, *, status_code: int = 200) -> Response:
    """``triples`` in the serialisation the client prefers among those the descriptions offer."""
    chosen = media.negotiate(request.headers.get("accept"), list(DESCRIPTION_TYPES))
    if chosen is None:
        return PlainTextResponse(
            f"available as {', '.join(DESCRIPTION_TYPES)}", status_code=406, headers={"Vary": "Accept"}
        )
    fmt = DESCRIPTION_TYPES[chosen]
    body = ox.serialize(triples, None, fmt, prefixes=used_prefixes(triples, {"sd": SD.ns, "void": VOID.ns}))
    return Response(body, media_type=media.rdf_media(fmt), headers={"Vary": "Accept"})


def _void_triples(store: HadathStore, base: str) -> Triples:
    return void_description(base, store.oxigraph)


router = APIRouter(tags=["description"])


@router.get("/void", summary="VoID description of the dataset (counts per class and property)")
@router.get("/.well-known/void", include_in_schema=False)
async def void(request: Request, store: StoreDep, base: PublicBase) -> Response:
    """The dataset's VoID description, in Turtle, N-Triples, RDF/XML or JSON-LD."""
    triples = await anyio.to_thread.run_sync(_void_triples, store, base)
    return rdf_response(request, triples)

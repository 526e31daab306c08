"""The IRIs the server itself writes or reads (service description, VoID, pages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pyoxigraph as ox

from kg import iris


class RDF:
    type: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class RDFS:
    label: Final = "http://www.w3.org/2000/01/rdf-schema#label"
    comment: Final = "http://www.w3.org/2000/01/rdf-schema#comment"
    Class: Final = "http://www.w3.org/2000/01/rdf-schema#Class"
    subClassOf: Final = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


class OWL:
    sameAs: Final = "http://www.w3.org/2002/07/owl#sameAs"
    Class: Final = "http://www.w3.org/2002/07/owl#Class"
    ObjectProperty: Final = "http://www.w3.org/2002/07/owl#ObjectProperty"
    DatatypeProperty: Final = "http://www.w3.org/2002/07/owl#DatatypeProperty"
    Ontology: Final = "http://www.w3.org/2002/07/owl#Ontology"


class SKOS:
    prefLabel: Final = "http://www.w3.org/2004/02/skos/core#prefLabel"
    definition: Final = "http://www.w3.org/2004/02/skos/core#definition"


class DCTERMS:
    title: Final = "http://purl.org/dc/terms/title"
    description: Final = "http://purl.org/dc/terms/description"
    identifier: Final = "http://purl.org/dc/terms/identifier"
    issued: Final = "http://purl.org/dc/terms/issued"
    publisher: Final = "http://purl.org/dc/terms/publisher"
    source: Final = "http://purl.org/dc/terms/source"
    isPartOf: Final = "http://purl.org/dc/terms/isPartOf"
    license: Final = "http://purl.org/dc/terms/license"


class PROV:
    wasDerivedFrom: Final = "http://www.w3.org/ns/prov#wasDerivedFrom"


class NIF:
    anchorOf: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
    beginIndex: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex"
    endIndex: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex"
    referenceContext: Final = (
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext"
    )
    isString: Final = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"


class HD:
    """The few ``hd:`` terms the pages treat specially (the ontology is the full list)."""

    Event: Final = iris.ONTOLOGY + "Event"
    Document: Final = iris.ONTOLOGY + "Document"
    evidence: Final = iris.ONTOLOGY + "evidence"
    trigger: Final = iris.ONTOLOGY + "trigger"
    quote: Final = iris.ONTOLOGY + "quote"
    date: Final = iris.ONTOLOGY + "date"
    modality: Final = iris.ONTOLOGY + "modality"
    place: Final = iris.ONTOLOGY + "place"
    roles: Final = tuple(
        iris.ONTOLOGY + name
        for name in ("participant", "speaker", "addressee", "attacker", "target", "party")
    )
    event_types: Final = tuple(
        iris.ONTOLOGY + name for name in ("Meeting", "Statement", "MilitaryStrike", "Agreement")
    )


class SD:
    ns: Final = "http://www.w3.org/ns/sparql-service-description#"
    Service: Final = ns + "Service"
    Dataset: Final = ns + "Dataset"
    Graph: Final = ns + "Graph"
    NamedGraph: Final = ns + "NamedGraph"
    endpoint: Final = ns + "endpoint"
    supportedLanguage: Final = ns + "supportedLanguage"
    SPARQL11Query: Final = ns + "SPARQL11Query"
    SPARQL11Update: Final = ns + "SPARQL11Update"
    resultFormat: Final = ns + "resultFormat"
    inputFormat: Final = ns + "inputFormat"
    feature: Final = ns + "feature"
    UnionDefaultGraph: Final = ns + "UnionDefaultGraph"
    defaultEntailmentRegime: Final = ns + "defaultEntailmentRegime"
    defaultDataset: Final = ns + "defaultDataset"
    defaultGraph: Final = ns + "defaultGraph"
    namedGraph: Final = ns + "namedGraph"
    name: Final = ns + "name"
    graph: Final = ns + "graph"


class VOID:
    ns: Final = "http://rdfs.org/ns/void#"
    Dataset: Final = ns + "Dataset"
    triples: Final = ns + "triples"
    entities: Final = ns + "entities"
    classes: Final = ns + "classes"
    properties: Final = ns + "properties"
    distinctSubjects: Final = ns + "distinctSubjects"
    classPartition: Final = ns + "classPartition"
    propertyPartition: Final = ns + "propertyPartition"
    class_: Final = ns + "class"
    property: Final = ns + "property"
    sparqlEndpoint: Final = ns + "sparqlEndpoint"
    dataDump: Final = ns + "dataDump"
    uriSpace: Final = ns + "uriSpace"
    vocabulary: Final = ns + "vocabulary"
    rootResource: Final = ns + "rootResource"


FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"


# Prefixes for the Turtle, TriG and RDF/XML the server writes.
PREFIXES: Final = {
    "hd": iris.ONTOLOGY,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}


def used_prefixes(triples: Iterable[ox.Triple], extra: dict[str, str] | None = None) -> dict[str, str]:
    """The prefixes (of ``PREFIXES`` and ``extra``) that the IRIs of ``triples`` use."""
    known = {**PREFIXES, **(extra or {})}
    found: dict[str, str] = {}
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            iri = term.datatype.value if isinstance(term, ox.Literal) else getattr(term, "value", "")
            for name, namespace in known.items():
                if name not in found and iri.startswith(namespace):
                    found[name] = namespace
    return found

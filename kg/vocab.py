"""The vocabularies Hadath writes, as namespace classes checked against ``ontology/hadath.ttl``.

``HD`` mirrors the ontology file, which is the source of truth: ``_fail = True`` makes a
misspelt term (``HD.Meting``) an ``AttributeError`` rather than a silent new IRI, and
``tests/test_vocab.py`` checks that ``HD`` and the file define the same terms. ``NIF`` and
``SEM`` hold only the outside terms Hadath uses; the concept schemes (PLOVER, CAMEO, ACE 2005,
ACLED) are open ``Namespace`` objects because their local names (``"010"``,
``"Contact.Phone-Write"``) are not Python identifiers: index them, ``CAMEO["195"]``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "ACE",
    "ACLED",
    "CAMEO",
    "DCTERMS",
    "HD",
    "NIF",
    "OWL",
    "PLOVER",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SEM",
    "SKOS",
    "XSD",
    "ontology_terms",
]


class HD(DefinedNamespace):
    """The Hadath ontology: every class, property and individual of ``ontology/hadath.ttl``."""

    _NS = Namespace("https://w3id.org/hadath/ontology#")
    _fail = True

    # Events: the four core types, then the finer classes under each.
    Event: URIRef
    Meeting: URIRef
    Statement: URIRef
    MilitaryStrike: URIRef
    Agreement: URIRef
    Visit: URIRef
    PhoneCall: URIRef
    Summit: URIRef
    Talks: URIRef
    Reception: URIRef
    Conference: URIRef
    Warning: URIRef
    Accusation: URIRef
    Denial: URIRef
    Announcement: URIRef
    Demand: URIRef
    Threat: URIRef
    AirStrike: URIRef
    Shelling: URIRef
    MissileAttack: URIRef
    DroneAttack: URIRef
    ArmedClash: URIRef
    TerroristAttack: URIRef
    Bombing: URIRef
    Raid: URIRef
    Treaty: URIRef
    Truce: URIRef
    Memorandum: URIRef
    Deal: URIRef

    # Actors and places.
    Entity: URIRef
    Person: URIRef
    Organisation: URIRef
    ArmedGroup: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Facility: URIRef

    # Documents, spans and runs.
    Document: URIRef
    Article: URIRef
    EvidenceSpan: URIRef
    IngestRun: URIRef

    # Modality and its four individuals.
    Modality: URIRef
    Asserted: URIRef
    Planned: URIRef
    Hypothetical: URIRef
    Negated: URIRef

    # Object properties: roles, then the rest.
    participant: URIRef
    speaker: URIRef
    addressee: URIRef
    attacker: URIRef
    target: URIRef
    party: URIRef
    place: URIRef
    modality: URIRef
    evidence: URIRef
    trigger: URIRef
    country: URIRef
    ploverCategory: URIRef
    cameoCode: URIRef
    aceType: URIRef
    acledType: URIRef

    # Datatype properties.
    date: URIRef
    earliestDate: URIRef
    latestDate: URIRef
    timeExpression: URIRef
    quote: URIRef
    confidence: URIRef
    killed: URIRef
    injured: URIRef
    roleTitle: URIRef
    articleIndex: URIRef
    blockKind: URIRef
    softwareVersion: URIRef
    extractorSettings: URIRef
    mediaType: URIRef

    # Annotation properties: event classes to outside event schemes.
    ploverMatch: URIRef
    cameoMatch: URIRef
    aceMatch: URIRef
    acledMatch: URIRef


class NIF(DefinedNamespace):
    """NIF 2.0 Core: the terms Hadath uses for evidence spans."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    String: URIRef
    RFC5147String: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    referenceContext: URIRef
    isString: URIRef


class SEM(DefinedNamespace):
    """The Simple Event Model: the terms Hadath aligns to."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Core: URIRef
    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Time: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef
    hasBeginTimeStamp: URIRef
    hasEndTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef


def _resolve_annotations(*namespaces: type[DefinedNamespace]) -> None:
    """Turn the string annotations postponed evaluation leaves into ``URIRef`` itself.

    rdflib reads them back in ``as_jsonld_context`` (``issubclass(term, URIRef)``), which
    fails on the strings ``from __future__ import annotations`` makes of them.
    """
    for namespace in namespaces:
        annotations = vars(namespace)["__annotations__"]
        for name in annotations:
            annotations[name] = URIRef


_resolve_annotations(HD, NIF, SEM)

PLOVER = Namespace("https://w3id.org/hadath/ontology/plover#")
CAMEO = Namespace("https://w3id.org/hadath/ontology/cameo#")
ACE = Namespace("https://w3id.org/hadath/ontology/ace#")
ACLED = Namespace("https://w3id.org/hadath/ontology/acled#")

# What a term of the ontology is declared as; anything else typed in hd: is not a definition.
_DECLARATIONS = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.NamedIndividual,
    }
)


def ontology_terms(path: Path | None = None) -> set[str]:
    """The IRIs in the ``hd:`` namespace that the ontology file declares."""
    if path is None:
        # Imported here, not at the top: kg.store may come to import this module.
        from kg.store import ONTOLOGY_FILE

        path = ONTOLOGY_FILE
    graph = Graph().parse(path, format="turtle")
    namespace = str(HD._NS)
    return {
        str(subject)
        for subject, kind in graph.subject_objects(RDF.type)
        if isinstance(subject, URIRef) and str(subject).startswith(namespace) and kind in _DECLARATIONS
    }

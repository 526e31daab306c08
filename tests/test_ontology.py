"""Tests of ontology/hadath.ttl and ontology/shapes.ttl.

The ontology must parse, label and define every term in Arabic and English, load in
owlready2 and be consistent under HermiT (run with ``ignoreUnsupportedDatatypes``: the contract
needs ``xsd:date`` and ``rdf:langString``, which are not in the OWL 2 datatype map). The shapes
are run with pyshacl, without inference, on a hand-built document graph and on broken
copies of it, each of which must fail on the property it breaks.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import owlready2
import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg import iris
from kg.store import ONTOLOGY_DIR, ONTOLOGY_FILE
from kg.vocab import (
    ACE,
    ACLED,
    CAMEO,
    DCTERMS,
    HD,
    NIF,
    OWL,
    PLOVER,
    PROV,
    RDF,
    RDFS,
    SEM,
    SKOS,
    ontology_terms,
)

# rdflib's xsd: namespace object is open (it warns on unknown names), and pytest probes every
# module attribute while collecting: keep it off this module's globals.
DATE, DECIMAL, NON_NEGATIVE = (
    URIRef(f"http://www.w3.org/2001/XMLSchema#{name}") for name in ("date", "decimal", "nonNegativeInteger")
)

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/hadath/ontology")
HDSH = "https://w3id.org/hadath/shapes#"
TERMS = sorted(ontology_terms())
CORE = {
    HD.Meeting: "Meeting",
    HD.Statement: "Statement",
    HD.MilitaryStrike: "MilitaryStrike",
    HD.Agreement: "Agreement",
}
FINER = {
    HD.Meeting: [HD.Visit, HD.PhoneCall, HD.Summit, HD.Talks, HD.Reception, HD.Conference],
    HD.Statement: [HD.Warning, HD.Accusation, HD.Denial, HD.Announcement, HD.Demand, HD.Threat],
    HD.MilitaryStrike: [
        HD.AirStrike,
        HD.Shelling,
        HD.MissileAttack,
        HD.DroneAttack,
        HD.ArmedClash,
        HD.TerroristAttack,
        HD.Bombing,
        HD.Raid,
    ],
    HD.Agreement: [HD.Treaty, HD.Truce, HD.Memorandum, HD.Deal],
}
ROLES = {
    "participant": HD.Meeting,
    "speaker": HD.Statement,
    "addressee": HD.Statement,
    "attacker": HD.MilitaryStrike,
    "target": HD.MilitaryStrike,
    "party": HD.Agreement,
}
MODALITIES = {HD.Asserted, HD.Planned, HD.Hypothetical, HD.Negated}
SCHEMES = {
    HD.ploverMatch: (URIRef("https://w3id.org/hadath/ontology/plover"), PLOVER),
    HD.cameoMatch: (URIRef("https://w3id.org/hadath/ontology/cameo"), CAMEO),
    HD.aceMatch: (URIRef("https://w3id.org/hadath/ontology/ace"), ACE),
    HD.acledMatch: (URIRef("https://w3id.org/hadath/ontology/acled"), ACLED),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def _languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


def _superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}


def _in_hd(term: object) -> bool:
    return isinstance(term, URIRef) and term.startswith(str(HD))


def _disjoint_groups(graph: Graph) -> list[set[URIRef]]:
    groups = []
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = graph.value(group, OWL.members)
        assert members is not None
        groups.append({m for m in Collection(graph, members) if isinstance(m, URIRef)})
    return groups


# ---------------------------------------------------------------- the files


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_ontology_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 100


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_ontology_file_loads_in_oxigraph(path: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(path, format="turtle"))


def test_ontology_header_has_version_title_description_and_licence(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    for predicate in (DCTERMS.title, DCTERMS.description, RDFS.label):
        assert _languages(ontology, ONTOLOGY_IRI, predicate) >= {"ar", "en"}


@pytest.mark.parametrize("term", TERMS)
def test_ontology_term_is_labelled_and_defined_in_arabic_and_english(ontology: Graph, term: str) -> None:
    subject = URIRef(term)
    assert _languages(ontology, subject, RDFS.label) == {"ar", "en"}
    assert _languages(ontology, subject, SKOS.definition) == {"ar", "en"}


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_ontology_every_hd_iri_used_is_declared(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    used = {
        str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(str(HD))
    }
    assert sorted(used - set(TERMS)) == []


# ---------------------------------------------------------------- classes and properties


@pytest.mark.parametrize("core", list(CORE), ids=list(CORE.values()))
def test_ontology_core_class_is_an_event(ontology: Graph, core: URIRef) -> None:
    assert {HD.Event, SEM.Event} <= _superclasses(ontology, core)
    for finer in FINER[core]:
        assert core in _superclasses(ontology, finer)
        assert not (set(CORE) - {core}) & _superclasses(ontology, finer)


def test_ontology_core_classes_are_pairwise_disjoint(ontology: Graph) -> None:
    assert set(CORE) in _disjoint_groups(ontology)


def test_ontology_places_and_actors_are_not_disjoint(ontology: Graph) -> None:
    assert {HD.Place, SEM.Place, SEM.Actor} <= _superclasses(ontology, HD.Country)
    for group in _disjoint_groups(ontology):
        assert not {HD.Country, HD.Organisation} <= group
        assert not {HD.Place, SEM.Actor} <= group


@pytest.mark.parametrize("role", list(ROLES))
def test_ontology_role_is_a_sem_actor_of_its_event_type(ontology: Graph, role: str) -> None:
    prop: URIRef = HD[role]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert (prop, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert ontology.value(prop, RDFS.domain) == ROLES[role]
    assert ontology.value(prop, RDFS.range) == HD.Entity


def test_ontology_object_properties_have_domain_and_range(ontology: Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if _in_hd(prop):
            assert ontology.value(prop, RDFS.domain) is not None, prop
            assert ontology.value(prop, RDFS.range) is not None, prop


def test_ontology_modality_has_exactly_four_individuals(ontology: Graph) -> None:
    assert set(ontology.subjects(RDF.type, HD.Modality)) == MODALITIES
    (equivalent,) = ontology.objects(HD.Modality, OWL.equivalentClass)
    members = ontology.value(equivalent, OWL.oneOf)
    assert members is not None
    assert set(Collection(ontology, members)) == MODALITIES
    assert (HD.modality, RDF.type, OWL.FunctionalProperty) in ontology
    assert ontology.value(HD.modality, RDFS.range) == HD.Modality


def test_ontology_concepts_have_scheme_labels_and_notation(ontology: Graph) -> None:
    schemes = {scheme: namespace for scheme, namespace in SCHEMES.values()}
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    for concept in concepts:
        assert isinstance(concept, URIRef)
        scheme = ontology.value(concept, SKOS.inScheme)
        assert isinstance(scheme, URIRef) and scheme in schemes, concept
        assert str(concept).startswith(str(schemes[scheme])), concept
        assert _languages(ontology, concept, SKOS.prefLabel) == {"ar", "en"}, concept
        assert ontology.value(concept, SKOS.notation) is not None, concept


PLOVER_REQUIRED = (
    "CONSULT", "AGREE", "SUPPORT", "DEMAND", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
    "COERCE", "ASSAULT", "AID", "RETREAT", "REQUEST", "CONCEDE", "INVESTIGATE", "SANCTION", "FIGHT",
)  # fmt: skip
ACE_REQUIRED = ("Contact.Meet", "Contact.Phone-Write", "Conflict.Attack", "Conflict.Demonstrate")
ACLED_REQUIRED = (
    "Battles", "ExplosionsRemoteViolence", "ViolenceAgainstCivilians", "Protests", "Riots",
    "StrategicDevelopments", "AirDroneStrike", "ShellingArtilleryMissileAttack", "ArmedClash",
    "SuicideBomb", "Agreement",
)  # fmt: skip
REQUIRED_CONCEPTS = [
    *(PLOVER[name] for name in PLOVER_REQUIRED),
    *(CAMEO[f"{root:02d}"] for root in range(1, 21)),
    *(ACE[name] for name in ACE_REQUIRED),
    *(ACLED[name] for name in ACLED_REQUIRED),
]


@pytest.mark.parametrize("concept", REQUIRED_CONCEPTS, ids=lambda c: c.rsplit("/", 1)[-1])
def test_ontology_scheme_has_concept(ontology: Graph, concept: URIRef) -> None:
    assert (concept, RDF.type, SKOS.Concept) in ontology


def test_ontology_class_matches_point_at_concepts_of_their_scheme(ontology: Graph) -> None:
    for match, (scheme, _) in SCHEMES.items():
        assert (match, RDF.type, OWL.AnnotationProperty) in ontology
        pairs = list(ontology.subject_objects(match))
        assert pairs, match
        for cls, concept in pairs:
            assert (cls, RDF.type, OWL.Class) in ontology and _in_hd(cls)
            assert (concept, SKOS.inScheme, scheme) in ontology, (cls, concept)


def test_ontology_every_event_class_maps_to_cameo(ontology: Graph) -> None:
    event_classes = [*CORE, *(c for finer in FINER.values() for c in finer)]
    assert [c for c in event_classes if ontology.value(c, HD.cameoMatch) is None] == []
    assert (HD.AirStrike, HD.cameoMatch, CAMEO["195"]) in ontology
    assert (HD.AirStrike, HD.acledMatch, ACLED.AirDroneStrike) in ontology


# ---------------------------------------------------------------- OWL reasoning


def _hermit(graph: Graph, tmp_path: Path) -> owlready2.World:
    """Load ``graph`` into a fresh owlready2 world and run HermiT on it."""
    path = tmp_path / "hadath.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
    return world


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@needs_java
def test_ontology_is_consistent_under_hermit(ontology: Graph, tmp_path: Path) -> None:
    world = _hermit(ontology, tmp_path)
    assert list(world.inconsistent_classes()) == []
    air_strike = world[str(HD.AirStrike)]
    assert world[str(SEM.Event)] in air_strike.ancestors()


@needs_java
def test_ontology_well_formed_data_are_consistent_under_hermit(ontology: Graph, tmp_path: Path) -> None:
    world = _hermit(ontology + _document_graph(), tmp_path)
    assert list(world.inconsistent_classes()) == []


EVENT = URIRef("https://w3id.org/hadath/id/event/test/contradiction")
CONTRADICTIONS = {
    "meeting-and-statement": [(EVENT, RDF.type, HD.Meeting), (EVENT, RDF.type, HD.Statement)],
    "two-modalities": [
        (EVENT, RDF.type, HD.Meeting),
        (EVENT, HD.modality, HD.Asserted),
        (EVENT, HD.modality, HD.Negated),
    ],
    "event-and-person": [(EVENT, RDF.type, HD.Event), (EVENT, RDF.type, HD.Person)],
    "participant-of-a-strike": [
        (EVENT, RDF.type, HD.AirStrike),
        (EVENT, HD.participant, URIRef(iris.entity("Iran"))),
    ],
}


@needs_java
@pytest.mark.parametrize("case", list(CONTRADICTIONS))
def test_ontology_hermit_rejects_contradictory_data(ontology: Graph, tmp_path: Path, case: str) -> None:
    graph = Graph()
    graph += ontology
    for triple in CONTRADICTIONS[case]:
        graph.add(triple)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(graph, tmp_path)


# ---------------------------------------------------------------- SHACL

DOC_ID = "test-doc"
TEXT = "اتصل وزير الخارجية الإيراني بنظيره العماني أمس. وقالت إيران إنها تحذر من التصعيد في المنطقة."
DOC = URIRef(iris.document(DOC_ID))
ARTICLE = URIRef(iris.article(DOC_ID, 0))
CONTEXT = URIRef(iris.context(DOC_ID))
CALL = URIRef(iris.event(DOC_ID, "call"))
WARNING = URIRef(iris.event(DOC_ID, "warning"))
IRAN = URIRef(iris.entity("Iran"))
OMAN = URIRef(iris.entity("Oman"))
IRAN_FM = URIRef(iris.entity("Iran foreign minister"))
OMAN_FM = URIRef(iris.entity("Oman foreign minister"))


def _span(graph: Graph, phrase: str) -> URIRef:
    """Add the NIF span of the first ``phrase`` in ``TEXT``."""
    begin = TEXT.index(phrase)
    end = begin + len(phrase)
    span = URIRef(iris.span(DOC_ID, begin, end))
    graph.add((span, RDF.type, HD.EvidenceSpan))
    graph.add((span, RDF.type, NIF.RFC5147String))
    graph.add((span, NIF.anchorOf, Literal(phrase)))
    graph.add((span, NIF.beginIndex, Literal(begin, datatype=NON_NEGATIVE)))
    graph.add((span, NIF.endIndex, Literal(end, datatype=NON_NEGATIVE)))
    graph.add((span, NIF.referenceContext, CONTEXT))
    return span


def _document_graph() -> Graph:
    """A small well-formed document: one phone call and one warning, with their entities."""
    g = Graph()
    g.add((DOC, RDF.type, HD.Document))
    g.add((DOC, DCTERMS.identifier, Literal(DOC_ID)))
    g.add((DOC, HD.mediaType, Literal("text/plain")))
    g.add((ARTICLE, RDF.type, HD.Article))
    g.add((ARTICLE, DCTERMS.isPartOf, DOC))
    g.add((ARTICLE, HD.articleIndex, Literal(0, datatype=NON_NEGATIVE)))
    g.add((CONTEXT, RDF.type, NIF.Context))
    g.add((CONTEXT, NIF.isString, Literal(TEXT)))

    for entity, kind, ar, en, qid, country in [
        (IRAN, HD.Country, "إيران", "Iran", "Q794", None),
        (OMAN, HD.Country, "عُمان", "Oman", "Q842", None),
        (IRAN_FM, HD.Person, "وزير الخارجية الإيراني", None, None, IRAN),
        (OMAN_FM, HD.Person, "وزير الخارجية العماني", None, None, OMAN),
    ]:
        g.add((entity, RDF.type, kind))
        g.add((entity, RDFS.label, Literal(ar, lang="ar")))
        if en:
            g.add((entity, RDFS.label, Literal(en, lang="en")))
        if qid:
            g.add((entity, OWL.sameAs, URIRef(iris.wikidata(qid))))
        if country:
            g.add((entity, HD.country, country))

    g.add((CALL, RDF.type, HD.Meeting))
    g.add((CALL, RDF.type, HD.PhoneCall))
    g.add((CALL, HD.participant, IRAN_FM))
    g.add((CALL, HD.participant, OMAN_FM))
    g.add((CALL, HD.evidence, _span(g, "اتصل وزير الخارجية الإيراني بنظيره العماني أمس.")))
    g.add((CALL, HD.trigger, _span(g, "اتصل")))
    g.add((CALL, HD.timeExpression, Literal("أمس")))
    g.add((CALL, HD.date, Literal("2024-05-01", datatype=DATE)))
    g.add((CALL, HD.cameoCode, CAMEO["041"]))
    g.add((CALL, HD.ploverCategory, PLOVER.CONSULT))

    g.add((WARNING, RDF.type, HD.Statement))
    g.add((WARNING, RDF.type, HD.Warning))
    g.add((WARNING, HD.speaker, IRAN))
    g.add((WARNING, HD.quote, Literal("تحذر من التصعيد في المنطقة", lang="ar")))
    g.add((WARNING, HD.evidence, _span(g, "وقالت إيران إنها تحذر من التصعيد في المنطقة.")))

    for event in (CALL, WARNING):
        g.add((event, HD.modality, HD.Asserted))
        g.add((event, HD.confidence, Literal(Decimal("0.8"), datatype=DECIMAL)))
        g.add((event, PROV.wasDerivedFrom, ARTICLE))
    return g


Results = set[tuple[URIRef | None, Node | None]]


def _validate(data: Graph, shapes: Graph) -> tuple[Results, Results]:
    """The (path, source shape) of each violation and of each warning."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert isinstance(report, Graph)
    found: dict[URIRef, Results] = {SH.Violation: set(), SH.Warning: set()}
    # Only the report's own results: those of nested shapes (sh:node) come as sh:detail.
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        assert isinstance(severity, URIRef) and severity in found
        found[severity].add((path if isinstance(path, URIRef) else None, shape))
    return found[SH.Violation], found[SH.Warning]


def _shape(name: str) -> URIRef:
    return URIRef(HDSH + name)


def test_ontology_shapes_accept_a_well_formed_document(shapes: Graph) -> None:
    violations, warnings = _validate(_document_graph(), shapes)
    assert violations == set()
    assert warnings == set()


def _remove(subject: URIRef, predicate: URIRef, value: URIRef | None = None) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((subject, predicate, value))

    return mutate


def _set(subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.set((subject, predicate, value))

    return mutate


def _add(subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.add((subject, predicate, value))

    return mutate


def _call_evidence(g: Graph) -> URIRef:
    span = g.value(CALL, HD.evidence)
    assert isinstance(span, URIRef)
    return span


def _drop_offsets(g: Graph) -> None:
    span = _call_evidence(g)
    g.remove((span, NIF.beginIndex, None))
    g.remove((span, NIF.endIndex, None))


def _shift_end(g: Graph) -> None:
    span = _call_evidence(g)
    end = g.value(span, NIF.endIndex)
    assert isinstance(end, Literal)
    g.set((span, NIF.endIndex, Literal(end.toPython() + 1, datatype=NON_NEGATIVE)))


def _english_label_only(g: Graph) -> None:
    g.remove((IRAN, RDFS.label, Literal("إيران", lang="ar")))


def _unlabel(g: Graph) -> None:
    g.remove((OMAN_FM, RDFS.label, None))


BROKEN: dict[str, tuple[Callable[[Graph], None], Results]] = {
    "no-modality": (_remove(CALL, HD.modality), {(HD.modality, _shape("Event-modality"))}),
    "modality-outside-the-four": (
        _set(CALL, HD.modality, URIRef(str(HD) + "Likely")),
        {(HD.modality, _shape("Event-modality"))},
    ),
    "two-core-types": (_add(CALL, RDF.type, HD.Statement), {(RDF.type, _shape("Event-coreType"))}),
    "finer-type-only": (
        _remove(CALL, RDF.type, HD.Meeting),
        {(RDF.type, _shape("Event-coreType")), (None, _shape("ParticipantDomainShape"))},
    ),
    "no-provenance": (
        _remove(CALL, PROV.wasDerivedFrom),
        {(PROV.wasDerivedFrom, _shape("Event-derivedFrom"))},
    ),
    "no-evidence": (_remove(CALL, HD.evidence), {(HD.evidence, _shape("Event-evidence"))}),
    "evidence-without-offsets": (
        _drop_offsets,
        {(NIF.beginIndex, _shape("Span-beginIndex")), (NIF.endIndex, _shape("Span-endIndex"))},
    ),
    "offsets-not-matching-anchor": (_shift_end, {(None, _shape("EvidenceSpanShape"))}),
    "date-not-xsd-date": (_set(CALL, HD.date, Literal("2024-05-01")), {(HD.date, _shape("Event-date"))}),
    "two-dates": (
        _add(CALL, HD.date, Literal("2024-05-02", datatype=DATE)),
        {(HD.date, _shape("Event-date"))},
    ),
    "confidence-above-one": (
        _set(CALL, HD.confidence, Literal(Decimal("1.5"), datatype=DECIMAL)),
        {(HD.confidence, _shape("Event-confidence"))},
    ),
    "confidence-as-double": (
        _set(CALL, HD.confidence, Literal(0.8)),
        {(HD.confidence, _shape("Event-confidence"))},
    ),
    "quote-not-arabic": (
        _set(WARNING, HD.quote, Literal("escalation", lang="en")),
        {(HD.quote, _shape("Event-quote"))},
    ),
    "role-on-the-wrong-event": (
        _add(WARNING, HD.participant, IRAN),
        {(None, _shape("ParticipantDomainShape"))},
    ),
    "role-filler-without-label": (
        _unlabel,
        {(HD.participant, _shape("Event-participant")), (RDFS.label, _shape("Entity-labelAr"))},
    ),
    "entity-without-arabic-label": (_english_label_only, {(RDFS.label, _shape("Entity-labelAr"))}),
    "bad-sameAs": (
        _set(IRAN, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q794")),
        {(OWL.sameAs, _shape("Entity-sameAs"))},
    ),
    "document-without-identifier": (
        _remove(DOC, DCTERMS.identifier),
        {(DCTERMS.identifier, _shape("Document-identifier"))},
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_ontology_shapes_reject_a_broken_document(shapes: Graph, case: str) -> None:
    mutate, expected = BROKEN[case]
    data = _document_graph()
    mutate(data)
    violations, _ = _validate(data, shapes)
    assert violations == expected


def test_ontology_shapes_warn_of_a_statement_without_speaker(shapes: Graph) -> None:
    data = _document_graph()
    data.remove((WARNING, HD.speaker, None))
    violations, warnings = _validate(data, shapes)
    assert violations == set()
    assert [path for path, _ in warnings] == [HD.speaker]


def test_ontology_shapes_name_every_constrained_hd_property(shapes: Graph) -> None:
    paths = set(shapes.objects(None, SH.path))
    for prop in (HD.modality, HD.date, HD.confidence, HD.evidence, HD.quote, HD.speaker, HD.participant):
        assert prop in paths

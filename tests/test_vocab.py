"""Tests of kg.vocab: the namespace classes agree with ontology/hadath.ttl, the source of truth."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph, URIRef

from kg.store import ONTOLOGY_FILE
from kg.vocab import ACE, ACLED, CAMEO, HD, NIF, PLOVER, RDF, SEM, SKOS, ontology_terms

if TYPE_CHECKING:
    # Not imported at run time: pytest probes module attributes, and the bare base class
    # answers an unknown name with a warning.
    from rdflib.namespace import DefinedNamespace, Namespace


def _terms(namespace: type[DefinedNamespace]) -> set[str]:
    return {str(term) for term in dir(namespace)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _iris_in(graph: Graph, namespace: str) -> set[str]:
    """Every IRI in ``graph`` that starts with ``namespace``."""
    return {
        str(t) for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(namespace)
    }


def test_vocab_every_hd_term_is_defined_in_the_ontology() -> None:
    assert sorted(_terms(HD) - ontology_terms()) == []


def test_vocab_every_ontology_term_is_in_hd() -> None:
    assert sorted(ontology_terms() - _terms(HD)) == []


def test_vocab_hd_covers_classes_properties_and_individuals() -> None:
    terms = ontology_terms()
    for term in (HD.Meeting, HD.participant, HD.date, HD.cameoMatch, HD.Asserted):
        assert str(term) in terms


@pytest.mark.parametrize("name", ["Misspelt", "meeting", "Participant", "Assertd"])
def test_vocab_misspelt_term_raises(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(HD, name)


def test_vocab_misspelt_attribute_raises() -> None:
    with pytest.raises(AttributeError):
        _ = HD.Misspelt


def test_vocab_terms_are_iris_in_the_hd_namespace() -> None:
    assert HD.Meeting == URIRef("https://w3id.org/hadath/ontology#Meeting")
    assert str(HD) == "https://w3id.org/hadath/ontology#"


def test_vocab_jsonld_context_lists_every_term() -> None:
    context = HD.as_jsonld_context("hd")["@context"]
    assert context["hd"] == str(HD)
    assert context["Meeting"] == "hd:Meeting"
    assert len(context) == len(_terms(HD)) + 1


# Passed by name: pytest probes parameters for attributes, which a closed namespace refuses.
OUTSIDE = {"sem": SEM, "nif": NIF}


@pytest.mark.parametrize("prefix", sorted(OUTSIDE))
def test_vocab_outside_terms_the_ontology_uses_are_defined(ontology: Graph, prefix: str) -> None:
    namespace = OUTSIDE[prefix]
    used = _iris_in(ontology, str(namespace)) - {str(namespace)}  # the namespace itself is cited
    assert sorted(used - _terms(namespace)) == []


def test_vocab_nif_has_the_span_terms() -> None:
    assert NIF.anchorOf.endswith("#anchorOf")
    with pytest.raises(AttributeError):
        _ = NIF.anchor


@pytest.mark.parametrize(
    ("namespace", "scheme"),
    [(PLOVER, "plover"), (CAMEO, "cameo"), (ACE, "ace"), (ACLED, "acled")],
    ids=["plover", "cameo", "ace", "acled"],
)
def test_vocab_concept_namespaces_hold_their_schemes(
    ontology: Graph, namespace: Namespace, scheme: str
) -> None:
    scheme_iri = URIRef(f"https://w3id.org/hadath/ontology/{scheme}")
    concepts = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert concepts
    assert all(str(c).startswith(str(namespace)) for c in concepts)
    assert all((c, RDF.type, SKOS.Concept) in ontology for c in concepts)


def test_vocab_concept_namespaces_index_codes() -> None:
    assert CAMEO["195"] == URIRef("https://w3id.org/hadath/ontology/cameo#195")
    assert ACE["Contact.Phone-Write"].endswith("ace#Contact.Phone-Write")


def test_vocab_ontology_terms_reads_a_given_file(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(
        "@prefix hd: <https://w3id.org/hadath/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "hd:Meeting a owl:Class .\n"
        "hd:participant a owl:ObjectProperty .\n"
        "hd:Asserted a owl:NamedIndividual , hd:Modality .\n"
        "hd:Meeting hd:cameoMatch hd:Unrelated .\n"
        "<http://example.org/Other> a owl:Class .\n",
        encoding="utf-8",
    )
    assert ontology_terms(path) == {str(HD.Meeting), str(HD.participant), str(HD.Asserted)}

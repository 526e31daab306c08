"""The IRIs Hadath mints. One place decides them, so every stage and the server agree.

Everything lives under ``DATA`` (``https://w3id.org/hadath/id/``); the server maps its own
base IRI onto it when it dereferences. Keys are percent-encoded, so Arabic keys stay IRIs.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

ONTOLOGY = "https://w3id.org/hadath/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/hadath/ontology"
DATA = "https://w3id.org/hadath/id/"
ENTITIES_GRAPH = DATA + "entities"  # not under graph/, so no document id can take it
WIKIDATA = "http://www.wikidata.org/entity/"


def _segment(value: str) -> str:
    return quote(value, safe="-._~")


def document(doc_id: str) -> str:
    """The document itself (what ``dcterms:identifier`` names)."""
    return f"{DATA}document/{_segment(doc_id)}"


def document_graph(doc_id: str) -> str:
    """The named graph holding everything one document says."""
    return f"{DATA}graph/{_segment(doc_id)}"


def article(doc_id: str, index: int) -> str:
    """One story inside a document."""
    return f"{document(doc_id)}/article/{index}"


def context(doc_id: str) -> str:
    """The document's text as a ``nif:Context``."""
    return f"{document(doc_id)}/text"


def span(doc_id: str, begin: int, end: int) -> str:
    """A span of the document's text (NIF's RFC 5147 style ``char=b,e``)."""
    return f"{document(doc_id)}/text#char={begin},{end}"


def event(doc_id: str, key: str) -> str:
    """An event first reported by ``doc_id``; ``key`` is stable across re-ingestion."""
    return f"{DATA}event/{_segment(doc_id)}/{_segment(key)}"


def entity(key: str) -> str:
    """An actor or place, one IRI across all documents."""
    return f"{DATA}entity/{_segment(key)}"


def activity(run_id: str) -> str:
    """One ingest run (a ``prov:Activity``)."""
    return f"{DATA}activity/{_segment(run_id)}"


def wikidata(qid: str) -> str:
    """A Wikidata entity IRI for ``Q…``."""
    return WIKIDATA + qid


def document_id_of_graph(graph_iri: str) -> str | None:
    """The document id a document graph IRI names, or None for other graphs."""
    prefix = f"{DATA}graph/"
    if not graph_iri.startswith(prefix):
        return None
    return unquote(graph_iri[len(prefix) :])

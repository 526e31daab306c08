"""Linked data: every kind of minted IRI dereferences, in every media type; pages escape labels."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pyoxigraph as ox
import pytest
from api_fixtures import (
    DOC_ID,
    IRANIAN,
    MEETING,
    MEETING_SENTENCE,
    RIYADH,
    SAUDI,
    SCRIPT_LABEL,
    SCRIPTED,
    STATEMENT,
    LiveServer,
    hadath_server_fixture,  # noqa: F401  (the "hadath_server" fixture)
    load_ontology,
    sample_quads,
    settings_for,
)
from fastapi.testclient import TestClient

from api import create_app
from kg import iris
from kg.store import HadathStore

RESOURCES = {
    "event": MEETING,
    "statement": STATEMENT,
    "entity": SAUDI,
    "arabic-key entity": RIYADH,
    "document": iris.document(DOC_ID),
    "article": iris.article(DOC_ID, 0),
    "text": iris.context(DOC_ID),
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def local(server: LiveServer, iri: str) -> str:
    """Where the server serves a minted IRI."""
    return server.url + "id/" + iri[len(iris.DATA) :]


@pytest.mark.parametrize("kind", RESOURCES)
@pytest.mark.parametrize("media", RDF_TYPES)
def test_api_every_iri_dereferences_as_rdf(hadath_server: LiveServer, kind: str, media: str) -> None:
    iri = RESOURCES[kind]
    response = httpx.get(local(hadath_server, iri), headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    triples = list(ox.parse(response.content, RDF_TYPES[media]))
    assert any(t.subject == ox.NamedNode(iri) for t in triples)


@pytest.mark.parametrize("kind", RESOURCES)
def test_api_every_iri_dereferences_as_html(hadath_server: LiveServer, kind: str) -> None:
    response = httpx.get(local(hadath_server, RESOURCES[kind]), headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in response.text
    assert RESOURCES[kind] in response.text


@pytest.mark.parametrize("media", ["text/html", *RDF_TYPES])
def test_api_ontology_terms_dereference(hadath_server: LiveServer, media: str) -> None:
    response = httpx.get(hadath_server.url + "ontology", headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/html":
        assert 'id="Meeting"' in response.text and 'id="participant"' in response.text
    else:
        subjects = {t.subject for t in ox.parse(response.content, RDF_TYPES[media])}
        assert ox.NamedNode(iris.ONTOLOGY + "Meeting") in subjects


def test_api_event_page_shows_roles_evidence_and_source(hadath_server: LiveServer) -> None:
    page = httpx.get(local(hadath_server, MEETING), headers={"Accept": "text/html"}).text
    for entity in (SAUDI, IRANIAN, RIYADH):
        assert f'href="{local(hadath_server, entity)}"' in page
    assert "وزير الخارجية السعودي" in page  # the participant's label, not just its IRI
    # The evidence sentence, with the trigger inside the highlighted span.
    mark = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", page, re.S)
    assert mark is not None
    quoted = re.sub(r"<[^>]+>", "", mark.group(1))
    assert MEETING_SENTENCE in quoted
    assert '<mark class="trigger"><strong>التقى</strong></mark>' in mark.group(1)
    assert 'href="https://example.org/news/1"' in page
    assert f'href="{local(hadath_server, iris.document(DOC_ID))}"' in page


def test_api_entity_page_lists_the_events_it_takes_part_in(hadath_server: LiveServer) -> None:
    page = httpx.get(local(hadath_server, IRANIAN), headers={"Accept": "text/html"}).text
    assert f'href="{local(hadath_server, MEETING)}"' in page
    assert f'href="{local(hadath_server, STATEMENT)}"' in page
    riyadh = httpx.get(local(hadath_server, RIYADH), headers={"Accept": "text/html"}).text
    assert 'href="http://www.wikidata.org/entity/Q3692"' in riyadh


def test_api_document_page_lists_its_events_and_downloads(hadath_server: LiveServer) -> None:
    page = httpx.get(local(hadath_server, iris.document(DOC_ID)), headers={"Accept": "text/html"}).text
    assert f'href="{local(hadath_server, MEETING)}"' in page
    assert f'href="{local(hadath_server, STATEMENT)}"' in page
    assert f"dumps/documents/{DOC_ID}.ttl" in page


def test_api_labels_are_escaped_in_pages(hadath_server: LiveServer) -> None:
    for iri in (SCRIPTED, STATEMENT):
        page = httpx.get(local(hadath_server, iri), headers={"Accept": "text/html"}).text
        assert "<script>" not in page
        assert "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(" in page
    entity = httpx.get(local(hadath_server, SCRIPTED), headers={"Accept": "text/html"}).text
    assert re.search(r"<h1[^>]*>&lt;script&gt;alert\(&#39;x&#39;\)&lt;/script&gt; جماعة</h1>", entity)
    turtle = httpx.get(local(hadath_server, SCRIPTED), headers={"Accept": "text/turtle"}).content
    labels = {
        t.object.value for t in ox.parse(turtle, ox.RdfFormat.TURTLE) if isinstance(t.object, ox.Literal)
    }
    assert SCRIPT_LABEL in labels  # the data itself is untouched


def test_api_percent_encoding_variants_reach_the_same_resource(hadath_server: LiveServer) -> None:
    encoded = RIYADH[len(iris.DATA) :]
    lower = re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), encoded)
    for path in (encoded, lower, unquote(encoded)):
        response = httpx.get(hadath_server.url + "id/" + path, headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, path
        assert f"<{RIYADH}>" in response.text


def test_api_unknown_resources_are_404(hadath_server: LiveServer) -> None:
    missing = hadath_server.url + "id/entity/nobody-at-all"
    assert httpx.get(missing, headers={"Accept": "text/turtle"}).status_code == 404
    page = httpx.get(missing, headers={"Accept": "text/html"})
    assert page.status_code == 404 and 'dir="rtl"' in page.text


def test_api_format_parameter_and_alternates(hadath_server: LiveServer) -> None:
    response = httpx.get(local(hadath_server, MEETING) + "?format=jsonld", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("application/ld+json")
    page = httpx.get(local(hadath_server, MEETING), headers={"Accept": "text/html"}).text
    assert 'rel="alternate" type="text/turtle"' in page
    assert httpx.get(local(hadath_server, MEETING), headers={"Accept": "image/png"}).status_code == 406


def test_api_base_iri_setting_sets_the_links(tmp_path: Path) -> None:
    store = HadathStore(tmp_path / "store")
    store.oxigraph.extend(sample_quads())
    load_ontology(store)
    settings = settings_for(tmp_path / "store", base_iri="https://hadath.example/kg")
    with TestClient(create_app(settings, store)) as client:
        page = client.get("/id/" + MEETING[len(iris.DATA) :], headers={"Accept": "text/html"}).text
        assert f'href="https://hadath.example/kg/id/{SAUDI[len(iris.DATA) :]}"' in page
        assert 'href="https://hadath.example/kg/ontology#Meeting"' in page
        description = client.get("/sparql", headers={"Accept": "application/n-triples"}).text
        assert "<https://hadath.example/kg/sparql>" in description


def test_api_graph_names_dereference(hadath_server: LiveServer) -> None:
    graph = local(hadath_server, iris.document_graph(DOC_ID))
    turtle = httpx.get(graph, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert len(list(ox.parse(turtle.content, ox.RdfFormat.TURTLE))) == len(
        list(hadath_server.store.graph_quads(iris.document_graph(DOC_ID)))
    )
    browser = httpx.get(graph, headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303
    assert browser.headers["location"] == local(hadath_server, iris.document(DOC_ID))
    entities = httpx.get(
        local(hadath_server, iris.ENTITIES_GRAPH), headers={"Accept": "application/n-triples"}
    )
    assert f"<{SAUDI}>" in entities.text

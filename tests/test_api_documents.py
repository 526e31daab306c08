"""Ingestion over HTTP: POST a document (JSON or a file), read its events back, DELETE it."""

from __future__ import annotations

import httpx
import pytest
from api_fixtures import (
    DOC_ID,
    LiveServer,
    auth,
    hadath_server_fixture,  # noqa: F401  (the "hadath_server" fixture)
)

from kg import iris

TEXT = (
    "التقى وزير الخارجية السعودي الأمير فيصل بن فرحان نظيره الإيراني عباس عراقجي في الرياض يوم الأحد. "
    "وقال عراقجي إن العلاقات بين البلدين تتحسن."
)


@pytest.fixture(scope="module")
def pipeline_ready() -> None:
    """Skip while the extraction pipeline is still missing pieces (modules or data files)."""
    try:
        import kg.pipeline  # noqa: F401
    except (ImportError, FileNotFoundError) as err:
        pytest.skip(f"the pipeline cannot run yet: {err}")


def test_api_post_json_document_returns_its_iri_and_events(
    hadath_server: LiveServer, pipeline_ready: None
) -> None:
    record = {
        "id": "http-json-1",
        "text": TEXT,
        "title": "لقاء",
        "published": "2024-03-10",
        "source": "واس",
        "url": "https://example.org/news/2",
    }
    response = httpx.post(hadath_server.url + "documents", json=record, headers=auth(), timeout=120)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == "http-json-1"
    assert body["iri"] == iris.document("http-json-1")
    assert response.headers["location"].endswith("/id/document/http-json-1")
    assert body["events"], "the pipeline found no event in a plain meeting report"
    for event in body["events"]:
        assert event["iri"].startswith(iris.DATA + "event/http-json-1/")
        assert event["evidence"]["text"] == TEXT[event["evidence"]["begin"] : event["evidence"]["end"]]
        assert set(event["types"]) & {"Meeting", "Statement", "MilitaryStrike", "Agreement"}
    again = httpx.get(hadath_server.url + "documents/http-json-1")
    assert again.json() == body
    page = httpx.get(hadath_server.url + "id/document/http-json-1", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "https://example.org/news/2" in page.text
    listed = httpx.get(hadath_server.url + "documents").json()
    assert {"id": "http-json-1", "iri": body["iri"]} in listed["documents"]

    deleted = httpx.delete(hadath_server.url + "documents/http-json-1", headers=auth())
    assert deleted.status_code == 204
    assert httpx.get(hadath_server.url + "documents/http-json-1").status_code == 404
    assert httpx.delete(hadath_server.url + "documents/http-json-1", headers=auth()).status_code == 404


def test_api_post_file_upload(hadath_server: LiveServer, pipeline_ready: None) -> None:
    files = {"file": ("upload-1.txt", TEXT.encode("utf-8"), "text/plain")}
    data = {"title": "عنوان", "published": "2024-03-11"}
    response = httpx.post(
        hadath_server.url + "documents", files=files, data=data, headers=auth(), timeout=120
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == "upload-1"
    assert body["events"]
    turtle = httpx.get(hadath_server.url + "id/document/upload-1", headers={"Accept": "text/turtle"}).text
    assert "2024-03-11" in turtle and "عنوان" in turtle
    assert httpx.delete(hadath_server.url + "documents/upload-1", headers=auth()).status_code == 204


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"id": "x1", "text": "This is English, not Arabic at all."}, "not Arabic"),
        ({"id": "x2", "text": "   "}, "empty text"),
        ({"id": "bad id!", "text": TEXT}, "may hold only"),
        ({"id": "x3", "text": TEXT, "published": "10/03/2024"}, "malformed published"),
        ({"text": TEXT}, "Field required"),
    ],
)
def test_api_bad_documents_are_422_with_the_reason(
    hadath_server: LiveServer, payload: dict[str, str], message: str
) -> None:
    response = httpx.post(hadath_server.url + "documents", json=payload, headers=auth())
    assert response.status_code == 422
    assert message in response.text


def test_api_ingestion_needs_the_token(hadath_server: LiveServer) -> None:
    record = {"id": "no-token", "text": TEXT}
    assert httpx.post(hadath_server.url + "documents", json=record).status_code == 401
    assert httpx.delete(hadath_server.url + f"documents/{DOC_ID}").status_code == 401
    assert httpx.get(hadath_server.url + f"documents/{DOC_ID}").status_code == 200
    wrong_type = httpx.post(
        hadath_server.url + "documents", content=b"x", headers={**auth(), "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    not_an_article = httpx.post(
        hadath_server.url + "documents", files={"file": ("x.pdf", b"%PDF", "application/pdf")}, headers=auth()
    )
    assert not_an_article.status_code == 422


def test_api_stored_document_events_read_back(hadath_server: LiveServer) -> None:
    body = httpx.get(hadath_server.url + f"documents/{DOC_ID}").json()
    meeting = next(e for e in body["events"] if "Meeting" in e["types"])
    assert meeting["date"] == "2024-03-10"
    assert meeting["modality"] == "Asserted"
    assert {r["role"] for r in meeting["roles"]} == {"participant"}
    assert meeting["place"]["label"] == "الرياض" and meeting["place"]["wikidata"] == "Q3692"
    statement = next(e for e in body["events"] if "Statement" in e["types"])
    assert statement["quote"] == "العلاقات بين البلدين تشهد تحسنا"

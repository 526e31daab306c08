"""Ingestion over HTTP: add a document (JSON, or an uploaded file), read back its events, delete it.

``POST /documents`` takes ``{"id", "text", "title", "published", "source", "url"}`` as JSON,
or a ``multipart/form-data`` upload of a ``.txt``, ``.html`` or ``.jsonl`` file (with the
same metadata as optional form fields). The document goes through the same pipeline as
``kg ingest`` and replaces any earlier version; the answer is its IRI and its events, read
back from the store. Writing needs the update token.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from api import media
from api.deps import PublicBase, StoreDep, WriteAccess
from api.terms import HD, NIF, OWL, RDFS
from kg import iris
from kg.documents import ARTICLE_SUFFIXES, InputError, Rejected, document_from_text, read_documents
from kg.model import Document
from kg.store import HadathStore

router = APIRouter(prefix="/documents", tags=["documents"])

# One document at a time through the pipeline: its models are shared, and writes are short.
_INGEST_LOCK = threading.Lock()
_SAFE_NAME = re.compile(r"[^\w.\-~]+")
PREFIX = f"""
PREFIX hd: <{iris.ONTOLOGY}>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <{RDFS.label.rsplit("#", 1)[0]}#>
"""


class DocumentIn(BaseModel):
    """A document sent as JSON."""

    id: str = Field(description="the document id: letters, digits, '.', '-', '_', '~'")
    text: str = Field(description="the article text (Arabic); offsets index it as sent")
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    source: str | None = None
    url: str | None = None


class Role(BaseModel):
    """An entity in a role of an event."""

    role: str
    entity: str
    label: str | None = None
    label_en: str | None = None
    wikidata: str | None = None


class Evidence(BaseModel):
    """The text an event is read from, with its offsets into the document text."""

    text: str
    begin: int | None
    end: int | None


class EventOut(BaseModel):
    """One event as the store holds it."""

    iri: str
    types: list[str]
    label: str | None = None
    date: str | None = None
    modality: str | None = None
    quote: str | None = None
    place: Role | None = None
    roles: list[Role] = []
    evidence: Evidence | None = None


class DocumentOut(BaseModel):
    """A stored document and its events."""

    id: str
    iri: str
    events: list[EventOut]


def _local(iri: str) -> str:
    return iri[len(iris.ONTOLOGY) :] if iri.startswith(iris.ONTOLOGY) else iri


def _entity(store: ox.Store, role: str, entity: ox.NamedNode) -> Role:
    labels = {
        q.object.language: q.object.value
        for q in store.quads_for_pattern(entity, ox.NamedNode(RDFS.label), None, None)
        if isinstance(q.object, ox.Literal)
    }
    same = [
        q.object.value
        for q in store.quads_for_pattern(entity, ox.NamedNode(OWL.sameAs), None, None)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(iris.WIKIDATA)
    ]
    return Role(
        role=role,
        entity=entity.value,
        label=labels.get("ar") or labels.get(None),
        label_en=labels.get("en"),
        wikidata=same[0][len(iris.WIKIDATA) :] if same else None,
    )


def document_events(store: ox.Store, doc_id: str) -> list[EventOut]:
    """The events stored in a document's graph, with roles, date, modality and evidence."""
    graph = iris.document_graph(doc_id)
    rows = store.query(
        PREFIX
        + f"""
        SELECT ?event ?p ?o WHERE {{
          GRAPH <{graph}> {{ ?event hd:evidence ?span . ?event ?p ?o }}
        }} ORDER BY ?event"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    by_event: dict[str, list[tuple[str, Any]]] = {}
    for row in rows:
        by_event.setdefault(row["event"].value, []).append((row["p"].value, row["o"]))
    events = []
    roles = set(HD.roles)
    for iri, pairs in by_event.items():
        event = EventOut(iri=iri, types=[])
        for predicate, value in pairs:
            if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
                event.types.append(_local(value.value))
            elif predicate == RDFS.label and isinstance(value, ox.Literal):
                if value.language == "ar" or event.label is None:
                    event.label = value.value
            elif predicate == HD.date:
                event.date = value.value
            elif predicate == HD.modality:
                event.modality = _local(value.value)
            elif predicate == HD.quote:
                event.quote = value.value
            elif predicate == HD.place and isinstance(value, ox.NamedNode):
                event.place = _entity(store, "place", value)
            elif predicate in roles and isinstance(value, ox.NamedNode):
                event.roles.append(_entity(store, _local(predicate), value))
            elif predicate == HD.evidence and isinstance(value, ox.NamedNode | ox.BlankNode):
                event.evidence = _evidence(store, value)
        event.types.sort()
        event.roles.sort(key=lambda r: (r.role, r.entity))
        events.append(event)
    return events


def _evidence(store: ox.Store, span: ox.NamedNode | ox.BlankNode) -> Evidence:
    found = {q.predicate.value: q.object for q in store.quads_for_pattern(span, None, None, None)}

    def number(name: str) -> int | None:
        value = found.get(name)
        return int(value.value) if isinstance(value, ox.Literal) and value.value.isdigit() else None

    anchor = found.get(NIF.anchorOf)
    return Evidence(
        text=anchor.value if isinstance(anchor, ox.Literal) else "",
        begin=number(NIF.beginIndex),
        end=number(NIF.endIndex),
    )


def _ingest(store: HadathStore, documents: list[Document]) -> list[DocumentOut]:
    from kg.pipeline import ingest_document  # the pipeline loads its language data on import

    out = []
    with _INGEST_LOCK:
        for document in documents:
            ingest_document(store, document)
    for document in documents:
        out.append(
            DocumentOut(
                id=document.id,
                iri=iris.document(document.id),
                events=document_events(store.oxigraph, document.id),
            )
        )
    return out


def _from_json(body: bytes) -> Document:
    try:
        record = DocumentIn.model_validate_json(body)
    except ValidationError as err:
        raise HTTPException(422, [{"loc": e["loc"], "msg": e["msg"]} for e in err.errors()]) from None
    try:
        return document_from_text(
            record.text,
            record.id,
            title=record.title,
            published=record.published,
            source=record.source,
            url=record.url,
        )
    except InputError as err:
        raise HTTPException(422, str(err)) from None


async def _from_upload(request: Request) -> list[Document]:
    form = await request.form()
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, "a multipart upload needs a 'file' field holding the article")
        fields = {k: v for k, v in form.items() if isinstance(v, str) and v.strip()}
        name = _SAFE_NAME.sub("_", Path(upload.filename or "upload.txt").name) or "upload.txt"
        suffix = Path(name).suffix.lower()
        if suffix not in ARTICLE_SUFFIXES:
            raise HTTPException(422, f"upload a {', '.join(ARTICLE_SUFFIXES)} file, not {name!r}")
        stem = fields.get("id") or Path(name).stem
        content = await upload.read()
    finally:
        await form.close()
    with tempfile.TemporaryDirectory(prefix="hadath-upload-") as folder:
        path = Path(folder) / f"{_SAFE_NAME.sub('_', stem)}{suffix}"
        path.write_bytes(content)
        meta = {k: fields[k] for k in ("id", "title", "published", "source", "url") if k in fields}
        if meta and suffix != ".jsonl":
            path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        read = list(read_documents([path]))
    documents = [d for d in read if isinstance(d, Document)]
    rejected = [r for r in read if isinstance(r, Rejected)]
    if rejected and not documents:
        raise HTTPException(422, "; ".join(r.reason for r in rejected))
    return documents


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "published": {"type": "string"},
                        "source": {"type": "string"},
                        "url": {"type": "string"},
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    status_code=201,
    summary="Ingest a document (JSON or a file upload; needs the token)",
    response_model=DocumentOut,
    openapi_extra=_BODY,
)
async def post_document(request: Request, store: StoreDep, base: PublicBase, _: WriteAccess) -> Response:
    """Run the pipeline on the document, store it, and answer its IRI and events."""
    kind, _params = media.media_type_of(request.headers.get("content-type"))
    if kind == "application/json":
        documents = [_from_json(await request.body())]
    elif kind == "multipart/form-data":
        documents = await _from_upload(request)
    else:
        raise HTTPException(415, "send application/json or multipart/form-data")
    stored = await anyio.to_thread.run_sync(_ingest, store, documents)
    if len(stored) == 1:
        body: Any = stored[0].model_dump()
    else:
        body = {"documents": [d.model_dump() for d in stored]}
    location = f"{base}id/document/{iris.document(stored[0].id)[len(iris.DATA + 'document/') :]}"
    return JSONResponse(body, status_code=201, headers={"Location": location})


@router.get("", summary="The stored documents")
async def list_documents(store: StoreDep, limit: int = 1000, offset: int = 0) -> dict[str, Any]:
    """Document ids and IRIs, sorted by id."""
    ids = await anyio.to_thread.run_sync(store.document_ids)
    page = ids[offset : offset + max(limit, 0)]
    return {"total": len(ids), "documents": [{"id": i, "iri": iris.document(i)} for i in page]}


@router.get("/{doc_id}", summary="A stored document and its events", response_model=DocumentOut)
async def get_document(doc_id: str, store: StoreDep) -> DocumentOut:
    """The document's IRI and its events, as ``POST`` answers them."""
    if not store.has_document(doc_id):
        raise HTTPException(404, f"no document {doc_id!r}")
    events = await anyio.to_thread.run_sync(document_events, store.oxigraph, doc_id)
    return DocumentOut(id=doc_id, iri=iris.document(doc_id), events=events)


@router.delete("/{doc_id}", status_code=204, summary="Delete a document and its events (needs the token)")
async def delete_document(doc_id: str, store: StoreDep, _: WriteAccess) -> Response:
    """Retract the document's graph; 404 if there is none."""
    removed = await anyio.to_thread.run_sync(store.remove_document, doc_id)
    if not removed:
        raise HTTPException(404, f"no document {doc_id!r}")
    return Response(status_code=204)

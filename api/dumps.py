"""Dumps: the whole dataset as gzipped N-Quads or TriG, and any document's graph alone.

The whole-dataset dumps stream: Oxigraph writes from a thread of its own into gzip, and
the compressed chunks go out as they are made, so a dump never sits in memory.
"""

from __future__ import annotations

import gzip
from typing import IO, cast

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, Response
from fastapi.responses import PlainTextResponse, StreamingResponse

from api import media
from api.deps import StoreDep
from api.streaming import ChunkWriter, thread_stream
from api.terms import PREFIXES
from kg import iris

router = APIRouter(prefix="/dumps", tags=["dumps"])

DATASET_DUMPS = {"hadath.nq.gz": ox.RdfFormat.N_QUADS, "hadath.trig.gz": ox.RdfFormat.TRIG}
DOCUMENT_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}


def _dataset_route(name: str, fmt: ox.RdfFormat) -> None:
    async def dump(store: StoreDep) -> Response:
        def produce(writer: ChunkWriter) -> None:
            with gzip.GzipFile(fileobj=writer, mode="wb", compresslevel=6, mtime=0) as compressed:
                store.oxigraph.dump(
                    cast("IO[bytes]", compressed),
                    fmt,
                    prefixes=PREFIXES if fmt == ox.RdfFormat.TRIG else None,
                )

        return StreamingResponse(
            thread_stream(produce, name=f"dump-{name}"),
            media_type="application/gzip",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    dump.__doc__ = f"The whole dataset as gzipped {fmt.name}, streamed."
    router.add_api_route(f"/{name}", dump, methods=["GET"], summary=f"The whole dataset, gzipped {fmt.name}")


def _document_dump(store: ox.Store, graph: ox.NamedNode, fmt: ox.RdfFormat) -> bytes:
    if fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD:
        quads = store.quads_for_pattern(None, None, None, graph)
        return ox.serialize(quads, None, fmt, prefixes=PREFIXES) or b""
    return store.dump(None, fmt, from_graph=graph, prefixes=PREFIXES) or b""


@router.get(
    "/documents/{filename}", summary="One document's graph (id.nq, .trig, .ttl, .nt, .jsonld, .rdf; .gz)"
)
async def document_dump(filename: str, store: StoreDep) -> Response:
    """The named graph of one document, e.g. ``/dumps/documents/ahram-2024-01.ttl``."""
    compressed = filename.endswith(".gz")
    name = filename[:-3] if compressed else filename
    doc_id, _, extension = name.rpartition(".")
    fmt = DOCUMENT_FORMATS.get(extension)
    if not doc_id or fmt is None:
        return PlainTextResponse(
            f"name the file <document id>.<{'|'.join(DOCUMENT_FORMATS)}>[.gz]\n", status_code=404
        )
    if not store.has_document(doc_id):
        return PlainTextResponse(f"no document {doc_id!r}\n", status_code=404)
    graph = ox.NamedNode(iris.document_graph(doc_id))
    body = await anyio.to_thread.run_sync(_document_dump, store.oxigraph, graph, fmt)
    if compressed:
        body = gzip.compress(body, mtime=0)
        return Response(
            body,
            media_type="application/gzip",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return Response(body, media_type=media.rdf_media(fmt))


for _name, _fmt in DATASET_DUMPS.items():
    _dataset_route(_name, _fmt)

"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

Indirect identification: ``/store?graph=IRI`` or ``/store?default``. Direct
identification: ``/store/any/path`` is the graph whose IRI is that URL (under the base
IRI). ``GET``/``HEAD`` read a graph (``/store`` alone: the whole dataset as N-Quads, TriG
or JSON-LD); ``PUT`` replaces it, ``POST`` adds to it (a body, or the files of a
``multipart/form-data`` form), ``DELETE`` drops it; ``POST /store`` with a graph creates a
new graph and answers its IRI in ``Location``. Every write is one Oxigraph transaction and
needs the update token.
"""

from __future__ import annotations

import uuid
from typing import IO, cast

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse, StreamingResponse
from starlette.datastructures import UploadFile

from api import media
from api.deps import PublicBase, StoreDep, WriteAccess
from api.streaming import ChunkWriter, thread_stream
from api.terms import PREFIXES, used_prefixes

router = APIRouter(tags=["graph store"])

PATH = "/store"
QUAD_ONLY = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
GRAPH_TYPES = {k: v for k, v in media.GRAPH_TYPES.items() if v not in QUAD_ONLY}
_EXTENSIONS = {fmt.file_extension: fmt for fmt in media.GRAPH_TYPES.values()}
Target = ox.NamedNode | ox.DefaultGraph | None  # None: the whole dataset


class GraphStoreError(Exception):
    """A request this endpoint answers with ``status`` and a plain-text ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _indirect_target(request: Request) -> Target:
    params = request.query_params
    graphs = params.getlist("graph")
    if "default" in params and graphs:
        raise GraphStoreError(400, "give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise GraphStoreError(400, "give one ?graph=IRI")
    if "default" in params:
        return ox.DefaultGraph()
    if graphs:
        try:
            return ox.NamedNode(graphs[0])
        except ValueError:
            raise GraphStoreError(400, f"?graph must be an absolute IRI, not {graphs[0]!r}") from None
    return None


def _direct_target(request: Request, base: str) -> ox.NamedNode:
    # The graph IRI is the request URL as sent (its percent-encoding kept), without query.
    raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    root = request.scope.get("root_path", "")
    path = raw[len(root) :] if root and raw.startswith(root) else raw
    return ox.NamedNode(base + path.lstrip("/"))


def _exists(store: ox.Store, target: Target) -> bool:
    return not isinstance(target, ox.NamedNode) or store.contains_named_graph(target)


def _serialise(store: ox.Store, target: ox.NamedNode | ox.DefaultGraph, fmt: ox.RdfFormat) -> bytes:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, target)]
    return ox.serialize(triples, None, fmt, prefixes=used_prefixes(triples)) or b""


def _read_response(request: Request, store: ox.Store, target: Target, head: bool) -> Response:
    if not _exists(store, target):
        raise GraphStoreError(404, f"no graph {target}")
    offers = media.DATASET_TYPES if target is None else GRAPH_TYPES
    chosen = media.negotiate(request.headers.get("accept"), list(offers))
    if chosen is None:
        raise GraphStoreError(406, f"available as {', '.join(offers)}")
    fmt = offers[chosen]
    headers = {"Vary": "Accept"}
    if head:
        return Response(media_type=media.rdf_media(fmt), headers=headers)
    if target is None:  # the whole dataset: streamed, as the dumps are

        def produce(writer: ChunkWriter) -> None:
            store.dump(cast("IO[bytes]", writer), fmt, prefixes=PREFIXES)

        return StreamingResponse(
            thread_stream(produce, "store-dump"), media_type=media.rdf_media(fmt), headers=headers
        )
    return Response(_serialise(store, target, fmt), media_type=media.rdf_media(fmt), headers=headers)


def _format_of(content_type: str | None, filename: str | None, *, dataset: bool) -> ox.RdfFormat:
    kind, _ = media.media_type_of(content_type)
    fmt = media.GRAPH_TYPES.get(kind)
    if (fmt is None or kind == "text/plain") and filename and "." in filename:
        fmt = _EXTENSIONS.get(filename.rsplit(".", 1)[1].lower(), fmt)
    if fmt is None or (fmt in QUAD_ONLY and not dataset):
        accepted = ", ".join(media.GRAPH_TYPES if dataset else GRAPH_TYPES)
        raise GraphStoreError(415, f"unsupported RDF media type {kind or '(none)'!r}: send one of {accepted}")
    return fmt


def _parse(body: bytes, fmt: ox.RdfFormat, base: str | None, graph: Target) -> list[ox.Quad]:
    try:
        parsed = ox.parse(
            body, fmt, base_iri=base, rename_blank_nodes=True, without_named_graphs=graph is not None
        )
        if graph is None:
            return list(parsed)
        return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
    except SyntaxError as err:
        raise GraphStoreError(400, f"the {fmt.name} body does not parse: {err}") from None
    except ValueError as err:
        raise GraphStoreError(400, f"the body cannot be read as {fmt.name}: {err}") from None


async def _payload(request: Request, graph: Target, base: str | None) -> list[ox.Quad]:
    kind, _ = media.media_type_of(request.headers.get("content-type"))
    if kind == "multipart/form-data":
        quads: list[ox.Quad] = []
        form = await request.form()
        try:
            for _, value in form.multi_items():
                if isinstance(value, UploadFile):
                    fmt = _format_of(value.content_type, value.filename, dataset=graph is None)
                    quads += _parse(await value.read(), fmt, base, graph)
        finally:
            await form.close()
        return quads
    fmt = _format_of(request.headers.get("content-type"), None, dataset=graph is None)
    return _parse(await request.body(), fmt, base, graph)


def _data_block(quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = str(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(
        f"GRAPH {g} {{\n{chr(10).join(t)}\n}}" if g else "\n".join(t) for g, t in by_graph.items()
    )


def _write(store: ox.Store, target: Target, quads: list[ox.Quad], *, replace: bool) -> None:
    """One transaction: (for PUT) empty the graph, then add ``quads``; named graphs are kept."""
    steps = []
    if isinstance(target, ox.NamedNode):
        if replace:
            steps.append(f"DROP SILENT GRAPH {target}")
        steps.append(f"CREATE SILENT GRAPH {target}")
    elif isinstance(target, ox.DefaultGraph) and replace:
        steps.append("CLEAR SILENT DEFAULT")
    if quads:
        steps.append(f"INSERT DATA {{\n{_data_block(quads)}\n}}")
    if steps:
        store.update(" ;\n".join(steps))


def _error(err: GraphStoreError) -> Response:
    return PlainTextResponse(err.message + "\n", status_code=err.status)


async def _read(request: Request, store: StoreDep, target: Target) -> Response:
    head = request.method == "HEAD"
    return await anyio.to_thread.run_sync(_read_response, request, store.oxigraph, target, head)


async def _put(request: Request, store: StoreDep, target: Target) -> Response:
    if target is None:
        raise GraphStoreError(400, "PUT needs a graph: ?graph=IRI, ?default, or a path under /store/")
    quads = await _payload(request, target, target.value if isinstance(target, ox.NamedNode) else None)
    existed = isinstance(target, ox.DefaultGraph) or store.oxigraph.contains_named_graph(target)
    await anyio.to_thread.run_sync(lambda: _write(store.oxigraph, target, quads, replace=True))
    return Response(status_code=204 if existed else 201)


async def _post(request: Request, store: StoreDep, target: Target, base: str) -> Response:
    kind, _ = media.media_type_of(request.headers.get("content-type"))
    if target is None and (kind in media.DATASET_TYPES and kind != "application/ld+json"):
        quads = await _payload(request, None, None)
        await anyio.to_thread.run_sync(lambda: _write(store.oxigraph, None, quads, replace=False))
        return Response(status_code=204)
    created = None
    if target is None:  # graph creation (§5.5): a new graph under /store/
        created = ox.NamedNode(f"{base}{PATH.lstrip('/')}/new/{uuid.uuid4()}")
        target = created
    quads = await _payload(request, target, target.value if isinstance(target, ox.NamedNode) else None)
    existed = isinstance(target, ox.DefaultGraph) or store.oxigraph.contains_named_graph(target)
    await anyio.to_thread.run_sync(lambda: _write(store.oxigraph, target, quads, replace=False))
    if created is not None:
        return Response(status_code=201, headers={"Location": created.value})
    return Response(status_code=204 if existed else 201)


async def _delete(store: StoreDep, target: Target) -> Response:
    if target is None:
        raise GraphStoreError(400, "DELETE needs a graph: ?graph=IRI, ?default, or a path under /store/")
    if not _exists(store.oxigraph, target):
        raise GraphStoreError(404, f"no graph {target}")
    query = f"DROP GRAPH {target}" if isinstance(target, ox.NamedNode) else "CLEAR DEFAULT"
    await anyio.to_thread.run_sync(lambda: store.oxigraph.update(query))
    return Response(status_code=204)


@router.get(PATH, summary="Read a graph (?graph=IRI, ?default) or the dataset")
@router.head(PATH, include_in_schema=False)
async def read_indirect(request: Request, store: StoreDep) -> Response:
    """A graph named by ``?graph=IRI`` or ``?default``; without either, the whole dataset."""
    try:
        return await _read(request, store, _indirect_target(request))
    except GraphStoreError as err:
        return _error(err)


@router.put(PATH, summary="Replace a graph (needs the token)")
async def put_indirect(request: Request, store: StoreDep, _: WriteAccess) -> Response:
    """Replace the graph with the body (201 if it is new, 204 if it existed)."""
    try:
        return await _put(request, store, _indirect_target(request))
    except GraphStoreError as err:
        return _error(err)


@router.post(PATH, summary="Add to a graph, or create one (needs the token)")
async def post_indirect(request: Request, store: StoreDep, base: PublicBase, _: WriteAccess) -> Response:
    """Merge the body into the graph; with no graph named, create a new one (``Location``)."""
    try:
        return await _post(request, store, _indirect_target(request), base)
    except GraphStoreError as err:
        return _error(err)


@router.delete(PATH, summary="Drop a graph (needs the token)")
async def delete_indirect(request: Request, store: StoreDep, _: WriteAccess) -> Response:
    """Drop the graph (404 if there is none)."""
    try:
        return await _delete(store, _indirect_target(request))
    except GraphStoreError as err:
        return _error(err)


@router.get(PATH + "/{path:path}", summary="Read a directly identified graph")
@router.head(PATH + "/{path:path}", include_in_schema=False)
async def read_direct(request: Request, store: StoreDep, base: PublicBase, path: str) -> Response:
    """The graph whose IRI is this URL."""
    try:
        return await _read(request, store, _direct_target(request, base))
    except GraphStoreError as err:
        return _error(err)


@router.put(PATH + "/{path:path}", summary="Replace a directly identified graph (needs the token)")
async def put_direct(
    request: Request, store: StoreDep, base: PublicBase, path: str, _: WriteAccess
) -> Response:
    """Replace the graph whose IRI is this URL."""
    try:
        return await _put(request, store, _direct_target(request, base))
    except GraphStoreError as err:
        return _error(err)


@router.post(PATH + "/{path:path}", summary="Add to a directly identified graph (needs the token)")
async def post_direct(
    request: Request, store: StoreDep, base: PublicBase, path: str, _: WriteAccess
) -> Response:
    """Merge the body into the graph whose IRI is this URL."""
    try:
        return await _post(request, store, _direct_target(request, base), base)
    except GraphStoreError as err:
        return _error(err)


@router.delete(PATH + "/{path:path}", summary="Drop a directly identified graph (needs the token)")
async def delete_direct(
    request: Request, store: StoreDep, base: PublicBase, path: str, _: WriteAccess
) -> Response:
    """Drop the graph whose IRI is this URL."""
    try:
        return await _delete(store, _direct_target(request, base))
    except GraphStoreError as err:
        return _error(err)

"""The SPARQL 1.1 Protocol endpoint, as a router any FastAPI app can mount.

    app.include_router(SparqlRouter(store, runner, update_token="…"))

Query by GET, by POST of a form, or by POST of the query itself; update by POST of a form
or of the update itself, only with the update token. The protocol's dataset parameters
(``default-graph-uri``, ``named-graph-uri``, ``using-graph-uri``, ``using-named-graph-uri``)
are honoured; a malformed request gets the 4xx the protocol asks for (400 for a bad
request, 405 for a bad method, 406 when no result format is acceptable, 415 for a body
that is neither a form nor SPARQL in UTF-8). GET without a query answers the service
description. Queries are evaluated by Oxigraph (see :mod:`api.execution`): past the
timeout they are answered 503, past the result cap 422, each with a plain-text reason.

A query that names no dataset (no FROM, no ``default-graph-uri``) sees the union of all
graphs as its default graph, since Hadath keeps everything in named graphs. An update's
WHERE sees the store's own default graph, as SPARQL Update defines it: reach the
document graphs with ``GRAPH ?g``, ``USING`` or ``using-graph-uri``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import anyio.to_thread
import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse, StreamingResponse

from api import deps, description, media, sparql_text
from api.execution import QueryAnswer, QueryError, QueryJob, QueryRunner

log = logging.getLogger("hadath.sparql")

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

_QUERY_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "the SPARQL query"},
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "a graph of the default graph (repeatable); replaces the query's FROM",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "a named graph of the dataset (repeatable); replaces FROM NAMED",
    },
]
_POST_BODY = {
    "requestBody": {
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "update": {"type": "string"},
                        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
            QUERY_TYPE: {"schema": {"type": "string"}},
            UPDATE_TYPE: {"schema": {"type": "string"}},
        }
    },
    "parameters": [
        *_QUERY_PARAMETERS[1:],
        {"name": "using-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {
            "name": "using-named-graph-uri",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string"}},
        },
    ],
}


class ProtocolError(Exception):
    """A request the protocol rejects; answered with ``status`` and ``message`` as plain text."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Params:
    """A request's protocol parameters: the URL's and, for a form, the body's, in order."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = items

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def one(self, name: str) -> str | None:
        """The single value of ``name``, or None; two values are an error (§2.1.1)."""
        values = self.all(name)
        if len(values) > 1:
            raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; give one")
        return values[0] if values else None

    def graphs(self, name: str) -> tuple[str, ...]:
        values = self.all(name)
        for value in values:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise ProtocolError(400, f"{name}: not an absolute IRI: {value!r}") from None
        return tuple(values)


def _text_body(body: bytes, charset: str | None, what: str) -> str:
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"{what} must be sent in UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"{what} is not valid UTF-8 ({err.reason} at byte {err.start})") from None


class SparqlRouter(APIRouter):
    """``GET``/``POST`` on ``path``: the SPARQL 1.1 query and update operations."""

    def __init__(
        self,
        store: ox.Store,
        runner: QueryRunner,
        *,
        update_token: str | None = None,
        base_iri: str | None = None,
        path: str = "/sparql",
    ) -> None:
        super().__init__(tags=["sparql"])
        self.store = store
        self.runner = runner
        self.update_token = update_token
        self.base_iri = base_iri
        self.path = path
        self.add_api_route(
            path,
            self.query_get,
            methods=["GET"],
            summary="SPARQL query (or, with no query, the service description)",
            openapi_extra={"parameters": _QUERY_PARAMETERS},
        )
        self.add_api_route(
            path,
            self.query_post,
            methods=["POST"],
            summary="SPARQL query or update (update needs the bearer token)",
            openapi_extra=_POST_BODY,
        )

    # -- routes --

    async def query_get(self, request: Request) -> Response:
        """Query by GET; without ``query``, the service description."""
        try:
            params = Params(list(request.query_params.multi_items()))
            if params.all("update"):
                raise ProtocolError(400, "an update must be sent by POST, not GET")
            query = params.one("query")
            if query is None:
                return self._service_description(request)
            return await self._query(request, query, params)
        except ProtocolError as err:
            return self._error(err)

    async def query_post(self, request: Request) -> Response:
        """Query or update by POST: a form, or the query or update as the body."""
        try:
            url_params = list(request.query_params.multi_items())
            content_type, type_params = media.media_type_of(request.headers.get("content-type"))
            body = await request.body()
            if content_type == FORM:
                text = _text_body(body, type_params.get("charset"), "the form")
                form = parse_qsl(text, keep_blank_values=True)
                params = Params(url_params + form)
                query, update = params.one("query"), params.one("update")
                if query is not None and update is not None:
                    raise ProtocolError(400, "the form has both 'query' and 'update'; send one")
                if query is not None:
                    return await self._query(request, query, params)
                if update is not None:
                    return await self._update(request, update, params)
                raise ProtocolError(400, "the form has neither a 'query' nor an 'update' parameter")
            if content_type in (QUERY_TYPE, UPDATE_TYPE):
                params = Params(url_params)
                if params.all("query") or params.all("update"):
                    raise ProtocolError(
                        400, f"a {content_type} body cannot come with a query/update parameter"
                    )
                what = "the query" if content_type == QUERY_TYPE else "the update"
                text = _text_body(body, type_params.get("charset"), what)
                if content_type == QUERY_TYPE:
                    return await self._query(request, text, params)
                return await self._update(request, text, params)
            if not content_type:
                raise ProtocolError(
                    400,
                    f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}",
                )
            raise ProtocolError(
                415, f"unsupported Content-Type {content_type!r}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
            )
        except ProtocolError as err:
            return self._error(err)

    # -- operations --

    def _base(self, request: Request) -> str:
        return self.base_iri or str(request.base_url)

    def endpoint(self, request: Request) -> str:
        """The endpoint's own IRI (the base IRI of queries and updates)."""
        return self._base(request) + self.path.lstrip("/")

    async def _query(self, request: Request, query: str, params: Params) -> Response:
        defaults, named = params.graphs("default-graph-uri"), params.graphs("named-graph-uri")
        job = QueryJob(
            query=query,
            accept=request.headers.get("accept"),
            format_name=params.one("format") or params.one("output"),
            default_graphs=defaults if defaults or named else None,
            named_graphs=named if defaults or named else None,
            base_iri=self.endpoint(request),
        )
        try:
            answer = await self.runner.run(job)
        except QueryError as err:
            raise ProtocolError(err.status, str(err)) from None
        return _response(answer)

    async def _update(self, request: Request, update: str, params: Params) -> Response:
        try:
            deps.check_bearer(request.headers.get("authorization"), self.update_token)
        except HTTPException as err:
            raise ProtocolError(err.status_code, str(err.detail), dict(err.headers or {})) from None
        using, using_named = params.graphs("using-graph-uri"), params.graphs("using-named-graph-uri")
        try:
            update = sparql_text.add_using(update, using, using_named)
        except ValueError as err:
            raise ProtocolError(400, str(err)) from None
        base = self.endpoint(request)
        try:
            await anyio.to_thread.run_sync(lambda: self.store.update(update, base_iri=base))
        except SyntaxError as err:
            raise ProtocolError(400, f"update syntax error: {err}") from None
        except (ValueError, OSError) as err:
            raise ProtocolError(500, f"update failed: {err}") from None
        return Response(status_code=204)

    def _service_description(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        if media.prefers_html(accept, list(description.DESCRIPTION_TYPES)):
            return RedirectResponse(self._base(request), status_code=303)  # a browser: the query page
        triples = description.service_description(
            self.endpoint(request), self._base(request), self.store, update=self.update_token is not None
        )
        return description.rdf_response(request, triples)

    @staticmethod
    def _error(err: ProtocolError) -> Response:
        if err.status >= 500:
            log.log(logging.ERROR if err.status == 500 else logging.WARNING, "SPARQL: %s", err.message)
        return PlainTextResponse(err.message + "\n", status_code=err.status, headers=err.headers)


def _response(answer: QueryAnswer) -> Response:
    headers = {"Vary": "Accept"}
    if answer.rest is None:
        return Response(b"".join(answer.head), media_type=answer.media_type, headers=headers)

    async def body(rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        for chunk in answer.head:
            yield chunk
        async for chunk in rest:
            yield chunk

    return StreamingResponse(body(answer.rest), media_type=answer.media_type, headers=headers)

"""The assembly: ``create_app`` builds the FastAPI application over a store; ``serve`` runs it.

/sparql             SPARQL 1.1 Protocol (query; update with the token) and service description
/store              SPARQL 1.1 Graph Store HTTP Protocol (writes with the token)
/id/…, /ontology    linked data: every minted IRI, as HTML, Turtle, JSON-LD, N-Triples
/documents          ingestion over HTTP (writes with the token)
/dumps/…            the dataset as gzipped N-Quads and TriG; one document's graph
/void               VoID description with counts per class and property
/                   the query page (YASGUI);  /docs  OpenAPI;  /health
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from api import description, documents, dumps, graph_store, linked_data, query_page
from api.execution import QueryRunner
from api.settings import Settings
from api.sparql import SparqlRouter
from kg import __version__
from kg.store import HadathStore

STATIC = Path(__file__).resolve().parent / "static"
access_log = logging.getLogger("hadath.access")


class AccessLog:
    """One line per request on the ``hadath.access`` logger: client, request, status, size, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        size = 0

        async def observe(message: MutableMapping[str, Any]) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            client = scope.get("client") or ("-", 0)
            target = scope.get("path", "")
            if scope.get("query_string"):
                target += "?" + scope["query_string"].decode("latin-1")
            access_log.info(
                '%s "%s %s HTTP/%s" %d %d %.1fms',
                client[0],
                scope.get("method", "-"),
                target,
                scope.get("http_version", "1.1"),
                status,
                size,
                (time.perf_counter() - started) * 1000,
            )


def create_app(settings: Settings | None = None, store: HadathStore | None = None) -> FastAPI:
    """The Hadath HTTP application over ``store`` (else the store ``settings.store`` names)."""
    settings = settings or Settings()
    owns_store = store is None
    store = store if store is not None else HadathStore(settings.store)
    runner = QueryRunner(
        store.oxigraph,
        timeout=settings.query_timeout,
        max_results=settings.max_results,
        workers=settings.query_workers,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()
        if owns_store:
            store.flush()

    app = FastAPI(
        title="Hadath",
        version=__version__,
        summary="Events reported by Arabic news, as a knowledge graph: SPARQL, graph store, linked data",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    app.include_router(
        SparqlRouter(store.oxigraph, runner, update_token=settings.token, base_iri=settings.base_iri)
    )
    app.include_router(graph_store.router)
    app.include_router(linked_data.router)
    app.include_router(documents.router)
    app.include_router(dumps.router)
    app.include_router(description.router)
    app.include_router(query_page.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/health", tags=["health"], summary="Is the server up?")
    @app.head("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        """``{"status": "ok"}`` while the server answers."""
        return {"status": "ok", "version": __version__}

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["Location", "Content-Disposition"],
        )
    if settings.access_log:
        app.add_middleware(AccessLog)
    return app


def serve(store_path: Path, host: str, port: int, **overrides: Any) -> None:
    """Run the server on ``store_path`` until interrupted (what ``kg serve`` calls)."""
    settings = Settings(store=store_path, **overrides)
    app = create_app(settings)
    hadath = logging.getLogger("hadath")
    if not hadath.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        hadath.addHandler(handler)
        hadath.setLevel(logging.INFO)
        hadath.propagate = False
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="info", timeout_graceful_shutdown=5)

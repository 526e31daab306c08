"""The HTTP face of Hadath: SPARQL endpoint, graph store, linked data, ingestion."""

from __future__ import annotations

from api.app import create_app, serve
from api.settings import Settings

__all__ = ["Settings", "create_app", "serve"]

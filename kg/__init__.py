"""Hadath: a knowledge graph of the events Arabic news reports.

The public API is :class:`KnowledgeGraph` and the records it returns::

    from kg import KnowledgeGraph

    graph = KnowledgeGraph("hadath-data")
    graph.ingest("examples/articles")
    for event in graph.events(type="Meeting", actor="Putin"):
        ...

They are imported on first use, so ``import kg`` (and the ``kg`` command) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kg.knowledge_graph import (
        EndpointError,
        EntityRecord,
        EntityRef,
        EventRecord,
        Evidence,
        KnowledgeGraph,
        KnowledgeGraphError,
        ReadOnlyError,
        RoleFiller,
    )
    from kg.ontology_model import ConsistencyReport
    from kg.pipeline import IngestReport

_EXPORTS = {
    "EndpointError": "kg.knowledge_graph",
    "EntityRecord": "kg.knowledge_graph",
    "EntityRef": "kg.knowledge_graph",
    "EventRecord": "kg.knowledge_graph",
    "Evidence": "kg.knowledge_graph",
    "KnowledgeGraph": "kg.knowledge_graph",
    "KnowledgeGraphError": "kg.knowledge_graph",
    "ReadOnlyError": "kg.knowledge_graph",
    "RoleFiller": "kg.knowledge_graph",
    "ConsistencyReport": "kg.ontology_model",
    "IngestReport": "kg.pipeline",
}

__all__ = [
    "ConsistencyReport",
    "EndpointError",
    "EntityRecord",
    "EntityRef",
    "EventRecord",
    "Evidence",
    "IngestReport",
    "KnowledgeGraph",
    "KnowledgeGraphError",
    "ReadOnlyError",
    "RoleFiller",
    "__version__",
]


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        """Import a public name from its module the first time it is asked for (PEP 562)."""
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'kg' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

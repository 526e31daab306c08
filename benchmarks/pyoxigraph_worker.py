"""pyoxigraph in-process, in a process of its own: the floor of ``query.py``.

    python benchmarks/pyoxigraph_worker.py STORE_DIR

Reads one JSON request a line on stdin, answers one JSON line on stdout:

    {"op": "ask", "query": "..."}
        → {"seconds": s, "status": 200, "rows": n, "bytes": b}
    {"op": "concurrent", "query": "...", "clients": 8, "seconds": 1.5}
        → {"clients": 8, "requests": n, "requests_per_s": r, "median_s": m, ...}

The time is taken here, around ``Store.query`` and the serialisation of its result to the
bytes a server would send (SPARQL JSON results, or N-Triples): no pipe in it. It lives in
its own process only so that ``query.py`` can give up on a query: pyoxigraph cannot cancel
one, but a process can be killed.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import time
from typing import Any

import common
import pyoxigraph as ox

_FROM = re.compile(r"^\s*FROM\s+(?:NAMED\s+)?<", re.IGNORECASE | re.MULTILINE)


def run(store: ox.Store, query: str) -> tuple[float, bytes, Any]:
    """Evaluate and serialise; the seconds it took, the bytes, and the result kind."""
    options: dict[str, Any] = {} if _FROM.search(query) else {"use_default_graph_as_union": True}
    started = time.perf_counter()
    result = store.query(query, **options)
    if isinstance(result, ox.QueryTriples):
        body = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
    else:
        body = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    return time.perf_counter() - started, body, type(result)


def rows(body: bytes, kind: Any) -> int | None:
    """Rows of JSON results, or N-Triples lines."""
    if kind is ox.QueryTriples:
        return sum(1 for line in body.splitlines() if line.strip())
    data = json.loads(body)
    return 1 if "boolean" in data else len(data["results"]["bindings"])


def ask(store: ox.Store, query: str) -> dict[str, Any]:
    try:
        seconds, body, kind = run(store, query)
    except (SyntaxError, ValueError, OSError) as err:
        return {"seconds": 0.0, "status": f"error: {err}", "rows": None, "bytes": 0}
    return {"seconds": seconds, "status": 200, "rows": rows(body, kind), "bytes": len(body)}


def concurrent(store: ox.Store, query: str, clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` threads evaluating ``query`` in this process until ``seconds`` pass."""

    def ask() -> common.Outcome:
        return run(store, query)[0], None, False

    return common.drive_clients(clients, seconds, lambda: contextlib.nullcontext(ask))


def main() -> int:
    store = ox.Store.read_only(sys.argv[1])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "ask":
            answer = ask(store, request["query"])
        else:
            answer = concurrent(store, request["query"], request["clients"], request["seconds"])
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

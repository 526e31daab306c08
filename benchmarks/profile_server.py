"""Where ``kg serve`` spends a query's time, layer by layer, and a sampled profile under load.

    .venv/bin/python benchmarks/profile_server.py [--articles 10000] [--py-spy-seconds 8]

Uses the store ``query.py`` built for ``--articles`` (run that first). For a few queries it
times, interleaved, each layer a request goes through:

1. pyoxigraph: ``Store.query`` + its own JSON/N-Triples serialiser (the floor);
2. the same rows written by ``api.results`` (Python, row by row), and the two lexical scans
   of the query text the server makes on every request (``api.sparql_text``);
3. ``api.execution.QueryRunner.run`` (worker thread, channel to the event loop);
4. the whole FastAPI app through httpx's ASGI transport, access log on (the default) and off,
   and ``/health`` through the same stack (the framework's own floor);
5. HTTP on the loopback: ``kg serve`` and ``oxigraph serve``.

Then it profiles: cProfile over the ASGI app (the event-loop side only), and py-spy
(``record --gil --threads``: where the GIL is held, i.e. what Python code the server runs)
of a ``kg serve`` process under 8 concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import io
import logging
import os
import pstats
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import common
import httpx
import pyoxigraph as ox
import query as bench

PROFILED = [
    "ASK {} (HTTP floor)",
    "a1-point-lookup",
    "a6-one-document-construct",
    "03-what-one-person-said",
    "a5-quotes-mentioning-houthis",
]


def _timed(samples: dict[str, list[float]], name: str, started: float) -> None:
    samples.setdefault(name, []).append(time.perf_counter() - started)


async def layers(store_path: Path, queries: list[bench.Query], reps: int) -> dict[str, Any]:
    """Median seconds per layer and query (see the module docstring)."""
    from api import results as api_results
    from api import sparql_text
    from api.app import create_app
    from api.execution import QueryJob, QueryRunner
    from api.media import ResultFormat
    from api.settings import Settings
    from kg.store import HadathStore

    logging.getLogger("hadath").handlers[:] = [logging.NullHandler()]
    logging.getLogger("hadath").propagate = False
    store = HadathStore(store_path, read_only=True)
    runner = QueryRunner(store.oxigraph, timeout=30, max_results=100_000, workers=4)
    apps = {
        "ASGI app, access log on": create_app(Settings(store=store_path, access_log=True), store=store),
        "ASGI app, access log off": create_app(Settings(store=store_path, access_log=False), store=store),
    }
    clients = {
        name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")
        for name, app in apps.items()
    }
    out: dict[str, Any] = {}
    for query in queries:
        samples: dict[str, list[float]] = {}
        union = {"use_default_graph_as_union": True}
        for _ in range(reps):
            t = time.perf_counter()
            result = store.oxigraph.query(query.text, **union)
            if isinstance(result, ox.QueryTriples):
                ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
            else:
                result.serialize(format=ox.QueryResultsFormat.JSON)
            _timed(samples, "1. pyoxigraph query + native serialiser", t)

            if query.form == "SELECT":
                t = time.perf_counter()
                result = store.oxigraph.query(query.text, **union)
                buffer = io.BytesIO()
                api_results.write_solutions(
                    result, result.variables, ResultFormat.JSON, buffer, lambda n: None
                )
                _timed(samples, "2a. pyoxigraph query + api.results (Python rows)", t)
            t = time.perf_counter()
            sparql_text.has_dataset_clause(query.text)
            sparql_text.star_variable_order(query.text)
            _timed(samples, "2b. api.sparql_text scans of the query text", t)

            t = time.perf_counter()
            answer = await runner.run(
                QueryJob(query=query.text, accept=query.accept, base_iri="http://bench/sparql")
            )
            body = b"".join(answer.head)
            if answer.rest is not None:
                async for chunk in answer.rest:
                    body += chunk
            _timed(samples, "3. QueryRunner.run (worker thread + channel)", t)

            for name, client in clients.items():
                t = time.perf_counter()
                response = await client.post(
                    "/sparql",
                    content=query.text.encode(),
                    headers={"content-type": "application/sparql-query", "accept": query.accept},
                )
                response.read()
                _timed(samples, f"4. {name}", t)
            t = time.perf_counter()
            await clients["ASGI app, access log on"].get("/health")
            _timed(samples, "4c. ASGI app: GET /health (framework floor)", t)
        out[query.name] = {name: common.median(values) for name, values in samples.items()}
    for client in clients.values():
        await client.aclose()
    runner.close()
    return out


async def _profile_asgi(store_path: Path, query: bench.Query, requests: int) -> str:
    from api.app import create_app
    from api.settings import Settings
    from kg.store import HadathStore

    store = HadathStore(store_path, read_only=True)
    app = create_app(Settings(store=store_path, access_log=True), store=store)
    headers = {"content-type": "application/sparql-query", "accept": query.accept}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for _ in range(20):
            await client.post("/sparql", content=query.text.encode(), headers=headers)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            await client.post("/sparql", content=query.text.encode(), headers=headers)
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(25)
    return re.sub(r"/\S*/(site-packages|lib/python3\.\d+|main)/", "", text.getvalue())


def _interleaved(systems: list[Any], queries: list[bench.Query], reps: int, layer: str) -> dict[str, Any]:
    """Median seconds per query and system, the systems asked in turn, request by request."""
    out: dict[str, Any] = {}
    try:
        for system in systems:
            system.start()
        clients = {s.name: s.client(30) for s in systems}
        for query in queries:
            samples: dict[str, list[float]] = {s.name: [] for s in systems}
            for s in systems:
                s.ask(clients[s.name], query)  # warm-up
            for _ in range(reps):
                for s in systems:
                    samples[s.name].append(s.ask(clients[s.name], query).seconds)
            out[query.name] = {f"{layer}: {k}": common.median(v) for k, v in samples.items()}
    finally:
        for system in systems:
            system.stop()
    return out


def http_pair(stores: dict[str, Any], queries: list[bench.Query], reps: int) -> dict[str, Any]:
    """kg serve and oxigraph serve over HTTP, interleaved, for the same queries."""
    logs = common.WORK / "logs" / "profile"
    systems = bench.make_systems(stores, False, logs)
    return _interleaved(systems, queries, reps, "5. HTTP")


def py_spy(store_path: Path, query: bench.Query, seconds: float, clients: int) -> dict[str, Any]:
    """py-spy over a ``kg serve`` process while ``clients`` threads send ``query``."""
    port = common.free_port()
    raw = common.WORK / "logs" / "profile" / f"py-spy-{re.sub(r'[^a-z0-9]+', '-', query.name.lower())}.txt"
    raw.parent.mkdir(parents=True, exist_ok=True)
    command = [
        common.tool("py-spy"),
        "record",
        "--gil",
        "--nonblocking",
        "--format",
        "raw",
        "--threads",
        "--rate",
        "100",
        "-o",
        str(raw),
        "--",
        sys.executable,
        "-m",
        "kg.cli",
        "serve",
        "--store",
        str(store_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    log = (common.WORK / "logs" / "profile" / "py-spy-serve.log").open("ab")
    spy = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=common.CODE)
    server = bench.Server("kg serve (py-spy)", lambda p: [], "/sparql", raw)
    server.port = port
    common.wait_for(server.url + "?query=ASK%7B%7D", spy)
    result = bench.concurrent_run(server, query, clients, seconds, 30)
    # Stop the server (py-spy's child) so that py-spy writes its samples.
    tree = common._children()
    for pid in tree.get(spy.pid, []):
        subprocess.run(["kill", "-INT", str(pid)], check=False)
    spy.wait(60)
    log.close()
    summary = summarise_raw(raw)
    # With --gil only the thread holding the GIL is sampled: samples / (rate × time) is the
    # share of the run during which Python code (not Oxigraph) was running.
    summary["gil_held_share"] = summary.get("samples", 0) / (100 * (seconds + 1.0))
    return {"load": result, **summary}


def _bucket(frame: str) -> str:
    where = frame[frame.rfind("(") :]
    rules = [
        ("(api/execution", "api.execution (runner, worker threads)"),
        ("(api/results", "api.results (Python row serialisation)"),
        ("(api/sparql_text", "api.sparql_text (query text scans)"),
        ("(api/streaming", "api.streaming (channel to the event loop)"),
        ("(api/app", "api.app (access log middleware)"),
        ("(api/", "api, other"),
        ("(logging/", "logging (access log)"),
        ("(fastapi/", "fastapi"),
        ("(starlette/", "starlette"),
        ("pydantic", "pydantic"),
        ("(uvicorn/", "uvicorn"),
        ("(h11/", "h11 (HTTP parsing)"),
        ("(anyio/", "anyio"),
        ("(asyncio/", "asyncio (event loop)"),
        ("(selectors", "asyncio (event loop)"),
        ("(threading", "threading"),
        ("(queue", "threading"),
        ("(json/", "json (called by api.results)"),
        ("importlib", "start-up imports (before the load)"),
    ]
    for needle, name in rules:
        if needle in where:
            return name
    return "other: " + where.split(":")[0].rsplit("/", 2)[-1][:40]


_PYTHON_FRAME = re.compile(r"\((?:[^()]*\.py|<frozen [^>]+>):\d+\)$")
_IDLE = ("PyThread_acquire_lock_timed", "epoll_wait", "select_epoll_poll", "sem_clockwait", "sem_timedwait")
_GIL = ("take_gil", "drop_gil")


def summarise_raw(path: Path) -> dict[str, Any]:
    """Where the samples of py-spy's raw (collapsed) output go (with ``--gil``, every sample
    is busy: idle and GIL-waiting stacks only appear in ``--native`` profiles).

    A stack is idle when it waits on a lock or in epoll (a worker waiting for a job, the event
    loop waiting for a socket); waiting for the GIL is counted apart. A busy stack is charged to
    its innermost Python frame's package, and to "pyoxigraph native" when the frames below
    that are in pyoxigraph's extension (query evaluation, RocksDB, term conversion).
    """
    buckets: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    threads: collections.Counter[str] = collections.Counter()
    busy = idle = gil = 0
    if not path.is_file():
        return {"error": "py-spy wrote nothing"}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [f for f in stack.split(";") if not f.startswith(("process", "thread"))]
        if any(marker in frame for frame in frames for marker in _IDLE):
            idle += count
            continue
        if any(marker in frame for frame in frames for marker in _GIL):
            gil += count
            continue
        python = [i for i, f in enumerate(frames) if _PYTHON_FRAME.search(f)]
        inner = frames[python[-1]] if python else (frames[-1] if frames else "?")
        below = frames[python[-1] + 1 :] if python else frames
        native = any("pyoxigraph" in f for f in below)
        if any("importlib._bootstrap" in f for f in frames):
            bucket = "start-up imports (before the load)"
        elif native:
            bucket = "pyoxigraph native (evaluation, RocksDB, terms)"
        else:
            bucket = _bucket(inner)
        buckets[bucket] += count
        leaves[
            re.sub(r"/\S*/(site-packages|lib/python3\.\d+|main)/", "", inner)
            + (" → pyoxigraph" if native else "")
        ] += count
        threads["sparql worker threads" if "_work (api/execution" in stack else "event loop thread"] += count
        busy += count
    total = busy + idle + gil
    return {
        "samples": total,
        "busy_share": busy / total if total else 0,
        "idle_share": idle / total if total else 0,
        "gil_wait_share": gil / total if total else 0,
        "busy_by_bucket": {k: v / busy for k, v in buckets.most_common(16)} if busy else {},
        "busy_top_frames": {k: v / busy for k, v in leaves.most_common(15)} if busy else {},
        "busy_by_thread": {k: v / busy for k, v in threads.most_common()} if busy else {},
    }


def faster_stack(stores: dict[str, Any], queries: list[bench.Query], reps: int) -> dict[str, Any]:
    """kg serve's app under uvicorn with uvloop and httptools (``uvicorn[standard]``), if the two
    are installed in ``work/pydeps``, against ``kg serve`` as it is, interleaved."""
    deps = common.WORK / "pydeps"
    if not (deps / "uvloop").is_dir():
        return {}
    primary = stores["primary"]
    code = (
        "import sys, uvicorn; from pathlib import Path; from api.app import create_app; "
        "from api.settings import Settings; "
        "app = create_app(Settings(store=Path(sys.argv[1]))); "
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), loop='uvloop', http='httptools', "
        "access_log=False, log_level='warning')"
    )
    path = os.pathsep.join(p for p in (str(deps), os.environ.get("PYTHONPATH", "")) if p)
    env_prefix = ["env", f"PYTHONPATH={path}"]
    logs = common.WORK / "logs" / "profile"
    variant = bench.Server(
        "kg app on uvloop + httptools",
        lambda port: [*env_prefix, sys.executable, "-c", code, str(primary), str(port)],
        "/sparql",
        logs / "uvloop.log",
    )
    systems = [bench.make_systems(stores, False, logs)[1], variant]  # oxigraph serve, the variant
    return _interleaved(systems, queries, reps, "6. HTTP")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10000, help="which query store to use")
    parser.add_argument("--reps", type=int, default=30, help="requests per layer and query")
    parser.add_argument("--py-spy-seconds", type=float, default=15.0)
    parser.add_argument("--parts", default="layers,cprofile,py-spy", help="which parts to run (default all)")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    stores = bench.prepare_stores(args.articles)
    queries = [q for q in bench.load_queries() if q.name in PROFILED]
    earlier = common.load_results("profile") or {}
    results: dict[str, Any] = {**earlier, "machine": common.machine(), "articles": args.articles}
    if "layers" in parts:
        common.log(f"profile: layers on {args.articles} articles")
        table = asyncio.run(layers(stores["primary"], queries, args.reps))
        common.log("profile: HTTP kg serve vs oxigraph serve")
        for name, values in http_pair(stores, queries, args.reps).items():
            table[name].update(values)
        common.log("profile: kg app on uvloop + httptools")
        for name, values in faster_stack(stores, queries, args.reps).items():
            table[name].update(values)
        results["layers_median_s"] = table
    if "cprofile" in parts:
        common.log("profile: cProfile of the ASGI app (a1-point-lookup)")
        point = next(q for q in queries if q.name == "a1-point-lookup")
        results["cprofile_asgi_point_lookup"] = asyncio.run(_profile_asgi(stores["primary"], point, 400))
        (common.WORK / "logs" / "profile" / "cprofile-asgi.txt").write_text(
            results["cprofile_asgi_point_lookup"], encoding="utf-8"
        )
    if "py-spy" in parts:
        spies = {}
        for name in ("a1-point-lookup", "a6-one-document-construct", "03-what-one-person-said"):
            common.log(f"profile: py-spy of kg serve under load ({name})")
            query = next(q for q in queries if q.name == name)
            spies[name] = py_spy(stores["primary"], query, args.py_spy_seconds, 8)
        results["py_spy"] = spies
    common.save_results("profile", results)
    table = results.get("layers_median_s", {})
    spies = results.get("py_spy", {})
    for query_name, values in table.items():
        print(f"\n{query_name}")
        for layer, seconds in sorted(values.items()):
            print(f"  {layer:<55} {seconds * 1000:8.3f} ms")
    for name, spy in spies.items():
        print(
            f"\npy-spy, kg serve under 8 clients, {name}: {spy.get('load', {}).get('requests_per_s', 0):.0f} req/s"
        )
        print(f"  GIL held {spy.get('gil_held_share', 0) * 100:.0f} % of the time; where:")
        for bucket, share in spy.get("busy_by_bucket", {}).items():
            print(f"  {share * 100:5.1f} %  {bucket}")
        print("  by thread:", {k: round(v * 100, 1) for k, v in spy.get("busy_by_thread", {}).items()})
        for leaf, share in list(spy.get("busy_top_frames", {}).items())[:10]:
            print(f"  {share * 100:5.1f} %  {leaf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Query latency and throughput: ``kg serve`` against pyoxigraph in-process, ``oxigraph serve``
and rdflib-endpoint, side by side on the same data.

    .venv/bin/python benchmarks/query.py [--scales 270,10000] [--rdflib-max 270]

Data: at each scale, the N-Quads of the real articles' store repeated with rewritten ids
(``load.replica_nquads``), bulk-loaded and compacted (``oxigraph optimize``) into two store folders: one for ``kg serve`` (which
opens it read-write) that pyoxigraph in-process and rdflib-endpoint over oxrdflib also open
read-only, one copy for ``oxigraph serve``. rdflib-endpoint's default store parses the
N-Quads into memory at start-up; both rdflib-endpoint servers run only at scales up to
``--rdflib-max`` (they take seconds to minutes per query beyond that).

Queries: ``examples/queries/*.rq``, the analyst queries in ``benchmarks/queries/*.rq`` and
``ASK {}`` (the floor of each HTTP stack). Every system answers with the union of the named
graphs as its default graph. SELECT and ASK are asked for SPARQL JSON results, CONSTRUCT for
N-Triples, all by ``POST`` of ``application/sparql-query``; in-process means
``Store.query`` plus serialising the result to the same bytes, timed inside a process of
its own (``pyoxigraph_worker.py``, which can be killed when a query runs past the timeout).

Per query: one warm-up request per system (its status, rows and bytes are checked against
in-process); then sequential requests round-robin across systems, so each round sees the
same machine, until each system has ``--reps`` samples or has spent ``--budget`` seconds
(at least ``--min-reps`` while under five times the budget; one for slower ones): median and p95; then ``--clients`` threads, each with its own
httpx client, send requests for ``--seconds`` seconds: requests/s. A request that times out
(``--timeout``) restarts that server and marks the query as timed out for it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import common
import httpx
import load
import pyoxigraph as ox

EXAMPLES = common.CODE / "examples" / "queries"
ANALYST = common.BENCH / "queries"
SELECT_ROWS_LIMIT = 1000  # the in-process target applies to SELECTs up to this many rows
_FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
_FROM = re.compile(r"^\s*FROM\s+(?:NAMED\s+)?<", re.IGNORECASE | re.MULTILINE)
TIMED_OUT = "timeout"


@dataclass(frozen=True)
class Query:
    """A benchmark query."""

    name: str
    text: str
    group: str  # "examples", "analyst" or "floor"

    @property
    def form(self) -> str:
        match = _FORM.search(re.sub(r"#[^\n]*", "", self.text))
        return match.group(1).upper() if match else "SELECT"

    @property
    def accept(self) -> str:
        return (
            "application/n-triples"
            if self.form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )


def load_queries() -> list[Query]:
    """The floor query, the examples and the analyst queries, in that order."""
    queries = [Query("ASK {} (HTTP floor)", "ASK {}", "floor")]
    queries += [
        Query(p.stem, p.read_text(encoding="utf-8"), "examples") for p in sorted(EXAMPLES.glob("*.rq"))
    ]
    queries += [Query(p.stem, p.read_text(encoding="utf-8"), "analyst") for p in sorted(ANALYST.glob("*.rq"))]
    return queries


def count_rows(body: bytes, query: Query) -> int | None:
    """Rows of a JSON results document, or lines of N-Triples; None when unreadable."""
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return sum(1 for line in body.splitlines() if line.strip())
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if "boolean" in data:
        return 1
    return len(data.get("results", {}).get("bindings", []))


@dataclass
class Answer:
    """One timed request; ``rows`` and ``size`` when the body is not kept."""

    seconds: float
    status: int | str
    body: bytes = b""
    rows: int | None = None
    size: int | None = None


# -- systems -----------------------------------------------------------------------------


class InProcess:
    """pyoxigraph "in-process": query and serialisation timed inside a worker process of its
    own (``pyoxigraph_worker.py``), so that a query past the timeout can be abandoned."""

    name = "pyoxigraph in-process"
    blocking = False

    def __init__(self, store_path: Path, timeout: float) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self.startup_s = 0.0
        self.restarts = 0
        self.process: subprocess.Popen[str] | None = None
        self.answers: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(common.BENCH / "pyoxigraph_worker.py"), str(self.store_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.answers = queue.SimpleQueue()
        answers, stdout = self.answers, self.process.stdout

        def read() -> None:
            for line in stdout or ():
                answers.put(line)

        threading.Thread(target=read, daemon=True).start()
        self.answers.get(timeout=60)  # {"ready": true}

    def _call(self, request: dict[str, Any], timeout: float) -> dict[str, Any] | None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        try:
            answer: dict[str, Any] = json.loads(self.answers.get(timeout=timeout))
            return answer
        except queue.Empty:
            self.stop()
            self.restarts += 1
            self.start()
            return None

    def client(self, timeout: float) -> None:
        return None

    def ask(self, _client: None, query: Query) -> Answer:
        answer = self._call({"op": "ask", "query": query.text}, self.timeout)
        if answer is None:
            return Answer(self.timeout, TIMED_OUT)
        return Answer(answer["seconds"], answer["status"], rows=answer["rows"], size=answer["bytes"])

    def concurrent(self, query: Query, clients: int, seconds: float) -> dict[str, Any]:
        request = {"op": "concurrent", "query": query.text, "clients": clients, "seconds": seconds}
        answer = self._call(request, seconds + 2 * self.timeout)
        if answer is None:
            return {
                "clients": clients,
                "requests": 0,
                "failures": 1,
                "failure_kinds": [TIMED_OUT],
                "elapsed_s": 0.0,
                "requests_per_s": 0.0,
                "median_s": None,
            }
        return answer

    def cpu_seconds(self) -> float | None:
        return None

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class Server:
    """A SPARQL server in a subprocess, asked over HTTP on the loopback."""

    blocking = False

    def __init__(self, name: str, command: Callable[[int], list[str]], path: str, log: Path) -> None:
        self.name = name
        self.command = command
        self.path = path
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.startup_s = 0.0
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def start(self) -> None:
        self.port = common.free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(
                self.command(self.port), stdout=handle, stderr=subprocess.STDOUT, cwd=common.CODE
            )
        ask = self.url + "?query=ASK%7B%7D"
        self.startup_s = common.wait_for(ask, self.process)

    def restart(self) -> None:
        self.stop()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def client(self, timeout: float) -> httpx.Client:
        return httpx.Client(timeout=timeout, limits=httpx.Limits(max_keepalive_connections=1))

    def ask(self, client: httpx.Client, query: Query) -> Answer:
        headers = {"content-type": "application/sparql-query", "accept": query.accept}
        started = time.perf_counter()
        try:
            response = client.post(self.url, content=query.text.encode("utf-8"), headers=headers)
        except httpx.TimeoutException:
            return Answer(time.perf_counter() - started, TIMED_OUT)
        except httpx.HTTPError as err:
            return Answer(time.perf_counter() - started, f"error: {type(err).__name__}: {err}")
        return Answer(time.perf_counter() - started, response.status_code, response.content)

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used so far."""
        if self.process is None:
            return None
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None


# -- stores ------------------------------------------------------------------------------


def prepare_stores(articles: int) -> dict[str, Any]:
    """Two store folders holding the replicated data for ``articles`` (remade if stale)."""
    nquads, quads = load.replica_nquads(articles)
    primary = common.STORES / f"query-{articles}"
    copy = common.STORES / f"query-{articles}-copy"
    marker = primary / "bench-source.json"
    source = {"file": nquads.name, "bytes": nquads.stat().st_size, "mtime": nquads.stat().st_mtime}
    built: dict[str, Any] = {"built_now": False}
    if not (marker.is_file() and json.loads(marker.read_text()) == source and copy.is_dir()):
        common.clear(primary)
        common.clear(copy)
        common.log(f"bulk-loading {nquads.name} ({quads:,} quads) into {primary.name}")
        started = time.perf_counter()
        subprocess.run(
            [common.tool("oxigraph"), "load", "--location", str(primary), "--file", str(nquads)],
            check=True,
            capture_output=True,
        )
        built = {"built_now": True, "load_s": time.perf_counter() - started}
        # Compact once now: a bulk-loaded store is otherwise compacted by whichever server opens
        # it read-write, in the background, while it is being measured, and a read-only reader
        # keeps the uncompacted files it opened.
        started = time.perf_counter()
        subprocess.run(
            [common.tool("oxigraph"), "optimize", "--location", str(primary)], check=True, capture_output=True
        )
        built["optimize_s"] = time.perf_counter() - started
        started = time.perf_counter()
        shutil.copytree(primary, copy)
        built["copy_s"] = time.perf_counter() - started
        marker.write_text(json.dumps(source))
    stored = len(ox.Store.read_only(str(primary)))
    return {
        "nquads": nquads,
        "primary": primary,
        "copy": copy,
        "quads": stored,
        "store_mb": common.dir_size_mb(primary),
        **built,
    }


def make_systems(stores: dict[str, Any], with_rdflib: bool, logs: Path) -> list[Any]:
    """Every system to compare at this scale, servers not yet started."""
    primary, copy, nquads = stores["primary"], stores["copy"], stores["nquads"]
    systems: list[Any] = [
        Server(
            "kg serve",
            lambda port: [
                common.tool("kg"),
                "serve",
                "--store",
                str(primary),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            "/sparql",
            logs / "kg-serve.log",
        ),
        Server(
            "oxigraph serve",
            lambda port: [
                common.tool("oxigraph"),
                "serve",
                "--location",
                str(copy),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            "/query",
            logs / "oxigraph-serve.log",
        ),
    ]
    if with_rdflib:
        server = common.BENCH / "rdflib_server.py"
        default = Server(
            "rdflib-endpoint (default store)",
            lambda port: [sys.executable, str(server), "--nquads", str(nquads), "--port", str(port)],
            "/sparql",
            logs / "rdflib-default.log",
        )
        oxigraph = Server(
            "rdflib-endpoint (Oxigraph store)",
            lambda port: [sys.executable, str(server), "--oxigraph", str(primary), "--port", str(port)],
            "/sparql",
            logs / "rdflib-oxigraph.log",
        )
        default.blocking = oxigraph.blocking = True  # evaluates in the event loop: one query at a time
        systems += [default, oxigraph]
    return systems


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Measure:
    """What one system did with one query."""

    status: int | str = 0
    rows: int | None = None
    bytes: int = 0
    first_s: float = 0.0
    samples: list[float] = field(default_factory=list)
    server_cpu_s: float | None = None
    concurrent: dict[str, Any] | None = None
    note: str = ""

    def summary(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "rows": self.rows,
            "bytes": self.bytes,
            "first_s": self.first_s,
            "n": len(self.samples),
            "median_s": common.median(self.samples) if self.samples else None,
            "p95_s": common.percentile(self.samples, 95) if self.samples else None,
            "server_cpu_ms_per_request": (
                self.server_cpu_s / len(self.samples) * 1000
                if self.server_cpu_s is not None and self.samples
                else None
            ),
            "concurrent": self.concurrent,
            "note": self.note,
        }


def concurrent_run(system: Any, query: Query, clients: int, seconds: float, timeout: float) -> dict[str, Any]:
    """``clients`` threads, each with its own client, asking ``query`` until ``seconds`` pass."""

    @contextlib.contextmanager
    def session() -> Iterator[Callable[[], common.Outcome]]:
        client = system.client(timeout)

        def ask() -> common.Outcome:
            answer = system.ask(client, query)
            if answer.status == 200:
                return answer.seconds, None, False
            return None, str(answer.status), answer.status == TIMED_OUT

        try:
            yield ask
        finally:
            if client is not None:
                client.close()

    return common.drive_clients(clients, seconds, session)


def measure_query(
    systems: list[Any], clients: dict[str, Any], query: Query, args: argparse.Namespace
) -> dict[str, Any]:
    """Warm-up, sequential round-robin, then concurrency, for one query on every system."""
    measures = {s.name: Measure() for s in systems}
    live = []
    for system in systems:
        measure = measures[system.name]
        answer = system.ask(clients[system.name], query)
        measure.first_s = answer.seconds
        measure.status = answer.status
        measure.bytes = answer.size if answer.size is not None else len(answer.body)
        if answer.status == 200:
            measure.rows = answer.rows if answer.rows is not None else count_rows(answer.body, query)
            live.append(system)
        else:
            measure.note = answer.body[:200].decode("utf-8", "replace").strip() if answer.body else ""
            if _stuck(answer) and isinstance(system, Server):
                common.log(f"    {system.name}: {answer.status}; restarting it")
                _restart(system, clients, args)

    cpu_before = {s.name: s.cpu_seconds() for s in live}
    spent = {s.name: 0.0 for s in live}
    for round_index in range(args.reps):
        order = live[round_index % len(live) :] + live[: round_index % len(live)] if live else []
        active = [
            s
            for s in order
            if not measures[s.name].samples
            or spent[s.name] < args.budget
            or (len(measures[s.name].samples) < args.min_reps and spent[s.name] < 5 * args.budget)
        ]
        if not active:
            break
        for system in active:
            answer = system.ask(clients[system.name], query)
            spent[system.name] += answer.seconds
            if answer.status == 200:
                measures[system.name].samples.append(answer.seconds)
            elif _stuck(answer):
                measures[system.name].note = f"{answer.status} during the sequential runs"
                if isinstance(system, Server):
                    _restart(system, clients, args)
                live.remove(system)
                break
    for system in live:
        after, before = system.cpu_seconds(), cpu_before.get(system.name)
        if after is not None and before is not None:
            measures[system.name].server_cpu_s = after - before

    for system in live:
        measure = measures[system.name]
        median = common.median(measure.samples) if measure.samples else float("inf")
        limit = args.blocking_concurrency_limit if system.blocking else args.concurrency_limit
        if median > limit:
            measure.note = measure.note or f"no concurrency run: sequential median over {limit:g} s"
            continue
        if isinstance(system, InProcess):
            measure.concurrent = system.concurrent(query, args.clients, args.seconds)
            continue
        measure.concurrent = concurrent_run(system, query, args.clients, args.seconds, args.timeout)
        kinds = measure.concurrent["failure_kinds"]
        if (TIMED_OUT in kinds or "503" in kinds) and isinstance(system, Server):
            _restart(system, clients, args)
    return {name: m.summary() for name, m in measures.items()}


def _stuck(answer: Answer) -> bool:
    """A timeout, or the server's own 503 for one: the query may still be running in it."""
    return answer.status in (TIMED_OUT, 503)


def _restart(system: Server, clients: dict[str, Any], args: argparse.Namespace) -> None:
    """Restart a server that may still be evaluating an abandoned query (it would eat a core)."""
    system.restart()
    clients[system.name].close()
    clients[system.name] = system.client(args.timeout)


def run_scale(articles: int, queries: list[Query], args: argparse.Namespace) -> dict[str, Any]:
    """Every system, every query, at one scale."""
    stores = prepare_stores(articles)
    logs = common.WORK / "logs" / f"query-{articles}"
    common.clear(logs)
    systems = make_systems(stores, articles <= args.rdflib_max, logs)
    started: list[Any] = []
    floor: InProcess | None = None
    try:
        for system in systems:
            common.log(f"starting {system.name}")
            system.start()
            started.append(system)
            common.log(f"  ready in {system.startup_s:.1f} s")
        floor = InProcess(stores["primary"], args.timeout)
        everyone = [floor, *systems]
        clients = {s.name: s.client(args.timeout) for s in everyone}
        results: dict[str, Any] = {}
        for query in queries:
            results[query.name] = {"group": query.group, "form": query.form, "systems": {}}
            results[query.name]["systems"] = measure_query(everyone, clients, query, args)
            line = ", ".join(
                f"{name.split(' (')[0] if 'rdflib' not in name else name}: "
                + (f"{r['median_s'] * 1000:.1f} ms" if r["median_s"] is not None else str(r["status"]))
                for name, r in results[query.name]["systems"].items()
            )
            common.log(f"  {articles} | {query.name}: {line}")
        for client in clients.values():
            if client is not None:
                client.close()
        restarts = {s.name: s.restarts for s in [floor, *systems]}
        startup = {s.name: s.startup_s for s in systems}
    finally:
        if floor is not None:
            floor.stop()
        for system in started:
            system.stop()
    return {
        "articles": articles,
        "quads": stores["quads"],
        "store_mb": stores["store_mb"],
        "nquads_file": stores["nquads"].name,
        "store_built_now": stores.get("built_now", False),
        "store_load_s": stores.get("load_s"),
        "systems": [s.name for s in everyone],
        "startup_s": startup,
        "restarts": restarts,
        "queries": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="270,10000", help="article counts (default 270,10000)")
    parser.add_argument("--rdflib-max", type=int, default=270, help="largest scale for rdflib-endpoint")
    parser.add_argument("--reps", type=int, default=20, help="sequential requests per system and query")
    parser.add_argument("--min-reps", type=int, default=3, help="sequential requests at least")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds of sequential requests per system")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=1.5, help="duration of each concurrency run")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request is given up")
    parser.add_argument(
        "--concurrency-limit", type=float, default=5.0, help="skip concurrency above this median"
    )
    parser.add_argument(
        "--blocking-concurrency-limit",
        type=float,
        default=0.5,
        help="the same for servers that answer one query at a time (rdflib-endpoint)",
    )
    parser.add_argument("--only", help="regex: run only the queries whose name matches")
    parser.add_argument("--output", default="query", help="results name (work/results/NAME.json)")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite RESULTS.md")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s]
    queries = load_queries()
    if args.only:
        queries = [q for q in queries if re.search(args.only, q.name)]
    machine = common.machine()
    started = time.perf_counter()
    results: dict[str, Any] = {
        "machine": machine,
        "settings": {k: v for k, v in vars(args).items() if k not in ("no_report", "output")},
        "queries": {q.name: {"group": q.group, "form": q.form, "text": q.text} for q in queries},
        "scales": [],
    }
    for articles in scales:
        common.log(f"query: {articles} articles")
        results["scales"].append(run_scale(articles, queries, args))
        common.save_results(args.output, results)
    results["wall_s"] = time.perf_counter() - started
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    path = common.save_results(args.output, results)
    common.log(f"results: {path}")
    if not args.no_report:
        import report

        report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())

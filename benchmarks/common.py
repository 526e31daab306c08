"""What the benchmark scripts share: paths, machine facts, statistics, memory sampling,
replication of the articles and of a store's N-Quads, and the results files.

Results go to ``benchmarks/work/results/<name>.json`` (git-ignored); ``report.py`` turns
them into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
WORK = BENCH / "work"
RESULTS_DIR = WORK / "results"
STORES = WORK / "stores"
DATA = WORK / "data"
NEWS = Path(os.environ.get("HADATH_BENCH_NEWS") or REPO.parent / "shared" / "data" / "news")
# The code under test: the work tree, or the snapshot of it that run_all.py takes (others
# commit while a suite runs; the snapshot keeps one version for the whole run).
CODE = Path(os.environ.get("HADATH_BENCH_CODE") or REPO)
BIN = Path(sys.executable).parent  # the virtualenv's scripts: kg, oxigraph, py-spy

DATA_IRI = "https://w3id.org/hadath/id/"
_PAGE = os.sysconf("SC_PAGE_SIZE")


# -- commands ----------------------------------------------------------------------------


def tool(name: str) -> str:
    """The path of a console script of this virtualenv (else from PATH)."""
    local = BIN / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"benchmarks: {name!r} not found; install the bench packages (see README)")
    return found


def log(message: str) -> None:
    """Progress on stderr, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- machine and statistics --------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict[str, Any]:
    """Facts about this machine and this checkout, for the results file."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    dirty = [line for line in _git("status", "--porcelain").splitlines() if line.strip()]
    commit = _git("rev-parse", "HEAD").strip() or "unknown"
    code = "the work tree"
    if os.environ.get("HADATH_BENCH_CODE"):
        commit = os.environ.get("HADATH_BENCH_COMMIT", commit)
        dirty = ["?"] * int(os.environ.get("HADATH_BENCH_DIRTY", "0"))
        code = f"a snapshot of the work tree taken at {os.environ.get('HADATH_BENCH_TAKEN', '?')}"
    versions = {}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "oxrdflib", "rdflib-endpoint", "fastapi", "uvicorn"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = "-"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "dirty_files": len(dirty),
        "code": code,
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "versions": versions,
    }


def median(values: Sequence[float]) -> float:
    """The median (NaN for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile by the nearest-rank method (the largest value for few samples)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def snapshot_code() -> dict[str, str]:
    """Copy the code under test (kg, api, ontology, examples) to ``work/code``; the environment
    variables that make every later process (``kg`` included) import it from there."""
    target = clear(WORK / "code")
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("kg", "api", "ontology", "examples"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name, ignore=ignore)
    # Data the code finds beside the checkout (camel-tools' database): linked, not copied.
    for name in (".camel-data",):
        if (REPO / name).exists():
            (target / name).symlink_to(REPO / name)
    dirty = [
        line
        for line in _git("status", "--porcelain", "--", "kg", "api", "ontology", "examples").splitlines()
        if line.strip()
    ]
    path = os.environ.get("PYTHONPATH")
    return {
        "HADATH_BENCH_CODE": str(target),
        "HADATH_BENCH_COMMIT": _git("rev-parse", "HEAD").strip() or "unknown",
        "HADATH_BENCH_DIRTY": str(len(dirty)),
        "HADATH_BENCH_TAKEN": dt.datetime.now(dt.UTC).strftime("%H:%M UTC"),
        "PYTHONPATH": str(target) + (os.pathsep + path if path else ""),
    }


# -- memory ------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="utf-8") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeMemory:
    """Samples the resident memory of a process and all its descendants until stopped.

    ``peak_total`` is the largest sum over the tree (what the machine had to give),
    ``peak_single`` the largest single process.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_total = 0
        self.peak_single = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.perf_counter()

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, []))
            sizes = [_rss(p) for p in pids]
            total = sum(sizes)
            self.peak_total = max(self.peak_total, total)
            self.peak_single = max(self.peak_single, max(sizes, default=0))
            self.samples.append((time.perf_counter() - self._started, total))
            self._stop.wait(self.interval)


def run_measured(command: Sequence[str], **kwargs: Any) -> dict[str, Any]:
    """Run ``command`` to its end; wall time, CPU time, peak memory (tree sum and largest process)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    with TreeMemory(process.pid) as memory:
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = process.stdout.read() if process.stdout else b""
    stderr = process.stderr.read() if process.stderr else b""
    return {
        "command": list(command),
        "returncode": process.returncode,
        "wall_s": wall,
        # wait4's usage covers the child and the descendants it waited for (pool workers).
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss_single_mb": usage.ru_maxrss / 1024,
        "peak_tree_mb": memory.peak_total / 2**20,
        "memory_samples": memory.samples[:: max(1, len(memory.samples) // 50)],
        "stdout": stdout.decode("utf-8", "replace") if isinstance(stdout, bytes) else stdout,
        "stderr": stderr.decode("utf-8", "replace")[-4000:] if isinstance(stderr, bytes) else stderr,
    }


# -- servers -----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on the loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[Any], timeout: float = 600.0) -> float:
    """Wait until ``url`` answers (any HTTP status); seconds waited. Raises if the process died."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return time.perf_counter() - started
        except urllib.error.HTTPError:
            return time.perf_counter() - started
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


# -- articles ----------------------------------------------------------------------------


def source_records() -> list[dict[str, Any]]:
    """The real articles: every JSON-lines record under ``NEWS``, in file order."""
    records: list[dict[str, Any]] = []
    for path in sorted(NEWS.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    if not records:
        raise SystemExit(f"benchmarks: no .jsonl articles under {NEWS}")
    return records


def words(text: str) -> int:
    """Whitespace-separated words."""
    return len(text.split())


def replicate_articles(records: Sequence[dict[str, Any]], count: int, output: Path) -> dict[str, int]:
    """Write ``count`` articles to ``output``: the records in turn, copy k > 0 with id ``ID-rK``.

    The text is unchanged, so later copies find the extractor's word caches warm.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    total_words = 0
    with output.open("w", encoding="utf-8") as handle:
        for i in range(count):
            record = dict(records[i % len(records)])
            copy = i // len(records)
            if copy:
                record["id"] = f"{record['id']}-r{copy}"
            total_words += words(record["text"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"articles": count, "words": total_words, "bytes": output.stat().st_size}


# -- N-Quads replication -----------------------------------------------------------------

_DOC_IRI = re.compile(r"(<" + re.escape(DATA_IRI) + r"(?:document|graph|event)/)([^/>#]+)")
_IDENTIFIER = re.compile(r'(<http://purl\.org/dc/terms/identifier> "[^"]+)(")')
_MARK = "\x00COPY\x00"


@dataclass
class NQuadsReplica:
    """A store's N-Quads split into what every copy repeats (document graphs, with the
    document id marked in every IRI and in ``dcterms:identifier``) and what all copies share
    (the entities and ontology graphs, written once)."""

    shared: str
    template: str
    documents: int
    quads_per_copy: int

    @classmethod
    def from_file(cls, path: Path) -> NQuadsReplica:
        shared: list[str] = []
        per_copy: list[str] = []
        graphs: set[str] = set()
        graph_prefix = f"<{DATA_IRI}graph/"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                where = line.rfind(graph_prefix)
                if where < 0:
                    shared.append(line)
                    continue
                graphs.add(line[where:])
                line = _DOC_IRI.sub(lambda m: m.group(1) + m.group(2) + _MARK, line)
                per_copy.append(_IDENTIFIER.sub(lambda m: m.group(1) + _MARK + m.group(2), line))
        return cls("".join(shared), "".join(per_copy), len(graphs), len(per_copy))

    def copy(self, k: int) -> str:
        """Copy ``k``: copy 0 keeps the original ids, copy k > 0 appends ``-cK`` to each."""
        return self.template.replace(_MARK, f"-c{k}" if k else "")

    def chunks(self, copies: int) -> Iterator[bytes]:
        """The whole replicated dataset, one copy at a time."""
        yield self.shared.encode("utf-8")
        for k in range(copies):
            yield self.copy(k).encode("utf-8")

    def write(self, copies: int, output: Path) -> int:
        """Write ``copies`` copies to ``output``; the number of lines written."""
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("wb") as handle:
            for chunk in self.chunks(copies):
                handle.write(chunk)
        return self.shared.count("\n") + copies * self.quads_per_copy


class ChunkReader:
    """A binary file-like object over an iterator of byte chunks (for ``bulk_load``)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._buffer = b""
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        self.bytes_read += len(out)
        return out

    def readinto(self, target: bytearray | memoryview) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)


# -- results -----------------------------------------------------------------------------


def save_results(name: str, results: dict[str, Any]) -> Path:
    """Write one script's results as JSON."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def load_results(name: str) -> dict[str, Any] | None:
    """One script's last results, or None."""
    path = RESULTS_DIR / f"{name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def clear(path: Path) -> Path:
    """Remove ``path`` (file or folder) if it exists; return it."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def dir_size_mb(path: Path) -> float:
    """Bytes under ``path``, in MiB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# -- concurrent clients ------------------------------------------------------------------

# What one request came to: (seconds if it succeeded else None, failure label or None, stop?).
Outcome = tuple[float | None, str | None, bool]


def drive_clients(
    clients: int, seconds: float, session: Callable[[], AbstractContextManager[Callable[[], Outcome]]]
) -> dict[str, Any]:
    """``clients`` threads asking until ``seconds`` pass; each opens its own ``session`` (a
    client, say) and calls what it yields once per request. Requests/s over the time to the
    last success, and the median latency of the successes."""
    barrier = threading.Barrier(clients + 1)
    latencies: list[float] = []
    failures: list[str] = []
    finished: list[float] = []
    lock = threading.Lock()
    deadline = [0.0]

    def work() -> None:
        with session() as ask:
            barrier.wait()
            while time.perf_counter() < deadline[0]:
                took, failure, stop = ask()
                with lock:
                    if took is not None:
                        latencies.append(took)
                        finished.append(time.perf_counter())
                    if failure is not None:
                        failures.append(failure)
                if stop:
                    return

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = (max(finished) if finished else time.perf_counter()) - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "failures": len(failures),
        "failure_kinds": sorted(set(failures))[:3],
        "elapsed_s": elapsed,
        "requests_per_s": len(latencies) / elapsed if elapsed > 0 and latencies else 0.0,
        "median_s": median(latencies) if latencies else None,
    }

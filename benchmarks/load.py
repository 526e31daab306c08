"""Load throughput: N-Quads into a fresh Oxigraph store, by ``kg load`` (Oxigraph's bulk loader
behind the command line), by pyoxigraph's ``Store.bulk_load`` called directly and by the
``oxigraph load`` command, side by side.

    .venv/bin/python benchmarks/load.py [--sizes 270,10000] [--repeats 3,1]

The 270-article file is ``kg export --format nquads`` of the store ``kg ingest`` makes of the
real articles (made once, in ``work/stores/base``). Bigger sizes repeat its document graphs
with rewritten ids (see ``common.NQuadsReplica``): same shape, K times the triples. Each
method runs as its own process into an empty store folder, in turn, ``repeats`` times per
size; triples/s is quads in the file over the process's wall time (start-up included, about
0.3 s) and over the time the loader reports itself, where it does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import common

TARGET_TRIPLES_PER_S = 300_000
BASE_STORE = common.STORES / "base"
BASE_NQUADS = common.DATA / "base-270.nq"

_BULK = """
import json, sys, time, pyoxigraph as ox
store = ox.Store(sys.argv[2])
started = time.perf_counter()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
loaded = time.perf_counter() - started
print(json.dumps({"inner_s": loaded, "quads": len(store)}))
"""


def base_nquads() -> Path:
    """The real articles, ingested and exported as N-Quads (made once; delete to remake)."""
    if BASE_NQUADS.is_file():
        return BASE_NQUADS
    common.log("base store: kg ingest of the real articles (once)")
    common.clear(BASE_STORE)
    sources = sorted(str(p) for p in common.NEWS.rglob("*.jsonl"))
    ingest = common.run_measured(
        [common.tool("kg"), "ingest", *sources, "--store", str(BASE_STORE), "--quiet"], stdout=-1, stderr=-1
    )
    if ingest["returncode"] not in (0, 1):
        raise SystemExit(f"kg ingest failed: {ingest['stderr']}")
    export_nquads(BASE_STORE, BASE_NQUADS)
    return BASE_NQUADS


def export_nquads(store: Path, output: Path) -> dict[str, Any]:
    """``kg export --format nquads`` of ``store``, timed."""
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [common.tool("kg"), "export", "--store", str(store), "--format", "nquads", "-o", str(output)]
    result = common.run_measured(command, stdout=-1, stderr=-1)
    if result["returncode"] != 0:
        raise SystemExit(f"kg export failed: {result['stderr']}")
    return result


def replica_nquads(articles: int) -> tuple[Path, int]:
    """An N-Quads file of ``articles`` articles (a multiple of the base's), and its quad count."""
    base = base_nquads()
    replica = common.NQuadsReplica.from_file(base)
    if articles <= replica.documents:
        return base, sum(1 for _ in base.open("rb"))
    copies = round(articles / replica.documents)
    output = common.DATA / f"replica-{copies * replica.documents}.nq"
    if output.is_file():
        return output, replica.shared.count("\n") + copies * replica.quads_per_copy
    common.log(f"writing {output.name} ({copies} copies of {replica.documents} documents)")
    return output, replica.write(copies, output)


def load_methods(nquads: Path, store: Path) -> dict[str, list[str]]:
    """The commands that load ``nquads`` into the empty folder ``store``."""
    kg = [common.tool("kg"), "load", str(nquads), "--store", str(store)]
    return {
        "kg load": kg,
        "pyoxigraph Store.bulk_load": [sys.executable, "-c", _BULK, str(nquads), str(store)],
        "oxigraph load (CLI)": [
            common.tool("oxigraph"),
            "load",
            "--location",
            str(store),
            "--file",
            str(nquads),
        ],
    }


def run_size(articles: int, repeats: int) -> dict[str, Any]:
    """Every method ``repeats`` times, interleaved, on the file for ``articles`` articles."""
    nquads, quads = replica_nquads(articles)
    store = common.STORES / "load-target"
    runs: dict[str, list[dict[str, Any]]] = {}
    for _ in range(repeats):
        for name, command in load_methods(nquads, store).items():
            common.clear(store)
            result = common.run_measured(command, stdout=-1, stderr=-1)
            if result["returncode"] != 0:
                common.log(f"  {name} failed: {result['stderr'][-500:]}")
            inner = None
            if name.startswith("pyoxigraph"):
                try:
                    inner = json.loads(result["stdout"].strip().splitlines()[-1])["inner_s"]
                except (ValueError, IndexError, KeyError):
                    inner = None
            runs.setdefault(name, []).append(
                {
                    "wall_s": result["wall_s"],
                    "inner_s": inner,
                    "cpu_s": result["cpu_s"],
                    "peak_tree_mb": result["peak_tree_mb"],
                    "returncode": result["returncode"],
                    "store_mb": common.dir_size_mb(store) if store.is_dir() else None,
                }
            )
            common.log(f"  {articles} articles, {name}: {quads / result['wall_s']:,.0f} triples/s")
    stored = _count(store)
    export = export_nquads(store, common.WORK / "export-check.nq")
    common.clear(common.WORK / "export-check.nq")
    common.clear(store)
    summary = {}
    for name, results in runs.items():
        walls = [r["wall_s"] for r in results]
        inner = [r["inner_s"] for r in results if r["inner_s"] is not None]
        summary[name] = {
            "runs": results,
            "median_wall_s": common.median(walls),
            "triples_per_s": quads / common.median(walls),
            "triples_per_s_inner": quads / common.median(inner) if inner else None,
            "peak_tree_mb": max(r["peak_tree_mb"] for r in results),
        }
    return {
        "articles": articles,
        "file": nquads.name,
        "file_mb": nquads.stat().st_size / 2**20,
        "quads_in_file": quads,
        "quads_in_store": stored,
        "repeats": repeats,
        "methods": summary,
        "kg_export": {"wall_s": export["wall_s"], "quads_per_s": stored / export["wall_s"]},
    }


def _count(store: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store))) if store.is_dir() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="270,10000", help="article counts (default 270,10000)")
    parser.add_argument("--repeats", default="3,1", help="runs per method at each size (default 3,1)")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    repeats = [int(r) for r in args.repeats.split(",") if r]
    repeats += [repeats[-1]] * (len(sizes) - len(repeats))
    machine = common.machine()
    results: dict[str, Any] = {"machine": machine, "target_triples_per_s": TARGET_TRIPLES_PER_S, "sizes": []}
    for size, count in zip(sizes, repeats, strict=False):
        common.log(f"load: {size} articles, {count} run(s) per method")
        results["sizes"].append(run_size(size, count))
    path = common.save_results("load", results)
    common.log(f"results: {path}")
    if not args.no_report:
        import report

        report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measurements behind the fixes proposed in ``findings.md`` (not part of the suite).

    .venv/bin/python benchmarks/experiments.py [--articles 150]

1. Writing a document: ``HadathStore.replace_document`` (one SPARQL update text per document)
   against writing the same quads through pyoxigraph's API, per document and in batches.
2. Loading a file: ``kg load``'s way (parse everything into a list, one ``extend``) against
   ``Store.bulk_load``, with and without a streaming validation pass first.
3. Memory: the Python heap (tracemalloc) against the process's resident size while
   ``kg.pipeline.ingest`` writes the 2,000-article file, to tell Python objects from
   RocksDB's buffers.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common
import pyoxigraph as ox

_LOAD = r"""
import sys, time, pyoxigraph as ox
from pathlib import Path
path, store_dir, how = sys.argv[1], sys.argv[2], sys.argv[3]
store = ox.Store(store_dir)
t = time.perf_counter()
if how == "list+extend":
    quads = list(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    store.extend(quads)
elif how == "validate+bulk_load":
    for _ in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        pass
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
else:
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
store.flush()
print(time.perf_counter() - t)
"""


def write_paths(sample: int) -> dict[str, Any]:
    """ms per document for each way of writing the sample's quads into an on-disk store."""
    from kg import iris, pipeline
    from kg.documents import read_documents
    from kg.graph import IngestRun, document_quads
    from kg.store import HadathStore

    documents = [d for d in read_documents(sorted(common.NEWS.rglob("*.jsonl"))) if not hasattr(d, "reason")]
    run = IngestRun.start({})
    batches = [(d.id, document_quads(pipeline.analyse(d), run)) for d in documents[:sample]]
    results: dict[str, Any] = {"documents": len(batches), "quads": sum(len(q) for _, q in batches)}

    def fresh() -> HadathStore:
        return HadathStore(Path(tempfile.mkdtemp(dir=common.WORK)) / "store")

    for rewrite in (False, True):  # a first write, then replacing the same documents
        label = "replace" if rewrite else "first write"
        store = fresh()
        if rewrite:
            for doc_id, quads in batches:
                store.replace_document(doc_id, quads)
        t = time.perf_counter()
        for doc_id, quads in batches:
            store.replace_document(doc_id, quads)
        results[f"{label}: replace_document (SPARQL update text)"] = (
            (time.perf_counter() - t) / len(batches) * 1000
        )

        store = fresh()
        if rewrite:
            for doc_id, quads in batches:
                store.replace_document(doc_id, quads)
        raw = store.oxigraph
        t = time.perf_counter()
        for doc_id, quads in batches:
            raw.remove_graph(ox.NamedNode(iris.document_graph(doc_id)))
            raw.extend(quads)
        results[f"{label}: remove_graph + extend (two transactions)"] = (
            (time.perf_counter() - t) / len(batches) * 1000
        )

        store = fresh()
        if rewrite:
            for doc_id, quads in batches:
                store.replace_document(doc_id, quads)
        raw = store.oxigraph
        t = time.perf_counter()
        for start in range(0, len(batches), 32):
            chunk = batches[start : start + 32]
            if rewrite:
                drops = " ".join(f"DROP SILENT GRAPH <{iris.document_graph(d)}> ;" for d, _ in chunk)
                raw.update(drops.rstrip(" ;"))
            raw.extend([q for _, quads in chunk for q in quads])
        results[f"{label}: 32 documents per extend"] = (time.perf_counter() - t) / len(batches) * 1000
    return results


def load_paths(nquads: Path) -> dict[str, Any]:
    """Seconds and peak memory to load ``nquads`` each way, each in its own process."""
    results: dict[str, Any] = {"file": nquads.name, "quads": sum(1 for _ in nquads.open("rb"))}
    for how in ("list+extend", "bulk_load", "validate+bulk_load"):
        store = common.clear(common.STORES / "experiment-load")
        measured = common.run_measured([sys.executable, "-c", _LOAD, str(nquads), str(store), how], stdout=-1)
        inner = float(measured["stdout"].strip() or "nan")
        results[how] = {
            "seconds": inner,
            "triples_per_s": results["quads"] / inner,
            "peak_mb": measured["peak_tree_mb"],
        }
        common.clear(store)
    return results


def memory_growth(articles: Path) -> dict[str, Any]:
    """Python heap against resident size every 250 documents of an in-process ingest."""
    import tracemalloc

    from kg.pipeline import ingest
    from kg.store import HadathStore

    store = HadathStore(Path(tempfile.mkdtemp(dir=common.WORK)) / "store")
    points: list[dict[str, float]] = []
    count = [0]

    def progress(_: object) -> None:
        count[0] += 1
        if count[0] % 250 == 0:
            current, _peak = tracemalloc.get_traced_memory()
            with open("/proc/self/statm", encoding="utf-8") as handle:
                rss = int(handle.read().split()[1]) * resource.getpagesize()
            points.append({"documents": count[0], "python_heap_mb": current / 2**20, "rss_mb": rss / 2**20})
            common.log(f"  {count[0]} documents: heap {current / 2**20:.0f} MB, RSS {rss / 2**20:.0f} MB")

    tracemalloc.start()
    ingest(store, [articles], on_progress=progress)
    tracemalloc.stop()
    return {"points": points}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=150, help="documents in the write experiment")
    parser.add_argument("--skip", default="", help="comma-separated: write,load,memory")
    args = parser.parse_args(argv)
    skip = set(args.skip.split(","))
    results: dict[str, Any] = {"machine": common.machine()}
    if "write" not in skip:
        common.log("experiment: write paths")
        results["write_ms_per_document"] = write_paths(args.articles)
    if "load" not in skip:
        nquads = common.DATA / "replica-1080.nq"
        if not nquads.is_file():
            import load

            nquads, _ = load.replica_nquads(1080)
        common.log(f"experiment: load paths ({nquads.name})")
        results["load"] = load_paths(nquads)
    if "memory" not in skip:
        articles = common.DATA / "articles-2000.jsonl"
        if articles.is_file():
            common.log("experiment: memory during an in-process ingest of 2,000 articles")
            results["memory"] = memory_growth(articles)
    common.save_results("experiments", results)
    print(subprocess.list2cmdline(["see", str(common.RESULTS_DIR / "experiments.json")]))
    for key, value in results.items():
        if key != "machine":
            print(key, value)
    return 0


if __name__ == "__main__":
    sys.exit(main())

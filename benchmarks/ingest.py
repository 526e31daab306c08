"""Ingest throughput: ``kg ingest`` as a subprocess, and where the time goes, stage by stage.

    .venv/bin/python benchmarks/ingest.py [--sizes 270,2000] [--workers 1,2] [--stage-sample 150]

For each size N the real articles (``../shared/data/news``) are written N at a time to a
JSON-lines file, repeating them with fresh ids (``ID-rK``) past the first pass; each
(N, workers) pair runs ``kg ingest FILE --workers W`` into a fresh store, measuring wall time,
articles/s, words/s and peak memory (the whole process tree, pool workers included, sampled
every 0.1 s; and the largest single process from ``wait4``). A 1-article run measures the
fixed cost of starting (imports, camel-tools' database, the ontology).

The stage breakdown runs the pipeline in this process on a sample of distinct articles,
with the stage functions wrapped in timers: first pass with cold caches, second pass warm.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common

TARGET_RATE = 100.0  # articles/s on 2 cores


def _parse_summary(stdout: str) -> dict[str, Any]:
    """``N documents, E events (Agreement a, Meeting m, …); S skipped`` as numbers."""
    match = re.search(r"(\d+) documents, (\d+) events \(([^)]*)\); (\d+) skipped", stdout)
    if not match:
        return {}
    by_type = {}
    for part in match.group(3).split(","):
        name, _, count = part.strip().rpartition(" ")
        if name:
            by_type[name] = int(count)
    return {
        "documents": int(match.group(1)),
        "events": int(match.group(2)),
        "events_by_type": by_type,
        "skipped": int(match.group(4)),
    }


def _store_quads(path: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(path)))


def run_ingest(articles: Path, workers: int, store: Path) -> dict[str, Any]:
    """One ``kg ingest`` run into a fresh store."""
    common.clear(store)
    command = [common.tool("kg"), "ingest", str(articles), "--store", str(store), "--workers", str(workers)]
    result = common.run_measured([*command, "--quiet"], stdout=-1, stderr=-1)
    result.update(_parse_summary(result["stdout"]))
    if result["returncode"] not in (0, 1):
        common.log(f"kg ingest failed ({result['returncode']}): {result['stderr'][-800:]}")
    elif store.is_dir():
        result["quads"] = _store_quads(store)
        result["store_mb"] = common.dir_size_mb(store)
    return result


# -- stages ------------------------------------------------------------------------------


class StageTimer:
    """Wraps named functions so that each call adds its duration to a stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.missing: list[str] = []
        self._undo: list[Callable[[], None]] = []

    def wrap(self, owner: Any, attribute: str, stage: str) -> None:
        original = getattr(owner, attribute, None)
        if original is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{attribute}")
            return
        seconds = self.seconds

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - started

        setattr(owner, attribute, timed)
        self._undo.append(lambda: setattr(owner, attribute, original))

    def restore(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()

    def take(self) -> dict[str, float]:
        taken = dict(self.seconds)
        self.seconds.clear()
        return taken


# Stage → (module, attribute) as kg/events/__init__.py and kg/pipeline.py look them up, so a
# wrapped name times exactly the calls the pipeline makes (and nested stages are not counted twice).
EXTRACT_STAGES = [
    ("sentences", "kg.events", "sentences"),
    ("tokens", "kg.events", "tokenise"),
    ("time expressions", "kg.events", "find_times"),
    ("event finders (meetings, agreements, strikes, statements, merge)", "kg.events", "find_meetings"),
    ("event finders (meetings, agreements, strikes, statements, merge)", "kg.events", "find_agreements"),
    ("event finders (meetings, agreements, strikes, statements, merge)", "kg.events", "find_strikes"),
    ("event finders (meetings, agreements, strikes, statements, merge)", "kg.events", "find_statements"),
    ("event finders (meetings, agreements, strikes, statements, merge)", "kg.events", "merge_events"),
]
EXTRACTION_PARTS = {
    "sentences",
    "tokens",
    "time expressions",
    "mentions (finder set-up, look-up, coreference)",
    "triggers",
    "event finders (meetings, agreements, strikes, statements, merge)",
}
STAGE_ORDER = [
    "read (JSON, Arabic check)",
    "page split",
    "sentences",
    "tokens",
    "time expressions",
    "mentions (finder set-up, look-up, coreference)",
    "triggers",
    "event finders (meetings, agreements, strikes, statements, merge)",
    "extraction, not in a stage above",
    "RDF building (document_rdf)",
    "cross-document linking (ReportedEvents.link)",
    "store write (batched bulk writes, entity lines once)",
    "pickle round trip (only with --workers > 1)",
]


def _instrument(timer: StageTimer) -> None:
    import importlib

    events = importlib.import_module("kg.events")
    pipeline = importlib.import_module("kg.pipeline")
    triggers = importlib.import_module("kg.events.triggers")
    for stage, module, attribute in EXTRACT_STAGES:
        timer.wrap(importlib.import_module(module), attribute, stage)
    finder = getattr(events, "MentionFinder", None)
    if finder is not None:
        timer.wrap(finder, "__init__", "mentions (finder set-up, look-up, coreference)")
        timer.wrap(finder, "find", "mentions (finder set-up, look-up, coreference)")
    lexicon = getattr(triggers, "lexicon", None)
    if lexicon is not None:
        timer.wrap(type(lexicon()), "find", "triggers")
    timer.wrap(pipeline, "split_page", "page split")
    timer.wrap(pipeline, "extract_events", "extraction total")
    timer.wrap(pipeline, "document_rdf", "RDF building (document_rdf)")
    timer.wrap(pipeline.ReportedEvents, "link", "cross-document linking (ReportedEvents.link)")


def stage_breakdown(sample: int) -> dict[str, Any]:
    """Per-stage time per article, cold and warm, on ``sample`` distinct articles; the sample's
    analyses are returned too, to time cross-document linking against a bigger store later."""
    from kg import pipeline
    from kg.documents import read_documents
    from kg.graph import IngestRun
    from kg.store import HadathStore

    sources = sorted(common.NEWS.rglob("*.jsonl"))
    started = time.perf_counter()
    documents = [d for d in read_documents(sources) if not hasattr(d, "reason")]
    read_per_doc = (time.perf_counter() - started) / max(len(documents), 1)

    timer = StageTimer()
    startup_started = time.perf_counter()
    pipeline.analyse(documents[-1])  # loads camel-tools and the tables; not in the sample
    startup = time.perf_counter() - startup_started
    _instrument(timer)
    # The writer's time less the linking it calls: what the single writer adds per article.
    timer.wrap(pipeline._Writer, "write", "writer total")
    timer.wrap(pipeline._Writer, "flush", "writer total")
    sample_docs = documents[: min(sample, len(documents) - 1)]
    settings = pipeline.ExtractorSettings()
    run = IngestRun.start({})
    passes: dict[str, Any] = {}
    analyses: list[Any] = []
    with tempfile.TemporaryDirectory(dir=common.WORK) as folder:
        for name in ("cold", "warm"):
            store = HadathStore(Path(folder) / name)  # new documents each pass, as in a run
            store.ensure_ontology()
            writer = pipeline._Writer(store, pipeline.ReportedEvents(store))
            timer.take()
            pickle_s = 0.0
            words = 0
            analyses = []
            pass_started = time.perf_counter()
            for document in sample_docs:
                prepared = pipeline.prepare(document, settings, run)
                t0 = time.perf_counter()
                pickle.loads(pickle.dumps(prepared))
                pickle_s += time.perf_counter() - t0
                writer.write(prepared)
                words += common.words(document.text)
                analyses.append(prepared.analysis)
            writer.flush()
            wall = time.perf_counter() - pass_started
            seconds = timer.take()
            extract_total = seconds.pop("extraction total", 0.0)
            writer_total = seconds.pop("writer total", 0.0)
            linking = seconds.get("cross-document linking (ReportedEvents.link)", 0.0)
            seconds["store write (batched bulk writes, entity lines once)"] = max(writer_total - linking, 0.0)
            inner = sum(v for k, v in seconds.items() if k in EXTRACTION_PARTS)
            seconds["extraction, not in a stage above"] = max(extract_total - inner, 0.0)
            seconds["pickle round trip (only with --workers > 1)"] = pickle_s
            seconds["read (JSON, Arabic check)"] = read_per_doc * len(sample_docs)
            n = len(sample_docs)
            in_process = wall - pickle_s + seconds["read (JSON, Arabic check)"]
            passes[name] = {
                "articles": n,
                "words": words,
                "store_documents_at_end": len(store.document_ids()),
                "ms_per_article": {k: seconds.get(k, 0.0) / n * 1000 for k in STAGE_ORDER},
                "single_process_ms_per_article": in_process / n * 1000,
                "single_process_articles_per_s": n / in_process,
            }
            store.close()
    timer.restore()
    return {
        "sample": len(sample_docs),
        "startup_first_article_s": startup,
        "uninstrumented": timer.missing,
        "passes": passes,
        "_analyses": analyses,
    }


def linking_at_scale(analyses: list[Any], store_path: Path) -> dict[str, Any] | None:
    """Cross-document linking against a bigger store: reading the index of stored events once
    (at the start of a run) and linking each article against it."""
    from kg import pipeline
    from kg.store import HadathStore

    if not store_path.is_dir() or not analyses:
        return None
    store = HadathStore(store_path, read_only=True)
    documents = len(store.document_ids())
    started = time.perf_counter()
    index = pipeline.ReportedEvents(store)
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    for analysis in analyses:
        index.link(analysis)
    elapsed = time.perf_counter() - started
    return {
        "store_documents": documents,
        "index_read_s": index_s,
        "ms_per_article": elapsed / len(analyses) * 1000,
    }


# -- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="270,2000,10000", help="article counts (default 270,2000,10000)")
    parser.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    parser.add_argument("--stage-sample", type=int, default=150, help="articles in the stage breakdown")
    parser.add_argument("--no-report", action="store_true", help="do not rewrite RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    worker_counts = [int(w) for w in args.workers.split(",") if w]

    records = common.source_records()
    machine = common.machine()
    common.log(f"ingest: {len(records)} source articles; sizes {sizes}; workers {worker_counts}")

    common.log("stage breakdown (in-process)")
    stages = stage_breakdown(args.stage_sample)
    common.log(
        f"  {stages['passes']['cold']['single_process_articles_per_s']:.1f} articles/s cold, "
        f"{stages['passes']['warm']['single_process_articles_per_s']:.1f} warm (one process)"
    )

    inputs: dict[int, dict[str, Any]] = {}
    for size in [1, *sizes]:
        path = common.DATA / f"articles-{size}.jsonl"
        inputs[size] = {"path": str(path), **common.replicate_articles(records, size, path)}

    common.log("startup: kg ingest of 1 article")
    startup = run_ingest(Path(inputs[1]["path"]), 1, common.STORES / "ingest-startup")
    runs = []
    for size in sizes:
        for workers in worker_counts:
            common.log(f"kg ingest: {size} articles, --workers {workers}")
            store = common.STORES / f"ingest-{size}-w{workers}"
            result = run_ingest(Path(inputs[size]["path"]), workers, store)
            result.update(
                size=size,
                workers=workers,
                words=inputs[size]["words"],
                articles_per_s=size / result["wall_s"],
                words_per_s=inputs[size]["words"] / result["wall_s"],
                load_average_after=[round(x, 2) for x in __import__("os").getloadavg()],
            )
            common.log(
                f"  {result['wall_s']:.1f} s, {result['articles_per_s']:.1f} articles/s, "
                f"peak tree {result['peak_tree_mb']:.0f} MB"
            )
            runs.append(result)
            if store.name != f"ingest-{max(sizes)}-w{max(worker_counts)}":
                common.clear(store)
    common.clear(common.STORES / "ingest-startup")
    largest = common.STORES / f"ingest-{max(sizes)}-w{max(worker_counts)}"
    common.log(f"cross-document linking against {largest.name}")
    stages["linking_at_scale"] = linking_at_scale(stages.pop("_analyses"), largest)
    results = {
        "machine": machine,
        "source_articles": len(records),
        "inputs": {str(k): v for k, v in inputs.items()},
        "startup": startup,
        "runs": runs,
        "stages": stages,
        "target_articles_per_s": TARGET_RATE,
    }
    path = common.save_results("ingest", results)
    common.log(f"results: {path}")
    if not args.no_report:
        import report

        report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())

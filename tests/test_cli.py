"""The `kg` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
KG = [sys.executable, "-m", "kg.cli"]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def kg(*args: str | Path, store: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [*KG, *map(str, args)]
    if store is not None:
        cmd += ["--store", str(store)]
    done = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ, "HADATH_STORE": ""}
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{cmd} failed ({done.returncode}): {done.stderr}")
    return done


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    done = kg("ingest", ARTICLES, "--quiet", store=path)
    assert "3 documents" in done.stdout
    return path


def _count(store: Path) -> int:
    out = kg("query", COUNT, "--format", "json", store=store).stdout
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def test_cli_ingest_summary_counts_events_by_type(store: Path) -> None:
    out = kg("stats", store=store).stdout
    assert "documents  3" in out
    for kind in ("Meeting", "Statement", "MilitaryStrike", "Agreement"):
        assert kind in out


def test_cli_ingest_reports_skipped_files_and_fails(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "english.txt").write_text("Nothing Arabic here at all, only English words.")
    shutil.copy(ARTICLES / "asharq-russia-iran.txt", tmp_path / "good.txt")
    done = kg("ingest", tmp_path, "--quiet", store=tmp_path / "store", check=False)
    assert done.returncode == 1
    assert "1 documents" in done.stdout and "2 skipped" in done.stdout
    assert f"{tmp_path / 'empty.txt'}: empty text" in done.stderr
    assert "english.txt: not Arabic" in done.stderr


def test_cli_store_path_that_is_a_file_fails_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "store-file"
    bad.write_text("x")
    done = kg("ingest", ARTICLES / "asharq-russia-iran.txt", store=bad, check=False)
    assert done.returncode == 2
    assert f"store path {bad} is a file" in done.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv"])
def test_cli_query_formats(store: Path, fmt: str) -> None:
    query = (
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id"
    )
    out = kg("query", query, "--format", fmt, store=store).stdout
    assert "asharq-page" in out and "asharq-turkey-syria" in out
    if fmt == "json":
        assert len(json.loads(out)["results"]["bindings"]) == 3
    if fmt == "tsv":
        assert out.splitlines()[0] == "?id"


def test_cli_query_from_file_and_syntax_error(store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s ?p ?o }")
    assert kg("query", f"@{rq}", store=store).stdout.strip() == "true"
    bad = kg("query", "SELEKT nothing", store=store, check=False)
    assert bad.returncode == 2 and "syntax" in bad.stderr


@pytest.mark.parametrize("fmt", ["nquads", "trig", "turtle", "jsonld"])
def test_cli_export_then_load_round_trips(store: Path, tmp_path: Path, fmt: str) -> None:
    suffix = {"nquads": "nq", "trig": "trig", "turtle": "ttl", "jsonld": "jsonld"}[fmt]
    out = tmp_path / f"dump.{suffix}"
    kg("export", "--format", fmt, "-o", out, store=store)
    assert out.stat().st_size > 1000
    if fmt in ("nquads", "trig", "jsonld"):
        copy = tmp_path / "copy"
        kg("load", out, store=copy)
        assert _count(copy) == _count(store)


def test_cli_remove_retracts_a_document(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    kg("remove", "asharq-page", store=copy)
    ids = kg(
        "query",
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?id WHERE { ?d dcterms:identifier ?id }",
        "--format",
        "csv",
        store=copy,
    ).stdout
    assert "asharq-page" not in ids and "asharq-russia-iran" in ids
    missing = kg("remove", "no-such-doc", store=copy, check=False)
    assert missing.returncode == 1 and "no-such-doc" in missing.stderr


def _stored_documents(path: Path) -> int:
    """How many document graphs a read-only reader sees in a store another process writes."""
    try:
        store = ox.Store.read_only(str(path))
    except (OSError, RuntimeError):  # not there yet, or not yet initialised
        return 0
    return sum(1 for graph in store.named_graphs() if "/graph/" in str(graph))


def test_cli_ingest_killed_midway_leaves_documents_whole(tmp_path: Path) -> None:
    """SIGKILL in the middle of a run, after the first batch of documents is written: every
    stored document is complete, as a clean run stores it, and the rest are absent."""
    records = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet" / "articles.jsonl"
    if not records.is_file():
        pytest.skip("the shared news articles are not here")
    lines = records.read_text(encoding="utf-8").splitlines()
    batch = tmp_path / "batch.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for copy in range(2):  # 540 documents: several batches
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    killed = tmp_path / "killed"
    process = subprocess.Popen(
        [*KG, "ingest", str(batch), "--store", str(killed), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and _stored_documents(killed) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)  # until the first batch is in, as a reader sees the store
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    reference = tmp_path / "reference"
    kg("ingest", batch, "--quiet", "--workers", "2", store=reference)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

    def counts(store: Path) -> dict[str, int]:
        out = json.loads(kg("query", per_graph, "--format", "json", store=store).stdout)
        return {b["g"]["value"]: int(b["n"]["value"]) for b in out["results"]["bindings"]}

    partial, whole = counts(killed), counts(reference)
    documents = [g for g in partial if "/graph/" in g]
    assert 0 < len(documents) < 2 * len(lines)
    for graph in documents:
        assert partial[graph] == whole[graph], graph

"""The examples: every query in ``examples/queries`` answers its question on the example
articles, and every script in ``examples/`` runs.

Each ``NAME.rq`` has ``expected/NAME.json``: the question (the query's first line), the
least number of rows, the rows that must be among the answers, and ``pending`` rows: true
per the text but not extracted today (they run as non-strict xfails, so a fix shows up as
XPASS). A row matches when each of its columns does: a string or number equal to the cell,
``{"contains": s}`` (or a list of strings, all contained), ``{"one_of": [...]}``, ``{"min": n}``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kg.knowledge_graph import KnowledgeGraph, Row
from kg.store import HadathStore

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLES = EXAMPLES / "articles"
QUERIES = EXAMPLES / "queries"
EXPECTED = QUERIES / "expected"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    """A store on disk holding the example articles, ingested once for the module."""
    graph = KnowledgeGraph(tmp_path_factory.mktemp("examples-store"))
    report = graph.ingest(ARTICLES)
    assert report.ok, report.skipped
    assert sorted(report.documents) == ["asharq-page", "asharq-russia-iran", "asharq-turkey-syria"]
    yield graph
    graph.close()


def _expected(query: Path) -> dict[str, Any]:
    data = json.loads((EXPECTED / f"{query.stem}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _cell_matches(actual: object, wanted: object) -> bool:
    if isinstance(wanted, dict):
        if "contains" in wanted:
            parts = wanted["contains"]
            return all(p in _text(actual) for p in ([parts] if isinstance(parts, str) else parts))
        if "one_of" in wanted:
            return any(_cell_matches(actual, option) for option in wanted["one_of"])
        if "min" in wanted:
            return isinstance(actual, int | float | Decimal) and actual >= wanted["min"]
        raise AssertionError(f"unknown matcher {wanted!r}")
    if isinstance(wanted, int | float) and not isinstance(wanted, bool):
        return isinstance(actual, int | float | Decimal) and actual == wanted
    return _text(actual) == wanted


def _row_matches(row: Row, wanted: dict[str, Any]) -> bool:
    return all(column in row and _cell_matches(row[column], value) for column, value in wanted.items())


def _show(rows: list[Row], columns: list[str]) -> str:
    return "\n".join(" | ".join(f"{c}={_text(r.get(c))[:60]}" for c in columns) for r in rows[:30])


def test_examples_offer_a_dozen_queries_each_with_its_answer() -> None:
    assert len(QUERY_FILES) >= 12
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == [p.stem for p in QUERY_FILES]


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda p: p.stem)
def test_examples_query_says_its_question_first(query: Path) -> None:
    first = query.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    assert first[2:] == _expected(query)["question"]
    assert len(first[2:]) <= 60  # the server's query page names its tab by it, cut at 60


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda p: p.stem)
def test_examples_query_declares_its_prefixes(query: Path) -> None:
    # Raw Oxigraph, without KnowledgeGraph's prefixes: the file must run as it is in
    # `kg query @FILE`, on the server's query page, anywhere.
    HadathStore().query(query.read_text(encoding="utf-8"))


@pytest.mark.parametrize("query", QUERY_FILES, ids=lambda p: p.stem)
def test_examples_query_answers_on_the_articles(example_graph: KnowledgeGraph, query: Path) -> None:
    expected = _expected(query)
    rows = example_graph.query(query.read_text(encoding="utf-8"))
    assert len(rows) >= expected["min_rows"]
    columns = list(rows[0]) if rows else []
    for wanted in expected["rows"]:
        assert set(wanted) <= set(columns), f"{query.name} lost a column of {wanted}"
        assert any(_row_matches(row, wanted) for row in rows), (
            f"{query.name}: no row matches {wanted}\n{_show(rows, columns)}"
        )
    if expected.get("check_offsets"):
        for row in rows:
            text = (ARTICLES / f"{row['document']}.txt").read_text(encoding="utf-8")
            begin, end = row["begin"], row["end"]
            assert isinstance(begin, int) and isinstance(end, int)
            assert text[begin:end] == row["sentence"]


PENDING = [
    pytest.param(
        query,
        item["row"],
        id=f"{query.stem}-{n}",
        marks=pytest.mark.xfail(reason=f"extractor: {item['reason']}", strict=False),
    )
    for query in QUERY_FILES
    for n, item in enumerate(_expected(query).get("pending", []))
]


@pytest.mark.parametrize(("query", "wanted"), PENDING)
def test_examples_query_pending_answer(
    example_graph: KnowledgeGraph, query: Path, wanted: dict[str, Any]
) -> None:
    rows = example_graph.query(query.read_text(encoding="utf-8"))
    assert any(_row_matches(row, wanted) for row in rows)


PLANNED_AND_SIGNED = """
@prefix hd: <https://w3id.org/hadath/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix ex: <https://example.org/> .

ex:doc dcterms:identifier "hand-made" .
ex:article dcterms:isPartOf ex:doc .
ex:russia rdfs:label "Russia"@en , "روسيا"@ar .
ex:iran rdfs:label "Iran"@en , "إيران"@ar .
ex:planned a hd:Agreement ; hd:modality hd:Planned ; hd:party ex:russia , ex:iran ;
    hd:timeExpression "خلال الأسابيع المقبلة" ;
    hd:evidence [ nif:anchorOf "سيوقع البلدان اتفاق الشراكة خلال الأسابيع المقبلة" ] ;
    prov:wasDerivedFrom ex:article .
ex:signed a hd:Agreement ; hd:modality hd:Asserted ; hd:party ex:russia , ex:iran ;
    hd:evidence [ nif:anchorOf "وقع البلدان اتفاقاً" ] ;
    prov:wasDerivedFrom ex:article .
"""


def test_examples_planned_agreements_query_leaves_signed_ones_out(tmp_path: Path) -> None:
    # The example articles hold no planned agreement the extractor finds yet: check the
    # query on a hand-made graph as well, so that a broken query cannot pass unseen.
    data = tmp_path / "agreements.ttl"
    data.write_text(PLANNED_AND_SIGNED, encoding="utf-8")
    graph = KnowledgeGraph()
    graph.store.load(data)
    rows = graph.query((QUERIES / "06-agreements-planned-not-signed.rq").read_text(encoding="utf-8"))
    assert [r["agreement"] for r in rows] == ["https://example.org/planned"]
    assert rows[0]["modality"] == "Planned"
    assert rows[0]["when"] == "خلال الأسابيع المقبلة"
    assert sorted(str(rows[0]["parties"]).split(" | ")) == ["Iran", "Russia"]
    assert rows[0]["document"] == "hand-made"


# ---------------------------------------------------------------------------- scripts

SCRIPT_OUTPUT = {
    "quickstart.py": [
        "ingested 3 documents",
        "2024-10-11",
        "Vladimir Putin & Masoud Pezeshkian",
        "Vladimir Putin (فلاديمير بوتين): Person, wikidata Q7747, Russia",
    ],
    "analyst_questions.py": [
        "## Who met whom, where and when?",
        "## Everything Sergey Lavrov said, with his words",
        "killed=2",
        "week=2024-10-07",
    ],
    "ontology_reasoning.py": [
        "MilitaryStrike has 8 subclasses: AirStrike, ArmedClash, Bombing",
        "Shelling",
        "a naval blockade is a military strike: ok",
        "NavalBlockade ⊑ Event, MilitaryStrike",
        "strike talks are both a meeting and a strike: unsatisfiable",
        "one event typed both a meeting and an air strike: inconsistent",
    ],
}
NEEDS_JAVA = {"ontology_reasoning.py"}


def test_examples_every_script_is_run_here() -> None:
    assert sorted(p.name for p in SCRIPTS) == sorted(SCRIPT_OUTPUT)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_examples_script_runs(script: Path, tmp_path: Path) -> None:
    if script.name in NEEDS_JAVA and shutil.which("java") is None:
        pytest.skip("HermiT needs Java")
    store = tmp_path / "store"
    done = subprocess.run(
        [sys.executable, str(script), str(store)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=tmp_path,  # the scripts must not depend on the working directory
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for expected in SCRIPT_OUTPUT[script.name]:
        assert expected in done.stdout, f"{script.name} did not print {expected!r}:\n{done.stdout}"
    assert store.is_dir() and any(store.iterdir()), "the script did not use the store it was given"

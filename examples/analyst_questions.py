"""An analyst's questions: run the example SPARQL queries through the Python API.

    python examples/analyst_questions.py [STORE]

The example articles are ingested first if the store holds no documents. Each query in
``examples/queries`` answers one question, written on its first line; a few are run here,
and one more is asked in Python with ``KnowledgeGraph.events`` for comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg import KnowledgeGraph

EXAMPLES = Path(__file__).resolve().parent
QUERIES = EXAMPLES / "queries"
ASKED = (
    "01-who-met-whom.rq",
    "03-what-one-person-said.rq",
    "05-strikes-by-one-country.rq",
    "07-actors-in-meetings-and-strikes.rq",
    "08-events-per-week-and-type.rq",
)
IRI_COLUMNS = ("meeting", "statement", "strike", "visit", "agreement", "article")


def question(path: Path) -> str:
    """The question a query answers: its first comment line."""
    return path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()


def cell(value: object, width: int = 40) -> str:
    """A value shortened to ``width`` characters for a one-line table."""
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str]) -> int:
    """Ask the questions of the store named in ``argv`` (or of one in memory)."""
    with KnowledgeGraph(argv[1] if len(argv) > 1 else None) as graph:
        if not graph.documents():
            graph.ingest(EXAMPLES / "articles")
        for name in ASKED:
            path = QUERIES / name
            rows = graph.query(path.read_text(encoding="utf-8"))
            print(f"\n## {question(path)}  ({name}, {len(rows)} rows)")
            for row in rows[:8]:
                shown = {k: v for k, v in row.items() if v is not None and k not in IRI_COLUMNS}
                print("  " + " | ".join(f"{k}={cell(v)}" for k, v in shown.items()))

        # The same kind of question in Python: Turkey as an attacker, with targets and toll.
        print("\n## Turkey's strikes, through KnowledgeGraph.events")
        for event in graph.events(type="MilitaryStrike", actor="Turkey", role="attacker"):
            targets = ", ".join(t.label_en or t.label for t in event.entities("target"))
            toll = f", {event.killed} killed" if event.killed is not None else ""
            print(f"  {event.date or '-'} {'/'.join(event.subtypes) or 'strike'} on {targets or '?'}{toll}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

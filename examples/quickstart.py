"""Quickstart: open a store, ingest the example articles, list the meetings, look up one actor.

    python examples/quickstart.py [STORE]

STORE is the folder of an Oxigraph store (created if missing); without it the store lives in
memory and is gone when the script ends.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg import EventRecord, KnowledgeGraph

ARTICLES = Path(__file__).resolve().parent / "articles"


def when(event: EventRecord) -> str:
    """The day, else the range of days the text allows, else a dash."""
    if event.date is not None:
        return event.date.isoformat()
    if event.earliest is not None and event.latest is not None:
        return f"{event.earliest.isoformat()}…{event.latest.isoformat()}"
    return "-"


def main(argv: list[str]) -> int:
    """Run the walk-through on the store named in ``argv`` (or in memory)."""
    store = argv[1] if len(argv) > 1 else None
    with KnowledgeGraph(store) as graph:
        # 1. Ingest: a folder, a file, or a text with its metadata.
        report = graph.ingest(ARTICLES)
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(report.events.items()))
        print(f"ingested {len(report.documents)} documents into {graph.location}: {counts}")

        # 2. Events, filtered and in date order: every asserted meeting.
        print("\nmeetings:")
        for event in graph.events(type="Meeting", modality="Asserted"):
            names = " & ".join(f.entity.label_en or f.entity.label for f in event.roles)
            place = f" in {event.place.label_en or event.place.label}" if event.place else ""
            print(f"  {when(event):23} {names}{place}  [{', '.join(event.sources)}]")

        # 3. One actor, found by an Arabic name: its card and its events.
        putin = graph.entity("بوتين")
        assert putin is not None, "the example articles name Putin"
        country = putin.country.label_en if putin.country else "-"
        print(f"\n{putin.label_en} ({putin.label_ar}): {putin.kind}, wikidata {putin.wikidata}, {country}")
        for event in putin.events:
            roles = ", ".join(sorted({f.role.value for f in event.roles if f.entity.iri == putin.iri}))
            print(f"  {when(event):23} {event.type.value:14} as {roles}  {event.iri.rsplit('/', 2)[-2]}")

        # 4. What he said, with the exact sentence and where it sits in the source text.
        said = next(graph.events(type="Statement", actor=putin, role="speaker", modality="Asserted"))
        evidence = said.evidence[0]
        print(f"\n«{said.quote}»")
        print(f"  {evidence.document_id} [{evidence.begin}:{evidence.end}]: {evidence.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

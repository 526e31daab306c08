"""Reasoning over event classes with owlready2 and HermiT.

    python examples/ontology_reasoning.py [STORE]

Lists every kind of military strike the ontology knows, counts the events of each kind in the
store (the example articles are ingested first if it holds no documents), then checks three
user extensions of the ontology with HermiT (Java needed): a new kind of strike, a class that
is both a meeting and a strike (the two are disjoint), and an event typed with both.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg import KnowledgeGraph
from kg.ontology_model import check_extension, subclasses_of, superclasses_of

ARTICLES = Path(__file__).resolve().parent / "articles"

EXTENSIONS = {
    "a naval blockade is a military strike": """
        hd:NavalBlockade a owl:Class ;
            rdfs:subClassOf hd:MilitaryStrike ;
            rdfs:label "naval blockade"@en , "حصار بحري"@ar .
    """,
    "strike talks are both a meeting and a strike": """
        hd:StrikeTalks a owl:Class ;
            rdfs:subClassOf hd:Meeting , hd:MilitaryStrike .
    """,
    "one event typed both a meeting and an air strike": """
        <https://example.org/event/1> a hd:Meeting , hd:AirStrike .
    """,
}


def main(argv: list[str]) -> int:
    """List the strike classes, count their events, and check the three extensions."""
    kinds = subclasses_of("MilitaryStrike")
    print(f"MilitaryStrike has {len(kinds)} subclasses: {', '.join(kinds)}")
    print(f"AirStrike is a kind of: {', '.join(superclasses_of('AirStrike'))}")

    with KnowledgeGraph(argv[1] if len(argv) > 1 else None) as graph:
        if not graph.documents():
            graph.ingest(ARTICLES)
        print("\nstrikes in the store, by kind:")
        for kind in kinds:
            count = sum(1 for _ in graph.events(type=kind))
            if count:
                print(f"  {kind:16} {count}")

    print("\nchecking user extensions with HermiT:")
    for name, turtle in EXTENSIONS.items():
        report = check_extension(turtle)
        verdict = "ok" if report.ok else ("inconsistent" if not report.consistent else "unsatisfiable")
        print(f"  {name}: {verdict} ({report.explanation})")
        for cls, supers in report.superclasses:
            print(f"    {cls} ⊑ {', '.join(supers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

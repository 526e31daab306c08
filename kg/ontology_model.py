"""The Hadath ontology as Python classes (owlready2), for reasoning over event classes.

    >>> subclasses_of("MilitaryStrike")
    ['AirStrike', 'ArmedClash', 'Bombing', 'DroneAttack', 'MissileAttack', 'Raid', 'Shelling', ...]
    >>> check_extension("hd:NavalBlockade a owl:Class ; rdfs:subClassOf hd:MilitaryStrike .").ok
    True

``ontology/hadath.ttl`` stays the source of truth: it is read with rdflib, handed to owlready2
as N-Triples (owlready2 does not read Turtle) and loaded into a fresh ``owlready2.World``, so
nothing leaks into owlready2's default world. Checking an extension runs HermiT (it needs Java)
with ``ignoreUnsupportedDatatypes``: the ontology uses ``xsd:date`` and ``rdf:langString``,
which are not in the OWL 2 datatype map (``tests/test_ontology.py`` runs it the same way).
"""

from __future__ import annotations

import functools
import io
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import owlready2
from rdflib import Graph

from kg import iris
from kg.store import ONTOLOGY_FILE, PREFIXES

__all__ = [
    "ConsistencyReport",
    "ExtensionError",
    "ReasonerUnavailable",
    "check_extension",
    "load_world",
    "subclasses_of",
    "superclasses_of",
]

_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_THING = "http://www.w3.org/2002/07/owl#Thing"


class ExtensionError(ValueError):
    """A user's extension cannot be read as Turtle; the message says where."""


class ReasonerUnavailable(RuntimeError):
    """HermiT cannot run here (it needs a ``java`` on the PATH)."""


@dataclass(frozen=True, slots=True)
class ConsistencyReport:
    """What HermiT concluded about the ontology with a user's extension added.

    ``consistent`` is False when the extension makes the ontology itself contradictory (an
    individual in two disjoint classes, say). ``unsatisfiable`` names the classes that can
    have no member (a class under two disjoint classes, say): the ontology stays consistent,
    but the class is useless. ``superclasses`` gives, for each class the extension declares,
    every named superclass the reasoner infers.
    """

    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    superclasses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    explanation: str = ""

    @property
    def ok(self) -> bool:
        """True when the extension is consistent and every class in it can have members."""
        return self.consistent and not self.unsatisfiable


def _short(iri: str) -> str:
    """``hd:`` terms by local name, other known vocabularies as ``prefix:name``, else the IRI."""
    if iri.startswith(iris.ONTOLOGY):
        return iri[len(iris.ONTOLOGY) :]
    for prefix, namespace in PREFIXES.items():
        if prefix != "hd" and iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _iri(name: str) -> str:
    """``MilitaryStrike``, ``hd:MilitaryStrike`` or a full IRI → the full IRI."""
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return iris.ONTOLOGY + name


def _world_of(graph: Graph) -> owlready2.World:
    world = owlready2.World()
    data = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(iris.ONTOLOGY_GRAPH).load(fileobj=io.BytesIO(data), format="ntriples")
    return world


def _ontology_graph(path: Path = ONTOLOGY_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


@functools.lru_cache(maxsize=1)
def load_world() -> owlready2.World:
    """The ontology in its own owlready2 world (loaded once; treat it as read-only)."""
    return _world_of(_ontology_graph())


def _class(world: owlready2.World, name: str) -> owlready2.ThingClass:
    found = world[_iri(name)]
    if not isinstance(found, owlready2.ThingClass):
        raise ValueError(f"{name!r} is not a class of the Hadath ontology")
    return found


def _names(classes: Iterable[Any]) -> list[str]:
    found = {str(c.iri) for c in classes if isinstance(c, owlready2.ThingClass)}
    return sorted(_short(i) for i in found - {_THING, _NOTHING})


def subclasses_of(name: str) -> list[str]:
    """Every class below ``name`` (children, their children, …), sorted, without ``name`` itself."""
    cls = _class(load_world(), name)
    return _names(cls.descendants(include_self=False))


def superclasses_of(name: str) -> list[str]:
    """Every named class above ``name``, sorted, without ``name`` itself and ``owl:Thing``."""
    cls = _class(load_world(), name)
    return _names(cls.ancestors(include_self=False))


_TURTLE_PREFIXES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + (
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
)


def _read_extension(extension: str | Path) -> Graph:
    if isinstance(extension, Path) or (
        "\n" not in extension
        and extension.strip().endswith((".ttl", ".turtle"))
        and Path(extension).is_file()
    ):
        path = Path(extension)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise ExtensionError(f"{path}: unreadable: {err.strerror or err}") from None
        where = str(path)
    else:
        text, where = extension, "extension"
    graph = Graph()
    try:
        # The usual prefixes come first, so a short extension need not declare them;
        # Turtle lets the extension's own @prefix lines redefine any of them.
        graph.parse(data=_TURTLE_PREFIXES + text, format="turtle")
    except Exception as err:  # rdflib raises several unrelated types for bad Turtle
        raise ExtensionError(f"{where}: not valid Turtle: {err}") from None
    return graph


def check_extension(extension: str | Path) -> ConsistencyReport:
    """Add a user's Turtle (text or a ``.ttl`` path) to the ontology and run HermiT on both."""
    added = _read_extension(extension)
    if shutil.which("java") is None:
        raise ReasonerUnavailable("HermiT needs Java: no `java` on the PATH")
    declared = sorted(
        {str(s) for s in added.subjects() if str(s).startswith(("http://", "https://", "urn:"))}
    )
    combined = _ontology_graph()
    combined += added
    world = _world_of(combined)
    try:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError:
        return ConsistencyReport(
            consistent=False,
            explanation="inconsistent: some individual must belong to classes that cannot share members",
        )
    unsatisfiable = tuple(_names(world.inconsistent_classes()))
    supers = []
    for iri in declared:
        cls = world[iri]
        if isinstance(cls, owlready2.ThingClass):
            supers.append((_short(iri), tuple(_names(cls.ancestors(include_self=False)))))
    explanation = (
        f"unsatisfiable: {', '.join(unsatisfiable)} (no individual can belong to them)"
        if unsatisfiable
        else "consistent"
    )
    return ConsistencyReport(
        consistent=True, unsatisfiable=unsatisfiable, superclasses=tuple(supers), explanation=explanation
    )

"""The ontology as owlready2 classes: the class tree, and HermiT on users' extensions."""

from __future__ import annotations

import shutil
from pathlib import Path

import owlready2
import pytest

from kg import iris
from kg.ontology_model import (
    ConsistencyReport,
    ExtensionError,
    check_extension,
    load_world,
    subclasses_of,
    superclasses_of,
)

STRIKES = [
    *("AirStrike", "ArmedClash", "Bombing", "DroneAttack"),
    *("MissileAttack", "Raid", "Shelling", "TerroristAttack"),
]
ABOVE_AIR_STRIKE = ("Event", "MilitaryStrike", "prov:Entity", "schema:Event", "sem:Event")
needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@pytest.mark.parametrize("name", ["MilitaryStrike", "hd:MilitaryStrike", iris.ONTOLOGY + "MilitaryStrike"])
def test_ontology_model_subclasses_of_military_strike(name: str) -> None:
    assert subclasses_of(name) == STRIKES


def test_ontology_model_subclasses_of_event_reach_every_level() -> None:
    below = subclasses_of("Event")
    assert {"Meeting", "Statement", "MilitaryStrike", "Agreement", "PhoneCall", "AirStrike"} <= set(below)
    assert "Event" not in below and "Person" not in below
    assert subclasses_of("AirStrike") == []


def test_ontology_model_superclasses_reach_outside_vocabularies() -> None:
    assert superclasses_of("AirStrike") == list(ABOVE_AIR_STRIKE)


@pytest.mark.parametrize("name", ["NoSuchClass", "participant"])
def test_ontology_model_rejects_what_is_not_a_class(name: str) -> None:
    with pytest.raises(ValueError, match="not a class"):
        subclasses_of(name)


def test_ontology_model_keeps_out_of_the_default_world() -> None:
    assert load_world() is not owlready2.default_world
    assert owlready2.default_world[iris.ONTOLOGY + "MilitaryStrike"] is None


def test_ontology_model_bad_turtle_is_an_extension_error() -> None:
    with pytest.raises(ExtensionError, match="not valid Turtle"):
        check_extension("hd:Broken a ")


@needs_java
def test_ontology_model_new_kind_of_strike_is_consistent() -> None:
    report = check_extension("hd:NavalBlockade a owl:Class ; rdfs:subClassOf hd:MilitaryStrike .")
    assert report == ConsistencyReport(
        consistent=True,
        superclasses=(("NavalBlockade", ABOVE_AIR_STRIKE),),
        explanation="consistent",
    )
    assert report.ok


@needs_java
def test_ontology_model_class_under_two_disjoint_types_is_unsatisfiable(tmp_path: Path) -> None:
    path = tmp_path / "extension.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:StrikeTalks a owl:Class ; rdfs:subClassOf hd:Meeting , hd:MilitaryStrike .\n",
        encoding="utf-8",
    )
    report = check_extension(path)
    assert report.consistent and not report.ok
    assert report.unsatisfiable == ("https://example.org/StrikeTalks",)
    assert "unsatisfiable" in report.explanation


@needs_java
def test_ontology_model_individual_of_disjoint_types_is_inconsistent() -> None:
    report = check_extension("<https://example.org/e1> a hd:Statement , hd:Agreement .")
    assert not report.consistent and not report.ok
    assert "inconsistent" in report.explanation

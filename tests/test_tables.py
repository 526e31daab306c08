"""Tests of the language tables in kg/data: shape, consistency, a few facts, and that they are
exactly what scripts/build_tables.py builds (when the shared data is there to build from)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from kg.arabic.normalise import normalise
from kg.store import ONTOLOGY_FILE

CORE_TYPES = ("Meeting", "Statement", "MilitaryStrike", "Agreement")


def ontology_subclasses(core: str) -> set[str]:
    """IRIs of the classes the ontology declares as direct subclasses of ``hd:core``."""
    import rdflib

    graph = rdflib.Graph().parse(ONTOLOGY_FILE)
    parent = rdflib.URIRef("https://w3id.org/hadath/ontology#" + core)
    return {str(c) for c in graph.subjects(rdflib.RDFS.subClassOf, parent) if isinstance(c, rdflib.URIRef)}


ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "kg" / "data"
SHARED = ROOT.parent / "shared"
HEADERS = {
    "entities.tsv": ["key", "kind", "label_ar", "label_en", "wikidata", "country", "aliases"],
    "nisba.tsv": ["form", "country"],
    "titles.tsv": ["title", "title_en", "holder_kind", "rank", "notes"],
    "capitals.tsv": ["city_ar", "country"],
    "triggers.tsv": ["form", "event_type", "subtype", "pos", "frame", "plover", "cameo", "modality", "notes"],
    "modality.tsv": ["cue", "modality", "scope", "notes"],
    "time.tsv": ["word", "kind", "value", "notes"],
    "stopnames.tsv": ["word"],
    "provenance.tsv": ["file", "row", "sources"],
}
KINDS = {"Person", "Organisation", "ArmedGroup", "Country", "City", "Place", "Facility"}
FRAMES = {"subj", "subj_obj", "subj_with", "subj_on", "noun_between", "noun_of", "passive", "reported"}


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a table as dicts (the header checked separately)."""
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{name} must end with a newline"
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:-1])


@cache
def entities() -> dict[str, dict[str, str]]:
    """entities.tsv by key."""
    return {row["key"]: row for row in table("entities.tsv")}


def aliases(row: dict[str, str]) -> list[str]:
    """The Arabic forms of an entity row."""
    return row["aliases"].split("|")


def keys_of_kind(*kinds: str) -> set[str]:
    """Keys of the entities of the given kinds."""
    return {key for key, row in entities().items() if row["kind"] in kinds}


def built_files(root: Path) -> Iterator[Path]:
    """The files the build writes, relative to its output folder."""
    for name in [*HEADERS, "SOURCES.md", "camel/catalogue.json"]:
        yield root / name


# ------------------------------------------------------------------------------- reproducible


def test_tables_equal_a_fresh_build(tmp_path: Path) -> None:
    if not (SHARED / "data").is_dir():
        pytest.skip("the shared data (../shared) is not here to build from")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_tables.py"),
            "--shared",
            str(SHARED),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for committed, fresh in zip(built_files(DATA), built_files(tmp_path), strict=True):
        assert committed.read_bytes() == fresh.read_bytes(), f"{committed.name} differs from a fresh build"


# ------------------------------------------------------------------------------- shape


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_table_has_header_and_full_rows(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == HEADERS[name]
    assert len(lines) > 1
    for number, line in enumerate(lines[1:], start=2):
        assert len(line.split("\t")) == len(HEADERS[name]), f"{name} line {number}: {line!r}"
        cells = line.split("\t")
        assert all(cell == cell.strip(" ") for cell in cells), f"{name} line {number}: stray spaces"


def test_sources_attribute_every_shared_source() -> None:
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for needle in ("country-codes", "PDDL", "ArWikiCats", "MIT", "SaudiNewsNet", "CC BY-NC-SA", "ANERcorp"):
        assert needle in text
    assert "curated by Hadath developers from general knowledge" in text
    for frame in FRAMES:
        assert f"`{frame}`" in text


# ------------------------------------------------------------------------------- entities


def test_entity_keys_are_unique() -> None:
    keys = [row["key"] for row in table("entities.tsv")]
    assert len(keys) == len(set(keys))


def test_entity_kinds_and_labels() -> None:
    for row in table("entities.tsv"):
        assert row["kind"] in KINDS, row
        assert row["label_ar"] and aliases(row)[0] == row["label_ar"], row
        assert all(aliases(row)), row


def test_entity_keys_follow_the_convention() -> None:
    for row in table("entities.tsv"):
        if row["wikidata"]:
            assert row["key"] == row["wikidata"], row
        else:
            assert re.fullmatch(r"[a-z-]+-[a-z0-9-]+", row["key"]), row


def test_wikidata_ids_are_well_formed() -> None:
    ids = [row["wikidata"] for row in table("entities.tsv") if row["wikidata"]]
    assert all(re.fullmatch(r"Q[0-9]+", q) for q in ids)
    assert len(ids) == len(set(ids))


def test_entity_countries_are_country_rows() -> None:
    countries = keys_of_kind("Country")
    for row in table("entities.tsv"):
        assert not row["country"] or row["country"] in countries, row


def test_all_countries_of_country_codes_are_there() -> None:
    assert len(keys_of_kind("Country")) == 249


def test_capitals_are_not_country_aliases() -> None:
    country_forms = {normalise(a) for key in keys_of_kind("Country") for a in aliases(entities()[key])}
    for capital in ("موسكو", "طهران", "واشنطن", "أنقرة", "دمشق", "الرياض", "بروكسل"):
        assert normalise(capital) not in country_forms


# ------------------------------------------------------------------------------- other tables


def test_nisba_countries_exist() -> None:
    countries = keys_of_kind("Country")
    assert all(row["country"] in countries for row in table("nisba.tsv"))


def test_capital_countries_exist() -> None:
    states = keys_of_kind("Country", "Organisation")
    cities = {normalise(a) for key in keys_of_kind("City") for a in aliases(entities()[key])}
    for row in table("capitals.tsv"):
        assert row["country"] in states, row
        assert normalise(row["city_ar"]) in cities, row


def test_triggers_are_well_formed() -> None:
    # The finer event classes, as the ontology (the source of truth) defines them.
    subtypes = {core: {c.rsplit("#", 1)[1] for c in ontology_subclasses(core)} for core in CORE_TYPES}
    forms = [row["form"] for row in table("triggers.tsv")]
    assert len(forms) == len(set(forms))
    for row in table("triggers.tsv"):
        assert row["event_type"] in subtypes, row
        assert not row["subtype"] or row["subtype"] in subtypes[row["event_type"]], row
        assert row["pos"] in {"verb", "noun"} and row["frame"] in FRAMES, row
        assert row["modality"] in {"", "Planned", "Hypothetical", "Negated"}, row
        # forms carry no article: only the verb التقى (form VIII of لقي) begins with ال
        assert not row["form"].startswith("ال") or row["form"].startswith("التق"), row


def test_time_values() -> None:
    for row in table("time.tsv"):
        if row["kind"] in ("month", "hijri_month"):
            assert 1 <= int(row["value"]) <= 12, row
        elif row["kind"] == "weekday":
            assert 0 <= int(row["value"]) <= 6, row
        elif row["kind"] == "relative_day":
            int(row["value"])
        else:
            assert row["kind"] == "relative_range" and re.fullmatch(r"[a-z_]+", row["value"]), row


def test_titles_and_modality_values() -> None:
    for row in table("titles.tsv"):
        assert row["holder_kind"] in {"Person", "Organisation"} and row["rank"].isdigit(), row
    for row in table("modality.tsv"):
        assert row["modality"] in {"Planned", "Hypothetical", "Negated"}, row
        assert row["scope"] in {"before", "after", "clause"}, row


def test_stopnames_are_no_entity_names() -> None:
    names = {normalise(a) for row in table("entities.tsv") for a in aliases(row)}
    clashes = [row["word"] for row in table("stopnames.tsv") if normalise(row["word"]) in names]
    assert not clashes


def test_provenance_covers_the_mixed_tables() -> None:
    rows = table("provenance.tsv")
    assert {row["row"] for row in rows if row["file"] == "entities.tsv"} == set(entities())
    assert len([row for row in rows if row["file"] == "nisba.tsv"]) == len(table("nisba.tsv"))
    assert all(row["sources"] for row in rows)


# ------------------------------------------------------------------------------- facts


def entity_with(form: str, kind: str | None = None) -> list[dict[str, str]]:
    """Entity rows (of ``kind``) that have ``form`` as label or alias."""
    return [row for row in table("entities.tsv") if form in aliases(row) and kind in (None, row["kind"])]


def test_nisba_russian_is_russia() -> None:
    forms = {row["form"]: row["country"] for row in table("nisba.tsv")}
    assert entities()[forms["الروسي"]]["label_en"] == "Russia"
    for form, iso_name in (
        ("الأميركي", "United States"),
        ("الأمريكية", "United States"),
        ("السوري", "Syria"),
    ):
        assert entities()[forms[form]]["label_en"] == iso_name


def test_russia_by_its_short_name() -> None:
    assert "روسيا" in aliases(entities()["Q159"])
    assert entities()["Q159"]["label_ar"] == "روسيا"


def test_moscow_stands_for_russia() -> None:
    capitals = {row["city_ar"]: row["country"] for row in table("capitals.tsv")}
    assert capitals["موسكو"] == "Q159"
    assert capitals["بروكسل"] == "Q458"
    assert "القدس" not in capitals


def test_sdf_by_its_acronym() -> None:
    (sdf,) = entity_with("قسد")
    assert sdf["label_en"] == "Syrian Democratic Forces" and sdf["kind"] == "ArmedGroup"


@pytest.mark.parametrize(
    ("form", "event_type"),
    [("قال", "Statement"), ("قصف", "MilitaryStrike"), ("استقبل", "Meeting"), ("هدنة", "Agreement")],
)
def test_trigger_event_types(form: str, event_type: str) -> None:
    triggers = {row["form"]: row["event_type"] for row in table("triggers.tsv")}
    assert triggers[form] == event_type


def test_october_in_both_calendars() -> None:
    months = {row["word"]: row["value"] for row in table("time.tsv") if row["kind"] == "month"}
    assert months["تشرين الأول"] == months["أكتوبر"] == "10"


@pytest.mark.parametrize(
    ("form", "label_en"),
    [
        ("بوتين", "Vladimir Putin"),
        ("لافروف", "Sergey Lavrov"),
        ("إردوغان", "Recep Tayyip Erdoğan"),
        ("داعش", "Islamic State"),
        ("الحوثيين", "Houthis"),
        ("الناتو", "NATO"),
        ("الكرملين", "Kremlin"),
    ],
)
def test_known_actors(form: str, label_en: str) -> None:
    assert [row["label_en"] for row in entity_with(form)] == [label_en]


def test_the_kremlin_belongs_to_russia() -> None:
    (kremlin,) = entity_with("الكرملين")
    assert kremlin["kind"] == "Organisation" and kremlin["country"] == "Q159"

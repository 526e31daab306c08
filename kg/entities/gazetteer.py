"""The entity tables (``kg/data/*.tsv``) as look-up structures.

Names are matched on normalised word sequences; a leading word may carry proclitics
(و ف ب ل ك ال), which :func:`kg.arabic.tokens.stems` strips. The tables are built from
shared gazetteers by ``scripts/build_tables.py``; see ``kg/data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.arabic.normalise import normalise
from kg.arabic.tokens import Token, stems
from kg.model import Entity, EntityKind

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_NAME_WORDS = 7
_FORCE_WORDS = frozenset({"الجيش", "القوات", "جيش", "قوات"})


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``kg/data/NAME`` (a TSV with a header), or none if it is absent."""
    path = DATA / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v or "") for k, v in row.items()}
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _words(text: str) -> tuple[str, ...]:
    cleaned = "".join(c if (c.isalnum() or c.isspace()) else " " for c in normalise(text))
    return tuple(cleaned.split())


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer hit: tokens ``[start, stop)`` name ``entity``."""

    start: int
    stop: int
    entity: Entity


@dataclass
class _Trie:
    children: dict[str, _Trie] = field(default_factory=dict)
    entity: Entity | None = None

    def insert(self, words: Sequence[str], entity: Entity) -> None:
        node = self
        for word in words:
            node = node.children.setdefault(word, _Trie())
        # The first table row for a name wins: countries and curated rows come first.
        if node.entity is None:
            node.entity = entity


class Gazetteer:
    """Known entities, nisba adjectives, capitals and titles, for matching over tokens."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._names = _Trie()
        self.nisba: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.titles = _Trie()
        self.title_rank: dict[tuple[str, ...], int] = {}
        self.stopnames: set[str] = set()
        self.time_words: set[str] = set()
        self._forces: dict[str, Entity] | None = None
        self._load()

    def _load(self) -> None:
        for row in read_table("stopnames.tsv"):
            self.stopnames.add(normalise(row["word"]))
        # Time words (الخميس، رمضان) end a name, though some analyse as proper nouns.
        for row in read_table("time.tsv"):
            self.time_words.update(normalise(row["word"]).split())
        rows = read_table("entities.tsv")
        for row in rows:
            aliases = tuple(a for a in row.get("aliases", "").split("|") if a)
            entity = Entity(
                key=row["key"],
                kind=EntityKind(row["kind"]),
                label_ar=row["label_ar"],
                label_en=row.get("label_en") or None,
                wikidata=row.get("wikidata") or None,
                country=row.get("country") or None,
                aliases=aliases,
            )
            self.entities[entity.key] = entity
        # Insert by kind priority so a country's name beats a same-named city or person.
        order = [
            EntityKind.COUNTRY,
            EntityKind.ORGANISATION,
            EntityKind.ARMED_GROUP,
            EntityKind.PERSON,
            EntityKind.CITY,
            EntityKind.PLACE,
            EntityKind.FACILITY,
        ]
        for kind in order:
            for entity in self.entities.values():
                if entity.kind is not kind:
                    continue
                for name in (entity.label_ar, *entity.aliases):
                    words = _words(name)
                    if not words or (len(words) == 1 and words[0] in self.stopnames):
                        continue
                    self._names.insert(words, entity)
                    # 'الرقة' is also written 'رقة' after a preposition; but 'الوفي' must not make 'وفي'.
                    if words[0].startswith("ال") and len(words[0]) > 5:
                        self._names.insert((words[0][2:], *words[1:]), entity)
        for row in read_table("nisba.tsv"):
            self.nisba.setdefault(normalise(row["form"]), row["country"])
        for row in read_table("capitals.tsv"):
            self.capitals.setdefault(normalise(row["city_ar"]), row["country"])
        for row in read_table("titles.tsv"):
            words = _words(row["title"])
            # Only titles held by persons introduce a person; "القوات" heads a state's forces.
            if words and row.get("holder_kind", "Person") == "Person":
                self.titles.insert(
                    words,
                    Entity(
                        key=row["title"],
                        kind=EntityKind.PERSON,
                        label_ar=row["title"],
                        label_en=row.get("title_en") or None,
                    ),
                )
                try:
                    self.title_rank[words] = int(row.get("rank") or 0)
                except ValueError:
                    self.title_rank[words] = 0

    def entity(self, key: str | None) -> Entity | None:
        """The table entity with this key."""
        return self.entities.get(key) if key else None

    def country_of_nisba(self, word: str) -> Entity | None:
        """The country a nisba adjective names (الروسي → Russia), proclitics allowed."""
        for stem in _candidates(word):
            key = self.nisba.get(stem)
            if key:
                return self.entities.get(key)
        return None

    def forces_of(self, state: Entity) -> Entity | None:
        """The tables' entity for a state's armed forces, where they have one."""
        if self._forces is None:
            self._forces = {}
            for entity in self.entities.values():
                owner = self.state_of_forces(entity)
                if owner is not None:
                    self._forces.setdefault(owner.key, entity)
        return self._forces.get(state.key)

    def state_of_forces(self, entity: Entity) -> Entity | None:
        """The state whose armed forces ``entity`` is ('الجيش التركي', 'القوات الإسرائيلية'):
        a forces head word followed by the state's nisba."""
        if entity.kind is not EntityKind.ARMED_GROUP or not entity.country:
            return None
        words = normalise(entity.label_ar).split()
        if len(words) == 2 and words[0] in _FORCE_WORDS:
            state = self.country_of_nisba(words[1])
            if state is not None and state.key == entity.country:
                return state
        return None

    def country_of_capital(self, entity: Entity) -> Entity | None:
        """The state a capital stands for in news (موسكو → Russia)."""
        for name in (entity.label_ar, *entity.aliases):
            key = self.capitals.get(normalise(name))
            if key:
                return self.entities.get(key)
        return None

    def _walk(self, trie: _Trie, tokens: Sequence[Token], start: int) -> tuple[int, Entity] | None:
        best: tuple[int, Entity] | None = None
        for first in _candidates(tokens[start].norm):
            node = trie.children.get(first)
            i = start + 1
            while node is not None:
                if node.entity is not None and (best is None or i > best[0]):
                    best = (i, node.entity)
                if i >= len(tokens) or i - start >= MAX_NAME_WORDS or not tokens[i].is_word:
                    break
                node = node.children.get(_bare(tokens[i].norm))
                i += 1
        return best

    def match_at(self, tokens: Sequence[Token], start: int) -> Match | None:
        """The longest known name starting at ``tokens[start]``."""
        if not tokens[start].is_word:
            return None
        found = self._walk(self._names, tokens, start)
        return Match(start, found[0], found[1]) if found else None

    def title_at(self, tokens: Sequence[Token], start: int) -> tuple[int, str] | None:
        """The longest title starting at ``tokens[start]``: (end index, title as in the table)."""
        if not tokens[start].is_word:
            return None
        found = self._walk(self.titles, tokens, start)
        return (found[0], found[1].label_ar) if found else None

    def matches(self, tokens: Sequence[Token]) -> Iterator[Match]:
        """Longest non-overlapping known names, left to right."""
        i = 0
        while i < len(tokens):
            hit = self.match_at(tokens, i)
            if hit is None:
                i += 1
                continue
            yield hit
            i = hit.stop


@functools.lru_cache(maxsize=65536)
def _bare(norm: str) -> str:
    return "".join(c for c in norm if c.isalnum())


@functools.lru_cache(maxsize=65536)
def _candidates(norm: str) -> tuple[str, ...]:
    word = _bare(norm)
    return tuple(dict.fromkeys((word, *stems(word))))


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared, lazily built gazetteer."""
    return Gazetteer()

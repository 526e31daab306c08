"""Entity mentions in a sentence, resolved against what the document has said so far.

Finds, left to right: titled persons (الرئيس الروسي فلاديمير بوتين; وزير الخارجية التركي،
هاكان فيدان), known names from the gazetteer, surnames of persons already met (بزشكيان),
title references (الوزير الروسي → the Russian minister met before), counterparts (نظيره
الإيراني), organisation names by their head word (مجلس منبج العسكري), a country's forces
(القوات التركية) and quoted acronyms («قسد»).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.arabic.morphology import default_morphology
from kg.arabic.normalise import normalise
from kg.arabic.tokens import Token, stems
from kg.entities.gazetteer import Gazetteer, Match, gazetteer
from kg.entities.lexicon import (
    COUNTERPART,
    FORCE_HEADS,
    ORG_HEADS,
    OWN_COUNTRY,
    STOP,
    TITLE_MODIFIERS,
    light,
)
from kg.model import Entity, EntityKind, Mention, Span

MAX_UNKNOWN_NAME = 4
_SLUG = re.compile(r"\W+")


def _key(kind: EntityKind, name: str) -> str:
    return f"{kind.value.lower()}-{_SLUG.sub('-', normalise(name)).strip('-')}"


def _article_form(word: str) -> str:
    return word if word.startswith("ال") else "ال" + word


@dataclass
class PersonRecord:
    """A person the document has named, with what it said about them."""

    entity: Entity
    title: str | None = None
    country: Entity | None = None


@dataclass
class Discourse:
    """What a document has established so far: who is who, and who spoke last."""

    persons: list[PersonRecord] = field(default_factory=list)
    last_speaker: Entity | None = None
    last_subject: Entity | None = None
    extra_entities: dict[str, Entity] = field(default_factory=dict)
    last_visit_place: Entity | None = None
    _surnames: dict[str, Entity] = field(default_factory=dict)

    def remember(self, entity: Entity, title: str | None, country: Entity | None) -> None:
        """Record a named person (most recent last)."""
        for i, record in enumerate(self.persons):
            if record.entity.key == entity.key:
                title = title or record.title
                country = country or record.country
                del self.persons[i]
                break
        self.persons.append(PersonRecord(entity, title, country))
        for name in (entity.label_ar, *entity.aliases):
            parts = normalise(name).split()
            if len(parts) >= 2:
                self._surnames[parts[-1]] = entity
        if country is not None:
            self.extra_entities.setdefault(country.key, country)

    def by_surname(self, word: str) -> Entity | None:
        """The latest person one of whose later name words is ``word`` (بزشكيان, الدخيل)."""
        # The index keeps, for each surname, the person who last had it.
        return self._surnames.get(word) or self._surnames.get(
            word[2:] if word.startswith("ال") else _article_form(word)
        )

    def own_country(self) -> Entity | None:
        """'بلاده': the country of the person the text is about (the last speaker, else the last
        person named with a country)."""
        for record in reversed(self.persons):
            if self.last_speaker is not None and record.entity.key != self.last_speaker.key:
                continue
            return record.country
        return next((r.country for r in reversed(self.persons) if r.country is not None), None)

    def by_title(self, title: str | None, country: Entity | None) -> Entity | None:
        """The latest person named with this title (and country, where given)."""
        head = normalise(title or "").removeprefix("ال")
        for record in reversed(self.persons):
            if country is not None and (record.country is None or record.country.key != country.key):
                continue
            record_title = normalise(record.title or "").removeprefix("ال")
            if not head or (record_title and (head in record_title or record_title in head)):
                return record.entity
        return None


@dataclass(frozen=True, slots=True)
class SentenceMentions:
    """The mentions of one sentence, in text order, with token positions."""

    tokens: tuple[Token, ...]
    mentions: tuple[tuple[int, int, Mention], ...]  # (first token, token after, mention)

    def between(self, start: int, stop: int) -> list[tuple[int, int, Mention]]:
        """Mentions whose first token lies in ``[start, stop)``."""
        return [m for m in self.mentions if start <= m[0] < stop]


class MentionFinder:
    """Finds mentions sentence by sentence, keeping the document's discourse state."""

    def __init__(self, text: str, table: Gazetteer | None = None) -> None:
        self.text = text
        self.table = table or gazetteer()
        self.discourse = Discourse()
        self._title_starts: list[bool] = []
        # The sentence being read, and the table's answers for it (asked again and again by
        # the readers below: one trie walk per position instead of several).
        self._sentence: Sequence[Token] = ()
        self._titles: list[tuple[int, str] | None] = []
        self._matches: dict[int, Match | None] = {}

    def _title_at(self, tokens: Sequence[Token], i: int) -> tuple[int, str] | None:
        if tokens is self._sentence:
            return self._titles[i]
        return self.table.title_at(tokens, i)

    def _match_at(self, tokens: Sequence[Token], i: int) -> Match | None:
        if tokens is not self._sentence:
            return self.table.match_at(tokens, i)
        if i not in self._matches:
            self._matches[i] = self.table.match_at(tokens, i)
        return self._matches[i]

    def _span(self, tokens: Sequence[Token], start: int, stop: int) -> Span:
        return Span.of(self.text, tokens[start].begin, tokens[stop - 1].end)

    def _stop_word(self, token: Token) -> bool:
        word = light(token.text)
        return (
            not token.is_word or word in STOP or token.norm.isdigit() or token.norm in self.table.time_words
        )

    def _nisba(self, tokens: Sequence[Token], i: int) -> tuple[int, Entity | None]:
        """A nisba adjective at ``i`` (commas skipped): (index after it, country)."""
        j = i
        if j < len(tokens) and not tokens[j].is_word and tokens[j].text in "،,":
            j += 1
        if j < len(tokens) and tokens[j].is_word:
            country = self.table.country_of_nisba(tokens[j].norm)
            if country is not None:
                return j + 1, country
        return i, None

    def _skip_comma(self, tokens: Sequence[Token], i: int) -> int:
        if i < len(tokens) and not tokens[i].is_word and tokens[i].text in "،,":
            return i + 1
        return i

    def _unknown_name(self, tokens: Sequence[Token], i: int) -> int:
        """End of a run of name-like words at ``i`` (0 words if none)."""
        j = i
        if i < len(tokens) and tokens[i].is_word and not _name_like(tokens[i], first=True):
            return i
        while j < len(tokens) and j - i < MAX_UNKNOWN_NAME:
            token = tokens[j]
            month_as_name = (
                j == i
                and token.norm in self.table.time_words
                and j + 1 < len(tokens)
                and tokens[j + 1].is_word
                and not self._stop_word(tokens[j + 1])
                and name_start(tokens[j + 1])
            )  # 'رمضان قديروف': a first name that is also a month
            if (self._stop_word(token) and not month_as_name) or self._title_at(tokens, j) is not None:
                break
            if any(s in COUNTERPART for s in stems(token.norm)):
                break  # 'الطاهر الباعور نظيره التونسي …'
            if j > i and not _name_like(token, first=False):
                break
            hit = self._match_at(tokens, j)
            if hit is not None and hit.entity.kind is not EntityKind.PERSON:
                break
            if self.table.country_of_nisba(token.norm) is not None:
                break
            j += 1
        return j

    def _person(self, name: str, country: Entity | None) -> Entity:
        known = self.discourse.by_surname(normalise(name).split()[-1]) if len(name.split()) == 1 else None
        if known is not None:
            return known
        return Entity(
            key=_key(EntityKind.PERSON, name),
            kind=EntityKind.PERSON,
            label_ar=name,
            country=country.key if country else None,
        )

    def _titled(self, tokens: Sequence[Token], i: int) -> tuple[int, Mention] | None:
        """A title, maybe a nisba, and the person's name or a back-reference."""
        found = self._title_at(tokens, i)
        if found is None:
            return None
        j, title = found
        # Titles can chain: "المبعوث الخاص للرئيس الروسي إلى سوريا".
        j, country = self._nisba(tokens, j)
        while j < len(tokens):
            more = self._title_at(tokens, j)
            if more is not None:
                j = more[0]
                j, country = (
                    self._nisba(tokens, j) if country is None else (self._nisba(tokens, j)[0], country)
                )
                continue
            if tokens[j].norm in TITLE_MODIFIERS:
                j += 1
                continue
            if (
                j + 1 < len(tokens)
                and tokens[j].is_word
                and tokens[j].norm.startswith("ال")
                and not name_start(tokens[j])
                and tokens[j + 1].is_word
                and name_start(tokens[j + 1])
                and self._match_at(tokens, j) is None
            ):
                j += 1  # 'عضو المجلس أركان الطرموز': the body the title belongs to
                continue
            complement = self._match_at(tokens, j)
            if complement is not None and complement.entity.kind in (
                EntityKind.ORGANISATION,
                EntityKind.ARMED_GROUP,
                EntityKind.COUNTRY,
            ):
                # 'رئيس حزب القوات اللبنانية سمير جعجع', 'رئيس وزراء روسيا'.
                if complement.entity.kind is EntityKind.COUNTRY:
                    country = country or complement.entity
                j = complement.stop
                j, country = (
                    self._nisba(tokens, j) if country is None else (self._nisba(tokens, j)[0], country)
                )
                continue
            org = self._organisation(tokens, j) if j > i else None
            if org is not None and j > i:
                j = org[0]
                continue
            if tokens[j].norm in ("الي", "الى") and j + 1 < len(tokens):
                hit = self._match_at(tokens, j + 1)
                if hit is not None and hit.entity.kind in (EntityKind.COUNTRY, EntityKind.CITY):
                    j = hit.stop
                    continue
            break
        name_at = self._skip_comma(tokens, j)
        hit = self._match_at(tokens, name_at) if name_at < len(tokens) else None
        if hit is not None and hit.entity.kind is EntityKind.PERSON:
            person = hit.entity
            country = country or self.table.entity(person.country)
            stop = hit.stop
        else:
            stop = self._unknown_name(tokens, name_at) if name_at < len(tokens) else name_at
            words = stop - name_at
            if words >= 2 or (words == 1 and self.discourse.by_surname(tokens[name_at].norm)):
                name = self.text[tokens[name_at].begin : tokens[stop - 1].end]
                person = self._person(name, country)
            else:
                # No name: a reference back to a titled person (الوزير الروسي).
                if country is None and not title.startswith("ال"):
                    return None
                ref = self.discourse.by_title(title, country)
                if ref is None:
                    return None
                return j, Mention(self._span(tokens, i, j), ref, role_title=title, resolved_by="title")
        self.discourse.remember(person, title, country)
        return stop, Mention(self._span(tokens, i, stop), person, role_title=title, resolved_by="title+name")

    def _part_of_longer_name(self, tokens: Sequence[Token], i: int, stop: int, entity: Entity) -> bool:
        """A one-word alias (العامري) right after a name-like word belongs to another person's
        full name (محمد العامري), unless the document already named this person in full."""
        if entity.kind is not EntityKind.PERSON or stop - i != 1 or len(entity.label_ar.split()) < 2:
            return False
        if any(r.entity.key == entity.key for r in self.discourse.persons):
            return False
        if i == 0 or not tokens[i - 1].is_word or self._stop_word(tokens[i - 1]):
            return False
        if tokens[i].norm.startswith("و") and not entity.label_ar.startswith("و"):
            return False  # 'بوتين وبزشكيان': a second name, coordinated
        previous = tokens[i - 1]
        return (
            self._title_at(tokens, i - 1) is None
            and _name_like(previous, first=True)
            and self.table.country_of_nisba(previous.norm) is None
        )

    def _name_then_title(self, tokens: Sequence[Token], i: int) -> tuple[int, Mention] | None:
        """'زوجمار جابريل نائب المستشارة الألمانية': an unknown name in apposition to a title."""
        # Cheap test first: a title must follow within a name's length.
        if not any(self._title_starts[i + 1 : i + MAX_UNKNOWN_NAME + 2]):
            return None
        known = self._match_at(tokens, i)
        if known is not None and known.entity.kind is not EntityKind.PERSON:
            return None
        if known is not None:
            stop = known.stop
        elif not name_start(tokens[i]):
            return None
        else:
            stop = self._unknown_name(tokens, i)
            if stop - i < 2:
                return None
        found = self._title_at(tokens, stop) if stop < len(tokens) else None
        if found is None:
            return None
        end, country = self._nisba(tokens, found[0])
        if country is None and end < len(tokens):
            complement = self._match_at(tokens, end)  # 'رئيس وزراء روسيا'
            if complement is not None and complement.entity.kind is EntityKind.COUNTRY:
                country = complement.entity
        if known is not None:
            person = known.entity
            country = country or self.table.entity(person.country)
        else:
            person = self._person(self.text[tokens[i].begin : tokens[stop - 1].end], country)
        self.discourse.remember(person, found[1], country)
        return stop, Mention(
            self._span(tokens, i, stop), person, role_title=found[1], resolved_by="name+title"
        )

    def _counterpart(self, tokens: Sequence[Token], i: int) -> tuple[int, Mention] | None:
        """'نظيره الإيراني مسعود بزشكيان': a person holding the last person's title for a state."""
        end, country = self._nisba(tokens, i + 1)
        title = self.discourse.persons[-1].title if self.discourse.persons else None
        name_at = self._skip_comma(tokens, end)
        hit = self._match_at(tokens, name_at) if name_at < len(tokens) else None
        person: Entity | None = None
        stop = end
        if hit is not None and hit.entity.kind is EntityKind.PERSON:
            person, stop = hit.entity, hit.stop
        elif name_at < len(tokens):
            stop = self._unknown_name(tokens, name_at)
            if stop - name_at >= 2:
                person = self._person(self.text[tokens[name_at].begin : tokens[stop - 1].end], country)
            else:
                stop = end
        if person is not None:
            self.discourse.remember(person, title, country)
            return stop, Mention(
                self._span(tokens, i, stop), person, role_title=title, resolved_by="counterpart"
            )
        ref = self.discourse.by_title(None, country) if country is not None else None
        if ref is None:
            return None
        return end, Mention(self._span(tokens, i, end), ref, resolved_by="counterpart")

    def _forces(self, tokens: Sequence[Token], i: int) -> tuple[int, Mention] | None:
        """A country's forces: 'القوات التركية', 'مدفعية القوات التركية', 'الجيش الإسرائيلي'."""
        if (
            tokens[i].norm not in FORCE_HEADS
            and _bare_stem(tokens[i]) not in FORCE_HEADS
            and not any(s in FORCE_HEADS for s in stems(tokens[i].norm))
        ):
            return None
        j = i + 1
        if j < len(tokens) and tokens[j].norm in FORCE_HEADS:
            j += 1
        end, country = self._nisba(tokens, j)
        if country is None or end != j + (0 if tokens[j].is_word else 1) + 1:
            return None
        known = self._match_at(tokens, i)
        if known is not None and known.entity.kind is EntityKind.ARMED_GROUP and known.stop >= end:
            # The tables know this state's forces by name (with a Wikidata id where verified).
            return known.stop, Mention(self._span(tokens, i, known.stop), known.entity, resolved_by="name")
        table_forces = self.table.forces_of(country)
        if table_forces is not None:
            # 'الطائرات الإسرائيلية', 'والقوات التركية': the one entity the tables have for them.
            return end, Mention(self._span(tokens, i, end), table_forces, resolved_by="forces")
        head = next((s for s in stems(tokens[i].norm) if s in FORCE_HEADS), tokens[i].norm)
        start = tokens[i].end - len(head) if len(head) <= len(tokens[i].text) else tokens[i].begin
        label = self.text[start : tokens[end - 1].end]  # without the proclitic: 'والقوات' → 'القوات'
        en = f"{country.label_en} forces" if country.label_en else None
        force = Entity(
            key=f"forces-{country.key}",
            kind=EntityKind.ARMED_GROUP,
            label_ar=label,
            label_en=en,
            country=country.key,
        )
        self.discourse.extra_entities.setdefault(country.key, country)
        return end, Mention(self._span(tokens, i, end), force, resolved_by="forces")

    def _organisation(self, tokens: Sequence[Token], i: int) -> tuple[int, Mention] | None:
        """An organisation named by its head word: 'مجلس منبج العسكري', 'وزارة الخارجية الروسية'."""
        head = tokens[i].norm
        armed = head in FORCE_HEADS or _bare_stem(tokens[i]) in FORCE_HEADS
        if head not in ORG_HEADS and _bare_stem(tokens[i]) not in ORG_HEADS and not armed:
            return None
        follows = self._match_at(tokens, i + 1) if i + 1 < len(tokens) else None
        if follows is not None and follows.entity.kind in (EntityKind.ORGANISATION, EntityKind.ARMED_GROUP):
            return None  # 'فصائل الجيش الوطني السوري': the known name that follows is the actor
        j = i + 1
        heads = ORG_HEADS | FORCE_HEADS
        form = next((f for f in (tokens[i].norm, *stems(tokens[i].norm)) if f in heads), tokens[i].norm)
        definite = form.startswith(("ال", "لل"))  # 'وكالة' is a head, not و+ك+ال
        while j < len(tokens) and j - i < 5 and not self._stop_word(tokens[j]):
            word = tokens[j].norm
            if definite and not word.startswith("ال"):
                break  # 'المجلس' takes adjectives (المجلس الأعلى), not a following name
            # A construct chain ends at its first definite noun; then only adjectives follow, or
            # one coordinated noun: 'شركة صناعات الطيران والفضاء التركية', not 'مجلس الوزراء الموافقة'.
            adjectives_only = definite or any(t.norm.startswith(("ال", "وال")) for t in tokens[i + 1 : j])
            coordinated = word.startswith("وال") and not tokens[j - 1].norm.startswith("وال")
            if adjectives_only and not (
                coordinated or self.table.country_of_nisba(word) is not None or _adjective(tokens[j])
            ):
                break

            if (self._title_at(tokens, j) is not None and j > i + 1) or (
                word.startswith("ل") and not word.startswith("لل") and j > i + 1
            ):
                break
            j += 1
            if self.table.country_of_nisba(word) is not None:
                break  # 'حزب القوات اللبنانية' ends with its nisba
        if j == i + 1:
            return None
        name = self.text[tokens[i].begin : tokens[j - 1].end]
        _, country = self._nisba(tokens, j - 1)
        kind = EntityKind.ARMED_GROUP if armed else EntityKind.ORGANISATION
        org = Entity(key=_key(kind, name), kind=kind, label_ar=name, country=country.key if country else None)
        if country is not None:
            self.discourse.extra_entities.setdefault(country.key, country)
        return j, Mention(self._span(tokens, i, j), org, resolved_by="organisation")

    def find(self, tokens: Sequence[Token]) -> SentenceMentions:
        """All mentions in one sentence's tokens, updating the discourse."""
        found: list[tuple[int, int, Mention]] = []
        self._sentence = tokens
        self._titles = [self.table.title_at(tokens, k) for k in range(len(tokens))]
        self._matches = {}
        self._title_starts = [title is not None for title in self._titles]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token.is_word:
                i += 1
                continue
            result = self._titled(tokens, i) or self._forces(tokens, i) or self._name_then_title(tokens, i)
            if result is None:
                hit = self._match_at(tokens, i)
                if hit is not None and self._part_of_longer_name(tokens, i, hit.stop, hit.entity):
                    hit = None
                if hit is not None and hit.stop - i == 1 and hit.entity.kind is EntityKind.PERSON:
                    # The document's own محمد العامري wins over the table's هادي العامري.
                    known = self.discourse.by_surname(_bare_stem(token)) or self.discourse.by_surname(
                        token.norm
                    )
                    if known is not None and known.key != hit.entity.key:
                        hit = None
                if hit is not None:
                    entity = hit.entity
                    if entity.kind is EntityKind.PERSON:
                        self.discourse.remember(entity, None, self.table.entity(entity.country))
                    result = (hit.stop, Mention(self._span(tokens, i, hit.stop), entity, resolved_by="name"))
            if result is None and any(s in COUNTERPART for s in stems(token.norm)):
                result = self._counterpart(tokens, i)
            if result is None and any(s in OWN_COUNTRY for s in stems(token.norm)):
                country = self.discourse.own_country()
                if country is not None:
                    result = (
                        i + 1,
                        Mention(self._span(tokens, i, i + 1), country, resolved_by="own-country"),
                    )
            if result is None:
                result = self._organisation(tokens, i)
            if result is None:
                ref = self.discourse.by_surname(_bare_stem(token)) or self.discourse.by_surname(token.norm)
                if ref is not None:
                    result = (i + 1, Mention(self._span(tokens, i, i + 1), ref, resolved_by="surname"))
            if result is None:
                i += 1
                continue
            stop, mention = result
            found.append((i, stop, mention))
            i = max(stop, i + 1)
        return SentenceMentions(tuple(tokens), tuple(found))


@functools.lru_cache(maxsize=200_000)
def _parts_of_speech(word: str) -> tuple[str, ...] | None:
    """The parts of speech camel-tools gives ``word``, most frequent first; None when its
    database is not installed. Only these few strings are kept per word, so memory stays
    small over a large batch (the full analyses are not cached)."""
    morphology = default_morphology()
    if not morphology.is_available():
        return None
    return morphology.parts_of_speech(word)


def _pos(token: Token) -> tuple[str, ...] | None:
    return _parts_of_speech("".join(c for c in token.text if c.isalpha()))


def _name_like(token: Token, *, first: bool) -> bool:
    """Could the word be part of a person's name? Where camel-tools' database is installed,
    a name opens with a proper noun or a word it does not know (foreign names), and goes on
    until a word that can only be a verb."""
    pos = _pos(token)
    if not pos:
        return True
    if first:
        return "noun_prop" in pos
    return pos != ("verb",)


def _adjective(token: Token) -> bool:
    """Most likely an adjective (العسكري، الأعلى), where the analyser is installed."""
    pos = _pos(token)
    if pos is None:
        return True
    return bool(pos) and pos[0] in ("adj", "adj_comp", "adj_num")


def name_start(token: Token) -> bool:
    """Stricter than :func:`_name_like` for a name no title announces: the word is unknown to
    the analyser (a foreign name) or most likely a proper noun."""
    pos = _pos(token)
    return not pos or pos[0] == "noun_prop"


def _bare_stem(token: Token) -> str:
    options = stems(token.norm)
    return options[-1] if options else token.norm

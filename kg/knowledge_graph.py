"""The typed Python API of Hadath: :class:`KnowledgeGraph`.

    from kg import KnowledgeGraph

    graph = KnowledgeGraph("hadath-data")             # a store on disk; None: in memory
    graph.ingest("examples/articles")                 # a file, a folder, or a text:
    graph.ingest("التقى ...", id="note-1", published="2024-10-11")
    for event in graph.events(type="Meeting", actor="Putin", since="2024-10-01"):
        print(event.date, [filler.entity.label for filler in event.roles])
    graph.entity("بوتين")                             # an EntityRecord, with its events
    graph.query("SELECT ...")                         # rows as dicts of Python values
    graph.construct("CONSTRUCT ...")                  # an rdflib.Graph
    graph.export("dump.trig"); graph.remove("note-1")

    KnowledgeGraph.remote("http://localhost:8000/sparql")   # read-only, over HTTP

Everything that reads goes through SPARQL, so a store on disk and a remote SPARQL 1.1
endpoint answer the same way; writing (``ingest``, ``remove``, ``export``) needs a local
store. ``events`` evaluates one query for the matching events (ordered by date, then IRI)
and fetches their roles, evidence and sources in batches, so asking for every event of a
large store costs a query per batch, not per event; the records are yielded lazily.

Errors::

    KnowledgeGraphError
     ├── ReadOnlyError     a write on a remote endpoint or a store opened read-only
     └── EndpointError     the remote endpoint failed or answered something unreadable
    ValueError             a bad argument (an unknown event type, a malformed date, a query
                           of the wrong form); kg.documents.InputError (a ValueError) for a
                           text that is empty or not Arabic
    kg.store.StoreError    the store on disk cannot be opened or written
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, cast

import pyoxigraph as ox
import rdflib

from kg import iris
from kg.arabic.normalise import normalise
from kg.documents import ARTICLE_SUFFIXES, InputError, Rejected, document_from_text, parse_date
from kg.model import Document, DocumentAnalysis, EventType, Modality, Role
from kg.pipeline import IngestReport, ingest, ingest_document
from kg.store import FORMATS, ONTOLOGY_FILE, PREFIXES, HadathStore, format_of
from kg.vocab import HD, NIF, OWL, PROV, RDF, RDFS, XSD

if TYPE_CHECKING:
    import httpx

    from kg.events import ExtractorSettings

__all__ = [
    "EndpointError",
    "EntityRecord",
    "EntityRef",
    "EventRecord",
    "Evidence",
    "KnowledgeGraph",
    "KnowledgeGraphError",
    "ReadOnlyError",
    "RoleFiller",
    "Row",
    "Value",
]

_HD = iris.ONTOLOGY  # the namespace, for taking local names apart
_XSD = str(XSD._NS)
RDF_TYPE, RDF_LANG_STRING = str(RDF.type), str(RDF.langString)
RDFS_LABEL, OWL_SAME_AS, PROV_DERIVED = str(RDFS.label), str(OWL.sameAs), str(PROV.wasDerivedFrom)
NIF_ANCHOR, NIF_BEGIN, NIF_END = str(NIF.anchorOf), str(NIF.beginIndex), str(NIF.endIndex)
# Not a real property: the details query binds it to say "this node belongs to document …".
_DOCUMENT_ID = "urn:x-hadath:document-id"


@functools.cache
def _hd(name: str) -> str:
    """The IRI of an ``hd:`` term, checked against the ontology (a misspelling raises)."""
    return str(HD[name])


_ROLES = tuple(Role)
_CORE = {_hd(t.value): t for t in EventType}
# The most specific kind first: an entity typed City and Place is a City.
_ENTITY_KINDS = ("Person", "ArmedGroup", "Organisation", "Country", "City", "Facility", "Place", "Entity")

Value = str | int | float | Decimal | bool | dt.date | dt.datetime
"""A SPARQL value as Python: IRIs and plain strings as ``str``, typed literals by datatype."""
Row = dict[str, Value | None]
"""One solution of a SELECT query: every variable, ``None`` where it is unbound."""


class KnowledgeGraphError(RuntimeError):
    """Something the knowledge graph cannot do; the message says what and why."""


class ReadOnlyError(KnowledgeGraphError):
    """A write was asked of a remote endpoint or of a store opened read-only."""


class EndpointError(KnowledgeGraphError):
    """The remote SPARQL endpoint failed, or answered with something unreadable."""


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An actor or place as events point at it: its IRI, labels and Wikidata id."""

    iri: str
    label_ar: str | None = None
    label_en: str | None = None
    wikidata: str | None = None  # "Q7747"
    kind: str | None = None  # "Person", "Country", … (the hd: class)

    @property
    def label(self) -> str:
        """The Arabic label, else the English one, else the IRI."""
        return self.label_ar or self.label_en or self.iri


@dataclass(frozen=True, slots=True)
class RoleFiller:
    """An entity in a role of an event (``hd:participant``, ``hd:speaker``, …)."""

    role: Role
    entity: EntityRef


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text an event was read from: ``text == document_text[begin:end]``."""

    text: str
    begin: int
    end: int
    document_id: str | None
    article_iri: str | None
    iri: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event of the graph with its roles, time, place, quote, evidence and sources."""

    iri: str
    type: EventType
    subtypes: tuple[str, ...] = ()  # finer hd: classes, e.g. ("Talks",)
    roles: tuple[RoleFiller, ...] = ()
    date: dt.date | None = None  # where the day is known
    earliest: dt.date | None = None  # a range, where only that is known
    latest: dt.date | None = None
    time_expression: str | None = None  # the words that gave the time
    place: EntityRef | None = None
    quote: str | None = None
    modality: Modality | None = None
    confidence: float | None = None
    killed: int | None = None
    injured: int | None = None
    label_ar: str | None = None
    label_en: str | None = None
    evidence: tuple[Evidence, ...] = ()
    sources: tuple[str, ...] = ()  # document ids

    def entities(self, role: Role | str) -> tuple[EntityRef, ...]:
        """The entities that fill ``role`` (a :class:`~kg.model.Role` or its name)."""
        wanted = _role(role)
        return tuple(f.entity for f in self.roles if f.role is wanted)


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity with what the graph says of it, and every event it fills a role in or hosts."""

    iri: str
    label_ar: str | None
    label_en: str | None
    kind: str | None
    wikidata: str | None
    same_as: tuple[str, ...]
    country: EntityRef | None
    events: tuple[EventRecord, ...]

    @property
    def label(self) -> str:
        """The Arabic label, else the English one, else the IRI."""
        return self.label_ar or self.label_en or self.iri

    @property
    def ref(self) -> EntityRef:
        """The entity as events point at it."""
        return EntityRef(self.iri, self.label_ar, self.label_en, self.wikidata, self.kind)


# ---------------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class _Term:
    """An RDF term as either backend gives it."""

    kind: str  # "iri", "bnode", "literal", "triple"
    value: str
    datatype: str | None = None
    lang: str | None = None


_INTEGERS = {
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}  # fmt: skip


def _python(term: _Term | None) -> Value | None:
    """A term as a Python value (see :data:`Value`); the lexical form where it does not parse."""
    if term is None:
        return None
    if term.kind != "literal" or term.datatype is None:
        return term.value
    datatype, text = term.datatype, term.value.strip()
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == _XSD + "decimal":
            return Decimal(text)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(text.replace("INF", "inf"))
        if datatype == _XSD + "boolean":
            return text in ("true", "1")
        if datatype == _XSD + "date":
            return dt.date.fromisoformat(text[:10])
        if datatype == _XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except (ValueError, InvalidOperation):
        pass
    return term.value


def _from_oxigraph(node: object) -> _Term:
    if isinstance(node, ox.NamedNode):
        return _Term("iri", node.value)
    if isinstance(node, ox.BlankNode):
        return _Term("bnode", node.value)
    if isinstance(node, ox.Literal):
        return _Term("literal", node.value, node.datatype.value, node.language)
    return _Term("triple", str(node))


def _from_json(binding: Mapping[str, object]) -> _Term:
    kind = binding.get("type")
    value = str(binding.get("value", ""))
    if kind == "uri":
        return _Term("iri", value)
    if kind == "bnode":
        return _Term("bnode", value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        datatype = binding.get("datatype")
        if lang:
            return _Term("literal", value, RDF_LANG_STRING, str(lang))
        return _Term("literal", value, str(datatype) if datatype else _XSD + "string")
    return _Term("triple", json.dumps(binding, ensure_ascii=False))


# ---------------------------------------------------------------------------- SPARQL text

_PROLOGUE_PREFIXES = {**PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _PROLOGUE_PREFIXES.items())
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def with_prefixes(sparql: str) -> str:
    """``sparql`` with the usual prefixes (``hd:``, ``prov:``, …) declared where it does not."""
    missing = [
        f"PREFIX {p}: <{ns}>\n"
        for p, ns in _PROLOGUE_PREFIXES.items()
        if not re.search(rf"(?im)^\s*PREFIX\s+{p}\s*:", sparql)
    ]
    return "".join(missing) + sparql


def _iri_ref(value: str) -> str:
    if _IRI_FORBIDDEN.search(value) or ":" not in value:
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _date_literal(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def _values(var: str, refs: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(refs)} }}"


_XPATH_SPECIAL = set("\\.?*+(){}[]^$|-")
_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"  # diacritics, tatweel
_LETTER_VARIANTS = {"ا": "[اأإآٱ]", "ي": "[يىئ]", "ه": "[هة]", "و": "[وؤ]"}


def _name_regex(normalised: str) -> str:
    """An XPath regex matching ``normalised`` as whole words in any spelling
    :func:`~kg.arabic.normalise.normalise` folds together (hamza forms, diacritics, …)."""
    parts = []
    for char in normalised:
        if char == " ":
            parts.append(r"\s+")
            continue
        if char in _LETTER_VARIANTS:
            parts.append(_LETTER_VARIANTS[char])
        elif char in _XPATH_SPECIAL:
            parts.append("\\" + char)
        else:
            parts.append(char)
        parts.append(_MARKS)
    return r"(^|[^\p{L}\p{M}])" + "".join(parts) + r"([^\p{L}\p{M}]|$)"


# ---------------------------------------------------------------------------- arguments


def _role(value: Role | str) -> Role:
    if isinstance(value, Role):
        return value
    name = value.removeprefix("hd:").removeprefix(_HD).lower()
    for role in Role:
        if role.value == name:
            return role
    raise ValueError(f"unknown role {value!r} (known: {', '.join(r.value for r in Role)})")


def _modality(value: Modality | str) -> Modality:
    if isinstance(value, Modality):
        return value
    name = value.removeprefix("hd:").removeprefix(_HD).lower()
    for modality in Modality:
        if modality.value.lower() == name:
            return modality
    raise ValueError(f"unknown modality {value!r} (known: {', '.join(m.value for m in Modality)})")


@functools.lru_cache(maxsize=1)
def _event_classes() -> frozenset[str]:
    """The local names of ``hd:Event`` and every class below it in the ontology file."""
    graph = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    below = graph.transitive_subjects(RDFS.subClassOf, HD.Event)
    return frozenset(str(c)[len(_HD) :] for c in below if str(c).startswith(_HD))


def _event_class(value: EventType | str) -> str:
    """An event type (``EventType``, ``"Meeting"``, ``"hd:AirStrike"`` or an IRI) as an IRI."""
    if isinstance(value, EventType):
        return _hd(value.value)
    if value.startswith(("http://", "https://", "urn:")):
        return value
    name = value.removeprefix("hd:")
    if name not in _event_classes():
        known = ", ".join(sorted(_event_classes()))
        raise ValueError(f"unknown event type {value!r} (known: {known})")
    return _HD + name


def _day(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    day = parse_date(value, name)
    if day is None:
        raise ValueError(f"{name} needs a date, not {value!r}")
    return day


def _many(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str | EventType | Modality | Role) or not isinstance(value, Iterable):
        return [value]
    return list(value)


# ---------------------------------------------------------------------------- backends


class _Backend(Protocol):
    """Where queries are evaluated: a local Oxigraph store or a remote endpoint."""

    location: str

    def select(self, sparql: str) -> tuple[list[str], Iterator[dict[str, _Term]]]: ...

    def ask(self, sparql: str) -> bool: ...

    def graph(self, sparql: str) -> rdflib.Graph: ...

    def close(self) -> None: ...


def _wrong_form(expected: str, got: str) -> ValueError:
    use = {"SELECT": "query()", "ASK": "ask()", "CONSTRUCT or DESCRIBE": "construct()"}[got]
    return ValueError(f"expected a {expected} query; this one is {got}: use {use}")


def _new_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for prefix, namespace in _PROLOGUE_PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


class _LocalBackend:
    """Queries evaluated by Oxigraph in this process; solutions streamed as they come."""

    def __init__(self, store: HadathStore) -> None:
        self.store = store
        self.location = str(store.path) if store.path is not None else ":memory:"

    def _run(self, sparql: str) -> object:
        try:
            return self.store.query(sparql)
        except SyntaxError as err:
            raise ValueError(f"SPARQL syntax error: {err}") from None

    def select(self, sparql: str) -> tuple[list[str], Iterator[dict[str, _Term]]]:
        results = self._run(sparql)
        if isinstance(results, ox.QueryBoolean):
            raise _wrong_form("SELECT", "ASK")
        if not isinstance(results, ox.QuerySolutions):
            raise _wrong_form("SELECT", "CONSTRUCT or DESCRIBE")
        solutions = results
        names = [v.value for v in solutions.variables]

        def rows() -> Iterator[dict[str, _Term]]:
            for solution in solutions:
                row: dict[str, _Term] = {}
                for name in names:
                    node = solution[name]
                    if node is not None:
                        row[name] = _from_oxigraph(node)
                yield row

        return names, rows()

    def close(self) -> None:
        """Nothing to release: the store is closed by its owner."""

    def ask(self, sparql: str) -> bool:
        results = self._run(sparql)
        if isinstance(results, ox.QuerySolutions):
            raise _wrong_form("ASK", "SELECT")
        if not isinstance(results, ox.QueryBoolean):
            raise _wrong_form("ASK", "CONSTRUCT or DESCRIBE")
        return bool(results)

    def graph(self, sparql: str) -> rdflib.Graph:
        results = self._run(sparql)
        if isinstance(results, ox.QuerySolutions):
            raise _wrong_form("CONSTRUCT or DESCRIBE", "SELECT")
        if isinstance(results, ox.QueryBoolean):
            raise _wrong_form("CONSTRUCT or DESCRIBE", "ASK")
        assert isinstance(results, ox.QueryTriples)
        data = results.serialize(format=ox.RdfFormat.N_TRIPLES)
        graph = _new_graph()
        if data:
            graph.parse(data=data.decode("utf-8"), format="nt")
        return graph


class _RemoteBackend:
    """Queries sent to a SPARQL 1.1 Protocol endpoint by POST (read-only)."""

    def __init__(self, url: str, timeout: float, headers: Mapping[str, str] | None) -> None:
        try:
            import httpx
        except ImportError:  # pragma: no cover - httpx comes with the test extras
            raise KnowledgeGraphError("a remote knowledge graph needs httpx: pip install httpx") from None
        self.location = url
        self._client: httpx.Client = httpx.Client(timeout=timeout, headers=dict(headers or {}))

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _post(self, sparql: str, accept: str) -> httpx.Response:
        import httpx

        try:
            response = self._client.post(self.location, data={"query": sparql}, headers={"Accept": accept})
        except httpx.HTTPError as err:
            raise EndpointError(f"{self.location}: {type(err).__name__}: {err}") from None
        if response.status_code == 400:
            raise ValueError(f"{self.location} rejected the query: {response.text[:500]}")
        if response.status_code != 200:
            raise EndpointError(f"{self.location} answered {response.status_code}: {response.text[:500]}")
        return response

    def _results(self, sparql: str) -> dict[str, object]:
        response = self._post(sparql, "application/sparql-results+json")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind not in ("application/sparql-results+json", "application/json"):
            raise _wrong_form("SELECT or ASK", "CONSTRUCT or DESCRIBE")
        try:
            payload = response.json()
        except ValueError as err:
            raise EndpointError(f"{self.location}: unreadable JSON results: {err}") from None
        if not isinstance(payload, dict):
            raise EndpointError(f"{self.location}: JSON results are not an object")
        return payload

    def select(self, sparql: str) -> tuple[list[str], Iterator[dict[str, _Term]]]:
        payload = self._results(sparql)
        if "boolean" in payload:
            raise _wrong_form("SELECT", "ASK")
        head = payload.get("head")
        results = payload.get("results")
        names = list(head.get("vars", [])) if isinstance(head, dict) else []
        bindings = results.get("bindings", []) if isinstance(results, dict) else []
        rows = (
            {str(k): _from_json(v) for k, v in binding.items() if isinstance(v, dict)}
            for binding in bindings
            if isinstance(binding, dict)
        )
        return [str(n) for n in names], rows

    def ask(self, sparql: str) -> bool:
        payload = self._results(sparql)
        if "boolean" not in payload:
            raise _wrong_form("ASK", "SELECT")
        return bool(payload["boolean"])

    def graph(self, sparql: str) -> rdflib.Graph:
        response = self._post(sparql, "application/n-triples, text/turtle;q=0.9")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle"}
        if kind not in formats:
            raise _wrong_form("CONSTRUCT or DESCRIBE", "SELECT")
        graph = _new_graph()
        graph.parse(data=response.text, format=formats[kind])
        return graph


# ---------------------------------------------------------------------------- the graph

_Triples = dict[str, dict[str, list[_Term]]]


class KnowledgeGraph:
    """A Hadath knowledge graph: a store on disk (or in memory), or a remote endpoint."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        settings: ExtractorSettings | None = None,
    ) -> None:
        """Open (or create) the store at ``path``; ``None`` keeps a store in memory."""
        self._store: HadathStore | None = HadathStore(path, read_only=read_only)
        self._backend: _Backend = _LocalBackend(self._store)
        self._settings = settings
        self._owns_store = True

    @classmethod
    def from_store(cls, store: HadathStore, *, settings: ExtractorSettings | None = None) -> KnowledgeGraph:
        """A knowledge graph over a store that is already open (``close`` leaves it open)."""
        graph = cls.__new__(cls)
        graph._store = store
        graph._backend = _LocalBackend(store)
        graph._settings = settings
        graph._owns_store = False
        return graph

    @classmethod
    def remote(
        cls, url: str, *, timeout: float = 30.0, headers: Mapping[str, str] | None = None
    ) -> KnowledgeGraph:
        """A read-only knowledge graph over a SPARQL 1.1 endpoint (e.g. ``kg serve``'s ``/sparql``)."""
        graph = cls.__new__(cls)
        graph._store = None
        graph._backend = _RemoteBackend(url, timeout, headers)
        graph._settings = None
        graph._owns_store = False
        return graph

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self._backend.location!r})"

    @property
    def location(self) -> str:
        """The store's folder, ``":memory:"``, or the endpoint's URL."""
        return self._backend.location

    @property
    def store(self) -> HadathStore:
        """The local store (for what this API does not cover)."""
        if self._store is None:
            raise ReadOnlyError(f"{self.location} is a remote endpoint: it has no local store")
        return self._store

    def _writable(self, action: str) -> HadathStore:
        store = self._store
        if store is None:
            raise ReadOnlyError(f"cannot {action}: {self.location} is a remote endpoint (read-only)")
        if store.read_only:
            raise ReadOnlyError(f"cannot {action}: the store {self.location} is open read-only")
        return store

    def close(self) -> None:
        """Release the store (a store on disk is locked while it is open) or the connection."""
        if self._store is not None and self._owns_store:
            self._store.flush()
            self._store.close()
        self._store = None
        self._backend.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def ingest(
        self,
        text_or_path: str | Path | Document,
        /,
        *,
        id: str | None = None,
        title: str | None = None,
        published: dt.date | str | None = None,
        source: str | None = None,
        url: str | None = None,
    ) -> IngestReport:
        """Extract the events of a text, a file or a folder and store them.

        A :class:`~pathlib.Path`, or a string naming an existing file or folder, is read like
        ``kg ingest`` reads it (metadata from ``NAME.json`` sidecars; ``published`` fills a
        missing date) and bad files are reported in ``IngestReport.skipped``. Any other string
        is the article text itself, with the metadata given here; its ``id`` defaults to a
        hash of the text, so ingesting it again replaces it. A bad text raises
        :class:`~kg.documents.InputError`.
        """
        store = self._writable("ingest")
        date = _day(published, "published") if published is not None else None
        if isinstance(text_or_path, Document):
            return self._ingest_document(store, text_or_path)
        path = _as_path(text_or_path)
        if path is None:
            text = str(text_or_path)
            doc_id = id or "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            document = document_from_text(text, doc_id, title=title, published=date, source=source, url=url)
            return self._ingest_document(store, document)
        if any(v is not None for v in (id, title, source, url)):
            raise ValueError(f"{path}: a file's id, title, source and url come from its NAME.json sidecar")
        return self.ingest_many([path], published=date)

    def _ingest_document(self, store: HadathStore, document: Document) -> IngestReport:
        analysis: DocumentAnalysis = ingest_document(store, document, settings=self._settings)
        store.flush()
        report = IngestReport()
        report.documents.append(document.id)
        report.events.update(e.type.value for e in analysis.events)
        return report

    def ingest_many(
        self,
        paths: Iterable[str | Path],
        *,
        published: dt.date | str | None = None,
        workers: int = 1,
        on_progress: Callable[[DocumentAnalysis | Rejected], None] | None = None,
    ) -> IngestReport:
        """Ingest every article under ``paths`` (files and folders), as ``kg ingest`` does."""
        store = self._writable("ingest")
        date = _day(published, "published") if published is not None else None
        return ingest(
            store, list(paths), published=date, workers=workers, settings=self._settings,
            on_progress=on_progress,
        )  # fmt: skip

    def remove(self, doc_id: str) -> bool:
        """Retract everything one document said; False if there was no such document."""
        store = self._writable("remove a document")
        removed = store.remove_document(doc_id)
        store.flush()
        return removed

    def export(self, destination: str | Path | IO[bytes], format: str | None = None) -> None:
        """Write the whole dataset (every named graph, the ontology included).

        ``format`` is one of ``nquads``, ``trig``, ``turtle``, ``ntriples``, ``jsonld``,
        ``rdfxml``, ``n3``; for a path it defaults to what the suffix says (``.gz`` is
        compressed). Triple formats hold the union of the graphs. A file is written whole or
        not at all.
        """
        store = self.store
        if format is not None and format not in FORMATS:
            raise ValueError(f"unknown RDF format {format!r} (known: {', '.join(sorted(FORMATS))})")
        if not isinstance(destination, str | Path):
            store.dump(destination, format or "nquads")
            return
        path = Path(destination)
        fmt = format or format_of(path)
        part = path.with_name(path.name + ".part")
        with part.open("wb") as raw:
            if path.name.lower().endswith(".gz"):
                with gzip.GzipFile(fileobj=raw, mode="wb") as zipped:
                    store.dump(cast(IO[bytes], zipped), fmt)
            else:
                store.dump(raw, fmt)
        part.replace(path)

    # -- SPARQL --------------------------------------------------------------------------

    def query(self, sparql: str) -> list[Row]:
        """Run a SELECT query; each row maps every variable to a Python value (or None).

        IRIs and plain or language-tagged strings come back as ``str``; typed literals as
        ``int``, ``Decimal``, ``float``, ``bool``, ``datetime.date`` or ``datetime.datetime``.
        The usual prefixes (``hd:``, ``prov:``, ``dcterms:``, ``nif:``, ``rdfs:``, ``owl:``,
        ``xsd:``, ``wd:`` …) need not be declared.
        """
        names, rows = self._backend.select(with_prefixes(sparql))
        return [{name: _python(row.get(name)) for name in names} for row in rows]

    def ask(self, sparql: str) -> bool:
        """Run an ASK query."""
        return self._backend.ask(with_prefixes(sparql))

    def construct(self, sparql: str) -> rdflib.Graph:
        """Run a CONSTRUCT (or DESCRIBE) query; the triples as an :class:`rdflib.Graph`."""
        return self._backend.graph(with_prefixes(sparql))

    def _select(self, sparql: str) -> Iterator[dict[str, _Term]]:
        return self._backend.select(_PROLOGUE + sparql)[1]

    # -- documents -----------------------------------------------------------------------

    def documents(self) -> list[str]:
        """The ids of the stored documents, sorted."""
        if self._store is not None:
            return self._store.document_ids()
        rows = self._select("SELECT DISTINCT ?id WHERE { ?d a hd:Document ; dcterms:identifier ?id }")
        return sorted({row["id"].value for row in rows if "id" in row})

    def event_counts(self) -> dict[str, int]:
        """How many events of each core type the graph holds."""
        rows = self._select(
            "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type . "
            + _values("type", (f"hd:{t.value}" for t in EventType))
            + " } GROUP BY ?type"
        )
        counts = {t.value: 0 for t in EventType}
        for row in rows:
            counts[row["type"].value[len(_HD) :]] = int(row["n"].value)
        return counts

    # -- entities ------------------------------------------------------------------------

    def find_entities(self, name: str) -> list[EntityRef]:
        """The entities a name, an IRI or a Wikidata id (``Q7747``) may mean, best first.

        Names are matched against every ``rdfs:label`` as whole words, after the Arabic
        normalisation of :func:`kg.arabic.normalise.normalise` (hamza forms, alef maksura,
        teh marbuta, diacritics, tatweel) and ignoring Latin case: ``"بوتين"``, ``"putin"``
        and ``"فلاديمير بوتين"`` all find Vladimir Putin. Exact label matches, where there are
        any, come alone; otherwise every entity whose label contains the name.
        """
        found = self._resolve(name)
        refs = self._entity_refs(found)
        return [refs[i] for i in found if refs[i].label_ar or refs[i].label_en or refs[i].kind]

    def _resolve(self, value: str | EntityRef | EntityRecord) -> list[str]:
        """Entity IRIs for an entity, an IRI, a Wikidata id or IRI, or a name (best first)."""
        if isinstance(value, EntityRef | EntityRecord):
            return [value.iri]
        text = value.strip()
        if re.fullmatch(r"Q[1-9]\d*", text):
            text = iris.wikidata(text)
        if text.startswith(iris.WIKIDATA):
            rows = self._select(f"SELECT DISTINCT ?e WHERE {{ ?e owl:sameAs {_iri_ref(text)} }} ORDER BY ?e")
            return [row["e"].value for row in rows]
        if text.startswith(("http://", "https://", "urn:")):
            return [text]
        wanted = normalise(text)
        if not wanted:
            return []
        kinds = _values("kind", (f"hd:{k}" for k in _ENTITY_KINDS))
        # A label given exactly is found through the index; anything else needs a scan.
        labels = _values("label", (_literal(text) + tag for tag in ("@ar", "@en", "")))
        exact = self._select(
            f"SELECT DISTINCT ?e WHERE {{ {labels} ?e rdfs:label ?label ; a ?kind . {kinds} }}"
        )
        found = sorted({row["e"].value for row in exact})
        if found:
            return found
        rows = self._select(
            f"SELECT DISTINCT ?e ?label WHERE {{ ?e rdfs:label ?label . "
            f'FILTER(REGEX(STR(?label), {_literal(_name_regex(wanted))}, "i")) ?e a ?kind . {kinds} }}'
        )
        score: dict[str, int] = {}
        for row in rows:
            iri = row["e"].value
            same = normalise(row["label"].value) == wanted
            score[iri] = min(score.get(iri, 1), 0 if same else 1)
        if not score:
            return []
        best = min(score.values())
        return sorted(i for i, s in score.items() if s == best)

    def _entity_refs(self, entity_iris: Sequence[str]) -> dict[str, EntityRef]:
        if not entity_iris:
            return {}
        rows = self._select(
            "SELECT ?s ?p ?o WHERE { "
            + _values("s", (_iri_ref(i) for i in entity_iris))
            + " ?s ?p ?o . FILTER(?p IN (rdf:type, rdfs:label, owl:sameAs, hd:country)) }"
        )
        triples = _group(rows)
        return {i: _entity_ref(i, triples.get(i, {})) for i in entity_iris}

    def entity(self, iri_or_name: str | EntityRef) -> EntityRecord | None:
        """An entity (by IRI, Wikidata id, or name: see :meth:`find_entities`) with its events.

        A name that fits several entities picks the one in most events. ``events`` holds
        every event the entity fills a role in or is the place of, in date order; for an
        entity in very many events, iterate :meth:`events` with ``actor=`` instead.
        None if the graph knows nothing of it.
        """
        candidates = self._resolve(iri_or_name)
        if not candidates:
            return None
        iri = candidates[0] if len(candidates) == 1 else self._most_eventful(candidates)
        rows = list(self._select(f"SELECT ?p ?o WHERE {{ {_iri_ref(iri)} ?p ?o }}"))
        if not rows:
            return None
        props: dict[str, list[_Term]] = {}
        for row in rows:
            props.setdefault(row["p"].value, []).append(row["o"])
        ref = _entity_ref(iri, props)
        country_iri = _first_iri(props, _hd("country"))
        country = self._entity_refs([country_iri]).get(country_iri) if country_iri else None
        same_as = tuple(sorted(t.value for t in props.get(OWL_SAME_AS, []) if t.kind == "iri"))
        events = tuple(self._stream(self._event_query(involving=[iri]), 200))
        return EntityRecord(
            iri=iri, label_ar=ref.label_ar, label_en=ref.label_en, kind=ref.kind, wikidata=ref.wikidata,
            same_as=same_as, country=country, events=events,
        )  # fmt: skip

    def _most_eventful(self, candidates: Sequence[str]) -> str:
        roles = " ".join(f"hd:{r.value}" for r in _ROLES) + " hd:place"
        rows = self._select(
            "SELECT ?x (COUNT(DISTINCT ?e) AS ?n) WHERE { "
            + _values("x", (_iri_ref(c) for c in candidates))
            + f" ?e ?r ?x . VALUES ?r {{ {roles} }} }} GROUP BY ?x"
        )
        counts = {row["x"].value: int(row["n"].value) for row in rows if "x" in row}
        return min(candidates, key=lambda c: (-counts.get(c, 0), c))

    # -- events --------------------------------------------------------------------------

    def events(
        self,
        type: EventType | str | Iterable[EventType | str] | None = None,
        actor: str | EntityRef | EntityRecord | None = None,
        place: str | EntityRef | EntityRecord | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        modality: Modality | str | Iterable[Modality | str] | None = None,
        *,
        role: Role | str | None = None,
        document: str | None = None,
        min_confidence: float | None = None,
        batch_size: int = 200,
    ) -> Iterator[EventRecord]:
        """The events that match every filter given, lazily, ordered by date then IRI.

        ``type``: a core type or a finer class (``"AirStrike"``), or several (any of them).
        ``actor``: an entity, IRI or name (see :meth:`find_entities`) in any role, or in
        ``role`` only. ``place``: likewise, the event's ``hd:place``. ``since``/``until``:
        inclusive bounds on ``hd:date``, or on the ``hd:earliestDate``–``hd:latestDate``
        range of an event whose day is not known (it matches if the range overlaps); events
        without any date are left out once a bound is given. ``modality``: one or several.
        ``document``: only events derived from that document. Events without a date come last.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        types = [_event_class(t) for t in _many(type)]  # type: ignore[arg-type]
        modalities = [_modality(m) for m in _many(modality)]  # type: ignore[arg-type]
        role_filter = _role(role) if role is not None else None
        if role_filter is not None and actor is None:
            raise ValueError("role= narrows actor=: give an actor too")
        actors = self._resolve(actor) if actor is not None else None
        places = self._resolve(place) if place is not None else None
        if actors == [] or places == []:
            return iter(())
        sparql = self._event_query(
            types=types,
            actors=actors,
            role=role_filter,
            places=places,
            modalities=modalities,
            document=document,
            since=_day(since, "since") if since is not None else None,
            until=_day(until, "until") if until is not None else None,
            min_confidence=min_confidence,
        )
        return self._stream(sparql, batch_size)

    def event(self, iri: str) -> EventRecord | None:
        """One event by its IRI; None if the graph has no such event."""
        found = self._records([iri])
        return found[0] if found else None

    def _event_query(
        self,
        *,
        types: Sequence[str] = (),
        actors: Sequence[str] | None = None,
        role: Role | None = None,
        places: Sequence[str] | None = None,
        modalities: Sequence[Modality] = (),
        document: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        min_confidence: float | None = None,
        involving: Sequence[str] | None = None,
    ) -> str:
        """One SELECT of the matching events' IRIs, in date order (undated last)."""
        where = ["?e a ?core . " + _values("core", (f"hd:{t.value}" for t in EventType))]
        if types:
            where.append("?e a ?class . " + _values("class", (_iri_ref(t) for t in types)))
        if actors is not None:
            roles = [role] if role is not None else list(_ROLES)
            where.append(
                "?e ?role ?actor . "
                + _values("role", (f"hd:{r.value}" for r in roles))
                + " "
                + _values("actor", (_iri_ref(a) for a in actors))
            )
        if involving is not None:
            where.append(
                "?e ?link ?who . "
                + _values("link", [*(f"hd:{r.value}" for r in _ROLES), "hd:place"])
                + " "
                + _values("who", (_iri_ref(a) for a in involving))
            )
        if places is not None:
            where.append("?e hd:place ?place . " + _values("place", (_iri_ref(p) for p in places)))
        if modalities:
            where.append(
                "?e hd:modality ?modality . " + _values("modality", (f"hd:{m.value}" for m in modalities))
            )
        if document is not None:
            where.append(
                f"?e prov:wasDerivedFrom ?source . ?source dcterms:isPartOf? ?doc . "
                f"?doc dcterms:identifier {_literal(document)} ."
            )
        if min_confidence is not None:
            where.append(f"?e hd:confidence ?confidence . FILTER(?confidence >= {float(min_confidence)!r})")
        where.append(
            "OPTIONAL { ?e hd:date ?day } OPTIONAL { ?e hd:earliestDate ?from } "
            "OPTIONAL { ?e hd:latestDate ?to } "
            "BIND(COALESCE(?day, ?from, ?to) AS ?start) BIND(COALESCE(?day, ?to, ?from) AS ?end)"
        )
        if since is not None:
            where.append(f"FILTER(BOUND(?end) && ?end >= {_date_literal(since)})")
        if until is not None:
            where.append(f"FILTER(BOUND(?start) && ?start <= {_date_literal(until)})")
        body = "\n  ".join(where)
        return (
            f"SELECT ?e (MIN(?start) AS ?when) WHERE {{\n  {body}\n}}\n"
            "GROUP BY ?e ORDER BY (!BOUND(?when)) ?when ?e"
        )

    def _stream(self, sparql: str, batch_size: int) -> Iterator[EventRecord]:
        """The events the query selects (``?e``), described a batch at a time."""
        batch: list[str] = []
        for row in self._select(sparql):
            if "e" in row and row["e"].kind == "iri":
                batch.append(row["e"].value)
            if len(batch) >= batch_size:
                yield from self._records(batch)
                batch = []
        if batch:
            yield from self._records(batch)

    def _records(self, event_iris: Sequence[str]) -> list[EventRecord]:
        """Describe a batch of events with one query: their own triples, their entities,
        their evidence spans and the documents they come from."""
        values = _values("e", (_iri_ref(i) for i in event_iris))
        roles = ", ".join(f"hd:{r.value}" for r in _ROLES)
        rows = self._select(
            f"""SELECT ?s ?p ?o WHERE {{
  {values}
  {{ ?e ?p ?o . BIND(?e AS ?s) }}
  UNION {{ ?e ?link ?s . FILTER(?link IN ({roles}, hd:place))
          ?s ?p ?o . FILTER(?p IN (rdf:type, rdfs:label, owl:sameAs)) }}
  UNION {{ ?e hd:evidence ?s . ?s ?p ?o . FILTER(?p IN (nif:anchorOf, nif:beginIndex, nif:endIndex)) }}
  UNION {{ ?e hd:evidence ?s . ?s nif:referenceContext/dcterms:isPartOf/dcterms:identifier ?o .
          BIND(<{_DOCUMENT_ID}> AS ?p) }}
  UNION {{ ?e prov:wasDerivedFrom ?s . ?s dcterms:isPartOf?/dcterms:identifier ?o .
          BIND(<{_DOCUMENT_ID}> AS ?p) }}
}}"""
        )
        triples = _group(rows)
        records = []
        for iri in event_iris:
            record = _event_record(iri, triples)
            if record is not None:
                records.append(record)
        return records


# ---------------------------------------------------------------------------- assembly


def _as_path(value: str | Path) -> Path | None:
    """The path a value names, or None when it is article text."""
    if isinstance(value, Path):
        return value
    if "\n" in value or len(value) > 1024:
        return None
    try:
        if Path(value).exists():
            return Path(value)
    except OSError:
        return None
    if value.strip().lower().endswith((*ARTICLE_SUFFIXES, ".json")):
        raise InputError(f"{value}: no such file or folder")
    return None


def _group(rows: Iterable[dict[str, _Term]]) -> _Triples:
    triples: _Triples = {}
    for row in rows:
        if "s" in row and "p" in row and "o" in row:
            triples.setdefault(row["s"].value, {}).setdefault(row["p"].value, []).append(row["o"])
    return triples


def _first(props: Mapping[str, list[_Term]], predicate: str) -> _Term | None:
    terms = props.get(predicate)
    return min(terms, key=lambda t: t.value) if terms else None


def _first_iri(props: Mapping[str, list[_Term]], predicate: str) -> str | None:
    terms = sorted(t.value for t in props.get(predicate, []) if t.kind == "iri")
    return terms[0] if terms else None


def _label(props: Mapping[str, list[_Term]], lang: str) -> str | None:
    labels = sorted(t.value for t in props.get(RDFS_LABEL, []) if (t.lang or "").lower().startswith(lang))
    return labels[0] if labels else None


def _entity_ref(iri: str, props: Mapping[str, list[_Term]]) -> EntityRef:
    types = {t.value for t in props.get(RDF_TYPE, [])}
    kind = next((k for k in _ENTITY_KINDS if _HD + k in types), None)
    qids = sorted(
        t.value[len(iris.WIKIDATA) :] for t in props.get(OWL_SAME_AS, []) if t.value.startswith(iris.WIKIDATA)
    )
    return EntityRef(iri, _label(props, "ar"), _label(props, "en"), qids[0] if qids else None, kind)


def _as_date(term: _Term | None) -> dt.date | None:
    value = _python(term)
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _as_int(term: _Term | None) -> int | None:
    value = _python(term)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_float(term: _Term | None) -> float | None:
    value = _python(term)
    return float(value) if isinstance(value, int | float | Decimal) and not isinstance(value, bool) else None


def _event_record(iri: str, triples: _Triples) -> EventRecord | None:
    props = triples.get(iri)
    if not props:
        return None
    types = sorted(t.value for t in props.get(RDF_TYPE, []) if t.kind == "iri")
    core = next((_CORE[t] for t in types if t in _CORE), None)
    if core is None:
        return None
    subtypes = tuple(t[len(_HD) :] for t in types if t.startswith(_HD) and t not in _CORE)

    def entity(node: str) -> EntityRef:
        return _entity_ref(node, triples.get(node, {}))

    fillers = []
    for role in _ROLES:
        for node in sorted({t.value for t in props.get(_hd(role.value), []) if t.kind == "iri"}):
            fillers.append(RoleFiller(role, entity(node)))
    place_iri = _first_iri(props, _hd("place"))
    modality_iri = _first_iri(props, _hd("modality"))
    modality = next((m for m in Modality if modality_iri == _hd(m.value)), None)

    sources_by_node = {
        t.value: _first(triples.get(t.value, {}), _DOCUMENT_ID) for t in props.get(PROV_DERIVED, [])
    }
    sources = tuple(sorted({t.value for t in sources_by_node.values() if t is not None}))
    evidence = []
    for span in sorted({t.value for t in props.get(_hd("evidence"), [])}):
        span_props = triples.get(span, {})
        anchor, begin, end = (
            _first(span_props, NIF_ANCHOR),
            _as_int(_first(span_props, NIF_BEGIN)),
            _as_int(_first(span_props, NIF_END)),
        )
        if anchor is None or begin is None or end is None:
            continue
        doc = _first(span_props, _DOCUMENT_ID)
        doc_id = doc.value if doc is not None else None
        article = next(
            (node for node, d in sorted(sources_by_node.items()) if d is not None and d.value == doc_id), None
        )
        evidence.append(Evidence(anchor.value, begin, end, doc_id, article, span))
    evidence.sort(key=lambda e: (e.document_id or "", e.begin, e.end))
    quote = _first(props, _hd("quote"))
    time_expression = _first(props, _hd("timeExpression"))
    return EventRecord(
        iri=iri,
        type=core,
        subtypes=subtypes,
        roles=tuple(fillers),
        date=_as_date(_first(props, _hd("date"))),
        earliest=_as_date(_first(props, _hd("earliestDate"))),
        latest=_as_date(_first(props, _hd("latestDate"))),
        time_expression=time_expression.value if time_expression else None,
        place=entity(place_iri) if place_iri else None,
        quote=quote.value if quote else None,
        modality=modality,
        confidence=_as_float(_first(props, _hd("confidence"))),
        killed=_as_int(_first(props, _hd("killed"))),
        injured=_as_int(_first(props, _hd("injured"))),
        label_ar=_label(props, "ar"),
        label_en=_label(props, "en"),
        evidence=tuple(evidence),
        sources=sources,
    )

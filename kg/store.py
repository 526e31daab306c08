"""The Oxigraph store on disk, and the knowledge-graph operations on it.

One named graph per document, the shared entities in their own graph, the ontology in its
own graph. Writes are all or nothing per document: a document is replaced in one Oxigraph
transaction (``replace_document``), and an ingest run adds new documents in batches, each one
atomic bulk write (``add_new_documents``), so a run killed midway leaves every document either
wholly in or wholly out. Queries are evaluated by Oxigraph, never by rdflib.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from kg import iris

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "hadath.ttl"
DEFAULT_STORE = "hadath-data"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
SUFFIX_FORMATS = {
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".ntriples": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".n3": "n3",
}
QUAD_FORMATS = {"nquads", "trig", "jsonld"}


_FROM = re.compile(r"^\s*FROM\s+(?:NAMED\s+)?<", re.IGNORECASE | re.MULTILINE)


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message names the path and the reason."""


def default_store_path() -> Path:
    """``$HADATH_STORE``, else ``./hadath-data``."""
    return Path(os.environ.get("HADATH_STORE") or DEFAULT_STORE)


def format_of(path: str | Path) -> str:
    """The RDF format a file name implies (``.gz`` looked through)."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix not in SUFFIX_FORMATS:
        raise StoreError(
            f"{path}: unknown RDF file type {suffix or '(none)'!r} "
            f"(known: {', '.join(sorted(SUFFIX_FORMATS))}, optionally .gz)"
        )
    return SUFFIX_FORMATS[suffix]


def _term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(node)


def _insert_block(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of a SPARQL ``INSERT DATA`` (grouped by graph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        graph = q.graph_name
        key = str(graph) if isinstance(graph, ox.NamedNode) else ""
        by_graph.setdefault(key, []).append(f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} .")
    parts = []
    for name, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {name} {{\n{body}\n}}" if name else body)
    return "\n".join(parts)


def _in_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads moved into ``graph``."""
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]


class HadathStore:
    """A Hadath dataset in an Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._store = self._open()

    def _open(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        path = self.path
        if path.exists() and not path.is_dir():
            raise StoreError(f"store path {path} is a file, not a folder")
        if self.read_only:
            if not path.is_dir():
                raise StoreError(f"store path {path} does not exist")
            try:
                return ox.Store.read_only(str(path))
            except OSError as err:
                raise StoreError(f"cannot open store {path} read-only: {err}") from None
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create store folder {path}: {err.strerror or err}") from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise StoreError(f"store folder {path} is not writable")
        try:
            return ox.Store(str(path))
        except OSError as err:
            message = str(err)
            if "lock" in message.lower():
                message = "it is in use by another process (a running `kg serve` or `kg ingest`?)"
            raise StoreError(f"cannot open store {path}: {message}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for the server and benchmarks)."""
        return self._store

    # -- documents -----------------------------------------------------------------------

    def replace_document(self, doc_id: str, quads: Iterable[ox.Quad]) -> None:
        """Atomically replace the document's graph; quads in other graphs are added alongside."""
        graph = iris.document_graph(doc_id)
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if not self._store.contains_named_graph(ox.NamedNode(graph)):
            self._store.extend(quads)  # a new document: one transaction, no SPARQL to parse
            return
        update = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{\n{_insert_block(quads)}\n}}"
        self._write(update)

    def replace_document_nquads(self, doc_id: str, nquads: bytes) -> None:
        """:meth:`replace_document` for quads written as N-Quads (parsed by Oxigraph: no Python
        object per quad). Atomic too: a new document is one ``load`` transaction."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if not self._store.contains_named_graph(ox.NamedNode(iris.document_graph(doc_id))):
            self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
            return
        self.replace_document(doc_id, ox.parse(nquads, format=ox.RdfFormat.N_QUADS))

    def add_new_documents(self, nquads: bytes) -> None:
        """Write the N-Quads of documents the store does not hold yet, on Oxigraph's bulk path:
        several times cheaper per quad than a transaction, and still all or nothing (the bulk
        loader of Oxigraph 0.5 writes sorted files aside and ingests them in one step at the
        end). Nothing is checked or removed first, so the caller makes sure the documents are
        new; quads already in the store (shared entities) are simply written again."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def remove_document(self, doc_id: str) -> bool:
        """Retract the document's graph; False if the store had no such document."""
        graph = ox.NamedNode(iris.document_graph(doc_id))
        if not self._store.contains_named_graph(graph):
            return False
        self._write(f"DROP GRAPH <{graph.value}>")
        return True

    def has_document(self, doc_id: str) -> bool:
        """Whether a graph for ``doc_id`` is stored."""
        return self._store.contains_named_graph(ox.NamedNode(iris.document_graph(doc_id)))

    def document_ids(self) -> list[str]:
        """The ids of the stored documents, sorted."""
        ids = (
            iris.document_id_of_graph(g.value)
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode)
        )
        return sorted(i for i in ids if i is not None)

    def reported_event(self, type_iri: str, day: str, actors: Iterable[str], exclude_doc: str) -> str | None:
        """An event another document reported with this type, day and one of these actors."""
        values = " ".join(f"<{a}>" for a in actors)
        if not values:
            return None
        query = f"""SELECT ?event WHERE {{
          VALUES ?actor {{ {values} }}
          GRAPH ?g {{ ?event a <{type_iri}> ; <{iris.ONTOLOGY}date> "{day}"^^<{XSD_DATE}> ; ?role ?actor . }}
          FILTER(?g != <{iris.document_graph(exclude_doc)}>)
        }} ORDER BY ?event LIMIT 1"""
        results = self._store.query(query)
        assert isinstance(results, ox.QuerySolutions)
        for solution in results:
            node = solution["event"]
            return node.value if isinstance(node, ox.NamedNode) else None
        return None

    def graph_quads(self, graph_iri: str) -> Iterator[ox.Quad]:
        """The quads of one named graph."""
        return iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    # -- ontology ------------------------------------------------------------------------

    def ensure_ontology(self, path: Path = ONTOLOGY_FILE) -> None:
        """Load the ontology into its graph, replacing an older copy, in one transaction."""
        if not path.is_file():
            return
        graph = ox.NamedNode(iris.ONTOLOGY_GRAPH)
        fresh = _in_graph(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), graph)
        stored = set(self._store.quads_for_pattern(None, None, None, graph))
        if stored == set(fresh):
            return
        self._write(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{\n{_insert_block(fresh)}\n}}")

    # -- SPARQL --------------------------------------------------------------------------

    def query(self, sparql: str, **options: Any) -> Any:
        """Run a SPARQL query in Oxigraph; the default graph is the union of all graphs unless
        the query names its dataset (FROM / FROM NAMED), which pyoxigraph would otherwise override."""
        if not _FROM.search(sparql):
            options.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, **options)

    def update(self, sparql: str, **options: Any) -> None:
        """Run a SPARQL update in one transaction."""
        self._write(sparql, **options)

    def _write(self, update: str, **options: Any) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        self._store.update(update, **options)

    # -- bulk ----------------------------------------------------------------------------

    def load(self, path: str | Path, fmt: str | None = None, graph: str | None = None) -> int:
        """Load an RDF file (``.gz`` too); returns the number of quads it added.

        Oxigraph's bulk loader reads the file as a stream, writes sorted files aside and
        ingests them in one step at the end (pyoxigraph 0.5), so a file that turns out
        malformed, or a load that is interrupted, adds nothing. ``graph`` puts the file's
        statements into that named graph."""
        path = Path(path)
        fmt = fmt or format_of(path)
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if graph is not None and fmt in QUAD_FORMATS:
            return self._load_quads_into(path, fmt, ox.NamedNode(graph))
        # Counting is a scan of the whole store (0.7 s per 3 million quads): skip it when empty.
        before = len(self._store) if self._has_quads() else 0
        target = ox.NamedNode(graph) if graph is not None else None
        gzipped = path.name.lower().endswith(".gz")
        try:
            if gzipped:
                with gzip.open(path, "rb") as handle:
                    self._store.bulk_load(cast(IO[bytes], handle), format=FORMATS[fmt], to_graph=target)
            else:
                self._store.bulk_load(path=str(path), format=FORMATS[fmt], to_graph=target)
        except (SyntaxError, ValueError, EOFError, gzip.BadGzipFile) as err:
            raise StoreError(f"{path}: not valid {fmt}: {err}") from None
        return len(self._store) - before

    def _has_quads(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is not None

    def _load_quads_into(self, path: Path, fmt: str, graph: ox.NamedNode) -> int:
        """A quad file moved into one graph: parsed whole first, then one transaction."""
        gzipped = path.name.lower().endswith(".gz")
        with gzip.open(path, "rb") if gzipped else path.open("rb") as handle:
            try:
                quads = _in_graph(ox.parse(cast(IO[bytes], handle), format=FORMATS[fmt]), graph)
            except (SyntaxError, ValueError, OSError, EOFError) as err:
                raise StoreError(f"{path}: not valid {fmt}: {err}") from None
        self._store.extend(quads)
        return len(quads)

    def dump(self, output: IO[bytes] | str | Path, fmt: str, graph: str | None = None) -> None:
        """Write the whole dataset (or one named graph) in ``fmt``."""
        rdf_format = FORMATS[fmt]
        if graph is not None:
            self._store.dump(output, format=rdf_format, from_graph=ox.NamedNode(graph))
        elif fmt in QUAD_FORMATS:
            self._store.dump(output, format=rdf_format)
        else:
            # Triple formats cannot hold named graphs: write their union.
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store}
            ox.serialize(triples, output, format=rdf_format, prefixes=PREFIXES)

    def dump_bytes(self, fmt: str, graph: str | None = None) -> bytes:
        """``dump`` into memory."""
        buffer = io.BytesIO()
        self.dump(buffer, fmt, graph)
        return buffer.getvalue()

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Make writes durable now."""
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        """Release the store (its lock is dropped when the object goes)."""
        self.flush()
        del self._store

    def __enter__(self) -> HadathStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


PREFIXES = {
    "hd": iris.ONTOLOGY,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": iris.WIKIDATA,
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
}

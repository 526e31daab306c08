"""The whole chain: documents → analyses → RDF → the store.

Extraction and RDF building are pure and run in worker processes when asked
(``workers > 1``); linking reports across documents and writing stay in the calling
process, so the store has a single writer and the links see every earlier document.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import iris
from kg.documents import Rejected, read_documents
from kg.events import ExtractorSettings, extract_events
from kg.graph import DocumentRdf, IngestRun, document_rdf, event_key, same_as_nquads
from kg.model import Document, DocumentAnalysis, EventType
from kg.pages import split_page
from kg.store import HadathStore
from kg.vocab import HD


@dataclass
class IngestReport:
    """What one ingest run did."""

    documents: list[str] = field(default_factory=list)
    events: Counter[str] = field(default_factory=Counter)
    skipped: list[Rejected] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was skipped."""
        return not self.skipped


def analyse(document: Document, settings: ExtractorSettings | None = None) -> DocumentAnalysis:
    """Split the document into articles and extract their events (no store involved)."""
    settings = settings or ExtractorSettings()
    articles = split_page(document, keep_related=settings.keep_related)
    events, entities = extract_events(document, articles, settings)
    return DocumentAnalysis(document=document, articles=articles, events=events, entities=entities)


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document analysed and written as RDF, waiting for the single writer."""

    analysis: DocumentAnalysis
    rdf: DocumentRdf


def prepare(document: Document, settings: ExtractorSettings, run: IngestRun) -> PreparedDocument:
    """Analyse ``document`` and build its RDF (everything but the links to other documents)."""
    analysis = analyse(document, settings)
    return PreparedDocument(analysis, document_rdf(analysis, run))


def write_analysis(
    store: HadathStore, analysis: DocumentAnalysis, run: IngestRun, index: ReportedEvents | None = None
) -> None:
    """Replace the document's graph with this analysis, in one transaction."""
    _write(store, PreparedDocument(analysis, document_rdf(analysis, run)), index)


def _write(store: HadathStore, prepared: PreparedDocument, index: ReportedEvents | None) -> None:
    analysis, rdf = prepared.analysis, prepared.rdf
    same_as = index.link(analysis) if index is not None else reported_elsewhere(store, analysis)
    store.replace_document_nquads(analysis.document.id, rdf.nquads(same_as_nquads(analysis, same_as)))


class _Writer:
    """The single writer of an ingest run. New documents are gathered into batches, each
    written in one atomic bulk write (:meth:`HadathStore.add_new_documents`); a document the
    store already holds is replaced in its own transaction, after the pending batch. A run
    killed midway therefore leaves every document wholly in or wholly out, as with one
    transaction per document; at most the last batch is lost."""

    MAX_DOCUMENTS = 128
    MAX_BYTES = 16 << 20

    def __init__(self, store: HadathStore, index: ReportedEvents) -> None:
        self.store = store
        self.index = index
        self._written: set[str] = set()  # entity statements this run stored: once per run
        self._pending: list[bytes] = []
        self._pending_bytes = 0

    def write(self, prepared: PreparedDocument) -> None:
        """Link ``prepared`` to other reports of its events and store it (or queue it)."""
        analysis, rdf = prepared.analysis, prepared.rdf
        same_as = same_as_nquads(analysis, self.index.link(analysis))
        shared = [line for line in rdf.shared if line not in self._written]
        self._written.update(shared)
        nquads = "".join((rdf.own, same_as, *shared)).encode()
        if self.store.has_document(analysis.document.id):
            self.flush()
            self.store.replace_document_nquads(analysis.document.id, nquads)
            return
        self._pending.append(nquads)
        self._pending_bytes += len(nquads)
        if len(self._pending) >= self.MAX_DOCUMENTS or self._pending_bytes >= self.MAX_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the pending batch."""
        if self._pending:
            batch = b"".join(self._pending)
            self._pending.clear()
            self._pending_bytes = 0
            self.store.add_new_documents(batch)


def _signatures(analysis: DocumentAnalysis) -> Iterator[tuple[int, tuple[str, str, str]]]:
    """(event index, (type IRI, day, actor IRI)) for each dated event that can be reported twice."""
    for index, event in enumerate(analysis.events):
        if event.type is EventType.STATEMENT or event.time is None or event.time.day is None:
            continue
        for argument in event.arguments:
            yield (
                index,
                (str(HD[event.type.value]), event.time.day.isoformat(), iris.entity(argument.entity.key)),
            )


class ReportedEvents:
    """The events already stored, by (type, day, actor), read once for a whole ingest run, so
    linking a document costs dictionary look-ups, not queries that grow with the store."""

    QUERY = """SELECT ?event ?type ?day ?actor ?g WHERE { GRAPH ?g {
      VALUES ?type { %(types)s }
      VALUES ?role { %(roles)s }
      ?event a ?type ; <%(date)s> ?day ; ?role ?actor . } }"""

    def __init__(self, store: HadathStore) -> None:
        self._by_key: dict[tuple[str, str, str], tuple[str, str]] = {}  # key → (event, document graph)
        types = " ".join(f"<{HD[t]}>" for t in ("Meeting", "MilitaryStrike", "Agreement"))
        roles = " ".join(f"<{HD[r]}>" for r in ("participant", "attacker", "target", "party"))
        query = self.QUERY % {"types": types, "roles": roles, "date": HD.date}
        for row in store.query(query, use_default_graph_as_union=False):
            key = (row["type"].value, row["day"].value, row["actor"].value)
            self._remember(key, row["event"].value, row["g"].value)

    def _remember(self, key: tuple[str, str, str], event: str, graph: str) -> None:
        known = self._by_key.get(key)
        if known is None or event < known[0]:
            self._by_key[key] = (event, graph)

    def link(self, analysis: DocumentAnalysis) -> dict[int, str]:
        """The events of ``analysis`` other documents reported, then remember its own."""
        own_graph = iris.document_graph(analysis.document.id)
        found: dict[int, str] = {}
        signatures = list(_signatures(analysis))
        for index, key in signatures:
            known = self._by_key.get(key)
            if known is not None and known[1] != own_graph and index not in found:
                found[index] = known[0]
        for index, key in signatures:
            event = analysis.events[index]
            self._remember(key, iris.event(analysis.document.id, event_key(event)), own_graph)
        return found


def reported_elsewhere(store: HadathStore, analysis: DocumentAnalysis) -> dict[int, str]:
    """Events other documents already reported: same type, same day, a shared key actor. Each
    report keeps its own event node (its evidence indexes its own text), linked by owl:sameAs."""
    found: dict[int, str] = {}
    for index, event in enumerate(analysis.events):
        if event.type is EventType.STATEMENT or event.time is None or event.time.day is None:
            continue
        actors = [iris.entity(a.entity.key) for a in event.arguments]
        iri = store.reported_event(
            HD[event.type.value], event.time.day.isoformat(), actors, analysis.document.id
        )
        if iri is not None:
            found[index] = iri
    return found


def ingest_document(
    store: HadathStore,
    document: Document,
    run: IngestRun | None = None,
    settings: ExtractorSettings | None = None,
) -> DocumentAnalysis:
    """Analyse one document and store it (replacing an earlier version)."""
    settings = settings or ExtractorSettings()
    store.ensure_ontology()
    analysis = analyse(document, settings)
    write_analysis(store, analysis, run or IngestRun.start(settings.as_dict()))
    return analysis


_Item = tuple[Document | Rejected, ExtractorSettings, IngestRun]


def _prepare_item(item: _Item) -> PreparedDocument | Rejected:
    document, settings, run = item
    if isinstance(document, Rejected):
        return document
    try:
        return prepare(document, settings, run)
    except Exception as err:  # one bad document must not stop a batch
        return Rejected(document.path or document.id, f"extraction failed: {type(err).__name__}: {err}")


def warm_up() -> None:
    """Load the language tables and camel-tools' database now (workers then share them)."""
    from kg.arabic.morphology import default_morphology
    from kg.entities.gazetteer import gazetteer
    from kg.events.triggers import lexicon

    gazetteer()
    lexicon()
    default_morphology().analyses("والتقى")


def prepare_all(
    items: Iterable[Document | Rejected], settings: ExtractorSettings, run: IngestRun, workers: int = 1
) -> Iterator[PreparedDocument | Rejected]:
    """Documents analysed and turned into RDF, in input order; with ``workers > 1`` in that
    many processes."""
    triples = ((item, settings, run) for item in items)
    if workers <= 1:
        yield from map(_prepare_item, triples)
        return
    warm_up()  # load tables and the morphology database once, before the workers fork
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(_prepare_item, triples, chunksize=4)


def ingest(
    store: HadathStore,
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    workers: int = 1,
    settings: ExtractorSettings | None = None,
    on_progress: Callable[[DocumentAnalysis | Rejected], None] | None = None,
) -> IngestReport:
    """Read, analyse and store every document under ``paths``; bad inputs are reported, not fatal."""
    settings = settings or ExtractorSettings()
    run = IngestRun.start(settings.as_dict())
    store.ensure_ontology()
    report = IngestReport()
    writer = _Writer(store, ReportedEvents(store))
    seen: dict[str, str] = {}
    try:
        for prepared in prepare_all(read_documents(paths, published), settings, run, workers):
            result: DocumentAnalysis | Rejected
            if isinstance(prepared, PreparedDocument):
                result = prepared.analysis
                doc = result.document
                where = doc.path or doc.id
                if doc.id in seen:
                    result = Rejected(where, f"duplicate document id {doc.id!r} (also {seen[doc.id]})")
                else:
                    seen[doc.id] = where
                    writer.write(prepared)
                    report.documents.append(doc.id)
                    report.events.update(e.type.value for e in result.events)
            else:
                result = prepared
            if isinstance(result, Rejected):
                report.skipped.append(result)
            if on_progress is not None:
                on_progress(result)
    finally:
        writer.flush()  # the documents read whole so far, even when the run stops early
        store.flush()
    return report

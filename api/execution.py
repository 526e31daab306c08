"""Evaluating SPARQL queries in Oxigraph under a deadline and a result-size cap.

How the timeout works. pyoxigraph evaluates a query inside Rust, with the GIL released,
and offers no way to cancel it. So each query runs on one of a fixed number of daemon
worker threads, and the event loop waits for its answer only until the deadline: at the
deadline the client is answered ``503`` at once, whatever the worker is doing. The worker
is told to stop and does so at its next row (every row, and every write of serialised
bytes, checks the deadline and a cancel flag). A query stuck inside a single Oxigraph
call (a huge join, an aggregate, a sort) cannot stop until that call returns: its worker
is written off and replaced at once, so the pool keeps ``query_workers`` workers for
other queries; at most ``query_workers`` are written off at a time, which bounds what
runaway queries can hold. While every worker is busy, a new query waits for one, still
under its own deadline. Everything else the server does (pages, health, graph store,
updates) never waits on this pool.

A separate process per query would make cancellation real, but Oxigraph forbids opening
a store read-only while another process writes to it, and the server does write.

Results stream: the worker serialises rows into chunks that flow to the response with
back-pressure. The response starts once the result is complete or larger than
``STREAM_AFTER`` bytes; until then a timeout or the size cap gives a clean HTTP error.
After that the status line is gone, so a limit hit mid-stream cuts the connection short
(no final chunk), which every HTTP client reports as an error rather than a short result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

import pyoxigraph as ox

from api import media, results, sparql_text
from api.streaming import Cancelled, Channel, ChunkWriter, DeadlinePassed
from api.terms import PREFIXES

log = logging.getLogger("hadath.sparql")

STREAM_AFTER = 1024 * 1024


class QueryError(Exception):
    """A query that cannot be answered; ``status`` is the HTTP status to answer with."""

    status = 500


class QuerySyntaxError(QueryError):
    """The query does not parse."""

    status = 400


class QueryNotAcceptable(QueryError):
    """No serialisation of this kind of result is acceptable to the client."""

    status = 406


class ResultTooLarge(QueryError):
    """The result has more rows (or triples) than ``max_results``."""

    status = 422


class QueryTimeout(QueryError):
    """The query ran past its deadline."""

    status = 503


@dataclass(frozen=True, slots=True)
class QueryJob:
    """One query as the protocol delivered it."""

    query: str
    accept: str | None = None
    format_name: str | None = None
    default_graphs: tuple[str, ...] | None = None  # None: the request named no dataset
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(slots=True)
class QueryAnswer:
    """A result ready to send: its media type, the first chunks, and the rest if it streams."""

    media_type: str
    head: list[bytes]
    rest: AsyncIterator[bytes] | None = None


class _WorkerPool:
    """Daemon threads evaluating queries; a worker stuck past its deadline is replaced.

    ``size`` workers take queries. When the event loop gives up on a query that a worker
    is still evaluating (stuck inside one Oxigraph call), that worker is written off and
    a fresh one takes its place, so runaway queries do not eat the pool; the worker ends
    once Oxigraph lets go. At most ``size`` workers are written off at once: past that
    no replacement is started and the pool shrinks until a runaway ends, which bounds
    the threads (and the CPU) runaway queries can hold to ``2 * size``. Daemon threads,
    so a runaway query never holds up shutdown.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.jobs: queue.SimpleQueue[tuple[Channel, Callable[[], None]] | None] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.running: dict[threading.Thread, Channel] = {}
        self.written_off: set[threading.Thread] = set()
        self.started = 0
        for _ in range(size):
            self._start_worker()

    def _start_worker(self) -> None:
        self.started += 1
        threading.Thread(target=self._work, name=f"sparql-{self.started}", daemon=True).start()

    def _work(self) -> None:
        me = threading.current_thread()
        while (item := self.jobs.get()) is not None:
            channel, job = item
            with self.lock:
                self.running[me] = channel
            try:
                job()
            except Exception:  # a job reports its own errors; this is a last resort
                log.exception("query worker failed")
            with self.lock:
                del self.running[me]
                if me in self.written_off:  # already replaced: leave
                    self.written_off.discard(me)
                    return

    def submit(self, channel: Channel, job: Callable[[], None]) -> None:
        self.jobs.put((channel, job))

    def give_up(self, channel: Channel) -> None:
        """The event loop no longer waits for ``channel``'s query: replace its worker if it is stuck."""
        with self.lock:
            for thread, running in self.running.items():
                if running is channel and thread not in self.written_off:
                    if len(self.written_off) < self.size:
                        self.written_off.add(thread)
                        self._start_worker()
                    return

    def close(self) -> None:
        for _ in range(self.size):
            self.jobs.put(None)


class _AnswerWriter(ChunkWriter):
    """The bytes of one answer, headed by its media type. An answer that ends before its first
    64 KiB chunk fills goes to the event loop as one message (``complete``): every message
    costs a wake-up of the event loop, which is most of a small query's time in the server."""

    def __init__(self, channel: Channel, media_type: str) -> None:
        super().__init__(channel)
        self.media_type = media_type
        self._headed = False
        self.max_lines: int | None = None  # for line-based output: the cap, counted in lines
        self._lines = 0

    def write(self, data: bytes, /) -> int:
        if self.max_lines is not None:
            self._lines += data.count(b"\n")
            if self._lines > self.max_lines:
                raise ResultTooLarge(
                    f"the result has more than {self.max_lines} triples (HADATH_MAX_RESULTS); "
                    "add a LIMIT, or page through it with LIMIT and OFFSET"
                )
        return super().write(data)

    def flush(self) -> None:
        if self.buffer and not self._headed:
            self.channel.send("head", self.media_type)
            self._headed = True
        super().flush()

    def finish(self) -> None:
        """Send what is left, and the end."""
        if self._headed:
            self.flush()
            self.channel.send("done")
        else:
            self.channel.send("complete", (self.media_type, bytes(self.buffer)))
            self.buffer.clear()


class QueryRunner:
    """Runs queries on a store with a per-query timeout and a result-size cap."""

    def __init__(
        self,
        store: ox.Store,
        *,
        timeout: float,
        max_results: int,
        workers: int,
        union_default_graph: bool = True,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_results = max_results
        self.union_default_graph = union_default_graph
        self.pool = _WorkerPool(workers)

    def close(self) -> None:
        """Let the workers end once their current query is done."""
        self.pool.close()

    async def run(self, job: QueryJob) -> QueryAnswer:
        """Evaluate ``job``; raises :class:`QueryError` for anything that is not a result."""
        loop = asyncio.get_running_loop()
        channel = Channel(loop, time.monotonic() + self.timeout)
        self.pool.submit(channel, lambda: self._evaluate(job, channel))
        try:
            kind, payload = await channel.receive()
            if kind == "error":
                raise payload
            if kind == "complete":
                complete_type, body = payload
                return QueryAnswer(complete_type, [body] if body else [])
            media_type: str = payload
            head: list[bytes] = []
            size = 0
            while size < STREAM_AFTER:
                kind, payload = await channel.receive()
                if kind == "chunk":
                    head.append(payload)
                    size += len(payload)
                elif kind == "done":
                    return QueryAnswer(media_type, head)
                else:
                    raise payload
        except (QueryTimeout, DeadlinePassed):
            channel.cancel()
            self.pool.give_up(channel)
            raise self._timeout_error(channel) from None
        except BaseException:
            channel.cancel()
            raise
        return QueryAnswer(media_type, head, self._rest(channel))

    def _timeout_error(self, channel: Channel) -> QueryTimeout:
        if not channel.started.is_set():
            return QueryTimeout(
                f"query timed out after {self.timeout:g} s waiting for a free worker "
                f"(all {self.pool.size} are busy with other queries)"
            )
        return QueryTimeout(f"query timed out after {self.timeout:g} s (HADATH_QUERY_TIMEOUT)")

    async def _rest(self, channel: Channel) -> AsyncIterator[bytes]:
        try:
            while True:
                try:
                    kind, payload = await channel.receive()
                except DeadlinePassed:
                    self.pool.give_up(channel)
                    raise self._timeout_error(channel) from None
                if kind == "chunk":
                    yield payload
                elif kind == "done":
                    return
                else:
                    log.warning("result stream cut short: %s", payload)
                    raise payload
        finally:
            channel.cancel()

    # -- in the worker thread --

    def _options(self, job: QueryJob) -> dict[str, Any]:
        options: dict[str, Any] = {"base_iri": job.base_iri}
        if job.default_graphs is not None or job.named_graphs is not None:
            # The protocol's dataset replaces the query's own FROM/FROM NAMED (§2.1.4).
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
        elif self.union_default_graph and not sparql_text.has_dataset_clause(job.query):
            options["use_default_graph_as_union"] = True
        return options

    def _evaluate(self, job: QueryJob, channel: Channel) -> None:
        channel.started.set()
        error: QueryError | None = None
        try:
            self._produce(job, channel)
        except (Cancelled, DeadlinePassed):
            return  # the event loop has answered (or will, at the same deadline)
        except QueryError as err:
            error = type(err)(str(err))
        except Exception as err:
            log.exception("query failed")
            error = QueryError(f"query failed: {err}")
        # The error goes without its traceback: pyoxigraph's result objects must be
        # dropped by the thread that made them, and a traceback would keep them alive.
        if error is not None:
            with contextlib.suppress(Cancelled):
                channel.send("error", error)

    def _produce(self, job: QueryJob, channel: Channel) -> None:
        channel.check()
        try:
            result = self.store.query(job.query, **self._options(job))
        except SyntaxError as err:
            raise QuerySyntaxError(f"query syntax error: {err}") from None
        except ValueError as err:  # e.g. a malformed graph IRI in the dataset
            raise QuerySyntaxError(str(err)) from None
        channel.check()
        writer: _AnswerWriter
        if isinstance(result, ox.QueryBoolean):
            fmt, media_type = self._pick_results(job, media.BOOLEAN_TYPES, "ASK")
            writer = _AnswerWriter(channel, media_type)
            results.write_boolean(bool(result), fmt, writer)
        elif isinstance(result, ox.QuerySolutions):
            fmt, media_type = self._pick_results(job, media.RESULT_TYPES, "SELECT")
            writer = _AnswerWriter(channel, media_type)
            order = sparql_text.star_variable_order(job.query)
            results.write_solutions(result, result.variables, fmt, writer, self._row_check(channel), order)
        else:
            rdf_format = self._pick_graph(job)
            writer = _AnswerWriter(channel, media.rdf_media(rdf_format))
            output = cast("IO[bytes]", writer)
            if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
                # One triple per line: Oxigraph serialises natively and the writer counts lines
                # for the cap (no Python object per triple). N-Triples is valid N-Quads.
                writer.max_lines = self.max_results
                result.serialize(output, ox.RdfFormat.N_TRIPLES)
                writer.finish()
                return
            capped = self._capped(result, channel)
            if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                quads = (ox.Quad(t.subject, t.predicate, t.object) for t in capped)
                ox.serialize(quads, output, rdf_format, prefixes=PREFIXES)
            else:
                ox.serialize(capped, output, rdf_format, prefixes=PREFIXES)
        writer.finish()

    def _row_check(self, channel: Channel) -> Callable[[int], None]:
        limit = self.max_results

        def check(rows: int) -> None:
            channel.check()
            if rows >= limit:
                raise ResultTooLarge(
                    f"the result has more than {limit} rows (HADATH_MAX_RESULTS); "
                    "add a LIMIT, or page through it with LIMIT and OFFSET"
                )

        return check

    def _capped(self, triples: Iterable[ox.Triple], channel: Channel) -> Iterator[ox.Triple]:
        check = self._row_check(channel)
        for count, triple in enumerate(triples):
            check(count)
            yield triple

    @staticmethod
    def _pick_results(
        job: QueryJob, table: dict[str, media.ResultFormat], form: str
    ) -> tuple[media.ResultFormat, str]:
        named = media.FORMAT_NAMES.get((job.format_name or "").lower(), (None, None))[0]
        chosen = named if named in table else media.negotiate(job.accept, list(table))
        if chosen is None:
            raise QueryNotAcceptable(
                f"{form} results are available as {', '.join(table)}; the request accepts none of them"
            )
        fmt = table[chosen]
        return fmt, media.RESULT_MEDIA[fmt]

    @staticmethod
    def _pick_graph(job: QueryJob) -> ox.RdfFormat:
        named = media.FORMAT_NAMES.get((job.format_name or "").lower(), (None, None))[1]
        chosen = named if named in media.GRAPH_TYPES else media.negotiate(job.accept, list(media.GRAPH_TYPES))
        if chosen is None:
            raise QueryNotAcceptable(
                "CONSTRUCT and DESCRIBE results are available as "
                f"{', '.join(media.GRAPH_TYPES)}; the request accepts none of them"
            )
        return media.GRAPH_TYPES[chosen]

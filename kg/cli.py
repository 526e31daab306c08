"""The ``kg`` command: thin wrappers over the pipeline, the store and the server.

kg ingest PATH... [--store DIR] [--published YYYY-MM-DD] [--workers N]
kg export [--store DIR] --format nquads|trig|turtle|jsonld [-o FILE]
kg query [--store DIR] QUERY|@FILE.rq [--format table|json|csv|tsv]
kg load FILE... [--store DIR]
kg serve [--store DIR] [--host 127.0.0.1] [--port 8000]
kg remove ID... [--store DIR]
kg stats [--store DIR]
kg setup-camel [--target DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg import __version__
from kg.documents import InputError, Rejected, parse_date
from kg.store import HadathStore, StoreError, default_store_path

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def _err(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def _open(args: argparse.Namespace, *, read_only: bool = False) -> HadathStore:
    return HadathStore(args.store or default_store_path(), read_only=read_only)


def _published(value: str) -> dt.date:
    try:
        date = parse_date(value, "--published")
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if date is None:
        raise argparse.ArgumentTypeError("--published needs a YYYY-MM-DD date")
    return date


def cmd_ingest(args: argparse.Namespace) -> int:
    """Read, extract and store articles."""
    from tqdm import tqdm

    from kg.model import DocumentAnalysis
    from kg.pipeline import ingest

    store = _open(args)
    bar = tqdm(desc="ingesting", unit="doc", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)

    def progress(result: DocumentAnalysis | Rejected) -> None:
        bar.update(1)
        if isinstance(result, Rejected):
            tqdm.write(f"skipped {result}", file=sys.stderr)

    with store:
        report = ingest(
            store, args.paths, published=args.published, workers=args.workers, on_progress=progress
        )
    bar.close()
    events = sum(report.events.values())
    by_type = ", ".join(f"{t} {n}" for t, n in sorted(report.events.items())) or "none"
    print(f"{len(report.documents)} documents, {events} events ({by_type}); {len(report.skipped)} skipped")
    if not sys.stderr.isatty() or args.quiet:
        for rejected in report.skipped:
            print(f"skipped {rejected}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_SKIPPED


def cmd_export(args: argparse.Namespace) -> int:
    """Write the whole dataset."""
    store = _open(args, read_only=Path(args.store or default_store_path()).is_dir())
    fmt = args.format
    if args.output in (None, "-"):
        sys.stdout.buffer.write(store.dump_bytes(fmt))
        sys.stdout.flush()
    else:
        output = Path(args.output)
        tmp = output.with_name(output.name + ".part")
        with tmp.open("wb") as handle:
            store.dump(handle, fmt)
        tmp.replace(output)
    return EXIT_OK


def _query_text(value: str) -> str:
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise InputError(f"{path}: unreadable: {err.strerror or err}") from None
    return value


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return str(term.value)
    return str(term)


def _table(variables: Sequence[str], rows: list[list[str]], out: IO[str]) -> None:
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))
    out.write(line.rstrip() + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def cmd_query(args: argparse.Namespace) -> int:
    """Run a SPARQL query and print its results."""
    sparql = _query_text(args.query)
    store = _open(args, read_only=Path(args.store or default_store_path()).is_dir())
    try:
        results = store.query(sparql)
    except SyntaxError as err:
        _err(f"query syntax error: {err}")
        return EXIT_ERROR
    out = sys.stdout
    if isinstance(results, ox.QuerySolutions):
        if args.format == "table":
            variables = [v.value for v in results.variables]
            rows = [[_cell(sol[v]) for v in variables] for sol in results]
            _table(variables, rows, out)
        else:
            buffer = io.BytesIO()
            results.serialize(buffer, RESULT_FORMATS[args.format])
            out.write(buffer.getvalue().decode("utf-8"))
    elif isinstance(results, ox.QueryBoolean):
        value = bool(results)
        if args.format == "json":
            out.write(json.dumps({"head": {}, "boolean": value}) + "\n")
        else:
            out.write(("true" if value else "false") + "\n")
    else:
        buffer = io.BytesIO()
        fmt = ox.RdfFormat.N_TRIPLES if args.format in ("csv", "tsv", "table") else ox.RdfFormat.JSON_LD
        results.serialize(buffer, fmt)
        out.write(buffer.getvalue().decode("utf-8"))
    out.flush()
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """Bulk-load RDF files."""
    store = _open(args)
    failed = 0
    with store:
        for path in args.files:
            try:
                count = store.load(path)
            except StoreError as err:
                _err(str(err))
                failed += 1
            else:
                print(f"{path}: {count} quads added")
    return EXIT_OK if not failed else EXIT_SKIPPED


def cmd_remove(args: argparse.Namespace) -> int:
    """Retract documents."""
    store = _open(args)
    missing = 0
    with store:
        for doc_id in args.ids:
            if store.remove_document(doc_id):
                print(f"removed {doc_id}")
            else:
                _err(f"no document {doc_id!r} in {store.path}")
                missing += 1
    return EXIT_OK if not missing else EXIT_SKIPPED


STATS_QUERY = """
PREFIX hd: <https://w3id.org/hadath/ontology#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?type { hd:Meeting hd:Statement hd:MilitaryStrike hd:Agreement }
  ?e a ?type } GROUP BY ?type ORDER BY ?type
"""
ENTITY_QUERY = """
PREFIX hd: <https://w3id.org/hadath/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT (COUNT(DISTINCT ?x) AS ?n) (COUNT(DISTINCT ?linked) AS ?l) WHERE {
  GRAPH <https://w3id.org/hadath/id/entities> {
    ?x a ?c . OPTIONAL { ?x owl:sameAs ?w BIND(?x AS ?linked) } } }
"""


def cmd_stats(args: argparse.Namespace) -> int:
    """Print what the store holds."""
    store = _open(args, read_only=Path(args.store or default_store_path()).is_dir())
    print(f"store      {store.path}")
    print(f"documents  {len(store.document_ids())}")
    print(f"quads      {len(store)}")
    for sol in store.query(STATS_QUERY):
        print(f"{sol['type'].value.rsplit('#', 1)[-1]:<15}{sol['n'].value}")
    for sol in store.query(ENTITY_QUERY):
        print(f"entities   {sol['n'].value} ({sol['l'].value} linked to Wikidata)")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the HTTP server."""
    from api.app import serve

    serve(Path(args.store or default_store_path()), args.host, args.port)
    return EXIT_OK


def cmd_setup_camel(args: argparse.Namespace) -> int:
    """Lay out camel-tools' morphology database from its PyPI wheel."""
    from kg.arabic.morphology import setup_camel_data

    target = setup_camel_data(Path(args.target) if args.target else None)
    print(f"camel-tools data ready in {target} (set CAMELTOOLS_DATA={target} if it is not the default)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kg``."""
    parser = argparse.ArgumentParser(prog="kg", description="Hadath: Arabic news events as a knowledge graph")
    parser.add_argument("--version", action="version", version=f"hadath {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name != "setup-camel":
            p.add_argument("--store", help="store folder (default: $HADATH_STORE, else ./hadath-data)")
        return p

    p = command("ingest", "extract events from articles and add them to the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .jsonl files or folders of them")
    p.add_argument("--published", type=_published, help="publication date for articles that give none")
    p.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = command("export", "write the whole dataset (all named graphs, the ontology included)")
    p.add_argument("--format", required=True, choices=["nquads", "trig", "turtle", "jsonld"])
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = command("query", "run a SPARQL query on the store")
    p.add_argument("query", help="the query text, or @FILE.rq")
    p.add_argument("--format", default="table", choices=["table", "json", "csv", "tsv", "xml"])
    p.set_defaults(func=cmd_query)

    p = command("load", "load RDF files (N-Quads, TriG, Turtle, N-Triples, JSON-LD, RDF/XML; .gz too)")
    p.add_argument("files", nargs="+", metavar="FILE")
    # Once the opt-in for the bulk loader, now what every load does: accepted for old scripts.
    p.add_argument("--bulk", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_load)

    p = command("serve", "start the HTTP server (SPARQL endpoint, linked data, query page)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = command("remove", "retract documents (their graphs) from the store")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.set_defaults(func=cmd_remove)

    p = command("stats", "what the store holds")
    p.set_defaults(func=cmd_stats)

    p = command("setup-camel", "install camel-tools' MSA morphology database without its downloader")
    p.add_argument("--target", help="data folder (default: $CAMELTOOLS_DATA, else ~/.camel_tools)")
    p.set_defaults(func=cmd_setup_camel)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` command."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except (StoreError, InputError) as err:
        _err(str(err))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted; every document written so far is complete")
        return 130
    except BrokenPipeError:  # 'kg query … | head': the reader has gone, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())

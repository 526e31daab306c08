"""rdflib-endpoint over the benchmark data, as the comparison server of ``query.py``.

    python benchmarks/rdflib_server.py --nquads FILE --port P        # rdflib's default (memory) store
    python benchmarks/rdflib_server.py --oxigraph DIR --port P       # oxrdflib's Oxigraph store, read-only

Both serve an rdflib ``Dataset`` with ``default_union=True`` (the union of the named graphs
as the default graph, as ``kg serve`` does) at ``/sparql``, with rdflib-endpoint's defaults
otherwise; uvicorn's access log is off. rdflib-endpoint hands rdflib a parsed query, which
oxrdflib's store declines, so with the Oxigraph store rdflib still evaluates the query
itself, reading triples from Oxigraph pattern by pattern.
"""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--nquads", help="N-Quads file to parse into rdflib's memory store")
    source.add_argument("--oxigraph", help="Oxigraph store folder to open read-only through oxrdflib")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    if args.nquads:
        dataset = Dataset(default_union=True)
        dataset.parse(args.nquads, format="nquads")
    else:
        import pyoxigraph as ox
        from oxrdflib import OxigraphStore

        dataset = Dataset(store=OxigraphStore(store=ox.Store.read_only(args.oxigraph)), default_union=True)
    print(f"rdflib_server: data ready in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    app = SparqlEndpoint(graph=dataset, path="/sparql", title="rdflib-endpoint (benchmark)")
    uvicorn.run(app, host="127.0.0.1", port=args.port, access_log=False, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Media types: the one table from media type to serialisation, and ``Accept`` negotiation.

Negotiation follows RFC 9110 §12.5.1: each offer takes the q-value of the most specific
range that matches it (``type/subtype`` over ``type/*`` over ``*/*``); the highest q wins,
and among equals the server's order of preference decides. ``q=0`` means "not acceptable".
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox


class ResultFormat(enum.Enum):
    """SPARQL results serialisations (for SELECT and ASK)."""

    JSON = "json"
    XML = "xml"
    CSV = "csv"
    TSV = "tsv"


# Server preference first. The first entry of each format is its canonical media type.
RESULT_TYPES: dict[str, ResultFormat] = {
    "application/sparql-results+json": ResultFormat.JSON,
    "application/sparql-results+xml": ResultFormat.XML,
    "text/csv": ResultFormat.CSV,
    "text/tab-separated-values": ResultFormat.TSV,
    "application/json": ResultFormat.JSON,
    "application/xml": ResultFormat.XML,
    "text/xml": ResultFormat.XML,
}
BOOLEAN_TYPES: dict[str, ResultFormat] = {
    k: v for k, v in RESULT_TYPES.items() if v in (ResultFormat.JSON, ResultFormat.XML)
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/n3": ox.RdfFormat.N3,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # the pre-2014 N-Triples media type
    "application/json": ox.RdfFormat.JSON_LD,
    "application/xml": ox.RdfFormat.RDF_XML,
}
DATASET_TYPES: dict[str, ox.RdfFormat] = {
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
RESULT_MEDIA: dict[ResultFormat, str] = {
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.CSV: "text/csv; charset=utf-8",
    ResultFormat.TSV: "text/tab-separated-values; charset=utf-8",
}
# The ``format=``/``output=`` parameter some clients (SPARQLWrapper, browsers) send, mapped
# to a media type for SELECT/ASK and one for CONSTRUCT/DESCRIBE.
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/n3"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "nquads": (None, "application/n-quads"),
    "nq": (None, "application/n-quads"),
    "trig": (None, "application/trig"),
    "jsonld": (None, "application/ld+json"),
    "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"),
    "rdf": (None, "application/rdf+xml"),
}


def rdf_media(fmt: ox.RdfFormat) -> str:
    """The ``Content-Type`` to send for an RDF serialisation."""
    media = fmt.media_type
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type`` (-1: not at all)."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The ranges of an ``Accept`` header; malformed entries are skipped, as RFC 9110 allows."""
    ranges: list[MediaRange] = []
    for item in (header or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or None if it accepts none; no header accepts anything."""
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best: str | None = None
    best_q = 0.0
    for offer in offers:
        matches = [(r.specificity(offer), r.q) for r in ranges]
        specificity, q = max(matches, key=lambda m: m[0])
        if specificity >= 0 and q > best_q:
            best, best_q = offer, q
    return best


def prefers_html(accept: str | None, offers: Sequence[str]) -> bool:
    """Whether a client would rather have ``text/html`` than any of ``offers`` (a browser)."""
    return (
        negotiate(accept, ["text/html", *offers]) == "text/html"
        and bool(accept)
        and ("text/html" in (accept or "") or "application/xhtml+xml" in (accept or ""))
    )


def media_type_of(content_type: str | None) -> tuple[str, dict[str, str]]:
    """``Content-Type`` split into a lower-case media type and its parameters."""
    if not content_type:
        return "", {}
    media, *params = (part.strip() for part in content_type.split(";"))
    parsed: dict[str, str] = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"')
    return media.lower(), parsed

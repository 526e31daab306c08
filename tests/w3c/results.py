"""Comparing SPARQL result sets as the W3C tests mean it: same rows, blank nodes up to renaming.

Results are parsed into rows of terms (``("uri", value)``, ``("literal", value, lang,
datatype)``, ``("bnode", label)``); two result sets are equal when some one-to-one
renaming of blank-node labels maps one multiset of rows onto the other.

Literals compare by value, as the suite's README prescribes for query evaluation tests
("equal literal nodes that are compared by value; test runners may convert lexical form
to canonical form", w3c/rdf-tests#59): numbers are compared as numbers, so
``"1.0E6"^^xsd:double`` equals ``"1000000"^^xsd:double`` and ``"-3"^^xsd:negativeInteger``
equals ``-3``. This matters here because Oxigraph's store keeps numeric literals by
value, not by lexical form. CSV keeps only strings: its fields compare as strings, except
numbers (by value) and ``_:`` labels (renamed like blank nodes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + name
    for name in (
        "integer",
        "decimal",
        "double",
        "float",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    )
}
_CSV_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
SRX = "{http://www.w3.org/2005/sparql-results#}"
Term = tuple[str, ...]
Row = tuple[tuple[str, Term], ...]


def _json_term(value: dict[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ("uri", value["value"])
    if kind == "bnode":
        return ("bnode", value["value"])
    datatype = value.get("datatype") or ("" if "xml:lang" in value else XSD + "string")
    return ("literal", value["value"], value.get("xml:lang", "").lower(), datatype)


def parse_json(text: str) -> tuple[list[str], list[Row]] | bool:
    """SPARQL JSON results: (variables, rows), or the boolean of an ASK."""
    data = json.loads(text)
    if "boolean" in data:
        return bool(data["boolean"])
    variables = list(data["head"].get("vars", []))
    rows = [
        tuple(sorted((name, _json_term(value)) for name, value in binding.items()))
        for binding in data["results"]["bindings"]
    ]
    return variables, rows


def parse_xml(text: str | bytes) -> tuple[list[str], list[Row]] | bool:
    """SPARQL XML results: (variables, rows), or the boolean of an ASK."""
    root = ET.fromstring(text)
    boolean = root.find(f"{SRX}boolean")
    if boolean is not None:
        return (boolean.text or "").strip() == "true"
    variables = [v.get("name", "") for v in root.iter(f"{SRX}variable")]
    rows = []
    for result in root.iter(f"{SRX}result"):
        cells = []
        for binding in result.findall(f"{SRX}binding"):
            node = binding[0]
            tag = node.tag.replace(SRX, "")
            if tag == "uri":
                term: Term = ("uri", node.text or "")
            elif tag == "bnode":
                term = ("bnode", node.text or "")
            else:
                lang = node.get("{http://www.w3.org/XML/1998/namespace}lang", "").lower()
                term = (
                    "literal",
                    node.text or "",
                    lang,
                    node.get("datatype") or ("" if lang else XSD + "string"),
                )
            cells.append((binding.get("name", ""), term))
        rows.append(tuple(sorted(cells)))
    return variables, rows


_TSV_LITERAL = re.compile(r'^"(?P<value>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[\w-]+)|\^\^<(?P<datatype>[^>]*)>)?$')
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _ESCAPES[code]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tnrbf\"'\\])", replace, value)


def _number_term(text: str) -> Term:
    if re.fullmatch(r"[+-]?\d+", text):
        return ("literal", text, "", XSD + "integer")
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return ("literal", text, "", XSD + "decimal")
    if text in ("true", "false"):
        return ("literal", text, "", XSD + "boolean")
    return ("literal", text, "", XSD + "double")


def tsv_term(text: str) -> Term:
    """One TSV field as a term (Turtle syntax, numbers possibly abbreviated)."""
    if text.startswith("<") and text.endswith(">"):
        return ("uri", text[1:-1])
    if text.startswith("_:"):
        return ("bnode", text[2:])
    match = _TSV_LITERAL.match(text)
    if match:
        lang = (match.group("lang") or "").lower()
        datatype = match.group("datatype") or ("" if lang else XSD + "string")
        return ("literal", _unescape(match.group("value")), lang, datatype)
    return _number_term(text)


def parse_tsv(text: str) -> tuple[list[str], list[Row]]:
    """SPARQL TSV results."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    variables = [v[1:] if v[:1] in "?$" else v for v in lines[0].split("\t")] if lines[0] else []
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        rows.append(tuple(sorted((v, tsv_term(f)) for v, f in zip(variables, fields, strict=False) if f)))
    return variables, rows


def parse_csv(text: str) -> tuple[list[str], list[Row]]:
    """SPARQL CSV results, every value kept as a string (``_:x`` as a blank node)."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n")))
    table = list(reader)
    variables = table[0] if table else []
    rows = []
    for record in table[1:]:
        cells = []
        for name, value in zip(variables, record, strict=False):
            if value == "":
                continue
            cells.append((name, ("bnode", value[2:]) if value.startswith("_:") else ("text", value)))
        rows.append(tuple(sorted(cells)))
    return variables, rows


def _number(text: str) -> Term | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return ("number", str(value.normalize())) if value.is_finite() else ("number", str(value))


def _canonical(term: Term) -> Term:
    """A term in a form that compares by value: numbers as numbers."""
    if term[0] == "literal" and term[3] in NUMERIC:
        return _number(term[1]) or term
    if term[0] == "text" and _CSV_NUMBER.fullmatch(term[1]):
        return _number(term[1]) or term
    return term


def _rename(row: Row, mapping: dict[str, str]) -> Row | None:
    """``row`` with its blank nodes renamed; None when ``mapping`` lacks one of them."""
    out = []
    for name, term in row:
        if term[0] == "bnode":
            if term[1] not in mapping:
                return None
            term = ("bnode", mapping[term[1]])
        out.append((name, _canonical(term)))
    return tuple(out)


def _bnodes(rows: Sequence[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for _, term in row:
            if term[0] == "bnode":
                seen.setdefault(term[1], None)
    return list(seen)


def same_rows(expected: Sequence[Row], actual: Sequence[Row]) -> bool:
    """Whether the two multisets of rows are equal up to a renaming of blank nodes."""
    if len(expected) != len(actual):
        return False
    left, right = _bnodes(expected), _bnodes(actual)
    if len(left) != len(right):
        return False
    target = Counter(_rename(r, {b: b for b in right}) for r in actual)

    def search(mapping: dict[str, str], remaining: list[str]) -> bool:
        if not remaining:
            return Counter(_rename(r, mapping) for r in expected) == target
        label = remaining[0]
        for candidate in right:
            if candidate not in mapping.values():
                mapping[label] = candidate
                if search(mapping, remaining[1:]):
                    return True
                del mapping[label]
        return False

    return search({}, left)

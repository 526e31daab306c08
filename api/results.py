"""SPARQL query results written row by row: JSON, XML, CSV and TSV.

pyoxigraph's own ``QuerySolutions.serialize`` cannot be stopped after N rows, and the server
must refuse results over its size cap, so rows are written here, one at a time, each row
through a ``check`` callback that raises to stop. The formats are those of the W3C
recommendations (SPARQL 1.1 Query Results JSON, XML, CSV and TSV), RDF 1.2 triple terms too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import pyoxigraph as ox

from api.media import ResultFormat

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
# Turtle's number and boolean shorthands, which TSV may use.
_SHORTHAND = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "double": re.compile(r"[+-]?(?:\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+)"),
    XSD + "boolean": re.compile(r"true|false"),
}
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CSV_NEEDS_QUOTES = re.compile(r'[",\r\n]|^\s|\s$')

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Writer(Protocol):
    """Where serialised bytes go."""

    def write(self, data: bytes, /) -> object: ...


# What json.dumps(value, ensure_ascii=False) returns for a string, without its per-call set-up
# (the C escaper itself): it was most of the time spent writing a row.
_json_str: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def json_term(term: Term) -> str:
    """A term as a SPARQL JSON results binding value."""
    if isinstance(term, ox.NamedNode):
        return f'{{"type":"uri","value":{_json_str(term.value)}}}'
    if isinstance(term, ox.BlankNode):
        return f'{{"type":"bnode","value":{_json_str(term.value)}}}'
    if isinstance(term, ox.Literal):
        extra = ""
        if term.language:
            extra = f',"xml:lang":{_json_str(term.language)}'
            direction = getattr(term, "direction", None)
            if direction is not None:
                extra += f',"its:dir":{_json_str(str(direction).split(".")[-1].lower())}'
        elif term.datatype.value != XSD_STRING:
            extra = f',"datatype":{_json_str(term.datatype.value)}'
        return f'{{"type":"literal","value":{_json_str(term.value)}{extra}}}'
    return (
        f'{{"type":"triple","value":{{"subject":{json_term(term.subject)},'
        f'"predicate":{json_term(term.predicate)},"object":{json_term(term.object)}}}}}'
    )


def _xml_text(value: str) -> str:
    value = _XML_INVALID.sub("\ufffd", value)  # not representable in XML 1.0
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attr(value: str) -> str:
    return _xml_text(value).replace('"', "&quot;")


def xml_term(term: Term) -> str:
    """A term as the content of a SPARQL XML results ``<binding>``."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attrs = f' xml:lang="{_xml_attr(term.language)}"'
        elif term.datatype.value != XSD_STRING:
            attrs = f' datatype="{_xml_attr(term.datatype.value)}"'
        else:
            attrs = ""
        return f"<literal{attrs}>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{xml_term(term.subject)}</subject>"
        f"<predicate>{xml_term(term.predicate)}</predicate>"
        f"<object>{xml_term(term.object)}</object></triple>"
    )


def csv_field(term: Term | None) -> str:
    """A term as a CSV field: the IRI, the lexical form or ``_:label``, quoted when needed."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = str(term)
    if _CSV_NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def tsv_term(term: Term | None) -> str:
    """A term as a TSV field: Turtle syntax, numbers and booleans abbreviated."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        pattern = _SHORTHAND.get(term.datatype.value)
        if pattern is not None and pattern.fullmatch(term.value):
            return term.value
    # N-Triples escapes quotes and line breaks; TSV also forbids raw tabs.
    return str(term).replace("\t", "\\t")


def write_solutions(
    solutions: Iterable[ox.QuerySolution] | Iterable[list[Term | None]],
    variables: Sequence[ox.Variable],
    fmt: ResultFormat,
    out: Writer,
    check: Callable[[int], None],
    order: Sequence[str] | None = None,
) -> int:
    """Write SELECT results; ``check(rows_so_far)`` runs before each row and may raise to stop.

    ``order`` (variable names) sets the column order; unnamed variables follow.
    """
    names = [v.value for v in variables]
    if order:
        rank = {name: i for i, name in enumerate(order)}
        positions = sorted(range(len(names)), key=lambda i: (rank.get(names[i], len(rank)), i))
        if positions != list(range(len(names))):
            names = [names[i] for i in positions]
            solutions = ([solution[i] for i in positions] for solution in solutions)
    count = 0
    if fmt is ResultFormat.JSON:
        head = ",".join(_json_str(n) for n in names)
        out.write(f'{{"head":{{"vars":[{head}]}},"results":{{"bindings":['.encode())
        for solution in solutions:
            check(count)
            cells = [
                f"{_json_str(name)}:{json_term(value)}"
                for name, value in zip(names, solution, strict=True)
                if value is not None
            ]
            out.write((("," if count else "") + "{" + ",".join(cells) + "}").encode())
            count += 1
        out.write(b"]}}")
    elif fmt is ResultFormat.XML:
        head = "".join(f'<variable name="{_xml_attr(n)}"/>' for n in names)
        out.write(
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>".encode()
        )
        for solution in solutions:
            check(count)
            cells = [
                f'<binding name="{_xml_attr(name)}">{xml_term(value)}</binding>'
                for name, value in zip(names, solution, strict=True)
                if value is not None
            ]
            out.write(("<result>" + "".join(cells) + "</result>").encode())
            count += 1
        out.write(b"</results></sparql>\n")
    elif fmt is ResultFormat.CSV:
        out.write((",".join(csv_field(ox.Literal(n)) for n in names) + "\r\n").encode())
        for solution in solutions:
            check(count)
            out.write((",".join(csv_field(value) for value in solution) + "\r\n").encode())
            count += 1
    else:
        out.write(("\t".join(f"?{n}" for n in names) + "\n").encode())
        for solution in solutions:
            check(count)
            out.write(("\t".join(tsv_term(value) for value in solution) + "\n").encode())
            count += 1
    return count


def write_boolean(value: bool, fmt: ResultFormat, out: Writer) -> None:
    """Write an ASK result."""
    text = "true" if value else "false"
    if fmt is ResultFormat.XML:
        out.write(
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{text}</boolean></sparql>\n".encode()
        )
    else:
        out.write(f'{{"head":{{}},"boolean":{text}}}'.encode())

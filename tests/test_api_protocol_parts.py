"""The protocol's small parts by hand: Accept negotiation, USING rewriting, result serialisers."""

from __future__ import annotations

import io
import re

import pyoxigraph as ox
import pytest

from api import media, results, sparql_text
from api.media import ResultFormat

# -- negotiation --


@pytest.mark.parametrize(
    ("accept", "offers", "chosen"),
    [
        (None, ["a/b", "c/d"], "a/b"),
        ("", ["a/b", "c/d"], "a/b"),
        ("c/d", ["a/b", "c/d"], "c/d"),
        ("c/*", ["a/b", "c/d"], "c/d"),
        ("*/*;q=0.1, c/d;q=0.5", ["a/b", "c/d"], "c/d"),
        ("a/b;q=0, */*", ["a/b", "c/d"], "c/d"),
        ("A/B", ["a/b"], "a/b"),
        ("x/y", ["a/b"], None),
        ("a/b;q=0", ["a/b"], None),
        ("garbage, a/b;q=0.3", ["a/b"], "a/b"),
        ("a/b;q=nonsense, c/d;q=0.2", ["a/b", "c/d"], "c/d"),
    ],
)
def test_api_negotiate(accept: str | None, offers: list[str], chosen: str | None) -> None:
    assert media.negotiate(accept, offers) == chosen


def test_api_media_type_of() -> None:
    assert media.media_type_of("Application/SPARQL-Query; charset=UTF-8") == (
        "application/sparql-query",
        {"charset": "UTF-8"},
    )
    assert media.media_type_of(None) == ("", {})


# -- the SPARQL text --


def test_api_has_dataset_clause() -> None:
    assert sparql_text.has_dataset_clause("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert sparql_text.has_dataset_clause("CONSTRUCT { ?s ?p ?o } FROM NAMED <http://g> WHERE { ?s ?p ?o }")
    assert not sparql_text.has_dataset_clause('SELECT * { ?s ?p "FROM" } # FROM <x>')
    assert not sparql_text.has_dataset_clause("SELECT * { ?s <http://ex/from> ?o . ?s ex:FROM ?x }")


def test_api_add_using_to_every_modify_operation() -> None:
    update = (
        "PREFIX ex: <http://ex/> INSERT { ?s a ex:T } WHERE { ?s a ex:U } ; "
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER(?o < 3) } ; "
        "INSERT DATA { ex:a ex:b ex:c }"
    )
    rewritten = sparql_text.add_using(update, ["http://g1"], ["http://g2"])
    assert rewritten.count("USING <http://g1> USING NAMED <http://g2> WHERE") == 2
    assert "INSERT DATA { ex:a ex:b ex:c }" in rewritten
    ox.Store().update(rewritten)  # still valid SPARQL


def test_api_add_using_turns_delete_where_into_delete_using_where() -> None:
    rewritten = sparql_text.add_using("DELETE WHERE { ?s <http://p> ?o }", ["http://g"], [])
    assert rewritten == "DELETE { ?s <http://p> ?o } USING <http://g> WHERE { ?s <http://p> ?o }"
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("1"), ox.NamedNode("http://g"))
    )
    store.update(
        "DELETE { GRAPH <http://g> { ?s <http://p> ?o } } USING <http://g> WHERE { ?s <http://p> ?o }"
    )
    assert len(store) == 0


def test_api_add_using_skips_strings_and_comments() -> None:
    update = 'INSERT { ?s <http://p> "WHERE { }" } # WHERE\nWHERE { ?s ?p ?o }'
    rewritten = sparql_text.add_using(update, ["http://g"], [])
    assert rewritten.count("USING") == 1
    assert rewritten.endswith("USING <http://g> WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "update",
    [
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }",
    ],
)
def test_api_add_using_refuses_a_second_dataset(update: str) -> None:
    with pytest.raises(sparql_text.DatasetConflict):
        sparql_text.add_using(update, ["http://h"], [])
    assert sparql_text.add_using(update, [], []) == update


def test_api_star_variable_order() -> None:
    assert sparql_text.star_variable_order("SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?z } }") == [
        "s",
        "p",
        "o",
        "q",
        "z",
    ]
    assert sparql_text.star_variable_order("SELECT DISTINCT * WHERE { $b ?a }") == ["b", "a"]
    assert sparql_text.star_variable_order("SELECT ?o ?s { ?s ?p ?o }") is None
    assert sparql_text.star_variable_order("ASK { ?s ?p ?o }") is None


# -- the serialisers --


def _solutions(query: str) -> ox.QuerySolutions:
    found = ox.Store().query(query)
    assert isinstance(found, ox.QuerySolutions)
    return found


def _write(query: str, fmt: ResultFormat) -> str:
    out = io.BytesIO()
    found = _solutions(query)
    results.write_solutions(found, found.variables, fmt, out, lambda rows: None)
    return out.getvalue().decode()


TERMS = (
    "SELECT ?iri ?plain ?lang ?typed ?blank ?unbound WHERE { "
    'BIND(<http://ex/a> AS ?iri) BIND("x\\ty" AS ?plain) '
    'BIND("س"@ar AS ?lang) BIND(42 AS ?typed) BIND(BNODE("b") AS ?blank) }'
)


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV])
def test_api_serialisers_agree_with_oxigraph(fmt: ResultFormat) -> None:
    """Ours and pyoxigraph's own serialisations parse back to the same solutions."""
    ours = _write(TERMS, fmt)
    theirs = _solutions(TERMS).serialize(format=getattr(ox.QueryResultsFormat, fmt.name))
    assert theirs is not None
    if fmt is ResultFormat.CSV:  # lossy: compare the text, blank-node labels aside
        label = re.compile(r"_:[^,\r\n]+")
        assert label.sub("_:b", ours) == label.sub("_:b", theirs.decode())
        return
    parsed_ours = list(ox.parse_query_results(ours.encode(), getattr(ox.QueryResultsFormat, fmt.name)))
    parsed_theirs = list(ox.parse_query_results(theirs, getattr(ox.QueryResultsFormat, fmt.name)))
    assert len(parsed_ours) == len(parsed_theirs) == 1

    def comparable(row: ox.QuerySolution) -> list[str]:
        return [str(v) if not isinstance(v, ox.BlankNode) else "_:b" for v in row]

    assert comparable(parsed_ours[0]) == comparable(parsed_theirs[0])


def test_api_row_check_stops_the_writer() -> None:
    class Stop(Exception):
        pass

    def check(rows: int) -> None:
        if rows >= 2:
            raise Stop

    found = _solutions("SELECT ?x { VALUES ?x { 1 2 3 4 } }")
    with pytest.raises(Stop):
        results.write_solutions(found, found.variables, ResultFormat.JSON, io.BytesIO(), check)


def test_api_boolean_results() -> None:
    out = io.BytesIO()
    results.write_boolean(True, ResultFormat.JSON, out)
    assert out.getvalue() == b'{"head":{},"boolean":true}'
    out = io.BytesIO()
    results.write_boolean(False, ResultFormat.XML, out)
    assert b"<boolean>false</boolean>" in out.getvalue()

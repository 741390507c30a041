"""The named queries' files and parameters: every file has bilingual titles and a lang parameter, headers
are read and malformed ones reported, and values are checked and bound as one VALUES row."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from policykg.queries import (
    NamedQuery,
    ParameterError,
    QueryError,
    bundled_queries,
    load_queries,
    parse_query,
)

QUERIES = bundled_queries()


def values_rows(node: object) -> list[dict]:
    """Return the rows of every VALUES block in a parsed query's algebra."""
    if isinstance(node, CompValue):
        own = list(node["res"]) if node.name == "values" else []
        return own + [row for child in node.values() for row in values_rows(child)]
    if isinstance(node, list | tuple):
        return [row for child in node for row in values_rows(child)]
    return []


def test_at_least_eight_queries_with_bilingual_titles_and_descriptions():
    assert len(QUERIES) >= 8
    for query in QUERIES.values():
        assert set(query.titles) == {"en", "zh"}, query.name
        assert set(query.descriptions) == {"en", "zh"}, query.name
        assert all(p.description for p in query.parameters), query.name


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_offers_a_lang_parameter(name):
    lang = {p.name: p for p in QUERIES[name].parameters}.get("lang")
    assert lang is not None and lang.type == "lang" and lang.default == "zh"


def test_a_bound_query_has_one_values_row(sample_oxigraph):
    bound = QUERIES["label-search"].bind({"text": '") }'})
    assert values_rows(prepareQuery(bound).algebra) == [
        {Variable("text"): Literal('") }'), Variable("lang"): Literal("zh")}
    ]


@pytest.mark.parametrize(
    ("name", "args", "fragment"),
    [
        ("in-place", {}, "'place' (iri) is required"),
        ("in-place", {"place": "county/shilixian"}, "must be of type iri"),
        ("in-place", {"place": "http://example.org/a b"}, "must be of type iri"),
        ("in-place", {"place": "http://example.org/<x>"}, "must be of type iri"),
        ("in-place", {"place": "pkgg:Laboratory"}, "must be of type iri"),
        ("in-place", {"place": "javascript:alert(1)"}, "must be of type iri"),
        ("targets-due-by", {"year": "20255"}, "must be of type year"),
        ("targets-due-by", {"year": "٢٠٢٥"}, "must be of type year"),
        ("targets-due-by", {"year": "2025\n"}, "must be of type year"),
        ("in-place", {"place": "pkg:Laboratory\n"}, "must be of type iri"),
        ("shared-institutions", {"minDomains": "٣"}, "must be of type integer"),
        ("targets-due-by", {"year": "2025 OR 1=1"}, "must be of type year"),
        ("shared-institutions", {"minDomains": "two"}, "must be of type integer"),
        ("shared-institutions", {"minDomains": "9" * 40}, "must be of type integer"),
        ("institutions-by-type", {"lang": "fr"}, "must be of type lang"),
        ("label-search", {"text": "x" * 501}, "longer than 500"),
        ("label-search", {"text": "   "}, "must be of type string"),
        ("label-search", {"text": "x", "txt": "y"}, "unknown parameter(s) txt"),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_parameter(name, args, fragment):
    with pytest.raises(ParameterError) as caught:
        QUERIES[name].bind(args)
    assert fragment in str(caught.value)
    assert caught.value.message_zh


HEADER = "# title: T\n# title@zh: 标题\n# description: D\n"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("# description: D\nSELECT ?s WHERE { ?s ?p ?o }", "no '# title:' line"),
        (HEADER + "# sumary: x\nSELECT ?s WHERE { ?s ?p ?o }", "unknown header key 'sumary'"),
        (HEADER + "# param: x iri\nSELECT ?x WHERE { ?x ?p ?o }", "expected '# param: NAME"),
        (HEADER + "# param: x (uri) X\nSELECT ?x WHERE { ?x ?p ?o }", "unknown parameter type 'uri'"),
        (HEADER + "# param: y (iri) Y\nSELECT ?x WHERE { ?x ?p ?o }", "'y' is not used as ?y"),
        (HEADER + "# param: y (year, default soon) Y\nSELECT ?y WHERE { ?x ?p ?y }", "bad default"),
        (HEADER + "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "must be a SELECT query"),
    ],
)
def test_malformed_headers_are_reported(source, fragment):
    with pytest.raises(QueryError) as caught:
        parse_query("bad", source)
    assert fragment in str(caught.value)


def test_header_fields_are_read():
    query = parse_query(
        "q",
        HEADER
        + "# param: year (year, default 2025) The year.\n"
        + "# param: place (iri, required) The place.\n"
        + "# param: plan (iri) Only this plan.\n"
        + "SELECT ?x WHERE { ?x ?p ?year . ?x ?q ?place . ?x ?r ?plan }",
    )
    assert isinstance(query, NamedQuery)
    assert (query.title, query.titles["zh"], query.description) == ("T", "标题", "D")
    assert [(p.name, p.type, p.required, p.default, p.description) for p in query.parameters] == [
        ("year", "year", False, "2025", "The year."),
        ("place", "iri", True, None, "The place."),
        ("plan", "iri", False, None, "Only this plan."),
    ]
    assert query.text.startswith("SELECT")


def test_optional_parameters_stay_unbound_and_defaults_are_bound():
    bound = QUERIES["portfolio-investment"].bindings({})
    assert set(bound) == {"lang"}
    assert str(bound["lang"]) == '"zh"'


def test_load_queries_reads_a_folder(tmp_path: Path):
    (tmp_path / "one.rq").write_text(HEADER + "SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    assert list(load_queries(tmp_path)) == ["one"]

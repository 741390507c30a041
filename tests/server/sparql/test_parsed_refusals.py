"""No query, update or protocol parameter makes the server fetch from another host (issue 10, item 1).

Each test runs the server on loopback beside a listener that records every request it receives, sends the
tricks that got past the old text-level check, and asserts that the listener heard nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest
import requests
from fetch_tricks import TOKEN, queries, recording_listener, updates
from flask import Flask

from policykg.ontology.namespaces import sparql_prologue
from policykg.server.sparql.examples import Example, example_queries
from policykg.server.sparql.grammar import SparqlSyntaxError, parse_query, parse_update
from policykg.server.sparql.syntax import expand_escapes


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP listener; yields its root URL and the list of requests it has received."""
    with recording_listener() as found:
        yield found


@pytest.fixture
def endpoint(make_app: Callable[..., Flask], serve: Callable[[Flask], str]) -> str:
    """The /sparql URL of a server on loopback that takes updates with ``TOKEN``."""
    return serve(make_app(POLICYKG_UPDATE_TOKEN=TOKEN)) + "/sparql"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("index", range(6))
def test_no_query_reaches_a_service(
    endpoint: str, listener: tuple[str, list[str]], method: str, index: int
) -> None:
    url, heard = listener
    query = queries(url)[index]
    if method == "get":
        response = requests.get(endpoint, params={"query": query}, timeout=10)
    else:
        response = requests.post(endpoint, data={"query": query}, timeout=10)
    assert response.status_code in (400, 403), response.text
    assert heard == []


@pytest.mark.parametrize("authorization", [None, f"Bearer {TOKEN}"])
@pytest.mark.parametrize("index", range(4))
def test_no_update_reaches_a_host(
    endpoint: str, listener: tuple[str, list[str]], authorization: str | None, index: int
) -> None:
    url, heard = listener
    headers = {"Authorization": authorization} if authorization else {}
    update = updates(url)[index]
    for response in (
        requests.post(endpoint, data={"update": update}, headers=headers, timeout=10),
        requests.post(
            endpoint,
            data=update.encode(),
            headers={**headers, "Content-Type": "application/sparql-update"},
            timeout=10,
        ),
    ):
        assert response.status_code in ((400, 403) if authorization else (401,)), response.text
    assert heard == []


@pytest.mark.parametrize("authorization", [None, f"Bearer {TOKEN}"])
def test_using_graph_uri_is_an_iri_not_text(
    endpoint: str, listener: tuple[str, list[str]], authorization: str | None
) -> None:
    """The issue's reproduction: a using-graph-uri that closes the IRI and adds a LOAD."""
    url, heard = listener
    headers = {"Authorization": authorization} if authorization else {}
    trick = f"http://x> WHERE {{ }} ; LOAD <{url}/y.ttl> ; INSERT {{ <urn:a> <urn:b> 1 }} USING <http://y"
    for params in ({"using-graph-uri": trick}, {"using-named-graph-uri": trick}):
        response = requests.post(
            endpoint,
            params=params,
            data="INSERT { <urn:a> <urn:b> 2 } WHERE { }",
            headers={**headers, "Content-Type": "application/sparql-update"},
            timeout=10,
        )
        assert response.status_code == (400 if authorization else 401), response.text
    assert heard == []


def test_dataset_parameters_are_validated(endpoint: str) -> None:
    for name in ("default-graph-uri", "named-graph-uri"):
        response = requests.get(
            endpoint, params={"query": "ASK {}", name: "x> } SERVICE <http://y"}, timeout=10
        )
        assert response.status_code == 400
        assert requests.get(endpoint, params={"query": "ASK {}", name: "http://g/1"}, timeout=10).ok


def test_using_graph_uri_still_applies(endpoint: str) -> None:
    """A valid protocol dataset is written into the update as USING, and the update runs."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    insert = "INSERT DATA { GRAPH <http://g/1> { <urn:s> <urn:p> 1 } }"
    assert requests.post(endpoint, data=insert, headers=auth, timeout=10).status_code == 204
    copy = "INSERT { GRAPH <http://g/2> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    response = requests.post(
        endpoint, params={"using-graph-uri": "http://g/1"}, data=copy, headers=auth, timeout=10
    )
    assert response.status_code == 204
    ask = requests.get(
        endpoint, params={"query": "ASK { GRAPH <http://g/2> { <urn:s> <urn:p> 1 } }"}, timeout=10
    )
    assert ask.json()["boolean"] is True


def test_allowed_service_is_the_only_one(
    make_app: Callable[..., Flask], serve: Callable[[Flask], str]
) -> None:
    """With federation on, only endpoints on the allow-list pass the check; LOAD never does."""
    app = make_app(POLICYKG_SERVICE_ALLOW=("http://allowed.example/sparql",), POLICYKG_UPDATE_TOKEN=TOKEN)
    client = app.test_client()
    refused = client.get("/sparql", query_string={"query": "SELECT * { SERVICE <http://other.example/> {} }"})
    assert refused.status_code == 403
    assert "SERVICE <http://other.example/>" in refused.get_json()["message"]["en"]
    load = client.post(
        "/sparql",
        data={"update": "LOAD <http://allowed.example/sparql>"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert load.status_code == 403


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("\\u0053ERVICE", "SERVICE"),
        ("\\U0001F600", "\U0001f600"),
        ('"caf\\u00E9"', '"café"'),
        ("no escapes", "no escapes"),
    ],
)
def test_code_point_escapes(text: str, expanded: str) -> None:
    assert expand_escapes(text) == expanded


@pytest.mark.parametrize("text", ["\\uD800", "\\U00110000", "\\u005Cu0041"])
def test_bad_code_point_escapes(text: str) -> None:
    with pytest.raises(SparqlSyntaxError):
        expand_escapes(text)


def test_escaped_local_names_read_as_the_grammar_says() -> None:
    parsed = parse_query("PREFIX ex: <http://e/> SELECT * { SERVICE ex:a\\#b { ?s ?p ?o } }")
    assert [(f.keyword, f.iri) for f in parsed.fetches] == [("SERVICE", "http://e/a#b")]


def test_where_positions_of_update_operations() -> None:
    text = "DELETE WHERE { ?s ?p ?o } ; INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }"
    parsed = parse_update(text)
    assert [op.kind for op in parsed.operations] == ["DELETE WHERE", "MODIFY"]
    assert text[parsed.operations[1].where :].startswith("WHERE")


@pytest.mark.parametrize(
    "text",
    ["SELECT * {" + "{" * 100 + "}" * 101, "SELECT * { FILTER(" + "(" * 2000 + "1" + ")" * 2001 + " }"],
)
def test_deep_nesting_is_refused_not_recursed(text: str) -> None:
    with pytest.raises(SparqlSyntaxError, match="nested"):
        parse_query(text)


def test_an_allowed_service_that_fails_gets_502(make_app: Callable[..., Flask]) -> None:
    url = "http://127.0.0.1:1/sparql"
    client = make_app(POLICYKG_SERVICE_ALLOW=(url,)).test_client()
    response = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 502
    silent = client.get(
        "/sparql", query_string={"query": f"SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"}
    )
    assert silent.status_code == 200


@pytest.mark.parametrize("example", example_queries(), ids=lambda e: e.name)
def test_every_shipped_query_parses(example: Example, sample_oxigraph: ox.Store) -> None:
    """The parser the server decides on reads every query the project ships, as the engine does."""
    text = sparql_prologue() + example.text
    parsed = parse_query(text)
    assert parsed.form == "SELECT" and parsed.fetches == []
    assert parsed.text == text
    sample_oxigraph.query(text)  # the engine reads it too


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p ?o FILTER(?o<3&&?o>1) } ORDER BY DESC(?o) LIMIT 5 OFFSET 2",
        "SELECT (COUNT(DISTINCT *) AS ?n) { ?s <p>/^<q>|!(<a>|^a)* ?o ; a ?c , ?d . [] <p> [ <q> -1 ] }",
        "SELECT * { VALUES (?a ?b) { (1 UNDEF) (<x> 'y'@en-GB) } VALUES ?c { true 2.5e3 } }",
        "SELECT ?g (GROUP_CONCAT(DISTINCT ?x; SEPARATOR=', ') AS ?s) { GRAPH ?g { ?x ?p ?o } "
        "FILTER NOT EXISTS { ?x a <C> } } GROUP BY ?g HAVING (COUNT(?x) > 1)",
        "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 1 } UNION { ?s ?p ?o } MINUS { ?s <p> ?q } BIND(NOW() AS ?t) }",
        "CONSTRUCT { ?s a [ <p> (1 2 3) ] } WHERE { ?s ?p ?o FILTER(?o NOT IN (1, 2) && REGEX(STR(?s), 'x', 'i')) }",
        "DESCRIBE ?s <x> FROM <g> FROM NAMED <h> WHERE { ?s ?p ?o }",
        'ASK { ?s <p> """long "quoted" text""" ; <q> "1"^^<http://www.w3.org/2001/XMLSchema#int> }',
    ],
)
def test_grammar_reads_what_the_engine_reads(text: str) -> None:
    parse_query(text)
    ox.Store().query(text, base_iri="http://example.org/")

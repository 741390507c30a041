"""The row cap and the query timeout: a cut result always says so, in a header and in the body."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from policykg.server.sparql import results
from policykg.server.sparql.results import Limits, execute
from policykg.server.store.embedded import OxigraphStore
from policykg.server.web.negotiation import RESULT_FORMATS

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
# About 450 million solutions over the sample graph: it streams until something stops it.
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# About six million joined solutions counted before the single answer row: seconds of work with no output.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } }"


def rows_in(media_type: str, body: bytes) -> int:
    """Count the solutions in a SELECT result in any of the four formats."""
    if media_type == "application/sparql-results+json":
        return len(json.loads(body)["results"]["bindings"])
    if media_type == "text/csv":
        return len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) - 1
    fmt = ox.QueryResultsFormat.XML if media_type.endswith("xml") else ox.QueryResultsFormat.TSV
    return len(list(ox.parse_query_results(body, fmt)))


@pytest.mark.parametrize("media_type", [fmt.media_type for fmt in RESULT_FORMATS])
def test_row_cap_cuts_and_says_so(make_app, media_type: str) -> None:
    """A SELECT longer than the cap returns exactly the cap, with the header and the in-body note."""
    client = make_app(POLICYKG_MAX_ROWS=5).test_client()
    response = client.get("/sparql", query_string={"query": ALL_TRIPLES}, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=5"
    assert response.headers["Policykg-Rows"] == "5"
    assert rows_in(media_type, response.data) == 5
    if media_type == "application/sparql-results+json":
        assert json.loads(response.data)["truncated"] == {"reason": "max-rows", "limit": 5, "rows": 5}
    if media_type == "application/sparql-results+xml":
        assert b'<link href="http://localhost/sparql#truncated-max-rows"/>' in response.data


@pytest.mark.parametrize(("limit", "cut"), [(5, False), (6, False), (4, True)])
def test_row_cap_boundary(make_app, limit: int, cut: bool) -> None:
    """A result exactly at the cap is whole; one row more is cut."""
    client = make_app(POLICYKG_MAX_ROWS=limit).test_client()
    response = client.get("/sparql", query_string={"query": ALL_TRIPLES + " LIMIT 5"})
    assert ("Policykg-Truncated" in response.headers) is cut
    assert ("truncated" in response.get_json()) is cut
    assert len(response.get_json()["results"]["bindings"]) == min(limit, 5)


@pytest.mark.parametrize(
    ("accept", "comment"),
    [("text/turtle", True), ("application/n-triples", True), ("application/ld+json", False)],
)
def test_row_cap_on_graphs(make_app, accept: str, comment: bool) -> None:
    """A CONSTRUCT longer than the cap returns exactly the cap triples and says so."""
    client = make_app(POLICYKG_MAX_ROWS=7).test_client()
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=7"
    triples = list(ox.parse(response.data, ox.RdfFormat.from_media_type(accept)))
    assert len(triples) == 7
    assert response.data.startswith(b"# truncated: max-rows") is comment


def test_timeout_cuts_a_streaming_result(make_app) -> None:
    """A result still streaming at the deadline is cut there: 200, the rows so far, and the timeout note."""
    client = make_app(POLICYKG_TIMEOUT=0.3, POLICYKG_MAX_ROWS=None, POLICYKG_MAX_BYTES=None).test_client()
    response = client.get(
        "/sparql", query_string={"query": ENDLESS}, headers={"Accept": "text/tab-separated-values"}
    )
    assert response.status_code == 200
    assert response.headers["Policykg-Truncated"] == "timeout; limit=0.3"
    rows = rows_in("text/tab-separated-values", response.data)
    assert rows == int(response.headers["Policykg-Rows"]) > 0


def test_timeout_before_any_row(make_app) -> None:
    """A query with nothing to show at the deadline gets 503 saying it ran too long."""
    client = make_app(POLICYKG_TIMEOUT=0.2).test_client()
    response = client.get("/sparql", query_string={"query": SLOW_COUNT})
    assert response.status_code == 503
    problem = response.get_json()
    assert problem["timeout"] == 0.2
    assert "0.2 s" in problem["message"]["en"] and "0.2 秒" in problem["message"]["zh"]


def test_busy_when_runaway_queries_fill_the_slots(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """With every slot for overrunning queries taken, a new query is told to come back later."""
    monkeypatch.setattr(results, "MAX_RUNAWAY", 0)
    response = make_app().test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"


@pytest.fixture
def varied_store() -> OxigraphStore:
    """A store whose terms exercise every corner of the result formats."""
    store = OxigraphStore()
    store.update(
        """PREFIX ex: <http://example.org/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {
          ex:a ex:p "plain", "中文"@zh, "tab\\tnew\\nline \\"quoted\\" back\\\\slash", "01"^^xsd:integer,
                 "1.50"^^xsd:decimal, "1.0E3"^^xsd:double, "2025"^^xsd:gYear, "true"^^xsd:boolean,
                 "x"^^ex:custom, _:b1, <http://example.org/路径?q=1#frag> .
          _:b1 ex:p "in a blank node"@en-GB .
        }"""
    )
    return store


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.media_type)
def test_results_match_oxigraph_serializers(varied_store: OxigraphStore, fmt) -> None:
    """Streaming through TSV and converting gives byte for byte what pyoxigraph writes directly."""
    query = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?missing } } ORDER BY STR(?o)"
    direct = varied_store.query(query).serialize(format=fmt.writer)
    outcome = execute(varied_store, query, choose=lambda kind: fmt, limits=Limits(max_rows=100, timeout=5))
    assert outcome.truncated is None
    assert outcome.rows == 12
    assert outcome.body == direct


@pytest.mark.parametrize("note_url", ["http://example.org/sparql", lambda: "http://example.org/sparql"])
def test_mark_truncated_takes_a_url_or_a_function(note_url) -> None:
    """The XML note links to the given URL, whether given as text or by a function."""
    xml = next(f for f in RESULT_FORMATS if f.media_type == "application/sparql-results+xml")
    body = (
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head></sparql>'
    )
    outcome = results.Outcome("solutions", xml, body, 0, "max-rows", 3)
    assert b'<link href="http://example.org/sparql#truncated-max-rows"/></head>' in results.mark_truncated(
        outcome, note_url
    )


def test_repeated_query_gives_the_same_answer(make_app) -> None:
    """A query run again (on the fast path for known quick, small queries) answers byte for byte the same."""
    client = make_app(POLICYKG_MAX_ROWS=1000).test_client()
    query = {"query": ALL_TRIPLES + " ORDER BY ?s ?p ?o LIMIT 50"}
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        first = client.get("/sparql", query_string=query, headers={"Accept": accept})
        second = client.get("/sparql", query_string=query, headers={"Accept": accept})
        assert first.data == second.data
        assert first.headers["Policykg-Rows"] == second.headers["Policykg-Rows"] == "50"


def test_a_write_invalidates_what_was_learnt(make_app, store: OxigraphStore) -> None:
    """After a write, a query once known to be small is capped again if it has grown past the cap."""
    client = make_app(POLICYKG_MAX_ROWS=4).test_client()
    query = {"query": "SELECT ?o WHERE { <https://example.org/s> <https://example.org/p> ?o }"}
    assert client.get("/sparql", query_string=query).headers["Policykg-Rows"] == "0"
    assert client.get("/sparql", query_string=query).headers["Policykg-Rows"] == "0"
    store.update(
        "INSERT DATA { <https://example.org/s> <https://example.org/p> 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }"
    )
    response = client.get("/sparql", query_string=query)
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=4"
    assert len(response.get_json()["results"]["bindings"]) == 4


def test_a_cut_result_is_cut_every_time(make_app) -> None:
    """A result that was cut is never taken as small: every run is cut and says so."""
    client = make_app(POLICYKG_MAX_ROWS=3).test_client()
    for _ in range(3):
        response = client.get("/sparql", query_string={"query": ALL_TRIPLES})
        assert response.headers["Policykg-Truncated"] == "max-rows; limit=3"
        assert len(response.get_json()["results"]["bindings"]) == 3

"""Bad requests to /sparql get a clear 4xx answer in both languages, and change nothing."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from policykg.server.sparql.grammar import SparqlSyntaxError, parse_query
from policykg.server.sparql.protocol import MAX_QUERY_BYTES

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def assert_problem(response, status: int) -> dict:
    """Check a problem+json answer (RFC 9457) with a message in English and Chinese, and return it."""
    assert response.status_code == status, response.data
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    assert problem["message"]["en"] and problem["message"]["zh"]
    assert problem["detail"] == problem["message"]["en"]
    return problem


def parser_position(query: str) -> tuple[int, int]:
    """Return where the server's parser places the error in a query, checking that the engine refuses it too.

    The server decides on its own parse (server/sparql/grammar.py), so its position is the one reported;
    pyoxigraph's PEG parser reports the furthest point any alternative reached, which may lie later.
    """
    with pytest.raises(SyntaxError):
        ox.Store().query(query)
    with pytest.raises(SparqlSyntaxError) as caught:
        parse_query(query)
    return caught.value.line, caught.value.column


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p ",
        "ASK {",
        "SELECT *\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o > )\n}",
        "SELEKT * {}",
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  ?s ex:p 'unterminated\n}",
    ],
)
@pytest.mark.parametrize("style", ["get", "form", "direct"])
def test_malformed_query(client: FlaskClient, query: str, style: str) -> None:
    """A query that does not parse gets 400 with the parser's message and position."""
    if style == "get":
        response = client.get("/sparql", query_string={"query": query})
    elif style == "form":
        response = client.post("/sparql", data={"query": query})
    else:
        response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    problem = assert_problem(response, 400)
    line, column = parser_position(query)
    assert (problem["line"], problem["column"]) == (line, column)
    assert problem["parser_message"]
    assert f"line {line}, column {column}" in problem["message"]["en"]
    assert f"第 {line} 行第 {column} 列" in problem["message"]["zh"]


def test_error_position_points_into_the_query(client: FlaskClient) -> None:
    """The position of an unclosed group is just after its last character."""
    problem = client.get("/sparql", query_string={"query": "ASK {"}).get_json()
    assert (problem["line"], problem["column"]) == (1, 6)


def test_browser_gets_an_html_error_page(client: FlaskClient) -> None:
    """A browser that sent a bad query sees an HTML page with both messages."""
    response = client.get("/sparql", query_string={"query": "ASK {"}, headers={"Accept": BROWSER})
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "SPARQL 语法错误" in page and "Malformed SPARQL" in page


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method(client: FlaskClient, method: str) -> None:
    """Methods the protocol does not define get 405 with an Allow header."""
    response = client.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert_problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", b"ASK {}", 415),
        (None, b"ASK {}", 415),
        ("application/json", b'{"query": "ASK {}"}', 415),
        ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
        ("application/sparql-query", b"ASK { ?s ?p \xff\xfe }", 400),
        ("application/x-www-form-urlencoded", b"", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D&update=CLEAR%20ALL", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%7D&version=9.9", 400),
        ("application/x-www-form-urlencoded", b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D", 400),
        ("application/x-www-form-urlencoded", b"query=ASK \xff {}", 400),
        ("application/x-www-form-urlencoded; charset=utf-8", b"query=ASK%20%7B%7D", 200),
        ("application/x-www-form-urlencoded", "query=ASK { FILTER('济南' = '济南') }".encode(), 200),
        ("application/sparql-query; version=1.1", b"ASK {}", 200),
        ("application/sparql-query; version=1.3", b"ASK {}", 400),
    ],
)
def test_bad_post(client: FlaskClient, content_type: str | None, body: bytes, status: int) -> None:
    """POSTs with a wrong media type, charset, encoding or parameter set are refused with a clear reason."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=body, headers=headers)
    if status == 200:
        assert response.get_json()["boolean"] is True
    else:
        assert_problem(response, status)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ([("query", "ASK {}"), ("query", "ASK {}")], 400),
        ([("query", "ASK {}"), ("version", "1.1"), ("version", "1.2")], 400),
        ([("update", "CLEAR ALL")], 400),
        ([("query", "ASK {}"), ("default-graph-uri", "not an iri")], 400),
        ([("query", "ASK {}"), ("format", "pdf")], 406),
    ],
)
def test_bad_get(client: FlaskClient, params: list[tuple[str, str]], status: int) -> None:
    """GETs with repeated, misplaced or invalid parameters are refused."""
    assert_problem(client.get("/sparql", query_string=params), status)


def test_get_with_a_body(client: FlaskClient) -> None:
    """A GET request with a body is refused (SPARQL 1.1 Protocol §2.1.1)."""
    response = client.get("/sparql", query_string={"query": "ASK {}"}, data=b"unexpected body")
    assert_problem(response, 400)


@pytest.mark.parametrize("style", ["get", "form", "direct"])
def test_huge_query(client: FlaskClient, style: str) -> None:
    """A query over the size limit gets 413 or 414 before anything parses it."""
    query = "ASK {}" + "#" * (MAX_QUERY_BYTES + 10)
    if style == "get":
        assert_problem(client.get("/sparql", query_string={"query": query}), 414)
    elif style == "form":
        assert client.post("/sparql", data={"query": query}).status_code == 413
    else:
        response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
        assert_problem(response, 413)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:8/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_federated_queries_are_refused(client: FlaskClient, query: str) -> None:
    """SERVICE would make the server fetch from other hosts, so it is refused with 403."""
    problem = assert_problem(client.get("/sparql", query_string={"query": query}), 403)
    assert "SERVICE" in problem["message"]["en"]


def test_service_as_a_word_in_data_is_fine(client: FlaskClient) -> None:
    """The word SERVICE inside strings, IRIs, variables or comments is not a SERVICE clause."""
    query = 'ASK { ?service <http://example.org/SERVICE> "SERVICE" } # SERVICE'
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert response.get_json()["boolean"] is False


@pytest.mark.parametrize(
    ("path", "accept", "mimetype"),
    [
        ("/sparql/nothing-here", None, "application/problem+json"),
        ("/graph-store/x", None, "application/problem+json"),
        ("/no/such/page", BROWSER, "text/html"),
        ("/no/such/page", "application/json", "application/problem+json"),
    ],
)
def test_not_found(client: FlaskClient, path: str, accept: str | None, mimetype: str) -> None:
    """Unknown paths get 404: JSON for machine URL families and JSON clients, HTML for browsers."""
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    assert response.mimetype == mimetype

"""The answer cache in front of /sparql: what it replays, what it never keeps, and when it forgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from policykg.server.sparql.cache import ResultCache
from policykg.server.store.embedded import OxigraphStore

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
LABELS = f"SELECT ?l WHERE {{ <{LAB}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} ORDER BY ?l"
JSON = {"Accept": "application/sparql-results+json"}


def cache_of(app: Flask) -> ResultCache:
    """Return the app's answer cache."""
    return app.extensions["policykg.result_cache"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_identical_request_is_replayed(app: Flask, method: str) -> None:
    """The second identical query is answered from the cache with the same status, headers and body."""
    client, cache = app.test_client(), cache_of(app)

    def ask():
        if method == "GET":
            return client.get("/sparql", query_string={"query": LABELS}, headers=JSON)
        return client.post("/sparql", data={"query": LABELS}, headers=JSON)

    first = ask()
    assert first.status_code == 200 and cache.hits == 0
    second = ask()
    assert cache.hits == 1
    assert second.data == first.data
    assert len(second.json["results"]["bindings"]) == 2
    for header in ("Content-Type", "Vary", "Policykg-Rows", "Access-Control-Allow-Origin"):
        assert second.headers[header] == first.headers[header]


def test_key_covers_what_the_answer_depends_on(client, app: Flask) -> None:
    """Another format, another query or another dataset is not served the kept answer."""
    cache = cache_of(app)
    client.get("/sparql", query_string={"query": LABELS}, headers=JSON)
    csv = client.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
    assert csv.content_type.startswith("text/csv") and csv.data.startswith(b"l\r\n")
    named = client.get(
        "/sparql",
        query_string={"query": LABELS, "default-graph-uri": "https://example.org/none"},
        headers=JSON,
    )
    assert named.json["results"]["bindings"] == []
    assert cache.hits == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (NOW() AS ?t) WHERE {}",
        "SELECT (rand() AS ?r) WHERE {}",
        "SELECT (STRUUID() AS ?u) WHERE {}",
        "CONSTRUCT { ?x <https://example.org/p> 1 } WHERE { BIND(BNODE() AS ?x) }",
    ],
)
def test_volatile_functions_are_never_replayed(client, app: Flask, query: str) -> None:
    """A query calling NOW, RAND, UUID, STRUUID or BNODE runs every time."""
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": query}).status_code == 200
    assert cache_of(app).hits == 0


def test_volatile_names_inside_strings_do_not_count(client, app: Flask) -> None:
    """The word NOW in a literal or an IRI is no function call, so the answer is kept."""
    query = 'SELECT ?s WHERE { ?s ?p "NOW()" . ?s ?q <https://example.org/rand> }'
    for _ in range(2):
        client.get("/sparql", query_string={"query": query})
    assert cache_of(app).hits == 1


def test_cut_answers_and_errors_are_not_kept(make_app: Callable[..., Flask]) -> None:
    """An answer cut at the row cap, a malformed query and a 406 go through every time."""
    app = make_app(POLICYKG_MAX_ROWS=1)
    client, cache = app.test_client(), cache_of(app)
    for _ in range(2):
        cut = client.get("/sparql", query_string={"query": LABELS}, headers=JSON)
        assert cut.headers["Policykg-Truncated"] == "max-rows; limit=1"
        assert client.get("/sparql", query_string={"query": "SELECT ?s WHERE {"}).status_code == 400
        refused = client.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "image/png"})
        assert refused.status_code == 406
    assert cache.hits == 0


def test_credentials_bypass_the_cache(client, app: Flask) -> None:
    """A request with an Authorization header is always answered by the application itself."""
    headers = {**JSON, "Authorization": "Bearer x"}
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": LABELS}, headers=headers).status_code == 200
    assert cache_of(app).hits == 0


def test_a_write_empties_the_cache(make_app: Callable[..., Flask]) -> None:
    """After an update the same query is run again and sees the new data."""
    app = make_app(POLICYKG_UPDATE_TOKEN="tok")
    client, cache = app.test_client(), cache_of(app)
    ask = {"query": 'ASK { <https://example.org/a> <https://example.org/p> "新" }'}
    assert client.get("/sparql", query_string=ask, headers=JSON).json["boolean"] is False
    assert client.get("/sparql", query_string=ask, headers=JSON).json["boolean"] is False
    assert cache.hits == 1
    update = client.post(
        "/sparql",
        data={"update": 'INSERT DATA { <https://example.org/a> <https://example.org/p> "新" }'},
        headers={"Authorization": "Bearer tok"},
    )
    assert update.status_code == 204
    assert client.get("/sparql", query_string=ask, headers=JSON).json["boolean"] is True
    assert cache.hits == 1


def test_size_is_bounded(make_app: Callable[..., Flask]) -> None:
    """Past its byte budget the cache lets the least recently used answers go."""
    app = make_app(POLICYKG_RESULT_CACHE_BYTES=16 * 1024)
    client, cache = app.test_client(), cache_of(app)
    sent = 0
    for n in range(80):
        query = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p ?o LIMIT 2 OFFSET {n}"
        sent += len(client.get("/sparql", query_string={"query": query}, headers=JSON).data)
    assert sent > 2 * 16 * 1024
    assert 0 < cache.size <= 16 * 1024
    client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert cache.hits == 1
    first = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2 OFFSET 0"
    client.get("/sparql", query_string={"query": first}, headers=JSON)
    assert cache.hits == 1


def test_large_bodies_go_straight_through(client, app: Flask) -> None:
    """A POST body above the key limit is read by the application, not the cache, and still answered."""
    padded = LABELS + "\n#" + "x" * (70 * 1024)
    for _ in range(2):
        response = client.post("/sparql", data={"query": padded}, headers=JSON)
        assert len(response.json["results"]["bindings"]) == 2
    assert cache_of(app).hits == 0


def test_no_cache_when_disabled_or_others_write(make_app: Callable[..., Flask], store: OxigraphStore) -> None:
    """Size 0 turns the cache off; a remote store, which others may write, never gets one."""
    from policykg.server.store.remote import RemoteStore

    assert "policykg.result_cache" not in make_app(POLICYKG_RESULT_CACHE_BYTES=0).extensions
    remote = RemoteStore("http://127.0.0.1:9/sparql")
    assert "policykg.result_cache" not in make_app(POLICYKG_STORE=remote).extensions


def test_get_answers_carry_validators(client) -> None:
    """A GET answer has an ETag and Last-Modified; the same ETag in If-None-Match gets 304 without a body."""
    first = client.get("/sparql", query_string={"query": LABELS}, headers=JSON)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(
        "/sparql", query_string={"query": LABELS}, headers={**JSON, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    other = client.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
    assert other.headers["ETag"] != first.headers["ETag"]


def test_no_validators_where_the_answer_may_change(make_app: Callable[..., Flask]) -> None:
    """Volatile queries, cut answers and POSTs carry no ETag."""
    client = make_app(POLICYKG_MAX_ROWS=1).test_client()
    assert "ETag" not in client.get("/sparql", query_string={"query": "SELECT (NOW() AS ?t) {}"}).headers
    assert "ETag" not in client.post("/sparql", data={"query": "ASK {}"}, headers=JSON).headers
    cut = client.get("/sparql", query_string={"query": LABELS}, headers=JSON)
    assert "Policykg-Truncated" in cut.headers
    assert "ETag" not in cut.headers
    assert "ETag" in client.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON).headers

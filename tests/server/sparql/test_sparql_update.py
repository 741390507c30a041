"""SPARQL 1.1 Update through /sparql: refused without the token, applied with it, datasets by protocol."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from policykg.server.sparql.lexer import DatasetConflict, add_using, keywords, uses_load, uses_service
from policykg.server.store.base import Dataset
from policykg.server.store.embedded import OxigraphStore

TOKEN = "s3cret-token"
INSERT = 'INSERT DATA { <https://example.org/new> <http://www.w3.org/2000/01/rdf-schema#label> "新"@zh }'
ASK_NEW = "ASK { <https://example.org/new> ?p ?o }"


@pytest.fixture
def writable(make_app) -> FlaskClient:
    """A client of an app started with an update token."""
    return make_app(POLICYKG_UPDATE_TOKEN=TOKEN).test_client()


def asks(client: FlaskClient, query: str) -> bool:
    """Return the boolean answer of an ASK query."""
    return client.get("/sparql", query_string={"query": query}).get_json()["boolean"]


@pytest.mark.parametrize("style", ["form", "direct"])
def test_read_only_server_refuses_updates(client: FlaskClient, style: str) -> None:
    """Without a configured token every update gets 403 and nothing changes."""
    if style == "form":
        response = client.post("/sparql", data={"update": INSERT})
    else:
        response = client.post("/sparql", data=INSERT, content_type="application/sparql-update")
    assert response.status_code == 403
    assert "--update-token" in response.get_json()["message"]["en"]
    assert asks(client, ASK_NEW) is False


@pytest.mark.parametrize(
    ("authorization", "error"),
    [
        (None, None),
        ("Bearer wrong", "invalid_token"),
        ("Basic czNjcmV0LXRva2Vu", None),
        (f"Token {TOKEN}", None),
    ],
)
def test_wrong_or_missing_token(writable: FlaskClient, authorization: str | None, error: str | None) -> None:
    """With a token configured, a request without the right bearer token gets 401 (RFC 6750 §3)."""
    headers = {"Authorization": authorization} if authorization else {}
    response = writable.post("/sparql", data={"update": INSERT}, headers=headers)
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert ("invalid_token" in challenge) is bool(error)
    assert asks(writable, ASK_NEW) is False


@pytest.mark.parametrize("style", ["form", "direct"])
def test_update_with_token(writable: FlaskClient, store: OxigraphStore, style: str) -> None:
    """With the token an update applies, answers 204 and changes the store's version."""
    before = store.version
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if style == "form":
        response = writable.post("/sparql", data={"update": INSERT}, headers=headers)
    else:
        response = writable.post(
            "/sparql", data=INSERT, content_type="application/sparql-update", headers=headers
        )
    assert response.status_code == 204
    assert asks(writable, ASK_NEW) is True
    assert store.version != before


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("INSERT DATA { <https://example.org/a> <https://example.org/b> }", 400),
        ("LOAD <http://example.org/data.ttl>", 403),
        ("load silent <http://example.org/data.ttl> into graph <https://example.org/g>", 403),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403),
    ],
)
def test_bad_or_refused_updates(
    writable: FlaskClient, store: OxigraphStore, update: str, status: int
) -> None:
    """Malformed updates get 400 and fetching ones 403; the store is unchanged either way."""
    before = len(store.raw)
    response = writable.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == status
    assert response.get_json()["message"]["zh"]
    assert len(store.raw) == before


def test_update_dataset_from_protocol(writable: FlaskClient) -> None:
    """using-graph-uri names the graph the WHERE clause reads (SPARQL 1.1 Protocol §2.2.3)."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    setup = (
        "INSERT DATA { GRAPH <https://example.org/g1> { <https://example.org/s> a <https://example.org/C> } }"
    )
    assert writable.post("/sparql", data={"update": setup}, headers=auth).status_code == 204
    copy = "INSERT { GRAPH <https://example.org/out> { ?s a ?c } } WHERE { ?s a ?c }"
    response = writable.post(
        "/sparql?using-graph-uri=https://example.org/g1", data={"update": copy}, headers=auth
    )
    assert response.status_code == 204
    assert asks(writable, "ASK { GRAPH <https://example.org/out> { <https://example.org/s> a ?c } }") is True
    # Only g1 was read: the sample graph's typed entities were not copied.
    assert (
        asks(
            writable,
            "ASK { GRAPH <https://example.org/out> { ?x a <https://w3id.org/policykg/ontology#Plan> } }",
        )
        is False
    )


def test_update_dataset_conflict(writable: FlaskClient) -> None:
    """A protocol dataset on an update that has its own WITH or USING is refused with 400."""
    update = "WITH <https://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    response = writable.post(
        "/sparql?using-graph-uri=https://example.org/g1",
        data={"update": update},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400
    assert "WITH" in response.get_json()["message"]["en"]


def test_default_graph_uri_on_an_update_is_refused(writable: FlaskClient) -> None:
    """Updates name their dataset with using-graph-uri; default-graph-uri is a mistake worth reporting."""
    response = writable.post(
        "/sparql?default-graph-uri=https://example.org/g1",
        data={"update": INSERT},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { SERVICE <x> {} }", [("SELECT", 0), ("SERVICE", 1)]),
        ('ASK { ?s ?p "WHERE { }" } # WHERE {', [("ASK", 0)]),
        ("ASK { ?s <http://x/WHERE#USING> ?o }", [("ASK", 0)]),
        ("PREFIX where: <http://x/> ASK { ?s where:p ?where }", [("PREFIX", 0), ("ASK", 0)]),
        ("ASK { ?s ?p '''multi\nline { WHERE'''}", [("ASK", 0)]),
        (
            "INSERT { ?s a ?c } WHERE { ?s a ?c FILTER(?c < 3) }",
            [("INSERT", 0), ("A", 1), ("WHERE", 0), ("A", 1), ("FILTER", 1)],
        ),
    ],
)
def test_keywords(text: str, expected: list[tuple[str, int]]) -> None:
    """Bare words are found with their brace depth, never inside strings, IRIs, comments or prefixed names."""
    assert [(k.word, k.depth) for k in keywords(text)] == expected


@pytest.mark.parametrize(
    ("text", "service", "load"),
    [
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True, False),
        ("LOAD <http://x/>", False, True),
        ("CLEAR ALL ; load silent <http://x/>", False, True),
        ('INSERT DATA { <http://x/> <http://x/p> "LOAD SERVICE" }', False, False),
        ("SELECT ?service ?load { ?service <http://x/load> ?load }", False, False),
    ],
)
def test_fetching_operations(text: str, service: bool, load: bool) -> None:
    """SERVICE and LOAD are recognized as operations, not as words in data."""
    assert uses_service(text) is service
    assert uses_load(text) is load


@pytest.mark.parametrize(
    ("update", "using", "expected"),
    [
        (
            "INSERT { ?s a ?c } WHERE { ?s a ?c }",
            Dataset(("http://g/1",)),
            "INSERT { ?s a ?c } USING <http://g/1> WHERE { ?s a ?c }",
        ),
        (
            "DELETE WHERE { ?s ?p ?o }",
            Dataset(("http://g/1",), ("http://g/2",)),
            "DELETE { ?s ?p ?o } USING <http://g/1> USING NAMED <http://g/2> WHERE { ?s ?p ?o }",
        ),
        (
            "CLEAR ALL ; INSERT DATA { <http://a> <http://b> <http://c> }",
            Dataset(("http://g/1",)),
            "CLEAR ALL ; INSERT DATA { <http://a> <http://b> <http://c> }",
        ),
        (
            "INSERT { GRAPH <http://o> { ?s a ?c } } WHERE { GRAPH ?g { ?s a ?c } }",
            Dataset((), ("http://g/2",)),
            "INSERT { GRAPH <http://o> { ?s a ?c } } USING NAMED <http://g/2> "
            "USING <urn:policykg:empty-default-graph> WHERE { GRAPH ?g { ?s a ?c } }",
        ),
    ],
)
def test_add_using(update: str, using: Dataset, expected: str) -> None:
    """A protocol dataset becomes USING clauses before each operation's WHERE."""
    assert add_using(update, using) == expected


@pytest.mark.parametrize(
    "update",
    [
        "WITH <http://g> INSERT { ?s a ?c } WHERE { ?s a ?c }",
        "INSERT { ?s a ?c } USING <http://g> WHERE { ?s a ?c }",
    ],
)
def test_add_using_conflict(update: str) -> None:
    """An update with its own WITH or USING cannot take a protocol dataset."""
    with pytest.raises(DatasetConflict):
        add_using(update, Dataset(("http://g/1",)))


def test_rewritten_updates_parse(store: OxigraphStore) -> None:
    """Every rewrite above is an update the store accepts."""
    for update in (
        "INSERT { ?s a ?c } USING <http://g/1> WHERE { ?s a ?c }",
        add_using("DELETE WHERE { ?s ?p ?o }", Dataset(("http://g/1",), ("http://g/2",))),
        add_using("INSERT { ?s a ?c } WHERE { GRAPH ?g { ?s a ?c } }", Dataset((), ("http://g/2",))),
    ):
        store.update(update)

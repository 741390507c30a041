"""The SPARQL 1.1 Graph Store HTTP Protocol at /graph-store: open reads, token-guarded writes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from policykg.server.store.embedded import OxigraphStore

TOKEN = "graph-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "https://example.org/graph/test"
LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
TURTLE = b'@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:a ex:q "\xe6\x96\x87"@zh .\n'
MORE = b"<https://example.org/c> <https://example.org/p> <https://example.org/d> .\n"


@pytest.fixture
def writable(make_app) -> FlaskClient:
    """A client of an app started with an update token."""
    return make_app(POLICYKG_UPDATE_TOKEN=TOKEN).test_client()


def triples_of(client: FlaskClient, graph: str | None) -> set[tuple[str, str, str]]:
    """GET a graph as N-Triples and return its triples as strings."""
    params = {"default": ""} if graph is None else {"graph": graph}
    response = client.get("/graph-store", query_string=params, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.data
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(response.data, ox.RdfFormat.N_TRIPLES)
    }


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_read_default_graph(client: FlaskClient, accept: str, rdf_format: ox.RdfFormat) -> None:
    """GET ?default answers the default graph in the negotiated format, without any token."""
    response = client.get("/graph-store?default", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    triples = list(ox.parse(response.data, rdf_format))
    assert ox.Triple(
        ox.NamedNode(LAB),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/policykg/ontology#Laboratory"),
    ) in [q.triple for q in triples]
    assert int(response.headers["Policykg-Rows"]) == len(triples)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?graph=https://example.org/a&graph=https://example.org/b", 400),
        ("?graph=https://example.org/a&default", 400),
        ("?graph=not-an-iri", 400),
        ("?graph=https://example.org/missing", 404),
    ],
)
def test_bad_reads(client: FlaskClient, query: str, status: int) -> None:
    """Reads naming no graph, two graphs, a non-IRI or a missing graph get a clear 4xx."""
    response = client.get("/graph-store" + query)
    assert response.status_code == status
    assert response.get_json()["message"]["zh"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_need_the_token(make_app, client: FlaskClient, store: OxigraphStore, method: str) -> None:
    """Writes get 403 on a read-only server and 401 without the token; nothing changes."""
    before = len(store.raw)
    headers = {"Content-Type": "text/turtle"}
    assert (
        client.open(f"/graph-store?graph={GRAPH}", method=method, data=TURTLE, headers=headers).status_code
        == 403
    )
    guarded = make_app(POLICYKG_UPDATE_TOKEN=TOKEN).test_client()
    assert (
        guarded.open("/graph-store?default", method=method, data=TURTLE, headers=headers).status_code == 401
    )
    assert len(store.raw) == before


def test_graph_lifecycle(writable: FlaskClient) -> None:
    """PUT creates (201) and replaces (204), POST adds, DELETE drops, and GET sees each state."""
    url = f"/graph-store?graph={GRAPH}"
    turtle = {**AUTH, "Content-Type": "text/turtle"}
    assert writable.put(url, data=TURTLE, headers=turtle).status_code == 201
    assert triples_of(writable, GRAPH) == {
        ("<https://example.org/a>", "<https://example.org/p>", "<https://example.org/b>"),
        ("<https://example.org/a>", "<https://example.org/q>", '"文"@zh'),
    }
    nt = {**AUTH, "Content-Type": "application/n-triples"}
    assert writable.put(url, data=MORE, headers=nt).status_code == 204
    assert triples_of(writable, GRAPH) == {
        ("<https://example.org/c>", "<https://example.org/p>", "<https://example.org/d>")
    }
    assert writable.post(url, data=TURTLE, headers=turtle).status_code == 204
    assert len(triples_of(writable, GRAPH)) == 3
    assert writable.delete(url, headers=AUTH).status_code == 204
    assert writable.get(url).status_code == 404
    assert writable.delete(url, headers=AUTH).status_code == 404


def test_post_creates_a_graph(writable: FlaskClient) -> None:
    """POST to an unknown graph creates it (201)."""
    response = writable.post(
        f"/graph-store?graph={GRAPH}", data=MORE, headers={**AUTH, "Content-Type": "application/n-triples"}
    )
    assert response.status_code == 201
    assert len(triples_of(writable, GRAPH)) == 1


def test_post_to_the_store_mints_a_graph(writable: FlaskClient) -> None:
    """POST without a graph name creates a new graph and says where it is (Graph Store Protocol §5.5)."""
    response = writable.post(
        "/graph-store", data=MORE, headers={**AUTH, "Content-Type": "application/n-triples"}
    )
    assert response.status_code == 201
    location = urlsplit(response.headers["Location"])
    fetched = writable.get(f"{location.path}?{location.query}", headers={"Accept": "application/n-triples"})
    assert fetched.status_code == 200
    assert b"<https://example.org/c>" in fetched.data


def test_replace_default_graph(writable: FlaskClient) -> None:
    """PUT ?default replaces the default graph."""
    response = writable.put(
        "/graph-store?default", data=MORE, headers={**AUTH, "Content-Type": "application/n-triples"}
    )
    assert response.status_code == 204
    assert len(triples_of(writable, None)) == 1


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/turtle", b"@prefix ex: <https://example.org/> .\nex:a ex:p .\n", 400),
        ("application/n-triples", b'<https://example.org/a> <https://example.org/p> "open .\n', 400),
        ("application/rdf+xml", b"<rdf:RDF", 400),
        (
            "application/n-quads",
            b"<https://e.org/a> <https://e.org/p> <https://e.org/b> <https://e.org/g> .\n",
            400,
        ),
        # text/plain is N-Triples' old media type, and "whatever" is no N-Triples.
        ("text/plain; charset=utf-8", b"whatever", 400),
        ("application/pdf", b"%PDF", 415),
        (None, TURTLE, 415),
    ],
)
def test_bad_uploads_lose_nothing(
    writable: FlaskClient, content_type: str | None, body: bytes, status: int
) -> None:
    """A body that does not parse, holds quads or has an unknown type is refused; the graph is unchanged."""
    url = f"/graph-store?graph={GRAPH}"
    writable.put(url, data=TURTLE, headers={**AUTH, "Content-Type": "text/turtle"})
    before = triples_of(writable, GRAPH)
    headers = {**AUTH, **({"Content-Type": content_type} if content_type else {})}
    response = writable.put(url, data=body, headers=headers)
    assert response.status_code == status
    assert response.get_json()["message"]["zh"]
    assert triples_of(writable, GRAPH) == before


def test_parse_error_gives_its_position(writable: FlaskClient) -> None:
    """The position of a syntax error in an upload is reported."""
    body = MORE + b"<https://example.org/a> oops .\n"
    response = writable.put(
        f"/graph-store?graph={GRAPH}", data=body, headers={**AUTH, "Content-Type": "application/n-triples"}
    )
    problem = response.get_json()
    assert response.status_code == 400
    assert problem["line"] == 2

"""Queries through /sparql: the three request styles, every result format, datasets, CORS, the description."""

from __future__ import annotations

import csv
import io
import json
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient

from policykg.ontology.namespaces import PKG, sparql_prologue
from policykg.server.store.embedded import OxigraphStore

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
CITY = "https://w3id.org/policykg/id/city/shilishi"
SELECT_LABS = (
    sparql_prologue()
    + "SELECT ?lab ?label WHERE { ?lab a pkg:Laboratory ; rdfs:label ?label } ORDER BY ?label"
)
CONSTRUCT_LAB = sparql_prologue() + f"CONSTRUCT {{ <{LAB}> ?p ?o }} WHERE {{ <{LAB}> ?p ?o }}"


def ask(client: FlaskClient, query: str, **params: str):
    """Run an ASK query by GET and return its boolean from SPARQL JSON."""
    response = client.get("/sparql", query_string={"query": sparql_prologue() + query, **params})
    assert response.status_code == 200, response.data
    return response.get_json()["boolean"]


@pytest.mark.parametrize("style", ["get", "form", "direct"])
def test_query_request_styles(client: FlaskClient, style: str) -> None:
    """GET ?query=, form-encoded POST and direct POST (SPARQL 1.1 Protocol §2.1.1-3) give the same answer."""
    if style == "get":
        response = client.get("/sparql", query_string={"query": SELECT_LABS})
    elif style == "form":
        response = client.post("/sparql", data={"query": SELECT_LABS})
    else:
        response = client.post("/sparql", data=SELECT_LABS.encode(), content_type="application/sparql-query")
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    rows = response.get_json()["results"]["bindings"]
    assert {(row["lab"]["value"], row["label"]["value"], row["label"]["xml:lang"]) for row in rows} == {
        (LAB, "Shili Laboratory", "en"),
        (LAB, "示例实验室", "zh"),
    }
    assert response.headers["Policykg-Rows"] == "2"
    assert "Accept" in response.vary


def parse_rdf(data: bytes, rdflib_format: str) -> rdflib.Graph:
    """Parse RDF with rdflib, an independent parser; its JSON-LD plugin warns about its own deprecated API."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        return rdflib.Graph().parse(data=data, format=rdflib_format)


def labels_from(media_type: str, body: bytes) -> set[str]:
    """Read the ?label column back from a SELECT result in any of the four result formats."""
    if media_type == "application/sparql-results+json":
        return {row["label"]["value"] for row in json.loads(body)["results"]["bindings"]}
    if media_type == "text/csv":
        return {row["label"] for row in csv.DictReader(io.StringIO(body.decode("utf-8")))}
    fmt = {"application/sparql-results+xml": ox.QueryResultsFormat.XML}.get(
        media_type, ox.QueryResultsFormat.TSV
    )
    return {row["label"].value for row in ox.parse_query_results(body, fmt)}


@pytest.mark.parametrize(
    ("accept", "format_name", "media_type"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("application/json", None, "application/sparql-results+json"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", None, "application/sparql-results+xml"),
        (None, "csv", "text/csv"),
        (None, "tsv", "text/tab-separated-values"),
        (None, "xml", "application/sparql-results+xml"),
        ("text/csv", "json", "application/sparql-results+json"),
    ],
)
def test_select_formats(
    client: FlaskClient, accept: str | None, format_name: str | None, media_type: str
) -> None:
    """SELECT results come in the negotiated format and parse back to the same labels."""
    params = {"query": SELECT_LABS, **({"format": format_name} if format_name else {})}
    response = client.get("/sparql", query_string=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert labels_from(media_type, response.data) == {"Shili Laboratory", "示例实验室"}


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
@pytest.mark.parametrize("form", ["construct", "describe"])
def test_graph_formats(client: FlaskClient, accept: str, rdflib_format: str, form: str) -> None:
    """CONSTRUCT and DESCRIBE results come in each RDF format and parse back to the entity's triples."""
    query = CONSTRUCT_LAB if form == "construct" else f"DESCRIBE <{LAB}>"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = parse_rdf(response.data, rdflib_format)
    lab = rdflib.URIRef(LAB)
    assert (lab, rdflib.RDF.type, PKG.Laboratory) in graph
    assert (lab, rdflib.RDFS.label, rdflib.Literal("示例实验室", lang="zh")) in graph
    assert (lab, PKG.locatedIn, rdflib.URIRef(CITY)) in graph


@pytest.mark.parametrize(
    ("query", "expected"),
    [(f"ASK {{ <{LAB}> a pkg:Laboratory }}", True), (f"ASK {{ <{LAB}> a pkg:Plan }}", False)],
)
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(client: FlaskClient, query: str, expected: bool, accept: str) -> None:
    """ASK answers a boolean in SPARQL JSON and XML."""
    response = client.get(
        "/sparql", query_string={"query": sparql_prologue() + query}, headers={"Accept": accept}
    )
    assert response.mimetype == accept
    fmt = ox.QueryResultsFormat.JSON if "json" in accept else ox.QueryResultsFormat.XML
    assert bool(ox.parse_query_results(response.data, fmt)) is expected


@pytest.mark.parametrize(
    ("query", "accept", "offered"),
    [
        (SELECT_LABS, "text/turtle", "application/sparql-results+json"),
        (SELECT_LABS, "image/png", "text/csv"),
        (CONSTRUCT_LAB, "application/sparql-results+json", "text/turtle"),
        (CONSTRUCT_LAB, "text/csv", "application/rdf+xml"),
    ],
)
def test_not_acceptable(client: FlaskClient, query: str, accept: str, offered: str) -> None:
    """A type the endpoint cannot produce for this query form gets 406 listing what it can produce."""
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.mimetype == "application/problem+json"
    assert offered in response.get_json()["accepted"]
    assert response.get_json()["message"]["zh"]


def test_relative_iris_resolve_against_the_data_base(client: FlaskClient) -> None:
    """A relative IRI in a query names the entity served at that path (the data's base is the query base)."""
    assert ask(client, "ASK { <id/laboratory/shili-shiyanshi> a pkg:Laboratory }") is True


def test_chinese_in_the_query_string(client: FlaskClient) -> None:
    """A UTF-8, percent-encoded Chinese literal in a GET query matches."""
    assert ask(client, 'ASK { ?lab rdfs:label "示例实验室"@zh }') is True


@pytest.fixture
def with_named_graph(store: OxigraphStore) -> str:
    """Add a named graph holding one triple to the sample store and return its IRI."""
    graph = "https://example.org/graph/extra"
    triple = ox.Triple(
        ox.NamedNode("https://example.org/x"), ox.NamedNode("https://example.org/p"), ox.Literal("x")
    )
    store.add_to_graph(graph, [triple])
    return graph


@pytest.mark.parametrize(
    ("params", "query", "expected"),
    [
        ({}, "ASK { <https://example.org/x> ?p ?o }", False),
        ({}, "ASK { GRAPH ?g { <https://example.org/x> ?p ?o } }", True),
        ({"default-graph-uri": "GRAPH"}, "ASK { <https://example.org/x> ?p ?o }", True),
        ({"default-graph-uri": "GRAPH"}, f"ASK {{ <{LAB}> ?p ?o }}", False),
        ({"default-graph-uri": "GRAPH"}, "ASK { GRAPH ?g { ?s ?p ?o } }", False),
        ({"named-graph-uri": "GRAPH"}, "ASK { GRAPH ?g { <https://example.org/x> ?p ?o } }", True),
        ({"named-graph-uri": "GRAPH"}, f"ASK {{ <{LAB}> ?p ?o }}", False),
        ({"named-graph-uri": "https://example.org/none"}, "ASK { GRAPH ?g { ?s ?p ?o } }", False),
    ],
)
def test_protocol_dataset(
    client: FlaskClient, with_named_graph: str, params: dict, query: str, expected: bool
) -> None:
    """default-graph-uri and named-graph-uri replace the store's dataset (SPARQL 1.1 Protocol §2.1.4)."""
    given = {name: with_named_graph if value == "GRAPH" else value for name, value in params.items()}
    assert ask(client, query, **given) is expected


def test_cors_on_answers_and_preflight(client: FlaskClient) -> None:
    """Answers carry CORS headers and a preflight allows POST with Content-Type and Authorization."""
    response = client.get(
        "/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://yasgui.org"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize(("token", "update"), [(None, False), ("secret", True)])
def test_service_description(make_app, token: str | None, update: bool) -> None:
    """GET /sparql without a query describes the service in Turtle (SPARQL 1.1 Service Description)."""
    client = make_app(POLICYKG_UPDATE_TOKEN=token).test_client()
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    service = next(graph.subjects(rdflib.RDF.type, SD.Service))
    assert graph.value(service, SD.endpoint) == rdflib.URIRef("http://localhost/sparql")
    assert (
        service,
        SD.resultFormat,
        rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    ) in graph
    assert ((service, SD.supportedLanguage, SD.SPARQL11Update) in graph) is update


def test_service_description_in_other_formats(client: FlaskClient) -> None:
    """The description is negotiable like any RDF (here JSON-LD)."""
    response = client.get("/sparql", headers={"Accept": "application/ld+json"})
    graph = parse_rdf(response.data, "json-ld")
    assert next(graph.subjects(rdflib.RDF.type, SD.Service))


def test_query_page_for_browsers(client: FlaskClient) -> None:
    """A browser asking for /sparql gets the query editor, the prefixes applied but out of sight (they travel
    in the page's configuration, not in the query text), and nothing from a CDN."""
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "https://w3id.org/policykg/ontology#" in page
    assert "PREFIX pkg:" not in page
    for line in page.splitlines():
        if "src=" in line or "<link" in line:
            assert "//" not in line.split("href=")[-1].split("src=")[-1].split(">")[0] or "w3id.org" in line

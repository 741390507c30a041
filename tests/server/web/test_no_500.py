"""Odd input gets a clean 4xx, never a 500; pages carry security headers; only http(s) IRIs become links
(issue 10, items 3, 8, 9, 10 and 12).
"""

from __future__ import annotations

import http.client
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from policykg.cli import cli
from policykg.server.sparql.protocol import MAX_QUERY_BYTES
from policykg.server.store.embedded import OxigraphStore

TOKEN = "s3cret-token"
EVIL = "javascript:alert(1)"


@pytest.mark.parametrize(
    "url",
    [
        "/api/graph/central?limit=%C2%B2",
        "/api/graph/central?limit=" + "9" * 5000,
        "/viewer?domain=%C2%B2",
        "/viewer?domain=" + "9" * 5000,
        "/viewer?depth=" + "9" * 5000,
        "/api/search?q=x&limit=%C2%B2",
        "/api/findings?entity=null",
        "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
        "/sparql?query=ASK%7B%7D&named-graph-uri=",
        "/sparql?query=SELECT%20*%20%7B%20%5CuD800%20%7D",
        "/sparql?query=" + "(" * 3000,
        "/api/queries/institutions-by-type?type=",
    ],
)
def test_odd_parameters_get_400(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 400


def test_nul_does_not_match_everything(client: FlaskClient) -> None:
    """NUL separates the search index's keys: searching for it finds nothing."""
    body = client.get("/api/search", query_string={"q": "\x00"}).get_json()
    assert body["total"] == 0 if "total" in body else body["results"] == []


def test_viz_refuses_an_odd_domain(tmp_path: Path, fixtures_dir: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / "graph.ttl").write_bytes((fixtures_dir / "sample_graph.ttl").read_bytes())
    result = CliRunner().invoke(
        cli, ["viz", "--build-dir", str(build), "--domain", "²", "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "domain" in result.output


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    for url in ("/viewer", "/sparql", "/ontology.html"):
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert "http" not in policy  # no CDN
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
    assert client.get("/api/stats").headers["X-Content-Type-Options"] == "nosniff"


def test_dump_sends_one_charset(client: FlaskClient) -> None:
    with client.get("/dumps/graph.ttl") as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].count("charset") == 1


@pytest.fixture
def evil_client(store: OxigraphStore, make_app: Callable[..., Flask]) -> FlaskClient:
    """A client of an app whose data holds a javascript: IRI next to an entity."""
    page = "https://w3id.org/policykg/id/city/evil"
    store.raw.add(
        ox.Quad(
            ox.NamedNode(page),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            ox.NamedNode(EVIL),
        )
    )
    store.raw.add(
        ox.Quad(
            ox.NamedNode(page), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Evil")
        )
    )
    return make_app().test_client()


def test_javascript_iris_are_not_links(evil_client: FlaskClient) -> None:
    response = evil_client.get("/id/city/evil", headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "javascript:" in page  # shown as text
    assert 'href="javascript:' not in page


def test_query_page_script_links_only_http(client: FlaskClient) -> None:
    with client.get("/static/sparql-editor.js") as response:
        script = response.get_data(as_text=True)
    assert "https?:" in script and 'removeAttribute("href")' in script


def test_no_update_body_is_read_without_the_token(
    make_app: Callable[..., Flask], serve: Callable[[Flask], str]
) -> None:
    """Authentication comes first: a 401 arrives while the client is still sending a large body."""
    root = urlsplit(serve(make_app(POLICYKG_UPDATE_TOKEN=TOKEN)))
    connection = http.client.HTTPConnection(root.hostname, root.port, timeout=10)
    connection.putrequest("POST", "/sparql")
    connection.putheader("Content-Type", "application/sparql-update")
    connection.putheader("Content-Length", str(200 * 1024 * 1024))
    connection.endheaders()
    connection.send(b"INSERT DATA { <urn:a> <urn:b> 1 }")
    assert connection.getresponse().status == 401
    connection.close()


def test_chunked_bodies_count_against_the_limit(
    make_app: Callable[..., Flask], serve: Callable[[Flask], str]
) -> None:
    root = urlsplit(serve(make_app()))
    connection = http.client.HTTPConnection(root.hostname, root.port, timeout=20)
    body = b"ASK {}" + b"#" * (MAX_QUERY_BYTES + 1024)

    def chunks():
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    connection.request(
        "POST",
        "/sparql",
        body=chunks(),
        headers={"Content-Type": "application/sparql-query"},
        encode_chunked=True,
    )
    assert connection.getresponse().status == 413
    connection.close()


def test_a_form_without_the_token_is_read_only_up_to_the_query_limit(make_app: Callable[..., Flask]) -> None:
    client = make_app(POLICYKG_UPDATE_TOKEN=TOKEN).test_client()
    update = "INSERT DATA { <urn:a> <urn:b> '" + "x" * (MAX_QUERY_BYTES + 10) + "' }"
    assert client.post("/sparql", data={"update": update}).status_code == 413
    authorized = client.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert authorized.status_code == 204


def test_a_long_url_gets_the_apps_own_414(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}" + " " * (60 * 1024)})
    assert response.status_code == 414
    assert "POST" in response.get_json()["message"]["en"]
    assert client.get("/viewer", query_string={"focus": "x" * (60 * 1024)}).status_code == 414

"""The remote store's ways with endpoints that differ (Virtuoso's among them), without a real endpoint."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pyoxigraph as ox
import pytest

from policykg.server.store.base import Dataset
from policykg.server.store.remote import (
    RemoteStore,
    canonical_results,
    canonical_triple,
    names_own_dataset,
    query_form,
    split_dataset,
)
from policykg.server.store.remote_loading import batches

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("url", "bare", "dataset"),
    [
        ("http://h/sparql", "http://h/sparql", Dataset()),
        (
            "http://h/sparql?default-graph-uri=urn%3Ad&named-graph-uri=urn:f&named-graph-uri=urn:g",
            "http://h/sparql",
            Dataset(("urn:d",), ("urn:f", "urn:g")),
        ),
        ("http://h/q?timeout=5&default-graph-uri=urn:d", "http://h/q?timeout=5", Dataset(("urn:d",))),
    ],
)
def test_the_dataset_is_split_off_the_url(url: str, bare: str, dataset: Dataset) -> None:
    """Protocol dataset parameters in a store's URL become its dataset; other parameters stay."""
    assert split_dataset(url) == (bare, dataset)


@pytest.mark.parametrize(
    ("query", "form", "own"),
    [
        ("PREFIX from: <urn:x> SELECT * WHERE { ?s from:p 'FROM' }", "SELECT", False),
        ("ASK FROM <urn:g> { ?s ?p ?o }", "ASK", True),
        ("# SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("DESCRIBE <urn:x> FROM NAMED <urn:g>", "DESCRIBE", True),
    ],
)
def test_form_and_own_dataset(query: str, form: str, own: bool) -> None:
    """The form and the FROM clauses are read from the words of the query, not its strings or names."""
    assert query_form(query) == form
    assert names_own_dataset(query) is own


def test_canonical_forms() -> None:
    """Virtuoso's "1"^^xsd:boolean and six-digit seconds come back in canonical forms."""
    rows = {
        "head": {"vars": ["b", "t", "n"]},
        "results": {
            "bindings": [
                {
                    "b": {"type": "literal", "datatype": f"{XSD}boolean", "value": "1"},
                    "t": {
                        "type": "literal",
                        "datatype": f"{XSD}dateTime",
                        "value": "2026-01-02T03:04:05.120000Z",
                    },
                    "n": {"type": "literal", "datatype": f"{XSD}integer", "value": "10"},
                }
            ]
        },
    }
    [row] = ox.parse_query_results(canonical_results(json.dumps(rows).encode()), ox.QueryResultsFormat.JSON)
    assert [row["b"].value, row["t"].value, row["n"].value] == ["true", "2026-01-02T03:04:05.12Z", "10"]
    whole = ox.Literal("2026-01-02T03:04:05.000000+08:00", datatype=ox.NamedNode(f"{XSD}dateTime"))
    triple = canonical_triple(ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), whole))
    assert triple.object.value == "2026-01-02T03:04:05+08:00"


def test_batches_keep_linked_blank_nodes_together() -> None:
    """Triples linked through blank nodes go in one batch; the rest fill batches of the size asked."""
    a, b, c = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    p = ox.NamedNode("urn:p")
    linked = [ox.Triple(ox.NamedNode("urn:x"), p, a), ox.Triple(a, p, b), ox.Triple(b, p, ox.Literal("1"))]
    alone = [ox.Triple(c, p, ox.Literal("2"))]
    ground = [ox.Triple(ox.NamedNode(f"urn:{n}"), p, ox.Literal(str(n))) for n in range(5)]
    chunks = batches(ground[:2] + linked + alone + ground[2:], 2)
    assert sorted(map(len, chunks)) == [2, 2, 2, 3]
    assert any(set(chunk) == set(linked) for chunk in chunks)
    assert sorted(str(t) for chunk in chunks for t in chunk) == sorted(map(str, ground + linked + alone))


class DigestOnly(BaseHTTPRequestHandler):
    """An endpoint like Virtuoso's /sparql-auth: Basic gets a bare 401, no credentials a Digest challenge."""

    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        fields = urllib.parse.parse_qs(self.rfile.read(length).decode())
        authorization = self.headers.get("Authorization") or ""
        self.seen.append(authorization.split(" ")[0])
        if not authorization.startswith("Digest ") or 'username="reader"' not in authorization:
            self.send_response(401)
            if not authorization:
                self.send_header("WWW-Authenticate", 'Digest realm="SPARQL", nonce="abc", qop="auth"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # Virtuoso's way with ASK: a table with one row for true.
        assert fields["query"][0].startswith("ASK")
        body = b'{"head":{"vars":["__ASK_RETVAL"]},"results":{"bindings":[{"__ASK_RETVAL":{"type":"literal","value":"1"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def digest_endpoint() -> Iterator[str]:
    """The Digest-only endpoint on a free loopback port."""
    DigestOnly.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), DigestOnly)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql-auth"
    server.shutdown()
    server.server_close()


def test_digest_after_a_refused_basic(digest_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused Basic credentials are sent again by Digest, and later requests go by Digest at once."""
    monkeypatch.setenv("POLICYKG_STORE_USER", "reader")
    monkeypatch.setenv("POLICYKG_STORE_PASSWORD", "secret")
    store = RemoteStore(digest_endpoint)
    assert bool(store.query("ASK { ?s ?p ?o }")) is True
    assert DigestOnly.seen == ["Basic", "", "Digest"]
    assert bool(store.query("ASK { ?s ?p ?o }")) is True
    assert DigestOnly.seen[3:] == ["", "Digest"]

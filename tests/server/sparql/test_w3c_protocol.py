"""Run the W3C SPARQL Protocol test manifest (tests/fixtures/w3c-sparql-protocol/) against a live server.

The manifest is read at test time: each ``mf:ProtocolTest`` becomes one test that loads its
``ut:graphData`` into named graphs, sends its HTTP requests in order to a fresh server, and checks each
response's status class, media type, result format and boolean.

Authorization: the manifest's requests carry no credentials, while this server only accepts updates and
graph writes from a client holding the update token. The runner plays that authorized client: it starts
the server with a token and adds ``Authorization: Bearer <token>`` to every request it sends (reads ignore
it). Refusing the same writes without the token is tested in test_sparql_update.py and test_graph_store.py.
"""

from __future__ import annotations

import http.client
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from conftest import SAMPLE_GRAPH, free_port, running_server
from flask import Flask
from rdflib.collection import Collection
from rdflib.namespace import RDF

SUITE = Path(__file__).parents[2] / "fixtures" / "w3c-sparql-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "w3c-protocol-runner"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must look like."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: str | None
    status_classes: frozenset[int]
    media_types: frozenset[str]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    """A manifest entry: its name, the graphs to load first and its exchanges."""

    name: str
    graphs: tuple[tuple[Path, str], ...]
    exchanges: tuple[Exchange, ...]


def _items(graph: rdflib.Graph, head: rdflib.term.Node | None) -> list[rdflib.term.Node]:
    return list(Collection(graph, head)) if head is not None else []


def _status_classes(graph: rdflib.Graph, response: rdflib.term.Node) -> frozenset[int]:
    classes = {
        int(str(code)[len(str(HT)) + len("StatusCode")])
        for code in graph.objects(response, MF.expectedStatus)
    }
    classes |= {int(str(value)[0]) for value in graph.objects(response, HT.statusCodeValue)}
    return frozenset(classes)


def _exchange(graph: rdflib.Graph, request: rdflib.term.Node) -> Exchange:
    response = graph.value(request, HT.resp)
    headers = tuple(
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in _items(graph, graph.value(request, HT.headers))
    )
    body = graph.value(graph.value(request, HT.body), CNT.chars) if graph.value(request, HT.body) else None
    # Expected media types come as the response's Content-Type (or, in some entries, "Accept") elements.
    media_types = frozenset(
        str(graph.value(element, HT.elementName))
        for header in _items(graph, graph.value(response, HT.headers))
        for element in _items(graph, graph.value(header, HT.headerElements))
    )
    expected_boolean = graph.value(response, MF.expectedBoolean)
    response_body = graph.value(response, HT.body)
    if expected_boolean is None and response_body is not None:
        expected_boolean = graph.value(response_body, CNT.chars)
    expected_format = graph.value(response, MF.expectedFormat)
    return Exchange(
        method=str(graph.value(request, HT.methodName)),
        path=str(graph.value(request, HT.absolutePath)),
        headers=headers,
        body=str(body) if body is not None else None,
        status_classes=_status_classes(graph, response),
        media_types=media_types,
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def load_manifest() -> list[ProtocolTest]:
    """Read every protocol test of the manifest, in manifest order."""
    graph = rdflib.Graph().parse(SUITE / "manifest.ttl", format="turtle", publicID=SUITE.as_uri() + "/")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        graphs = tuple(
            (Path(urlsplit(str(graph.value(data, UT.graph))).path), str(graph.value(data, rdflib.RDFS.label)))
            for data in graph.objects(entry, UT.graphData)
        )
        action = graph.value(entry, MF.action)
        exchanges = tuple(_exchange(graph, r) for r in _items(graph, graph.value(action, HT.requests)))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], tuple(sorted(graphs, key=str)), exchanges))
    return tests


TESTS = load_manifest()


def test_manifest_has_every_test() -> None:
    """The runner sees all 48 tests and each has at least one exchange with an expected status."""
    assert len(TESTS) == 48
    assert all(t.exchanges and all(e.status_classes for e in t.exchanges) for t in TESTS)


def send(
    base: str, method: str, path: str, headers: dict[str, str], body: str | None
) -> http.client.HTTPResponse:
    """Send one raw HTTP request (a GET may carry a body here, as one test needs)."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    data = body.encode("utf-8") if body is not None else None
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    response.read_body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def endpoint_path(path: str) -> str:
    """Map the manifest's /sparql/ prefix onto this server's /sparql."""
    for prefix in ("/sparql/", "/sparql"):
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            return "/sparql" + (rest if rest.startswith("?") or not rest else "?" + rest.lstrip("?"))
    raise AssertionError(f"unexpected path {path}")


def check(exchange: Exchange, response: http.client.HTTPResponse) -> None:
    """Assert that a response meets an exchange's expectations."""
    body: bytes = response.read_body  # type: ignore[attr-defined]
    assert response.status // 100 in exchange.status_classes, (response.status, body[:500])
    media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
    if exchange.media_types and response.status < 400:
        assert media_type in exchange.media_types
    if exchange.expected_format in ("boolean", "tabular"):
        assert media_type in RESULT_TYPES, media_type
        result = ox.parse_query_results(body, RESULT_TYPES[media_type])
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "tabular"
        assert kind == exchange.expected_format
        if exchange.expected_boolean is not None:
            assert bool(result) is exchange.expected_boolean
    elif exchange.expected_format == "RDF":
        triples = list(ox.parse(body, ox.RdfFormat.from_media_type(media_type)))
        assert isinstance(triples, list)
    elif exchange.expected_boolean is not None:
        result = ox.parse_query_results(body, RESULT_TYPES[media_type])
        assert bool(result) is exchange.expected_boolean


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`policykg serve` itself (Granian, the embedded store, writable with the token) on a free port."""
    build = tmp_path_factory.mktemp("w3c-build")
    shutil.copy(SAMPLE_GRAPH, build / "graph.ttl")
    port = free_port()
    command = [sys.executable, "-m", "policykg", "serve", "--build-dir", str(build), "--port", str(port)]
    with running_server([*command, "--update-token", TOKEN], port) as url:
        yield url


@pytest.fixture(params=["werkzeug", "policykg-serve"])
def protocol_server(request: pytest.FixtureRequest, make_app: Callable[..., Flask], serve) -> str:
    """A server started with the update token: the app in-process, and the real `policykg serve` process."""
    if request.param == "werkzeug":
        return serve(make_app(POLICYKG_UPDATE_TOKEN=TOKEN))
    return request.getfixturevalue("production_server")


@pytest.mark.live
@pytest.mark.parametrize("case", TESTS, ids=[t.name for t in TESTS])
def test_protocol(case: ProtocolTest, protocol_server: str) -> None:
    """Each manifest test passes against a server holding just the test's graphs."""
    base = protocol_server
    auth = {"Authorization": f"Bearer {TOKEN}"}
    send(base, "POST", "/sparql", {**auth, "Content-Type": "application/sparql-update"}, "DROP ALL")
    for index, (path, name) in enumerate(case.graphs):
        method = "PUT" if index == 0 else "POST"
        headers = {**auth, "Content-Type": "application/n-triples"}
        loaded = send(base, method, f"/graph-store?graph={name}", headers, (SUITE / path.name).read_text())
        assert loaded.status in (201, 204), loaded.read_body  # type: ignore[attr-defined]
    for exchange in case.exchanges:
        headers = {**dict(exchange.headers), **auth}
        check(exchange, send(base, exchange.method, endpoint_path(exchange.path), headers, exchange.body))

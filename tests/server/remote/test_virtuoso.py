"""The server over Virtuoso (Debian's virtuoso-opensource), a remote store with its own ways.

A private Virtuoso is started on loopback with its own virtuoso.ini and database in a temporary folder,
the seed plan's build is loaded into it with ``policykg load --store`` (SPARQL Update, Digest credentials
from the environment) and ``policykg serve --store`` serves it. Its answers (JSON API, named queries,
SPARQL protocol) are compared, parsed, with those of the same app over the embedded store.

Virtuoso's default graph is the union of all its graphs (its system graphs too), so the build's default
graph goes to a named graph given as ``default-graph-uri`` in the store's URL (server/store/remote.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner
from conftest import free_port, running_server, wait_for_port
from flask.testing import FlaskClient

from policykg import iris
from policykg.cli import cli
from policykg.ontology.namespaces import DEFAULT_BASE
from policykg.queries import bundled_queries
from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import build_base, load_build
from policykg.server.store.remote import RemoteStore, has_blank_node

VIRTUOSO = shutil.which("virtuoso-t")
pytestmark = pytest.mark.skipif(VIRTUOSO is None, reason="virtuoso-t is not installed (make system-deps)")

#: The named graph that holds the build's default graph on Virtuoso.
DEFAULT_GRAPH = "urn:policykg:test:default-graph"

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def _answers(url: str) -> bool:
    """Return True once the SPARQL endpoint at ``url`` answers a query."""
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private, empty Virtuoso on free loopback ports; give its HTTP root URL."""
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = (folder / "stdout.log").open("wb")
    # -f: stay in the foreground, a child of this process; the database is made on first start.
    process = subprocess.Popen(
        [str(VIRTUOSO), "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
    )
    root = f"http://127.0.0.1:{http_port}"
    try:
        wait_for_port(http_port, process, seconds=120)
        deadline = time.monotonic() + 60
        while not _answers(f"{root}/sparql"):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"Virtuoso did not answer: {(folder / 'stdout.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield root
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def credentials() -> Iterator[None]:
    """The fresh database's administrator credentials, in the environment as policykg reads them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICYKG_STORE_USER", "dba")
        patch.setenv("POLICYKG_STORE_PASSWORD", "dba")
        yield


@pytest.fixture(scope="module")
def build_dir(seed_build: Any) -> Path:
    """The seed plan's build directory (facts and findings)."""
    return Path(seed_build.files[0]).parent


@pytest.fixture(scope="module")
def store_url(virtuoso: str, credentials: None, build_dir: Path) -> str:
    """Load the build into Virtuoso with `policykg load --store`; give the store's query URL with its dataset."""
    update = f"{virtuoso}/sparql-auth?" + urllib.parse.urlencode({"default-graph-uri": DEFAULT_GRAPH})
    result = CliRunner().invoke(cli, ["load", "--store", update, "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    assert "dba" not in result.output
    findings = iris.findings_graph(build_base(build_dir))
    dataset = {"default-graph-uri": DEFAULT_GRAPH, "named-graph-uri": findings}
    return f"{virtuoso}/sparql?" + urllib.parse.urlencode(dataset)


@pytest.fixture(scope="module")
def served(store_url: str) -> Iterator[str]:
    """`policykg serve --store` over Virtuoso, on a free loopback port; give its root URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "policykg",
        "serve",
        "--store",
        store_url,
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    with running_server(command, port) as url:
        yield url


@pytest.fixture(scope="module")
def embedded(build_dir: Path) -> Iterator[FlaskClient]:
    """A test client of the same app over the embedded store holding the same build."""
    store = OxigraphStore()
    load_build(store, build_dir)
    yield create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    store.close()


def get(root: str, path: str, accept: str = "application/json") -> tuple[int, str, bytes]:
    """GET a path of a live server: status, media type and body."""
    request = urllib.request.Request(root + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read()


def local(client: FlaskClient, path: str, accept: str = "application/json") -> tuple[int, str, bytes]:
    """GET a path of the embedded app: status, media type and body."""
    response = client.get(path, headers={"Accept": accept})
    return response.status_code, response.mimetype, response.data


def unordered(value: Any) -> Any:
    """Return JSON with every list made order-free and without the store's ``version`` token."""
    if isinstance(value, dict):
        return {key: unordered(item) for key, item in value.items() if key != "version"}
    if isinstance(value, list):
        return tuple(sorted(json.dumps(unordered(item), sort_keys=True, default=list) for item in value))
    return value


def same_graph(ours: list[ox.Triple], theirs: list[ox.Triple]) -> bool:
    """Return True if two graphs are the same: equal ground triples, isomorphic triples with blank nodes."""

    def split(triples: list[ox.Triple]) -> tuple[set[ox.Triple], rdflib.Graph]:
        blank = [triple for triple in triples if has_blank_node(triple)]
        graph = rdflib.Graph().parse(data=ox.serialize(blank, format=ox.RdfFormat.N_TRIPLES), format="nt")
        return {triple for triple in triples if not has_blank_node(triple)}, graph

    (ground, blank), (their_ground, their_blank) = split(ours), split(theirs)
    return ground == their_ground and rdflib.compare.isomorphic(blank, their_blank)


def test_loaded_as_embedded(store_url: str, build_dir: Path) -> None:
    """Every graph holds the same triples in Virtuoso as in the embedded store (blank nodes too)."""
    remote = RemoteStore(store_url)
    store = OxigraphStore()
    load_build(store, build_dir)
    findings = iris.findings_graph(build_base(build_dir))
    for graph in (None, findings):
        ours = list(store.triples(graph))
        assert ours
        assert same_graph(ours, list(remote.triples(graph))), graph
    assert remote.graph_exists(findings)
    assert not remote.graph_exists(f"{DEFAULT_BASE}graph/none")
    store.close()


def test_loading_again_replaces(virtuoso: str, credentials: None, build_dir: Path, store_url: str) -> None:
    """Loading a graph again replaces it: its triples are the same, not doubled."""
    findings = iris.findings_graph(build_base(build_dir))
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{findings}> {{ ?s ?p ?o }} }}"
    before = RemoteStore(store_url).select(query)
    update = f"{virtuoso}/sparql-auth"
    result = CliRunner().invoke(
        cli, ["load", "--store", update, "--graph", findings, str(build_dir / "findings.ttl")]
    )
    assert result.exit_code == 0, result.output
    assert RemoteStore(store_url).select(query) == before


#: Virtuoso 7.2 joins two ``rdfs:subClassOf*`` paths on one variable wrongly: no rows or too few, in some
#: query plans and not others (the plan follows the data's statistics), so these may pass.
JOINED_PATHS = pytest.mark.xfail(strict=False, reason="Virtuoso 7.2: two joined subClassOf* paths")
#: In some plans Virtuoso 7.2 drops the group whose GROUP BY key a UNION branch leaves unbound.
UNBOUND_GROUP = pytest.mark.xfail(strict=False, reason="Virtuoso 7.2: a group with an unbound key")
#: Virtuoso 7.2 gives the value of a boolean expression (BOUND, comparisons) as 1 or 0 of xsd:integer.
BOOLEAN_EXPRESSIONS = pytest.mark.xfail(strict=True, reason="Virtuoso 7.2: booleans computed as integers")
KNOWN = {
    "institutions-by-type": JOINED_PATHS,
    "shared-institutions": JOINED_PATHS,
    "task-projects-institutions": JOINED_PATHS,
    "investment-by-domain-across-plans": UNBOUND_GROUP,
    "targets-due-by": BOOLEAN_EXPRESSIONS,
}

API_PATHS = [
    "/api/stats",
    "/api/stats?lang=en",
    "/api/findings",
    "/api/search?q=%E5%B8%82",
    "/api/search?q=plan&lang=en",
]


def same_json(served: str, embedded: FlaskClient, path: str) -> None:
    """Assert that a path gives the same status and JSON (order aside) from both servers."""
    status, _, body = get(served, path)
    ours_status, _, ours = local(embedded, path)
    assert status == ours_status, (path, body[:500])
    theirs_json, ours_json = unordered(json.loads(body)), unordered(json.loads(ours))
    for key in ("rows", "results"):
        if isinstance(ours_json, dict) and isinstance(ours_json.get(key), tuple):
            only_theirs = sorted(set(theirs_json.get(key, ())) - set(ours_json[key]))
            only_ours = sorted(set(ours_json[key]) - set(theirs_json.get(key, ())))
            assert not (only_theirs or only_ours), (path, only_theirs[:2], only_ours[:2])
    assert theirs_json == ours_json, path


@pytest.mark.parametrize("path", API_PATHS)
def test_api_answers_as_embedded(served: str, embedded: FlaskClient, path: str) -> None:
    """The JSON API gives the same answers over Virtuoso as over the embedded store."""
    same_json(served, embedded, path)


NAMED = sorted(bundled_queries())


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=KNOWN[name]) if name in KNOWN else name for name in NAMED]
)
def test_named_query_as_embedded(served: str, embedded: FlaskClient, name: str) -> None:
    """Each named query, with its default parameters, gives the same rows on both stores."""
    same_json(served, embedded, f"/api/queries/{name}")


def test_entities_as_embedded(served: str, embedded: FlaskClient) -> None:
    """The entities a named query lists have the same JSON view on both stores."""
    rows = json.loads(local(embedded, "/api/queries/plan-outline")[2])
    paths = sorted({value for value in json.dumps(rows).split('"') if value.startswith("/id/")})
    assert paths
    for path in paths[:15]:
        same_json(served, embedded, "/api/entities/" + path.removeprefix("/id/"))


SELECTS = [
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 100000",
    "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) != <http://www.w3.org/2001/XMLSchema#string>"
    " && !langMatches(lang(?o), '*')) }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
]
ASKS = [
    ("ASK { ?s a <https://w3id.org/policykg/ontology#Plan> }", True),
    ("ASK { ?s a <urn:policykg:test:no-such-class> }", False),
]
CONSTRUCTS = [
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/policykg/ontology#Plan> ; ?p ?o }",
    "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }",
]


def sparql(root_or_client: str | FlaskClient, query: str, accept: str) -> tuple[int, str, bytes]:
    """Send a query by the SPARQL protocol (GET) to a live server or the embedded app."""
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    if isinstance(root_or_client, str):
        return get(root_or_client, path, accept)
    return local(root_or_client, path, accept)


def solutions(body: bytes) -> set[tuple[tuple[str, str], ...]]:
    """Parse SPARQL JSON results into a set of rows (variable, term) - no duplicates in these queries."""
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    names = [variable.value for variable in parsed.variables]
    return {tuple((name, str(row[name])) for name in names if row[name] is not None) for row in parsed}


@pytest.mark.parametrize("query", SELECTS)
def test_sparql_select_as_embedded(served: str, embedded: FlaskClient, query: str) -> None:
    """SELECT answers, parsed, are the same set of rows."""
    accept = "application/sparql-results+json"
    status, _, theirs = sparql(served, query, accept)
    assert status == 200, theirs[:500]
    ours = solutions(sparql(embedded, query, accept)[2])
    assert ours
    assert solutions(theirs) == ours


@pytest.mark.parametrize(("query", "expected"), ASKS)
def test_sparql_ask_as_embedded(served: str, embedded: FlaskClient, query: str, expected: bool) -> None:
    """ASK answers the same boolean, in the JSON and XML result formats."""
    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ):
        for source in (served, embedded):
            answer = ox.parse_query_results(sparql(source, query, accept)[2], fmt)
            assert bool(answer) is expected


@pytest.mark.parametrize("query", CONSTRUCTS)
def test_sparql_construct_as_embedded(served: str, embedded: FlaskClient, query: str) -> None:
    """CONSTRUCT answers are isomorphic graphs, in Turtle and N-Triples."""
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt")):
        status, _, theirs = sparql(served, query, accept)
        assert status == 200, theirs[:500]
        ours = rdflib.Graph().parse(data=sparql(embedded, query, accept)[2], format=fmt)
        assert len(ours) > 0
        assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=theirs, format=fmt), ours)

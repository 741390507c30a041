"""Limits that stop the work: over a read-only store on disk, queries run in query processes killed at the
limit; results are capped in bytes as in rows, and the cap is signalled the same way."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from policykg.server.app import create_app
from policykg.server.sparql.running import query_pool
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path
from policykg.server.store.pool import QueryPool

SAMPLE = Path(__file__).parents[2] / "fixtures" / "sample_graph.ttl"
#: Hundreds of millions of joined solutions counted before the one answer row: it runs until stopped.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?i != {n}) }}"
SMALL = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 3"


def alive(pid: int) -> bool:
    """Return True if a process with this id exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[OxigraphStore]:
    """The sample graph in a store on disk, opened read-only as a server's workers open it."""
    writer = OxigraphStore(tmp_path / "store")
    writer.replace_all([(SAMPLE, None), (ontology_path(), None)], "sample-on-disk")
    writer.close()
    store = OxigraphStore(tmp_path / "store", read_only=True)
    yield store
    pool = getattr(store, "query_pool", None)
    if pool is not None:
        pool.close()
    store.close()


@pytest.fixture
def disk_app(disk_store: OxigraphStore) -> Callable[..., Flask]:
    """Return a factory of apps over the read-only store on disk, without the answer cache."""

    def make(**config: object) -> Flask:
        settings = {"TESTING": True, "POLICYKG_STORE": disk_store, "POLICYKG_RESULT_CACHE_BYTES": 0}
        return create_app({**settings, **config})

    return make


def get(url: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, dict, bytes]:
    """GET a query from the live server; return status, headers and body (errors included)."""
    request = urllib.request.Request(
        f"{url}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def test_a_query_at_its_limit_is_killed_and_the_next_one_answers(disk_app, serve) -> None:
    """At the limit the query's process is killed (503), and a small query right after gets 200."""
    app = disk_app(POLICYKG_TIMEOUT=1)
    url = serve(app)
    assert get(url, SMALL)[0] == 200
    pool = query_pool(app.extensions["policykg.store"])
    assert isinstance(pool, QueryPool)
    assert pool.settle()
    before = set(pool.pids())
    status, _, body = get(url, HEAVY.format(n=1))
    assert status == 503
    assert json.loads(body)["timeout"] == 1
    assert pool.killed == 1
    gone = before - set(pool.pids())
    assert len(gone) == 1
    assert not any(alive(pid) for pid in gone)
    assert get(url, SMALL)[0] == 200


def test_heavy_queries_never_starve_the_rest(disk_app, serve) -> None:
    """Many heavy queries at once: each is stopped (timeout or busy), none keeps running, others answer."""
    app = disk_app(POLICYKG_TIMEOUT=1.5)
    url = serve(app)
    assert get(url, SMALL)[0] == 200
    pool = query_pool(app.extensions["policykg.store"])
    assert pool is not None
    with ThreadPoolExecutor(max_workers=6) as workers:
        answers = list(workers.map(lambda n: get(url, HEAVY.format(n=n)), range(6)))
    for status, headers, body in answers:
        assert status == 503
        assert "Retry-After" in headers or json.loads(body)["timeout"] == 1.5
    assert pool.settle() and pool.slow == 0
    # Every process that ran a heavy query is gone; the ones left are idle, waiting for work.
    assert pool.killed >= 1
    assert {pid for pid in pool.spawned if alive(pid)} == set(pool.pids())
    assert get(url, SMALL)[0] == 200
    response = urllib.request.urlopen(f"{url}/api/queries", timeout=30)
    assert response.status == 200


def test_closing_the_pool_ends_its_processes(disk_app) -> None:
    """Shutting down kills every query process, so a server stops at once."""
    app = disk_app()
    assert app.test_client().get("/sparql", query_string={"query": SMALL}).status_code == 200
    pool = query_pool(app.extensions["policykg.store"])
    assert pool is not None
    pids = pool.pids()
    assert pids and all(alive(pid) for pid in pids)
    pool.close()
    assert not any(alive(pid) for pid in pids)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/tab-separated-values"])
def test_byte_cap_cuts_a_result_and_says_so(disk_app, serve, accept: str) -> None:
    """400 rows of 10 KB each under a 1 MB cap: 200, cut to at most 1 MB, with the header and the note."""
    numbers = " ".join(str(n) for n in range(400))
    query = f'SELECT ?x WHERE {{ VALUES ?n {{ {numbers} }} BIND(CONCAT(STR(?n), "{"x" * 10_000}") AS ?x) }}'
    url = serve(disk_app(POLICYKG_MAX_BYTES=1_000_000))
    status, headers, body = get(url, query, accept)
    assert status == 200
    assert headers["Policykg-Truncated"] == "max-bytes; limit=1000000"
    rows = int(headers["Policykg-Rows"])
    assert 0 < rows < 400
    if accept.endswith("json"):
        document = json.loads(body)
        assert document["truncated"] == {"reason": "max-bytes", "limit": 1_000_000, "rows": rows}
        assert len(document["results"]["bindings"]) == rows
        body = body[body.index(b",") + 1 :]
    else:
        assert body.count(b"\n") == rows + 1
    assert len(body) <= 1_000_000


def test_byte_cap_in_process_for_graphs(disk_app) -> None:
    """A CONSTRUCT larger than the byte cap is cut to whole triples within it, and says so."""
    client = disk_app(POLICYKG_MAX_BYTES=2_000, POLICYKG_MAX_ROWS=None).test_client()
    response = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert response.headers["Policykg-Truncated"] == "max-bytes; limit=2000"
    lines = response.data.decode().splitlines()
    assert lines[0].startswith("# truncated: max-bytes")
    assert len(lines) - 1 == int(response.headers["Policykg-Rows"]) > 0
    assert len(response.data) - len(lines[0]) - 1 <= 2_000


def test_byte_cap_in_a_thread_too(make_app) -> None:
    """Over an in-memory store (queries in threads) the same byte cap applies."""
    client = make_app(POLICYKG_MAX_BYTES=500, POLICYKG_MAX_ROWS=None).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.headers["Policykg-Truncated"] == "max-bytes; limit=500"
    document = response.get_json()
    assert document["truncated"]["reason"] == "max-bytes"
    assert 0 < len(document["results"]["bindings"]) == int(response.headers["Policykg-Rows"])


def test_errors_come_back_from_the_query_process(disk_app) -> None:
    """Syntax errors keep their position, and a result no format suits is still 406, from a process."""
    client = disk_app().test_client()
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400
    assert response.get_json()["line"] == 1
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406


def test_query_processes_die_with_their_parent(disk_store: OxigraphStore) -> None:
    """A query process exits when the process that started it is gone (no orphan keeps a core)."""
    pool = QueryPool(disk_store.path, warm=1)
    pool.start()
    (pid,) = pool.pids()
    assert alive(pid)
    pool.close()
    assert not alive(pid)
    assert os.getpid() != pid


def test_a_query_needing_too_much_memory_fails_alone(
    disk_app, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A query process's heap is capped: a query that needs more fails (400) and the next one answers."""
    monkeypatch.setenv("POLICYKG_QUERY_MEMORY", str(300 * 1024 * 1024))
    client = disk_app(POLICYKG_TIMEOUT=60).test_client()
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    doublings = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(14))
    numbers = " ".join(str(n) for n in range(400))
    # 400 strings of 1.6 MB each, concatenated into one: far beyond 300 MB.
    query = (
        f"SELECT (STRLEN(GROUP_CONCAT(?s14)) AS ?n) WHERE {{ VALUES ?n {{ {numbers} }} "
        f'BIND(CONCAT(STR(?n), "{"x" * 99}") AS ?s0) {doublings} }}'
    )
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert "memory" in response.get_json()["message"]["en"]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    capfd.readouterr()


@pytest.fixture
def writable_app(tmp_path: Path) -> Iterator[Flask]:
    """An app over a writable store on disk, as a server with an update token serves it."""
    store = OxigraphStore(tmp_path / "store")
    store.replace_all([(SAMPLE, None), (ontology_path(), None)], "sample-writable")
    settings = {"POLICYKG_STORE": store, "POLICYKG_RESULT_CACHE_BYTES": 0, "POLICYKG_UPDATE_TOKEN": "t0ken"}
    yield create_app({"TESTING": True, "POLICYKG_TIMEOUT": 1, **settings})
    pool = getattr(store, "query_pool", None)
    if pool is not None:
        pool.close()
    store.close()


def test_a_writable_store_runs_queries_in_processes_too(writable_app: Flask, serve) -> None:
    """Over a store taking updates, a query at its limit is killed like any other, and each query sees
    every update made before it (its process opens a snapshot taken after the last write)."""
    url = serve(writable_app)
    store = writable_app.extensions["policykg.store"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"

    def counted() -> int:
        status, _, body = get(url, count)
        assert status == 200
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert counted() == 0
    pool = query_pool(store)
    assert isinstance(pool, QueryPool) and pool.path != store.path
    status, _, _ = get(url, HEAVY.format(n=1))
    assert status == 503 and pool.killed == 1
    assert pool.settle() and {pid for pid in pool.spawned if alive(pid)} == set(pool.pids())
    for n in (1, 2):
        update = urllib.request.Request(
            f"{url}/sparql",
            data=urllib.parse.urlencode(
                {"update": f"INSERT DATA {{ <http://example.org/s{n}> <http://example.org/p> {n} }}"}
            ).encode(),
            headers={"Authorization": "Bearer t0ken"},
        )
        with urllib.request.urlopen(update, timeout=30) as response:
            assert response.status in (200, 204)
        assert counted() == n
    # Only the snapshots that processes still have open are kept.
    assert pool.settle()
    assert {p for p in store.snapshots_folder.iterdir()} <= pool.paths_in_use()


def test_pages_and_the_api_query_in_processes_as_the_store_would(disk_app) -> None:
    """A page's own queries (select, ask, construct, counts) run in query processes and read back the
    same terms as the store gives in this process."""
    app = disk_app()
    store = app.extensions["policykg.store"]
    assert store.view_query is not None
    label = (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label"
    )
    local = [
        {v.value: row[v.value] for v in result.variables} for result in [store.query(label)] for row in result
    ]
    assert store.select(label) == [{k: v for k, v in row.items() if v is not None} for row in local]
    assert store.ask("ASK { ?s ?p ?o }") is True
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50"
    assert set(store.view_triples(construct)) == set(store.query(construct))
    assert app.test_client().get("/api/stats").status_code == 200
    pool = query_pool(store)
    assert pool is not None and pool.spawned


def test_a_pages_query_has_the_endpoints_time_limit(disk_app) -> None:
    """With a limit no query can meet, a page that queries the store answers 503, not a late page."""
    client = disk_app(POLICYKG_TIMEOUT=0.000_001).test_client()
    response = client.get("/api/stats")
    assert response.status_code == 503
    assert "longer than" in response.get_json()["message"]["en"] or response.headers["Retry-After"]


def test_a_pages_query_over_its_byte_cap_is_503(disk_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose own query returns more than the cap fails whole with 503, never shows a part."""
    from policykg.server.sparql import running

    monkeypatch.setattr(running, "VIEW_MAX_BYTES", 10)
    response = disk_app().test_client().get("/api/stats")
    assert response.status_code == 503
    assert "larger than 10 bytes" in response.get_json()["message"]["en"]

"""The store interface: the embedded Oxigraph store, loading a build, a remote endpoint (real Oxigraph)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from policykg.cli import cli
from policykg.ontology.namespaces import PKG, sparql_prologue
from policykg.server.app import create_app
from policykg.server.store.base import (
    QuerySyntaxError,
    ReadOnlyStoreError,
    RemoteStoreError,
    Store,
    StoreInUse,
)
from policykg.server.store.embedded import OxigraphStore, exclusive_use
from policykg.server.store.loading import BuildMissing, load_build
from policykg.server.store.remote import RemoteStore

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
CITY = "https://w3id.org/policykg/id/city/shilishi"
LABELS = sparql_prologue() + f"SELECT ?label WHERE {{ <{LAB}> rdfs:label ?label }} ORDER BY ?label"


def check_store_reads(store: Store) -> None:
    """The reads every store offers, checked against the sample graph."""
    rows = store.select(LABELS)
    assert [(row["label"].value, row["label"].language) for row in rows] == [
        ("Shili Laboratory", "en"),
        ("示例实验室", "zh"),
    ]
    assert bool(store.query(f"ASK {{ <{LAB}> ?p ?o }}")) is True
    graph = store.construct(f"CONSTRUCT {{ <{LAB}> ?p ?o }} WHERE {{ <{LAB}> ?p ?o }}")
    assert (rdflib.URIRef(LAB), PKG.locatedIn, rdflib.URIRef(CITY)) in graph
    described = store.describe(CITY, incoming=True)
    assert (rdflib.URIRef(LAB), PKG.locatedIn, rdflib.URIRef(CITY)) in described
    assert (rdflib.URIRef(CITY), rdflib.RDF.type, PKG.City) in described
    assert (rdflib.URIRef(LAB), PKG.locatedIn, rdflib.URIRef(CITY)) not in store.describe(CITY)
    counts = store.counts()
    assert counts.classes[str(PKG.Laboratory)] == 1
    assert counts.classes[str(PKG.Plan)] == 1
    assert counts.properties[str(PKG.locatedIn)] == 1
    assert counts.triples > 700
    with pytest.raises(QuerySyntaxError) as caught:
        store.select("SELECT ?x WHERE { ?x ")
    assert caught.value.message


def test_embedded_store_reads(store: OxigraphStore) -> None:
    """The in-memory store answers every read of the interface."""
    check_store_reads(store)


def test_version_and_counts_follow_writes(store: OxigraphStore) -> None:
    """Each write changes the version, and counts are recomputed for the new version."""
    first = store.version
    triples = store.counts().triples
    store.update('INSERT DATA { <https://example.org/a> <https://example.org/p> "x" }')
    assert store.version != first
    assert store.counts().triples == triples + 1
    second = store.version
    assert store.drop_graph("https://example.org/none") is False
    assert store.version == second


@pytest.fixture
def build_dir(tmp_path: Path, sample_graph: Path) -> Path:
    """A build directory holding the sample graph as the builder would write it."""
    directory = tmp_path / "build"
    directory.mkdir()
    shutil.copy(sample_graph, directory / "graph.ttl")
    return directory


def test_load_build_only_when_it_changed(build_dir: Path) -> None:
    """The on-disk store loads a build once, skips it on the next start, and reloads after a change."""
    store = OxigraphStore(build_dir / "store")
    assert load_build(store, build_dir) is True
    version = store.version
    size = len(store.raw)
    store.close()
    reopened = OxigraphStore(build_dir / "store")
    assert reopened.version == version
    assert load_build(reopened, build_dir) is False
    assert len(reopened.raw) == size
    findings = b"<https://example.org/finding/1> a <https://example.org/Finding> .\n"
    (build_dir / "findings.ttl").write_bytes(findings)
    (build_dir / "build.json").write_text(json.dumps({"base": "https://data.example.org/"}), encoding="utf-8")
    assert load_build(reopened, build_dir) is True
    assert reopened.version != version
    assert reopened.graph_exists("https://data.example.org/graph/findings")
    assert len(reopened.raw) == size + 1
    reopened.close()


def test_writes_persist_their_version(build_dir: Path) -> None:
    """A write survives a restart together with the version token it produced."""
    store = OxigraphStore(build_dir / "store")
    load_build(store, build_dir)
    store.update('INSERT DATA { <https://example.org/a> <https://example.org/p> "x" }')
    version = store.version
    store.close()
    reopened = OxigraphStore(build_dir / "store")
    assert reopened.version == version
    assert load_build(reopened, build_dir) is False
    assert bool(reopened.query('ASK { <https://example.org/a> ?p "x" }'))
    reopened.close()


def test_load_without_a_build(tmp_path: Path) -> None:
    """Loading a directory without a graph file says so."""
    store = OxigraphStore()
    with pytest.raises(BuildMissing):
        load_build(store, tmp_path)


@pytest.fixture
def loaded_oxigraph(oxigraph_server: str, build_dir: Path) -> str:
    """A real Oxigraph server loaded with the sample build through `policykg load` (Graph Store Protocol)."""
    result = CliRunner().invoke(
        cli, ["load", "--endpoint", f"{oxigraph_server}/store", "--build-dir", str(build_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "PUT" in result.output
    return oxigraph_server


@pytest.mark.live
def test_remote_store_reads(loaded_oxigraph: str) -> None:
    """A RemoteStore over a real Oxigraph server answers every read like the embedded store."""
    check_store_reads(RemoteStore(f"{loaded_oxigraph}/query"))


@pytest.mark.live
def test_remote_store_writes(loaded_oxigraph: str) -> None:
    """With an update URL, writes go to the endpoint; without one, the store refuses them."""
    remote = RemoteStore(f"{loaded_oxigraph}/query", f"{loaded_oxigraph}/update")
    triple = ox.Triple(
        ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("文")
    )
    remote.replace_graph("https://example.org/g", [triple])
    assert remote.graph_exists("https://example.org/g")
    assert list(remote.triples("https://example.org/g")) == [triple]
    assert remote.drop_graph("https://example.org/g") is True
    assert remote.graph_exists("https://example.org/g") is False
    with pytest.raises(ReadOnlyStoreError):
        RemoteStore(f"{loaded_oxigraph}/query").update("CLEAR ALL")


@pytest.mark.live
def test_app_over_a_remote_store(loaded_oxigraph: str) -> None:
    """The whole /sparql endpoint works over a remote store, in result and RDF formats."""
    client = create_app({"TESTING": True, "POLICYKG_STORE": f"{loaded_oxigraph}/query"}).test_client()
    response = client.get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
    assert response.get_data(as_text=True).splitlines() == ["label", "Shili Laboratory", "示例实验室"]
    response = client.get(
        "/sparql", query_string={"query": f"DESCRIBE <{LAB}>"}, headers={"Accept": "text/turtle"}
    )
    graph = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (rdflib.URIRef(LAB), rdflib.RDF.type, PKG.Laboratory) in graph
    assert client.get("/sparql", query_string={"query": "ASK {"}).status_code == 400


def test_unreachable_remote_store(unused_port: int) -> None:
    """A remote endpoint that does not answer gives RemoteStoreError, and the endpoint 502."""
    url = f"http://127.0.0.1:{unused_port}/sparql"
    with pytest.raises(RemoteStoreError):
        RemoteStore(url, timeout=5).query("ASK {}")
    client = create_app({"TESTING": True, "POLICYKG_STORE": url}).test_client()
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 502
    assert response.get_json()["message"]["zh"]


@pytest.mark.live
def test_remote_store_sees_writes_made_elsewhere(loaded_oxigraph: str) -> None:
    """Writes made to the endpoint behind policykg's back still meet the row cap on the next query."""
    app = create_app({"TESTING": True, "POLICYKG_STORE": f"{loaded_oxigraph}/query", "POLICYKG_MAX_ROWS": 4})
    client = app.test_client()
    query = {"query": "SELECT ?o WHERE { <https://example.org/s> <https://example.org/p> ?o }"}
    for _ in range(2):
        assert client.get("/sparql", query_string=query).headers["Policykg-Rows"] == "0"
    other_writer = RemoteStore(f"{loaded_oxigraph}/query", f"{loaded_oxigraph}/update")
    other_writer.update("INSERT DATA { <https://example.org/s> <https://example.org/p> 1, 2, 3, 4, 5, 6 }")
    response = client.get("/sparql", query_string=query)
    assert response.headers["Policykg-Truncated"] == "max-rows; limit=4"


def test_read_only_store_is_shared_and_refuses_writes(build_dir: Path) -> None:
    """Several read-only openings of a loaded store answer queries at once; every write is refused."""
    writer = OxigraphStore(build_dir / "store")
    load_build(writer, build_dir)
    version = writer.version
    writer.close()
    first = OxigraphStore(build_dir / "store", read_only=True)
    second = OxigraphStore(build_dir / "store", read_only=True)
    ask = "ASK { ?s a <https://w3id.org/policykg/ontology#Laboratory> }"
    assert bool(first.query(ask)) and bool(second.query(ask))
    assert first.version == second.version == version
    assert not first.writable
    triple = ox.Triple(
        ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")
    )
    writes = [
        lambda: first.update('INSERT DATA { <https://example.org/a> <https://example.org/p> "x" }'),
        lambda: first.add_to_graph(None, [triple]),
        lambda: first.replace_graph("https://example.org/g", [triple]),
        lambda: first.drop_graph(None),
        lambda: first.replace_all([], "other"),
    ]
    for write in writes:
        with pytest.raises(ReadOnlyStoreError, match="read-only"):
            write()
    assert first.version == version
    first.close()
    second.close()


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    """Opening a store read-only where there is none fails instead of creating an empty one."""
    with pytest.raises(OSError, match="no store"):
        OxigraphStore(tmp_path / "missing", read_only=True)
    assert not (tmp_path / "missing").exists()


def test_exclusive_use_admits_one_holder(tmp_path: Path) -> None:
    """While one holder has the store's lock a second is refused, and after release it may take it."""
    path = tmp_path / "store"
    with (
        exclusive_use(path),
        pytest.raises(StoreInUse, match="another policykg process"),
        exclusive_use(path),
    ):
        pass
    with exclusive_use(path):
        assert (tmp_path / "store.lock").exists()

"""/void and /dumps: the VoID counts agree with the store, and every dump parses back to the whole graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Literal, URIRef

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
PKG = rdflib.Namespace("https://w3id.org/policykg/ontology#")
DATASET = URIRef("https://w3id.org/policykg/void#dataset")
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdf": "xml"}


def count(store: ox.Store, query: str) -> int:
    """Run a COUNT query on the store and return the number."""
    return int(next(iter(store.query(query)))["n"].value)


@pytest.fixture
def void(ld_client, parse_rdf) -> rdflib.Graph:
    """The VoID description of the two sample plans."""
    response = ld_client.get("/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return parse_rdf(response.data, "turtle")


def test_void_counts_are_the_stores(void, sample_oxigraph):
    assert void.value(DATASET, VOID.triples) == Literal(len(sample_oxigraph))
    subjects = count(sample_oxigraph, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert void.value(DATASET, VOID.distinctSubjects) == Literal(subjects)
    entities = count(
        sample_oxigraph,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) "
        'WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/policykg/id/")) }',
    )
    assert void.value(DATASET, VOID.entities) == Literal(entities)
    assert entities > 30


@pytest.mark.parametrize(
    ("cls", "entities"), [(PKG.Plan, 2), (PKG.Laboratory, 1), (PKG.SourceSpan, 8), (PKG.Task, 2)]
)
def test_void_class_partitions(void, cls, entities):
    [partition] = [
        p for p in void.objects(DATASET, VOID.classPartition) if void.value(p, VOID["class"]) == cls
    ]
    assert void.value(partition, VOID.entities) == Literal(entities)


def test_void_property_partitions_sum_to_the_triples(void, sample_oxigraph):
    partitions = list(void.objects(DATASET, VOID.propertyPartition))
    assert sum(int(void.value(p, VOID.triples)) for p in partitions) == len(sample_oxigraph)
    mentions = [p for p in partitions if void.value(p, VOID.property) == PKG.mentions]
    assert [int(void.value(p, VOID.triples)) for p in mentions] == [6]
    assert void.value(DATASET, VOID.properties) == Literal(len(partitions))


def test_void_names_its_access_points(void, ld_client):
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert void.value(DATASET, VOID.uriSpace) == Literal("https://w3id.org/policykg/id/")
    dumps = sorted(str(d) for d in void.objects(DATASET, VOID.dataDump))
    assert len(dumps) == 5
    for url in dumps:
        assert ld_client.get(url.removeprefix("http://localhost"), buffered=True).status_code == 200
    roots = set(void.objects(DATASET, VOID.rootResource))
    assert (
        URIRef("https://w3id.org/policykg/id/plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025")
        in roots
    )


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_void_comes_in_every_rdf_format(ld_client, parse_rdf, suffix):
    response = ld_client.get(f"/void.{suffix}")
    graph = parse_rdf(response.data, FORMATS[suffix])
    assert (DATASET, rdflib.RDF.type, VOID.Dataset) in graph
    assert response.headers["Content-Location"] == f"/void.{suffix}"


def test_void_is_negotiated_and_well_known(ld_client):
    assert ld_client.get("/void", headers={"Accept": "application/ld+json"}).mimetype == "application/ld+json"
    assert ld_client.get("/void", headers={"Accept": "image/png"}).status_code == 406
    assert "Accept" in ld_client.get("/void").headers["Vary"]
    well_known = ld_client.get("/.well-known/void")
    assert (well_known.status_code, well_known.headers["Location"]) == (303, "/void")


def test_the_void_description_is_the_same_document_twice(ld_client):
    first, second = ld_client.get("/void.ttl"), ld_client.get("/void.ttl")
    assert first.data == second.data
    assert ld_client.get("/void.ttl", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_graph_dump_parses_back_to_the_whole_default_graph(
    ld_client, parse_rdf, sample_oxigraph, suffix
):
    response = ld_client.get(f"/dumps/graph.{suffix}", buffered=True)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="policykg-graph.{suffix}"'
    graph = parse_rdf(response.data, FORMATS[suffix])
    assert len(graph) == len(sample_oxigraph)
    assert (PKG.Laboratory, rdflib.RDFS.label, Literal("实验室", lang="zh")) in graph


def test_the_dumps_are_listed(ld_client):
    listed = ld_client.get("/dumps").get_json()["dumps"]
    assert {d["href"] for d in listed} == {f"/dumps/graph.{s}" for s in FORMATS} | {"/dumps/dataset.nq"}


def test_a_dump_is_conditional_and_ranged(ld_client):
    first = ld_client.get("/dumps/graph.nt", buffered=True)
    again = ld_client.get("/dumps/graph.nt", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    part = ld_client.get("/dumps/graph.nt", headers={"Range": "bytes=0-9"}, buffered=True)
    assert (part.status_code, part.data) == (206, first.data[:10])


@pytest.mark.parametrize("path", ["/dumps/graph.pdf", "/dumps/everything.ttl", "/dumps/dataset.ttl"])
def test_unknown_dumps_are_404(ld_client, path):
    assert ld_client.get(path).status_code == 404


def test_the_dataset_dump_holds_every_graph():
    store = OxigraphStore()
    store.replace_all([(ontology_path(), None)], "with-findings")
    findings = ox.NamedNode("https://w3id.org/policykg/graph/findings")
    finding = ox.Quad(
        ox.NamedNode("https://example.org/f"), ox.NamedNode("https://example.org/p"), ox.Literal("x")
    )
    store.add_to_graph(findings.value, [finding.triple])
    client = create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    quads = list(ox.parse(client.get("/dumps/dataset.nq", buffered=True).data, ox.RdfFormat.N_QUADS))
    assert ox.Quad(finding.subject, finding.predicate, finding.object, findings) in quads
    assert sum(1 for q in quads if q.graph_name == ox.DefaultGraph()) == len(list(store.triples(None)))
    store.close()


def test_a_new_store_version_gets_a_new_dump(plans_store):
    store = OxigraphStore()
    store.replace_all([(ontology_path(), None)], "before")
    client = create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    before = client.get("/dumps/graph.nt", buffered=True)
    store.add_to_graph(
        None,
        [
            ox.Triple(
                ox.NamedNode("https://example.org/new"),
                ox.NamedNode("https://example.org/p"),
                ox.Literal("1"),
            )
        ],
    )
    after = client.get("/dumps/graph.nt", headers={"If-None-Match": before.headers["ETag"]}, buffered=True)
    assert after.status_code == 200
    assert b"https://example.org/new" in after.data and b"https://example.org/new" not in before.data
    store.close()

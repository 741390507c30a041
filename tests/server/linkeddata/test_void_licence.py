"""VoID says under which licence the data are published, on the dataset and on every dump, and describes
the findings graph as a subset with its triple count."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib import DCTERMS, Literal, URIRef

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET = URIRef("https://w3id.org/policykg/void#dataset")
CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
FINDINGS = "https://w3id.org/policykg/graph/findings"


def test_the_dataset_and_every_dump_carry_the_data_licence(ld_client, parse_rdf):
    void = parse_rdf(ld_client.get("/void.ttl").data, "turtle")
    assert (DATASET, DCTERMS.license, CC_BY_SA) in void
    rights = " ".join(str(o) for o in void.objects(DATASET, DCTERMS.rights))
    assert "CC-CEDICT" in rights and "MIT" in rights
    dumps = set(void.objects(DATASET, VOID.dataDump))
    assert dumps
    assert all((dump, DCTERMS.license, CC_BY_SA) in void for dump in dumps)


def test_the_dump_list_and_the_dump_files_name_the_licence(ld_client):
    listed = ld_client.get("/dumps").get_json()["dumps"]
    assert {d["license"] for d in listed} == {str(CC_BY_SA)}
    response = ld_client.get("/dumps/graph.nt", buffered=True)
    assert response.headers["Link"] == f'<{CC_BY_SA}>; rel="license"'
    page = ld_client.get("/dumps", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'href="{CC_BY_SA}"' in page and "/context.jsonld" in page


def test_the_findings_graph_is_a_subset_with_its_triple_count(parse_rdf):
    store = OxigraphStore()
    store.replace_all([(ontology_path(), None)], "with-findings")
    subject = ox.NamedNode("https://example.org/finding")
    triples = [
        ox.Triple(subject, ox.NamedNode("https://example.org/p"), ox.Literal(text))
        for text in ("a", "b", "c")
    ]
    store.add_to_graph(FINDINGS, triples)
    client = create_app({"TESTING": True, "POLICYKG_STORE": store}).test_client()
    void = parse_rdf(client.get("/void.ttl").data, "turtle")
    subsets = [s for s in void.objects(DATASET, VOID.subset) if (s, SD.name, URIRef(FINDINGS)) in void]
    assert len(subsets) == 1
    assert (subsets[0], VOID.triples, Literal(3)) in void
    assert (subsets[0], DCTERMS.license, CC_BY_SA) in void
    store.close()


def test_no_subset_without_named_graphs(ld_client, parse_rdf):
    void = parse_rdf(ld_client.get("/void.ttl").data, "turtle")
    assert not list(void.objects(DATASET, VOID.subset))

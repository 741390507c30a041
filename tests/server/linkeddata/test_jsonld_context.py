"""JSON-LD with the project's context: the published context, compact entity documents and dumps that
expand back to the same triples, one node per subject."""

from __future__ import annotations

import json
import warnings

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, URIRef
from rdflib.compare import isomorphic

from policykg.ontology import jsonld, ontology_graph
from policykg.ontology.namespaces import PKG

ID = "https://w3id.org/policykg/id/"
LAB = "laboratory/shili-shiyanshi"
PLAN = "plan/shilishi-keji-chuangxin-sannian-xingdong-jihua-2023-2025"


def expand(document: dict) -> rdflib.Graph:
    """Expand a compacted document with the local context (rdflib's JSON-LD parser warns about itself)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        return jsonld.expand_with_context(document)


def keys(nodes: list) -> set[str]:
    """Return every key used in the nodes, at any depth."""
    found: set[str] = set()
    stack: list = [nodes]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.update(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def assert_compact(document: dict) -> None:
    """One node per subject, and no key spelled as a full IRI."""
    ids = [node["id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))
    assert not [key for key in keys(document["@graph"]) if key.startswith(("http://", "https://"))]


def test_the_context_is_published_with_caching_and_cors(ld_client):
    response = ld_client.get("/context.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    assert response.data == jsonld.context_path().read_bytes()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.cache_control.max_age == 86400
    again = ld_client.get("/context.jsonld", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_context_names_every_property_of_the_ontology_with_its_type():
    context = jsonld.context()
    ontology = ontology_graph()
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(str(PKG)):
            local = str(prop).removeprefix(str(PKG))
            assert context[local] == {"@id": f"pkg:{local}", "@type": "@id"}
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        if str(prop).startswith(str(PKG)):
            local = str(prop).removeprefix(str(PKG))
            assert context[local]["@id"] == f"pkg:{local}"
            if (prop, RDFS.range, XSD.integer) in ontology:
                assert context[local]["@type"] == "xsd:integer"
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}


def test_an_entity_document_is_compact_and_expands_to_the_same_triples(ld_client, parse_rdf):
    response = ld_client.get(f"/id/{PLAN}.jsonld")
    assert response.mimetype == "application/ld+json"
    document = response.get_json()
    assert_compact(document)
    node = next(n for n in document["@graph"] if n["id"] == ID + PLAN)
    assert node["type"] == "Plan"
    assert set(node["label"]) == {"zh", "en"}
    served = parse_rdf(ld_client.get(f"/id/{PLAN}.nt").data, "nt")
    assert isomorphic(expand(document), served)


def test_the_graph_dump_is_compact_and_expands_to_the_default_graph(ld_client, parse_rdf):
    document = json.loads(ld_client.get("/dumps/graph.jsonld", buffered=True).data)
    assert_compact(document)
    whole = parse_rdf(ld_client.get("/dumps/graph.nt", buffered=True).data, "nt")
    assert isomorphic(expand(document), whole)
    lab = next(n for n in document["@graph"] if n["id"] == ID + LAB)
    assert lab["type"] == "Laboratory"


def test_a_document_may_refer_to_the_context_by_url(sample_graph):
    graph = rdflib.Graph().parse(sample_graph)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        document = jsonld.compact(graph, "https://example.org/context.jsonld")
    assert document["@context"] == "https://example.org/context.jsonld"
    assert_compact(document)
    assert isomorphic(expand(document), graph)


def test_an_inline_context_holds_only_what_the_document_uses():
    graph = rdflib.Graph()
    graph.add((URIRef(ID + LAB), rdflib.RDFS.label, rdflib.Literal("实验室", lang="zh")))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        document = jsonld.compact(graph)
    assert document["@graph"] == [{"id": ID + LAB, "label": {"zh": "实验室"}}]
    assert "label" in document["@context"] and "hasTask" not in document["@context"]
    assert isomorphic(expand(document), graph)


@pytest.mark.parametrize("value", [2025, "2025"])
def test_typed_numbers_come_back_typed(value):
    document = {"@context": "x", "@graph": [{"id": ID + "t", "deadlineYearNumber": value}]}
    triples = list(expand(document))
    assert triples[0][2] == rdflib.Literal(2025, datatype=XSD.integer)


def test_the_builder_helper_compacts_n_triples(sample_graph):
    graph = rdflib.Graph().parse(sample_graph)
    document = json.loads(jsonld.compact_ntriples(graph.serialize(format="nt", encoding="utf-8")))
    assert_compact(document)
    assert isomorphic(expand(document), graph)

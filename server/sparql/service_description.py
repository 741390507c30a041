"""The endpoint's SPARQL 1.1 Service Description (W3C Recommendation, §3 "Service Description Vocabulary")."""

from __future__ import annotations

import pyoxigraph as ox

from policykg.server.store.base import Store
from policykg.server.web.negotiation import RDF_FORMATS, RESULT_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")

PREFIXES = {"sd": SD, "dcterms": "http://purl.org/dc/terms/", "formats": "http://www.w3.org/ns/formats/"}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe_service(
    store: Store, endpoint: str, *, writable: bool, graph_store: str | None
) -> list[ox.Triple]:
    """Return the triples describing the endpoint at ``endpoint``: languages, formats, features, dataset."""
    service = ox.NamedNode(endpoint + "#service")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, DCTERMS_TITLE, ox.Literal("policykg SPARQL 端点", language="zh")),
        ox.Triple(service, DCTERMS_TITLE, ox.Literal("policykg SPARQL endpoint", language="en")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        # Named graphs may exist while empty (Graph Store PUT of an empty graph, CREATE GRAPH).
        ox.Triple(service, _sd("feature"), _sd("EmptyGraphs")),
    ]
    if writable:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in (*RESULT_FORMATS, *RDF_FORMATS):
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.iri)))
    if graph_store:
        # The Graph Store Protocol has no Service Description term; rdfs:seeAlso points clients to it.
        see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
        triples.append(ox.Triple(service, see_also, ox.NamedNode(graph_store)))
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    for row in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"):
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), row["g"]),
        ]
    return triples

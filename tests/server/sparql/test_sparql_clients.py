"""Real SPARQL clients against the live endpoint: SPARQLWrapper in every format, rdflib's SPARQLStore."""

from __future__ import annotations

import warnings

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from policykg.ontology.namespaces import PKG, sparql_prologue

LAB = "https://w3id.org/policykg/id/laboratory/shili-shiyanshi"
SELECT = sparql_prologue() + f"SELECT ?label WHERE {{ <{LAB}> rdfs:label ?label }} ORDER BY ?label"
CONSTRUCT = f"CONSTRUCT {{ <{LAB}> ?p ?o }} WHERE {{ <{LAB}> ?p ?o }}"
LABELS = {"Shili Laboratory", "示例实验室"}


def wrapper(live_server: str, query: str, return_format: str, method: str = "GET") -> SPARQLWrapper:
    """Return a SPARQLWrapper set up for the live endpoint."""
    client = SPARQLWrapper(f"{live_server}/sparql", returnFormat=return_format)
    client.setQuery(query)
    client.setMethod(method)
    if method == POST:
        client.setRequestMethod(POSTDIRECTLY)
    return client


@pytest.mark.live
@pytest.mark.parametrize("method", ["GET", POST])
@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(live_server: str, return_format: str, method: str) -> None:
    """SPARQLWrapper gets SELECT results in JSON, XML, CSV and TSV, by GET and by POST."""
    result = wrapper(live_server, SELECT, return_format, method).query()
    assert result.response.status == 200
    converted = result.convert()
    if return_format == JSON:
        labels = {row["label"]["value"] for row in converted["results"]["bindings"]}
    elif return_format == XML:
        labels = {node.firstChild.data for node in converted.getElementsByTagName("literal")}
    else:
        separator = "," if return_format == CSV else "\t"
        lines = converted.decode("utf-8").splitlines()[1:]
        labels = {line.split(separator)[0].split('"')[1] if '"' in line else line for line in lines}
    assert labels == LABELS


@pytest.mark.live
@pytest.mark.parametrize("return_format", [JSON, XML])
def test_sparqlwrapper_ask(live_server: str, return_format: str) -> None:
    """SPARQLWrapper reads ASK answers."""
    result = wrapper(live_server, f"ASK {{ <{LAB}> ?p ?o }}", return_format).query().convert()
    answer = (
        result["boolean"]
        if return_format == JSON
        else result.getElementsByTagName("boolean")[0].firstChild.data
    )
    assert answer in (True, "true")


@pytest.mark.live
@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_construct(live_server: str, return_format: str) -> None:
    """SPARQLWrapper gets CONSTRUCT results in each RDF format and reads them as a graph."""
    result = wrapper(live_server, CONSTRUCT, return_format).query()
    with warnings.catch_warnings():
        # SPARQLWrapper parses with rdflib APIs that rdflib itself has deprecated (ConjunctiveGraph).
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        converted = result.convert()
    graph = (
        converted
        if isinstance(converted, rdflib.Graph)
        else rdflib.Graph().parse(data=converted, format="turtle")
    )
    assert (rdflib.URIRef(LAB), rdflib.RDF.type, PKG.Laboratory) in graph
    assert (rdflib.URIRef(LAB), rdflib.RDFS.label, rdflib.Literal("示例实验室", lang="zh")) in graph


@pytest.mark.live
def test_rdflib_sparqlstore(live_server: str) -> None:
    """rdflib's SPARQLStore uses the endpoint as a remote graph: triples(), len-free queries, and SPARQL."""
    graph = rdflib.Graph(store=SPARQLStore(f"{live_server}/sparql", returnFormat="json"))
    lab = rdflib.URIRef(LAB)
    assert set(graph.objects(lab, rdflib.RDFS.label)) == {
        rdflib.Literal("Shili Laboratory", lang="en"),
        rdflib.Literal("示例实验室", lang="zh"),
    }
    assert (lab, rdflib.RDF.type, PKG.Laboratory) in graph
    rows = list(graph.query(f"SELECT ?city WHERE {{ <{LAB}> <{PKG.locatedIn}> ?city }}"))
    assert [str(row[0]) for row in rows] == ["https://w3id.org/policykg/id/city/shilishi"]
    graph.close()


@pytest.mark.live
def test_rdflib_sparqlupdatestore(make_app, serve) -> None:
    """rdflib's SPARQLUpdateStore writes through the endpoint when it sends the update token."""
    base = serve(make_app(POLICYKG_UPDATE_TOKEN="tok"))
    store = SPARQLUpdateStore(
        f"{base}/sparql", f"{base}/sparql", headers={"Authorization": "Bearer tok"}, autocommit=True
    )
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef("https://example.org/g"))
    triple = (
        rdflib.URIRef("https://example.org/a"),
        rdflib.URIRef("https://example.org/p"),
        rdflib.Literal("新"),
    )
    graph.add(triple)
    assert triple in graph
    graph.close()

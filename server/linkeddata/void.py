"""The VoID description's triples: dataset statistics, class and property partitions, access points.

Terms are from the VoID vocabulary (http://rdfs.org/ns/void#), DCMI terms and FOAF; the numbers are
counted in the store (cached per store version), never written by hand.

Licence: the data are published under CC BY-SA 4.0, on the dataset and on every dump. The English labels
are composed with the help of CC-CEDICT (CC BY-SA 4.0), whose ShareAlike term binds adaptations; the
software that builds and serves the graph is MIT-licensed (LICENSE, NOTICE), which dcterms:rights says.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import pyoxigraph as ox

from policykg import iris
from policykg.ontology.namespaces import DCTERMS, ONTOLOGY_IRI, PKG, RDF

if TYPE_CHECKING:
    from policykg.server.store.base import Store

VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
FORMATS = "http://www.w3.org/ns/formats/"
SD = "http://www.w3.org/ns/sparql-service-description#"

#: The licence of the data (dataset, subsets and dumps): CC BY-SA 4.0, because of CC-CEDICT's ShareAlike.
DATA_LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
#: Where the English labels' dictionary comes from, the source that sets the licence.
CC_CEDICT = "https://cc-cedict.org/"
RIGHTS = (
    "The data are licensed under CC BY-SA 4.0: the English labels are composed with the help of CC-CEDICT "
    "(CC BY-SA 4.0). The policykg software that builds and serves them is MIT-licensed."
)

#: Titles of the named graphs described as subsets, by the last segment of their IRI.
GRAPH_TITLES = {"findings": "Audit findings of policykg (SHACL and arithmetic checks)"}

#: Vocabularies the data uses, for void:vocabulary.
VOCABULARIES = (
    str(PKG),
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2006/time#",
    "http://qudt.org/schema/qudt/",
)

_entities: dict[str, int] = {}
_entities_lock = threading.Lock()


def entity_count(store: Store, base: str) -> int:
    """Return the number of distinct subjects in the dataset's IRI space ``{base}id/``, once per version."""
    key = f"{id(store)} {base} {store.version}"
    with _entities_lock:
        if key not in _entities:
            prefix = ox.Literal(base + "id/")
            rows = store.select(
                "SELECT (COUNT(DISTINCT ?s) AS ?n) "
                f"WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix})) }}"
            )
            _entities[key] = int(rows[0]["n"].value)
        return _entities[key]


def _n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def void_triples(
    store: Store, base: str, links: Mapping[str, str | list[str]], modified: datetime
) -> list[ox.Triple]:
    """Return the VoID description of the store's default graph, with real counts and access points."""
    counts = store.counts()
    description = ox.NamedNode(iris.void_iri(base))
    dataset = ox.NamedNode(iris.void_iri(base, "dataset"))
    a = ox.NamedNode(str(RDF.type))

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + local)

    def dc(local: str) -> ox.NamedNode:
        return ox.NamedNode(str(DCTERMS) + local)

    triples = [
        ox.Triple(description, a, v("DatasetDescription")),
        ox.Triple(description, dc("title"), ox.Literal("VoID description of policykg", language="en")),
        ox.Triple(description, ox.NamedNode(FOAF + "primaryTopic"), dataset),
        ox.Triple(dataset, a, v("Dataset")),
        ox.Triple(dataset, dc("title"), ox.Literal("policykg 政策规划知识图谱", language="zh")),
        ox.Triple(
            dataset, dc("title"), ox.Literal("policykg knowledge graph of policy plans", language="en")
        ),
        ox.Triple(
            dataset,
            dc("description"),
            ox.Literal(
                "Domains, tasks, projects, portfolios, institutions, places and targets extracted from "
                "Chinese policy plans, with the source sentence of every fact.",
                language="en",
            ),
        ),
        ox.Triple(
            dataset, dc("modified"), ox.Literal(modified.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
        ),
        ox.Triple(dataset, dc("conformsTo"), ox.NamedNode(ONTOLOGY_IRI)),
        ox.Triple(dataset, dc("license"), ox.NamedNode(DATA_LICENSE)),
        ox.Triple(dataset, dc("rights"), ox.Literal(RIGHTS, language="en")),
        ox.Triple(dataset, dc("source"), ox.NamedNode(CC_CEDICT)),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(base + "id/")),
        ox.Triple(dataset, v("triples"), _n(counts.triples)),
        ox.Triple(dataset, v("entities"), _n(entity_count(store, base))),
        ox.Triple(dataset, v("distinctSubjects"), _n(counts.entities)),
        ox.Triple(dataset, v("classes"), _n(len(counts.classes))),
        ox.Triple(dataset, v("properties"), _n(len(counts.properties))),
        ox.Triple(dataset, v("sparqlEndpoint"), ox.NamedNode(str(links["sparql"]))),
    ]
    plans = store.select(f"SELECT ?plan WHERE {{ ?plan a <{PKG.Plan}> }} ORDER BY ?plan")
    triples += [ox.Triple(dataset, v("rootResource"), row["plan"]) for row in plans]
    triples += [ox.Triple(dataset, v("exampleResource"), row["plan"]) for row in plans[:1]]
    triples += [ox.Triple(dataset, v("vocabulary"), ox.NamedNode(vocabulary)) for vocabulary in VOCABULARIES]
    for url in links["dumps"]:
        triples += [
            ox.Triple(dataset, v("dataDump"), ox.NamedNode(url)),
            ox.Triple(ox.NamedNode(url), dc("license"), ox.NamedNode(DATA_LICENSE)),
        ]
    triples += _graph_subsets(dataset, base, counts.graphs)
    for name in ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads"):
        triples.append(ox.Triple(dataset, v("feature"), ox.NamedNode(FORMATS + name)))
    for rows, kind, key, size in (
        (counts.classes, "class", "class", "entities"),
        (counts.properties, "property", "property", "triples"),
    ):
        for term, count in sorted(rows.items()):
            partition = ox.NamedNode(iris.void_partition(base, kind, term))
            partition_of = "classPartition" if kind == "class" else "propertyPartition"
            triples += [
                ox.Triple(dataset, v(partition_of), partition),
                ox.Triple(partition, v(key), ox.NamedNode(term)),
                ox.Triple(partition, v(size), _n(count)),
            ]
    return triples


def _graph_subsets(dataset: ox.NamedNode, base: str, graphs: Mapping[str, int]) -> list[ox.Triple]:
    """Return a void:subset for each named graph (the audit findings), with its IRI and triple count."""
    a = ox.NamedNode(str(RDF.type))
    triples = []
    for graph, count in sorted(graphs.items()):
        name = graph.rstrip("/").rsplit("/", 1)[-1]
        subset = ox.NamedNode(iris.void_partition(base, "graph", graph))
        triples += [
            ox.Triple(dataset, ox.NamedNode(VOID + "subset"), subset),
            ox.Triple(subset, a, ox.NamedNode(VOID + "Dataset")),
            ox.Triple(subset, ox.NamedNode(SD + "name"), ox.NamedNode(graph)),
            ox.Triple(subset, ox.NamedNode(VOID + "triples"), _n(count)),
            ox.Triple(subset, ox.NamedNode(str(DCTERMS) + "license"), ox.NamedNode(DATA_LICENSE)),
        ]
        if name in GRAPH_TITLES:
            triples.append(
                ox.Triple(
                    subset,
                    ox.NamedNode(str(DCTERMS) + "title"),
                    ox.Literal(GRAPH_TITLES[name], language="en"),
                )
            )
    return triples

"""The plan as a networkx graph: typed entities as nodes, object properties as edges.

This is the one place that turns RDF into networkx, from a graph, a build directory or the store; the
viewer, the graph API and the CLI all use it (their analytics are in analytics.py). Provenance (spans,
documents, builds), years, periods and SKOS concepts stay out of the network; the source sentences of
each entity and relation are kept as attributes instead.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV, TIME

from policykg.iris import findings_graph, path_for
from policykg.ontology import ontology_graph
from policykg.ontology.namespaces import DEFAULT_BASE, PKG
from policykg.pinyin import PINYIN_LANGUAGE, pair_readings, pinyin_reading
from policykg.server.viewer.findings import attach

#: The top classes of the entities that become nodes, in legend order.
KINDS = (
    "Plan",
    "Domain",
    "Task",
    "ProjectPortfolio",
    "Target",
    "Institution",
    "Project",
    "Place",
)

_FIGURES = {
    "count": PKG.projectCount,
    "investment": PKG.investment,
    "printed": PKG.printedInvestment,
    "value": PKG.value,
    "maxValue": PKG.maxValue,
    "printedValue": PKG.printedValue,
    "deadline": PKG.deadlineYear,
    "baseline": PKG.baselineYear,
}
_CONCEPT_FIGURES = {"unit": PKG.unit, "comparator": PKG.comparator, "status": PKG.status}


@dataclass(frozen=True)
class Ontology:
    """The labels and class tree of the ontology that the network needs."""

    labels: dict[str, dict[str, str]]
    kinds: dict[str, str]
    ancestors: dict[str, frozenset[str]]

    def label(self, iri: str) -> dict[str, str]:
        """Return the zh and en labels of a term, falling back to its local name."""
        return self.labels.get(iri) or {"zh": local_name(iri), "en": local_name(iri)}


@cache
def ontology() -> Ontology:
    """Index the ontology's labels and the top class (kind) of each class, once per process."""
    graph = ontology_graph()
    labels: dict[str, dict[str, str]] = {}
    for term, label in graph.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language in ("zh", "en"):
            labels.setdefault(str(term), {})[label.language] = str(label)
    ancestors: dict[str, frozenset[str]] = {}
    kinds: dict[str, str] = {}
    for cls in graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        up = frozenset(str(c) for c in graph.transitive_objects(cls, RDFS.subClassOf))
        ancestors[str(cls)] = up
        kind = next((k for k in KINDS if str(PKG[k]) in up), None)
        if kind:
            kinds[str(cls)] = kind
    return Ontology(labels=labels, kinds=kinds, ancestors=ancestors)


def local_name(iri: str) -> str:
    """Return the part of an IRI after its last '#' or '/'."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _reading(graph: Graph, node: URIRef, zh: str | None, alt_labels: list[str]) -> str:
    """Return the pinyin of a node's Chinese label: the data's own reading, else read here.

    The data reads each Chinese name of the node (label and variants); the label's reading is the one
    ``pair_readings`` pairs with it, or the only one. Where the data's readings cannot be told apart,
    the node shows none rather than another name's; only data without readings is read here.
    """
    if not zh:
        return ""
    readings = [
        str(hidden)
        for hidden in graph.objects(node, SKOS.hiddenLabel)
        if isinstance(hidden, Literal) and (hidden.language or "").lower() == PINYIN_LANGUAGE
    ]
    if not readings:
        return pinyin_reading(zh)
    pairs = pair_readings([zh, *alt_labels], readings)
    paired = next((reading for reading, name in pairs if name == zh), None)
    return paired or (pairs[0][0] if len(pairs) == 1 else "")


def _lang_labels(graph: Graph, node: URIRef, prop: URIRef = RDFS.label) -> dict[str, str]:
    labels: dict[str, str] = {}
    for label in sorted(graph.objects(node, prop)):
        if isinstance(label, Literal):
            labels.setdefault(label.language or "", str(label))
    return labels


def _number(literal: Literal) -> int | float | str:
    value = literal.toPython()
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    number = float(value)
    return int(number) if number.is_integer() else number


def _figures(graph: Graph, node: URIRef, onto: Ontology) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for key, prop in _FIGURES.items():
        value = graph.value(node, prop)
        if isinstance(value, Literal):
            figures[key] = _number(value)
    for key, prop in _CONCEPT_FIGURES.items():
        value = graph.value(node, prop)
        if value is not None:
            figures[key] = {"iri": str(value), **onto.label(str(value))}
    metric = _lang_labels(graph, node, PKG.metric)
    if metric:
        figures["metric"] = {k: v for k in ("zh", "en") if (v := metric.get(k) or metric.get(""))}
    years = sorted(str(y) for y in graph.objects(node, PKG.startYear))
    if years:
        figures["startYears"] = years
    period = _period(graph, node)
    if period:
        figures["period"] = period
    series = sorted(graph.objects(node, PKG.inSeries))
    if series:
        figures["series"] = {"iri": str(series[0]), **_lang_labels(graph, series[0])}
    return figures


def _period(graph: Graph, node: URIRef) -> list[int] | None:
    """Return a plan's first and last year, from its period's OWL-Time instants, or None."""
    interval = graph.value(node, PKG.period)
    if interval is None:
        return None
    years = [
        graph.value(graph.value(interval, edge), PKG.yearNumber) for edge in (TIME.hasBeginning, TIME.hasEnd)
    ]
    if not all(isinstance(year, Literal) for year in years):
        return None
    return [int(year) for year in years]


def _sentences(graph: Graph, node: URIRef) -> list[str]:
    found = {
        (int(graph.value(span, PKG.sentenceStart) or 0), str(sentence))
        for span in graph.objects(node, PROV.wasDerivedFrom)
        for sentence in graph.objects(span, PKG.sentence)
    }
    return list(dict.fromkeys(s for _, s in sorted(found)))


def to_networkx(graph: Graph, base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """Return the entities of ``graph`` as nodes and the relations between them as keyed edges."""
    onto = ontology()
    net = nx.MultiDiGraph(base=base)
    typed = sorted(
        (str(s), onto.kinds[str(c)]) for s, c in graph.subject_objects(RDF.type) if str(c) in onto.kinds
    )
    for iri, _ in typed:
        if iri in net:
            continue
        node = URIRef(iri)
        cls = min(str(c) for c in graph.objects(node, RDF.type) if str(c) in onto.kinds)
        found = _lang_labels(graph, node)
        # A missing language is left out rather than filled in, so that readers see what is missing
        # and each display falls back to the other language itself.
        label = {k: v for k, v in (("zh", found.get("zh") or found.get("")), ("en", found.get("en"))) if v}
        ordinal = graph.value(node, PKG.ordinal)
        alt_labels = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
        net.add_node(
            iri,
            cls=local_name(cls),
            kind=onto.kinds[cls],
            classLabel=onto.label(cls),
            label=label or {"en": local_name(iri)},
            altLabels=alt_labels,
            pinyin=_reading(graph, node, label.get("zh"), alt_labels),
            ordinal=int(ordinal) if ordinal is not None else None,
            figures=_figures(graph, node, onto),
            sentences=_sentences(graph, node),
            path=path_for(iri, base),
        )
    for iri in list(net):
        for prop, obj in sorted(graph.predicate_objects(URIRef(iri))):
            if str(obj) in net and prop != RDF.type:
                net.add_edge(
                    iri,
                    str(obj),
                    key=local_name(str(prop)),
                    property=str(prop),
                    label=onto.label(str(prop)),
                    sentence=_edge_sentence(net, iri, str(obj), local_name(str(prop))),
                )
    degrees = dict(simple(net).degree())
    nx.set_node_attributes(net, degrees, "degree")
    return net


#: Relations that come from the administrative-division data rather than from a sentence of the plan: a
#: sentence attests them only if it names both places.
_GAZETTEER_RELATIONS = frozenset({"within", "locatedIn"})


def _edge_sentence(net: nx.MultiDiGraph, source: str, target: str, key: str = "") -> str | None:
    """Pick the sentence that best attests a relation: shared by both ends, naming both, else the target's."""
    ours, theirs = net.nodes[source]["sentences"], net.nodes[target]["sentences"]
    shared = [s for s in theirs if s in ours]
    names = [net.nodes[n]["label"].get("zh") for n in (source, target)]
    naming = [s for s in theirs + ours if all(n and n in s for n in names)]
    choices = (shared, naming) if key in _GAZETTEER_RELATIONS else (shared, naming, theirs, ours)
    for choice in choices:
        if choice:
            return choice[0]
    return None


def simple(net: nx.MultiDiGraph) -> nx.Graph:
    """Return the undirected simple graph that the analytics run on (relations navigable both ways)."""
    return nx.Graph(net)


def node_record(net: nx.MultiDiGraph, iri: str) -> dict[str, Any]:
    """Return a node as a JSON-ready record with its IRI."""
    return {"id": iri, **net.nodes[iri]}


def edge_records(net: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Return the edges among ``nodes`` (default all) as JSON-ready records."""
    edges = (
        net.edges(keys=True, data=True) if nodes is None else net.subgraph(nodes).edges(keys=True, data=True)
    )
    return [
        {"from": u, "to": v, "key": k, **{a: d[a] for a in ("property", "label", "sentence")}}
        for u, v, k, d in sorted(edges, key=lambda e: (e[0], e[1], e[2]))
    ]


def mentioned_entities(net: nx.MultiDiGraph, graph: Graph) -> set[str]:
    """Return the nodes that a graph (such as the audit's findings) mentions as subject or object."""
    terms = {str(t) for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    return terms & set(net)


def load_build(directory: Path) -> tuple[nx.MultiDiGraph, set[str]]:
    """Return the network of a build directory's graph.ttl and the entities its findings.ttl mentions."""
    from policykg.server.store.loading import FINDINGS_FILE, build_base

    graph_file = directory / "graph.ttl"
    if not graph_file.is_file():
        raise FileNotFoundError(f"{graph_file} does not exist; run 'policykg build' first")
    net = to_networkx(Graph().parse(graph_file), build_base(directory))
    findings_file = directory / FINDINGS_FILE
    if not findings_file.is_file():
        return net, set()
    audit = Graph().parse(findings_file)
    return attach(net, audit), mentioned_entities(net, audit)


def entity_query() -> str:
    """Return the CONSTRUCT query that fetches the entities' triples and their source sentences."""
    classes = " ".join(f"<{c}>" for c in sorted(ontology().kinds))
    return f"""CONSTRUCT {{
  ?s ?p ?o . ?span <{PKG.sentence}> ?sentence ; <{PKG.sentenceStart}> ?start .
  ?series <{RDFS.label}> ?seriesLabel . ?interval ?edge ?instant . ?instant <{PKG.yearNumber}> ?year .
}} WHERE {{
  VALUES ?class {{ {classes} }}
  ?s a ?class .
  {{ ?s ?p ?o }}
  UNION
  {{ ?s <{PROV.wasDerivedFrom}> ?span . ?span <{PKG.sentence}> ?sentence .
     OPTIONAL {{ ?span <{PKG.sentenceStart}> ?start }} }}
  UNION
  {{ ?s <{PKG.inSeries}> ?series . ?series <{RDFS.label}> ?seriesLabel }}
  UNION
  {{ ?s <{PKG.period}> ?interval . VALUES ?edge {{ <{TIME.hasBeginning}> <{TIME.hasEnd}> }}
     ?interval ?edge ?instant . ?instant <{PKG.yearNumber}> ?year }}
}}"""


def findings_query(base: str) -> str:
    """Return the SELECT query of every IRI that the audit's findings graph mentions."""
    return f"""SELECT DISTINCT ?x WHERE {{
  GRAPH <{findings_graph(base)}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }}
  FILTER(isIRI(?x))
}}"""


class NetworkTooLarge(Exception):
    """The store holds more entities than the server draws as one network (``POLICYKG_VIEWER_MAX_NODES``)."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"the graph holds {count:,} entities, more than the {limit:,} the viewer draws")
        self.count, self.limit = count, limit


def entity_count_query() -> str:
    """Return the SELECT query that counts the entities that would become nodes (without fetching them)."""
    classes = " ".join(f"<{c}>" for c in sorted(ontology().kinds))
    return f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?class {{ {classes} }} ?s a ?class }}"


_STORE_CACHE: weakref.WeakKeyDictionary[
    Any, tuple[tuple[str, str], nx.MultiDiGraph | NetworkTooLarge, frozenset[str]]
] = weakref.WeakKeyDictionary()
_STORE_LOCK = threading.Lock()


def network_from_store(
    store: Any, base: str, max_nodes: int | None = None
) -> tuple[nx.MultiDiGraph, frozenset[str]]:
    """Return the store's network and the entities its findings mention, rebuilt when the store changes.

    With ``max_nodes``, a store holding more entities raises ``NetworkTooLarge`` after counting them,
    before any of them is fetched: the network of a large corpus would not fit a server worker.
    """
    key = (store.version, base)
    with _STORE_LOCK:
        cached = _STORE_CACHE.get(store)
        if cached and cached[0] == key:
            found = cached[1]
            if isinstance(found, NetworkTooLarge):
                if max_nodes is not None and found.count > max_nodes:
                    raise found
            else:
                return found, cached[2]
        if max_nodes is not None:
            rows = store.select(entity_count_query())
            count = int(rows[0]["n"].value) if rows else 0
            if count > max_nodes:
                too_large = NetworkTooLarge(count, max_nodes)
                _STORE_CACHE[store] = (key, too_large, frozenset())
                raise too_large
        net = to_networkx(store.construct(entity_query()), base)
        rows = store.select(findings_query(base))
        findings = frozenset(row["x"].value for row in rows) & set(net)
        graph = findings_graph(base)
        attach(net, store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))
        _STORE_CACHE[store] = (key, net, findings)
        return net, findings

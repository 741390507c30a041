"""The plan as a networkx graph: typed entities as nodes, object properties as edges, and analytics on it.

This is the one place that turns RDF into networkx; the viewer, the graph API and the CLI all use it.
Provenance (spans, documents, builds), years, periods and SKOS concepts stay out of the network; the
source sentences of each entity and relation are kept as attributes instead.
"""

from __future__ import annotations

import itertools
import re
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
from rdflib.namespace import PROV

from policykg.iris import findings_graph, path_for
from policykg.ontology import ontology_path
from policykg.ontology.namespaces import DEFAULT_BASE, PKG

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
MEASURES = ("degree", "betweenness", "pagerank")
MAX_DEPTH = 3
#: Above this many nodes betweenness is estimated from a sample of sources (networkx's ``k``).
BETWEENNESS_EXACT_LIMIT = 1000

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
_NOT_PINYIN = re.compile(r"[^0-9a-z]+")
_CONCEPT_FIGURES = {"unit": PKG.unit, "comparator": PKG.comparator, "status": PKG.status}


class NetworkError(ValueError):
    """A request about the network that cannot be answered as asked (a bad parameter)."""


class UnknownEntity(LookupError):
    """An IRI that is not a node of the network."""


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
    """Load the ontology once and index its labels and the top class (kind) of each class."""
    graph = Graph().parse(ontology_path())
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


def _pinyin(text: str) -> str:
    # Imported here: pypinyin loads its dictionaries on import, which only the network needs.
    from pypinyin import lazy_pinyin

    return _NOT_PINYIN.sub(" ", " ".join(lazy_pinyin(text)).lower()).strip()


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
    return figures


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
        net.add_node(
            iri,
            cls=local_name(cls),
            kind=onto.kinds[cls],
            classLabel=onto.label(cls),
            label=label or {"en": local_name(iri)},
            altLabels=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
            pinyin=_pinyin(label["zh"]) if "zh" in label else "",
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
                    sentence=_edge_sentence(net, iri, str(obj)),
                )
    degrees = dict(simple(net).degree())
    nx.set_node_attributes(net, degrees, "degree")
    return net


def _edge_sentence(net: nx.MultiDiGraph, source: str, target: str) -> str | None:
    """Pick the sentence that best attests a relation: shared by both ends, naming both, else the target's."""
    ours, theirs = net.nodes[source]["sentences"], net.nodes[target]["sentences"]
    shared = [s for s in theirs if s in ours]
    names = [net.nodes[n]["label"].get("zh") for n in (source, target)]
    naming = [s for s in theirs + ours if all(n and n in s for n in names)]
    for choice in (shared, naming, theirs, ours):
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


def require_node(net: nx.MultiDiGraph, iri: str | None, name: str = "id") -> str:
    """Return ``iri`` if it is a node, else raise NetworkError (missing) or UnknownEntity (not found)."""
    if not iri:
        raise NetworkError(f"parameter '{name}' is required: the IRI of an entity")
    if iri not in net:
        raise UnknownEntity(f"no entity {iri!r} in the network ({name})")
    return iri


def type_iris(types: Iterable[str]) -> set[str]:
    """Return the class IRIs named by local names, ``pkg:`` names or IRIs; raise NetworkError if unknown."""
    onto = ontology()
    found = set()
    for name in types:
        iri = name if "://" in name else str(PKG[name.removeprefix("pkg:")])
        if iri not in onto.kinds:
            known = ", ".join(sorted(local_name(c) for c in onto.kinds))
            raise NetworkError(f"unknown type {name!r}; known types: {known}")
        found.add(iri)
    return found


def of_types(net: nx.MultiDiGraph, types: Iterable[str]) -> list[str]:
    """Return the nodes whose class is one of ``types`` or a subclass of one, in IRI order."""
    wanted = type_iris(types)
    onto = ontology()
    return [n for n in sorted(net) if wanted & (onto.ancestors[str(PKG[net.nodes[n]["cls"]])])]


def check_depth(depth: int | str | None, default: int = 1) -> int:
    """Return a neighbourhood depth from 1 to MAX_DEPTH, or raise NetworkError."""
    try:
        value = default if depth in (None, "") else int(depth)
    except (TypeError, ValueError):
        raise NetworkError(f"depth must be a whole number from 1 to {MAX_DEPTH}, not {depth!r}") from None
    if not 1 <= value <= MAX_DEPTH:
        raise NetworkError(f"depth must be from 1 to {MAX_DEPTH}, not {value}")
    return value


def neighborhood(net: nx.MultiDiGraph, iri: str, depth: int = 1) -> nx.MultiDiGraph:
    """Return the subgraph of the entities within ``depth`` relations of ``iri`` (either direction)."""
    require_node(net, iri)
    near = nx.single_source_shortest_path_length(simple(net), iri, cutoff=check_depth(depth))
    return net.subgraph(near).copy()


def shortest_path(net: nx.MultiDiGraph, source: str, target: str) -> dict[str, Any]:
    """Return the shortest chain of relations between two entities, each step with property and sentence."""
    require_node(net, source, "from")
    require_node(net, target, "to")
    try:
        hops = nx.shortest_path(simple(net), source, target)
    except nx.NetworkXNoPath:
        return {"from": source, "to": target, "connected": False, "length": None, "nodes": [], "steps": []}
    steps = []
    for a, b in itertools.pairwise(hops):
        forward = net.has_edge(a, b)
        u, v = (a, b) if forward else (b, a)
        key = min(net[u][v])
        data = net[u][v][key]
        steps.append(
            {
                "from": a,
                "to": b,
                "direction": "forward" if forward else "backward",
                "subject": u,
                "object": v,
                "property": data["property"],
                "label": data["label"],
                "sentence": data["sentence"],
            }
        )
    nodes = [node_record(net, n) for n in hops]
    return {
        "from": source,
        "to": target,
        "connected": True,
        "length": len(steps),
        "nodes": nodes,
        "steps": steps,
    }


def centrality(
    net: nx.MultiDiGraph, measure: str = "degree", types: Iterable[str] = (), limit: int = 10
) -> list[dict[str, Any]]:
    """Return the most central entities by degree, betweenness or pagerank, optionally of some types."""
    if measure not in MEASURES:
        raise NetworkError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if limit < 1:
        raise NetworkError(f"limit must be at least 1, not {limit}")
    scores = _scores(net, measure)
    candidates = of_types(net, types) if types else list(net)
    ranked = sorted(candidates, key=lambda n: (-scores[n], n))[:limit]
    return [{"rank": i, "score": round(scores[n], 6), **node_record(net, n)} for i, n in enumerate(ranked, 1)]


def _scores(net: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    graph = simple(net)
    if measure == "degree":
        return nx.degree_centrality(graph)
    if measure == "pagerank":
        return nx.pagerank(graph)
    # Exact betweenness is O(nodes x edges); large graphs get a seeded, reproducible estimate.
    k = None if len(graph) <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_EXACT_LIMIT
    return nx.betweenness_centrality(graph, k=k, seed=0)


def communities(net: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Return clusters of entities by greedy modularity, largest first, each with its members."""
    graph = simple(net)
    if graph.number_of_edges() == 0:
        groups = [{n} for n in graph]
    else:
        groups = nx.community.greedy_modularity_communities(graph)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    result = []
    for i, members in enumerate(ordered, 1):
        hub = max(members, key=lambda n: (graph.degree(n), n))
        result.append(
            {
                "id": i,
                "size": len(members),
                "label": net.nodes[hub]["label"],
                "hub": hub,
                "members": [node_record(net, n) for n in members],
            }
        )
    return result


def select(
    net: nx.MultiDiGraph,
    domain: str | None = None,
    types: Iterable[str] = (),
    focus: str | None = None,
    depth: int = 1,
) -> nx.MultiDiGraph:
    """Return the view asked for: one domain and what hangs under it, a focus's neighbourhood, some types."""
    view = net
    if domain:
        root = _domain(net, domain)
        view = net.subgraph({root} | nx.descendants(net, root))
    if focus:
        require_node(view, focus, "focus")
        view = neighborhood(view, focus, depth)
    types = list(types)
    if types:
        keep = set(of_types(view, types)) | ({focus} if focus else set())
        view = view.subgraph(keep)
    return view.copy()


def _domain(net: nx.MultiDiGraph, domain: str) -> str:
    """Return the domain named by its IRI or its ordinal, or raise."""
    if domain.isdigit():
        matches = [
            n for n, d in net.nodes(data=True) if d["kind"] == "Domain" and d["ordinal"] == int(domain)
        ]
        if len(matches) != 1:
            raise UnknownEntity(f"{len(matches)} domains have ordinal {domain}; give the domain's IRI")
        return matches[0]
    require_node(net, domain, "domain")
    if net.nodes[domain]["kind"] != "Domain":
        raise NetworkError(f"{domain!r} is a {net.nodes[domain]['cls']}, not a Domain")
    return domain


def path_view(net: nx.MultiDiGraph, source: str, target: str) -> nx.MultiDiGraph:
    """Return the entities on the shortest path between two entities, with the relations among them."""
    result = shortest_path(net, source, target)
    if not result["connected"]:
        raise UnknownEntity(f"no chain of relations links {source!r} and {target!r}")
    return net.subgraph(n["id"] for n in result["nodes"]).copy()


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
    findings = mentioned_entities(net, Graph().parse(findings_file)) if findings_file.is_file() else set()
    return net, findings


def entity_query() -> str:
    """Return the CONSTRUCT query that fetches the entities' triples and their source sentences."""
    classes = " ".join(f"<{c}>" for c in sorted(ontology().kinds))
    return f"""CONSTRUCT {{
  ?s ?p ?o . ?span <{PKG.sentence}> ?sentence ; <{PKG.sentenceStart}> ?start .
}} WHERE {{
  VALUES ?class {{ {classes} }}
  ?s a ?class .
  {{ ?s ?p ?o }}
  UNION
  {{ ?s <{PROV.wasDerivedFrom}> ?span . ?span <{PKG.sentence}> ?sentence .
     OPTIONAL {{ ?span <{PKG.sentenceStart}> ?start }} }}
}}"""


def findings_query(base: str) -> str:
    """Return the SELECT query of every IRI that the audit's findings graph mentions."""
    return f"""SELECT DISTINCT ?x WHERE {{
  GRAPH <{findings_graph(base)}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }}
  FILTER(isIRI(?x))
}}"""


_STORE_CACHE: weakref.WeakKeyDictionary[Any, tuple[tuple[str, str], nx.MultiDiGraph, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)
_STORE_LOCK = threading.Lock()


def network_from_store(store: Any, base: str) -> tuple[nx.MultiDiGraph, frozenset[str]]:
    """Return the store's network and the entities its findings mention, rebuilt when the store changes."""
    key = (store.version, base)
    with _STORE_LOCK:
        cached = _STORE_CACHE.get(store)
        if cached and cached[0] == key:
            return cached[1], cached[2]
        net = to_networkx(store.construct(entity_query()), base)
        rows = store.select(findings_query(base))
        findings = frozenset(row["x"].value for row in rows) & set(net)
        _STORE_CACHE[store] = (key, net, findings)
        return net, findings


def neighborhood_json(net: nx.MultiDiGraph, iri: str, depth: int = 1) -> dict[str, Any]:
    """Return an entity's neighbourhood as JSON-ready nodes and edges."""
    near = neighborhood(net, iri, depth)
    return {
        "id": iri,
        "depth": check_depth(depth),
        "nodes": [node_record(near, n) for n in sorted(near)],
        "edges": edge_records(near),
    }

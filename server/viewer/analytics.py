"""Analytics on the network: neighbourhoods, shortest paths, centrality, communities and selected views."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import networkx as nx

from policykg.ontology.namespaces import PKG
from policykg.server.viewer.network import edge_records, local_name, node_record, ontology, simple

MEASURES = ("degree", "betweenness", "pagerank")
MAX_DEPTH = 3
#: Above this many nodes betweenness is estimated from a sample of sources (networkx's ``k``).
BETWEENNESS_EXACT_LIMIT = 1000


class NetworkError(ValueError):
    """A request about the network that cannot be answered as asked (a bad parameter)."""


class UnknownEntity(LookupError):
    """An IRI that is not a node of the network."""


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
    plan: str | None = None,
) -> nx.MultiDiGraph:
    """Return the view asked for: one plan, one domain and what hangs under it, a focus's neighbourhood, some
    types."""
    view = plan_view(net, plan) if plan else net
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


#: The relations between plans (pkg:withinPlan, pkg:succeeds): a plan's view shows the plans at their ends.
PLAN_LINKS = frozenset({"withinPlan", "succeeds"})


def require_plan(net: nx.MultiDiGraph, plan: str) -> str:
    """Return ``plan`` if it is the IRI of a plan of the network, else raise NetworkError or UnknownEntity."""
    if (
        len(plan) > 2000
        or not plan.startswith(("http://", "https://", "urn:"))
        or any(c.isspace() for c in plan)
    ):
        raise NetworkError(f"plan must be the IRI of a plan (http, https or urn), not {plan[:60]!r}")
    require_node(net, plan, "plan")
    if net.nodes[plan]["kind"] != "Plan":
        raise NetworkError(f"plan {plan!r} is a {net.nodes[plan]['cls']}, not a Plan")
    return plan


def linked_plans(net: nx.MultiDiGraph, plan: str) -> list[dict[str, Any]]:
    """Return the plans a plan is linked to (within, succeeds; either direction), each with the relation."""
    links = []
    for u, v, key in sorted(
        [*net.out_edges(plan, keys=True), *net.in_edges(plan, keys=True)], key=lambda e: (e[2], e[0], e[1])
    ):
        if key in PLAN_LINKS and net.nodes[u]["kind"] == net.nodes[v]["kind"] == "Plan":
            other = v if u == plan else u
            links.append({"relation": key, "direction": "out" if u == plan else "in", "plan": other})
    return links


def plan_view(net: nx.MultiDiGraph, plan: str) -> nx.MultiDiGraph:
    """Return one plan and what hangs under it, with the plans it is linked to (but not their contents)."""
    require_plan(net, plan)
    others = {n for n, d in net.nodes(data=True) if d["kind"] == "Plan" and n != plan}
    own = nx.descendants(net.subgraph(set(net) - others), plan) | {plan}
    return net.subgraph(own | {link["plan"] for link in linked_plans(net, plan)})


def _domain(net: nx.MultiDiGraph, domain: str) -> str:
    """Return the domain named by its IRI or its ordinal, or raise."""
    if domain.isdigit() and not (domain.isascii() and len(domain) <= 9):
        # str.isdigit accepts "²" and other digits int() refuses, and int() refuses 5,000 digits.
        raise NetworkError(f"a domain is its IRI or its ordinal (a small whole number), not {domain[:20]!r}")
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


def neighborhood_json(net: nx.MultiDiGraph, iri: str, depth: int = 1) -> dict[str, Any]:
    """Return an entity's neighbourhood as JSON-ready nodes and edges."""
    near = neighborhood(net, iri, depth)
    return {
        "id": iri,
        "depth": check_depth(depth),
        "nodes": [node_record(near, n) for n in sorted(near)],
        "edges": edge_records(near),
    }

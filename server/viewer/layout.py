"""Where a view's nodes start and how its physics settles: seeded cluster positions and vis-network options.

Seeding each domain's entities in a cluster around it, and fewer layout iterations as graphs grow, keep
a graph of a thousand nodes legible and interactive within seconds.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

#: A font size no label reaches on screen: vis-network then draws none (the page draws them instead).
LABELS_HIDDEN = 10_000


def stabilization_iterations(node_count: int) -> int:
    """Return how many layout iterations to run before the network freezes: fewer as graphs grow.

    One iteration costs time roughly in proportion to the number of nodes, so the budget shrinks in
    inverse proportion to keep a graph of 1,000 nodes interactive within a few seconds; the seeded
    positions (``seed_positions``) are already a fair layout, so few iterations still read well.
    """
    if node_count <= 300:
        return 300
    return max(20, 100_000 // node_count)


def physics_options(node_count: int) -> dict[str, Any]:
    """Return vis-network options that let a graph of this size settle quickly and then stop."""
    big = node_count > 300
    return {
        "autoResize": True,
        # improvedLayout (Kamada-Kawai on clusters) takes seconds on big graphs; random seeding is enough.
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000,
                "centralGravity": 0.3,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.3,
                "avoidOverlap": 0 if big else 0.1,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": True,
                "iterations": stabilization_iterations(node_count),
                "updateInterval": 25,
                "fit": True,
            },
        },
        "nodes": {
            "borderWidth": 1,
            # The page draws the node labels itself, at a constant size on screen and only where they fit
            # (viewer.js, drawLabels); vis-network's own labels would pile up, so they are never drawn.
            "scaling": {"min": 8, "max": 36, "label": {"enabled": False, "drawThreshold": LABELS_HIDDEN}},
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333", "opacity": 0.8},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            # Relation names appear on hover, for the selected entity and along a path (viewer.js).
            "scaling": {"label": {"enabled": False, "drawThreshold": LABELS_HIDDEN}},
            # Smooth curves add a support node per edge to the simulation; straight lines on big graphs.
            "smooth": False if big else {"enabled": True, "type": "continuous"},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "multiselect": False},
    }


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_SPACING = 45


def _sunflower(count: int, centre: tuple[float, float], start: int = 0) -> list[tuple[float, float]]:
    """Return ``count`` evenly spread points of a Vogel spiral around ``centre``."""
    cx, cy = centre
    points = []
    for i in range(start, start + count):
        radius, angle = _SPACING * math.sqrt(i + 0.5), i * _GOLDEN_ANGLE
        points.append((round(cx + radius * math.cos(angle)), round(cy + radius * math.sin(angle))))
    return points


def clusters(view: nx.MultiDiGraph) -> dict[str, str]:
    """Return the domain each entity belongs with: its nearest domain (fewest relations, either direction).

    Plans, and entities that no domain reaches without passing through a plan, belong to none.
    """
    domains = sorted(n for n, d in view.nodes(data=True) if d["kind"] == "Domain")
    graph = nx.Graph(view)
    graph.remove_nodes_from(n for n in list(graph) if view.nodes[n]["kind"] == "Plan")
    home = {domain: domain for domain in domains}
    frontier = list(domains)
    while frontier:
        following = []
        for node in frontier:
            for near in sorted(graph[node]):
                if near not in home:
                    home[near] = home[node]
                    following.append(near)
        frontier = following
    return home


def seed_positions(view: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Return starting positions that put each domain's entities in a cluster around it, domains in a ring.

    Every entity joins its nearest domain (fewest relations, either direction); plans and entities that no
    domain reaches sit in the middle. The physics then only has to refine this, which is quicker and far
    more legible than starting from random positions.
    """
    domains = sorted(n for n, d in view.nodes(data=True) if d["kind"] == "Domain")
    middle = [n for n in sorted(view) if view.nodes[n]["kind"] == "Plan"]
    home = clusters(view)
    members: dict[str, list[str]] = {d: [] for d in domains}
    for node in sorted(home, key=lambda n: (-view.degree(n), n)):
        if node not in domains:
            members[home[node]].append(node)
    middle += [
        n for n in sorted(view, key=lambda n: (-view.degree(n), n)) if n not in home and n not in middle
    ]
    cluster = max((_SPACING * math.sqrt(len(m) + 1) for m in members.values()), default=0)
    ring = max(cluster * 1.3 * len(domains) / math.pi, cluster * 2, 250) if domains else 0
    positions = dict(zip(middle, _sunflower(len(middle), (0, 0)), strict=True))
    for k, domain in enumerate(domains):
        angle = 2 * math.pi * k / len(domains)
        centre = (round(ring * math.cos(angle)), round(ring * math.sin(angle)))
        positions[domain] = centre
        positions.update(zip(members[domain], _sunflower(len(members[domain]), centre, start=1), strict=True))
    return positions

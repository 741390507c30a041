"""Render a network view as an HTML page with pyvis's node and edge data and vis-network, all local.

pyvis builds the vis-network node, edge and option data; the page itself is our own Jinja template,
because pyvis's template links Bootstrap and vis-network from CDNs (even with ``cdn_resources="in_line"``)
and has none of the search, language switch, details panel or expansion the viewer needs. vis-network's
script and stylesheet come from the copy that pyvis ships in its package, served by the viewer or
inlined into the standalone file, so no request leaves the machine.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from policykg.ontology.namespaces import PKG
from policykg.server.viewer.network import KINDS, edge_records, node_record, ontology, path_view, select

LANGS = ("zh", "en")
_STATIC = Path(__file__).parents[1] / "static" / "viewer"

#: Colour (colour-blind safe Tableau 10) and vis-network shape of each kind of entity.
STYLES: dict[str, dict[str, Any]] = {
    "Plan": {"color": "#e15759", "shape": "star"},
    "Domain": {"color": "#f28e2b", "shape": "hexagon"},
    "Task": {"color": "#edc948", "shape": "square"},
    "ProjectPortfolio": {"color": "#b07aa1", "shape": "triangle"},
    "Target": {"color": "#ff9da7", "shape": "triangleDown"},
    "Institution": {"color": "#4e79a7", "shape": "dot"},
    "Project": {"color": "#59a14f", "shape": "diamond"},
    "Place": {"color": "#76b7b2", "shape": "dot", "shapeProperties": {"borderDashes": [4, 3]}},
}
FINDING_BORDER = "#d62728"

#: Spring length of each relation: a plan's parts stay close to their domain, domains apart from each
#: other, so that each domain and what it mentions forms a visible cluster instead of one hairball.
EDGE_LENGTHS = {
    "hasDomain": 320,
    "hasTask": 70,
    "hasPortfolio": 70,
    "hasTarget": 70,
    "hasPart": 50,
    "mentions": 110,
    "locatedIn": 180,
    "within": 180,
    "coversPlace": 260,
}

#: The ontology properties whose labels name the figures in tooltips and the details panel.
_FIGURE_TERMS = {
    "count": "projectCount",
    "investment": "investment",
    "printed": "printedInvestment",
    "value": "value",
    "maxValue": "maxValue",
    "printedValue": "printedValue",
    "deadline": "deadlineYear",
    "baseline": "baselineYear",
    "unit": "unit",
    "comparator": "comparator",
    "status": "status",
    "metric": "metric",
    "startYears": "startYear",
}

UI = {
    "zh": {
        "search": "搜索（中文、English 或拼音）",
        "freeze": "冻结布局",
        "resume": "恢复布局",
        "nodes": "个节点",
        "edges": "条关系",
        "page": "关联数据页面",
        "sentences": "来源句子",
        "finding": "审核发现",
        "hint": "单击查看详情，双击展开邻居",
        "noResults": "无结果",
        "class": "类型",
        "pinyin": "拼音",
    },
    "en": {
        "search": "Search (中文, English or pinyin)",
        "freeze": "Freeze layout",
        "resume": "Resume layout",
        "nodes": "nodes",
        "edges": "relations",
        "page": "Linked-data page",
        "sentences": "Source sentences",
        "finding": "Audit finding",
        "hint": "Click for details, double-click to expand",
        "noResults": "No results",
        "class": "Class",
        "pinyin": "Pinyin",
    },
}

# Asset name -> (package whose folder holds it, path inside that folder).
_ASSETS = {
    "vis-network.min.js": ("pyvis", "lib/vis-9.1.2/vis-network.min.js"),
    "vis-network.css": ("pyvis", "lib/vis-9.1.2/vis-network.css"),
    "viewer.js": (None, "viewer.js"),
    "viewer.css": (None, "viewer.css"),
}


def asset_path(name: str) -> Path | None:
    """Return the file of a viewer asset (vis-network from pyvis's package, or our own), or None."""
    if name not in _ASSETS:
        return None
    package, relative = _ASSETS[name]
    if package is None:
        return _STATIC / relative
    # find_spec locates pyvis without importing it (its import pulls in IPython).
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / relative


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("policykg.server", "templates"), autoescape=select_autoescape(["html"])
    )


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
            # Labels grow with the node, so the hubs stay readable when zoomed out and the rest appear
            # as the planner zooms in, instead of every label drawn at once.
            "scaling": {
                "min": 8,
                "max": 36,
                "label": {"enabled": True, "min": 12, "max": 20, "drawThreshold": 7},
            },
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333", "opacity": 0.8},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            # Relation names appear once the planner zooms in, not as grey noise over the whole graph.
            "scaling": {"label": {"drawThreshold": 8}},
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


def seed_positions(view: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Return starting positions that put each domain's entities in a cluster around it, domains in a ring.

    Every entity joins its nearest domain (fewest relations, either direction); plans and entities that no
    domain reaches sit in the middle. The physics then only has to refine this, which is quicker and far
    more legible than starting from random positions.
    """
    domains = sorted(n for n, d in view.nodes(data=True) if d["kind"] == "Domain")
    middle = [n for n in sorted(view) if view.nodes[n]["kind"] == "Plan"]
    graph = nx.Graph(view)
    graph.remove_nodes_from(middle)
    home: dict[str, str] = {}
    frontier = list(domains)
    for domain in domains:
        home[domain] = domain
    while frontier:
        following = []
        for node in frontier:
            for near in sorted(graph[node]):
                if near not in home:
                    home[near] = home[node]
                    following.append(near)
        frontier = following
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


def label_scaling(node_count: int) -> dict[str, dict[str, Any]]:
    """Return the label sizes of the plan and its domains, larger in bigger graphs.

    A big graph is shown zoomed out, so the plan's and domains' labels grow with it to keep naming the
    clusters in the overview; a small graph is shown near full size, where the same labels would be huge
    (vis-network's maxVisible does not cap them in this version).
    """
    boost = min(3.0, max(1.0, math.sqrt(node_count) / 6))
    return {
        "Plan": {"label": {"min": round(16 * boost), "max": round(20 * boost)}},
        "Domain": {"label": {"min": round(14 * boost), "max": round(18 * boost)}},
    }


def _label(labels: dict[str, str], lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    return labels.get(lang) or labels.get(other) or ""


def build_pyvis(view: nx.MultiDiGraph, lang: str = "zh", findings: Iterable[str] = ()) -> Any:
    """Return a pyvis Network of the view: nodes styled by kind, sized by degree, labelled in ``lang``."""
    from pyvis.network import Network

    marked = set(findings)
    net = Network(directed=True, cdn_resources="in_line")
    positions = seed_positions(view)
    scaling = label_scaling(view.number_of_nodes())
    for iri in sorted(view):
        record = vis_record(node_record(view, iri))
        style = STYLES[record["kind"]]
        options = {k: v for k, v in style.items() if k not in ("color", "shape")}
        if record["kind"] in scaling:
            options["scaling"] = scaling[record["kind"]]
        color: Any = style["color"]
        if iri in marked:
            record["finding"] = True
            color = {"background": style["color"], "border": FINDING_BORDER}
            options["borderWidth"] = 4
        x, y = positions[iri]
        label = _label(record["labels"], lang)
        net.add_node(iri, label=label, shape=style["shape"], color=color, x=x, y=y, **options, **record)
    for edge in edge_records(view):
        net.add_edge(edge["from"], edge["to"], **vis_edge(edge, lang))
    net.set_options(json.dumps(physics_options(view.number_of_nodes())))
    return net


def vis_record(record: dict[str, Any]) -> dict[str, Any]:
    """Return a node record with the fields vis-network reserves renamed (label -> labels, id dropped)."""
    fields = {k: v for k, v in record.items() if k not in ("id", "label")}
    return {**fields, "labels": record["label"], "value": record.get("degree", 1)}


def vis_edge(edge: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return the vis-network fields of an edge record: a stable id and its label in ``lang``."""
    return {
        "id": f"{edge['from']} {edge['key']} {edge['to']}",
        "length": EDGE_LENGTHS.get(edge["key"], 110),
        "label": _label(edge["label"], lang),
        "labels": edge["label"],
        "property": edge["property"],
        "sentence": edge["sentence"],
    }


def legend() -> list[dict[str, Any]]:
    """Return the legend: each kind's class labels, colour and shape."""
    onto = ontology()
    return [{"kind": k, "label": onto.label(str(PKG[k])), **STYLES[k]} for k in KINDS]


def figure_labels() -> dict[str, dict[str, str]]:
    """Return the zh and en names of the figures, taken from the ontology's property labels."""
    onto = ontology()
    return {key: onto.label(str(PKG[term])) for key, term in _FIGURE_TERMS.items()}


def render_viewer(
    view: nx.MultiDiGraph,
    *,
    lang: str = "zh",
    findings: Iterable[str] = (),
    full: nx.MultiDiGraph | None = None,
    standalone: bool = False,
    neighbors_url: str = "/api/graph/neighbors",
    asset_url: Callable[[str], str] = "/viewer/assets/{}".format,
    title: str = "policykg",
    focus: str | None = None,
) -> str:
    """Return the viewer page for ``view``; a standalone page inlines its assets and the full graph's data."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    marked = set(findings)
    nodes, edges, _heading, _height, _width, options = build_pyvis(view, lang, marked).get_network_data()
    data = {
        "lang": lang,
        "mode": "standalone" if standalone else "served",
        "neighborsUrl": neighbors_url,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "styles": STYLES,
        "labelScaling": label_scaling(view.number_of_nodes()),
        "edgeLengths": EDGE_LENGTHS,
        "findingBorder": FINDING_BORDER,
        "findings": sorted(marked),
        "legend": legend(),
        "figureLabels": figure_labels(),
        "ui": UI,
        "focus": focus,
        "full": _full_data(full, view) if standalone else None,
    }
    assets = {name: asset_path(name) for name in _ASSETS}
    inline = {name: path.read_text(encoding="utf-8") for name, path in assets.items() if standalone and path}
    return (
        _environment()
        .get_template("viewer/network.html")
        .render(data=data, title=title, lang=lang, inline=inline, asset_url=asset_url, ui=UI[lang])
    )


def _full_data(full: nx.MultiDiGraph | None, view: nx.MultiDiGraph) -> dict[str, Any] | None:
    """Return every node and edge record of the full graph, for double-click expansion offline."""
    if full is None or set(full) == set(view):
        return None
    return {"nodes": [node_record(full, n) for n in sorted(full)], "edges": edge_records(full)}


def viewer_page(
    net: nx.MultiDiGraph,
    *,
    findings: Iterable[str] = (),
    domain: str | None = None,
    types: Iterable[str] = (),
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | None = None,
    lang: str = "zh",
    standalone: bool = False,
    neighbors_url: str = "/api/graph/neighbors",
    asset_url: Callable[[str], str] = "/viewer/assets/{}".format,
) -> tuple[str, nx.MultiDiGraph]:
    """Return the page for a selection of ``net`` (a domain, types, a focus, or a path) and the view shown."""
    view = (
        path_view(net, *path) if path else select(net, domain=domain, types=types, focus=focus, depth=depth)
    )
    html = render_viewer(
        view,
        lang=lang,
        findings=findings,
        full=net,
        standalone=standalone,
        neighbors_url=neighbors_url,
        asset_url=asset_url,
        title=_title(net, lang),
        focus=focus or (path[0] if path else None),
    )
    return html, view


def _title(net: nx.MultiDiGraph, lang: str) -> str:
    plans = [d["label"] for _, d in sorted(net.nodes(data=True)) if d["kind"] == "Plan"]
    return _label(plans[0], lang) if len(plans) == 1 else "policykg"

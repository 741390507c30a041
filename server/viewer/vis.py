"""A view as vis-network data, built with pyvis: nodes styled by kind, sized by degree; edges; the legend."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from policykg.ontology.namespaces import PKG
from policykg.server.viewer.layout import clusters, physics_options, seed_positions
from policykg.server.viewer.network import KINDS, edge_records, node_record, ontology

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


def label_in(labels: dict[str, str], lang: str) -> str:
    """Return the label in ``lang``, else in the other language, else an empty string."""
    other = "en" if lang == "zh" else "zh"
    return labels.get(lang) or labels.get(other) or ""


def build_pyvis(view: nx.MultiDiGraph, lang: str = "zh", findings: Iterable[str] = ()) -> Any:
    """Return a pyvis Network of the view: nodes styled by kind, sized by degree, labelled in ``lang``."""
    from pyvis.network import Network

    marked = set(findings)
    net = Network(directed=True, cdn_resources="in_line")
    positions = seed_positions(view)
    home = clusters(view)
    for iri in sorted(view):
        record = vis_record(node_record(view, iri))
        record["cluster"] = home.get(iri)
        style = STYLES[record["kind"]]
        options = {k: v for k, v in style.items() if k not in ("color", "shape")}
        color: Any = style["color"]
        if iri in marked:
            # A thin red outline and a badge (drawn by the page) keep the class's colour and shape, so the
            # legend still names what is drawn.
            record["finding"] = True
            own = {"background": style["color"], "border": FINDING_BORDER}
            # The same colours when selected or hovered, not vis-network's default blue.
            color = {**own, "highlight": own, "hover": own}
            options["borderWidth"] = 1
        x, y = positions[iri]
        label = label_in(record["labels"], lang)
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
        "label": label_in(edge["label"], lang),
        "labels": edge["label"],
        "key": edge["key"],
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

"""The audit's findings as the viewer shows them: each entity's findings with their text, and which to flag.

A finding (an ``sh:ValidationResult``) is about its focus node and involves the other entities it targets
(``oa:hasTarget``); the report names the plan it audits. Only a finding's focus is flagged on the network;
the details panel of every entity involved quotes the finding's message, so a flag always has its text.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from rdflib import Graph

from policykg.checks.findings import read_findings
from policykg.iris import path_for

#: The key of the network's graph attribute that holds each entity's findings (see ``attach``).
NOTES = "findings"


def finding_notes(graph: Graph, net: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Return the findings of a findings graph per entity of ``net``: severity, role, message and page."""
    base = net.graph.get("base")
    notes: dict[str, list[dict[str, Any]]] = {}
    for finding in read_findings(graph):
        for iri in finding.entities:
            if iri not in net:
                continue
            notes.setdefault(iri, []).append(
                {
                    "iri": finding.iri,
                    "severity": finding.severity.value,
                    "focus": iri == finding.focus,
                    "message": {"zh": finding.message_zh, "en": finding.message_en},
                    "path": path_for(finding.iri, base) if base else None,
                }
            )
    return notes


def attach(net: nx.MultiDiGraph, graph: Graph) -> nx.MultiDiGraph:
    """Keep the findings of ``graph`` on the network (``net.graph[NOTES]``) and return the network."""
    net.graph[NOTES] = finding_notes(graph, net)
    return net


def notes_of(net: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Return the findings kept on a network, per entity (empty when none were attached)."""
    return net.graph.get(NOTES) or {}


def flagged(net: nx.MultiDiGraph, mentioned: set[str] | frozenset[str]) -> set[str]:
    """Return the entities to flag: the focus of some finding, or, without finding texts, those mentioned."""
    notes = notes_of(net)
    if not notes:
        return set(mentioned)
    return {iri for iri, found in notes.items() if any(n["focus"] for n in found)}

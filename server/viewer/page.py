"""Render a network view as an HTML page with pyvis's node and edge data and vis-network, all local.

pyvis builds the vis-network node, edge and option data (vis.py); the page itself is our own Jinja
template, because pyvis's template links Bootstrap and vis-network from CDNs (even with
``cdn_resources="in_line"``) and has none of the search, language switch, details panel or expansion the
viewer needs. vis-network's script and stylesheet come from the copy that pyvis ships in its package,
served by the viewer or inlined into the standalone file, so no request leaves the machine.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from policykg.server.viewer.analytics import path_view, select, shortest_path
from policykg.server.viewer.findings import flagged, notes_of
from policykg.server.viewer.network import edge_records, node_record
from policykg.server.viewer.texts import PARAMETERS, UI
from policykg.server.viewer.vis import (
    EDGE_LENGTHS,
    FINDING_BORDER,
    STYLES,
    build_pyvis,
    figure_labels,
    label_in,
    legend,
)

LANGS = ("zh", "en")
_STATIC = Path(__file__).parents[1] / "static" / "viewer"

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
    """Return the Jinja environment of the server's templates, made once."""
    return Environment(
        loader=PackageLoader("policykg.server", "templates"), autoescape=select_autoescape(["html"])
    )


def render_viewer(
    view: nx.MultiDiGraph,
    *,
    lang: str = "zh",
    findings: Iterable[str] = (),
    full: nx.MultiDiGraph | None = None,
    standalone: bool = False,
    neighbors_url: str = "/api/graph/neighbors",
    path_url: str = "/api/graph/path",
    asset_url: Callable[[str], str] = "/viewer/assets/{}".format,
    title: str | dict[str, str] = "policykg",
    focus: str | None = None,
    path: dict[str, Any] | None = None,
    plan: str | None = None,
) -> str:
    """Return the viewer page for ``view``; a standalone page inlines its assets and the full graph's data.

    ``findings`` are the entities to flag; the findings' texts come from the network (``findings.attach``).
    ``path`` is a shortest path (``analytics.shortest_path``) to show step by step with its sentences.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    marked = set(findings)
    titles = title if isinstance(title, dict) else {"zh": title, "en": title}
    nodes, edges, _heading, _height, _width, options = build_pyvis(view, lang, marked).get_network_data()
    whole = full if full is not None else view
    notes = notes_of(whole)
    data = {
        "lang": lang,
        "mode": "standalone" if standalone else "served",
        "neighborsUrl": neighbors_url,
        "pathUrl": path_url,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "styles": STYLES,
        "edgeLengths": EDGE_LENGTHS,
        "findingBorder": FINDING_BORDER,
        "findings": sorted(marked),
        "findingNotes": notes,
        "legend": legend(),
        "figureLabels": figure_labels(),
        "ui": UI,
        "titles": titles,
        "parameters": PARAMETERS,
        "focus": focus,
        "path": path,
        "plan": plan,
        "plans": plans_of(whole),
        "series": series_of(whole, view),
        "full": _full_data(full, view) if standalone else None,
        "index": _index(full, view) if not standalone else None,
    }
    assets = {name: asset_path(name) for name in _ASSETS}
    inline = {name: path.read_text(encoding="utf-8") for name, path in assets.items() if standalone and path}
    return (
        _environment()
        .get_template("viewer/network.html")
        .render(
            data=data,
            title=label_in(titles, lang),
            lang=lang,
            inline=inline,
            asset_url=asset_url,
            ui=UI[lang],
        )
    )


def plans_of(net: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Return the plans of the network for the plan picker (IRI, labels and period), by Chinese label."""
    plans = [
        {"id": n, "label": d["label"], "period": d["figures"].get("period")}
        for n, d in net.nodes(data=True)
        if d["kind"] == "Plan"
    ]
    return sorted(plans, key=lambda p: (label_in(p["label"], "zh"), p["id"]))


def plan_of(net: nx.MultiDiGraph, node: str) -> str | None:
    """Return the plan that a target, task, domain or portfolio hangs under (hasDomain/hasTask/hasTarget)."""
    seen, todo = {node}, [node]
    while todo:
        current = todo.pop(0)
        if net.nodes[current]["kind"] == "Plan":
            return current
        for parent, _, key in net.in_edges(current, keys=True):
            if key in _STRUCTURE and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return None


_STRUCTURE = frozenset({"hasDomain", "hasTask", "hasTarget", "hasPortfolio", "hasPart"})


def series_of(net: nx.MultiDiGraph, view: nx.MultiDiGraph | None = None) -> dict[str, dict[str, Any]]:
    """Return each target series of the network (with a target in ``view``, if given) with all its targets,
    in the order of their plans' first years."""
    series: dict[str, dict[str, Any]] = {}
    for target, data in net.nodes(data=True):
        found = data["figures"].get("series") if data["kind"] == "Target" else None
        if not found:
            continue
        plan = plan_of(net, target)
        entry = series.setdefault(
            found["iri"], {"label": {k: v for k, v in found.items() if k in LANGS}, "members": []}
        )
        entry["members"].append(
            {
                "target": target,
                "plan": plan,
                "planLabel": net.nodes[plan]["label"] if plan else None,
                "period": net.nodes[plan]["figures"].get("period") if plan else None,
                **{
                    k: data["figures"].get(k) for k in ("value", "maxValue", "unit", "comparator", "deadline")
                },
            }
        )
    if view is not None:
        series = {k: v for k, v in series.items() if any(m["target"] in view for m in v["members"])}
    for entry in series.values():
        entry["members"].sort(key=lambda m: (m["period"] or [9999], str(m["deadline"] or ""), m["target"]))
    return dict(sorted(series.items()))


def _index(full: nx.MultiDiGraph | None, view: nx.MultiDiGraph) -> list[dict[str, Any]] | None:
    """Return what the search needs of every entity outside the view, so that searching can add it."""
    if full is None:
        return None
    fields = ("kind", "cls", "classLabel", "label", "altLabels", "pinyin", "degree")
    return [
        {"id": n, **{k: full.nodes[n].get(k) for k in fields}} for n in sorted(full) if n not in view
    ] or None


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
    plan: str | None = None,
    lang: str = "zh",
    standalone: bool = False,
    neighbors_url: str = "/api/graph/neighbors",
    path_url: str = "/api/graph/path",
    asset_url: Callable[[str], str] = "/viewer/assets/{}".format,
) -> tuple[str, nx.MultiDiGraph]:
    """Return the page for a selection of ``net`` (a plan, a domain, types, a focus, or a path) and the view.

    ``findings`` are the entities the audit's findings mention; only the focus of a finding is flagged when
    the network carries the findings' texts.
    """
    view = (
        path_view(net, *path)
        if path
        else select(net, domain=domain, types=types, focus=focus, depth=depth, plan=plan)
    )
    html = render_viewer(
        view,
        lang=lang,
        findings=flagged(net, set(findings)),
        full=net,
        standalone=standalone,
        neighbors_url=neighbors_url,
        path_url=path_url,
        asset_url=asset_url,
        title=_titles(net, plan),
        focus=focus or (path[0] if path else None),
        path=shortest_path(net, *path) if path else None,
        plan=plan,
    )
    return html, view


def _titles(net: nx.MultiDiGraph, plan: str | None = None) -> dict[str, str]:
    """Return the page's title in both languages: the name of the plan shown, or of the only plan."""
    plans = [d["label"] for n, d in sorted(net.nodes(data=True)) if d["kind"] == "Plan" and n == (plan or n)]
    if len(plans) != 1:
        return {"zh": "policykg", "en": "policykg"}
    return {lang: label_in(plans[0], lang) for lang in LANGS}

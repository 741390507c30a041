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

from policykg.server.viewer.analytics import path_view, select
from policykg.server.viewer.layout import label_scaling
from policykg.server.viewer.network import edge_records, node_record
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
    return label_in(plans[0], lang) if len(plans) == 1 else "policykg"

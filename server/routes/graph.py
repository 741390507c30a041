"""Relationship analytics as JSON under /api/graph: paths, centrality, neighbourhoods and communities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
from flask import Blueprint, Response, current_app, jsonify, request, url_for

from policykg.server.store.current import get_store
from policykg.server.viewer import analytics, network
from policykg.server.web.errors import fail

bp = Blueprint("graph_api", __name__, url_prefix="/api/graph")


def current_network() -> tuple[nx.MultiDiGraph, frozenset[str]]:
    """Return the network of the app's store (cached per store version) and the entities findings mention;
    503 if the store holds more entities than ``POLICYKG_VIEWER_MAX_NODES``."""
    config = current_app.config
    try:
        return network.network_from_store(
            get_store(), config["POLICYKG_BASE"], config.get("POLICYKG_VIEWER_MAX_NODES")
        )
    except network.NetworkTooLarge as error:
        fail(
            503,
            f"{error}; ask the SPARQL endpoint or the named queries instead",
            f"图中有 {error.count:,} 个实体，超过网络视图可绘制的 {error.limit:,} 个；"
            "请改用 SPARQL 端点或命名查询",
            entities=error.count,
            limit=error.limit,
        )


def answer(analysis: Callable[[nx.MultiDiGraph], Any]) -> Response:
    """Run an analysis on the current network and return its JSON, or a 400/404 problem for bad parameters."""
    net, _findings = current_network()
    try:
        return jsonify(analysis(net))
    except analytics.UnknownEntity as error:
        fail(404, str(error), f"图中没有该实体：{error}")
    except analytics.NetworkError as error:
        fail(400, str(error), f"参数错误：{error}")


def types_param() -> list[str]:
    """Return the class names given as repeated or comma-separated ``type`` parameters."""
    return [t.strip() for value in request.args.getlist("type") for t in value.split(",") if t.strip()]


def int_param(name: str, default: int) -> int:
    """Return a whole-number parameter, failing with 400 if it is not one."""
    value = request.args.get(name, "")
    if not value:
        return default
    digits = value.strip().removeprefix("-")
    # ASCII digits only, and few of them: "²" is a digit to str.isdigit, and int() refuses 5,000 digits.
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 9):
        fail(
            400,
            f"{name} must be a whole number of at most 9 digits, not {value[:20]!r}",
            f"参数 {name} 必须是不超过 9 位的整数：{value[:20]!r}",
        )
    return int(value)


@bp.get("/path")
def path() -> Response:
    """Return the shortest chain of relations between two entities, each step with property and sentence."""
    source, target = request.args.get("from"), request.args.get("to")

    def chain(net: nx.MultiDiGraph) -> dict[str, Any]:
        found = analytics.shortest_path(
            net, analytics.require_node(net, source, "from"), analytics.require_node(net, target, "to")
        )
        # The same chain drawn as a network, for people following the link from a JSON client.
        link = url_for("viewer.view", **{"from": source, "to": target})
        found["view"] = link if found["connected"] else None
        return found

    return answer(chain)


@bp.get("/central")
def central() -> Response:
    """Return the most central entities by degree, betweenness or pagerank, optionally of some types."""
    measure = request.args.get("measure", "degree")
    limit = int_param("limit", 10)
    return answer(lambda net: analytics.centrality(net, measure, types_param(), limit))


@bp.get("/neighbors")
def neighbors() -> Response:
    """Return the entities and relations within ``depth`` (1-3) steps of an entity."""
    iri = request.args.get("id")
    depth = request.args.get("depth", "1")
    return answer(lambda net: analytics.neighborhood_json(net, analytics.require_node(net, iri), depth))


@bp.get("/communities")
def communities() -> Response:
    """Return clusters of entities that belong together (greedy modularity), largest first."""
    return answer(analytics.communities)

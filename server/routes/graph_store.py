"""The SPARQL 1.1 Graph Store HTTP Protocol at /graph-store: read, replace, add to and drop whole graphs.

Graphs are named indirectly with ``?graph=IRI`` or ``?default`` (Graph Store Protocol §4.2). Reading is open
to everyone; writing needs the update token, as SPARQL Update does.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.http import parse_options_header

from policykg.server.sparql.execution import store_errors
from policykg.server.sparql.protocol import check_write_access
from policykg.server.sparql.results import ROWS_HEADER
from policykg.server.sparql.service_description import PREFIXES
from policykg.server.store.base import GraphName
from policykg.server.store.current import get_store
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import RDF_FORMATS, accepted_types, choose_format

bp = Blueprint("graph_store", __name__)


def target_graph() -> tuple[GraphName, str]:
    """Return the graph a request names (None: the default graph) and a label for messages."""
    graphs = request.args.getlist("graph")
    if len(graphs) > 1 or (graphs and "default" in request.args):
        fail(
            400,
            "Name one graph: either ?graph=IRI or ?default (Graph Store Protocol §4.2).",
            "只能指定一个图：?graph=IRI 或 ?default。",
        )
    if "default" in request.args:
        return None, "the default graph"
    if not graphs:
        fail(
            400,
            "Name a graph with ?graph=IRI or ?default (Graph Store Protocol §4.2).",
            "请用 ?graph=IRI 或 ?default 指定图。",
        )
    try:
        ox.NamedNode(graphs[0])
    except ValueError:
        fail(
            400, f"The graph name {graphs[0]!r} is not an absolute IRI.", f"图名 {graphs[0]!r} 不是绝对 IRI。"
        )
    return graphs[0], f"graph <{graphs[0]}>"


def uploaded_triples(base_iri: str) -> list[ox.Triple]:
    """Parse the request body as RDF in the format its Content-Type names, or fail with 400 or 415."""
    media_type, _ = parse_options_header(request.headers.get("Content-Type", ""))
    try:
        rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    except ValueError:
        rdf_format = None
    if rdf_format is None:
        types = accepted_types(RDF_FORMATS)
        fail(
            415,
            f"Send RDF as one of {', '.join(types)}; the Content-Type was {media_type or 'none'}.",
            f"请以 {', '.join(types)} 之一发送 RDF；收到的 Content-Type 是 {media_type or '无'}。",
        )
    try:
        quads = list(ox.parse(request.get_data(), rdf_format, base_iri=base_iri))
    except SyntaxError as error:
        fail(
            400,
            f"The {rdf_format.name} body does not parse: {error}",
            f"{rdf_format.name} 正文解析失败：{error}",
            line=error.lineno,
            column=error.offset,
        )
    if any(not isinstance(quad.graph_name, ox.DefaultGraph) for quad in quads):
        fail(
            400,
            "Send triples, not quads: the target graph is named by the URL.",
            "请发送三元组而非四元组：目标图由网址指定。",
        )
    return [quad.triple for quad in quads]


@bp.route("/graph-store", methods=["GET"])
def read() -> Response:
    """Answer the content of one graph in the negotiated RDF format."""
    graph, label = target_graph()
    fmt = choose_format(request.headers.get("Accept"), request.args.get("format"), RDF_FORMATS)
    if fmt is None:
        types = accepted_types(RDF_FORMATS)
        fail(
            406, f"Graphs are available as: {', '.join(types)}.", f"图可用以下格式获取：{', '.join(types)}。"
        )
    store = get_store()
    if not store.graph_exists(graph):
        fail(404, f"There is no {label} in the store.", f"存储中没有 {label}。")
    triples = list(store.triples(graph))
    response = Response(
        ox.serialize(triples, format=fmt.writer, prefixes=PREFIXES), content_type=fmt.content_type
    )
    response.headers[ROWS_HEADER] = str(len(triples))
    response.vary.add("Accept")
    return response


@bp.route("/graph-store", methods=["PUT", "POST", "DELETE"], endpoint="graph_store")
def write() -> Response:
    """Replace (PUT), add to (POST) or drop (DELETE) a graph, for a client holding the update token."""
    check_write_access(request)
    store = get_store()
    if request.method == "POST" and "graph" not in request.args and "default" not in request.args:
        # POST to the graph store itself creates a new graph and tells where it is (§5.5).
        new = f"{current_app.config['POLICYKG_BASE']}graph/{uuid.uuid4()}"
        location = url_for("graph_store.read", graph=new, _external=True)
        return _guarded(lambda: store.replace_graph(new, uploaded_triples(new)), 201, location)
    graph, label = target_graph()
    existed = store.graph_exists(graph)
    if request.method == "DELETE":
        if not existed:
            fail(404, f"There is no {label} to delete.", f"没有可删除的 {label}。")
        return _guarded(lambda: store.drop_graph(graph), 204)
    triples = uploaded_triples(graph or request.base_url)
    change = store.replace_graph if request.method == "PUT" else store.add_to_graph
    return _guarded(lambda: change(graph, triples), 204 if existed else 201)


def _guarded(action: Callable[[], object], status: int, location: str | None = None) -> Response:
    """Run a store write and answer with ``status``; store failures become clear errors."""
    with store_errors():
        action()
    response = Response(status=status)
    if location:
        response.headers["Location"] = location
    return response

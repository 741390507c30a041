"""The interactive network viewer at /viewer, and the local files it loads (nothing comes from a CDN)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, send_file, url_for

from policykg.server.routes.graph import current_network
from policykg.server.viewer import analytics
from policykg.server.viewer.page import LANGS, asset_path, viewer_page
from policykg.server.web.errors import fail

bp = Blueprint("viewer", __name__)


@bp.get("/viewer")
def view() -> Response:
    """Show the whole graph, one plan, one domain, some types, a neighbourhood or a path, as a network."""
    args = request.args
    lang = args.get("lang", "zh")
    if lang not in LANGS:
        fail(400, f"lang must be zh or en, not {lang!r}", f"lang 只能是 zh 或 en，而不是 {lang!r}")
    source, target = args.get("from"), args.get("to")
    if bool(source) != bool(target):
        fail(400, "a path view needs both from and to", "路径视图需要同时给出 from 和 to")
    net, findings = current_network()
    try:
        html, _view = viewer_page(
            net,
            findings=findings,
            domain=args.get("domain"),
            types=[t.strip() for t in args.get("types", "").split(",") if t.strip()],
            focus=args.get("focus"),
            depth=analytics.check_depth(args.get("depth")),
            path=(source, target) if source and target else None,
            plan=args.get("plan") or None,
            lang=lang,
            neighbors_url=url_for("graph_api.neighbors"),
            path_url=url_for("graph_api.path"),
            asset_url=lambda name: url_for("viewer.asset", name=name),
        )
    except analytics.UnknownEntity as error:
        fail(404, str(error), f"图中没有该实体：{error}")
    except analytics.NetworkError as error:
        fail(400, str(error), f"参数错误：{error}")
    return Response(html, content_type="text/html; charset=utf-8")


@bp.get("/viewer/assets/<name>")
def asset(name: str) -> Response:
    """Serve one of the viewer's scripts or stylesheets from the package (vis-network from pyvis's copy)."""
    path = asset_path(name)
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, max_age=3600)

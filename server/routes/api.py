"""The JSON API under /api: label search, compact entities, statistics, named queries, OpenAPI."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from policykg.queries import ParameterError, bundled_queries
from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata import openapi
from policykg.server.linkeddata.describe import describe
from policykg.server.linkeddata.entities import entity_json, hit_json, resolve_type, search_index
from policykg.server.linkeddata.links import json_response
from policykg.server.routes.assets import installed
from policykg.server.sparql.named import queries_json, run_named_query, stats_json
from policykg.server.store.current import get_store
from policykg.server.web import caching
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import HTML, QUERY_FORMATS, RESOURCE_FORMATS, ROWS_JSON, choose_format

bp = Blueprint("api", __name__, url_prefix="/api")
bp.after_request(caching.finish)

#: Longest search text accepted; labels are far shorter, so longer input is a mistake.
MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
MAX_OFFSET = 10_000


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    """Return an integer query parameter within [low, high], or fail with 400 saying what is allowed."""
    text = request.args.get(name)
    if text is None or text == "":
        return default
    # ASCII digits only, and few of them: "²" is a digit to str.isdigit, and int() refuses 5,000 digits.
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or not low <= int(text) <= high:
        fail(
            400,
            f"The {name} parameter must be a whole number from {low} to {high}.",
            f"{name} 参数应为 {low} 到 {high} 之间的整数。",
            parameter=name,
        )
    return int(text)


@bp.get("/search")
def search() -> Response:
    """Search labels in Chinese, English and pinyin: exact, prefix, word-start and substring, ranked."""
    text = request.args.get("q", "").strip()
    if not text or len(text) > MAX_QUERY_LENGTH:
        fail(
            400,
            f"Give the text to search for as q, 1 to {MAX_QUERY_LENGTH} characters.",
            f"请用 q 参数给出要搜索的文字（1 至 {MAX_QUERY_LENGTH} 个字符）。",
            parameter="q",
        )
    limit = _int_arg("limit", 20, 1, MAX_LIMIT)
    offset = _int_arg("offset", 0, 0, MAX_OFFSET)
    lang = linkeddata.language()
    index = search_index(get_store(), current_app.config["POLICYKG_BASE"])
    names = [name for value in request.args.getlist("type") for name in value.split(",") if name.strip()]
    types = {name: resolve_type(name.strip(), index) for name in names}
    if unknown := sorted(name for name, iri in types.items() if iri is None):
        fail(
            400,
            f"Unknown type(s): {', '.join(unknown)}.",
            f"未知类型：{', '.join(unknown)}。",
            parameter="type",
        )
    total, hits = index.search(text, [iri for iri in types.values() if iri], limit=limit, offset=offset)
    more = offset + len(hits) < total
    following = request.args.to_dict(flat=False) | {"offset": [str(offset + limit)]}
    return json_response(
        query=text,
        lang=lang,
        total=total,
        offset=offset,
        limit=limit,
        results=[hit_json(hit, lang, index.class_labels) for hit in hits],
        next=url_for("api.search", **following) if more else None,
    )


@bp.get("/entities/<path:id>")
def entity(id: str) -> Response:
    """Return a compact JSON view of the entity ``/id/{id}``: labels, types, properties, links, sources."""
    iri = linkeddata.lookup("id", id)
    if iri is None:
        fail(404, f"No entity is published at /id/{id[:200]}.", "此地址没有发布任何实体。")
    links = {
        fmt.suffix: url_for("resource.thing", family="id", rest=f"{id}.{fmt.suffix}")
        for fmt in RESOURCE_FORMATS
    }
    return json_response(entity_json(describe(get_store(), iri), linkeddata.language(), links))


@bp.get("/stats")
def stats() -> Response:
    """Return the number of triples, entities, and entities per class and triples per property."""
    return json_response(stats_json(get_store(), linkeddata.language()))


@bp.get("/queries")
def queries() -> Response:
    """List the named queries with their titles, descriptions and typed parameters."""
    if choose_format(request.headers.get("Accept"), (), (ROWS_JSON, HTML)) is HTML:
        # A browser: the page that lists them, each with its form.
        return redirect(url_for("query_pages.index", **request.args), code=303)
    return json_response(queries=queries_json(linkeddata.language()))


@bp.get("/queries/<name>")
def named_query(name: str) -> Response:
    """Run a named query with its parameters bound safely: JSON rows, or any SPARQL result format."""
    query = bundled_queries().get(name)
    if query is None:
        fail(
            404,
            f"There is no named query {name[:100]!r}; see /api/queries.",
            "没有这个命名查询；请查看 /api/queries。",
        )
    if repeated := sorted(key for key, values in request.args.lists() if len(values) > 1):
        fail(
            400,
            f"Give each parameter once; repeated: {', '.join(repeated)}.",
            f"每个参数只能给一次；重复的参数：{', '.join(repeated)}。",
        )
    if empty := sorted(key for key, value in request.args.items() if value == ""):
        fail(
            400,
            f"Give a value to each parameter, or leave it out; empty: {', '.join(empty)}.",
            f"每个参数都要有值，或者省略该参数；为空的参数：{', '.join(empty)}。",
        )
    if (
        "format" not in request.args
        and choose_format(request.headers.get("Accept"), (), (*QUERY_FORMATS, HTML)) is HTML
    ):
        # A browser (it names text/html before anything else): the query's page, with the same values.
        return redirect(url_for("query_pages.query_page", name=name, **request.args), code=303)
    args = {key: value for key, value in request.args.items() if key != "format"}
    if "lang" in {p.name for p in query.parameters} and "lang" not in args:
        args["lang"] = linkeddata.language()
    try:
        bound = query.bind(args)
    except ParameterError as error:
        fail(400, str(error), error.message_zh)
    return run_named_query(query, bound, args)


@bp.get("")
def docs() -> Response:
    """Show the API's documentation: /api/openapi.json rendered by Swagger UI (served from this host)."""
    lang = linkeddata.language()
    body = render_template("api.html", lang=lang, installed=installed("swagger-ui"))
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.add("Accept-Language")
    return response


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Return the OpenAPI 3.1 description of every route of this server."""
    return json_response(openapi.describe_app(current_app, bundled_queries()))

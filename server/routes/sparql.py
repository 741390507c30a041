"""The SPARQL 1.1 Protocol endpoint at /sparql: queries, updates, the service description, the query page."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from policykg.ontology.namespaces import PREFIXES as PROJECT_PREFIXES
from policykg.queries import bundled_queries
from policykg.server.linkeddata import links as linkeddata
from policykg.server.linkeddata.query_examples import bound_example
from policykg.server.routes.assets import installed
from policykg.server.sparql.cache import mark_cacheable
from policykg.server.sparql.execution import answer_query, apply_update
from policykg.server.sparql.policy import (
    DatasetConflict,
    add_using,
    deterministic,
    parse_or_fail,
    refuse_fetching,
)
from policykg.server.sparql.protocol import SparqlRequest, check_write_access, parse_request
from policykg.server.sparql.results import (
    ROWS_HEADER,
    TRUNCATED_HEADER,
    Limits,
    limits_from_config,
    mark_truncated,
)
from policykg.server.sparql.service_description import PREFIXES, describe_service
from policykg.server.store.base import Dataset
from policykg.server.store.current import get_store
from policykg.server.web import caching
from policykg.server.web.errors import fail
from policykg.server.web.negotiation import HTML, RDF_FORMATS, RESULT_FORMATS, accepted_types, choose_format

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query or an update; without either, describe the service (or show the query page)."""
    operation = parse_request(request)
    if operation.update is not None:
        return run_update(operation)
    if operation.query is None:
        return describe(operation.formats)
    if request.method == "GET" and wants_page(operation.formats):
        # A browser following a shared link: the query page with the query run (a bad query gets the
        # error page, as any client would).
        refuse_fetching(parse_or_fail(operation.query, "query"))
        return editor_page(operation.query)
    return run_query(operation)


def wants_page(requested: tuple[str, ...]) -> bool:
    """Return whether the client prefers a page to any result format (a browser, not a SPARQL client)."""
    if requested:
        return False
    formats = (*RESULT_FORMATS, *RDF_FORMATS, HTML)
    # HTML comes last, so that */* alone still gets results; a browser names text/html first.
    return choose_format(request.headers.get("Accept"), (), formats) is HTML


@bp.get("/query")
def editor() -> Response:
    """Show the query editor (YASGUI); with ``?query=`` it opens holding that query, run."""
    query = request.args.get("query")
    if query:
        refuse_fetching(parse_or_fail(query, "query"))
    return editor_page(query)


def editor_page(query: str | None) -> Response:
    """Render the YASGUI query page, opening with ``query`` run or with the first example."""
    lang = linkeddata.language()
    examples = [bound_example(q, lang) for q in bundled_queries().values()]
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "base": current_app.config["POLICYKG_BASE"],
        "lang": lang,
        "prefixes": [{"name": name, "iri": str(iri)} for name, iri in PROJECT_PREFIXES.items()],
        "examples": [{"name": e.name, "title": e.title, "text": e.text} for e in examples],
        "query": query,
        "run": bool(query),
    }
    body = render_template(
        "sparql_editor.html",
        lang=lang,
        examples=examples,
        prefixes=config["prefixes"],
        config_json=config,
        installed=installed("yasgui"),
    )
    response = Response(body, content_type="text/html; charset=utf-8")
    response.vary.update(("Accept", "Accept-Language"))
    return response


def limits() -> Limits:
    """Return the configured row cap and timeout."""
    return limits_from_config(current_app.config)


def run_query(operation: SparqlRequest) -> Response:
    """Answer a query with its result in the negotiated format, noting a cut in headers and body."""
    # Decided on the parsed query; the engine gets the text that was parsed (code-point escapes expanded).
    parsed = parse_or_fail(operation.query, "query")
    refuse_fetching(parsed)
    try:
        outcome = answer_query(
            get_store(),
            parsed.text,
            accept=request.headers.get("Accept"),
            formats=operation.formats,
            limits=limits(),
            dataset=operation.dataset,
            # Relative IRIs resolve against the data's base: <id/city/x> is the entity at /id/city/x.
            base_iri=current_app.config["POLICYKG_BASE"],
        )
    except OSError as error:
        if not parsed.fetches:
            raise
        # Only an allowed SERVICE gets this far; the engine reports its endpoint's failure as OSError.
        fail(
            502,
            f"A SERVICE endpoint failed: {error}. Use SERVICE SILENT to go on without it.",
            f"SERVICE 端点出错：{error}。可用 SERVICE SILENT 在其失败时继续。",
        )
    body = mark_truncated(outcome, lambda: request.base_url)
    headers = {"Vary": "Accept"}
    if outcome.rows is not None:
        headers[ROWS_HEADER] = str(outcome.rows)
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = f"{outcome.truncated}; limit={outcome.limit}"
    response = Response(body, content_type=outcome.format.content_type, headers=headers)
    if outcome.truncated or not deterministic(parsed) or not get_store().sees_all_writes:
        return response
    # The same request gives the same answer until the store changes: keep it, and let clients revalidate.
    mark_cacheable()
    return caching.finish(response)


def run_update(operation: SparqlRequest) -> Response:
    """Apply an update for a client holding the update token; answer 204."""
    check_write_access(request)
    parsed = parse_or_fail(operation.update, "update")
    refuse_fetching(parsed)
    try:
        text = add_using(parsed.text, operation.using)
    except DatasetConflict as conflict:
        fail(
            400,
            f"The update has its own {conflict} clause, so using-graph-uri cannot apply (§2.2.3).",
            f"更新中已有 {conflict} 子句，不能再用 using-graph-uri 指定数据集。",
        )
    except ValueError as error:
        fail(400, f"The protocol dataset cannot be applied: {error}.", f"无法应用协议数据集：{error}。")
    # Relative IRIs in an update resolve against the endpoint's URL (the service-defined base of SPARQL
    # 1.1 Protocol §2.2, W3C test update_base_uri), not the data's base: IRIs under the data's base are
    # minted only in graph_builder/rdf/minter.py (named entities and plans) and policykg/iris.py (the rest).
    apply_update(get_store(), text, using=Dataset(), base_iri=request.base_url)
    return Response(status=204)


def describe(requested: tuple[str, ...]) -> Response:
    """Answer the service description in RDF, or the query page to a browser."""
    fmt = choose_format(request.headers.get("Accept"), requested, (*RDF_FORMATS, HTML))
    if fmt is None:
        types = accepted_types((*RDF_FORMATS, HTML))
        fail(
            406,
            f"The service description is available as: {', '.join(types)}.",
            f"服务描述可用以下格式获取：{', '.join(types)}。",
            accepted=types,
        )
    if fmt is HTML:
        return editor_page(None)
    triples = describe_service(
        get_store(),
        request.base_url,
        writable=bool(current_app.config["POLICYKG_UPDATE_TOKEN"]),
        graph_store=url_for("graph_store.read", _external=True),
    )
    body = ox.serialize(triples, format=fmt.writer, prefixes=PREFIXES)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response

"""The SPARQL 1.1 Protocol endpoint at /sparql: queries, updates, the service description, the query page."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from policykg.ontology.namespaces import sparql_prologue
from policykg.server.errors import fail
from policykg.server.examples import example_queries
from policykg.server.negotiation import HTML, RDF_FORMATS, RESULT_FORMATS, accepted_types, choose_format
from policykg.server.protocol import SparqlRequest, check_write_access, parse_request
from policykg.server.results import (
    ROWS_HEADER,
    TRUNCATED_HEADER,
    Busy,
    Limits,
    NotAcceptable,
    QueryTimeout,
    execute,
    mark_truncated,
)
from policykg.server.service_description import PREFIXES, describe_service
from policykg.server.sparql_text import DatasetConflict, add_using, uses_load, uses_service
from policykg.server.store import (
    QuerySyntaxError,
    ReadOnlyStoreError,
    RemoteStoreError,
    StoreError,
    get_store,
)

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query or an update; without either, describe the service (or show the query page)."""
    operation = parse_request(request)
    if operation.update is not None:
        return run_update(operation)
    if operation.query is None:
        return describe(operation.formats)
    return run_query(operation)


def limits() -> Limits:
    """Return the configured timeout and row cap."""
    return Limits(current_app.config["POLICYKG_MAX_ROWS"], current_app.config["POLICYKG_TIMEOUT"])


def syntax_error(error: QuerySyntaxError) -> None:
    """Fail with 400 and the parser's message and position."""
    where = f" at line {error.line}, column {error.column}" if error.line else ""
    where_zh = f"（第 {error.line} 行第 {error.column} 列）" if error.line else ""
    fail(
        400,
        f"Malformed SPARQL{where}: {error.message}",
        f"SPARQL 语法错误{where_zh}：{error.message}",
        parser_message=error.message,
        line=error.line,
        column=error.column,
    )


def refuse_fetching(text: str, operation: str) -> None:
    """Fail with 403 on SERVICE or LOAD: the server never fetches from other hosts."""
    if uses_service(text) or (operation == "update" and uses_load(text)):
        fail(
            403,
            "SERVICE and LOAD are disabled: this server does not fetch data from other hosts.",
            "已禁用 SERVICE 和 LOAD：本服务器不会从其他主机获取数据。",
        )


def run_query(operation: SparqlRequest) -> Response:
    """Run a query and answer with its result in the negotiated format."""
    refuse_fetching(operation.query, "query")
    accept = request.headers.get("Accept")

    def choose(kind: str):
        return choose_format(accept, operation.formats, RDF_FORMATS if kind == "graph" else RESULT_FORMATS)

    try:
        outcome = execute(
            get_store(),
            operation.query,
            choose=choose,
            limits=limits(),
            dataset=operation.dataset,
            # Relative IRIs in a query resolve against the data's base, so <id/city/x> names the entity
            # served at /id/city/x.
            base_iri=current_app.config["POLICYKG_BASE"],
        )
    except QuerySyntaxError as error:
        syntax_error(error)
    except NotAcceptable as error:
        table = RDF_FORMATS if error.kind == "graph" else RESULT_FORMATS
        fail(
            406,
            f"This query's result can be sent as: {', '.join(accepted_types(table))}.",
            f"此查询结果可用以下格式返回：{', '.join(accepted_types(table))}。",
            accepted=accepted_types(table),
        )
    except QueryTimeout:
        seconds = current_app.config["POLICYKG_TIMEOUT"]
        fail(
            503,
            f"The query ran longer than {seconds} s without a result; simplify it or add a LIMIT.",
            f"查询运行超过 {seconds} 秒仍无结果；请简化查询或加上 LIMIT。",
            timeout=seconds,
        )
    except Busy:
        fail(
            503,
            "Too many long queries are still finishing; try again shortly.",
            "仍有过多长时间运行的查询尚未结束，请稍后再试。",
            headers={"Retry-After": "10"},
        )
    except RemoteStoreError as error:
        fail(502, f"The triple store failed: {error}", f"三元组存储出错：{error}")
    except StoreError as error:
        fail(400, f"The request cannot be run: {error}", f"无法执行该请求：{error}")
    body = mark_truncated(outcome, lambda: request.base_url)
    response = Response(body, content_type=outcome.format.content_type)
    if outcome.rows is not None:
        response.headers[ROWS_HEADER] = str(outcome.rows)
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = f"{outcome.truncated}; limit={outcome.limit}"
    response.vary.add("Accept")
    return response


def run_update(operation: SparqlRequest) -> Response:
    """Run an update for a client holding the update token."""
    check_write_access(request)
    refuse_fetching(operation.update, "update")
    try:
        text = add_using(operation.update, operation.using)
        # Relative IRIs in an update resolve against the endpoint's URL (the service-defined base of SPARQL
        # 1.1 Protocol §2.2, W3C test update_base_uri), not the data's base: only graph_builder/iris.py
        # mints IRIs under the data's base.
        get_store().update(text, base_iri=request.base_url)
    except DatasetConflict as conflict:
        fail(
            400,
            f"The update has its own {conflict} clause, so using-graph-uri cannot apply (§2.2.3).",
            f"更新中已有 {conflict} 子句，不能再用 using-graph-uri 指定数据集。",
        )
    except QuerySyntaxError as error:
        syntax_error(error)
    except ReadOnlyStoreError as error:
        fail(
            403,
            f"The store cannot be written through this server: {error}",
            f"无法通过本服务器写入存储：{error}",
        )
    except RemoteStoreError as error:
        fail(502, f"The triple store failed: {error}", f"三元组存储出错：{error}")
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
        body = render_template(
            "query.html",
            prologue=sparql_prologue(),
            examples=example_queries(),
            writable=bool(current_app.config["POLICYKG_UPDATE_TOKEN"]),
        )
    else:
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

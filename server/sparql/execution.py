"""Run protocol operations against the store, turning every failure into a clear, bilingual HTTP error.

The blueprints call these helpers and only shape responses (thin views); this module decides which
status each failure of the store, the parser or the limits deserves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from flask import Flask, Response

from policykg.server.sparql.lexer import DatasetConflict, add_using, uses_load, uses_service
from policykg.server.sparql.results import Busy, Limits, NotAcceptable, Outcome, QueryTimeout, execute
from policykg.server.store.base import (
    Dataset,
    QuerySyntaxError,
    ReadOnlyStoreError,
    RemoteStoreError,
    Store,
    StoreError,
)
from policykg.server.web.errors import ServiceError, fail, handle_http_error
from policykg.server.web.negotiation import RDF_FORMATS, RESULT_FORMATS, Format, accepted_types, choose_format


def syntax_error(error: QuerySyntaxError) -> NoReturn:
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


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn store failures inside the block into HTTP errors: 400, 403 or 502."""
    try:
        yield
    except QuerySyntaxError as error:
        syntax_error(error)
    except ReadOnlyStoreError as error:
        fail(
            403,
            f"The store cannot be written through this server: {error}",
            f"无法通过本服务器写入存储：{error}",
        )
    except RemoteStoreError as error:
        raise store_failed(error) from None
    except StoreError as error:
        fail(400, f"The request cannot be run: {error}", f"无法执行该请求：{error}")


def store_failed(error: RemoteStoreError) -> ServiceError:
    """Return the 502 error for a remote store that failed (its message never holds credentials)."""
    return ServiceError(502, f"The triple store failed: {error}", f"三元组存储出错：{error}")


def init_app(app: Flask) -> None:
    """Answer 502, not 500, wherever a remote store fails outside a SPARQL request (pages, the API)."""

    def remote_failed(error: RemoteStoreError) -> Response:
        return handle_http_error(store_failed(error))

    def too_slow(_error: QueryTimeout) -> Response:
        seconds = app.config.get("POLICYKG_TIMEOUT")
        en = f"The page's query ran longer than {seconds} s."
        return handle_http_error(ServiceError(503, en, f"页面查询运行超过 {seconds} 秒。", timeout=seconds))

    def busy(_error: Busy) -> Response:
        en, zh = "Too many long queries are running; try again shortly.", "长时间查询过多，请稍后再试。"
        return handle_http_error(ServiceError(503, en, zh, headers={"Retry-After": "10"}))

    def unanswered(error: StoreError) -> Response:
        en, zh = f"The store could not answer: {error}", f"存储无法应答：{error}"
        return handle_http_error(ServiceError(503, en, zh))

    app.register_error_handler(RemoteStoreError, remote_failed)
    # A page's or the API's own query stopped at its limit (server/sparql/running.py, view_query), or
    # failed otherwise (its process died, its result was too large): the server's trouble, not the client's.
    app.register_error_handler(QueryTimeout, too_slow)
    app.register_error_handler(Busy, busy)
    app.register_error_handler(StoreError, unanswered)


def refuse_fetching(text: str, update: bool) -> None:
    """Fail with 403 on SERVICE (and LOAD in updates): the server never fetches from other hosts."""
    if uses_service(text) or (update and uses_load(text)):
        fail(
            403,
            "SERVICE and LOAD are disabled: this server does not fetch data from other hosts.",
            "已禁用 SERVICE 和 LOAD：本服务器不会从其他主机获取数据。",
        )


def answer_query(
    store: Store,
    query: str,
    *,
    accept: str | None,
    formats: Sequence[str],
    limits: Limits,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
) -> Outcome:
    """Run a query within the limits and serialize it in the negotiated format, or fail clearly."""
    refuse_fetching(query, update=False)

    def choose(kind: str) -> Format | None:
        return choose_format(accept, formats, RDF_FORMATS if kind == "graph" else RESULT_FORMATS)

    try:
        with store_errors():
            return execute(store, query, choose=choose, limits=limits, dataset=dataset, base_iri=base_iri)
    except NotAcceptable as error:
        types = accepted_types(RDF_FORMATS if error.kind == "graph" else RESULT_FORMATS)
        fail(
            406,
            f"This query's result can be sent as: {', '.join(types)}.",
            f"此查询结果可用以下格式返回：{', '.join(types)}。",
            accepted=types,
        )
    except QueryTimeout:
        fail(
            503,
            f"The query ran longer than {limits.timeout} s without a result; simplify it or add a LIMIT.",
            f"查询运行超过 {limits.timeout} 秒仍无结果；请简化查询或加上 LIMIT。",
            timeout=limits.timeout,
        )
    except Busy:
        fail(
            503,
            "Too many long queries are still finishing; try again shortly.",
            "仍有过多长时间运行的查询尚未结束，请稍后再试。",
            headers={"Retry-After": "10"},
        )


def apply_update(store: Store, update: str, *, using: Dataset, base_iri: str) -> None:
    """Run an update with its protocol dataset, or fail clearly; the caller has checked the token."""
    refuse_fetching(update, update=True)
    try:
        text = add_using(update, using)
    except DatasetConflict as conflict:
        fail(
            400,
            f"The update has its own {conflict} clause, so using-graph-uri cannot apply (§2.2.3).",
            f"更新中已有 {conflict} 子句，不能再用 using-graph-uri 指定数据集。",
        )
    with store_errors():
        store.update(text, base_iri=base_iri)

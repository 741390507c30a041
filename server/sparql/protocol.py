"""Read a SPARQL 1.1 Protocol request (GET, form POST or direct POST) into one value, or fail with a 4xx.

Section numbers refer to the SPARQL 1.1 Protocol recommendation (and the SPARQL 1.2 Protocol draft for the
``version`` parameter).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import NoReturn
from urllib.parse import parse_qsl

from flask import Request, current_app
from werkzeug.datastructures import MultiDict
from werkzeug.http import parse_options_header

from policykg.server.sparql.policy import is_absolute_iri
from policykg.server.store.base import Dataset
from policykg.server.web.errors import fail

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

#: SPARQL language versions this endpoint accepts in a ``version`` parameter (SPARQL 1.2 Protocol §2.1).
VERSIONS = ("1.1", "1.2")

#: The largest query accepted, and the most a client without the update token may send.
MAX_QUERY_BYTES = 1024 * 1024
#: The largest update accepted (INSERT DATA); larger loads go through the Graph Store Protocol.
MAX_UPDATE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol operation: a query or an update, with its dataset and the format asked for."""

    query: str | None = None
    update: str | None = None
    dataset: Dataset = field(default_factory=Dataset)
    using: Dataset = field(default_factory=Dataset)
    #: Formats named by ``format``, ``output`` or ``results`` parameters, in the order given.
    formats: tuple[str, ...] = ()


def _one(params: MultiDict[str, str], name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        fail(
            400,
            f"Give the {name} parameter once; it was given {len(values)} times (SPARQL 1.1 Protocol §2.1).",
            f"参数 {name} 只能出现一次，实际出现了 {len(values)} 次。",
        )
    return values[0] if values else None


def _formats(params: MultiDict[str, str]) -> tuple[str, ...]:
    """Return the formats a client names; ``output`` and ``results`` are older spellings of ``format``."""
    return tuple(params.getlist("format") + params.getlist("output") + params.getlist("results"))


def _dataset(params: MultiDict[str, str], default: str, named: str) -> Dataset:
    """Return the graphs named by protocol parameters, each an absolute IRI, or fail with 400 (§2.1.4)."""
    dataset = Dataset(tuple(params.getlist(default)), tuple(params.getlist(named)))
    for iri in (*dataset.default_graphs, *dataset.named_graphs):
        if not is_absolute_iri(iri):
            fail(
                400,
                f"Dataset parameters name graphs by absolute IRI; {iri[:200]!r} is not one (§2.1.4).",
                f"数据集参数必须是绝对 IRI；{iri[:200]!r} 不是。",
            )
    return dataset


def read_body(request: Request, limit: int) -> bytes:
    """Return the request body, counting bytes as they arrive: 413 past ``limit``, chunked or not."""
    if request.content_length is not None and request.content_length > limit:
        _too_large(limit)
    stream = request.stream
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(64 * 1024, limit + 1 - size)):
        size += len(chunk)
        if size > limit:
            _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> NoReturn:
    fail(413, f"The request body is longer than {limit} bytes.", f"请求正文超过 {limit} 字节。", limit=limit)


def _body_text(request: Request, limit: int) -> str:
    """Return a direct POST body as text; only UTF-8 is allowed (§2.1.3, §2.2.3)."""
    _, options = parse_options_header(request.headers.get("Content-Type", ""))
    charset = options.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        fail(
            415,
            f"Send the request body in UTF-8, not {charset} (SPARQL 1.1 Protocol §2.1.3).",
            f"请求正文必须使用 UTF-8 编码，而不是 {charset}。",
        )
    try:
        return read_body(request, limit).decode("utf-8")
    except UnicodeDecodeError as error:
        fail(400, f"The request body is not valid UTF-8: {error}.", f"请求正文不是有效的 UTF-8：{error}。")


def _check_version(params: list[str | None]) -> None:
    given = [value for value in params if value is not None]
    if len(given) > 1:
        fail(400, "Give the version parameter once.", "version 参数只能出现一次。")
    if given and given[0] not in VERSIONS:
        fail(
            400,
            f"Unsupported SPARQL version {given[0]!r}; this endpoint speaks {', '.join(VERSIONS)}.",
            f"不支持 SPARQL 版本 {given[0]!r}；本端点支持 {', '.join(VERSIONS)}。",
        )


def _form(request: Request) -> MultiDict[str, str]:
    """Return the fields of a form-encoded body; percent-escapes must decode as UTF-8 (§2.1.2).

    Parsed here rather than through ``request.form``: the body is small and whole, and this is a third of
    the cost of werkzeug's streaming form parser, on every query. Only a client holding the update token
    may send more than a query's worth of bytes, so the body is read up to that limit before the form is
    known to hold an update.
    """
    body = read_body(request, MAX_UPDATE_BYTES if has_write_access(request) else MAX_QUERY_BYTES)
    try:
        return MultiDict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as error:
        fail(400, f"The form body is not valid UTF-8: {error}.", f"表单正文不是有效的 UTF-8：{error}。")


def parse_request(request: Request) -> SparqlRequest:
    """Return the operation a /sparql request asks for, or fail with 400, 413, 414 or 415."""
    url = request.args
    versions: list[str | None] = url.getlist("version")
    fmt = _formats(url)
    if request.method in ("GET", "HEAD"):
        if request.content_length or request.headers.get("Transfer-Encoding"):
            fail(400, "A GET request must not have a body (§2.1.1).", "GET 请求不能带有正文。")
        if "update" in url:
            fail(400, "Send updates with POST (SPARQL 1.1 Protocol §2.2).", "更新请求必须使用 POST 发送。")
        _check_version(versions)
        if len(url.get("query", "")) > MAX_QUERY_BYTES:
            fail(
                414,
                f"The query is longer than {MAX_QUERY_BYTES} characters; send long queries with POST.",
                f"查询超过 {MAX_QUERY_BYTES} 个字符；较长的查询请用 POST 发送。",
            )
        return SparqlRequest(
            query=_one(url, "query"),
            dataset=_dataset(url, "default-graph-uri", "named-graph-uri"),
            formats=fmt,
        )
    media_type = request.mimetype
    if media_type == FORM:
        form = _form(request)
        versions += form.getlist("version")
        _check_version(versions)
        query, update = _one(form, "query"), _one(form, "update")
        if query is None and update is None:
            fail(
                400,
                "A form POST must carry a query or an update parameter in its body (§2.1.2, §2.2.1).",
                "表单 POST 的正文中必须包含 query 或 update 参数。",
            )
        url = MultiDict([*url.items(multi=True), *form.items(multi=True)])
        fmt = fmt + _formats(form)
        if query is not None and len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            fail(
                413,
                f"The query is longer than {MAX_QUERY_BYTES} bytes.",
                f"查询超过 {MAX_QUERY_BYTES} 字节。",
            )
    elif media_type in (QUERY_TYPE, UPDATE_TYPE):
        versions.append(request.mimetype_params.get("version"))
        _check_version(versions)
        if media_type == UPDATE_TYPE:
            # Authentication comes before the body is read: a refused writer's bytes are never taken in.
            check_write_access(request)
        text = _body_text(request, MAX_QUERY_BYTES if media_type == QUERY_TYPE else MAX_UPDATE_BYTES)
        query, update = (text, None) if media_type == QUERY_TYPE else (None, text)
    else:
        shown = media_type or "none"
        fail(
            415,
            f"POST a query as {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}; the Content-Type was {shown} (§2.1).",
            f"POST 请求的 Content-Type 必须是 {FORM}、{QUERY_TYPE} 或 {UPDATE_TYPE}，收到的是 {shown}。",
        )
    if query is not None and update is not None:
        fail(400, "Send either a query or an update, not both.", "只能发送查询或更新之一，不能同时发送。")
    # ``url`` now holds the URL's parameters and the form's: protocol parameters may come in either.
    if update is not None and ("default-graph-uri" in url or "named-graph-uri" in url):
        fail(
            400,
            "With an update, name its dataset with using-graph-uri and using-named-graph-uri (§2.2.3).",
            "更新请求请用 using-graph-uri 和 using-named-graph-uri 指定数据集。",
        )
    if update is not None:
        check_write_access(request)
    return SparqlRequest(
        query=query,
        update=update,
        dataset=_dataset(url, "default-graph-uri", "named-graph-uri"),
        using=_dataset(url, "using-graph-uri", "using-named-graph-uri"),
        formats=fmt,
    )


def has_write_access(request: Request) -> bool:
    """Return True if the server takes writes and the request carries its bearer token."""
    token = current_app.config.get("POLICYKG_UPDATE_TOKEN")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(token)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), str(token).encode())
    )


def check_write_access(request: Request) -> None:
    """Fail with 403 on a read-only server and 401 without the right bearer token (RFC 6750 §3)."""
    token = current_app.config.get("POLICYKG_UPDATE_TOKEN")
    if not token:
        fail(
            403,
            "This server is read-only: updates and graph writes are disabled. "
            "Start it with --update-token to allow them.",
            "本服务器为只读：更新和图写入已禁用。启动时加上 --update-token 即可允许。",
        )
    scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
    if not has_write_access(request):
        error = ', error="invalid_token"' if scheme.lower() == "bearer" else ""
        fail(
            401,
            "Writes need the update token: send it as 'Authorization: Bearer TOKEN'.",
            "写入需要更新令牌：请以 'Authorization: Bearer TOKEN' 发送。",
            headers={"WWW-Authenticate": f'Bearer realm="policykg"{error}'},
        )

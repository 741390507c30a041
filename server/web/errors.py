"""The one place that decides how errors look: problem+json for machines, an HTML page for browsers.

Machine-facing errors follow RFC 9457 (Problem Details for HTTP APIs) with a ``message`` member that
carries the explanation in English and Chinese; extra members give details such as a parser's position.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

#: URL families whose clients are programs: they get JSON unless they clearly prefer HTML.
MACHINE_PREFIXES = ("/api", "/sparql", "/graph-store")

#: Bilingual messages for errors raised by Flask and Werkzeug themselves (routing, methods, sizes).
STANDARD_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("The request is malformed.", "请求格式错误。"),
    403: ("This operation is not allowed.", "不允许此操作。"),
    404: ("Nothing is published at this address.", "此地址没有发布任何内容。"),
    405: ("This method is not allowed here.", "此处不允许使用该请求方法。"),
    406: (
        "The server cannot produce any of the media types you accept.",
        "服务器无法生成您可接受的任何媒体类型。",
    ),
    413: ("The request is too large.", "请求过大。"),
    414: ("The request URL is too long; send the query with POST.", "请求网址过长；请用 POST 发送查询。"),
    415: ("The request body has an unsupported media type.", "不支持请求正文的媒体类型。"),
    500: ("The server failed to answer; the error has been logged.", "服务器处理失败；错误已记录。"),
    503: ("The service is temporarily unavailable; try again later.", "服务暂时不可用，请稍后再试。"),
}


class ServiceError(HTTPException):
    """An HTTP error whose message is given in English and Chinese, with optional machine-readable details."""

    def __init__(
        self, code: int, en: str, zh: str, headers: dict[str, str] | None = None, **details: Any
    ) -> None:
        super().__init__(description=en)
        self.code = code
        self.en = en
        self.zh = zh
        self.extra_headers = headers or {}
        self.details = details


def fail(code: int, en: str, zh: str, headers: dict[str, str] | None = None, **details: Any) -> NoReturn:
    """Abort the request with a bilingual error; ``details`` become members of the JSON problem."""
    raise ServiceError(code, en, zh, headers, **details)


def wants_html() -> bool:
    """Return True if the current client should get an HTML error page rather than JSON."""
    if request.path.startswith("/api"):
        return False
    accept = request.accept_mimetypes
    html = max(accept.quality("text/html"), accept.quality("application/xhtml+xml"))
    machine = max(accept.quality("application/json"), accept.quality("application/problem+json"))
    if request.path.startswith(MACHINE_PREFIXES):
        return html > machine
    return html >= machine


def problem(error: HTTPException) -> tuple[int, str, str, dict[str, Any], dict[str, str]]:
    """Return the status, English and Chinese messages, details and headers describing an HTTP error."""
    code = error.code or 500
    if isinstance(error, ServiceError):
        return code, error.en, error.zh, error.details, error.extra_headers
    en, zh = STANDARD_MESSAGES.get(code, (error.description or error.name, error.description or error.name))
    return code, en, zh, {}, {}


def handle_http_error(error: HTTPException) -> Response:
    """Render any HTTP error as problem+json or as an HTML page, keeping headers such as Allow."""
    code, en, zh, details, headers = problem(error)
    title = error.name if error.code else "Internal Server Error"
    if wants_html():
        body = render_template("error.html", status=code, title=title, en=en, zh=zh, details=details)
        response = Response(body, status=code, content_type="text/html; charset=utf-8")
    else:
        document = {"type": "about:blank", "title": title, "status": code, "detail": en}
        document["message"] = {"en": en, "zh": zh}
        document.update(details)
        response = Response(
            json.dumps(document, ensure_ascii=False, indent=1),
            status=code,
            content_type="application/problem+json",
        )
    # Werkzeug puts headers such as Allow (405) on its own response object; keep them.
    original = error.get_response()
    for name in ("Allow", "WWW-Authenticate", "Retry-After"):
        if name in original.headers:
            response.headers[name] = original.headers[name]
    response.headers.update(headers)
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    """Register the error handlers on an application."""
    app.register_error_handler(HTTPException, handle_http_error)

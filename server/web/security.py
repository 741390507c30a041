"""Security headers on every response: no MIME sniffing, and for pages a Content-Security-Policy that allows
only this server's own scripts, styles and data (nothing comes from a CDN) and no framing by other sites;
and the app's own 414 for URLs too long to serve.
"""

from __future__ import annotations

from flask import Flask, Response, request

from policykg.server.web.errors import fail

#: The longest query string served (as sent, percent-encoded). Below the HTTP server's own limit (Granian,
#: through hyper, answers an empty 414 to a URL past 64 KiB before any application code runs), so that a
#: long URL up to that limit gets this app's explanation.
MAX_QUERY_STRING = 48 * 1024

#: The pages load their scripts and styles from /static and /viewer/assets, and fetch only from this host.
#: Inline styles stay allowed: the network viewer (vis-network) styles the elements it draws.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def add_security_headers(response: Response) -> Response:
    """Forbid content sniffing on every response; restrict what pages load and who may frame them."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def refuse_long_urls() -> None:
    """Fail with 414 and advice when the URL's query string is longer than ``MAX_QUERY_STRING``."""
    if len(request.query_string) > MAX_QUERY_STRING:
        fail(
            414,
            f"The URL is longer than {MAX_QUERY_STRING} bytes; send a long SPARQL query with POST "
            "(application/sparql-query or a form, SPARQL 1.1 Protocol §2.1.2).",
            f"网址超过 {MAX_QUERY_STRING} 字节；较长的 SPARQL 查询请用 POST 发送。",
        )


def init_app(app: Flask) -> None:
    """Refuse over-long URLs, and add the security headers to every response of the application."""
    app.before_request(refuse_long_urls)
    app.after_request(add_security_headers)

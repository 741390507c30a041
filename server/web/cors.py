"""Cross-origin resource sharing for every response, so browser clients (YASGUI, Comunica) can use the data.

Everything published here is public, so any origin may read it (Fetch standard, "CORS protocol"). Writes
still need the bearer token, which a page must send explicitly; no cookies are involved.
"""

from __future__ import annotations

from flask import Flask, Response, request

#: Response headers a script may read besides the CORS-safelisted ones.
EXPOSED = "ETag, Link, Location, Vary, Policykg-Truncated, Policykg-Rows"


def add_cors_headers(response: Response) -> Response:
    """Add CORS headers; answer a preflight with the methods and headers that are allowed."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        allowed = response.headers.get("Allow", "GET, HEAD, POST, OPTIONS")
        response.headers["Access-Control-Allow-Methods"] = allowed
        asked = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = asked or "Accept, Authorization, Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    """Add CORS headers to every response of the application."""
    app.after_request(add_cors_headers)

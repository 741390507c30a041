"""Answer a repeated SPARQL request from memory while the store's content is unchanged.

Over a store that sees every write (the embedded one), a query's answer depends only on the request and
the store's version, so the answer to an identical request can be replayed, bytes and headers, without
Flask, the parser or the engine. This is the whole cost of a small query, which clients such as dashboards
and the viewer repeat. The view decides what may be kept (``mark_cacheable``): only whole answers to
queries without NOW, RAND, UUID, STRUUID or BNODE (``deterministic``). Requests with credentials or
conditional headers, updates and large bodies always go through; a new store version empties the cache.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, request

from policykg.server.sparql.lexer import keywords

if TYPE_CHECKING:
    from policykg.server.store.base import Store

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
#: A kept answer: status line, headers and body.
Entry = tuple[str, list[tuple[str, str]], bytes]

#: The environ key a view sets to let the cache keep its response.
CACHEABLE = "policykg.cacheable"
#: Functions that give a new value at each run, so a query using them is never replayed (SPARQL 1.1 §17.4).
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
#: The largest request body read for a key; larger requests go straight through.
MAX_KEY_BODY = 64 * 1024
#: Request headers that make a response depend on more than the key, or that must reach the view.
_BYPASS = ("HTTP_AUTHORIZATION", "HTTP_COOKIE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE")


def deterministic(query: str) -> bool:
    """Return True unless ``query`` calls a function that gives a new value at each run."""
    text = query.upper()
    return not any(name in text for name in VOLATILE) or not any(k.word in VOLATILE for k in keywords(query))


def mark_cacheable() -> None:
    """Let the cache keep the response to the current request."""
    request.environ[CACHEABLE] = True


class ResultCache:
    """WSGI middleware replaying cached answers of ``paths``, bounded in bytes, least recently used out."""

    def __init__(
        self,
        app: WSGIApp,
        store: Store,
        *,
        paths: tuple[str, ...] = ("/sparql",),
        max_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        self.app = app
        self.store = store
        self.paths = paths
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 16
        self.size = 0
        self.hits = 0
        self._version: str | None = None
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = self._key(environ)
        if key is None:
            return self.app(environ, start_response)
        version = self.store.version
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self.size, self._version = 0, version
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                self.hits += 1
        if hit is not None:
            status, headers, body = hit
            start_response(status, list(headers))
            return [body]
        return self._fill(key, version, environ, start_response)

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...] | None:
        """Return what identifies the request's answer, or None when it must go through."""
        method = environ["REQUEST_METHOD"]
        if method not in ("GET", "POST") or environ.get("PATH_INFO") not in self.paths:
            return None
        if any(name in environ for name in _BYPASS):
            return None
        body = b""
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or -1)
            except ValueError:
                return None
            if not 0 <= length <= MAX_KEY_BODY:
                return None
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        elif environ.get("CONTENT_LENGTH") or environ.get("HTTP_TRANSFER_ENCODING"):
            return None
        return (
            method,
            environ.get("PATH_INFO"),
            environ.get("QUERY_STRING", ""),
            environ.get("CONTENT_TYPE", ""),
            body,
            environ.get("HTTP_ACCEPT", ""),
            environ.get("HTTP_HOST", ""),
            environ.get("wsgi.url_scheme", ""),
        )

    def _fill(
        self, key: tuple[Any, ...], version: str, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """Run the request, and keep a whole 200 answer the view marked cacheable."""
        seen: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        answer = self.app(environ, capture)
        if not environ.get(CACHEABLE) or not seen or not seen[0].startswith("200"):
            return answer
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        if len(body) <= self.max_entry:
            self._keep(key, version, (seen[0], list(seen[1]), body))
        return [body]

    def _keep(self, key: tuple[Any, ...], version: str, entry: Entry) -> None:
        with self._lock:
            # An answer computed while the store changed belongs to no single version: drop it.
            if version != self._version or version != self.store.version or key in self._entries:
                return
            self._entries[key] = entry
            self.size += len(entry[2])
            while self.size > self.max_bytes:
                _, (_, _, old) = self._entries.popitem(last=False)
                self.size -= len(old)


def init_app(app: Flask) -> None:
    """Put the cache in front of the application when its store sees every write and a size is configured."""
    size = app.config.get("POLICYKG_RESULT_CACHE_BYTES")
    store = app.extensions["policykg.store"]
    if size and store.sees_all_writes:
        app.wsgi_app = ResultCache(app.wsgi_app, store, max_bytes=size)  # type: ignore[method-assign]
        app.extensions["policykg.result_cache"] = app.wsgi_app

"""Validators on every representation served here: ETag and Last-Modified, and 304 when they match.

Conditional requests follow RFC 9110 section 13: If-None-Match is weighed before If-Modified-Since, and
a matching validator answers 304 Not Modified with no body. ``Cache-Control: no-cache`` lets caches keep
a copy but makes them ask again each time, so an update to the store shows at once.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from flask import Response, request

from policykg.server.store.current import get_store

_seen: dict[str, datetime] = {}
_seen_lock = threading.Lock()


def last_modified() -> datetime:
    """Return when the current store content was first seen by this process, to the second."""
    version = get_store().version
    with _seen_lock:
        if version not in _seen:
            _seen[version] = datetime.now(UTC).replace(microsecond=0)
        return _seen[version]


def finish(response: Response) -> Response:
    """Add validators to a successful GET or HEAD response and answer 304 if the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.last_modified is None:
        response.last_modified = last_modified()
    if response.get_etag()[0] is None and not response.is_streamed:
        response.add_etag()
    response.headers.setdefault("Cache-Control", "no-cache")
    return response.make_conditional(request)

"""Requests that would make a server fetch from a listener on loopback, and the listener that records them.

Shared by tests/server/sparql/test_parsed_refusals.py (the app in-process) and test_refusals_served.py
(`policykg serve`).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager

TOKEN = "s3cret-token"


class _Recorder(http.server.BaseHTTPRequestHandler):
    heard: list[str]

    def _answer(self) -> None:
        self.heard.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"leak"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def recording_listener() -> Iterator[tuple[str, list[str]]]:
    """Run a loopback HTTP listener; give its root URL and the list of requests it has received."""
    heard: list[str] = []
    handler = type("Recorder", (_Recorder,), {"heard": heard})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", heard
    finally:
        server.shutdown()
        server.server_close()


def queries(url: str) -> list[str]:
    """Queries that call SERVICE on ``url`` in ways a text-level check misread."""
    return [
        # The reproduction: an escaped '#' inside a prefixed name is no comment.
        "PREFIX ex: <http://e/> SELECT ?x WHERE { OPTIONAL { ?s ex:a\\# ?o } "
        f"SERVICE <{url}/x> {{ ?x ?y ?z }} }}",
        # SPARQL 1.1 Query §19.2 code-point escapes spell the keyword.
        f"SELECT ?x WHERE {{ \\u0053ERVICE <{url}/x> {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ \\U00000053ervice SILENT <{url}/x> {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ FILTER EXISTS {{ SERVICE <{url}/x> {{ ?x ?y ?z }} }} }}",
        f"SELECT ?x WHERE {{ {{ SELECT ?x {{ sErViCe <{url}/x> {{ ?x ?y ?z }} }} }} }}",
        f"SELECT ?x WHERE {{ BIND(<{url}/x> AS ?u) SERVICE ?u {{ ?x ?y ?z }} }}",
    ]


def updates(url: str) -> list[str]:
    """Updates that LOAD from or SERVICE ``url``."""
    return [
        f"LOAD <{url}/y.ttl>",
        "PREFIX ex: <http://e/> INSERT { ?s ex:a\\# 1 } WHERE { OPTIONAL { ?s ex:b ?o } } ;\n"
        f"LOAD <{url}/y.ttl>",
        f"CLEAR SILENT GRAPH <urn:g> ; \\u004cOAD <{url}/y.ttl> INTO GRAPH <urn:g>",
        f"INSERT {{ ?x <urn:p> 1 }} WHERE {{ SERVICE <{url}/x> {{ ?x ?y ?z }} }}",
    ]

"""A remote store's credentials: read from the URL, the environment or netrc, sent as HTTP Basic, and never
shown; a remote store that is down or breaks off answers 502 everywhere, not 500."""

from __future__ import annotations

import base64
import json
import logging
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from policykg.server.app import create_app
from policykg.server.store.base import RemoteStoreError
from policykg.server.store.remote import RemoteStore, endpoint

SECRET = "s3cr%t:pw"
EMPTY = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'


class Endpoint(BaseHTTPRequestHandler):
    """A tiny SPARQL endpoint: answers only with the right Basic credentials; can break off its answers."""

    expected = "Basic " + base64.b64encode(f"reader:{SECRET}".encode()).decode()
    seen: ClassVar[list[str | None]] = []
    break_off = False

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        fields = urllib.parse.parse_qs(self.rfile.read(length).decode())
        self.seen.append(self.headers.get("Authorization"))
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        query = fields["query"][0]
        body = b'{"head":{},"boolean":true}' if query.lstrip().upper().startswith("ASK") else EMPTY
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body) + (1000 if self.break_off else 0)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if self.break_off else body)
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def endpoint_url() -> Iterator[str]:
    """The root URL of the tiny endpoint on a free loopback port."""
    Endpoint.seen, Endpoint.break_off = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_credentials_in_the_url_are_split_off() -> None:
    """user:password@ leaves the URL (which then names the right host) and becomes the credentials."""
    found = endpoint("http://us%40er:p%3Aw@Host.Example:8080/query?x=1")
    assert found.url == "http://host.example:8080/query?x=1"
    assert (found.user, found.password) == ("us@er", "p:w")
    assert "p:w" not in repr(found) and "p%3Aw" not in repr(found)
    assert (
        found.redact("failed for http://us%40er:p%3Aw@host and p:w")
        == "failed for http://us%40er:***@host and ***"
    )


def test_credentials_from_the_environment_and_netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without credentials in the URL: POLICYKG_STORE_USER/PASSWORD, else the netrc entry of the host."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine sparql.example login nobody password from-netrc\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("POLICYKG_STORE_USER", raising=False)
    assert endpoint("https://sparql.example/query").password == "from-netrc"
    assert endpoint("https://other.example/query").user is None
    monkeypatch.setenv("POLICYKG_STORE_USER", "reader")
    monkeypatch.setenv("POLICYKG_STORE_PASSWORD", "from-env")
    assert (endpoint("https://sparql.example/query").user, endpoint("https://x/q").password) == (
        "reader",
        "from-env",
    )


def test_a_url_with_credentials_works(endpoint_url: str) -> None:
    """The host is parsed correctly and the credentials go in an Authorization header."""
    quoted = urllib.parse.quote(SECRET, safe="")
    store = RemoteStore(f"{endpoint_url.replace('//', f'//reader:{quoted}@')}/query", timeout=5)
    assert bool(store.query("ASK {}")) is True
    assert Endpoint.seen == [Endpoint.expected]
    assert SECRET not in store.query_url and quoted not in store.query_url


def test_credentials_from_netrc_reach_the_endpoint(
    endpoint_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A netrc entry for the endpoint's host is used when the URL carries no credentials."""
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login reader password {SECRET}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("POLICYKG_STORE_USER", raising=False)
    assert bool(RemoteStore(f"{endpoint_url}/query", timeout=5).query("ASK {}")) is True


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/sparql?query=ASK%20%7B%7D", "application/json"),
        ("/api/stats", "application/json"),
        ("/id/plan/example", "text/html"),
        ("/id/plan/example", "text/turtle"),
    ],
)
def test_a_store_that_is_down_gives_502_without_the_password(
    unused_port: int, caplog: pytest.LogCaptureFixture, path: str, accept: str
) -> None:
    """/sparql, /api/stats and /id pages answer 502 with a clear message; the password shows nowhere."""
    quoted = urllib.parse.quote(SECRET, safe="")
    url = f"http://reader:{quoted}@127.0.0.1:{unused_port}/query"
    client = create_app({"TESTING": True, "POLICYKG_STORE": url}).test_client()
    with caplog.at_level(logging.DEBUG):
        response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 502
    text = response.get_data(as_text=True)
    assert f"127.0.0.1:{unused_port}" in text
    for shown in (text, caplog.text, json.dumps(dict(response.headers))):
        assert SECRET not in shown and quoted not in shown and "reader:" not in shown


def test_an_answer_that_breaks_off_gives_502(endpoint_url: str) -> None:
    """An endpoint that closes the connection halfway through its answer: RemoteStoreError, then 502."""
    Endpoint.break_off = True
    quoted = urllib.parse.quote(SECRET, safe="")
    url = f"{endpoint_url.replace('//', f'//reader:{quoted}@')}/query"
    with pytest.raises(RemoteStoreError):
        RemoteStore(url, timeout=5).query("SELECT ?x WHERE { ?x ?p ?o }")
    client = create_app({"TESTING": True, "POLICYKG_STORE": url}).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?p ?o }"})
    assert response.status_code == 502
    assert SECRET not in response.get_data(as_text=True)
    assert client.get("/api/stats").status_code == 502

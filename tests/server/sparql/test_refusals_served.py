"""The issue's reproductions against `policykg serve` itself (Granian): read-only with two workers, and
writable with the token; a loopback listener hears nothing, and a long URL gets the app's own 414.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import SAMPLE_GRAPH, free_port, running_server
from fetch_tricks import TOKEN, queries, recording_listener, updates

pytestmark = pytest.mark.live


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP listener; yields its root URL and the list of requests it has received."""
    with recording_listener() as found:
        yield found


def _serve(tmp: Path, *options: str) -> list[str]:
    build = tmp / "build"
    build.mkdir()
    shutil.copy(SAMPLE_GRAPH, build / "graph.ttl")
    return [sys.executable, "-m", "policykg", "serve", "--build-dir", str(build), *options]


@pytest.fixture(scope="module")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`policykg serve` read-only with two workers, as the issue's attacker found it."""
    port = free_port()
    with running_server(
        [*_serve(tmp_path_factory.mktemp("ro"), "--workers", "2"), "--port", str(port)], port
    ) as url:
        yield url + "/sparql"


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`policykg serve` with the update token (read from a file)."""
    tmp = tmp_path_factory.mktemp("rw")
    token = tmp / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    port = free_port()
    command = [*_serve(tmp, "--update-token-file", str(token)), "--port", str(port)]
    with running_server(command, port) as url:
        yield url + "/sparql"


def test_read_only_server_makes_no_request(read_only: str, listener: tuple[str, list[str]]) -> None:
    url, heard = listener
    for query in queries(url):
        assert requests.get(read_only, params={"query": query}, timeout=20).status_code in (400, 403)
        assert requests.post(read_only, data={"query": query}, timeout=20).status_code in (400, 403)
    for update in updates(url):
        assert requests.post(read_only, data={"update": update}, timeout=20).status_code == 403
    assert heard == []


def test_writable_server_makes_no_request(writable: str, listener: tuple[str, list[str]]) -> None:
    url, heard = listener
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for update in updates(url):
        assert requests.post(writable, data={"update": update}, headers=auth, timeout=20).status_code in (
            400,
            403,
        )
    trick = f"http://x> WHERE {{ }} ; LOAD <{url}/y.ttl> ; INSERT {{ <urn:a> <urn:b> 1 }} USING <http://y"
    response = requests.post(
        writable,
        params={"using-graph-uri": trick},
        data="INSERT { <urn:a> <urn:b> 2 } WHERE { }",
        headers={**auth, "Content-Type": "application/sparql-update"},
        timeout=20,
    )
    assert response.status_code == 400
    assert heard == []


def test_a_long_url_gets_the_apps_own_414(read_only: str) -> None:
    # Between the app's limit (48 KiB) and the HTTP server's own (64 KiB, where hyper answers first).
    response = requests.get(read_only, params={"query": "ASK {}" + "#" * (18 * 1024)}, timeout=20)
    assert response.status_code == 414
    assert "POST" in response.json()["message"]["en"]


def test_unauthenticated_update_is_refused_before_its_body(writable: str) -> None:
    def body() -> Iterator[bytes]:
        yield b"INSERT DATA { <urn:a> <urn:b> '"
        for _ in range(64):
            yield b"x" * (1024 * 1024)
        yield b"' }"

    response = requests.post(
        writable, data=body(), headers={"Content-Type": "application/sparql-update"}, timeout=60
    )
    assert response.status_code == 401

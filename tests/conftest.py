"""Shared fixtures: the sample graph in a store, the app built from it, a client and a live server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from policykg.server import create_app
from policykg.server.loading import ontology_path
from policykg.server.store import OxigraphStore
from werkzeug.serving import make_server

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_GRAPH = FIXTURES / "sample_graph.ttl"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of test documents written for this project."""
    return FIXTURES


@pytest.fixture(scope="session")
def sample_graph() -> Path:
    """The hand-written sample graph in the builder's output shape."""
    return SAMPLE_GRAPH


@pytest.fixture
def unused_port() -> int:
    """A TCP port that nothing listens on."""
    return free_port()


@pytest.fixture
def store() -> Iterator[OxigraphStore]:
    """An in-memory Oxigraph store holding the sample graph and the ontology in its default graph."""
    sample = OxigraphStore()
    sample.replace_all([(SAMPLE_GRAPH, None), (ontology_path(), None)], "sample-graph")
    yield sample
    sample.close()


@pytest.fixture
def make_app(store: OxigraphStore) -> Callable[..., Flask]:
    """Return a factory of apps over the sample store; keyword arguments override configuration keys."""

    def make(**config: Any) -> Flask:
        return create_app({"TESTING": True, "POLICYKG_STORE": store, **config})

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The application over the sample graph, read-only, with the default limits."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def serve() -> Iterator[Callable[[Flask], str]]:
    """Return a function that serves an app on a free loopback port and gives its root URL."""
    servers = []

    def start(application: Flask) -> str:
        server = make_server("127.0.0.1", 0, application, threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app: Flask, serve: Callable[[Flask], str]) -> str:
    """The root URL of ``app`` served on a free loopback port."""
    return serve(app)


def free_port() -> int:
    """Return a TCP port that is free on the loopback interface right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Wait until something listens on a loopback port, failing early if the process dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {seconds} s")


def oxigraph_binary() -> str:
    """Return the path of the `oxigraph` server binary (PyPI package `oxigraph`)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph binary is missing: pip install -e '.[test]'")
    return found


@pytest.fixture
def await_port() -> Callable[[int, subprocess.Popen[bytes]], None]:
    """Return the function that waits until a process listens on a loopback port."""
    return wait_for_port


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Start a real, empty Oxigraph server on a free loopback port and give its root URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)

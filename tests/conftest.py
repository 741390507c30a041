"""Shared fixtures: the pipeline, the seed document and its build (made once per session), and the
sample graph in a store, the app built from it, a client and a live server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from policykg.server.app import create_app
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_GRAPH = FIXTURES / "sample_graph.ttl"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of test documents and graphs written for this project."""
    return FIXTURES


@pytest.fixture(scope="session")
def nlp():
    """The policykg spaCy pipeline (shared: loading jieba takes a second)."""
    from policykg.graph_builder.pipeline.nlp import shared_nlp

    return shared_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled seed plan document."""
    from policykg.data import bundled_documents

    return bundled_documents()[0]


@pytest.fixture(scope="session")
def seed_text(seed_path):
    """The seed document's normalized text."""
    from policykg.graph_builder.documents import read_document

    return read_document(seed_path).text


@pytest.fixture(scope="session")
def seed_plan(seed_text, nlp):
    """The records extracted from the seed document."""
    from policykg.graph_builder.pipeline.extract import extract_plan

    return extract_plan(seed_text, nlp)


@pytest.fixture(scope="session")
def corpus_sources(seed_path, nlp) -> dict[str, Any]:
    """The four documents of the corpus tests, by short name, as sources (document and records): the
    bundled plan, a Q&A explainer of the same plan written for the tests, a district's plan within it and a
    later plan of the same city, each read and extracted once."""
    from policykg.graph_builder.corpus.works import Source
    from policykg.graph_builder.documents import read_document
    from policykg.graph_builder.pipeline.extract import extract_plan

    corpus = FIXTURES / "corpus"
    paths = {
        "bundled": seed_path,
        "explainer": corpus / "jinan-plan-qa-explainer.txt",
        "district": corpus / "lixia-2023-2025-green-development-plan.txt",
        "later": corpus / "jinan-2026-2028-green-development-plan.txt",
    }
    out = {}
    for name, path in paths.items():
        document = read_document(path)
        out[name] = Source(document, extract_plan(document.text, nlp))
    return out


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory, seed_path):
    """A build of the seed document into a temporary build directory."""
    from policykg.graph_builder.build import build_documents

    return build_documents([seed_path], tmp_path_factory.mktemp("seed-build"))


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    """The seed's built graph, parsed back from the Turtle file."""
    from rdflib import Graph

    return Graph().parse(seed_build.files[0], format="turtle")


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


# --- graphs for the linked-data, API and named-query tests -----------------------------------------

#: The files of the read-only graph those tests share: the sample plan and a second plan.
PLANS = (SAMPLE_GRAPH, FIXTURES / "second_plan.ttl")


@pytest.fixture(scope="session")
def plans_store() -> Iterator[OxigraphStore]:
    """An in-memory store with both sample plans and the ontology, shared by read-only tests."""
    plans = OxigraphStore()
    plans.replace_all([*((path, None) for path in PLANS), (ontology_path(), None)], "two-plans")
    yield plans
    plans.close()


@pytest.fixture(scope="session")
def sample_oxigraph(plans_store: OxigraphStore):
    """The pyoxigraph store inside ``plans_store``, for running queries without the server (read only)."""
    return plans_store.raw


@pytest.fixture
def ld_app(plans_store: OxigraphStore) -> Flask:
    """The application over both sample plans, read-only."""
    return create_app({"TESTING": True, "POLICYKG_STORE": plans_store})


@pytest.fixture
def ld_client(ld_app: Flask) -> FlaskClient:
    """A test client of ``ld_app``."""
    return ld_app.test_client()


def _parse_rdf(data: bytes | str, format: str) -> rdflib.Graph:
    """Parse an RDF document with rdflib into a Graph."""
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser goes through its own deprecated ConjunctiveGraph API.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        return rdflib.Graph().parse(data=data, format=format)


@pytest.fixture(scope="session")
def parse_rdf() -> Callable[[bytes | str, str], rdflib.Graph]:
    """Return a function that parses an RDF document (any rdflib format name) into an rdflib Graph."""
    return _parse_rdf


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


@contextmanager
def running_server(command: list[str], port: int) -> Iterator[str]:
    """Run a server process until the block ends; give its root URL once it listens on ``port``."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """Start a real, empty Oxigraph server on a free loopback port and give its root URL."""
    port = free_port()
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(tmp_path / "oxigraph"),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    with running_server(command, port) as url:
        yield url

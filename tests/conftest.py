"""Shared fixtures: the pipeline, the bundled seed document and its build, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of test documents and graphs written for this project."""
    return FIXTURES


@pytest.fixture(scope="session")
def nlp():
    """The policykg spaCy pipeline (shared: loading jieba takes a second)."""
    from policykg.graph_builder.nlp import shared_nlp

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
    from policykg.graph_builder.extract import extract_plan

    return extract_plan(seed_text, nlp)


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

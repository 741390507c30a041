"""Fixtures of the corpus tests: the bundled plan, the Q&A explainer of the same plan written for these
tests, a district's plan within it and a later plan of the same city, each read and extracted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph_builder.corpus.works import Source
from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.extract import extract_plan

CORPUS = Path(__file__).parents[2] / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus_sources(seed_path, nlp) -> dict[str, Source]:
    """The four documents of the corpus tests, by short name, as sources (document and records)."""
    paths = {
        "bundled": seed_path,
        "explainer": CORPUS / "jinan-plan-qa-explainer.txt",
        "district": CORPUS / "lixia-2023-2025-green-development-plan.txt",
        "later": CORPUS / "jinan-2026-2028-green-development-plan.txt",
    }
    out = {}
    for name, path in paths.items():
        document = read_document(path)
        out[name] = Source(document, extract_plan(document.text, nlp))
    return out

"""Shared fixtures: the bundled seed document and its extraction, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The folder of test documents written for this project."""
    return FIXTURES

"""A bounded schemathesis run with every check over /api/openapi.json against a live server: 0 failures.

The description must match the server: documented statuses and media types, valid requests accepted,
invalid ones refused, and no 500. Where a rejection depends on what no schema can say (a SPARQL text
that does not parse, a class or entity the graph does not have, parameters that only go together), the
configuration below lists the extra statuses for that operation, as schemathesis's documentation advises.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

#: Statuses schemathesis accepts for valid requests anyway (its default list).
_ACCEPTED = '"2xx", "3xx", "401", "403", "404", "409", "429", "5xx"'

#: Operations whose valid-looking requests may be refused for reasons no schema expresses.
CONFIG = f"""
[[operations]]
include-name = "GET /sparql"
# The query must parse; a format name must fit what the request returns (results, RDF or the page).
checks.positive_data_acceptance.expected-statuses = [{_ACCEPTED}, "400", "406"]

[[operations]]
include-name = "POST /sparql"
# The query or update must parse; query and update go alone; updates need the token.
checks.positive_data_acceptance.expected-statuses = [{_ACCEPTED}, "400", "406"]

[[operations]]
include-name = "GET /api/search"
# type must name a class of the ontology.
checks.positive_data_acceptance.expected-statuses = [{_ACCEPTED}, "400"]

[[operations]]
include-name = "GET /viewer"
# from and to go together; types must name classes.
checks.positive_data_acceptance.expected-statuses = [{_ACCEPTED}, "400"]

[[operations]]
include-name = "GET /api/graph/central"
# type must name classes of the graph.
checks.positive_data_acceptance.expected-statuses = [{_ACCEPTED}, "400"]
"""


def schemathesis_command() -> list[str]:
    """Return the command that runs schemathesis's CLI, or skip if it is not installed."""
    pytest.importorskip("schemathesis")
    found = shutil.which("st") or shutil.which("schemathesis")
    return [found] if found else [sys.executable, "-m", "schemathesis.cli"]


def test_openapi_description_matches_the_server(
    make_app: Callable[..., Flask], serve: Callable[[Flask], str], tmp_path: Path
) -> None:
    root = serve(make_app())
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG, encoding="utf-8")
    command = [
        *schemathesis_command(),
        "--config-file",
        str(config),
        "run",
        f"{root}/api/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        "4",
        "--seed",
        "20261207",
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=170, cwd=tmp_path)
    summary = result.stdout[-4000:]
    assert result.returncode == 0, summary
    assert "No issues found" in result.stdout or " 0 failures" in result.stdout or "passed" in summary, (
        summary
    )

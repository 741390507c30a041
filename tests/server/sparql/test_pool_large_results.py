"""A query process passes a result of many megabytes through its (enlarged) pipe whole and unchanged."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.pool import _PIPE_SIZE, QueryPool

JSON = "application/sparql-results+json"
#: 3,000 solutions of about 1 KB each: a result of about 3 MB, several times the pipe's size.
_NUMBERS = " ".join(str(n) for n in range(3000))
LARGE = f'SELECT ?n ?s WHERE {{ VALUES ?n {{ {_NUMBERS} }} BIND(CONCAT(STR(?n), "{"y" * 1000}") AS ?s) }}'


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[QueryPool]:
    """A pool of one warm query process over an empty store on disk."""
    OxigraphStore(tmp_path / "store").close()
    running = QueryPool(tmp_path / "store", warm=1)
    running.start()
    yield running
    running.close()


def request(query: str) -> dict[str, object]:
    return {
        "query": query,
        "base_iri": None,
        "default_graphs": [],
        "named_graphs": [],
        "formats": {"solutions": JSON, "boolean": JSON, "graph": None},
        "max_rows": None,
        "max_bytes": None,
        "stream_after": None,
    }


def test_a_large_result_arrives_whole(pool: QueryPool) -> None:
    reply = pool.run(request(LARGE), 60)
    assert reply.error is None and reply.done is not None
    kind, rows, truncated, _ = reply.done
    assert (kind, rows, truncated) == ("solutions", 3000, None)
    assert len(reply.body) > 3 * 1024 * 1024
    bindings = json.loads(reply.body)["results"]["bindings"]
    assert [int(b["n"]["value"]) for b in bindings] == list(range(3000))
    assert all(b["s"]["value"].endswith("y" * 1000) for b in bindings)
    # The same process answers the next query.
    small = pool.run(request("SELECT ?x WHERE { VALUES ?x { 1 } }"), 60)
    assert small.done is not None and small.done[1] == 1


def test_the_output_pipe_is_enlarged_where_the_system_allows(pool: QueryPool) -> None:
    (child,) = pool.idle
    size = fcntl.fcntl(child.fd, fcntl.F_GETPIPE_SZ)
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    assert size == _PIPE_SIZE or limit < _PIPE_SIZE

"""The spool's merge of sorted chunks into graph.nt (graph_builder/rdf/spool.py), with and without GNU sort."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from policykg.graph_builder.rdf import spool as spool_module
from policykg.graph_builder.rdf.spool import TripleSpool
from policykg.ontology.namespaces import PKG

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def chunk_text(i: int) -> bytes:
    """A chunk of a plan: its own lines, a line every chunk shares (twice) and a typed node (a lab or a task)."""
    cls = "Laboratory" if i % 3 else "Task"
    return "".join(
        [
            f"<https://example.org/n{i}> {TYPE} <{PKG}{cls}> .\n",
            f'<https://example.org/n{i}> <https://example.org/name> "名{i} with > .\\n inside" .\n',
            "<https://example.org/shared> <https://example.org/p> <https://example.org/o> .\n",
            "<https://example.org/shared> <https://example.org/p> <https://example.org/o> .\n",
        ]
    ).encode()


@pytest.mark.parametrize("chunks", [1, 10])
@pytest.mark.parametrize("fan_in", [3, 500])
def test_the_merge_is_sorted_without_duplicates_and_counted_alike_with_or_without_sort(
    tmp_path: Path, monkeypatch, chunks: int, fan_in: int
) -> None:
    monkeypatch.setattr(spool_module, "_FAN_IN", fan_in)
    written = {}
    for merger in ("sort", "python"):
        if merger == "python":
            monkeypatch.setattr(spool_module.shutil, "which", lambda _name: None)
        spool = TripleSpool(tmp_path / merger)
        for i in reversed(range(chunks)):
            spool.add_ntriples(chunk_text(i))
        spool.write_ntriples(tmp_path / f"{merger}.nt")
        written[merger] = (tmp_path / f"{merger}.nt").read_bytes(), spool.triples, dict(spool.classes)
    expected = sorted({line for i in range(chunks) for line in chunk_text(i).splitlines(keepends=True)})
    labs = sum(1 for i in range(chunks) if i % 3)
    assert (
        written["sort"]
        == written["python"]
        == (
            b"".join(expected),
            2 * chunks + 1,
            {k: v for k, v in {"Laboratory": labs, "Task": chunks - labs}.items() if v},
        )
    )


@pytest.fixture(params=["gnu", "python"])
def tools(request, monkeypatch) -> str:
    """Run a test with GNU sort and comm, and again with the merges in Python."""
    if request.param == "python":
        monkeypatch.setattr(spool_module.shutil, "which", lambda _name: None)
    return request.param


def test_the_graph_is_renamed_and_unique_and_the_duplicates_are_kept_apart(tmp_path: Path, tools) -> None:
    spool = TripleSpool(tmp_path / "spool")
    for i in (2, 1):
        spool.add_ntriples(
            chunk_text(i) + f"<https://example.org/n{i}> <https://example.org/by> <urn:x> .\n".encode()
        )
    # The kept lines: those of chunk 0 (one of them twice) and of one chunk that is gone.
    gone = b"<https://example.org/gone> <https://example.org/p> <https://example.org/o> .\n"
    twice = chunk_text(0).splitlines(keepends=True)[0]
    kept = sorted([*chunk_text(0).splitlines(keepends=True), twice, gone, gone])
    removed = TripleSpool(tmp_path / "removed")
    removed.add_ntriples(gone + gone)
    graph, duplicates = tmp_path / "graph.nt", tmp_path / "duplicates.nt"
    spool.write_ntriples(
        graph, duplicates, iter([kept]), removed, (b"<urn:x>", b"<https://example.org/build>")
    )
    every = [line for i in range(3) for line in chunk_text(i).splitlines(keepends=True)]
    every += [f"<https://example.org/n{i}> <https://example.org/by> <urn:x> .\n".encode() for i in (1, 2)]
    # Each line as often as it was merged beyond the first time (the shared line is in every chunk twice).
    merged = Counter([*every, twice])
    repeated = b"".join(sorted(line for line, n in merged.items() for _ in range(n - 1)))
    assert duplicates.read_bytes() == repeated and repeated.count(b"/shared>") == 5
    renamed = {line.replace(b"<urn:x>", b"<https://example.org/build>") for line in every}
    assert graph.read_bytes() == b"".join(sorted(renamed))
    assert spool.triples == len(renamed) == 9
    assert spool.duplicates_digest == hashlib.sha256(repeated).hexdigest()
    assert spool.graph_digest == hashlib.sha256(graph.read_bytes()).hexdigest()
    assert spool.graph_size == graph.stat().st_size

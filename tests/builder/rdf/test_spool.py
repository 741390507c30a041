"""The spool's merge of sorted chunks into graph.nt (graph_builder/rdf/spool.py), with and without GNU sort."""

from __future__ import annotations

import hashlib
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


def test_the_lines_keep_duplicates_while_the_graph_is_renamed_and_unique(tmp_path: Path, tools) -> None:
    spool = TripleSpool(tmp_path / "spool")
    for i in (2, 1):
        spool.add_ntriples(
            chunk_text(i) + f"<https://example.org/n{i}> <https://example.org/by> <urn:x> .\n".encode()
        )
    kept = tmp_path / "kept.lines"  # the lines of chunk 0 and of one chunk that is gone
    gone = b"<https://example.org/gone> <https://example.org/p> <https://example.org/o> .\n"
    kept.write_bytes(b"".join(sorted([*chunk_text(0).splitlines(keepends=True), gone, gone])))
    removed = TripleSpool(tmp_path / "removed")
    removed.add_ntriples(gone + gone)
    graph, lines = tmp_path / "graph.nt", tmp_path / "all.lines"
    spool.write_ntriples(graph, lines, kept, removed, (b"<urn:x>", b"<https://example.org/build>"))
    every = [line for i in range(3) for line in chunk_text(i).splitlines(keepends=True)]
    every += [f"<https://example.org/n{i}> <https://example.org/by> <urn:x> .\n".encode() for i in (1, 2)]
    assert lines.read_bytes() == b"".join(sorted(every))
    renamed = {line.replace(b"<urn:x>", b"<https://example.org/build>") for line in every}
    assert graph.read_bytes() == b"".join(sorted(renamed))
    assert spool.triples == len(renamed) == 9
    assert spool.lines_digest == hashlib.sha256(lines.read_bytes()).hexdigest()

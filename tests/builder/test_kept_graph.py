"""The last build's lines and their ledger of chunks (graph_builder.kept_graph)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policykg.graph_builder.cache import BuildCache
from policykg.graph_builder.kept_graph import (
    ENTITY,
    WORK,
    ChunkLedger,
    ChunkSink,
    Unpatchable,
    changes,
    fetch,
    keep_ledger,
    kept_lines,
    last_graph,
    new_duplicates_file,
    placeholder,
)
from policykg.graph_builder.rdf.spool import TripleSpool
from policykg.iris import IriScheme

BASE = "https://example.org/"
PLACEHOLDER = placeholder(IriScheme(BASE))


def line(n: int) -> bytes:
    return f"<https://example.org/n{n}> <https://example.org/p> <https://example.org/o> .\n".encode()


def spooled(spool: TripleSpool) -> set[bytes]:
    return {lines for chunk in spool.chunks for lines in chunk.read_bytes().splitlines(keepends=True)}


def test_without_last_lines_every_chunk_is_spooled_and_noted(tmp_path: Path) -> None:
    spool = TripleSpool(tmp_path / "spool")
    sink = ChunkSink(spool)
    sink.add(ENTITY, "e1", line(1))
    sink.add(WORK, "w1", line(2))
    sink.add_part(line(3))
    sink.add_part(b"")
    sink.flush()
    assert spooled(spool) == {line(1), line(2), line(3)}
    assert sink.now.keyed == {ENTITY: {"e1"}, WORK: {"w1"}}
    assert list(sink.now.parts.values()) == [line(3)]
    assert sink.gone(ENTITY) == set() and sink.removed.chunks == []


def test_with_last_lines_only_new_chunks_are_spooled_and_gone_ones_removed(tmp_path: Path) -> None:
    last = ChunkLedger({ENTITY: {"e1", "e2"}, WORK: {"w1"}}, {hashlib.sha256(line(9)).hexdigest(): line(9)})
    spool = TripleSpool(tmp_path / "spool")
    sink = ChunkSink(spool, last)
    assert sink.held(ENTITY, "e1") and not sink.held(WORK, "e1")
    sink.add(ENTITY, "e1", None)  # held: its bytes are not needed
    sink.add(ENTITY, "e3", line(3))
    sink.add(WORK, "w1", line(4))
    sink.add_part(line(5))
    assert sink.gone(ENTITY) == {"e2"} and sink.gone(WORK) == set()
    sink.remove(ENTITY, {"e2": line(2)}, {"e2"})
    sink.flush()
    assert spooled(spool) == {line(3), line(5)}
    assert spooled(sink.removed) == {line(2), line(9)}  # the gone entity and the gone part
    with pytest.raises(Unpatchable):
        sink.remove(WORK, {}, {"w0"})
    with pytest.raises(ValueError):
        sink.add(ENTITY, "e4", None)
    with pytest.raises(Unpatchable):  # written again under a key whose old bytes the lines hold
        sink.add(WORK, "w1", line(6), fresh=True)


def test_a_keyed_part_is_made_only_when_the_last_lines_lack_it(tmp_path: Path) -> None:
    last = ChunkLedger(parts={"links-a": line(1), "links-b": line(2)})
    spool = TripleSpool(tmp_path / "spool")
    sink = ChunkSink(spool, last)
    made = []
    sink.add_keyed_part("links-a", lambda: made.append("a") or line(1))
    sink.add_keyed_part("links-c", lambda: made.append("c") or line(3))
    sink.flush()
    assert made == ["c"] and spooled(spool) == {line(3)}
    assert sink.now.parts == {"links-a": line(1), "links-c": line(3)}  # kept for the next build
    assert spooled(sink.removed) == {line(2)}


def test_the_changes_of_a_patch_are_the_lines_added_or_removed_on_balance(tmp_path: Path) -> None:
    """Lines written again cancel out, and the placeholder in a changed line is the build's IRI."""
    stand_in = f"<{PLACEHOLDER}>".encode()
    by = f"<https://example.org/n1> <https://example.org/by> <{PLACEHOLDER}> .\n".encode()
    ended = f'<{PLACEHOLDER}> <https://example.org/ended> "2" .\n'.encode()
    provenance = by + line(4)
    parts = {hashlib.sha256(provenance).hexdigest(): provenance}
    last = ChunkLedger({ENTITY: {"e1"}, WORK: set()}, parts, graph="last graph")
    sink = ChunkSink(TripleSpool(tmp_path / "spool"), last)
    sink.add(ENTITY, "e2", line(1) + line(2) + by)
    sink.add_part(by + ended)  # the new provenance
    sink.remove(ENTITY, {"e1": line(1) + line(3) + by}, {"e1"})
    sink.flush()  # and the old provenance goes
    found = changes(sink, last, "https://example.org/b1", stand_in, limit=10)
    assert found is not None and found.graph == "last graph"
    # Added: line 2, the end and the placeholder line twice; removed: lines 3 and 4 and it twice.
    named = ended.replace(stand_in, b"<https://example.org/b1>")
    assert sorted(found.lines) == sorted([line(2), line(3), line(4), named])
    assert changes(sink, last, "https://example.org/b1", stand_in, limit=3) is None


def test_fetch_takes_the_chunks_that_can_be_read(tmp_path: Path) -> None:
    kept = {"a": line(0), "b": None}
    assert fetch(kept.get, {"a", "b", "c"}) == {"a": line(0)}


def test_the_placeholder_sorts_among_lines_as_every_build_iri_does() -> None:
    scheme = IriScheme(BASE)
    builds = [scheme.build(f"{n:016x}") for n in (0, 2**63, 2**64 - 1)]
    others = [f"{BASE}id/agent/policykg-1", f"{BASE}id/base/x", f"{BASE}id/document/ab", f"{BASE}id/c"]
    for build in builds:
        assert len(build) == len(PLACEHOLDER) and build != PLACEHOLDER
        assert [o < build for o in others] == [o < PLACEHOLDER for o in others]


def keep(tmp_path: Path, graph_lines: bytes, repeated: bytes, build: str) -> Path:
    """Keep a build's ledger and duplicates as a build does, with its ``graph_lines`` as its graph.nt."""
    kept = BuildCache(tmp_path / "cache")
    written, name = new_duplicates_file(kept, BASE)
    written.write_bytes(repeated)
    graph = tmp_path / "graph.nt"
    graph.write_bytes(graph_lines)
    spool = TripleSpool(tmp_path / "spool")  # what the spool wrote
    spool.duplicates_digest = hashlib.sha256(repeated).hexdigest()
    spool.graph_digest, spool.graph_size = hashlib.sha256(graph_lines).hexdigest(), len(graph_lines)
    keep_ledger(kept, BASE, ChunkLedger({ENTITY: {"e1"}, WORK: set()}, {}, name), written, spool, build)
    return graph


def lines_of(last, stand_in: bytes) -> list[bytes]:
    with kept_lines(last, stand_in) as blocks:
        return [line for block in blocks for line in block]


def test_the_kept_lines_are_the_last_graph_with_the_placeholder_back_and_its_duplicates(
    tmp_path: Path,
) -> None:
    build = IriScheme(BASE).build("0123456789abcdef")
    by = f"<{BASE}n1> <{BASE}by> <{build}> .\n".encode()
    graph = keep(tmp_path, by + line(1) + line(3), line(3), build)  # sorted, as graph.nt is
    last = last_graph(BuildCache(tmp_path / "cache"), BASE, graph)
    assert last is not None and last.ledger.keyed[ENTITY] == {"e1"}
    stand_in = f"<{PLACEHOLDER}>".encode()
    assert lines_of(last, stand_in) == [
        by.replace(f"<{build}>".encode(), stand_in),
        line(1),
        line(3),
        line(3),
    ]
    assert last_graph(BuildCache(tmp_path / "cache"), "https://example.com/", graph) is None  # another base
    assert last_graph(BuildCache(tmp_path / "cache", reading=False), BASE, graph) is None


def test_a_last_graph_that_is_not_the_one_kept_is_not_patched(tmp_path: Path) -> None:
    build = IriScheme(BASE).build("0123456789abcdef")
    graph = keep(tmp_path, line(1) + line(2), line(2), build)
    graph.write_bytes(line(1) + line(2) + line(3))  # another build's graph
    assert last_graph(BuildCache(tmp_path / "cache"), BASE, graph) is None
    graph.write_bytes(line(1) + line(3))  # as long, but not the one kept: found out as it is read
    last = last_graph(BuildCache(tmp_path / "cache"), BASE, graph)
    assert last is not None
    with pytest.raises(Unpatchable):
        lines_of(last, b"<urn:x>")
    graph.unlink()
    assert last_graph(BuildCache(tmp_path / "cache"), BASE, graph) is None


def test_duplicates_that_are_not_the_ones_kept_are_not_read(tmp_path: Path) -> None:
    graph = keep(tmp_path, line(1) + line(2), line(2), IriScheme(BASE).build("0123456789abcdef"))
    (duplicates,) = (tmp_path / "cache").glob("*.duplicates")
    duplicates.write_bytes(line(3))
    assert last_graph(BuildCache(tmp_path / "cache"), BASE, graph) is None

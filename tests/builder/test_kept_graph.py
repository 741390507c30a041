"""The last build's lines and their ledger of chunks (graph_builder.kept_graph)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policykg.graph_builder.cache import BuildCache
from policykg.graph_builder.kept_graph import (
    ENTITY,
    PLACEHOLDER,
    WORK,
    ChunkLedger,
    ChunkSink,
    Unpatchable,
    changes,
    fetch,
    keep_ledger,
    last_ledger,
    new_lines_file,
)
from policykg.graph_builder.rdf.spool import TripleSpool

BASE = "https://example.org/"


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
    """Lines written again cancel out, with chunks' placeholder and the last build's IRI taken as this
    build's (the last graph's provenance names the last build)."""
    by = "<https://example.org/n1> <https://example.org/by> {} .\n"
    provenance = by.format("<https://example.org/b0>").encode()
    parts = {hashlib.sha256(provenance).hexdigest(): provenance}
    last = ChunkLedger(
        {ENTITY: {"e1"}, WORK: set()}, parts, graph="last graph", build="https://example.org/b0"
    )
    sink = ChunkSink(TripleSpool(tmp_path / "spool"), last)
    sink.add(ENTITY, "e2", line(1) + line(2) + by.format(f"<{PLACEHOLDER}>").encode())
    sink.add_part(by.format("<https://example.org/b1>").encode())  # the new provenance
    sink.remove(ENTITY, {"e1": line(1) + line(3) + by.format(f"<{PLACEHOLDER}>").encode()}, {"e1"})
    sink.flush()  # and the old provenance goes
    found = changes(sink, last, "https://example.org/b1", limit=10)
    assert found is not None and found.graph == "last graph"
    # Added: the placeholder line, the new provenance; removed: the same two (as renamed).
    assert sorted(found.lines) == [line(2), line(3)]
    assert changes(sink, last, "https://example.org/b1", limit=1) is None


def test_fetch_takes_the_chunks_that_can_be_read(tmp_path: Path) -> None:
    kept = {"a": line(0), "b": None}
    assert fetch(kept.get, {"a", "b", "c"}) == {"a": line(0)}


def test_kept_lines_are_read_back_only_whole(tmp_path: Path) -> None:
    kept = BuildCache(tmp_path)
    written, name = new_lines_file(kept, BASE)
    written.write_bytes(line(1) + line(2))
    ledger = ChunkLedger({ENTITY: {"e1"}, WORK: set()}, {}, name)
    spool = TripleSpool(tmp_path / "spool")
    spool.lines_digest = hashlib.sha256(line(1) + line(2)).hexdigest()  # what the spool wrote
    keep_ledger(kept, BASE, ledger, written, spool, "https://example.org/b0")
    found = last_ledger(BuildCache(tmp_path), BASE)
    assert (
        found is not None and found[0].keyed[ENTITY] == {"e1"} and found[1].read_bytes() == line(1) + line(2)
    )
    assert last_ledger(BuildCache(tmp_path), "https://example.com/") is None  # another base
    assert last_ledger(BuildCache(tmp_path, reading=False), BASE) is None
    found[1].write_bytes(line(1) + line(3))  # as long, but not the lines kept
    assert last_ledger(BuildCache(tmp_path), BASE) is None

"""The last build's graph kept so that a rebuild patches it: it removes the lines of the chunks that are
gone and merges in those of the new ones, rather than reading and merging every chunk again.

The lines of all chunks, duplicates kept, are the last build's graph.nt (each line once) and the lines
that more than one chunk gave (``duplicates``, kept in the cache with a ledger). Every chunk the writing
spools has a key: an entity's is its key in the entity table and a plan's its key in the cache
(``kept_works``), which hold their bytes; the other parts are keyed by a checksum of their bytes (plan
links, target series, the build's provenance) or of what they are written from (each document's entity
links), and the ledger keeps their bytes. Chunks hold a ``placeholder`` for the build's IRI, which has
the prefix and the length of every build's IRI, so that putting one for the other keeps the lines in
order: the spool puts the build's IRI in when it writes graph.nt, and a rebuild puts the placeholder back
as it reads it. A rebuild needs the bytes of each chunk that is gone; when one cannot be found, the kept
lines lack one of its lines, or graph.nt is not the file the ledger describes, the build merges every
chunk again (``Unpatchable``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from policykg.graph_builder.cache import BuildCache, software_fingerprint
from policykg.graph_builder.rdf.sorted_lines import BLOCK_BYTES, Blocks, blocks, difference, merge
from policykg.graph_builder.rdf.spool import TripleSpool
from policykg.iris import IriScheme

#: The hash in the build IRI every chunk is written with: as long as a build's, and not hexadecimal.
_PLACEHOLDER_HASH = "x" * 16
#: The kinds of keyed chunks whose bytes are kept elsewhere (the entity table, the cache).
ENTITY, WORK = "entity", "work"
#: About how many bytes of chunks go into one spool file.
_PIECE_BYTES = 8 << 20


def placeholder(scheme: IriScheme) -> str:
    """The build IRI every chunk is written with, replaced by the build's own IRI in graph.nt."""
    return scheme.build(_PLACEHOLDER_HASH)


class Unpatchable(Exception):
    """The last build's lines cannot be patched into this build's: every chunk is merged again."""


@dataclass
class ChunkLedger:
    """Which chunks a graph's lines came from: the keys of its entities and plans, and its other parts."""

    keyed: dict[str, set[str]] = field(default_factory=lambda: {ENTITY: set(), WORK: set()})
    parts: dict[str, bytes] = field(default_factory=dict)
    #: The name of the file of duplicate lines in the cache, and its SHA-256 (one that differs is not read).
    duplicates: str = ""
    digest: str = ""
    #: The SHA-256 and size of the graph.nt written with them, and the IRI of its build.
    graph: str = ""
    size: int = -1
    build: str = ""


@dataclass(frozen=True)
class LastGraph:
    """What a rebuild patches: the last build's ledger, its graph.nt and its duplicate lines."""

    ledger: ChunkLedger
    graph: Path
    duplicates: Path


def _name(base: str) -> str:
    return "graph-" + hashlib.sha256(json.dumps([software_fingerprint(), base]).encode()).hexdigest()[:32]


def last_graph(kept: BuildCache | None, base: str, graph: Path) -> LastGraph | None:
    """The ledger and duplicate lines the last build kept for this software and base, with its ``graph``
    (graph.nt, checked as it is read: ``kept_lines``), or None."""
    if kept is None:
        return None
    path = kept.kept_file(f"{_name(base)}.ledger")
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            ledger = pickle.load(stream)
    except Exception:  # a damaged or foreign ledger is a miss
        return None
    if not isinstance(ledger, ChunkLedger) or not ledger.duplicates:
        return None
    duplicates = kept.kept_file(ledger.duplicates, keep=False)
    if duplicates is None or _digest(duplicates) != ledger.digest:
        return None
    try:
        if graph.stat().st_size != ledger.size:
            return None
    except OSError:
        return None
    return LastGraph(ledger, graph, duplicates)


@contextmanager
def kept_lines(last: LastGraph, placeholder_nt: bytes) -> Iterator[Blocks]:
    """The last build's lines, sorted, duplicates kept, with the placeholder for its build's IRI.

    Unpatchable once they are read if graph.nt is not the file the ledger describes."""
    with last.graph.open("rb") as graph, last.duplicates.open("rb") as duplicates:
        yield merge(_graph_lines(graph, last.ledger, placeholder_nt), blocks(duplicates))


def _graph_lines(stream: BinaryIO, ledger: ChunkLedger, placeholder_nt: bytes) -> Blocks:
    """The lines of a graph.nt a block at a time, its build's IRI replaced by the placeholder (which keeps
    their order), checked against the ledger's SHA-256 at the end."""
    digest, build, tail = hashlib.sha256(), f"<{ledger.build}>".encode(), b""
    while data := stream.read(BLOCK_BYTES):
        digest.update(data)
        data = tail + data
        end = data.rfind(b"\n") + 1
        text, tail = data[:end], data[end:]
        if text:
            yield text.replace(build, placeholder_nt).splitlines(keepends=True)
    if tail or digest.hexdigest() != ledger.graph:
        raise Unpatchable("graph.nt is not the graph the last build wrote")


def _digest(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def new_duplicates_file(kept: BuildCache, base: str) -> tuple[Path, str]:
    """A temporary path for this build's duplicate lines, and the name ``keep_ledger`` keeps them under."""
    name = f"{_name(base)}-{secrets.token_hex(6)}.duplicates"
    return kept.new_file(name), name


def keep_ledger(
    kept: BuildCache, base: str, ledger: ChunkLedger, written: Path, spool: TripleSpool, build: str
) -> None:
    """Keep this build's duplicate lines (written at a ``new_duplicates_file`` path by ``spool``, which
    wrote graph.nt for the build ``build``) and their ledger for the next build."""
    ledger.digest, ledger.graph, ledger.size = spool.duplicates_digest, spool.graph_digest, spool.graph_size
    ledger.build = build
    kept.keep_file(written, ledger.duplicates)
    path = kept.new_file(f"{_name(base)}.ledger")
    with path.open("wb") as stream:
        pickle.dump(ledger, stream, protocol=pickle.HIGHEST_PROTOCOL)
    kept.keep_file(path, f"{_name(base)}.ledger")


@dataclass(frozen=True)
class Changes:
    """The lines a patch removed or added on balance (the build's IRI in place), and the SHA-256 of the
    graph.nt they changed: a superset of the lines in which the two graphs differ (a removed line may
    still come from another chunk)."""

    graph: str
    lines: tuple[bytes, ...]


def changes(sink: ChunkSink, last: ChunkLedger, build: str, stand_in: bytes, limit: int) -> Changes | None:
    """The lines the sink's patch of ``last`` changes in the graph of ``build``: those it added more often
    than it removed, or removed more often than it added (a chunk written again keeps most of its lines),
    found by walking the two spools' sorted lines (in flat memory), with the build's IRI for the
    placeholder ``stand_in`` (every chunk names the build by it). None if there are more than ``limit``."""
    named = f"<{build}>".encode()
    found: list[bytes] = []
    with sink.spool.sorted_blocks() as added, sink.removed.sorted_blocks() as removed:
        for line, _ in difference(added, removed):
            found.append(line.replace(stand_in, named))
            if len(found) > limit:
                return None
    return Changes(last.graph, tuple(found))


class ChunkSink:
    """Where the writing puts its chunks: each is noted in this build's ledger and spooled, unless the last
    build's lines hold it already. The chunks that are gone are spooled apart, in ``removed``."""

    def __init__(self, spool: TripleSpool, last: ChunkLedger | None = None) -> None:
        self.spool = spool
        self.last = last
        self.now = ChunkLedger()
        self.removed = TripleSpool(spool.folder / "removed")
        self._piece: list[bytes] = []
        self._size = 0

    def held(self, kind: str, key: str) -> bool:
        """True if the last build's lines hold this chunk (the writing need not read or make its bytes)."""
        return self.last is not None and key in self.last.keyed[kind]

    def add(self, kind: str, key: str, chunk: bytes | None, fresh: bool = False) -> None:
        """Note a keyed chunk (None for one the last lines hold) and spool it unless they hold it.

        ``fresh``: written by this build (not read from where the last build kept it). A fresh chunk under
        a key the last lines hold may differ from the bytes they hold (a plan's key does not cover the
        IRIs of the entities it names), which are then lost: Unpatchable."""
        if fresh and self.held(kind, key):
            raise Unpatchable(f"the {kind} chunk {key} was written again")
        self.now.keyed[kind].add(key)
        if not self.held(kind, key):
            if chunk is None:
                raise ValueError(f"no bytes for the {kind} chunk {key}")
            self._spool(chunk)

    def add_part(self, chunk: bytes) -> None:
        """Note and spool a chunk keyed by its bytes."""
        if chunk:
            self.add_keyed_part(hashlib.sha256(chunk).hexdigest(), lambda: chunk)

    def add_keyed_part(self, key: str, make: Callable[[], bytes]) -> None:
        """Note a part whose bytes the ledger keeps, under a key of what makes it, and spool it; ``make``
        is called only when the last lines do not hold it."""
        if self.last is not None and key in self.last.parts:
            self.now.parts[key] = self.last.parts[key]
            return
        chunk = self.now.parts[key] = make()
        if chunk:
            self._spool(chunk)

    def _spool(self, chunk: bytes) -> None:
        """Spool chunks in pieces of about ``_PIECE_BYTES`` (one sorted spool file each)."""
        self._piece.append(chunk)
        self._size += len(chunk)
        if self._size >= _PIECE_BYTES:
            self._flush_piece()

    def _flush_piece(self) -> None:
        self.spool.add_ntriples(b"".join(self._piece))
        self._piece, self._size = [], 0

    def gone(self, kind: str) -> set[str]:
        """The keys of the last build's chunks of this kind that this build has not noted (so far)."""
        return self.last.keyed[kind] - self.now.keyed[kind] if self.last is not None else set()

    def remove(self, kind: str, chunks: dict[str, bytes], keys: set[str]) -> None:
        """Gather the bytes of the gone chunks ``keys`` from ``chunks``; Unpatchable if one is missing."""
        if self.last is None:
            return
        missing = keys - chunks.keys()
        if missing:
            raise Unpatchable(f"{len(missing)} {kind} chunks of the last build are no longer kept")
        if keys:
            self.removed.add_ntriples(b"".join(chunks[key] for key in keys))

    def flush(self) -> None:
        """Spool the chunks not spooled yet, and the parts of the last build that are gone."""
        if self._piece:
            self._flush_piece()
        if self.last is not None:
            gone = [chunk for key, chunk in self.last.parts.items() if key not in self.now.parts]
            if gone:
                self.removed.add_ntriples(b"".join(gone))


def fetch(read: Callable[[str], bytes | None], keys: set[str]) -> dict[str, bytes]:
    """The chunks ``read`` finds for ``keys`` (None for one it cannot)."""
    return {key: chunk for key in keys if (chunk := read(key)) is not None}

"""Triples spooled to disk in sorted N-Triples chunks and merged into one sorted file, in flat memory.

A corpus build writes each plan's triples as one chunk as soon as it is made; the chunks are then
merged (a k-way merge of sorted files) into ``graph.nt`` without duplicates, counting the triples and
the entities of each class on the way. Turtle and JSON-LD are streamed from that file by Oxigraph. No
step holds the whole graph in memory, so a build's memory does not grow with the corpus.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib.term import Node

from policykg.graph_builder.rdf.serialize import ntriples
from policykg.ontology.namespaces import PKG, PREFIXES

_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_CLASS_PREFIX = f"<{PKG}".encode()
#: What a line typing a node with one of our classes holds (a quick test before the line is split).
_TYPED = b"#type> <" + _CLASS_PREFIX[1:]
_LINES_PER_WRITE = 10_000
_STREAMED = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD}


class TripleSpool:
    """Sorted N-Triples chunks in a folder, merged on demand into one sorted stream without duplicates."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.chunks: list[Path] = []
        self.triples = 0
        self.classes: Counter[str] = Counter()

    def add(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Write triples as one sorted chunk."""
        path = self.folder / f"chunk-{len(self.chunks):06d}.nt"
        path.write_bytes(ntriples(triples))
        self.chunks.append(path)

    def add_ntriples(self, nt: bytes) -> None:
        """Write N-Triples text (any order) as one sorted chunk."""
        path = self.folder / f"chunk-{len(self.chunks):06d}.nt"
        path.write_bytes(b"".join(sorted(set(nt.splitlines(keepends=True)))))
        self.chunks.append(path)

    def lines(self) -> Iterator[bytes]:
        """Every distinct line of the chunks, in sorted order."""
        files = [path.open("rb") for path in self.chunks]
        try:
            previous = None
            for line in heapq.merge(*files):
                if line != previous:
                    previous = line
                    yield line
        finally:
            for stream in files:
                stream.close()

    def write_ntriples(self, stream: BinaryIO) -> None:
        """Write the merged graph as N-Triples, counting its triples and the entities of each class."""
        self.triples = 0
        self.classes = Counter()
        batch: list[bytes] = []
        for line in self.lines():
            batch.append(line)
            if _TYPED in line:
                _, predicate, rest = line.split(b" ", 2)
                if predicate == _TYPE and rest.startswith(_CLASS_PREFIX):
                    self.classes[rest[len(_CLASS_PREFIX) : rest.index(b">")].decode()] += 1
            if len(batch) >= _LINES_PER_WRITE:
                self.triples += len(batch)
                stream.write(b"".join(batch))
                batch = []
        self.triples += len(batch)
        stream.write(b"".join(batch))


def convert_ntriples(source: Path, stream: BinaryIO, rdf_format: str) -> None:
    """Stream an N-Triples file into ``turtle`` or ``json-ld`` with the project's prefixes."""
    with source.open("rb") as input_stream:
        ox.serialize(
            ox.parse(input_stream, format=ox.RdfFormat.N_TRIPLES),
            stream,
            _STREAMED[rdf_format],
            prefixes={p: str(ns) for p, ns in PREFIXES.items()},
        )

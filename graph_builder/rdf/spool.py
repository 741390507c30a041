"""Triples spooled to disk in sorted N-Triples chunks and merged into one sorted file, in flat memory.

A corpus build writes each plan's triples as one chunk as soon as it is made; the chunks are then
merged (a k-way merge of sorted files, by GNU sort when there is one) into ``graph.nt`` without
duplicates, and the triples and the entities of each class are counted. Turtle and JSON-LD are
streamed from that file by Oxigraph. No step holds the whole graph in memory, so a build's memory does
not grow with the corpus.
"""

from __future__ import annotations

import heapq
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib.term import Node

from policykg.graph_builder.rdf.serialize import ntriples
from policykg.ontology.namespaces import PKG, PREFIXES

_CLASS_PREFIX = f"<{PKG}".encode()
#: A line that types its subject with one of our classes (the class's local name captured).
_TYPED_LINE = re.compile(
    rb" <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> " + re.escape(_CLASS_PREFIX) + rb"([^>]*)> \.\n"
)
_LINES_PER_WRITE = 10_000
_BLOCK_BYTES = 1 << 20
#: Files merged at once (each an open file; the process may hold 1,024).
_FAN_IN = 500
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
        """Write N-Triples text (any order) as one sorted chunk (duplicates go when chunks are merged)."""
        path = self.folder / f"chunk-{len(self.chunks):06d}.nt"
        path.write_bytes(b"".join(sorted(nt.splitlines(keepends=True))))
        self.chunks.append(path)

    def write_ntriples(self, path: Path) -> None:
        """Write the merged graph to ``path`` as sorted N-Triples without duplicates, then count its triples
        and the entities of each class.

        GNU ``sort -m -u`` merges the chunks (in C, at most ``_FAN_IN`` files at once, through temporary
        files in the spool's folder beyond that); without it, Python merges them the same way.
        """
        sort = shutil.which("sort")
        with path.open("wb") as stream:
            if sort is not None:
                self._sort_merge(sort, stream)
            else:
                self._merge(self.chunks, stream)
        self.triples, self.classes = _counts(path)

    def _sort_merge(self, sort: str, stream: BinaryIO) -> None:
        names = self.folder / "chunks.list"
        names.write_bytes(b"".join(bytes(chunk) + b"\0" for chunk in self.chunks))
        command = [
            sort,
            "-m",
            "-u",
            f"--batch-size={_FAN_IN}",
            "-T",
            str(self.folder),
            f"--files0-from={names}",
        ]
        done = subprocess.run(
            command, stdout=stream, stderr=subprocess.PIPE, env={"LC_ALL": "C"}, check=False
        )
        if done.returncode != 0:
            raise OSError(f"cannot merge the graph's chunks: {done.stderr.decode(errors='replace').strip()}")

    def _merge(self, chunks: list[Path], stream: BinaryIO, level: int = 0) -> None:
        """Merge sorted files into ``stream`` without duplicates, ``_FAN_IN`` files at a time."""
        if len(chunks) > _FAN_IN:
            merged = []
            for start in range(0, len(chunks), _FAN_IN):
                path = self.folder / f"merged-{level}-{start:06d}.nt"
                with path.open("wb") as out:
                    self._merge(chunks[start : start + _FAN_IN], out)
                merged.append(path)
            self._merge(merged, stream, level + 1)
            return
        files = [path.open("rb") for path in chunks]
        try:
            previous = None
            batch: list[bytes] = []
            for line in heapq.merge(*files):
                if line != previous:
                    previous = line
                    batch.append(line)
                    if len(batch) >= _LINES_PER_WRITE:
                        stream.write(b"".join(batch))
                        batch = []
            stream.write(b"".join(batch))
        finally:
            for file in files:
                file.close()


def _counts(path: Path) -> tuple[int, Counter[str]]:
    """The lines of an N-Triples file and how many nodes it types with each of our classes."""
    lines, classes = 0, Counter()
    rest = b""
    with path.open("rb") as stream:
        while block := stream.read(_BLOCK_BYTES):
            block = rest + block
            end = block.rfind(b"\n") + 1
            lines += block.count(b"\n", 0, end)
            classes.update(match.decode() for match in _TYPED_LINE.findall(block, 0, end))
            rest = block[end:]
    return lines + (1 if rest.strip() else 0), classes


def convert_ntriples(source: Path, stream: BinaryIO, rdf_format: str) -> None:
    """Stream an N-Triples file into ``turtle`` or ``json-ld`` with the project's prefixes."""
    with source.open("rb") as input_stream:
        ox.serialize(
            ox.parse(input_stream, format=ox.RdfFormat.N_TRIPLES),
            stream,
            _STREAMED[rdf_format],
            prefixes={p: str(ns) for p, ns in PREFIXES.items()},
        )

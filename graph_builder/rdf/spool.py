"""Triples spooled to disk in sorted N-Triples chunks and merged into one sorted file, in flat memory.

A corpus build writes each plan's triples as one chunk as soon as it is made; the chunks are then
merged (a k-way merge of sorted files, by GNU sort when there is one) into ``graph.nt`` without
duplicates, and the triples and the entities of each class are counted. The same pass can keep the
lines merged more than once, and a later build merge the chunks into graph.nt and those lines less the
lines of chunks that are gone (``kept_graph``), rather than merge every chunk again. Turtle and JSON-LD are
converted from that file (``group_conversion``). No step holds the whole graph in memory, so a build's
memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import secrets
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

from policykg.graph_builder.rdf.sorted_lines import Blocks, batched, blocks, merge, subtract
from policykg.ontology.namespaces import PKG

_CLASS_PREFIX = f"<{PKG}".encode()
#: A line that types its subject with one of our classes (the class's local name captured).
_TYPED_LINE = re.compile(
    rb" <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> " + re.escape(_CLASS_PREFIX) + rb"([^>]*)> \.\n"
)
#: Files merged at once (each an open file; the process may hold 1,024).
_FAN_IN = 500


class TripleSpool:
    """Sorted N-Triples chunks in a folder, merged on demand into one sorted stream without duplicates."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.chunks: list[Path] = []
        self.triples = 0
        self.classes: Counter[str] = Counter()
        #: The SHA-256 of the lines ``write_ntriples`` wrote to its ``duplicates`` file, and of the graph,
        #: and the graph's size.
        self.duplicates_digest = self.graph_digest = ""
        self.graph_size = 0

    def add_ntriples(self, nt: bytes) -> None:
        """Write N-Triples text (any order) as one sorted chunk (duplicates go when chunks are merged)."""
        path = self.folder / f"chunk-{len(self.chunks):06d}.nt"
        path.write_bytes(b"".join(sorted(nt.splitlines(keepends=True))))
        self.chunks.append(path)

    def write_ntriples(
        self,
        path: Path,
        duplicates: Path | None = None,
        kept: Blocks | None = None,
        removed: TripleSpool | None = None,
        renamed: tuple[bytes, bytes] | None = None,
    ) -> None:
        """Write the merged graph to ``path`` as sorted N-Triples without duplicates, and count its triples
        and the entities of each class.

        ``kept`` are sorted lines merged in with the chunks, less the lines of the chunks of ``removed``
        (the last build's lines patched, see kept_graph; LinesMissing if they lack one); ``duplicates``
        receives the lines merged more than once, as often as they were beyond the first, so that the
        graph and they are every line merged, for the next build to patch; ``renamed`` is a term and the
        one that stands for it in ``path`` (the build IRI for its placeholder), which must sort alike.
        """
        with ExitStack() as stack:
            merged = stack.enter_context(self.sorted_blocks())
            if kept is not None:
                if removed is not None:
                    kept = subtract(kept, stack.enter_context(removed.sorted_blocks()))
                merged = merge(kept, merged)
            stream = stack.enter_context(path.open("wb"))
            repeated = stack.enter_context(duplicates.open("wb")) if duplicates is not None else None
            self._write_unique(merged, stream, repeated, renamed)

    def _write_unique(
        self,
        merged: Iterable[list[bytes]],
        stream: BinaryIO,
        repeated: BinaryIO | None,
        renamed: tuple[bytes, bytes] | None,
    ) -> None:
        """Write sorted blocks of lines to ``stream`` renamed, once each, and the lines beyond the first of
        each to ``repeated``; count them."""
        self.triples, self.classes = 0, Counter()
        digest, written = hashlib.sha256(), hashlib.sha256()
        previous = b""
        for block in merged:
            if not block:
                continue
            unique = dict.fromkeys(block)
            if repeated is not None and (len(unique) < len(block) or block[0] == previous):
                extra = b"".join(_repeated(block, previous))
                repeated.write(extra)
                digest.update(extra)
            unique.pop(previous, None)
            previous = block[-1]
            if not unique:
                continue
            out = b"".join(unique)
            if renamed is not None and renamed[0] in out:
                out = out.replace(*renamed)
            stream.write(out)
            written.update(out)
            self.triples += len(unique)
            self.classes.update(match.decode() for match in _TYPED_LINE.findall(out))
        self.duplicates_digest, self.graph_digest = digest.hexdigest(), written.hexdigest()
        self.graph_size = stream.tell()

    @contextmanager
    def sorted_blocks(self) -> Iterator[Blocks]:
        """The lines of every chunk, sorted (duplicates kept), a block at a time.

        GNU ``sort -m`` merges the chunks (in C, at most ``_FAN_IN`` files at once, through temporary
        files in the spool's folder beyond that); without it, Python merges them the same way.
        """
        sort = shutil.which("sort")
        if not self.chunks:
            yield iter(())
        elif sort is not None:
            with self._sort_merge(sort, self.chunks) as merged:
                yield blocks(merged)
        else:
            with ExitStack() as files:
                yield batched(self._merge([files.enter_context(p.open("rb")) for p in self.chunks]))

    @contextmanager
    def _sort_merge(self, sort: str, sources: list[Path]) -> Iterator[BinaryIO]:
        """The sorted lines of ``sources`` (duplicates kept), merged by GNU sort."""
        names = self.folder / f"chunks-{secrets.token_hex(4)}.list"
        names.write_bytes(b"".join(bytes(chunk) + b"\0" for chunk in sources))
        command = [sort, "-m", f"--batch-size={_FAN_IN}", "-T", str(self.folder), f"--files0-from={names}"]
        with tempfile.TemporaryFile() as errors:
            merging = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env={"LC_ALL": "C"})
            assert merging.stdout is not None
            try:
                yield merging.stdout  # type: ignore[misc]
            except BaseException:
                merging.kill()
                raise
            finally:
                merging.stdout.close()
                merging.wait()
            if merging.returncode != 0:
                errors.seek(0)
                said = errors.read().decode(errors="replace").strip()
                raise OSError(f"cannot merge the graph's chunks: {said}")

    def _merge(self, files: list[BinaryIO], level: int = 0) -> Iterator[bytes]:
        """The sorted lines of sorted ``files`` (duplicates kept), ``_FAN_IN`` files at a time."""
        if len(files) <= _FAN_IN:
            yield from heapq.merge(*files)
            return
        merged = []
        for start in range(0, len(files), _FAN_IN):
            path = self.folder / f"merged-{level}-{start:06d}.nt"
            with path.open("wb") as out:
                for batch in batched(heapq.merge(*files[start : start + _FAN_IN])):
                    out.write(b"".join(batch))
            merged.append(path)
        with ExitStack() as opened:
            yield from self._merge([opened.enter_context(p.open("rb")) for p in merged], level + 1)


def _repeated(block: list[bytes], previous: bytes) -> Iterator[bytes]:
    """The lines of a sorted block that equal the line before them (``previous`` before the first)."""
    for line in block:
        if line == previous:
            yield line
        previous = line

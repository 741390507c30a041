"""Find lines in sorted N-Triples (a build's graph.nt, or its bytes) without reading them all in Python:
by offset (a line at a byte, the subjects of a stretch) and by the terms they hold.

The checks read a large graph.nt a few kilobytes at a time where they look, rather than mapping it into
memory (mapped pages count as the process's own) or reading it through: by bisection for the lines of
given nodes (``shapes_delta``), and at the cuts between stretches of whole subjects that several processes
check apart (``shapes_windows``). The lines that hold given terms anywhere are found by ``grep -F``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO


class LinesAt:
    """The lines of sorted N-Triples, read by offset (``read(size, offset)`` gives the bytes there)."""

    _WINDOW = 4096

    def __init__(self, read: Callable[[int, int], bytes], size: int) -> None:
        self.read, self.size = read, size

    @classmethod
    def of_descriptor(cls, descriptor: int) -> LinesAt:
        """The lines of an open file, read by ``os.pread``."""
        return cls(lambda size, offset: os.pread(descriptor, size, offset), os.fstat(descriptor).st_size)

    @classmethod
    def of_bytes(cls, data: bytes) -> LinesAt:
        """The lines of bytes held in memory."""
        return cls(lambda size, offset: data[offset : offset + size], len(data))

    def first_from(self, prefix: bytes, low: int = 0) -> tuple[int, bytes]:
        """The offset and the text of the first line that sorts at or after ``prefix`` (b"" past the end),
        from ``low``: a line's start before which every line sorts before ``prefix``.

        The search gallops from ``low`` (steps doubling from one read window), then bisects: prefixes
        looked up in order, each from where the one before was found, cost a few reads each."""
        step, high = self._WINDOW, self.size
        while (probe := low + step) < self.size:
            start, line = self.after(probe)
            if not line or line >= prefix:
                high = probe
                break
            low, step = start + len(line), step * 2
        while low < high:
            middle = (low + high) // 2
            start, line = self.after(middle)
            if line and line < prefix:
                low = start + len(line)
            else:
                high = middle
        return self.after(low)

    def after(self, offset: int) -> tuple[int, bytes]:
        """The offset and the text of the first line that starts at or after ``offset``."""
        if offset == 0:
            return 0, self.at(0)
        position = offset - 1  # the line that holds this byte ends at the first newline from it
        while True:
            window = self.read(self._WINDOW, position)
            if not window:
                return self.size, b""
            newline = window.find(b"\n")
            if newline >= 0:
                break
            position += len(window)
        start, rest = position + newline + 1, window[newline + 1 :]
        end = rest.find(b"\n")
        return start, rest[: end + 1] if end >= 0 else self.at(start)

    def at(self, start: int) -> bytes:
        """The line that starts at ``start`` (b"" past the end)."""
        line = b""
        while chunk := self.read(self._WINDOW, start + len(line)):
            end = chunk.find(b"\n")
            if end >= 0:
                return line + chunk[: end + 1]
            line += chunk
        return line

    def next_subject(self, offset: int) -> int:
        """The offset of the first line from ``offset`` on whose subject is not that of the line before it
        (the size past the end): a cut that leaves each subject's consecutive lines on one side."""
        start, line = self.after(offset)
        if start == 0 or not line:
            return start
        subject = _subject(self._line_before(start))
        while line and _subject(line) == subject:
            start += len(line)
            line = self.at(start)
        return start

    def _line_before(self, start: int) -> bytes:
        """The line that ends just before ``start`` (a line's start, past the first)."""
        low = max(0, start - self._WINDOW)
        while True:
            window = self.read(start - low, low)
            newline = window.rfind(b"\n", 0, len(window) - 1)
            if newline >= 0 or low == 0:
                return window[newline + 1 :]
            low = max(0, low - self._WINDOW)

    def spans(self, parts: int) -> list[tuple[int, int]]:
        """About ``parts`` stretches of about equal size that cover the lines, each of whole subjects."""
        cuts = [0]
        for n in range(1, parts):
            cut = self.next_subject(self.size * n // parts)
            if cuts[-1] < cut < self.size:
                cuts.append(cut)
        cuts.append(self.size)
        return [(start, stop) for start, stop in pairwise(cuts) if start < stop]


def _subject(line: bytes) -> bytes:
    return line[: line.find(b" ")]


class FileSpan(io.RawIOBase):
    """The bytes ``[start, stop)`` of a file, as a stream of their own (read by ``os.pread``)."""

    def __init__(self, path: Path, start: int, stop: int) -> None:
        super().__init__()
        self._descriptor = os.open(path, os.O_RDONLY)
        self._position, self._stop = start, stop

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = os.pread(self._descriptor, min(len(buffer), self._stop - self._position), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._descriptor)
        super().close()


@contextmanager
def lines_holding(path: Path, terms: set[bytes]) -> Iterator[BinaryIO]:
    """A stream of the lines of ``path`` that hold one of ``terms`` anywhere, and maybe others (callers
    look closer); OSError when they cannot be read.

    ``grep -F`` finds them, in a process of its own (many fixed strings at once, at the speed of reading the
    file); without grep, the stream is the whole file.
    """
    grep = shutil.which("grep")
    if not terms:
        yield io.BytesIO()
        return
    if grep is None:
        with path.open("rb") as stream:
            yield stream
        return
    with tempfile.NamedTemporaryFile(prefix="policykg-terms-") as patterns:
        patterns.write(b"\n".join(terms) + b"\n")
        patterns.flush()
        command = [grep, "-F", "-f", patterns.name, "--", str(path)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, env={"LC_ALL": "C"}) as found:
            assert found.stdout is not None
            yield found.stdout
            found.stdout.read()  # what the caller left, so that grep ends
        if found.returncode not in (0, 1):  # 1: no line holds one
            raise OSError(f"grep could not read {path} (exit code {found.returncode})")

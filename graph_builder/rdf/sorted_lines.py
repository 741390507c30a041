"""Sorted lines as streams of blocks (lists of about a megabyte of lines): read, merged and subtracted
in flat memory, with the work done on whole blocks in C (list sorts, bisection) rather than line by line.

A rebuild patches the last build's lines (kept_graph): it subtracts the lines of the chunks that are
gone and merges in those of the new ones. Both are small beside the graph, so nearly every block passes
through untouched; when they are not small, memory still holds two blocks at a time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import BinaryIO

#: About how many bytes of lines one block holds.
BLOCK_BYTES = 1 << 20

Blocks = Iterator[list[bytes]]


class LinesMissing(ValueError):
    """Lines to subtract that the lines subtracted from do not hold."""


def blocks(stream: BinaryIO) -> Blocks:
    """The lines of a sorted stream, a block at a time."""
    while block := stream.readlines(BLOCK_BYTES):
        yield block


def batched(lines: Iterable[bytes], size: int = 10_000) -> Blocks:
    """Sorted lines given one by one, in blocks of ``size`` lines."""
    block: list[bytes] = []
    for line in lines:
        block.append(line)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block


class _Head:
    """A block stream whose first block can be looked at and taken from in part (without copying the
    rest of it at each take)."""

    def __init__(self, stream: Iterable[list[bytes]]) -> None:
        self._stream = (block for block in stream if block)
        self._block: list[bytes] | None = next(self._stream, None)
        self._at = 0

    @property
    def block(self) -> list[bytes] | None:
        """What is left of the first block (None at the end)."""
        if self._block is not None and self._at:
            self._block, self._at = self._block[self._at :], 0
        return self._block

    def first(self) -> bytes | None:
        """The first line left, without copying the block."""
        return self._block[self._at] if self._block is not None else None

    def take(self, count: int) -> list[bytes]:
        """Remove and return the first ``count`` lines of the first block."""
        assert self._block is not None
        taken = self._block[self._at : self._at + count]
        self._at += count
        if self._at >= len(self._block):
            self._block, self._at = next(self._stream, None), 0
        return taken

    def rest(self) -> Blocks:
        while (block := self.block) is not None:
            yield self.take(len(block))


def merge(first: Iterable[list[bytes]], second: Iterable[list[bytes]]) -> Blocks:
    """The lines of two sorted block streams as one sorted stream (duplicates kept)."""
    a, b = _Head(first), _Head(second)
    while a.block is not None and b.block is not None:
        if a.block[-1] <= b.block[0]:
            yield a.take(len(a.block))
        elif b.block[-1] <= a.block[0]:
            yield b.take(len(b.block))
        else:  # overlapping: merge what both hold up to the smaller of their last lines
            upto = min(a.block[-1], b.block[-1])
            both = a.take(bisect_right(a.block, upto)) + b.take(bisect_right(b.block, upto))
            both.sort()  # two sorted runs: merged in linear time
            yield both
    yield from a.rest()
    yield from b.rest()


def subtract(lines: Iterable[list[bytes]], removed: Iterable[list[bytes]]) -> Blocks:
    """The lines of a sorted block stream less one occurrence of each line of ``removed`` (sorted).

    Raises LinesMissing when ``lines`` lacks one of them."""
    gone = _Head(removed)
    for block in lines:
        if not block:
            continue
        if (first := gone.first()) is None or first > block[-1]:
            yield block
            continue
        kept, last = list(block), block[-1]
        while (line := gone.first()) is not None and line <= last:
            at = bisect_left(kept, line)
            if at == len(kept) or kept[at] != line:
                if line == last:  # more of the last line may follow in the next block
                    break
                raise LinesMissing("a line to remove is not among the lines")
            del kept[at]
            gone.take(1)
        yield kept
    if gone.first() is not None:
        raise LinesMissing("a line to remove is not among the lines")


def difference(first: Iterable[list[bytes]], second: Iterable[list[bytes]]) -> Iterator[tuple[bytes, bool]]:
    """The lines of two sorted block streams that are not paired with an equal line of the other (as
    multisets), each with True if it comes from ``first``."""
    a, b = _Head(first), _Head(second)
    while (x := a.first()) is not None and (y := b.first()) is not None:
        if x == y:
            a.take(1)
            b.take(1)
        elif x < y:
            yield a.take(1)[0], True
        else:
            yield b.take(1)[0], False
    for block in a.rest():
        yield from ((line, True) for line in block)
    for block in b.rest():
        yield from ((line, False) for line in block)

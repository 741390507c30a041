"""Sorted N-Triples read by offset: the cuts between stretches of whole subjects, and a file's stretch."""

from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest

from policykg.checks.sorted_lines_at import FileSpan, LinesAt


def sorted_ntriples(seed: int) -> bytes:
    """Sorted lines of subjects with one to many lines, some longer than the read window."""
    rng = random.Random(seed)
    lines = []
    for n in range(rng.randint(1, 60)):
        subject = f"<http://example.org/s{n:03}>"
        for m in range(rng.choice([1, 2, 5, 400])):
            value = "x" * rng.choice([3, 50, 5000])
            lines.append(f'{subject} <http://example.org/p> "{m} {value}" .\n'.encode())
    return b"".join(sorted(lines))


def subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


@pytest.mark.parametrize("seed", range(12))
def test_spans_cover_the_lines_and_cut_only_between_subjects(tmp_path: Path, seed: int) -> None:
    data = sorted_ntriples(seed)
    path = tmp_path / "graph.nt"
    path.write_bytes(data)
    starts = {0}
    for line in data.splitlines(keepends=True)[:-1]:
        starts.add(max(starts) + len(line))
    for parts in (1, 2, 3, 8, 50):
        spans = LinesAt.of_bytes(data).spans(parts)
        with path.open("rb") as stream:
            assert LinesAt.of_descriptor(stream.fileno()).spans(parts) == spans
        assert spans[0][0] == 0 and spans[-1][1] == len(data) and len(spans) <= parts
        for (_, stop), (start, _) in pairwise(spans):
            assert stop == start and start in starts
            before = data[: start - 1].rsplit(b"\n", 1)[-1]
            assert subject(before) != subject(data[start:])  # each subject whole on one side
        if parts == 2 and len({subject(line) for line in data.splitlines()}) >= 8:
            assert len(spans) == 2  # a cut is made where subjects allow one


def test_a_file_span_reads_exactly_its_bytes(tmp_path: Path) -> None:
    data = sorted_ntriples(3)
    path = tmp_path / "graph.nt"
    path.write_bytes(data)
    for start, stop in [(0, len(data)), (10, 9000), (len(data) - 7, len(data)), (5, 5)]:
        with FileSpan(path, start, stop) as stream:
            assert stream.read() == data[start:stop]

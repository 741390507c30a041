"""Sorted lines as block streams: merged and subtracted as multisets (graph_builder/rdf/sorted_lines.py)."""

from __future__ import annotations

import io
import random
from collections import Counter

import pytest

from policykg.graph_builder.rdf.sorted_lines import LinesMissing, blocks, difference, merge, subtract


def split(lines: list[bytes], rng: random.Random) -> list[list[bytes]]:
    """Sorted lines cut into blocks of random sizes (some empty), so that runs of equal lines cross blocks."""
    out, at = [], 0
    while at < len(lines):
        size = rng.choice([0, 1, 2, 3, 7])
        out.append(lines[at : at + size])
        at += size
    return out


def lines_of(rng: random.Random, count: int) -> list[bytes]:
    """Sorted lines from a small alphabet, so that many are repeated."""
    return sorted(f"<n{rng.randrange(12):02d}> .\n".encode() for _ in range(count))


def flat(stream) -> list[bytes]:
    return [line for block in stream for line in block]


@pytest.mark.parametrize("seed", range(40))
def test_merging_two_streams_is_sorting_their_lines_together(seed: int) -> None:
    rng = random.Random(seed)
    a, b = lines_of(rng, rng.randrange(30)), lines_of(rng, rng.randrange(30))
    assert flat(merge(split(a, rng), split(b, rng))) == sorted(a + b)


@pytest.mark.parametrize("seed", range(40))
def test_subtracting_removes_one_occurrence_of_each_line(seed: int) -> None:
    rng = random.Random(seed)
    lines = lines_of(rng, rng.randrange(1, 40))
    removed = sorted(rng.sample(lines, rng.randrange(len(lines) + 1)))
    left = flat(subtract(split(lines, rng), split(removed, rng)))
    assert Counter(left) == Counter(lines) - Counter(removed) and left == sorted(left)


@pytest.mark.parametrize("seed", range(20))
def test_subtracting_a_line_not_held_or_held_fewer_times_fails(seed: int) -> None:
    rng = random.Random(seed)
    lines = lines_of(rng, rng.randrange(1, 30))
    extra = rng.choice([*lines, b"<n99> .\n", b"<a> .\n"])
    removed = sorted([*lines, extra])  # every line, and one more than there is
    with pytest.raises(LinesMissing):
        flat(subtract(split(lines, rng), split(removed, rng)))


def test_blocks_of_a_stream_hold_its_lines_in_order() -> None:
    text = b"".join(f"<n{i:05d}> .\n".encode() for i in range(100_000))
    read = list(blocks(io.BytesIO(text)))
    assert len(read) > 1 and b"".join(flat(read)) == text


@pytest.mark.parametrize("seed", range(40))
def test_the_difference_of_two_streams_is_what_either_holds_more_often(seed: int) -> None:
    rng = random.Random(seed)
    a, b = lines_of(rng, rng.randrange(30)), lines_of(rng, rng.randrange(30))
    found = list(difference(split(a, rng), split(b, rng)))
    assert Counter(line for line, first in found if first) == Counter(a) - Counter(b)
    assert Counter(line for line, first in found if not first) == Counter(b) - Counter(a)

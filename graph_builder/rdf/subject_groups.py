"""Cut sorted N-Triples into groups of whole subjects at points the content chooses, not the offsets.

A group starts at the first line of a typed subject whose IRI's CRC-32 is a multiple of ``SPREAD`` (one
typed subject in ``SPREAD`` on average), so the cuts stay where they were when lines elsewhere in the file
change: the groups a change does not reach are the same bytes in the next build, and their conversions
can be kept (``group_conversion``). A stretch without such a subject is cut at its last subject once it
holds ``MAX_GROUP`` bytes, so that no group grows without bound.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from itertools import pairwise
from typing import BinaryIO

#: The predicate of a line that types its subject, with the spaces around it.
_TYPE = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
#: One typed subject in this many starts a group (a group holds about 110 KB of this project's graphs).
SPREAD = 64
#: A group is cut at its last subject once it holds this many bytes without a chosen subject.
MAX_GROUP = 8 << 20
_BLOCK = 4 << 20


def subject_groups(stream: BinaryIO, spread: int = SPREAD, max_group: int = MAX_GROUP) -> Iterator[bytes]:
    """The lines of a sorted N-Triples stream (each subject's lines together) in groups of whole subjects.

    The groups' concatenation is the stream; each group but the first starts with a subject's first line.
    """
    pending = b""  # complete lines from the start of the current group
    scanned = 0  # how far ``pending`` has been looked through for type lines
    tail = b""  # an incomplete last line, kept for the next block
    while block := stream.read(_BLOCK):
        data = tail + block
        end = data.rfind(b"\n") + 1
        pending, tail = pending + data[:end], data[end:]
        cuts = _bounded(_cuts(pending, scanned, spread), pending, max_group)
        for start, stop in pairwise(cuts):
            yield pending[start:stop]
        pending = pending[cuts[-1] :]
        scanned = len(pending)
    if pending + tail:
        yield pending + tail


def _cuts(text: bytes, start: int, spread: int) -> list[int]:
    """0 and the offsets, after ``start``, of the first lines of the typed subjects chosen to start groups."""
    cuts = [0]
    position = start
    while (position := text.find(_TYPE, position)) >= 0:
        line = text.rfind(b"\n", 0, position) + 1
        subject = text[line:position]
        position += len(_TYPE)
        if b" " in subject:
            continue  # the predicate's text within a literal, not a line that types its subject
        if zlib.crc32(subject) % spread == 0:
            first = _first_line(text, line, subject)
            if first > cuts[-1]:
                cuts.append(first)
    return cuts


def _bounded(cuts: list[int], text: bytes, max_group: int) -> list[int]:
    """``cuts`` with a cut added wherever a group (the last one open) would pass ``max_group`` bytes: at
    the first line of the subject that passes it, so the cut depends only on the group's own lines."""
    bounded = [0]
    for stop in [*cuts[1:], len(text)]:
        while stop - bounded[-1] > max_group:
            cut = _subject_start(text, bounded[-1] + max_group)
            if cut <= bounded[-1]:
                break  # one subject longer than a group: it stays whole
            bounded.append(cut)
        if stop < len(text):
            bounded.append(stop)
    return bounded


def _first_line(text: bytes, line: int, subject: bytes) -> int:
    """The offset of the first line of ``subject``, whose lines are together and include ``line``."""
    head = subject + b" "
    while line > 0:
        previous = text.rfind(b"\n", 0, line - 1) + 1
        if not text.startswith(head, previous):
            break
        line = previous
    return line


def _subject_start(text: bytes, offset: int) -> int:
    """The offset of the first line of the subject of the line that holds byte ``offset``."""
    line = text.rfind(b"\n", 0, offset) + 1
    subject = text[line : text.find(b" ", line)]
    return _first_line(text, line, subject)

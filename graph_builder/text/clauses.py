"""Split sentences into clauses at Chinese clause punctuation, by character offsets."""

from __future__ import annotations

CLAUSE_SEPARATORS = "，；"


def clauses(text: str, start: int, end: int, separators: str = CLAUSE_SEPARATORS) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the non-empty clauses of text[start:end]."""
    ranges, position = [], start
    for i in range(start, end):
        if text[i] in separators:
            if i > position:
                ranges.append((position, i))
            position = i + 1
    if end > position:
        ranges.append((position, end))
    return ranges

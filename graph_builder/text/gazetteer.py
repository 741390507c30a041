"""A character trie that finds the longest dictionary phrases in running text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_END = "\0"


class Gazetteer(Generic[V]):
    """Map phrases to values and find their longest, non-overlapping occurrences in text."""

    def __init__(self, entries: Iterable[tuple[str, V]] = ()) -> None:
        self._root: dict[str, Any] = {}
        for phrase, value in entries:
            self.add(phrase, value)

    def add(self, phrase: str, value: V) -> None:
        """Add a phrase; a later value for the same phrase replaces the earlier one."""
        node = self._root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = value

    def matches_at(self, text: str, start: int) -> list[tuple[int, V]]:
        """Return (end, value) of every phrase starting at ``start``, longest first."""
        node, found = self._root, []
        for i in range(start, len(text)):
            node = node.get(text[i])
            if node is None:
                break
            if _END in node:
                found.append((i + 1, node[_END]))
        return found[::-1]

    def finditer(
        self, text: str, accept: Callable[[int, int], bool] | None = None
    ) -> Iterator[tuple[int, int, V]]:
        """Yield (start, end, value) of the longest matches left to right, skipping overlaps.

        ``accept(start, end)`` may veto a match (e.g. one that does not align with word
        boundaries); the longest accepted match at a position wins.
        """
        i, n = 0, len(text)
        while i < n:
            if text[i] in self._root:
                for end, value in self.matches_at(text, i):
                    if accept is None or accept(i, end):
                        yield i, end, value
                        i = end - 1
                        break
            i += 1

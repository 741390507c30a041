"""A character trie that finds the longest dictionary phrases in running text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_END = "\0"


class Gazetteer(Generic[V]):
    """Map phrases to values and find their longest, non-overlapping occurrences in text."""

    def __init__(self, entries: Iterable[tuple[str, V]] = ()) -> None:
        self._root: dict[str, Any] = {}
        self._first: re.Pattern[str] | None = None
        for phrase, value in entries:
            self.add(phrase, value)

    def add(self, phrase: str, value: V) -> None:
        """Add a phrase; a later value for the same phrase replaces the earlier one."""
        self._first = None
        node = self._root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = value

    def _first_chars(self) -> re.Pattern[str]:
        """Return a pattern of the characters that open a phrase (made again after ``add``)."""
        if self._first is None:
            chars = "".join(sorted(re.escape(c) for c in self._root if c != _END))
            self._first = re.compile(f"[{chars}]" if chars else "(?!)")
        return self._first

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
        i, n, root = 0, len(text), self._root
        first = self._first_chars()
        while i < n:
            # Jump to the next character that opens a phrase (a third of a text's characters or less).
            opening = first.search(text, i)
            if opening is None:
                break
            i = opening.start()
            node = root.get(text[i])
            if node is not None:
                # matches_at, inline: this loop runs over every character of every text.
                found = []
                j = i
                while True:
                    if _END in node:
                        found.append((j + 1, node[_END]))
                    j += 1
                    if j == n:
                        break
                    node = node.get(text[j])
                    if node is None:
                        break
                for end, value in reversed(found):
                    if accept is None or accept(i, end):
                        yield i, end, value
                        i = end - 1
                        break
            i += 1

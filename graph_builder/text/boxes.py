"""Find boxed lists (专栏N 标题) and their numbered items, 1. 名称：建设内容，总投资…万元.

A box heading is a title, not a name; each item names one listed project before its colon, and
the figures after the colon specify that project (its length, capacity, floor area), so they are
not targets. The words that open a box are in data/box_markers.txt. This module sees text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.data import load_lines
from policykg.patterns import CN_ORDINAL, MARKER_ARABIC, alternation

_SPACE = r"[ \t\u3000]*"
_ITEM = re.compile(rf"^{_SPACE}{MARKER_ARABIC}{_SPACE}(?P<name>[^：:。；\n]{{2,40}})[：:][^\n]*$", re.M)


@dataclass(frozen=True)
class BoxItem:
    """One numbered item of a box: the whole line and the offsets of the name before its colon."""

    start: int
    end: int
    name_start: int
    name_end: int


@dataclass(frozen=True)
class Box:
    """A boxed list: the offsets of its heading line and its items."""

    heading_start: int
    heading_end: int
    items: tuple[BoxItem, ...]


@cache
def _heading_pattern() -> re.Pattern[str]:
    """Return the pattern of a box heading line, from data/box_markers.txt."""
    words = alternation(load_lines("box_markers.txt"))
    number = f"[0-9０-９{CN_ORDINAL}]{{1,3}}"
    return re.compile(rf"^{_SPACE}(?:{words}){_SPACE}{number}[^\n]*$", re.M)


def find_boxes(text: str) -> list[Box]:
    """Return the boxes in text with the numbered items that follow each heading."""
    boxes = []
    for heading in _heading_pattern().finditer(text):
        items, at = [], heading.end() + 1
        while at < len(text):
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
            if not text[at:line_end].strip():
                at = line_end + 1
                continue
            item = _ITEM.match(text, at, line_end)
            if item is None:
                break
            items.append(BoxItem(item.start(), item.end(), item.start("name"), item.end("name")))
            at = line_end + 1
        boxes.append(Box(heading.start(), heading.end(), tuple(items)))
    return boxes

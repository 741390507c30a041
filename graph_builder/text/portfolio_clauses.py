"""Split a sentence that states a portfolio into the clauses that each state one group of projects.

A sentence is cut at its clause marks, and again where 和/以及 starts another part between two counts;
a year listed before another with 、 (2026年、2027年储备项目) stays with the part it dates. Pure text rules.
"""

from __future__ import annotations

import re

from policykg.graph_builder.text.clauses import clauses
from policykg.patterns import CN_COUNT, RANGE_MARKS, YEAR

_PROJECT = re.compile(r"项目")
# 、 separates parts in some rewrites: 续建项目36个(702.25亿元)、新开工项目20个(530.4亿元); a colon
# ends the total before its parts: 总投资632.54亿元：续建项目38个.
_CLAUSE_SEPARATORS = "，；、："
# 和 or 以及 before a year or a status starts the next part when counts stand on both sides:
# …38个（总投资220.8亿元）和2026—2027年储备项目18个, but not 在2024年和2025年开工的16个储备项目.
_PART_CONJUNCTION = re.compile(rf"(?:以及|和|及)(?={YEAR}|今年|明年|续建|新开工|谋划|储备|计划)")
_COUNT = re.compile(rf"(?:[0-9]+|[{CN_COUNT}百千]+)[个项]")

_YEAR_ONLY = re.compile(rf"{YEAR}年")
_YEAR_RANGE = re.compile(rf"({YEAR})年?[{RANGE_MARKS}]({YEAR})年")


def years_of(clause: str, years: tuple[int, ...]) -> tuple[int, ...]:
    """Spell out a range of years (2023年至2025年 -> 2023, 2024, 2025)."""
    for m in _YEAR_RANGE.finditer(clause):
        low, high = int(m[1]), int(m[2])
        if 0 < high - low <= 10:
            years = (*years, *range(low, high + 1))
    return tuple(sorted(set(years)))


def part_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses, and a clause again where 和/以及 starts another part.

    A year listed before another with 、 (2026年、2027年储备项目) stays with the part it dates.
    """
    merged: list[tuple[int, int]] = []
    for c_start, c_end in clauses(text, start, end, _CLAUSE_SEPARATORS):
        if merged and _YEAR_ONLY.fullmatch(text[merged[-1][0] : merged[-1][1]]) and text[c_start - 1] == "、":
            c_start = merged.pop()[0]
        merged.append((c_start, c_end))
    split = []
    for c_start, c_end in merged:
        for m in _PART_CONJUNCTION.finditer(text, c_start, c_end):
            if _COUNT.search(text, c_start, m.start()) and _PROJECT.search(text, m.end(), c_end):
                split.append((c_start, m.start()))
                c_start = m.end()
        split.append((c_start, c_end))
    return split

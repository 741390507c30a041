"""The sections of a text that date its targets or hold none, read from its headings; a sentence's clauses.

A heading that names one year (``2025年主要目标``, ``（一）2018年目标``) dates the targets under it until
the next heading of its level or above. A heading of facts (现状分析, 发展基础: the words of
``fact_headings`` in data/targets.toml) opens a section of statistics, whose figures are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.graph_builder.text.clauses import clauses
from policykg.graph_builder.text.targets.wording import target_words
from policykg.patterns import MARKER_ARABIC, MARKER_CN, MARKER_PAREN_ARABIC, MARKER_PAREN_CN, YEAR

# Clause punctuation of a sentence's targets (ASCII , ; : too, where they stand between words).
CLAUSE_SEPARATORS = "，；：、"
# A year named in a heading, not a date (2024年1月) or the start of a span (2020年以来).
_ONE_YEAR = re.compile(rf"(?P<y>{YEAR})年(?!\d{{1,2}}月|以来)")
_ANY_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")
# A heading line is short and does not end a sentence or a clause.
_HEADING_MAX = 30
_NOT_HEADING_END = tuple("。；，、：:;,")
# Decimal numbering (2, 2.1, 2.1.6 followed by a space): its depth is its level.
_DECIMAL = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?[ \u3000\t]+\S")
# Heading levels by their numbering; a heading without numbering is the top level.
_LEVELS = (
    (re.compile(rf"^\s*{MARKER_CN}"), 1),
    (re.compile(rf"^\s*{MARKER_PAREN_CN}"), 2),
    (re.compile(rf"^\s*{MARKER_ARABIC}"), 3),
    (re.compile(rf"^\s*{MARKER_PAREN_ARABIC}"), 4),
)


@dataclass(frozen=True)
class Section:
    """The text under a heading, [start, end), with the year it names (or None)."""

    start: int
    end: int
    year: int | None = None


def heading_level(line: str) -> int | None:
    """Return the level of a heading line (0 for one without numbering), or None for running text."""
    stripped = line.strip()
    if (
        not stripped
        or len(stripped) > _HEADING_MAX
        or stripped.endswith(_NOT_HEADING_END)
        or "。" in stripped
    ):
        return None
    decimal = _DECIMAL.match(stripped)
    if decimal:
        return decimal.group(1).count(".") + 1
    for pattern, level in _LEVELS:
        if pattern.match(stripped):
            return level
    return 0


def year_sections(text: str, title: str | None = None) -> list[Section]:
    """Return the sections under headings that name one year, each until the next heading of its level.

    A line without numbering counts as a heading only when it names a year: short lines such as 主责单位
    are not headings. The plan's ``title`` is no section heading: its year is the plan's period.
    """
    sections: list[Section] = []
    open_section: tuple[int, int, int] | None = None  # start, level, year
    for line in re.finditer(r"[^\n]+", text):
        level = heading_level(line.group(0))
        if level is None:
            continue
        if title and title in line.group(0):
            continue
        years = {int(y) for y in _ONE_YEAR.findall(line.group(0))}
        if _ANY_YEAR.findall(line.group(0)) != [str(y) for y in years]:
            years = set()  # a period (2024—2026年) or several years: no one year
        if level == 0 and not years:
            continue  # a short unnumbered line (主责单位：…) is no heading that ends a section
        if open_section is not None and level <= open_section[1]:
            sections.append(Section(open_section[0], line.start(), open_section[2]))
            open_section = None
        if open_section is None and len(years) == 1:
            open_section = (line.end(), level, years.pop())
    if open_section is not None:
        sections.append(Section(open_section[0], len(text), open_section[2]))
    return sections


def fact_sections(text: str) -> list[Section]:
    """Return the sections under headings of facts (现状, 发展基础), each to the next heading of its level."""
    words = tuple(target_words()["fact_headings"])
    sections: list[Section] = []
    open_section: tuple[int, int] | None = None  # start, level
    for line in re.finditer(r"[^\n]+", text):
        level = heading_level(line.group(0))
        if not level:
            continue  # running text, or a line without numbering
        if open_section is not None and level <= open_section[1]:
            sections.append(Section(open_section[0], line.start()))
            open_section = None
        if open_section is None and any(w in line.group(0) for w in words):
            open_section = (line.end(), level)
    if open_section is not None:
        sections.append(Section(open_section[0], len(text)))
    return sections


def sentence_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a sentence, split also at ASCII , ; : that stand between words, not digits (1,257)."""
    parts = []
    for c_start, c_end in clauses(text, start, end, CLAUSE_SEPARATORS):
        position = c_start
        for i in range(c_start, c_end):
            if text[i] in ",;:" and not (text[i - 1].isdigit() and text[i + 1 : i + 2].isdigit()):
                if i > position:
                    parts.append((position, i))
                position = i + 1
        if c_end > position:
            parts.append((position, c_end))
    return parts

"""Find a plan's title and period: the 《…》 title near the top, or the first line.

A title holds one of the words of data/title_words.txt (计划, 方案 ...); editorial notes after it
(（摘编）) are those of data/title_notes.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policykg.data import load_lines, load_words
from policykg.graph_builder.text.places import place_index
from policykg.patterns import RANGE_MARKS, YEAR, alternation

_BOOK_TITLE = re.compile(r"《([^》]{4,120})》")
_PERIOD = re.compile(rf"({YEAR})\s*年?\s*[{RANGE_MARKS}]+\s*({YEAR})")
# A notice that issues a plan names it: 关于印发福建省加快数字经济发展若干措施的通知.
_ISSUING_NOTICE = re.compile(r"关于印发(?P<title>.{4,100}?)的通知$")
# A title line that ends with its own period, …规划（2021—2025年）, is the plan's title even when the
# preface cites another plan in 《…》.
_PERIOD_END = re.compile(rf"[（(]\s*{YEAR}\s*年?\s*[{RANGE_MARKS}]+\s*{YEAR}\s*年?\s*[）)]$")
# One year named in a title, 2026年工作要点: a plan for that year.
_ONE_YEAR = re.compile(rf"({YEAR})\s*年(?:度)?")
_FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}


@dataclass(frozen=True)
class PlanHeading:
    """The plan's title with its offsets, and its first and last year if stated."""

    title: str
    start: int
    end: int
    start_year: int | None
    end_year: int | None


def find_heading(text: str) -> PlanHeading | None:
    """Return the plan's title: a 《…》 title in the opening text, else the first titled line."""
    opening = text[:1500]
    dated = _dated_first_line(opening)
    if dated:
        return _heading(text, *dated)
    for m in _BOOK_TITLE.finditer(opening):
        if _title_words().search(m.group(1)):
            # A title line that adds the period, (2021—2025年), is the fuller title.
            for line in re.finditer(r"[^\n]+", opening):
                title = line.group(0).strip()
                if title.startswith(m.group(1)) and 0 < len(title) - len(m.group(1)) <= 16:
                    start = line.start() + line.group(0).find(title)
                    return _heading(text, title, start, start + len(title))
            return _heading(text, m.group(1), m.start(1), m.end(1))
    for line in re.finditer(r"[^\n]+", opening):
        title = line.group(0).strip()
        if _title_words().search(title) and len(title) <= 120 and not _not_a_title(title, strict=True):
            issued = _ISSUING_NOTICE.search(title)
            if issued:
                start = line.start() + line.group(0).find(title) + issued.start("title")
                return _heading(text, issued["title"], start, start + len(issued["title"]))
            if len(title) <= 80:
                return _heading(text, title, line.start(), line.start() + len(title))
    return _headline(text)


# An outline heading (一、 （一） 1.) and a turn of an interview are not titles.
_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_TURN = re.compile(r"^(?:记者|主持人|问|答|[A-Z])\s*[：:]")
_HEADLINE_LENGTH = 60


# A field of a form or a table: 主责单位：…, 发文机关：….
_FIELD = re.compile(r"^[^：:，]{1,6}[：:]")


def _not_a_title(line: str, strict: bool = False) -> bool:
    """True for a line that reads as a sentence, an outline heading or an interview's turn; ``strict``
    also for a clause (with a comma or an exclamation) or a field (主责单位：…), which a news headline
    may be."""
    if strict and (re.search("[，！!？]", line) or _FIELD.match(line)):
        return True
    return bool(re.search("[。；]", line) or _OUTLINE.match(line) or _TURN.match(line))


def _headline(text: str) -> PlanHeading | None:
    """Return the headline of a news layout: a short first line that is no sentence, with the years it
    names itself (a news report names no plan in its title words)."""
    line = re.search(r"\S[^\n]*", text)
    if line is None:
        return None
    title = line.group(0).strip()
    if len(title) > _HEADLINE_LENGTH or _not_a_title(title):
        return None
    field = _FIELD.match(title)
    # 云南某市：… is a headline naming its place; 主责单位：… is a field of a form.
    if field and not any(m.code for m in place_index().find(field.group(0)[:-1])):
        return None
    first, last = find_period(title) or _one_year(title) or (None, None)
    return PlanHeading(title, line.start(), line.start() + len(title), first, last)


@cache
def _title_words() -> re.Pattern[str]:
    """Return the pattern of a word that marks a plan's title, from data/title_words.txt."""
    return re.compile(alternation(load_words("title_words.txt")))


@cache
def _title_notes() -> re.Pattern[str]:
    """Return a pattern of trailing editorial notes, （摘编）, listed in data/title_notes.txt."""
    notes = alternation(load_lines("title_notes.txt"))
    return re.compile(rf"(?:[（(](?:{notes})[）)])+$")


def _dated_first_line(opening: str) -> tuple[str, int, int] | None:
    """Return the first line as (title, start, end) when it is a title ending with its period."""
    line = re.search(r"[^\n]+", opening)
    if line is None:
        return None
    title = _title_notes().sub("", line.group(0).strip())
    if "《" in title or len(title) > 80 or not _title_words().search(title) or not _PERIOD_END.search(title):
        return None
    start = line.start() + line.group(0).find(title)
    return title, start, start + len(title)


def _heading(text: str, title: str, start: int, end: int) -> PlanHeading:
    first, last = find_period(title) or _one_year(title) or find_period(text[:1500]) or (None, None)
    return PlanHeading(title, start, end, first, last)


def _one_year(title: str) -> tuple[int, int] | None:
    """Return (year, year) when a title names a single year: 2026年工作要点."""
    years = _ONE_YEAR.findall(title)
    return (int(years[0]), int(years[0])) if len(years) == 1 else None


def find_period(text: str) -> tuple[int, int] | None:
    """Return the (first, last) years of a period stated in text: 2023—2025年, 十四五."""
    m = _PERIOD.search(text)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    for name, years in _FIVE_YEAR.items():
        if name in text:
            return years
    return None

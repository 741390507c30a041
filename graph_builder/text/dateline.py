"""Find the document's date: a labelled date line, a newspaper edition, a signature date or a news lead.

Real texts carry their date in a few shapes near the top (or, for a notice, after its preamble):
``发布日期：2024-02-01`` or ``[成文日期] 2024-01-26`` (a labelled line), ``2019-01-20 10:39  来源:…``
(a date with a time or a source), ``《某报》（2025年01月20日第 11 版）`` (a newspaper edition), a line
that is only a date (the signature of a notice: ``2025年4月22日``), or a news lead that opens with
the day of the event (``2025年12月30日，…``). The date resolves 今年/全年/明年 and relative deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.numerals import FOLD
from policykg.patterns import RANGE_MARKS, YEAR

# A date as printed: 2025年4月22日, 2025-04-22, 2025/4/22, 2025.04.22 (day optional after 年…月).
_DATE = (
    rf"(?P<date>(?P<y>{YEAR})\s*(?:年\s*(?P<m1>\d{{1,2}})\s*月(?:\s*(?P<d1>\d{{1,2}})\s*日)?"
    rf"|[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}})(?!\d)))"
)
# The labels of a date line: 发布日期, 印发日期, 成文日期, 发布时间, 日期, 时间.
_LABEL = r"(?:发布|印发|成文|发文|公布|更新)?(?:日期|时间)"
_LABELLED = re.compile(rf"{_LABEL}\s*[\]】]?\s*[:：]?\s*-*\s*{_DATE}")
# A date followed by a clock time or a source line: 2019-01-20 10:39:00  来源.
_STAMPED = re.compile(rf"{_DATE}\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?|\s*(?:来源|作者|编辑|责编|稿源))")
# A newspaper's edition: （2025年01月20日第 11 版）.
_EDITION = re.compile(rf"[（(]\s*{_DATE}\s*第?\s*\d*\s*版?\s*[）)]")
# A line that is only a date: the signature of a notice.
_DATE_LINE = re.compile(rf"^\s*{_DATE}\s*$", re.MULTILINE)
# A news lead that opens with the date of the event: 2025年12月30日，….
_LEAD = re.compile(rf"^\s*{_DATE}\s*[，,]", re.MULTILINE)
# A year named in a headline, not as a deadline (到2025年) or the start of a period (2023—).
_HEADLINE_YEAR = re.compile(rf"(?<![{RANGE_MARKS}\d])({YEAR})年(?![底末前以{RANGE_MARKS}])")
# A year named as the time of what a sentence tells (2018年工作), not a deadline, baseline or start.
_SAID_YEAR = re.compile(rf"(?<![到至比较与\d{RANGE_MARKS}])({YEAR})年(?![底末前以{RANGE_MARKS}]|\d{{1,2}}月)")
_ANY_YEAR = re.compile(rf"(?<!\d){YEAR}(?!\d)")
# How far into the text each kind of date line is looked for.
_OPENING = 2000
_LEAD_LINES = 4


@dataclass(frozen=True)
class DocumentDate:
    """The document's date with the offsets of where it is printed; month and day when printed."""

    year: int
    month: int | None
    day: int | None
    start: int
    end: int


def find_document_date(text: str) -> DocumentDate | None:
    """Return the document's date, or None when the text prints none that reads as its own."""
    opening = text[:_OPENING].translate(FOLD)
    for pattern in (_LABELLED, _STAMPED, _EDITION, _DATE_LINE):
        match = pattern.search(opening)
        if match is not None:
            return _date(match)
    lead_end = _line_end(opening, _LEAD_LINES)
    match = _LEAD.search(opening, 0, lead_end)
    return _date(match) if match is not None else None


def _date(match: re.Match[str]) -> DocumentDate | None:
    month = match["m1"] or match["m2"]
    day = match["d1"] or match["d2"]
    month_value = int(month) if month else None
    if month_value is not None and not 1 <= month_value <= 12:
        return None
    return DocumentDate(
        int(match["y"]), month_value, int(day) if day else None, match.start("date"), match.end("date")
    )


def _line_end(text: str, lines: int) -> int:
    """The offset where the first ``lines`` non-blank lines of ``text`` end."""
    seen = 0
    for line in re.finditer(r"[^\n]*\n?", text):
        if line.group(0).strip():
            seen += 1
            if seen == lines:
                return line.end()
    return len(text)


def find_document_year(text: str, title: str | None = None) -> int | None:
    """Return the document's year: its date's, else the one year its headline names (简报2014年第1期),
    else the year a sentence names beside 今年.

    A headline that holds the plan's ``title`` gives no document year: the title's year is the plan's
    period (2026年工作要点), which dates the plan's targets as a period, not as a deadline.
    """
    date = find_document_date(text)
    if date is not None:
        return date.year
    headline = next((line for line in text[:_OPENING].split("\n") if line.strip()), "")
    years = set(_HEADLINE_YEAR.findall(headline.translate(FOLD)))
    if len(years) == 1 and not (title and title in headline):
        return int(years.pop())
    return _year_said_with_this_year(text)


def _year_said_with_this_year(text: str) -> int | None:
    """The year a sentence names beside 今年 (对于2018年工作，…今年…): the document's, in news without a date.

    Only a sentence that names one year, not as a deadline, baseline, start or day (到2025年, 比2020年,
    2020年以来, 2013年12月28日: a past event), and only the first such sentence.
    """
    for sentence in re.split(r"[。！？\n]", text.translate(FOLD)):
        if "今年" not in sentence:
            continue
        named = {m.group(1) for m in _SAID_YEAR.finditer(sentence)}
        if len(_ANY_YEAR.findall(sentence)) == 1 and len(named) == 1:
            return int(named.pop())
    return None

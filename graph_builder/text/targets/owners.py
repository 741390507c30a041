"""Whose target a figure is, and a year's planned investment as a target.

A bulletin or a city's text gives each unit its own figures in segments of a sentence, each led by the
unit's name: ``A区12个，总投资50亿元，年度计划投资8亿元；B县…``. The unit that leads a figure's segment
(the text from the sentence start or the last ；/： up to the figure's clause) is the target's owner
when the pipeline finds a place or institution there. A year's planned investment (年度计划投资,
2025年计划投资, 年内计划完成投资) is a target of that year, also where it is a portfolio's figure.
"""

from __future__ import annotations

import re

from policykg.patterns import MARKER_ARABIC, MARKER_CN, MARKER_PAREN_ARABIC, MARKER_PAREN_CN, YEAR

# 年度计划投资, 2025年计划投资, 年内计划完成投资, 计划总投资 is not one (a total, not a year's).
PLANNED_INVESTMENT = re.compile(
    rf"(?P<metric>(?:年度|年内|全年|今年|{YEAR}年)?计划(?:完成)?投资(?:额)?)(?:为|达到|达|约)?$"
)
_SEGMENT_ENDS = "；;。\n"
_MARKER = re.compile(rf"\s*(?:{MARKER_CN}|{MARKER_PAREN_CN}|{MARKER_ARABIC}|{MARKER_PAREN_ARABIC})?\s*")
# The lead of a segment: a name before its first figure or comma.
_LEAD = re.compile(r"[^\d０-９，,、：:；;（(“”\"\s]{2,20}")


def planned_investment(before: str) -> str | None:
    """Return the words of a year's planned investment right before a figure (年度计划投资), else None."""
    match = PLANNED_INVESTMENT.search(before)
    if match is None:
        return None
    return re.sub(rf"^{YEAR}年", "", match["metric"])


def owner_span(text: str, s_start: int, c_start: int) -> tuple[int, int] | None:
    """Return the span of the text that leads the segment holding a clause (a unit's name), or None.

    The segment starts at the sentence start or after the last ； before the clause. Its lead is a run
    of characters before a figure (A区12个，…) or before a colon (B县：…), ending before the clause
    itself; after a colon that introduces a list (从区域看：A区12个) the lead after it counts.
    """
    start = s_start
    for i in range(c_start - 1, s_start - 1, -1):
        if text[i] in _SEGMENT_ENDS:
            start = i + 1
            break
    colon = max(text.rfind("：", start, c_start), text.rfind(":", start, c_start))
    candidates = ([colon + 1] if colon >= 0 else []) + [start]
    for at in candidates:
        at += _MARKER.match(text, at).end() - at
        lead = _LEAD.match(text, at)
        if lead is None or lead.end() > c_start or lead.end() >= len(text):
            continue
        if text[lead.end()].isdigit() or text[lead.end()] in "：:":
            return lead.start(), lead.end()
    return None

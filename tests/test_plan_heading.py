"""Finding a plan's title and period at the top of its text."""

from __future__ import annotations

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.plan import find_heading


def test_a_notice_that_issues_a_plan_is_titled_by_the_plan():
    text = normalize(
        "福建省人民政府办公厅关于印发福建省加快数字经济发展若干措施的通知\n\n闽政办〔2025〕12号\n"
    )
    heading = find_heading(text)
    assert heading.title == "福建省加快数字经济发展若干措施"
    assert text[heading.start : heading.end] == heading.title


def test_a_book_title_with_its_period_is_preferred():
    text = normalize(
        "关于印发某市行动计划的通知\n现将《某市数字经济三年行动计划（2025—2027年）》印发给你们。"
    )
    heading = find_heading(text)
    assert heading.title == "某市数字经济三年行动计划（2025—2027年）"
    assert (heading.start_year, heading.end_year) == (2025, 2027)

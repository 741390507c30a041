"""Finding a plan's title and period at the top of its text."""

from __future__ import annotations

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.text.plan import find_heading


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


def test_a_dated_first_line_beats_a_cited_plan_and_drops_an_editorial_note():
    text = normalize(
        "某市某区“十四五”现代服务业发展规划（2021—2025年）（节选）\n\n"
        "本规划依据《某市国民经济和社会发展第十四个五年规划纲要》编制。\n"
    )
    heading = find_heading(text)
    assert heading.title == "某市某区“十四五”现代服务业发展规划（2021—2025年）"
    assert (heading.start_year, heading.end_year) == (2021, 2025)


def test_a_title_naming_one_year_is_a_plan_for_that_year():
    text = normalize("某省发展和改革委员会2027年工作要点\n\n2027年是“十五五”承上启下之年。\n")
    heading = find_heading(text)
    assert (heading.start_year, heading.end_year) == (2027, 2027)


def test_a_title_naming_a_district_inside_its_city_is_the_districts_plan(nlp):
    text = "成都市武侯区数字经济发展规划（2021—2025年）\n\n第一章　总体要求\n\n到2025年，全区数字经济规模持续扩大。\n"
    assert extract_plan(text, nlp).city == "武侯区"

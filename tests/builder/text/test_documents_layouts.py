"""The plan's title, period and place from the document's own structure, in the layouts of the genre:
an issuing notice, a news report under its headline, an interview, a form with fields."""

from __future__ import annotations

from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.text.outline import read_outline
from policykg.graph_builder.text.plan import find_heading
from policykg.graph_builder.text.reading import reading_text


def test_a_news_report_is_titled_by_its_headline():
    text = "某市42个重点项目集中开工 总投资超300亿元\n3月5日上午，某市2024年第一批重点项目集中开工仪式举行。"
    heading = find_heading(text)
    assert heading.title == "某市42个重点项目集中开工 总投资超300亿元"
    assert (heading.start_year, heading.end_year) == (None, None)


def test_a_headline_with_exclamations_is_a_headline():
    text = "120个项目！500亿投资！某省项目建设全面提速\n今年以来，全省项目建设加快推进。"
    assert find_heading(text).title == "120个项目！500亿投资！某省项目建设全面提速"


def test_a_headline_naming_a_year_dates_the_report():
    heading = find_heading("某州2024年首批重大项目集中开工\n开工仪式在某经济开发区举行。")
    assert (heading.start_year, heading.end_year) == (2024, 2024)


def test_no_sentence_outline_heading_or_field_is_a_title():
    text = (
        "主责单位：市发展改革委、市规划自然资源委\n"
        "（一）深入落实城市总体规划\n"
        "今年是三年行动计划的攻坚之年，全省将投入12亿元。\n"
    )
    assert find_heading(text) is None


def test_an_interview_is_titled_by_its_headline_not_a_question():
    text = "奋力谱写高质量发展新篇章（权威访谈）\n记者：今年全省的重点项目计划有哪些安排？\n答：全省计划实施重点项目800个。"
    assert find_heading(text).title == "奋力谱写高质量发展新篇章（权威访谈）"


def test_a_work_arrangement_in_book_title_marks_names_the_plan():
    text = "关于印发《某市2025年节能减排重点工作安排》的通知 印发日期：2025-03-01\n各区人民政府："
    heading = find_heading(text)
    assert heading.title == "某市2025年节能减排重点工作安排"
    assert (heading.start_year, heading.end_year) == (2025, 2025)


def test_a_title_without_a_place_takes_the_issuers_place(nlp):
    text = "湖北省人民政府办公厅\n关于加快智慧农业发展的实施意见\n各市州人民政府：\n一、总体要求\n到2027年，全省智慧农场达到300个。"
    plan = extract_plan(text, nlp)
    assert plan.title == "关于加快智慧农业发展的实施意见"
    assert plan.city == "湖北省"


def test_our_province_in_a_headline_is_the_province_the_text_names(nlp):
    text = "我省谋划实施一批重点能源项目\n辽宁省今年将推进大连、锦州等地能源项目建设，辽宁省能源局介绍。"
    assert extract_plan(text, nlp).city == "辽宁省"


def test_a_headline_may_open_with_its_place_and_a_colon():
    text = "云南某市：全力推动五大产业建设 加快迈向第一方阵\n近年来，某市聚焦产业发展。"
    assert find_heading(text).title == "云南某市：全力推动五大产业建设 加快迈向第一方阵"


def test_a_news_report_is_outlined_by_its_unnumbered_section_heads():
    paragraph = "近年来，某新区坚持项目为王，全年新开工项目80个，完成投资120亿元，产业集聚效应持续显现。"
    text = (
        "某新区：加快打造现代化新城\n\n"
        f"{paragraph}\n\n"
        "以产兴城 持续推进产城融合\n\n"
        f"{paragraph}\n\n"
        "完善功能 打造宜居新城\n\n"
        f"{paragraph}\n\n"
        "数据来源：某新区管理委员会\n"
    )
    outline = read_outline(reading_text(text))
    assert outline.layout == "heads"
    assert [d.title for d in outline.domains] == ["以产兴城 持续推进产城融合", "完善功能 打造宜居新城"]
    first = outline.domains[0]
    assert text[first.title_start : first.title_end] == first.title


def test_an_interviews_questions_are_not_section_heads():
    answer = "今年全省将实施重点项目800个，年度计划投资5000亿元，重点抓好产业、交通和民生项目建设。"
    text = f"访某省负责同志\n\n记者：今年的重点是什么？\n\n{answer}\n\n记者：怎样扩大投资？\n\n{answer}\n"
    titles = [d.title for d in read_outline(reading_text(text)).domains]
    assert not any(t and ("记者" in t or "？" in t) for t in titles)

"""The document's date: labelled date lines, stamps, newspaper editions, signatures and news leads."""

from __future__ import annotations

import pytest

from policykg.graph_builder.text.dateline import find_document_date, find_document_year


@pytest.mark.parametrize(
    ("text", "year", "month", "day"),
    [
        ("某市关于推进数字经济的通知\n发布日期：2023-03-15\n各区县：\n", 2023, 3, 15),
        ("05. [成文日期] 2022-11-02\n06. [发文字号] 某政发〔2022〕3号\n", 2022, 11, 2),
        ("某区新闻\n2021-06-08 09:30:00  来源:某日报\n正文。\n", 2021, 6, 8),
        ("某县推进项目建设\n《某某日报》（2024年02月05日第 03 版）\n近日，……\n", 2024, 2, 5),
        (
            "各区人民政府：\n现将方案印发给你们，请认真贯彻落实。\n某市发展和改革委员会\n2020年7月9日\n",
            2020,
            7,
            9,
        ),
        ("某园区智慧平台上线\n\n2026年1月12日，某园区智慧平台正式上线。\n", 2026, 1, 12),
        ("发布时间：2019年08月01日\n", 2019, 8, 1),
    ],
)
def test_date_lines(text, year, month, day):
    date = find_document_date(text)
    assert date is not None
    assert (date.year, date.month, date.day) == (year, month, day)
    assert text[date.start : date.end].startswith(str(year))


def test_no_date():
    assert find_document_date("某市推进产业发展\n全市新建学校10所。\n") is None


def test_a_past_event_deep_in_the_text_is_no_date():
    text = "某市项目简报\n" + "工作动态。\n" * 5 + "2013年12月28日，会议召开。\n"
    assert find_document_date(text) is None


def test_an_impossible_month_is_no_date():
    assert find_document_date("发布日期：2023-13-01\n") is None


def test_year_from_the_headline():
    assert find_document_year("某市重点项目简报2016年第2期\n【工作动态】\n") == 2016
    assert find_document_year("到2030年某市建成科创高地\n") is None
    assert find_document_year("某市规划（2021—2025年）\n") is None


def test_a_headline_that_is_the_plans_title_gives_no_document_year():
    text = "某省2026年科技工作要点\n正文。\n"
    assert find_document_year(text, "某省2026年科技工作要点") is None
    assert find_document_year("发布日期：2026-02-03\n" + text, "某省2026年科技工作要点") == 2026


def test_the_year_named_beside_this_year():
    text = "某市人代会开幕\n报告回顾了2020年工作。对于2021年工作，市长表示，今年要稳中求进。\n"
    assert find_document_year(text) == 2021
    assert find_document_year("某市新闻\n今年要比2020年增长一倍。\n") is None
    assert find_document_year("某市简报\n领导对今年工作提出要求，2013年12月28日召开会议。\n") is None

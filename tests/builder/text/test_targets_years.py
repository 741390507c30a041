"""Targets dated by the document (今年, 明年, 未来三年), a five-year plan, a year heading or the plan's end."""

from __future__ import annotations

import re

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets
from policykg.graph_builder.text.targets.sections import heading_level, year_sections
from policykg.graph_builder.text.targets.years import relative_deadline


def targets_in(text: str, **years):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return find_targets(text, sentences, find_quantities(text), set(), ("某市", "全市"), **years)


def years_of(text: str, **years) -> dict[str, int | None]:
    return {t.metric: t.deadline_year for t in targets_in(text, **years)}


def test_relative_words():
    assert relative_deadline("今年全市新建学校10所", 2024) == (2024, 0)
    assert relative_deadline("明年全市新建学校10所", 2024) == (2025, 0)
    assert relative_deadline("今年全市新建学校10所", None) is None
    assert relative_deadline("到“十四五”末，绿地率达到40%", None) == (2025, 2)
    assert relative_deadline("十三五期间新建学校10所", None)[0] == 2020
    # 未来三年 from a document of 2024: 2024, 2025 and 2026.
    assert relative_deadline("未来三年新建学校30所", 2024) == (2026, 0)
    # 全年 after a year the sentence names is that year.
    assert relative_deadline("2023年全市经济平稳，全年增长5%", 2024) == (2023, 12)


def test_this_year_resolved_by_the_document_year():
    text = "今年全市地区生产总值增长6%左右。"
    assert years_of(text, document_year=2022) == {"地区生产总值": 2022}
    assert years_of(text) == {"地区生产总值": None}


def test_this_year_before_a_colon_dates_the_list():
    text = "今年主要预期目标是：地区生产总值增长6%左右，城镇新增就业12万人。"
    assert set(years_of(text, document_year=2021).values()) == {2021}


def test_a_deadline_before_a_colon_dates_its_paragraph():
    text = "市长表示，今年主要目标是：地区生产总值增长6%左右。结构持续优化，研发投入强度达到3%。\n另段，绿地率达到40%。"
    found = years_of(text, document_year=2023)
    assert found["地区生产总值"] == 2023 and found["研发投入强度"] == 2023
    assert found["绿地率"] is None


def test_the_year_of_a_heading():
    text = "2025年主要目标\n（一）产业\n工业增加值增长7%。\n（二）民生\n新建幼儿园20所。\n"
    assert set(years_of(text).values()) == {2025}


def test_a_heading_of_the_same_level_ends_the_year():
    text = "一、2024年目标\n新建公园12个。\n二、远期目标\n到2030年绿地率达到45%。\n绿道总长达到900公里。\n"
    found = years_of(text)
    assert found["公园"] == 2024
    assert found["绿道总长"] is None


def test_the_title_is_no_year_heading():
    # A one-year title dates its plan's period, not its targets: those stay undated in the text.
    text = "某市2025年工作要点\n全市新能源汽车保有量突破50万辆。\n"
    assert years_of(text, title="某市2025年工作要点") == {"新能源汽车保有量": None}
    assert years_of(text) == {"新能源汽车保有量": 2025}


def test_a_period_in_a_heading_is_no_one_year():
    text = "某市行动方案（2024—2026年）\n全市新能源汽车保有量突破50万辆。\n"
    assert years_of(text) == {"新能源汽车保有量": None}


def test_a_past_year_before_the_document_is_statistics():
    text = "数据显示，2023年全市新能源汽车保有量达到40万辆。"
    assert targets_in(text, document_year=2024) == []


def test_a_year_opening_after_an_ascii_comma():
    text = "市长表示,2020年全市力争引进优质项目50个以上。"
    assert years_of(text) == {"引进优质项目": 2020}


def test_heading_levels_and_sections():
    assert heading_level("（一）总体目标") == 2
    assert heading_level("2025年主要目标") == 0
    assert heading_level("全市新建学校10所，改扩建5所。") is None
    text = "2022年重点任务\n主责单位：市教育局\n新建学校10所。\n2021年7月1日\n"
    sections = year_sections(text)
    assert [s.year for s in sections] == [2022]
    assert sections[0].end == len(text)


def test_what_is_done_is_no_target():
    assert targets_in("活动观看量已突破3亿次。") == []
    assert targets_in("全市企业数增长了12%。") == []


def test_a_counted_noun_stops_before_the_next_figure():
    found = targets_in("收入超过5亿元的企业突破50家、规模以上企业达到900家。")
    assert [(t.metric, int(t.quantity.value)) for t in found if t.quantity.unit == "ENTERPRISE"][-1] == (
        "规模以上企业",
        900,
    )
    assert all("900" not in t.metric for t in found)


def test_the_noun_after_a_count_is_what_it_counts():
    found = targets_in(
        "到2027年，培育8家具有较强影响力的综合型工业互联网平台、新建300个智能工厂、数字化车间。"
    )
    assert [t.metric for t in found] == ["综合型工业互联网平台", "智能工厂、数字化车间"]


def test_the_noun_after_a_measure_names_the_metric():
    found = targets_in("争取到2027年建成80兆瓦调节能力。")
    assert [(t.metric, int(t.quantity.value), t.deadline_year) for t in found] == [("调节能力", 80000, 2027)]
    found = targets_in("今年全省将投入8亿元扶持企业技术改造。", document_year=2022)
    assert [(t.metric, t.deadline_year) for t in found] == [("扶持企业技术改造", 2022)]


def test_the_scale_of_what_is_built():
    found = targets_in("力争到2026年形成总规模达5000亿元的产业集群。")
    assert [(t.metric, t.deadline_year) for t in found] == [("产业集群", 2026)]
    assert "总规模" in "力争到2026年形成总规模达5000亿元的产业集群。"[found[0].start : found[0].end]
    # A figure that qualifies what is counted stays no target of its own.
    found = targets_in("培育营业收入超过10亿元的企业20家。")
    assert [int(t.quantity.value) for t in found] == [20]


def test_a_numbered_task_states_its_figure_without_a_target_verb():
    text = "3.推进城市更新，疏解一般制造业企业80家，实施留白增绿150公顷、揭网见绿200公顷，实施120座立交桥垂直绿化。\n"
    found = {t.metric: int(t.quantity.value) for t in targets_in(text)}
    assert found == {"疏解一般制造业企业": 80, "实施留白增绿": 150, "揭网见绿": 200, "立交桥垂直绿化": 120}
    # Outside a numbered item, running text of the same shape states no target.
    assert targets_in("会上签约项目15个。") == []


def test_a_plan_of_intent_and_verb():
    found = targets_in("2019年：计划搬迁800户3000人。")
    assert [(t.metric, int(t.quantity.value), t.deadline_year) for t in found] == [
        ("搬迁", 800, 2019),
        ("搬迁", 3000, 2019),
    ]

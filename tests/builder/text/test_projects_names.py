"""Projects named by their heads and by the text's shape (a box's title, a quotation before a programme
head), platforms that run a service read as projects, and list numbering kept out of names, on sentences
written for the rules."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.components import word_offsets
from policykg.graph_builder.text.boxes import find_boxes
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names import find_names
from policykg.graph_builder.text.places import place_index

PROJECT_CLASSES = ("Project", "TransportProject", "EnergyProject", "WaterProject")


def names_in(nlp, text: str) -> dict[str, str]:
    doc = nlp.make_doc(text)
    places = [(p.start, p.end) for p in place_index().find(text)]
    found = find_names(
        text,
        word_offsets(doc),
        lambda s, e: any(ps <= s and e <= pe for ps, pe in places),
        is_known_word,
        find_boxes(text),
    )
    return {m.text: m.cls for m in found}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # A platform that runs a service or a system is a system being built.
        ("建成某某县医保信息平台，实现数据互通。", "某某县医保信息平台"),
        ("推进某某市排污权交易平台建设。", "某某市排污权交易平台"),
        ("升级区级食品安全监管平台。", "区级食品安全监管平台"),
        ("推广“易企办”平台。", "“易企办”平台"),
        # Stations that serve vehicles with energy are energy projects.
        ("新建东湖路综合能源站2座。", "东湖路综合能源站"),
        ("改造西城加油加气站。", "西城加油加气站"),
        # Parks being laid out, express lines, nuclear plants named by their site.
        ("建成某某湖国家森林公园。", "某某湖国家森林公园"),
        ("开工建设某某新城至机场快线。", "某某新城至机场快线"),
        ("推进某某核电前期工作。", "某某核电"),
        # A quotation before a programme head names the programme.
        ("实施“百企上云”提质扩面工程。", "“百企上云”提质扩面工程"),
        ("启动“青苗”行动计划。", "“青苗”行动计划"),
    ],
)
def test_projects_named_by_head_or_quotation(nlp, sentence, name):
    found = names_in(nlp, sentence)
    assert found.get(name, "").endswith(PROJECT_CLASSES), found


def test_a_research_platform_stays_an_institution(nlp):
    found = names_in(nlp, "组建某某大学新材料创新平台。")
    assert found.get("某某大学新材料创新平台") == "InnovationPlatform", found


def test_a_box_title_names_its_programme(nlp):
    text = "一、重点任务\n专栏2  数字车间示范推广工程\n1.智能工厂：建设20个。\n"
    assert names_in(nlp, text).get("数字车间示范推广工程") == "Project"


def test_a_box_title_that_is_no_programme_names_nothing(nlp):
    text = "一、重点任务\n专栏3  主要指标\n1.产值：达到100亿元。\n"
    assert "主要指标" not in names_in(nlp, text)


def test_a_quotation_of_a_slogan_before_de_is_no_programme(nlp):
    assert not any(n.endswith("工程") for n in names_in(nlp, "这是“放管服”的配套工程。"))


def test_closing_bracket_numbering_stays_out_of_names(nlp):
    found = names_in(nlp, "新建站点如下：\n1)南山综合能源站\n2)北岭综合能源站\n")
    assert "南山综合能源站" in found and "北岭综合能源站" in found, found
    assert not any(n[0].isdigit() for n in found), found


def test_a_list_of_three_programmes_names_each(nlp):
    text = "通过山区带动就业扶贫工程、乡村民宿提升工程、组织农户外出参观、实施果蔬冷链保鲜工程，增加收入。"
    found = names_in(nlp, text)
    for name in ("山区带动就业扶贫工程", "乡村民宿提升工程", "果蔬冷链保鲜工程"):
        assert found.get(name) == "Project", found


def test_a_list_of_three_projects_names_each(nlp):
    found = names_in(nlp, "签约精密轴承生产项目、冷链仓储物流项目、中药饮片加工项目，总投资20亿元。")
    for name in ("精密轴承生产项目", "冷链仓储物流项目", "中药饮片加工项目"):
        assert found.get(name, "").endswith(PROJECT_CLASSES), found


def test_two_generic_works_are_no_list_of_names(nlp):
    found = names_in(nlp, "加强基础设施建设工程和生态修复工程。")
    assert not any(n.endswith("工程") for n in found), found


@pytest.mark.parametrize(
    "sentence", ["推动企业数据接入协作平台。", "建设一批人工智能平台。", "依托电商平台拓展销路。"]
)
def test_a_bare_platform_without_a_proper_word_names_nothing(nlp, sentence):
    assert not any(n.endswith("平台") for n in names_in(nlp, sentence)), names_in(nlp, sentence)

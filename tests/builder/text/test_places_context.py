"""Places read from their context: beside the division they lie in, in a list with other places, inside
longer names, by the short forms of autonomous divisions, and regions without a code."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.nlp import shared_nlp


def places(text: str) -> set[tuple[str, str | None]]:
    """(name, code) of the places the pipeline finds in ``text``."""
    return {(p.name, p.code) for p in shared_nlp()(text)._.places}


def surfaces(text: str) -> dict[str, str]:
    """The printed form of each place found, with its canonical name."""
    return {text[p.start : p.end]: p.name for p in shared_nlp()(text)._.places}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A district of another province, right after its city or province.
        (
            "某省能源发展规划\n在北京怀柔建设科学装置，南通海门至苏州太仓的通道加快建设。",
            {"110116", "320614", "320585"},
        ),
        # A place joined to another in a list, though its short form is mostly a common word.
        ("河南省储能发展意见\n支持开封、许昌、三门峡建设储能基地。", {"410200", "411000", "411200"}),
        ("某市交通规划\n会同天津、河北编制规划。", {"120000", "130000"}),
        # A county of another province joined to a city by 至: a road's section.
        ("云南省物流发展行动方案\n推进沪昆高速盘州至曲靖段扩容。", {"520281", "530300"}),
    ],
)
def test_names_beside_a_place_found(text, expected):
    assert expected <= {code for _, code in places(text)}


def test_a_full_name_whose_last_character_joins_an_organ():
    found = places("某市重大项目集中开工\n平昌县委书记在仪式上致辞，广东省委有关负责同志出席。")
    assert {("平昌县", "511923"), ("广东省", "440000")} <= found


def test_a_province_inside_a_longer_name_is_a_place():
    assert ("上海市", "310000") in places("某新区发展报告\n上海师范大学附属实验学校建成开学。")


@pytest.mark.parametrize(
    "text",
    [
        "某省产业发展规划\n大力发展战略性新兴产业，建设开放大通道。",
        "某县扶贫规划\n白云山镇建设安置房，积极引进阿里巴巴等电商企业。",
    ],
)
def test_a_county_short_form_opening_a_common_word_is_not_a_place(text):
    assert not {name for name, _ in places(text)} & {"新兴县", "大通区", "白云区", "阿里地区"}


def test_a_common_district_name_of_another_province_is_not_read_from_a_list():
    # 老城区 and 新城区 are districts elsewhere; in this list they are a town's old and new quarters.
    found = places("重庆市某区能源规划\n涪陵高新区——涪陵老城区、涪陵区新城区建设。")
    assert not {name for name, _ in found} & {"老城区", "新城区"}


def test_autonomous_divisions_by_their_short_forms():
    found = surfaces("某省物流行动方案\n支持新疆、大理州、黔南州发展冷链物流。")
    assert found["新疆"] == "新疆维吾尔自治区"
    assert found["大理州"] == "大理白族自治州"
    assert found["黔南州"] == "黔南布依族苗族自治州"
    assert surfaces("重庆市物流行动方案\n支持石柱县发展冷链物流。")["石柱县"] == "石柱土家族自治县"


def test_short_forms_drop_the_ethnic_groups_of_an_autonomous_division():
    text = "云南省物流发展行动方案\n支持昆明、红河、德宏建设口岸物流。"
    assert {("红河哈尼族彝族自治州", "532500"), ("德宏傣族景颇族自治州", "533100")} <= places(text)


def test_a_district_the_package_lacks_is_added_from_data():
    assert ("渝北区", "500112") in places("重庆市某区规划\n衔接长寿区、巴南区、渝北区等区域。")


def test_the_home_is_the_city_the_text_names_most_when_the_title_names_none():
    # No place in the title: the text's own city (赣州) decides which 南康 is meant.
    text = "重点项目集中开工\n赣州市今年开工项目120个。赣州市委书记出席。南康家具产业园开工。"
    assert ("南康区", "360703") in places(text)


def test_subdistricts_and_towns_in_a_list_are_regions():
    text = "某区综合能源规划\n街道：城南街道、新华街道；镇：新田镇、大石镇、清水镇。"
    found = {name for name, code in places(text) if code is None}
    assert {"城南街道", "新田镇", "大石镇", "清水镇"} <= found


def test_a_stretch_of_a_river_is_a_region_and_a_bare_river_is_not():
    found = {
        name for name, _ in places("某市生态规划\n筑牢长江上游生态屏障，推进黄河中游生态修复，维修长江大桥。")
    }
    assert {"长江上游", "黄河中游"} <= found
    assert "长江" not in found


def test_a_common_word_after_a_province_is_not_its_district():
    # 振兴 is also a district of a city in the province; here it is the province's revitalisation.
    assert "振兴区" not in {name for name, _ in places("某省科技支撑方案\n推动辽宁振兴发展取得新突破。")}

"""English labels of government bodies, companies, places inside names, compounds and measures.

The names are generic or invented for these tests (a city's bureau, a made-up cable maker).
"""

from __future__ import annotations

import pytest

from policykg.graph_builder.english.labels import Source, english_label, label_origins
from policykg.graph_builder.english.places import division_spans, is_division_stem
from policykg.graph_builder.english.resolve import _known_parts
from policykg.graph_builder.english.segment import tokens

BODIES = [
    # abbreviated fields and the heads of bodies' names
    ("市住建局", "Municipal Housing and Urban-Rural Development Bureau"),
    ("县发改局", "County Development and Reform Bureau"),
    ("市民政局", "Municipal Civil Affairs Bureau"),
    ("省卫生健康委", "Provincial Health Commission"),
    ("市委网信办", "Municipal Party Committee Cyberspace Affairs Office"),
    ("市场监管局", "Administration for Market Regulation"),
    # 厅 is "Department of ...", after the level or place
    ("省交通运输厅", "Provincial Department of Transport"),
    ("山东省商务厅", "Shandong Provincial Department of Commerce"),
    # a province or city before a body's head reads as an adjective
    ("济南市统计局", "Jinan Municipal Bureau of Statistics"),
    # a head of a body wins a tie of the glossary cover (省 + 外办, not 省外 + 办)
    ("省外办", "Provincial Foreign Affairs Office"),
    ("市应急管理局", "Municipal Emergency Management Bureau"),
]


@pytest.mark.parametrize(("zh", "expected"), BODIES)
def test_government_bodies_read_as_their_official_names(zh: str, expected: str) -> None:
    assert english_label(zh, "GovernmentBody") == expected


def test_a_body_is_recognized_by_its_head_whatever_its_class() -> None:
    assert english_label("省商务厅", "Institution") == "Provincial Department of Commerce"


PLACES_IN_NAMES = [
    # a division's short form reads as the place even where CC-CEDICT lists a common sense first
    ("包头大数据中心", "Baotou Big Data Center"),
    ("大理铁路枢纽", "Dali Railway Hub"),
    # a full division name is one word where the glossary would cut its proper part
    ("东城区政府", "Dongcheng District Government"),
    ("朝阳区政府", "Chaoyang District Government"),
    # the longest place unit ends the name
    ("两江新区", "Liangjiang New Area"),
]


@pytest.mark.parametrize(("zh", "expected"), PLACES_IN_NAMES)
def test_places_inside_names_keep_their_pinyin(zh: str, expected: str) -> None:
    assert english_label(zh) == expected


def test_division_spans_and_stems() -> None:
    assert division_spans("朝阳区政府") == [(0, 3, True)]
    assert is_division_stem("大理")
    assert not is_division_stem("灯塔")  # CC-CEDICT knows it only as a common word
    assert not is_division_stem("中原")  # a district's short form: a common word elsewhere


def test_a_citys_short_form_is_not_cut_by_a_glossary_word() -> None:
    assert english_label("防城港钢铁基地", "Base") == "Fangchenggang Steel Base"


def test_a_government_head_stops_at_the_level_before_it() -> None:
    assert english_label("自治区交通运输厅", "GovernmentBody") == "Autonomous Region Department of Transport"


def test_a_division_does_not_swallow_a_level_word() -> None:
    assert english_label("安徽省级数据平台").startswith("Anhui Provincial")


FIRMS = [
    # the province before the brand drops its unit; 实业 is the firm's line of business
    ("福建省金达实业有限公司", "Fujian Jinda Industrial Co., Ltd."),
    # the city stays apart from the brand and a common noun before the legal form is translated
    ("厦门华泰电缆有限公司", "Xiamen Huatai Cable Co., Ltd."),
    # nationwide enterprises by their own English names
    ("中石化某某加油站", "Sinopec So-and-So Filling Station"),
]


@pytest.mark.parametrize(("zh", "expected"), FIRMS)
def test_companies_read_as_brand_and_legal_form(zh: str, expected: str) -> None:
    assert english_label(zh, "Enterprise") == expected


def test_a_unit_that_is_not_administrative_still_starts_a_name() -> None:
    # 山 is a place unit but not a division's: 山 + 左 is one name
    assert english_label("山左物流中心", "Hub") == "Shanzuo Logistics Center"


def test_a_unit_after_a_place_stands_alone_in_tokens() -> None:
    assert [text for text, _ in tokens("福建省金达实业有限公司")][:3] == ["福建", "省", "金"]


def test_an_unknown_compound_is_read_by_its_known_parts() -> None:
    assert _known_parts("交易系统") == ["交易", "系统"]
    assert english_label("碳排放权交易系统", "Project") == "Carbon Emission Rights Transaction System"
    origins = label_origins("碳排放权交易系统", "Project")
    assert all(origin.source is not Source.PINYIN for origin in origins)


def test_a_name_before_a_naming_head_is_not_split_into_words() -> None:
    # 白鹤 is a common word, but before 水电站 the run is one proper name
    assert english_label("白鹤滩水电站", "Project") == "Baihetan Hydropower Station"


MEASURES = [
    ("粮食产量58亿斤", "grain output 2.9 million tons (5.8 billion jin)"),
    ("利用外资12亿美元", "utilization of foreign capital USD 1.2 billion"),
]


@pytest.mark.parametrize(("zh", "expected"), MEASURES)
def test_measures_read_as_numbers_english_readers_know(zh: str, expected: str) -> None:
    assert english_label(zh, "Target") == expected


def test_level_suffix_joins_its_noun() -> None:
    assert english_label("面板级封装项目", "Project") == "Panel-Level Packaging Project"
    assert english_label("协同办公3.0版", "Project") == "Collaborative Office Version 3.0"


def test_a_dash_between_names_is_an_en_dash() -> None:
    assert english_label("昆明—仰光", "Project") == "Kunming–Yangon"
    assert english_label("盘锦—赤峰联络线", "Project") == "Panjin–Chifeng Connecting Line"


def test_measures_in_names() -> None:
    assert english_label("8英寸工艺平台", "Project") == "8-Inch Process Platform"


def test_development_zone_abbreviations_read_in_full() -> None:
    assert english_label("某某高新区", "DevelopmentArea") == "So-and-So High-Tech Industrial Development Zone"
    assert english_label("某某经开区", "DevelopmentArea") == (
        "So-and-So Economic and Technological Development Zone"
    )


def test_names_read_polyphones_as_names_do() -> None:
    # 都 is du and 长 is chang in a name, whatever the general reading guesses
    assert english_label("天都实验室", "Laboratory") == "Tiandu Laboratory"
    assert english_label("长燃能源公司", "Enterprise").startswith("Changran")

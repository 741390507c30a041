"""Finding places with their division codes, and resolving short forms near the plan's city."""

from __future__ import annotations

import pytest

from policykg.graph_builder.text.places import place_index


@pytest.fixture(scope="module")
def index():
    return place_index()


def found(index, text, home=None):
    home_division = index.division_named(home) if home else None
    return {(m.name, m.cls, m.code) for m in index.find(text, None, home_division)}


@pytest.mark.parametrize(
    ("text", "home", "expected"),
    [
        (
            "四川省成都市武侯区",
            None,
            {
                ("四川省", "Province", "510000"),
                ("成都市", "City", "510100"),
                ("武侯区", "District", "510107"),
            },
        ),
        (
            "支持郫都区和简阳市发展",
            "成都",
            {("郫都区", "District", "510117"), ("简阳市", "County", "510185")},
        ),
        ("在郫都打造特色小镇", "成都", {("郫都区", "District", "510117")}),
        ("与重庆协同", None, {("重庆市", "Province", "500000")}),
        (
            "融入长三角一体化，共抓黄河流域生态保护",
            None,
            {("长三角", "Region", None), ("黄河流域", "Region", None)},
        ),
        (
            "广西壮族自治区南宁市",
            None,
            {("广西壮族自治区", "Province", "450000"), ("南宁市", "City", "450100")},
        ),
    ],
)
def test_finds_divisions_and_regions(index, text, home, expected):
    assert expected <= found(index, text, home)


def test_ambiguous_district_names_resolve_near_home(index):
    # 鼓楼区 exists in several cities; the plan's own city decides.
    assert ("鼓楼区", "District", "320106") in found(index, "推进鼓楼区更新", "南京")
    assert ("鼓楼区", "District", "350102") in found(index, "推进鼓楼区更新", "福州")


def test_short_county_forms_only_count_inside_the_home_province(index):
    assert not {n for n, _, _ in found(index, "郫都的经验", "济南")} & {"郫都区"}


@pytest.mark.parametrize("text", ["加快城区更新", "长治久安", "开发区建设", "天桥改造"])
def test_common_words_are_not_places(index, text):
    assert {c for _, c, _ in found(index, text)} <= {"Region"}


def test_parents_come_from_the_division_data(index):
    mention = index.find("成都市武侯区", None, None)[-1]
    assert mention.parent is not None and mention.parent.name == "成都市"


def test_clusters_are_regions_named_by_a_place_or_one_word(index, nlp):
    text = "打造成都都市圈，共建宁波都市圈，融入省会经济圈，协同发展关中平原城市群。"
    doc = nlp.make_doc(text)
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t) for t in doc}
    regions = {m.name for m in index.find(text, lambda s, e: s in starts and e in ends) if m.cls == "Region"}
    assert regions == {"成都都市圈", "宁波都市圈", "省会经济圈", "关中平原城市群"}


def test_districts_of_other_provinces_are_not_read_by_their_full_name(index):
    # 东港区 is a district in Shandong; in a Guangxi plan it is the east port area of a harbour.
    assert not {n for n, _, _ in found(index, "加快建设某某港东港区和西港区", "南宁")} & {"东港区"}
    assert ("东港区", "District", "371102") in found(index, "日照市东港区", "日照")


def test_a_short_form_before_a_river_word_names_the_river(index):
    names = {n for n, _, _ in found(index, "开展柳江沿岸生态修复，整治右江两岸。", "南宁")}
    assert "柳江区" not in names
    assert ("柳江区", "District", "450206") in found(index, "推动柳江经济开发区建设", "柳州")


@pytest.mark.parametrize("text", ["建设农作物种质资源库", "完善沿线港口设施"])
def test_short_forms_that_are_common_words_are_not_places(index, text):
    assert found(index, text, "南宁") == set()


@pytest.mark.parametrize("text", ["推动西南地区产业协作", "加强长江大桥维护"])
def test_bare_rivers_and_compass_regions_are_not_places(index, text):
    assert found(index, text) == set()


def _regions_in(index, nlp, text):
    doc = nlp.make_doc(text)
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t) for t in doc}
    return {m.name for m in index.find(text, lambda s, e: s in starts and e in ends) if m.cls == "Region"}


def test_towns_and_townships_are_regions(index, nlp):
    text = "在石门镇、白沙乡建设农产品加工园，推进宁乡市花明楼镇特色产业发展，各乡镇和重点镇同步推进城镇化。"
    regions = _regions_in(index, nlp, text)
    assert {"石门镇", "白沙乡", "花明楼镇"} <= regions
    assert not regions & {"各乡镇", "重点镇", "推进城镇", "乡镇"}
    kinds = "培育特色小镇、中心镇，打造历史文化名镇和旅游名镇，建设美丽乡村，支持人才返乡，推进城乡融合。"
    assert not _regions_in(index, nlp, kinds)


def test_river_basins_are_regions(index, nlp):
    assert {"沅江流域", "澧水河流域"} <= _regions_in(index, nlp, "加强沅江流域和澧水河流域生态保护。")


def test_a_metropolitan_area_named_by_its_city_is_a_region(index, nlp):
    assert "九江都市区" in _regions_in(index, nlp, "主动融入九江都市区建设。")

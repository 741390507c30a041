"""Finding institution and project names by their heads, in sentences of the genre."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.components import word_offsets
from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names import find_names
from policykg.graph_builder.text.places import place_index


def names_in(nlp, text: str) -> dict[str, str]:
    doc = nlp.make_doc(text)
    places = [(p.start, p.end) for p in place_index().find(text)]
    found = find_names(
        text,
        word_offsets(doc),
        lambda s, e: any(ps <= s and e <= pe for ps, pe in places),
        is_known_word,
    )
    return {m.text: m.cls for m in found}


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("全力支持合肥综合性国家科学中心建设。", "合肥综合性国家科学中心", "ResearchInstitute"),
        ("争创之江实验室国家实验室基地。", "之江实验室", "Laboratory"),
        ("推动建设国家实验室杭州基地。", "国家实验室杭州基地", "Laboratory"),
        ("加快建设四川大学华西医院国家医学中心。", "四川大学华西医院", "Hospital"),
        ("建设苏州工业园区人工智能产业园。", "苏州工业园区人工智能产业园", "IndustrialPark"),
        ("支持“长三角G60科创走廊”建设。", "长三角G60科创走廊", "DemonstrationZone"),
        ("推进国家超级计算长沙中心扩容。", "国家超级计算长沙中心", "Institution"),
        ("规划建设武汉东湖科学城。", "武汉东湖科学城", "IndustrialPark"),
        ("建设省档案馆新馆和市美术馆。", "省档案馆新馆", "CulturalVenue"),
        ("建设省档案馆新馆和市美术馆。", "市美术馆", "CulturalVenue"),
        ("建成国家作物种质库新库、西南野生生物种质资源库。", "西南野生生物种质资源库", "GeneBank"),
        ("加快建设沪渝蓉高铁、成渝中线高铁。", "成渝中线高铁", "TransportProject"),
        ("推进白鹤滩水电站送出工程、两河口水电站建设。", "两河口水电站", "EnergyProject"),
        ("开工建设引汉济渭二期工程、亭子口灌区。", "亭子口灌区", "WaterProject"),
        ("建设郑州航空港多式联运中心。", "郑州航空港多式联运中心", "Hub"),
        ("依托中国科学技术大学先进技术研究院。", "中国科学技术大学先进技术研究院", "ResearchInstitute"),
        ("建设国家健康医疗大数据中心(北方)。", "国家健康医疗大数据中心(北方)", "DataCenter"),
    ],
)
def test_finds_named_institutions_and_projects(nlp, sentence, name, cls):
    found = names_in(nlp, sentence)
    assert found.get(name) == cls, found


@pytest.mark.parametrize(
    "sentence",
    [
        "推进一批省级重点实验室建设。",
        "培育10个省级现代服务业集聚示范区。",
        "建设绿色工厂和绿色工业园区。",
        "打造高能级创新平台。",
        "加强国家级企业技术中心建设。",
        "建设一批高水平研究院。",
        "着力塑造中心城市的功能。",
        "完善PPP项目清单发布机制。",
    ],
)
def test_categories_are_not_names(nlp, sentence):
    assert names_in(nlp, sentence) == {}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("加快推进沪宁、宁杭等高铁建设。", {"沪宁高铁", "宁杭高铁"}),
        ("例如科大讯飞语音产业、京东方显示面板等项目。", {"科大讯飞语音产业项目", "京东方显示面板项目"}),
        ("推进郑州至济南、郑州至合肥等高速公路项目。", {"郑州至济南高速公路项目", "郑州至合肥高速公路项目"}),
    ],
)
def test_a_shared_head_is_given_to_each_list_item(nlp, sentence, expected):
    assert expected <= set(names_in(nlp, sentence))


def test_governing_verbs_are_not_part_of_names(nlp):
    found = names_in(nlp, "大力支持光谷实验室争创国家实验室，打造湖北实验室体系。")
    assert "光谷实验室" in found
    assert not any(n.startswith(("支持", "大力", "打造", "争创")) for n in found)


def test_a_quoted_name_keeps_its_quotes_inside(nlp):
    found = names_in(nlp, "建设“东数西算”宁夏枢纽节点。")
    assert not any(n.startswith("建设") for n in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "鼓励龙头企业建设原料基地和中试基地。",
        "支持各设区市建设临床医学研究中心和三级医院。",
        "在山区县布局一批抽水蓄能电站。",
        "承接国家制造业创新中心培育任务。",
        "利用第十届省运会场馆资源举办群众赛事。",
        "在城区布局算力集聚区和商业航天产业集聚区。",
        "建设全市技术交易主平台，推动科研院所向社会开放实验室。",
        "鼓励企业新建高效光伏电池生产线，改造体育场馆和科创园区。",
    ],
)
def test_categories_made_of_general_words_are_not_names(nlp, sentence):
    assert names_in(nlp, sentence) == {}


def test_key_projects_of_a_new_area_are_a_category_of_the_area(nlp):
    # The new area is named (an industrial park); its 重点项目 are not a project of that name.
    found = names_in(nlp, "全区统筹推进天府新区重点项目120个、成都市重大项目30个。")
    assert found == {"天府新区": "IndustrialPark"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("去年成都天府国际机场新开国际航线12条。", "成都天府国际机场"),
        ("深化与四川大学、电子科技大学等高校合作。", "四川大学"),
        ("用好四川省科技成果转化平台，促进成果落地。", "四川省科技成果转化平台"),
        ("高标准建设天府实验室和锦城实验室。", "锦城实验室"),
        ("支持宜宾锂电产业园承接东部地区产业转移。", "宜宾锂电产业园"),
    ],
)
def test_time_words_verbs_and_conjunctions_end_names(nlp, sentence, name):
    found = names_in(nlp, sentence)
    assert name in found, found
    assert not any(n.startswith(("去年", "与", "用", "好", "和")) or "和" in n for n in found), found


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        (
            "高水平建设中国（四川）自由贸易试验区成都片区。",
            "中国（四川）自由贸易试验区成都片区",
            "DemonstrationZone",
        ),
        ("加快成都地铁外环线、成渝城际铁路东环线建设。", "成渝城际铁路东环线", "TransportProject"),
        ("推进成都绕城高速公路北段扩容。", "成都绕城高速公路北段", "TransportProject"),
        ("提升成都国际铁路港功能。", "成都国际铁路港", "Hub"),
        ("推动天府智能制造产业城二期建设。", "天府智能制造产业城", "IndustrialPark"),
        ("支持四川数据交易所开展数据产品登记。", "四川数据交易所", "InnovationCenter"),
        ("推进成都天府国际机场改扩建工程。", "成都天府国际机场改扩建工程", "TransportProject"),
        ("建设攀枝花50万千瓦分布式光伏项目。", "攀枝花50万千瓦分布式光伏项目", "EnergyProject"),
        ("推进引大济岷二期工程。", "引大济岷二期工程", "WaterProject"),
        ("升级四川网上技术市场，建设成都科技大市场。", "四川网上技术市场", "InnovationPlatform"),
        ("打造白鹭湾新经济小镇。", "白鹭湾新经济小镇", "IndustrialPark"),
        ("推进天府大道北延线建设。", "天府大道北延线", "TransportProject"),
        ("实施锦江污水处理厂扩建工程和紫坪铺水电站送出工程。", "锦江污水处理厂扩建工程", "WaterProject"),
        ("实施锦江污水处理厂扩建工程和紫坪铺水电站送出工程。", "紫坪铺水电站送出工程", "EnergyProject"),
    ],
)
def test_qualifiers_heads_and_cues_give_the_full_name_and_its_kind(nlp, sentence, name, cls):
    found = names_in(nlp, sentence)
    assert found.get(name) == cls, found


def test_the_work_that_builds_an_institution_is_not_a_project_name(nlp):
    found = names_in(nlp, "推动成都超算中心二期工程建设，支持京东方成都有限公司t8项目投产。")
    assert "成都超算中心" in found and "京东方成都有限公司" in found
    assert not any(n.endswith(("工程", "项目")) for n in found), found


def test_a_hospital_followed_by_a_category_of_hospitals_is_the_hospital(nlp):
    found = names_in(nlp, "支持四川省人民医院国家区域医疗中心建设，推进四川省人民医院东院区扩容。")
    assert found.get("四川省人民医院") == "Hospital", found
    assert "四川省人民医院国家区域医疗中心" not in found
    assert "四川省人民医院东院区" in found


def test_schools_of_a_university_and_categories_of_venues_are_not_names(nlp):
    found = names_in(nlp, "支持市属医院与四川大学商学院共建县级公共图书馆和产业学院。")
    assert found == {"四川大学": "University"}


def test_verbs_end_a_name_before_a_place_only(nlp):
    found = names_in(nlp, "协同绵阳国际机场发展临空经济，集聚四川省科学院等创新资源，建设协同创新中心。")
    assert "绵阳国际机场" in found and "四川省科学院" in found
    assert not any(n.startswith(("协同", "集聚")) for n in found), found


def test_a_name_that_runs_on_into_a_longer_head_is_the_longer_name(nlp):
    found = names_in(nlp, "提升成都国际铁路港功能。")
    assert found == {"成都国际铁路港": "Hub"}


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        (
            "支持四川大学成都先进材料技术与应用研究院建设。",
            "四川大学成都先进材料技术与应用研究院",
            "ResearchInstitute",
        ),
        ("推动腾讯集团在蓉设立区域总部。", "腾讯集团", "Enterprise"),
    ],
)
def test_long_joined_names_and_groups_named_by_a_brand(nlp, sentence, name, cls):
    found = names_in(nlp, sentence)
    assert found.get(name) == cls, found


def test_an_institution_and_the_university_after_yu_are_two_names(nlp):
    found = names_in(nlp, "支持天府新材料研究院与电子科技大学共建联合实验室，培育行业领先种业集团。")
    assert "电子科技大学" in found
    assert not any("与" in n or n.endswith("种业集团") for n in found), found


def test_chapter_section_and_article_numbers_never_start_a_name(nlp):
    assert names_in(nlp, "第二节 西部科学城建设\n第十二条 成都超算中心建设运营。") == {
        "西部科学城": "IndustrialPark",
        "成都超算中心": "DataCenter",
    }


def test_years_provisional_brackets_and_reporting_verbs_stay_out_of_names(nlp):
    found = names_in(
        nlp, "到2026年省实验室总数达到12家，加快成都东方大学（暂名）筹建，每月10日前报送项目进展。"
    )
    assert "成都东方大学" in found and "省实验室" not in found, found
    assert not any(n.startswith("年") or "暂名" in n or n.endswith("报送项目") for n in found), found


def test_a_joint_designation_belongs_to_the_lab_it_names(nlp):
    found = names_in(
        nlp, "支持某某大学建设省部共建作物遗传改良与育种国家重点实验室，新增自治区重点实验室10家。"
    )
    assert found.get("省部共建作物遗传改良与育种国家重点实验室") == "Laboratory"
    assert "自治区重点实验室" not in found


def test_items_listed_before_a_classing_platform_do_not_take_it(nlp):
    found = names_in(nlp, "办好中国—中亚合作论坛、丝路商品交易会等平台，扩大开放合作。")
    assert not any(name.endswith("平台") for name in found)


def test_an_upgrade_that_ends_a_clause_names_the_work_on_a_line(nlp):
    found = names_in(nlp, "推进焦柳铁路怀化至柳州段扩能改造、玉林至岑溪铁路建设。")
    assert found.get("焦柳铁路怀化至柳州段扩能改造") == "TransportProject"


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("建设大湾区国际交流合作中心。", "大湾区国际交流合作中心", "InnovationCenter"),
        ("改造提升某省体育中心。", "某省体育中心", "CulturalVenue"),
        ("建设国家茶树种质资源圃。", "国家茶树种质资源圃", "GeneBank"),
    ],
)
def test_more_heads_of_the_genre(nlp, sentence, name, cls):
    assert names_in(nlp, sentence).get(name) == cls


@pytest.mark.parametrize(
    "sentence", ["建设沿线港口和海外研发基地，打造跨境数据服务平台。", "全区高速公路通车里程明显增加。"]
)
def test_cross_border_overseas_and_whole_region_words_name_no_institution(nlp, sentence):
    assert names_in(nlp, sentence) == {}


def test_a_short_form_in_brackets_is_an_alias_of_the_name_before_it(nlp):
    text = (
        "某市数字经济发展规划（2021—2025年）\n\n第一章　总体要求\n\n"
        "支持湖北华工激光科技股份有限公司（以下简称华工激光）建设智能工厂，"
        "推动武汉光谷科技创新研究院（简称光谷研究院）开放共享。\n"
    )
    forms = [{e.name, *e.alt_labels} for e in extract_plan(text, nlp).entities]
    assert {"湖北华工激光科技股份有限公司"} in forms
    assert {"武汉光谷科技创新研究院", "光谷研究院"} in forms
    assert not any("简称" in form for group in forms for form in group)


@pytest.mark.parametrize(
    ("sentence", "not_a_name", "name"),
    [
        ("“一轴”即沿江发展轴，“两区”即宜春经开区和袁州工业园。", "“两区”即宜春经开区", "宜春经开区"),
        ("推动优质医疗资源下沉乡镇卫生院。", "优质医疗资源下沉乡镇卫生院", None),
        ("建设沿海港口和内陆无水港。", "沿海港口", None),
        ("打造省域副中心和中心城区。", "中心城区", None),
        ("支持华工科技与湖北工业大学共建联合实验室。", "华工科技与湖北工业大学", "湖北工业大学"),
    ],
)
def test_clauses_that_are_not_names(nlp, sentence, not_a_name, name):
    found = names_in(nlp, sentence)
    assert not_a_name not in found
    if name:
        assert name in found


def test_places_listed_under_a_category_stay_places(nlp):
    found = names_in(nlp, "打通至福州、泉州等沿海港口的海铁联运通道。")
    assert not any(n.endswith("港口") for n in found)


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("支持建设湖南省轨道交通装备工程研究中心。", "湖南省轨道交通装备工程研究中心", "InnovationCenter"),
        ("组建岳阳石化工程技术研究中心。", "岳阳石化工程技术研究中心", "InnovationCenter"),
        ("建设长沙国际会展中心。", "长沙国际会展中心", "CulturalVenue"),
        ("建设湖南工业职业技术学院株洲实训基地。", "湖南工业职业技术学院株洲实训基地", "Base"),
        ("推进张家口200万千瓦风电基地建设。", "张家口200万千瓦风电基地", "EnergyProject"),
        ("建设湘赣边科技合作示范园。", "湘赣边科技合作示范园", "IndustrialPark"),
        ("统筹赣江新区和各开发区产业布局。", "赣江新区", "IndustrialPark"),
    ],
)
def test_heads_of_centres_bases_and_parks_give_their_class(nlp, sentence, name, cls):
    assert names_in(nlp, sentence).get(name) == cls


def test_a_follow_up_work_is_part_of_the_project_name(nlp):
    assert "都江堰灌区续建配套工程" in names_in(nlp, "推进都江堰灌区续建配套工程建设。")


def test_opening_labs_to_the_public_names_no_lab(nlp):
    assert "公众开放实验室" not in names_in(nlp, "推动高校向公众开放实验室。")


def test_a_stadium_of_a_sports_centre_is_named_whole(nlp):
    found = names_in(nlp, "建设萍乡市体育中心体育场和市图书馆。")
    assert found.get("萍乡市体育中心体育场") == "CulturalVenue"


def test_a_grade_of_hospital_is_a_category(nlp):
    assert "三级中医医院" not in names_in(nlp, "支持县中医院创建三级中医医院。")


def test_a_preposition_glued_to_a_name_is_not_part_of_it(nlp):
    # jieba reads 以北 (north of) in 以北苑新区.
    found = names_in(nlp, "以北苑新区为核心，集聚创新资源。")
    assert "北苑新区" in found
    assert not any(name.startswith("以") for name in found)

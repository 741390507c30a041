"""Tests of reading numbers and quantities (graph_builder/text/numbers/): parse_number, find_quantities
and parse_quantity, on a table of the genre's phrasings, on the bundled plan and as properties."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policykg.data import bundled_documents
from policykg.graph_builder.records import Quantity
from policykg.graph_builder.text.numbers import (
    UNIT_WORDS,
    find_quantities,
    find_years,
    parse_number,
    parse_quantity,
)

PROPERTY = settings(max_examples=300, deadline=None, database=None)


# --- parse_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1920.83", "1920.83"),
        ("1,257,400", "1257400"),
        ("１２３", "123"),
        ("１，２５７", None),
        ("三十", "30"),
        ("两千三百", "2300"),
        ("一千二百五十七万四千", "12574000"),
        ("1.5万", "15000"),
        ("2.4万亿", "2400000000000"),
        ("十二", "12"),
        ("十", "10"),
        ("零", "0"),
        ("两", "2"),
        ("一百零五", "105"),
        ("一千零一十", "1010"),
        ("二〇二三", "2023"),
        ("1920.83亿", "192083000000"),
        ("1257400万", "12574000000"),
        ("5千万", "50000000"),
        ("3百万", "3000000"),
        ("十万", "100000"),
        ("三十万", "300000"),
        ("两千三百万", "23000000"),
        ("一点五万", "15000"),
        ("三点一四", "3.14"),
        ("0.5", "0.5"),
        ("  42 ", "42"),
        ("１．５万", "15000"),
        ("-3", "-3"),
        ("负三", "-3"),
    ],
)
def test_parse_number_reads_every_printed_form(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="not a number"):
            parse_number(text)
    else:
        value = parse_number(text)
        assert value == Decimal(expected)
        assert str(value) == expected  # exact, no exponent, no trailing zeros


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "万",
        "千万",
        "亿",
        "1万2千",
        "十四五",
        "1,2345",
        "1.2.3",
        "3个",
        "百分之十",
        "二十大",
    ],
)
def test_parse_number_rejects_junk_naming_the_input(text: str) -> None:
    with pytest.raises(ValueError, match="not a number") as error:
        parse_number(text)
    assert repr(text) in str(error.value)


def test_parse_number_rejects_what_is_not_text() -> None:
    with pytest.raises(ValueError, match="not text"):
        parse_number(12)  # type: ignore[arg-type]


# --- find_quantities: one table of the genre's phrasings, positive and negative ------------------

Q = tuple[str, str, str | None, str | None]  # printed, value, unit, upper

QUANTITY_CASES: list[tuple[str, list[Q]]] = [
    # money, normalized to the currency's base unit
    (
        "扎实推进总投资1920.83亿元的90个重点项目",
        [("1920.83亿元", "192083000000", "CNY", None), ("90个", "90", "ITEM", None)],
    ),
    ("总投资高达2.4万亿元", [("2.4万亿元", "2400000000000", "CNY", None)]),
    ("总投资1257400万元", [("1257400万元", "12574000000", "CNY", None)]),
    ("总投资1,257,400万元", [("1,257,400万元", "12574000000", "CNY", None)]),
    ("实际使用外资将达到35亿美元左右", [("35亿美元", "3500000000", "USD", None)]),
    ("地区生产总值力争达到1.5万亿元", [("1.5万亿元", "1500000000000", "CNY", None)]),
    ("投资一点五亿元", [("一点五亿元", "150000000", "CNY", None)]),
    ("两千三百万元", [("两千三百万元", "23000000", "CNY", None)]),
    ("一千二百五十七万四千元", [("一千二百五十七万四千元", "12574000", "CNY", None)]),
    ("5千万元", [("5千万元", "50000000", "CNY", None)]),
    ("单个项目补助3-5万元", [("3-5万元", "30000", "CNY", "50000")]),
    ("补助3-5千万元", [("3-5千万元", "30000000", "CNY", "50000000")]),
    ("补助三到五千万元", [("三到五千万元", "30000000", "CNY", "50000000")]),
    ("总投资66.4亿元", [("66.4亿元", "6640000000", "CNY", None)]),
    ("营业收入超过100亿元以上的企业", [("100亿元", "10000000000", "CNY", None)]),
    ("实现营收5000万欧元", [("5000万欧元", "50000000", "EUR", None)]),
    # percent and percentage points
    ("能耗强度比2020年降低14%以上", [("14%", "14", "PERCENT", None)]),
    ("能耗强度降低14％以上", [("14％", "14", "PERCENT", None)]),
    ("提高百分之十四", [("百分之十四", "14", "PERCENT", None)]),
    ("实现百分之百覆盖", [("百分之百", "100", "PERCENT", None)]),
    ("比重提升到约20%", [("20%", "20", "PERCENT", None)]),
    ("增长3%-5%", [("3%-5%", "3", "PERCENT", "5")]),
    ("年均增长6.5%左右", [("6.5%", "6.5", "PERCENT", None)]),
    ("下降3个百分点", [("3个百分点", "3", "PERCENTAGE_POINT", None)]),
    ("提高0.5个百分点", [("0.5个百分点", "0.5", "PERCENTAGE_POINT", None)]),
    # counts with measure words
    ("人才总量突破300万人", [("300万人", "3000000", "PERSON", None)]),
    ("全市常住人口力争达到1000万人", [("1000万人", "10000000", "PERSON", None)]),
    ("新增就业10万余人", [("10万余人", "100000", "PERSON", None)]),
    ("惠及300多万人", [("300多万人", "3000000", "PERSON", None)]),
    ("引进高层次人才500名", [("500名", "500", "PERSON", None)]),
    ("接待游客8000万人次", [("8000万人次", "80000000", "PERSON_TIME", None)]),
    ("惠及2万户", [("2万户", "20000", "HOUSEHOLD", None)]),
    ("引进3至5家国际一流种业集团", [("3至5家", "3", "ENTERPRISE", "5")]),
    ("引进3-5家", [("3-5家", "3", "ENTERPRISE", "5")]),
    ("引进3～5家", [("3～5家", "3", "ENTERPRISE", "5")]),
    ("引进3~5家", [("3~5家", "3", "ENTERPRISE", "5")]),
    ("引进3—5家", [("3—5家", "3", "ENTERPRISE", "5")]),
    ("引进三到五家", [("三到五家", "3", "ENTERPRISE", "5")]),
    ("新增10至20万人", [("10至20万人", "100000", "PERSON", "200000")]),
    ("覆盖二十到三十万人", [("二十到三十万人", "200000", "PERSON", "300000")]),
    ("用一到两年时间", [("一到两年", "1", "YEAR", "2")]),
    ("总部企业达到200家", [("200家", "200", "ENTERPRISE", None)]),
    (
        "到2025年将营业收入达到100亿元以上的企业数量增加到15家",
        [
            ("100亿元", "10000000000", "CNY", None),
            ("15家", "15", "ENTERPRISE", None),
        ],
    ),
    ("新能源汽车保有量将达到15万辆以上", [("15万辆", "150000", "VEHICLE", None)]),
    ("明确了近1301个重点项目", [("1301个", "1301", "ITEM", None)]),
    ("培育100余个", [("100余个", "100", "ITEM", None)]),
    ("培育100多个", [("100多个", "100", "ITEM", None)]),
    ("认真抓好六项重点工作", [("六项", "6", "ITEM", None)]),
    ("推出十项措施", [("十项", "10", "ITEM", None)]),
    ("三十个重点项目", [("三十个", "30", "ITEM", None)]),
    ("十二个", [("十二个", "12", "ITEM", None)]),
    ("１２３个", [("１２３个", "123", "ITEM", None)]),
    ("两个示范区", [("两个", "2", "ITEM", None)]),
    ("共计涉及了919处", [("919处", "919", "ITEM", None)]),
    ("新建5座水厂", [("5座", "5", "ITEM", None)]),
    ("新建10所学校", [("10所", "10", "ITEM", None)]),
    ("开通3条公交线路", [("3条", "3", "ITEM", None)]),
    ("床位达到1万张", [("1万张", "10000", "ITEM", None)]),
    ("生猪出栏100万头", [("100万头", "1000000", "ITEM", None)]),
    ("建设10个5G基站", [("10个", "10", "ITEM", None)]),
    ("培育10个人工智能产业集群", [("10个", "10", "ITEM", None)]),
    ("新增3万个体工商户", [("3万", "30000", None, None)]),
    # physical units
    ("粮食综合生产能力将稳定在58亿斤左右", [("58亿斤", "5800000000", "JIN", None)]),
    ("蔬菜产量将稳定在670万吨以上", [("670万吨", "6700000", "TONNE", None)]),
    ("可再生能源装机规模将达到430万千瓦以上", [("430万千瓦", "4300000", "KW", None)]),
    ("关停小于30万千瓦的小煤电机组", [("30万千瓦", "300000", "KW", None)]),
    ("装机规模达到三百万千瓦", [("三百万千瓦", "3000000", "KW", None)]),
    ("建设5兆瓦储能电站", [("5兆瓦", "5000", "KW", None)]),
    ("建设100MW光伏", [("100MW", "100000", "KW", None)]),
    ("年发电量20亿千瓦时", [("20亿千瓦时", "2000000000", "KWH", None)]),
    ("建设500千伏变电站", [("500千伏", "500", "KV", None)]),
    ("节约10万吨标准煤", [("10万吨标准煤", "100000", "TCE", None)]),
    ("约1996公顷的面积", [("1996公顷", "1996", "HECTARE", None)]),
    ("建设高标准农田5万亩", [("5万亩", "50000", "MU", None)]),
    ("新增10万平方米", [("10万平方米", "100000", "M2", None)]),
    ("起步区面积约798平方公里", [("798平方公里", "798", "KM2", None)]),
    ("新增供水能力2亿立方米", [("2亿立方米", "200000000", "M3", None)]),
    ("建设绿道100公里", [("100公里", "100", "KM", None)]),
    ("新建管网50千米", [("50千米", "50", "KM", None)]),
    ("集装箱吞吐量达到100万标箱", [("100万标箱", "1000000", "TEU", None)]),
    ("PM2.5平均浓度控制在35微克/立方米", [("35微克/立方米", "35", "UG_PER_M3", None)]),
    # time
    ("确保成品粮油储备满足市场需求15天以上", [("15天", "15", "DAY", None)]),
    ("审批时限压缩至5个工作日", [("5个工作日", "5", "WORKING_DAY", None)]),
    ("6个月内完成", [("6个月", "6", "MONTH", None)]),
    ("15分钟生活圈", [("15分钟", "15", "MINUTE", None)]),
    ("用3年时间", [("3年", "3", "YEAR", None)]),
    ("人均预期寿命达到80.5岁", [("80.5岁", "80.5", "YEAR", None)]),
    # bare numbers with a magnitude: the extractor picks the unit from context
    ("人才总量突破300万", [("300万", "3000000", None, None)]),
    ("突破5百万", [("5百万", "5000000", None, None)]),
    ("人口达到三百万", [("三百万", "3000000", None, None)]),
    # years, periods and dates are not quantities
    ("2024年和2025年开工的16个谋划储备项目", [("16个", "16", "ITEM", None)]),
    ("2023年新开工项目37个", [("37个", "37", "ITEM", None)]),
    ("三年行动计划（2023—2025年）", []),
    ("三年行动计划(2023-2025年)", []),
    ("发展(20232025年)正式发布", []),
    ("二〇二三年", []),
    ("于2月1日发布", []),
    ("2023年6月底前", []),
    ("1-2月", []),
    ("2023-06-30", []),
    # ordinals and list markers
    ("（十二）全力推动有效投资", []),
    ("一、构建高度创新平台", []),
    ("1.加快建设", []),
    ("第三批", []),
    ("第3个", []),
    ("第十四个五年规划", []),
    ("第二十条", []),
    # numerals inside words and names
    ("一带一路", []),
    ("培育一批服务业企业", []),
    ("推动一体化发展", []),
    ("统一规划", []),
    ("万一发生事故", []),
    ("打造一个平台", []),
    ("贯彻党的二十大精神", []),
    ("覆盖济南市十大领域", []),
    ("全方位推广“四水四定”", []),
    ("全方位推广四水四定", []),
    ("构建“2+3N+1”发展机制", []),
    ("构建2+3N+1发展机制", []),
    ("城市轨道交通7号线一期", []),
    ("坚持“三管三必须”", []),
    ("“六个现代化强省会”", []),
    ("《济南市深化新旧动能转换推动绿色低碳高质量发展三年行动计划(2023—2025年)》", []),
    ("十四五时期", []),
    ("C919大飞机", []),
    ("5G基站", []),
    ("减少二氧化碳排放", []),
    ("三甲医院", []),
    ("一刻钟便民生活圈", []),
    ("建设双一流大学", []),
    ("一季度", []),
    ("十分重要", []),
    ("汽车零部件", []),
    ("零碳园区", []),
    ("推动1000家庭医生签约", []),
    ("数十万人", []),
    ("数百家企业", []),
    ("5-3家", [("3家", "3", "ENTERPRISE", None)]),
]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES, ids=[t for t, _ in QUANTITY_CASES])
def test_find_quantities_reads_the_genre(text: str, expected: list[Q]) -> None:
    found = find_quantities(text)
    got = [(q.printed, str(q.value), q.unit, None if q.upper is None else str(q.upper)) for _, _, q in found]
    assert got == expected
    for start, end, quantity in found:
        assert text[start:end] == quantity.printed


def test_the_case_table_is_broad() -> None:
    negatives = sum(1 for _, expected in QUANTITY_CASES if not expected)
    assert len(QUANTITY_CASES) >= 80
    assert negatives >= 30


def test_find_quantities_returns_offsets_in_text_order() -> None:
    text = "其中续建项目37个，总投资854.58亿元；新开工项目150个，总投资1365.61亿元。"
    found = find_quantities(text)
    assert [(s, e) for s, e, _ in found] == [(6, 9), (13, 21), (27, 31), (35, 44)]
    assert found[1][2] == Quantity(Decimal("85458000000"), "CNY", "854.58亿元")


def test_find_quantities_rejects_what_is_not_text() -> None:
    with pytest.raises(ValueError, match="needs text"):
        find_quantities(None)  # type: ignore[arg-type]


# --- parse_quantity ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1920.83亿元", Quantity(Decimal("192083000000"), "CNY", "1920.83亿元")),
        ("  约20% ", Quantity(Decimal("20"), "PERCENT", "20%")),
        ("3至5家", Quantity(Decimal("3"), "ENTERPRISE", "3至5家", Decimal("5"))),
        ("突破300万", Quantity(Decimal("3000000"), None, "300万")),
        ("58亿斤左右", Quantity(Decimal("5800000000"), "JIN", "58亿斤")),
        ("2023年", None),
        ("一带一路", None),
        ("3个和5个", None),
        ("", None),
    ],
)
def test_parse_quantity_returns_the_one_quantity_of_a_phrase(text: str, expected: Quantity | None) -> None:
    assert parse_quantity(text) == expected


# --- the bundled plan ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The bundled plan's text."""
    return bundled_documents()[0].read_text(encoding="utf-8")


def test_seed_quantities_include_the_portfolio_and_targets(seed_text: str) -> None:
    found = {(q.printed, q.value, q.unit, q.upper) for _, _, q in find_quantities(seed_text)}
    for expected in [
        ("1920.83亿元", Decimal("192083000000"), "CNY", None),
        ("90个", Decimal(90), "ITEM", None),
        ("854.58亿元", Decimal("85458000000"), "CNY", None),
        ("2.4万亿元", Decimal("2400000000000"), "CNY", None),
        ("300万", Decimal(3000000), None, None),
        ("3至5家", Decimal(3), "ENTERPRISE", Decimal(5)),
        ("430万千瓦", Decimal(4300000), "KW", None),
        ("58亿斤", Decimal(5800000000), "JIN", None),
        ("35亿美元", Decimal(3500000000), "USD", None),
        ("六项", Decimal(6), "ITEM", None),
    ]:
        assert expected in found


def test_seed_quantities_never_overlap_a_year(seed_text: str) -> None:
    years = find_years(seed_text)
    assert len(years) > 20
    for start, end, quantity in find_quantities(seed_text):
        assert seed_text[start:end] == quantity.printed
        assert all(end <= ys or start >= ye for ys, ye, _ in years), quantity


# --- properties ---------------------------------------------------------------------------------


def _an2cn_drops_a_zero(n: int) -> bool:
    """Whether cn2an's an2cn writes n wrongly: it drops the 零 before an empty 万 section."""
    # an2cn(30100008924) gives 三百零一亿八千九百二十四, which reads as 301亿8924万; such numbers
    # have a non-zero 亿 part, an all-zero 万 section and a non-zero remainder.
    return n >= 10**8 and (n // 10**4) % 10**4 == 0 and n % 10**4 != 0


@PROPERTY
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    assume(not _an2cn_drops_a_zero(n))
    assert parse_number(cn2an.an2cn(n)) == n


@PROPERTY
@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_and_full_width_digits(n: int) -> None:
    full_width = str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert parse_number(f"{n:,}") == n
    assert parse_number(full_width) == n


@PROPERTY
@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12), ("千万", 10**7)]),
)
def test_magnitudes_multiply_out_exactly(amount: Decimal, magnitude: tuple[str, int]) -> None:
    word, factor = magnitude
    found = find_quantities(f"总投资{amount}{word}元，")
    assert len(found) == 1
    quantity = found[0][2]
    assert quantity.value == amount * factor
    assert quantity.unit == "CNY"
    assert "E" not in str(quantity.value)


@PROPERTY
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(sorted(UNIT_WORDS)))
def test_every_unit_is_found_after_a_number(n: int, printed: str) -> None:
    word = UNIT_WORDS[printed]
    assume(not (word.key == "YEAR" and n >= 1000))  # 2023年 is a year, not a duration
    found = find_quantities(f"计划建设{n}{printed}，")
    assert [(q.value, q.unit) for _, _, q in found] == [(n * word.multiplier, word.key)]

"""Reading quantitative targets: metric, value, unit, comparator, deadline and baseline."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.records import Comparator
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets


def targets_in(text: str, places=("成都市", "成都", "全市")):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return find_targets(text, sentences, find_quantities(text), set(), places)


@pytest.mark.parametrize(
    ("text", "metric", "value", "unit", "comparator", "deadline", "baseline"),
    [
        (
            "到2025年，成都市人才总量力争突破600万。",
            "人才总量",
            "6000000",
            "PERSON",
            Comparator.AT_LEAST,
            2025,
            None,
        ),
        (
            "到2027年，单位GDP能耗较2020年下降13.5%。",
            "单位GDP能耗",
            "13.5",
            "PERCENT",
            Comparator.REDUCE_BY,
            2027,
            2020,
        ),
        (
            "全社会研发投入强度提高到3.2%以上。",
            "全社会研发投入强度",
            "3.2",
            "PERCENT",
            Comparator.AT_LEAST,
            None,
            None,
        ),
        (
            "城镇调查失业率控制在5.5%以内。",
            "城镇调查失业率",
            "5.5",
            "PERCENT",
            Comparator.AT_MOST,
            None,
            None,
        ),
        ("粮食产量稳定在60亿斤左右。", "粮食产量", "6000000000", "JIN", Comparator.ABOUT, None, None),
        ("新增光伏装机不低于200万千瓦。", "新增光伏装机", "2000000", "KW", Comparator.AT_LEAST, None, None),
        (
            "到2026年，实际利用外资达到50亿美元。",
            "实际利用外资",
            "5000000000",
            "USD",
            Comparator.EQUAL,
            2026,
            None,
        ),
        ("力争引进3至5家世界500强企业。", "世界500强企业", "3", "ENTERPRISE", Comparator.RANGE, None, None),
        (
            "2025年前，新能源汽车保有量达到30万辆以上。",
            "新能源汽车保有量",
            "300000",
            "VEHICLE",
            Comparator.AT_LEAST,
            2025,
            None,
        ),
        (
            "森林覆盖率提高2个百分点。",
            "森林覆盖率",
            "2",
            "PERCENTAGE_POINT",
            Comparator.INCREASE_BY,
            None,
            None,
        ),
    ],
)
def test_targets(text, metric, value, unit, comparator, deadline, baseline):
    (target,) = targets_in(text)
    assert target.metric == metric
    assert target.quantity.value == Decimal(value)
    assert (target.quantity.unit, target.comparator) == (unit, comparator)
    assert (target.deadline_year, target.baseline_year) == (deadline, baseline)


def test_a_range_keeps_its_upper_bound():
    (target,) = targets_in("力争引进3至5家世界500强企业。")
    assert target.quantity.upper == Decimal(5)


def test_counted_lists_after_a_counting_verb_are_targets():
    found = targets_in("培育5个国家级孵化器、10个省级众创空间。")
    assert [(t.metric, int(t.quantity.value)) for t in found] == [("国家级孵化器", 5), ("省级众创空间", 10)]


@pytest.mark.parametrize(
    "text",
    [
        "有序关停小于30万千瓦的小煤电机组。",
        "共计涉及历史遗留矿山919处。",
        "认真抓好六项重点工作。",
        "2023年2月1日发布。",
    ],
)
def test_figures_that_are_not_targets(text):
    assert targets_in(text) == []


def values(text: str) -> list[tuple[str, Decimal, str, Comparator, int | None, int | None]]:
    return [
        (t.metric, t.quantity.value, t.quantity.unit, t.comparator, t.deadline_year, t.baseline_year)
        for t in targets_in(text)
    ]


def test_figures_that_qualify_a_noun_are_not_targets():
    found = values(
        "对年营业收入超过50亿元的企业给予奖励，培育年营业收入超过50亿元的龙头企业8家；"
        "每千人口拥有3岁以下婴幼儿托位数达到4个。"
    )
    assert [(v, u) for _, v, u, *_ in found] == [(Decimal(8), "ENTERPRISE"), (Decimal(4), "ITEM")]


def test_what_is_already_done_is_not_a_target():
    assert values("去年，全市新增高新技术企业800家，今年一季度规上工业增加值同比增长9%。") == []
    assert values("园区与高校共建的联合实验室已经达到60个。") == []
    # A comparison with last year is a change, not a record.
    assert [c for *_, c, _, _ in values("全市居民收入比去年增长6%以上。")] == [Comparator.INCREASE_BY]


def test_institutions_counted_with_jia_are_items():
    [(_, value, unit, *_)] = values("到2027年，全市新型研发机构达到120家。")
    assert (value, unit) == (Decimal(120), "ITEM")


def test_a_growth_of_about_a_figure_is_an_increase_and_keeps_its_own_baseline():
    found = values("到2026年，外贸进出口总额年均增长6%左右，单位地区生产总值能耗较2023年下降9%。")
    assert [f[1:] for f in found] == [
        (Decimal(6), "PERCENT", Comparator.INCREASE_BY, 2026, None),
        (Decimal(9), "PERCENT", Comparator.REDUCE_BY, 2026, 2023),
    ]


def test_a_year_inside_a_clause_does_not_govern_the_sentence():
    found = values("推进天府机场二期工程，新航站楼2026年底前投入使用，航空货邮吞吐量达到25万吨。")
    assert [(m, d) for m, _, _, _, d, _ in found] == [("航空货邮吞吐量", None)]


def test_counting_verbs_take_what_follows_them():
    found = values("三年培养高素质农民2万人，完成老旧管网改造300公里。")
    assert [(m, v) for m, v, *_ in found] == [("高素质农民", Decimal(20000)), ("老旧管网改造", Decimal(300))]


def test_a_verb_with_its_object_names_the_metric():
    assert [(m, v) for m, v, *_ in values("湿地保护率稳定在60%以上，新建绿道200公里。")] == [
        ("湿地保护率", Decimal(60)),
        ("绿道", Decimal(200)),
    ]


def test_a_deadline_in_the_middle_governs_its_own_part_of_the_sentence():
    found = values("培育技术经理人800人以上，到2026年全市科技型企业达到6000家；新增城市绿道80公里。")
    assert [(v, d) for _, v, _, _, d, _ in found] == [
        (Decimal(800), None),
        (Decimal(6000), 2026),
        (Decimal(80), None),
    ]


def test_a_completion_date_does_not_govern_the_list_that_follows():
    text = "1. 推进大科学装置建设，2025年前建成运行。\n2. 全省技术交易总额达到2000亿元。"
    assert [(v, d) for _, v, _, _, d, _ in values(text)] == [(Decimal(200000000000), None)]


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("工程建设项目审批时间压缩至40个工作日。", Comparator.AT_MOST),
        ("城市通勤时间缩短至45分钟。", Comparator.AT_MOST),
        ("森林覆盖率不小于45%。", Comparator.AT_LEAST),
        ("城镇调查失业率不大于5.5%。", Comparator.AT_MOST),
        ("到2027年，数字经济规模增长至3000亿元。", Comparator.EQUAL),
    ],
)
def test_more_ways_to_bound_a_value(text, comparator):
    assert [t.comparator for t in targets_in(text)] == [comparator]


def test_an_annual_average_is_not_part_of_the_metric():
    [(metric, *_)] = values("到2027年，规上工业增加值年均增长8%。")
    assert metric == "规上工业增加值"


def test_a_clause_that_leaves_its_metric_unsaid_takes_the_previous_one():
    found = values("力争软件业务收入年均增长12%以上，2026年突破4500亿元。")
    assert [(m, v) for m, v, *_ in found] == [
        ("软件业务收入", Decimal(12)),
        ("软件业务收入", Decimal(450000000000)),
    ]


def test_metrics_do_not_start_with_what_the_plan_states():
    [(metric, *_)] = values("《方案》提出到2027年集成电路产业规模突破1500亿元。")
    assert metric == "集成电路产业规模"


def test_prose_numbering_is_not_part_of_a_metric():
    [(metric, *_)] = values("一是推进市场建设，二是引进国际采购商不少于2000家。")
    assert metric == "引进国际采购商"


def test_a_past_year_opening_a_later_clause_tells_statistics():
    text = normalize("统计部门介绍，2023年全省规上工业企业达到2.1万家，到2026年规上工业企业突破2.5万家。")
    sentences = [(0, len(text))]
    found = find_targets(text, sentences, find_quantities(text), set(), (), first_year=2024)
    assert [(t.quantity.value, t.deadline_year) for t in found] == [(Decimal(25000), 2026)]


def test_what_a_report_says_is_there_nowadays_is_not_a_target():
    assert values("十年前这里还是一片滩涂，如今已建成泊位40多个，开通航线60余条。") == []


def test_caps_on_support_are_not_targets():
    found = targets_in(
        "对首次认定的企业按研发投入的不超过15%给予补助，每个项目资助不超过500万元，全市专利授权量达到3万件。"
    )
    assert [t.quantity.printed for t in found] == ["3万件"]

"""Reading quantitative targets: metric, value, unit, comparator, deadline and baseline."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.numbers import find_quantities
from policykg.graph_builder.records import Comparator
from policykg.graph_builder.targets import find_targets


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

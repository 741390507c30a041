"""Portfolio amounts by kind, parts by any axis, approximate counts, and figures that are not the plan's.

Every sentence here was written for the test, in the genre's style, with invented figures.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.records import AmountKind, PartitionDimension, Quantity, Status
from policykg.graph_builder.text.numbers import find_quantities, find_years
from policykg.graph_builder.text.portfolio_figures import (
    amount_kind,
    counts_projects,
    is_approximate,
    is_change,
    part_dimension,
    part_label,
)
from policykg.graph_builder.text.portfolios import find_portfolio_items, group_portfolios

YI = Decimal(10**8)


def groups_in(text: str, first_year: int = 2025):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    items = find_portfolio_items(text, sentences, find_quantities(text), find_years(text), first_year)
    return group_portfolios(items)


def amounts(item) -> dict[AmountKind, Decimal]:
    return {a.kind: a.quantity.value / YI for a in item.amounts}


@pytest.mark.parametrize(
    ("clause", "kind"),
    [
        ("总投资300亿元", AmountKind.TOTAL),
        ("计划总投资300亿元", AmountKind.TOTAL),
        ("总额超过300亿元", AmountKind.TOTAL),
        ("年度计划投资80亿元", AmountKind.ANNUAL_PLANNED),
        ("2025年计划投资80亿元", AmountKind.ANNUAL_PLANNED),
        ("计划年度完成投资80亿元", AmountKind.ANNUAL_PLANNED),
        ("年内计划完成80亿元", AmountKind.ANNUAL_PLANNED),
        ("2025年预计完成投资80亿元", AmountKind.ANNUAL_PLANNED),
        ("累计完成投资120亿元", AmountKind.COMPLETED),
        ("已完成投资120亿元", AmountKind.COMPLETED),
        ("拟引资50亿元", AmountKind.SOUGHT),
        ("签约金额50亿元", AmountKind.SOUGHT),
        ("投资50亿元", AmountKind.TOTAL),
        ("50亿元", None),
    ],
)
def test_the_cue_before_an_amount_gives_its_kind(clause: str, kind: AmountKind | None) -> None:
    start = re.search(r"[\d.]+亿", clause).start()
    assert amount_kind(clause, 0, start) is kind


@pytest.mark.parametrize(
    ("clause", "change"),
    [("比上年增加12个", True), ("较去年增长30亿元", True), ("同比减少3个", True), ("新增项目12个", False)],
)
def test_a_figure_after_a_comparison_is_a_change(clause: str, change: bool) -> None:
    assert is_change(clause, 0, re.search(r"\d", clause).start()) is change


@pytest.mark.parametrize(
    ("text", "approximate"),
    [("30多个", True), ("三十余个", True), ("约30个", True), ("超过300亿元", True), ("30个", False)],
)
def test_approximate_figures(text: str, approximate: bool) -> None:
    start, _, quantity = find_quantities(text)[0]
    assert is_approximate(text, 0, start, quantity) is approximate


def test_a_range_is_approximate() -> None:
    quantity = Quantity(Decimal(30), "ITEM", "30至40个", Decimal(40))
    assert is_approximate("30至40个", 0, 0, quantity)


@pytest.mark.parametrize(
    ("label", "bound", "dimension"),
    [
        ("产业项目", False, PartitionDimension.CATEGORY),
        ("社会投资项目", False, PartitionDimension.INVESTOR),
        ("外资项目", False, PartitionDimension.INVESTOR),
        ("东城区", False, PartitionDimension.PLACE),
        ("市直", False, PartitionDimension.PLACE),
        ("10亿元以上项目", True, PartitionDimension.SIZE),
    ],
)
def test_a_part_names_its_axis(label: str, bound: bool, dimension: PartitionDimension) -> None:
    assert part_dimension(label, bound) is dimension


@pytest.mark.parametrize(
    ("clause", "count", "label", "projects"),
    [
        ("推进总投资80亿元的12个重点项目", "12个", "重点项目", True),
        ("其中产业项目12个", "12个", "产业项目", True),
        ("东城区12个", "12个", "东城区", True),
        ("产业项目就达12个", "12个", "产业项目", True),
        ("涵盖风电等12个领域", "12个", "涵盖风电等", False),
    ],
)
def test_a_groups_name_and_whether_it_counts_projects(
    clause: str, count: str, label: str, projects: bool
) -> None:
    start = clause.index(count)
    assert part_label(clause, start, start + len(count)) == label
    assert counts_projects(clause, start + len(count)) is projects


def test_a_total_keeps_each_amount_with_its_kind() -> None:
    (group,) = groups_in("今年全市安排重点项目60个，总投资500亿元，年度计划投资120亿元。")
    assert group.total.count == 60
    assert amounts(group.total) == {AmountKind.TOTAL: 500, AmountKind.ANNUAL_PLANNED: 120}
    assert group.total.investment.value == 500 * YI


def test_parts_by_category_after_qizhong_are_parts_not_totals() -> None:
    (group,) = groups_in(
        "今年全市安排重点项目60个，总投资500亿元。其中产业项目30个，总投资300亿元；"
        "基础设施项目20个，总投资150亿元；民生项目10个，总投资50亿元。"
    )
    assert [(p.count, p.label, p.dimension) for p in group.parts] == [
        (30, "产业项目", PartitionDimension.CATEGORY),
        (20, "基础设施项目", PartitionDimension.CATEGORY),
        (10, "民生项目", PartitionDimension.CATEGORY),
    ]
    assert all(p.status is None and not p.is_total for p in group.parts)


def test_parts_by_size_carry_no_amount_of_their_bound() -> None:
    (group,) = groups_in("签约项目10个，总投资80亿元，其中10亿元以上项目3个，1亿至10亿元项目7个。")
    assert [(p.count, p.dimension, p.amounts) for p in group.parts] == [
        (3, PartitionDimension.SIZE, ()),
        (7, PartitionDimension.SIZE, ()),
    ]


def test_parts_by_investor_keep_their_currency() -> None:
    (group,) = groups_in(
        "集中签约项目10个，总投资45亿元，其中外资项目4个、总投资2亿美元，内资项目6个、总投资30亿元。"
    )
    foreign, domestic = group.parts
    assert foreign.dimension is domestic.dimension is PartitionDimension.INVESTOR
    assert foreign.amounts[0].quantity.unit == "USD"
    assert domestic.amounts[0].quantity.unit == "CNY"


def test_groups_listed_in_a_sentence_of_their_own_are_parts_when_they_fit() -> None:
    (group,) = groups_in(
        "今年全市安排重点项目60个，总投资500亿元。\n分区域看：东城区20个，总投资150亿元；西城区40个，总投资350亿元。"
    )
    assert [(p.count, p.label, p.dimension) for p in group.parts] == [
        (20, "东城区", PartitionDimension.PLACE),
        (40, "西城区", PartitionDimension.PLACE),
    ]


def test_listed_groups_that_do_not_fit_stand_as_totals() -> None:
    groups = groups_in(
        "今年全市安排重点项目60个，总投资500亿元。\n东城区开工项目50个，总投资150亿元；西城区开工项目40个，总投资350亿元。"
    )
    assert [g.total.count for g in groups] == [60, 50, 40]
    assert all(not g.parts for g in groups)


def test_an_approximate_count_is_flagged() -> None:
    (group,) = groups_in("今年谋划推进市重大项目300多个，年度计划投资800多亿元。")
    assert group.total.count == 300 and group.total.approximate
    (amount,) = group.total.amounts
    assert amount.kind is AmountKind.ANNUAL_PLANNED and amount.approximate


def test_a_change_against_last_year_is_not_a_figure_of_the_portfolio() -> None:
    (group,) = groups_in("今年安排重点项目46个，项目数量较去年增加5个；总投资900亿元，较去年增加70亿元。")
    assert group.total.count == 46
    assert amounts(group.total) == {AmountKind.TOTAL: 900}
    assert not group.parts


def test_an_aside_in_brackets_does_not_give_the_count() -> None:
    (group,) = groups_in("全市省重点项目120个（不含8个省管项目），总投资900亿元。")
    assert group.total.count == 120


def test_progress_on_a_stated_portfolio_is_a_completed_amount() -> None:
    (group,) = groups_in("全市安排重点项目80个，总投资800亿元，1至6月累计完成投资300亿元。")
    assert amounts(group.total) == {AmountKind.TOTAL: 800, AmountKind.COMPLETED: 300}


def test_last_years_figures_are_statistics_not_a_portfolio() -> None:
    assert groups_in("去年全市实施重点项目50个，完成投资300亿元。") == []


def test_status_parts_with_annual_amounts_and_a_restated_total() -> None:
    # "500个项目中" says the total again to open its parts: the parts go to the total stated before.
    (group,) = groups_in(
        "全省安排重点项目500个，总投资3000亿元。500个项目中，在建项目300个，计划年度完成投资600亿元；"
        "计划新开工项目200个，计划年度完成投资400亿元。"
    )
    assert group.total.count == 500 and group.total.investment.value == 3000 * YI
    assert [(p.count, p.status, amounts(p)) for p in group.parts] == [
        (300, Status.CONTINUING, {AmountKind.ANNUAL_PLANNED: 600}),
        (200, Status.NEW_START, {AmountKind.ANNUAL_PLANNED: 400}),
    ]


def test_a_count_of_other_things_is_no_group_of_projects() -> None:
    (group,) = groups_in(
        "今年实施能源重点项目40个，总投资900亿元。其中涉及清洁能源的项目涵盖6个领域，总投资500亿元。"
    )
    assert group.total.count == 40
    assert not any(p.count == 6 for p in group.parts)

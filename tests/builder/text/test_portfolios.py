"""Reading key-project portfolios: totals, parts by status, and grouping."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.records import Status
from policykg.graph_builder.text.numbers import find_quantities, find_years
from policykg.graph_builder.text.portfolios import find_portfolio_items, group_portfolios


def groups_in(text: str, first_year: int = 2024):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    items = find_portfolio_items(text, sentences, find_quantities(text), find_years(text), first_year)
    return group_portfolios(items)


def figures(item):
    amount = item.investment.value if item.investment else None
    return item.count, amount, item.status, item.years


@pytest.mark.parametrize(
    ("text", "total", "parts"),
    [
        (
            "实施重点项目120个，总投资860.5亿元。其中，续建项目40个，总投资300亿元；2024年新开工项目50个，"
            "总投资360.5亿元；谋划储备项目30个，总投资200亿元，计划于2025年和2026年开工。",
            (120, Decimal("86050000000"), None, ()),
            [
                (40, Decimal("30000000000"), Status.CONTINUING, ()),
                (50, Decimal("36050000000"), Status.NEW_START, (2024,)),
                (30, Decimal("20000000000"), Status.RESERVE, (2025, 2026)),
            ],
        ),
        (
            "扎实推进总投资1,257,400万元的三十个重点项目，其中续建项目十二个，总投资457,400万元，新开工项目十八个，"
            "总投资800,000万元。",
            (30, Decimal("12574000000"), None, ()),
            [
                (12, Decimal("4574000000"), Status.CONTINUING, ()),
                (18, Decimal("8000000000"), Status.NEW_START, ()),
            ],
        ),
        (
            "全年共安排重大项目56项，总投资达1200亿元。",
            (56, Decimal("120000000000"), None, ()),
            [],
        ),
    ],
)
def test_totals_and_parts(text, total, parts):
    (group,) = groups_in(text)
    assert figures(group.total) == total
    assert [figures(p) for p in group.parts] == parts


def test_years_without_a_status_word_decide_new_start_or_reserve():
    (group,) = groups_in(
        "推进重点项目20个，总投资90亿元。其中，计划2024年开工项目12个，总投资50亿元；计划2025年开工8个项目，总投资40亿元。"
    )
    assert [(p.status, p.years) for p in group.parts] == [
        (Status.NEW_START, (2024,)),
        (Status.RESERVE, (2025,)),
    ]


def test_a_part_stated_alone_joins_the_latest_total():
    groups = groups_in("推进重点项目20个，总投资90亿元。另外，计划开展谋划储备项目5个，总投资30亿元。")
    assert len(groups) == 1 and groups[0].parts[0].status is Status.RESERVE


def test_counts_of_other_things_are_not_portfolios():
    assert groups_in("培育10个省级现代服务业集聚示范区，认真抓好六项重点工作。") == []


def test_parts_listed_with_enumeration_commas_and_without_the_word_project():
    (group,) = groups_in(
        "民生领域安排重点项目90个，总投资158.65亿元，其中续建项目36个(70.25亿元)、新开工项目20个(53.4亿元)、"
        "谋划储备项目34个(35亿元)。"
    )
    assert [(p.status, p.count) for p in group.parts] == [
        (Status.CONTINUING, 36),
        (Status.NEW_START, 20),
        (Status.RESERVE, 34),
    ]
    (other,) = groups_in(
        "绿色低碳领域推进85个重点项目，总投资126亿元。其中续建30个，总投资52亿元；今年新开工33个，总投资48亿元。"
    )
    assert [(p.status, p.count) for p in other.parts] == [(Status.CONTINUING, 30), (Status.NEW_START, 33)]


@pytest.mark.parametrize(
    "text", ["力争三年内牵头承担国家重大科技项目20项以上。", "由市领导领衔推进第一批30个标志性项目。"]
)
def test_counts_of_projects_that_are_not_portfolios(text):
    assert groups_in(text) == []


def test_parts_joined_by_and_with_bracketed_amounts():
    [group] = groups_in(
        "本章节所列重点项目共计75个、总投资410亿元，分为续建项目30个（总投资200亿元）、"
        "2025年新开工项目25个（总投资150亿元）和2026—2027年储备项目20个（总投资60亿元）。",
        first_year=2025,
    )
    assert figures(group.total) == (75, Decimal("41000000000"), None, ())
    assert [figures(p) for p in group.parts] == [
        (30, Decimal("20000000000"), Status.CONTINUING, ()),
        (25, Decimal("15000000000"), Status.NEW_START, (2025,)),
        (20, Decimal("6000000000"), Status.RESERVE, (2026, 2027)),
    ]


def test_years_joined_by_and_stay_with_their_part():
    [group] = groups_in("安排重点项目50个，其中续建项目30个，以及在2026年和2027年开工的20个谋划储备项目。")
    assert [figures(p)[2:] for p in group.parts] == [
        (Status.CONTINUING, ()),
        (Status.RESERVE, (2026, 2027)),
    ]


def test_a_colon_ends_the_total_before_its_parts():
    [group] = groups_in(
        "本领域安排重点项目60个，总投资320.5亿元：续建项目25个，总投资180亿元；新开工项目35个，总投资140.5亿元。"
    )
    assert figures(group.total)[:2] == (60, Decimal("32050000000"))
    assert [figures(p)[:2] for p in group.parts] == [
        (25, Decimal("18000000000")),
        (35, Decimal("14050000000")),
    ]


def test_work_already_done_is_not_a_portfolio():
    assert groups_in("上一轮行动中，全区累计实施重点项目300个，完成投资2100亿元，新增创新平台20个。") == []
    assert groups_in("去年全区实施重点项目280个，完成投资1900亿元。") == []


def test_work_a_plan_intends_is_a_portfolio():
    [group] = groups_in("三年累计实施重点项目300个，总投资2400亿元，当年计划完成投资520亿元。")
    assert figures(group.total)[:2] == (300, Decimal("240000000000"))


def test_ranges_and_lists_of_years_date_their_part():
    [group] = groups_in(
        "安排重点项目90个。其中，续建项目40个；2026年、2027年储备项目30个；2025年至2027年谋划项目20个纳入储备。",
        first_year=2025,
    )
    assert [p.years for p in group.parts][1:] == [(2026, 2027), (2025, 2026, 2027)]


def test_projects_under_construction_and_in_preparation_are_continuing_and_reserve():
    [group] = groups_in(
        "全年安排重点项目200个，总投资1500亿元，其中在建项目120个，总投资900亿元；"
        "新开工项目50个，总投资400亿元；预备项目30个，总投资200亿元。"
    )
    assert [p.status for p in group.parts] == [Status.CONTINUING, Status.NEW_START, Status.RESERVE]
    [group] = groups_in(
        "安排项目300个，总投资约1280亿元；其中，在建项目140个、新开工项目110个、前期项目50个。"
    )
    assert [p.status for p in group.parts] == [Status.CONTINUING, Status.NEW_START, Status.RESERVE]


def test_progress_reported_with_already_is_not_a_portfolio():
    assert groups_in("各县也在行动，某县已谋划与规划衔接的项目95个，总投资约410亿元。") == []


def test_a_clause_counting_its_own_progress_leaves_the_part_before_it():
    [group] = groups_in(
        "全市共有重点项目300个，其中今年新开工的120个项目总投资800亿元，目前已有90个项目办结审批。"
    )
    assert [figures(p)[:3] for p in group.parts] == [(120, Decimal("80000000000"), Status.NEW_START)]


def test_an_amount_that_sorts_projects_by_size_is_a_threshold():
    assert groups_in("在这些项目中，单个投资超过20亿元的项目有15个，带动作用明显。") == []
    assert groups_in("投资不低于10亿元以上的重大项目共40个。")[0].total.investment is None


def test_a_headline_repeating_the_lead_forms_no_portfolio():
    groups = groups_in(
        "某市三年行动方案印发 400个重点项目总投资3000亿元\n本报讯 方案谋划重点项目400个，总投资3000亿元。"
    )
    assert [figures(g.total)[:2] for g in groups] == [(400, Decimal("300000000000"))]


def test_a_bounded_total_investment_is_still_the_portfolios():
    [group] = groups_in("扎实推进总投资超过500亿元的60个重点项目。")
    assert figures(group.total)[:2] == (60, Decimal("50000000000"))

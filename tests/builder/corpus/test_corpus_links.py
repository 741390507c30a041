"""Links between plans (within a higher division's plan, succeeding an earlier one) and target series."""

from __future__ import annotations

from decimal import Decimal

from policykg.graph_builder.corpus.links import WorkInfo, plan_links
from policykg.graph_builder.corpus.series import target_series
from policykg.graph_builder.corpus.works import group_works, place_code
from policykg.graph_builder.records import (
    Comparator,
    DomainRecord,
    PlanRecord,
    Quantity,
    Span,
    TargetRecord,
    TaskRecord,
)

SPAN = Span(0, 0, "", "", 0)


def _work(title: str, place: str, code: str, years: tuple[int, int]) -> WorkInfo:
    return WorkInfo(title, place, code, *years)


WORKS = [
    _work("山东省数字乡村建设三年行动计划（2024—2026年）", "山东省", "370000", (2024, 2026)),  # 0
    _work("济南市数字乡村建设三年行动计划（2024—2026年）", "济南市", "370100", (2024, 2026)),  # 1
    _work("历下区数字乡村建设三年行动方案（2025—2027年）", "历下区", "370102", (2025, 2027)),  # 2
    _work("济南市数字乡村建设三年行动计划（2027—2029年）", "济南市", "370100", (2027, 2029)),  # 3
    _work("济南市推进数字乡村建设三年行动计划（2030—2032年）", "济南市", "370100", (2030, 2032)),  # 4
    _work("济南市养老服务体系建设三年行动计划（2024—2026年）", "济南市", "370100", (2024, 2026)),  # 5
    _work("青岛市数字乡村建设三年行动计划（2024—2026年）", "青岛市", "370200", (2024, 2026)),  # 6
    _work("历下区数字乡村建设三年行动方案（2021—2023年）", "历下区", "370102", (2021, 2023)),  # 7
]


def test_plan_links_within_and_succeeds():
    links = plan_links(WORKS)
    assert (1, "withinPlan", 0) in links
    assert (2, "withinPlan", 1) in links
    assert (2, "withinPlan", 0) in links
    assert (2, "withinPlan", 3) in links  # 2025—2027 overlaps 2027—2029
    assert (6, "withinPlan", 0) in links
    # Succeeds: the nearest earlier plan of the same place and kind only.
    assert (3, "succeeds", 1) in links
    assert (4, "succeeds", 3) in links
    assert (4, "succeeds", 1) not in links
    assert (2, "succeeds", 7) in links
    # Not within: another field (养老), periods apart, a division not inside; not succeeding across kinds.
    assert (5, "withinPlan", 0) not in links
    assert (7, "withinPlan", 1) not in links
    assert (6, "withinPlan", 1) not in links
    assert not [link for link in links if link[0] == 5 or link[2] == 5]
    assert (0, "withinPlan", 1) not in links


def test_the_corpus_fixtures_link_to_the_bundled_plan(corpus_sources):
    sources = [corpus_sources[k] for k in ("bundled", "explainer", "district", "later")]
    groups = group_works(sources)
    assert groups == [(0, 1), (2,), (3,)]
    works = [
        WorkInfo(p.title, p.city, place_code(p), p.start_year, p.end_year)
        for p in (sources[g[0]].plan for g in groups)
    ]
    assert plan_links(works) == [(1, "withinPlan", 0), (2, "succeeds", 0)]
    series = {
        s.metric: s
        for s in target_series([(w, sources[g[0]].plan) for w, g in zip(works, groups, strict=True)])
    }
    vehicles = series["新能源汽车保有量"]
    assert vehicles.place == "济南市"
    assert [(m.work, m.target.quantity.printed) for m in vehicles.members] == [(0, "15万辆"), (2, "30万辆")]
    assert "能耗强度" in series and "人才总量" in series
    # The district's targets are its own: no series with the city's.
    assert all(s.place == "济南市" for s in series.values())


def _target(metric: str, value: str, unit: str, year: int | None, owner=None) -> TargetRecord:
    quantity = Quantity(Decimal(value), unit, value)
    return TargetRecord(metric, metric + "-en", quantity, Comparator.AT_LEAST, SPAN, year, owner=owner)


def test_target_series_by_metric_place_and_unit():
    task = TaskRecord(
        1, "发展绿色交通", "", SPAN, targets=(_target("新能源汽车的保有量", "20", "VEHICLE", 2028),)
    )
    plans = [
        PlanRecord("甲", "", None, targets=(_target("全市森林覆盖率", "40", "PERCENT", 2025),)),
        PlanRecord(
            "乙",
            "",
            None,
            targets=(
                _target("森林覆盖率", "42", "PERCENT", 2028),
                _target("森林覆盖率", "43", "PERCENT", 2028, owner=("County", "平阴县")),
            ),
            domains=(DomainRecord(1, "绿色", "", SPAN, tasks=(task,)),),
        ),
        PlanRecord(
            "丙",
            "",
            None,
            domains=(
                DomainRecord(
                    1,
                    "交通",
                    "",
                    SPAN,
                    targets=(
                        _target("新能源汽车保有量", "10", "VEHICLE", 2025),
                        _target("森林覆盖率", "2", "HECTARE", 2025),
                    ),
                ),
            ),
        ),
        PlanRecord("丁", "", None, targets=(_target("森林覆盖率", "30", "PERCENT", 2025),)),
    ]
    works = [
        WorkInfo("甲", "济南市", "370100", 2023, 2025),
        WorkInfo("乙", "济南市", "370100", 2026, 2028),
        WorkInfo("丙", "济南市", "370100", 2023, 2025),
        WorkInfo("丁", "青岛市", "370200", 2023, 2025),
    ]
    series = target_series(list(zip(works, plans, strict=True)))
    assert [(s.metric, s.place, [(m.work, m.target.quantity.value) for m in s.members]) for s in series] == [
        ("新能源汽车保有量", "济南市", [(2, Decimal("10")), (1, Decimal("20"))]),
        ("森林覆盖率", "济南市", [(0, Decimal("40")), (1, Decimal("42"))]),
    ]
    assert series[0].metric_en == "新能源汽车保有量-en"

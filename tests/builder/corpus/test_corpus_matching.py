"""Records of two sources of one plan matched by content: the bundled plan and its Q&A explainer, which
restates domains and portfolios in another order; and records built here for the rules one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.graph_builder.corpus.matching import match_plans
from policykg.graph_builder.records import (
    Amount,
    AmountKind,
    Comparator,
    DomainRecord,
    PlanRecord,
    PortfolioRecord,
    Quantity,
    Span,
    Status,
    TargetRecord,
)


def _portfolios(items, scope=None):
    for p in items:
        yield scope, p
        yield from _portfolios(p.parts, scope)


def _all_portfolios(plan: PlanRecord):
    yield from _portfolios(plan.portfolios, None)
    for d in plan.domains:
        yield from _portfolios(d.portfolios, d)


def _figures(p: PortfolioRecord):
    return (p.count, p.investment.value if p.investment else None, p.status)


@pytest.fixture(scope="module")
def pair(corpus_sources):
    primary, other = corpus_sources["bundled"].plan, corpus_sources["explainer"].plan
    return primary, other, match_plans(primary, other)


def test_domains_are_matched_by_title_not_ordinal(pair):
    _, other, matches = pair
    domains = [(d.title, matches.same[id(d)].title) for d in other.domains if id(d) in matches.same]
    assert len(domains) == len(other.domains) == 6
    for mine, theirs in domains:
        assert mine.removeprefix("答：")[:4] in theirs
    assert any(a.ordinal != matches.same[id(a)].ordinal for a in other.domains)


def test_every_portfolio_pairs_with_the_one_of_the_same_figures(pair):
    primary, other, matches = pair
    mine = {}
    for _, p in _all_portfolios(primary):
        mine.setdefault(_figures(p), []).append(p)
    paired = 0
    for _, p in _all_portfolios(other):
        fellows = mine.get(_figures(p), [])
        if len(fellows) == 1 and p.count is not None and p.investment is not None:
            assert matches.same.get(id(p)) is fellows[0]
            paired += 1
    assert paired >= 12


def test_no_pair_with_different_figures_unless_reported(pair):
    _, other, matches = pair
    reported = {(id(d.primary), id(d.other), d.field) for d in matches.disagreements}
    pairs = [(matches.same[id(p)], p) for _, p in _all_portfolios(other) if id(p) in matches.same]
    assert pairs
    for a, b in pairs:
        assert isinstance(a, PortfolioRecord)
        assert a.status == b.status
        if a.count != b.count:
            assert (id(a), id(b), "count") in reported
        if a.investment and b.investment and a.investment.value != b.investment.value:
            assert (id(a), id(b), "investment") in reported
    for d in matches.disagreements:
        assert d.primary_value != d.other_value


def test_the_two_portfolios_of_48_projects_keep_their_own_figures(pair):
    _, other, matches = pair
    by_investment = {p.investment.printed: p for _, p in _all_portfolios(other) if p.investment}
    for printed in ("1509.71亿元", "990.2亿元"):
        mine = matches.same[id(by_investment[printed])]
        assert (mine.count, mine.investment.printed) == (48, printed)


def test_targets_are_matched_by_metric_owner_and_year(pair):
    _, other, matches = pair
    targets = [t for d in other.domains for t in d.targets] + list(other.targets)
    matched = {t.metric: matches.same[id(t)] for t in targets if id(t) in matches.same}
    assert {"能耗强度", "新能源汽车保有量", "普惠性幼儿园覆盖率", "实际使用外资"} <= matched.keys()
    assert matched["新能源汽车保有量"].metric == "新能源汽车的保有量"
    for t in targets:
        if id(t) in matches.same:
            assert matches.same[id(t)].quantity.value == t.quantity.value


# --- records built for the rules -----------------------------------------------------------------------

SPAN = Span(0, 0, "", "", 0)


def _yuan(printed: str, value: str) -> Quantity:
    return Quantity(Decimal(value), "CNY", printed)


def _portfolio(count, investment=None, status=None, label="重点项目", parts=()) -> PortfolioRecord:
    money = _yuan(*investment) if investment else None
    amounts = (Amount(AmountKind.TOTAL, money),) if money else ()
    return PortfolioRecord(SPAN, count, money, status, parts=parts, amounts=amounts, label=label)


def _domain(ordinal: int, title: str, portfolios=(), targets=()) -> DomainRecord:
    return DomainRecord(ordinal, title, "", SPAN, portfolios=tuple(portfolios), targets=tuple(targets))


def _plan(*domains, portfolios=(), targets=()) -> PlanRecord:
    return PlanRecord(
        "某计划", "", None, city="济南市", domains=domains, portfolios=portfolios, targets=targets
    )


def test_same_scope_and_status_with_other_figures_is_one_portfolio_that_disagrees():
    a = _portfolio(30, ("120亿元", "12000000000"), label="重点项目")
    b = _portfolio(32, ("120亿元", "12000000000"), label="重点项目")
    matches = match_plans(
        _plan(_domain(1, "壮大数字经济核心产业", [a])), _plan(_domain(3, "壮大数字经济核心产业", [b]))
    )
    assert matches.same[id(b)] is a
    assert [(d.field, d.primary_value, d.other_value) for d in matches.disagreements] == [
        ("count", "30", "32")
    ]


def test_two_portfolios_of_one_count_stay_apart_when_unsure():
    first = _portfolio(48, ("990.2亿元", "99020000000"))
    second = _portfolio(48, ("1509.71亿元", "150971000000"))
    third = _portfolio(48, ("700亿元", "70000000000"))
    matches = match_plans(_plan(portfolios=(first, second)), _plan(portfolios=(third, second)))
    assert id(third) not in matches.same
    assert not matches.disagreements


def test_parts_are_matched_within_matched_portfolios_by_status():
    a_parts = (
        _portfolio(10, ("50亿元", "5000000000"), Status.CONTINUING, "续建项目"),
        _portfolio(20, ("80亿元", "8000000000"), Status.NEW_START, "新开工项目"),
    )
    b_parts = (
        _portfolio(20, ("80亿元", "8000000000"), Status.NEW_START, "新开工项目"),
        _portfolio(11, ("50亿元", "5000000000"), Status.CONTINUING, "续建项目"),
    )
    a = _portfolio(30, ("130亿元", "13000000000"), parts=a_parts)
    b = _portfolio(30, ("130亿元", "13000000000"), parts=b_parts)
    matches = match_plans(_plan(portfolios=(a,)), _plan(portfolios=(b,)))
    assert matches.same[id(b_parts[0])] is a_parts[1]
    assert matches.same[id(b_parts[1])] is a_parts[0]
    assert [d.field for d in matches.disagreements] == ["count"]


def _target(metric: str, value: str, printed: str, year: int | None, unit: str = "PERCENT") -> TargetRecord:
    quantity = Quantity(Decimal(value), unit, printed)
    return TargetRecord(metric, "", quantity, Comparator.AT_LEAST, SPAN, deadline_year=year)


def test_targets_of_one_metric_and_year_with_other_values_disagree():
    a = _target("全市森林覆盖率", "20", "20%", 2025)
    b = _target("森林覆盖率", "21", "21%", 2025)
    c = _target("城镇化率", "70", "70%", 2025)
    matches = match_plans(_plan(targets=(a, c)), _plan(targets=(b,)))
    assert matches.same[id(b)] is a
    assert [(d.field, d.primary_value, d.other_value) for d in matches.disagreements] == [
        ("value", "20%", "21%")
    ]


def test_domains_of_unlike_titles_are_not_matched():
    a = _domain(1, "建设现代化产业体系", [_portfolio(5)])
    b = _domain(1, "增进民生福祉", [_portfolio(5)])
    matches = match_plans(_plan(a), _plan(b))
    assert not matches.same

"""The wording of audit findings in Chinese and English, apart from the checks that produce them.

Counts read as "308个" / "308 projects"; investments (in yuan) as "3110.49亿元" / "CNY 311.049 billion".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from policykg.checks.audit_facts import Figure, Portfolio
from policykg.checks.findings import Measure
from policykg.ontology.namespaces import CUR, PKG

STATUS_NAMES = {
    str(PKG.Continuing): ("续建", "continuing"),
    str(PKG.NewStart): ("新开工", "new-start"),
    str(PKG.Reserve): ("谋划储备", "reserve"),
}
MEASURE_NAMES = {
    Measure.COUNT: ("项目数", "project count"),
    Measure.INVESTMENT: ("总投资", "investment"),
    Measure.ANNUAL_PLANNED: ("年度计划投资", "annual planned investment"),
    Measure.COMPLETED: ("已完成投资", "investment completed"),
    Measure.SOUGHT: ("拟引资", "investment sought"),
    Measure.VALUE: ("目标值", "target value"),
}
_YI = Decimal(10**8)
_BILLION = Decimal(10**9)


@dataclass(frozen=True)
class Message:
    """A finding's message in both languages."""

    zh: str
    en: str


def parts_sum(
    total: Portfolio,
    stated: Sequence[tuple[Portfolio, Figure]],
    measure: Measure,
    whole: Decimal,
    expected: Decimal,
    tolerance: Decimal,
) -> Message:
    """Say that a portfolio's parts do not add up to its stated total."""
    zh, en = _formatters(measure, total.unit)
    listed_zh = " + ".join(f"{part_name(p, 'zh')}{zh(f.value)}" for p, f in stated)
    listed_en = " + ".join(
        f"{_bare_en(measure, f.value, total.unit)} {part_name(p, 'en')}" for p, f in stated
    )
    gap = abs(whole - expected)
    return Message(
        f"“{total.label_zh}”所述{MEASURE_NAMES[measure][0]}为{zh(whole)}，但各部分（{listed_zh}）合计"
        f"{zh(expected)}，相差{zh(gap)}{_tolerance_zh(tolerance, total.unit)}。",
        f"“{total.label_en}” states {_stated_en(measure, whole, total.unit)}, but its parts ({listed_en}) "
        f"add up to {en(expected)}, {en(gap)} apart{_tolerance_en(tolerance, total.unit)}.",
    )


def part_exceeds(
    total: Portfolio, part: Portfolio, measure: Measure, whole: Decimal, value: Decimal
) -> Message:
    """Say that one part is larger than its whole."""
    zh, en = _formatters(measure, total.unit)
    m_zh, m_en = MEASURE_NAMES[measure]
    return Message(
        f"部分“{part.label_zh}”的{m_zh}{zh(value)}超过了其总体“{total.label_zh}”的{m_zh}{zh(whole)}。",
        f"The {m_en} of the part “{part.label_en}”, {en(value)}, exceeds that of its total "
        f"“{total.label_en}”, {en(whole)}.",
    )


def projects_without_money(
    total: Portfolio, stated: Decimal, whole: Decimal, money: Decimal, missing: Sequence[str]
) -> Message:
    """Say that the unstated part would have to be projects without investment."""
    left = whole - stated
    zh_missing, en_missing = _status_list(missing)
    return Message(
        f"“{total.label_zh}”的各部分合计{_count_zh(stated)}，比所述总数{_count_zh(whole)}少"
        f"{_count_zh(left)}，但各部分的投资已占满所述总投资{_money_zh(money, total.unit)}；"
        f"未列出的{zh_missing}部分只能是没有投资的项目。",
        f"The parts of “{total.label_en}” add up to {_count_en(stated)}, {_count_en(left)} short of the "
        f"stated {_count_en(whole)}, yet their investment already makes up the stated "
        f"{_money_en(money, total.unit)}; the unstated {en_missing} part would be projects "
        "without investment.",
    )


def money_without_projects(
    total: Portfolio, count: Decimal, stated: Decimal, whole: Decimal, missing: Sequence[str]
) -> Message:
    """Say that the unstated part would have to be investment without projects."""
    left = whole - stated
    zh_missing, en_missing = _status_list(missing)
    unit = total.unit
    return Message(
        f"“{total.label_zh}”的各部分已合计为所述总数{_count_zh(count)}，但投资合计{_money_zh(stated, unit)}，"
        f"比所述总投资{_money_zh(whole, unit)}少{_money_zh(left, unit)}；"
        f"未列出的{zh_missing}部分只能是没有项目的投资。",
        f"The parts of “{total.label_en}” already account for all {_count_en(count)}, but their investment "
        f"adds up to {_money_en(stated, unit)}, {_money_en(left, unit)} short of the stated "
        f"{_money_en(whole, unit)}; the unstated {en_missing} part would be investment without projects.",
    )


def domains_sum(
    headline: Portfolio,
    measure: Measure,
    whole: Decimal,
    expected: Decimal,
    stated: int,
    domains: int,
    tolerance: Decimal,
) -> Message:
    """Say that the domains' portfolios do not add up to the plan's headline figure."""
    zh, en = _formatters(measure, headline.unit)
    gap = abs(whole - expected)
    return Message(
        f"规划总体“{headline.label_zh}”所述{MEASURE_NAMES[measure][0]}为{zh(whole)}，但{stated}个领域"
        f"（共{domains}个）的项目组合合计{zh(expected)}，相差{zh(gap)}"
        f"{_tolerance_zh(tolerance, headline.unit)}。",
        f"The plan's “{headline.label_en}” states {_stated_en(measure, whole, headline.unit)}, but the "
        f"portfolios of {stated} of its {domains} domains add up to {en(expected)}, {en(gap)} apart"
        f"{_tolerance_en(tolerance, headline.unit)}.",
    )


def restated(
    earlier: Portfolio, later: Portfolio, measure: Measure, first: Decimal, second: Decimal
) -> Message:
    """Say that a later statement of the same thing gives a different figure."""
    zh, en = _formatters(measure, later.unit or earlier.unit)
    m_zh, m_en = MEASURE_NAMES[measure]
    return Message(
        f"“{later.label_zh}”再次表述了前文的“{earlier.label_zh}”，但{m_zh}不同：前称{zh(first)}，后称{zh(second)}。",
        f"“{later.label_en}” states again what “{earlier.label_en}” stated before, with a different {m_en}: "
        f"first {en(first)}, then {en(second)}.",
    )


def repeated(node: Portfolio, measure: Measure, values: Sequence[Decimal]) -> Message:
    """Say that one node carries several different figures of one measure."""
    zh, en = _formatters(measure, node.unit)
    m_zh, m_en = MEASURE_NAMES[measure]
    return Message(
        f"“{node.label_zh}”有多个不同的{m_zh}：{'、'.join(zh(v) for v in values)}。",
        f"“{node.label_en}” has several different {m_en} figures: {', '.join(en(v) for v in values)}.",
    )


def part_name(part: Portfolio, lang: str) -> str:
    """Return a part's short name by status and start years: 2023年新开工 / new-start 2023."""
    zh, en = STATUS_NAMES.get(part.status or "", (part.label_zh, part.label_en))
    years = sorted(part.years)
    if lang == "zh":
        return f"{'和'.join(map(str, years))}年{zh}" if years else zh
    return f"{en} {' and '.join(map(str, years))}" if years else en


def _status_list(statuses: Sequence[str]) -> tuple[str, str]:
    names = [STATUS_NAMES.get(s, (s, s)) for s in statuses]
    return "、".join(n[0] for n in names), " or ".join(n[1] for n in names)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _count_zh(value: Decimal) -> str:
    return f"{_plain(value)}个"


def _count_en(value: Decimal) -> str:
    return f"{_plain(value)} project{'' if value == 1 else 's'}"


def _currency(unit: str | None) -> str:
    return unit.removeprefix(str(CUR)) if unit else "CNY"


def _money_zh(value: Decimal, unit: str | None) -> str:
    code = _currency(unit)
    return f"{_plain(value / _YI)}亿{'元' if code == 'CNY' else code}"


def _money_en(value: Decimal, unit: str | None) -> str:
    return f"{_currency(unit)} {_plain(value / _BILLION)} billion"


def _bare_en(measure: Measure, value: Decimal, unit: str | None) -> str:
    return _plain(value) if measure is Measure.COUNT else _money_en(value, unit)


def _stated_en(measure: Measure, value: Decimal, unit: str | None) -> str:
    if measure is Measure.COUNT:
        return _count_en(value)
    name = "an investment" if measure is Measure.INVESTMENT else f"an {MEASURE_NAMES[measure][1]}"
    return f"{name} of {_money_en(value, unit)}"


def _formatters(
    measure: Measure, unit: str | None
) -> tuple[Callable[[Decimal], str], Callable[[Decimal], str]]:
    if measure is Measure.COUNT:
        return _count_zh, _count_en
    return (lambda v: _money_zh(v, unit)), (lambda v: _money_en(v, unit))


def _tolerance_zh(tolerance: Decimal, unit: str | None) -> str:
    return f"（印刷数字的舍入至多能解释{_money_zh(tolerance, unit)}）" if tolerance else ""


def _tolerance_en(tolerance: Decimal, unit: str | None) -> str:
    return (
        f" (rounding of the printed figures explains at most {_money_en(tolerance, unit)})"
        if tolerance
        else ""
    )

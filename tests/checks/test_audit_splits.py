"""The audit compares like with like: parts on one axis with their whole, amounts of one kind and currency.

Each case is a short plan written for the test (an invented city, invented figures), built as `policykg
build` builds it and audited. Figures that agree give no finding, on every axis and amount kind; figures
that disagree give exactly the finding they deserve; what is not an exhaustive split (a part left out, an
approximate part, bands by size), amounts of different kinds or currencies, changes against last year and
last year's statistics give none.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from policykg.graph_builder.build import build_documents

BASE = "https://example.org/kg/"
TITLE = "青山市2025年重点项目建设工作方案\n"
YI = Decimal(10**8)
LEAD = "今年全市安排重点项目60个，总投资500亿元，年度计划投资120亿元。"


def findings_of(tmp_path: Path, body: str) -> set[tuple[str, str, Decimal, Decimal]]:
    """Build a plan of one paragraph and return its findings as (check, measure, expected, observed)."""
    path = tmp_path / "plan.txt"
    path.write_text(TITLE + body + "\n", encoding="utf-8")
    built = build_documents([path], tmp_path / "out", base=BASE, validate_shapes=False, workers=1)
    found = set()
    for f in built.audit.findings:
        scale = Decimal(1) if f.measure.value == "projectCount" else YI
        found.add((f.check.slug, f.measure.value, f.expected / scale, f.observed / scale))
    return found


AGREE = {
    "category, total and annual amounts": LEAD + "其中产业项目30个，总投资300亿元，年度计划投资70亿元；"
    "基础设施项目20个，总投资150亿元，年度计划投资35亿元；民生项目10个，总投资50亿元，年度计划投资15亿元。",
    "investor": LEAD + "其中政府投资项目25个，总投资200亿元；社会投资项目35个，总投资300亿元。",
    "place, listed apart": LEAD + "\n分区域看：东城区20个，总投资150亿元；西城区40个，总投资350亿元。",
    "status, annual amounts": LEAD
    + "其中续建项目40个，年度计划投资80亿元；新开工项目20个，年度计划投资40亿元。",
    "completed amounts": "今年全市安排重点项目60个，总投资500亿元，累计完成投资150亿元。其中产业项目30个，"
    "总投资300亿元，累计完成投资100亿元；基础设施项目30个，总投资200亿元，累计完成投资50亿元。",
    "sought amounts": "本次集中签约项目10个，拟引资80亿元。其中产业项目6个，拟引资50亿元；服务业项目4个，拟引资30亿元。",
    "parts named 重点项目 after 其中": "全市安排重点项目32个，总投资86亿元。其中省级重点项目12个，总投资40亿元；"
    "市级重点项目20个，总投资46亿元。",
    "rounding of printed figures": "今年全市安排重点项目3个，总投资10.1亿元。其中产业项目1个，总投资3.36亿元；"
    "基础设施项目2个，总投资6.71亿元。",
}

DISAGREE = {
    "category, total amount": (
        LEAD
        + "其中产业项目30个，总投资300亿元；基础设施项目20个，总投资150亿元；民生项目10个，总投资80亿元。",
        ("parts-sum", "investment", Decimal(530), Decimal(500)),
    ),
    "category, annual amount": (
        LEAD + "其中产业项目30个，年度计划投资70亿元；基础设施项目20个，年度计划投资35亿元；"
        "民生项目10个，年度计划投资25亿元。",
        ("parts-sum", "annualPlannedInvestment", Decimal(130), Decimal(120)),
    ),
    "category, count": (
        LEAD
        + "其中产业项目30个，总投资300亿元；基础设施项目20个，总投资150亿元；民生项目15个，总投资50亿元。",
        ("parts-sum", "projectCount", Decimal(65), Decimal(60)),
    ),
    "parts named 重点项目 after 其中": (
        "全市安排重点项目32个，总投资86亿元。其中省级重点项目12个，总投资40亿元；市级重点项目20个，总投资56亿元。",
        ("parts-sum", "investment", Decimal(96), Decimal(86)),
    ),
    "investor, total amount": (
        LEAD + "其中政府投资项目25个，总投资200亿元；社会投资项目35个，总投资350亿元。",
        ("parts-sum", "investment", Decimal(550), Decimal(500)),
    ),
    "place, total amount": (
        LEAD + "\n分区域看：东城区20个，总投资150亿元；西城区40个，总投资380亿元。",
        ("parts-sum", "investment", Decimal(530), Decimal(500)),
    ),
    "status, annual amount": (
        LEAD + "其中续建项目40个，年度计划投资80亿元；新开工项目20个，年度计划投资50亿元。",
        ("parts-sum", "annualPlannedInvestment", Decimal(130), Decimal(120)),
    ),
    "completed amount": (
        "今年全市安排重点项目60个，总投资500亿元，累计完成投资150亿元。其中产业项目30个，总投资300亿元，"
        "累计完成投资100亿元；基础设施项目30个，总投资200亿元，累计完成投资80亿元。",
        ("parts-sum", "completedInvestment", Decimal(180), Decimal(150)),
    ),
    "sought amount": (
        "本次集中签约项目10个，拟引资80亿元。其中产业项目6个，拟引资50亿元；服务业项目4个，拟引资40亿元。",
        ("parts-sum", "soughtInvestment", Decimal(90), Decimal(80)),
    ),
}

NOT_COMPARABLE = {
    "a part left out": LEAD + "其中产业项目30个，总投资300亿元；基础设施项目20个，总投资120亿元。",
    "an approximate part": LEAD + "其中产业项目30个，总投资300亿元；基础设施项目20个，总投资150亿元；"
    "民生项目10多个，总投资90亿元。",
    "overlapping bands by size": LEAD + "其中10亿元以上项目50个，50亿元以上项目20个。",
    "parts of another amount kind": "今年全市安排重点项目60个，总投资500亿元。其中产业项目30个，年度计划投资70亿元；"
    "基础设施项目30个，年度计划投资90亿元。",
    "parts in another currency": "集中签约项目10个，总投资45亿元。其中外资项目4个，总投资2亿美元；内资项目6个，总投资30亿元。",
    "a change against last year": "今年安排重点项目60个，比上年增加8个，总投资500亿元，比上年增加60亿元。",
    "last year's statistics": LEAD + "去年全市实施重点项目52个，完成投资300亿元。",
    "two groups with different names": LEAD + "文化旅游领域谋划文旅项目12个，总投资90亿元。",
    "an approximate total": "今年谋划推进市重大项目1700多个，年度计划投资5200多亿元。其中先进制造业项目472个。",
}


@pytest.mark.parametrize("body", AGREE.values(), ids=AGREE.keys())
def test_figures_that_agree_give_no_finding(tmp_path: Path, body: str) -> None:
    assert findings_of(tmp_path, body) == set()


@pytest.mark.parametrize(("body", "finding"), DISAGREE.values(), ids=DISAGREE.keys())
def test_figures_that_disagree_give_their_finding(tmp_path: Path, body: str, finding: tuple) -> None:
    assert findings_of(tmp_path, body) == {finding}


@pytest.mark.parametrize("body", NOT_COMPARABLE.values(), ids=NOT_COMPARABLE.keys())
def test_what_is_not_like_for_like_is_not_compared(tmp_path: Path, body: str) -> None:
    assert findings_of(tmp_path, body) == set()


def test_an_approximate_headline_is_compared_only_with_a_wide_margin(tmp_path: Path) -> None:
    plan = "全市谋划近120个重点项目。\n一、产业领域\n安排重点项目50个。\n二、民生领域\n安排重点项目{}个。"
    assert findings_of(tmp_path, plan.format(65)) == set()
    assert findings_of(tmp_path, plan.format(10)) == {
        ("domains-sum", "projectCount", Decimal(60), Decimal(120))
    }

"""Bad input reads as well as the clean form: a page copied with its chrome, traditional characters,
full-width digits, a table flattened to one cell a line, a headline over a bare list.

Each variant is made here from one clean text written for the purpose; extraction must find the same
entities and figures in it, with offsets that point at the right characters of the text as given, and
no entity made of chrome.
"""

from __future__ import annotations

import re

import opencc
import pytest

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.text.chrome import find_chrome

CLEAN = """济南市2024年重点项目建设实施方案
为加快推进重点项目建设，制定本方案。
一、总体目标
今年全市计划实施市级重点项目120个，总投资850亿元。其中，续建项目75个，总投资530亿元；新开工项目45个，总投资320亿元。
到2025年，全市高新技术企业数量达到1500家，研发投入强度达到3.5%。
二、重点任务
（一）壮大先进制造业。加快建设济南新材料产业园，支持章丘区发展精细化工，推进山东大学附属医院新院区建设。
（二）提升创新能力。支持济南大学建设新能源重点实验室，推动莱芜区、钢城区协同发展。"""

CHROME_TOP = """首页 > 政务公开 > 通知公告
济南市2024年重点项目建设实施方案
来源：济南市发展和改革委员会 发布时间：2024-02-18 10:30 浏览次数：2046
【字体：大 中 小】 【打印本页】 【关闭窗口】
"""
CHROME_BOTTOM = """
责任编辑：王明
分享到：微信 微博 QQ空间
扫一扫在手机打开当前页
版权所有：济南市人民政府办公厅 鲁ICP备00000000号"""


def with_chrome(text: str) -> str:
    """The text as copied from a web page: breadcrumb, source and widget lines above, footer below."""
    return CHROME_TOP + text + CHROME_BOTTOM


def traditional(text: str) -> str:
    """The text in traditional characters (character for character)."""
    converted = opencc.OpenCC("s2t").convert(text)
    assert len(converted) == len(text)
    return converted


def full_width(text: str) -> str:
    """The text with full-width digits, percent signs and decimal points."""
    text = re.sub(r"(?<=\d)\.(?=\d)", "．", text)
    return text.translate(str.maketrans("0123456789%", "０１２３４５６７８９％"))


def entities(plan) -> set[tuple[str, str]]:
    return {(e.cls, e.name) for e in plan.entities}


def figures(plan) -> set[tuple]:
    """The plan's targets and portfolios as comparable values."""
    targets = [*plan.targets, *(t for d in plan.domains for t in d.targets)]
    targets += [t for d in plan.domains for task in d.tasks for t in task.targets]
    portfolios = [*plan.portfolios, *(p for d in plan.domains for p in d.portfolios)]
    found = {("target", t.quantity.value, t.deadline_year) for t in targets}
    for p in portfolios:
        found.add(("portfolio", p.count, p.investment.value if p.investment else None))
        found |= {("part", q.count, q.status) for q in p.parts}
    return found


def spans(plan):
    for e in plan.entities:
        yield from ((e, s) for s in e.spans)


@pytest.fixture(scope="module")
def clean_plan():
    plan = extract_plan(CLEAN)
    assert plan.title == "济南市2024年重点项目建设实施方案"
    assert {("IndustrialPark", "济南新材料产业园"), ("District", "章丘区")} <= entities(plan)
    assert ("target", 1500, 2025) in figures(plan)
    return plan


def test_a_page_with_its_chrome_reads_as_the_clean_text(clean_plan):
    text = with_chrome(CLEAN)
    plan = extract_plan(text)
    assert plan.title == clean_plan.title
    assert entities(plan) == entities(clean_plan)
    assert figures(plan) == figures(clean_plan)
    chrome = find_chrome(text)
    assert {text[c.start : c.end] for c in chrome} >= {"责任编辑：王明", "扫一扫在手机打开当前页"}
    for entity, span in spans(plan):
        assert text[span.start : span.end] == span.text
        assert not any(c.start <= span.start < c.end for c in chrome), (entity.name, span.text)


def test_traditional_characters_read_as_simplified_with_offsets_into_the_given_text(clean_plan):
    text = traditional(CLEAN)
    assert text != CLEAN
    plan = extract_plan(text)
    assert entities(plan) == entities(clean_plan)
    assert figures(plan) == figures(clean_plan)
    for _, span in spans(plan):
        # The span quotes the text as given (traditional), at the clean text's offsets.
        assert span.text == text[span.start : span.end]
        assert span.sentence in text
    assert plan.span is not None and text[plan.span.start : plan.span.end] == plan.span.text


def test_full_width_digits_read_as_half_width(clean_plan):
    text = full_width(CLEAN)
    assert "１２０个" in text and "３．５％" in text
    plan = extract_plan(text)
    assert entities(plan) == entities(clean_plan)
    assert figures(plan) == figures(clean_plan)
    for _, span in spans(plan):
        assert span.text == text[span.start : span.end]


def test_all_at_once_chrome_traditional_and_full_width(clean_plan):
    text = normalize(with_chrome(full_width(traditional(CLEAN))).replace("\n", "\r\n"))
    plan = extract_plan(text)
    assert entities(plan) == entities(clean_plan)
    assert figures(plan) == figures(clean_plan)
    for _, span in spans(plan):
        assert span.text == text[span.start : span.end]


TABLE_ROWS = [
    ("序号", "项目名称", "建设地点", "总投资（亿元）"),
    ("1", "济南新材料产业园", "章丘区", "35"),
    ("2", "山东大学附属医院新院区", "历下区", "18.5"),
    ("3", "济南大学新能源重点实验室", "莱芜区", "6"),
]


def test_a_table_flattened_to_one_cell_a_line_reads_as_its_rows():
    title = "济南市2024年重点项目表\n"
    rows = title + "\n".join("\t".join(row) for row in TABLE_ROWS)
    flat = title + "\n".join(cell for row in TABLE_ROWS for cell in row)
    by_rows, by_cells = extract_plan(rows), extract_plan(flat)
    assert entities(by_cells) == entities(by_rows)
    assert {"济南新材料产业园", "章丘区", "历下区", "莱芜区"} <= {name for _, name in entities(by_cells)}
    for _, span in spans(by_cells):
        assert span.text == flat[span.start : span.end]


def test_a_headline_over_a_bare_list():
    text = "济南市2024年第一批重点项目名单\n1.济南新材料产业园\n2.山东大学附属医院新院区\n3.济南大学新能源重点实验室"
    plan = extract_plan(text)
    assert plan.title == "济南市2024年第一批重点项目名单"
    assert plan.city == "济南市"
    assert {"济南新材料产业园", "山东大学附属医院新院区"} <= {name for _, name in entities(plan)}
    assert not any(name.startswith(("1", "2", "3")) for _, name in entities(plan))

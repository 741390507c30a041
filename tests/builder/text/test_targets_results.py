"""Changes measured against last year: a target where the sentence states an aim, else a result reported."""

from __future__ import annotations

import re

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets


def metrics(text: str) -> set[str]:
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return {t.metric for t in find_targets(text, sentences, find_quantities(text), set(), ("某县",))}


def test_a_change_on_last_year_without_an_aim_is_a_result():
    assert metrics("活动期间某县农产品线上销售额较去年增长45%。") == set()
    assert metrics("全县招商引资到位资金比上年增加12亿元，势头良好。") == set()


def test_a_change_on_last_year_with_an_aim_is_a_target():
    assert metrics("今年的目标是农产品线上销售额比上年增长10%。") != set()
    assert metrics("到2026年，力争全县旅游收入较上年增长8%以上。") != set()


def test_a_change_on_last_year_under_an_aim_heading_line_is_a_target():
    text = "到2026年，某县主要目标如下：\n1．旅游收入比上年增长8%。\n"
    assert metrics(text) != set()


def test_a_bound_on_the_change_states_an_aim():
    # A result is reported as it is; a floor (以上) or an about (左右) is what is aimed at.
    assert metrics("全县农民人均收入比上年增长7%以上。") != set()


def test_a_figure_after_a_result_word_is_a_result():
    assert metrics("目前，某县已入驻电商企业120家。") == set()
    assert metrics("产业园累计招引物流企业85家，带动就业明显。") == set()


def test_a_result_word_in_a_sentence_with_an_aim_keeps_the_target():
    assert metrics("目前全县有充电桩300个，到2027年充电桩达到1000个。") != set()


def test_a_result_word_in_a_numbered_task_keeps_the_target():
    assert metrics("3．新增充电桩200个，累计建设充电桩900个。") != set()

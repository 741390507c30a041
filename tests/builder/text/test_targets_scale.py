"""Classes of scale (千亿元级): a magnitude with a currency and 级 is an amount of at least that much."""

from __future__ import annotations

import re

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.records import Comparator
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets


def targets(text: str):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return find_targets(text, sentences, find_quantities(text), set(), ("某市",))


def test_a_scale_class_with_a_currency_is_an_amount():
    found = find_quantities("加快建设百亿元级物流园区")
    assert [(q.value, q.unit, q.printed) for _, _, q in found] == [(10**10, "CNY", "百亿元")]


def test_a_scale_class_without_a_currency_is_no_amount():
    assert find_quantities("培育千亿级产业集群") == []


def test_building_a_scale_class_is_a_target_of_at_least_that_amount():
    (target,) = targets("某市着力打造千亿元级新材料基地。")
    assert target.metric == "新材料基地"
    assert target.quantity.value == 10**11 and target.comparator is Comparator.AT_LEAST


def test_a_scale_class_inside_a_counted_noun_is_no_target_of_its_own():
    (target,) = targets("到2027年，培育百亿元级龙头企业3家。")
    assert target.quantity.value == 3

"""Companies named as brands in a list that a category closes (A、B等企业), on sentences written for it."""

from __future__ import annotations

import pytest

from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names.lists import find_listed_companies
from policykg.graph_builder.text.names.rules import name_rules


def companies_in(text: str) -> set[str]:
    found = find_listed_companies(text, lambda s, e: False, is_known_word, name_rules())
    assert all(m.cls == "Enterprise" for m in found)
    return {m.text for m in found}


@pytest.mark.parametrize(
    ("sentence", "companies"),
    [
        # Brands the dictionary does not know, after a date.
        ("今年1—6月澜景实业、禾丰源农业等企业订单增长。", {"澜景实业", "禾丰源农业"}),
        # Brands the dictionary knows as proper nouns, after a verb it lacks; a common word among them.
        ("紧盯华为、腾讯、网易等龙头企业招商。", {"华为", "腾讯", "网易"}),
        # After a preposition, with a modifier before the category.
        ("引进与阿里巴巴、京东等知名电商平台合作。", {"阿里巴巴", "京东"}),
    ],
)
def test_listed_brands_are_companies(sentence, companies):
    assert companies_in(sentence) == companies


@pytest.mark.parametrize(
    "sentence",
    [
        # Sectors, not companies: common nouns, or a category of a sector (行业, 领域).
        "鼓励家电、家具、服装、食品等行业企业上云。",
        "支持钢铁、水泥等企业节能改造。",
        # Technologies used in companies: the words between 等 and the category are no modifier.
        "推动5G、工业以太网、边缘计算等技术在企业应用。",
        # One item is no list.
        "推动大宗商品生产加工等企业发展。",
    ],
)
def test_lists_of_sectors_or_technologies_name_no_company(sentence):
    assert companies_in(sentence) == set()

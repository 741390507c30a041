"""An amount after a 、 list of parts is the whole's; after parts joined by ，it stays the last part's.

Every sentence here was written for the test, in the genre's style, with invented figures.
"""

from __future__ import annotations

import re
from decimal import Decimal

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.records import AmountKind
from policykg.graph_builder.text.numbers import find_quantities, find_years
from policykg.graph_builder.text.portfolios import find_portfolio_items, group_portfolios

YI = Decimal(10**8)


def groups_in(text: str):
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return group_portfolios(
        find_portfolio_items(text, sentences, find_quantities(text), find_years(text), 2025)
    )


def amounts(item) -> dict[AmountKind, Decimal]:
    return {a.kind: a.quantity.value / YI for a in item.amounts}


def test_an_amount_after_a_list_of_parts_is_the_wholes():
    (group,) = groups_in(
        "今年某县安排重点项目60个，其中续建项目30个、新开工项目20个、前期项目10个，年度计划投资90亿元。"
    )
    assert group.total.count == 60
    assert amounts(group.total) == {AmountKind.ANNUAL_PLANNED: 90}
    assert [amounts(p) for p in group.parts] == [{}, {}, {}]


def test_an_amount_after_a_part_of_its_own_clause_stays_with_it():
    (group,) = groups_in("今年某县安排重点项目60个，其中续建项目30个，新开工项目30个，总投资80亿元。")
    assert amounts(group.total) == {}
    assert amounts(group.parts[-1]) == {AmountKind.TOTAL: 80}

"""Figures as a plan prints them: amounts in 亿元 or 万元, counts in 个, English beside the Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.server.linkeddata.figures import printed


@pytest.mark.parametrize(
    ("value", "count", "lang", "expected"),
    [
        ("192083000000", False, "zh", "1920.83亿元"),
        ("9E+9", False, "zh", "90亿元"),
        ("55000", False, "zh", "5.5万元"),
        ("800", False, "zh", "800元"),
        ("80", True, "zh", "80个"),
        ("9000000000", False, "en", "9 billion yuan (90亿元)"),
        ("55000000", False, "en", "55 million yuan (5500万元)"),
        ("800", False, "en", "800 yuan"),
        ("70", True, "en", "70 projects"),
    ],
)
def test_printed_figures(value: str, count: bool, lang: str, expected: str) -> None:
    assert printed(Decimal(value), count, lang) == expected

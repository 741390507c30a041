"""Tests of reading years (graph_builder/text/numbers/): find_years and parse_year."""

from __future__ import annotations

import pytest

from policykg.graph_builder.text.numbers import find_years, parse_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年", [(0, 5, 2023)]),
        ("到2025年底前", [(1, 6, 2025)]),
        ("二〇二三年", [(0, 5, 2023)]),
        ("2024年和2025年开工", [(0, 5, 2024), (6, 11, 2025)]),
        ("2024、2025年", [(0, 4, 2024), (5, 10, 2025)]),
        ("（2023—2025年）", [(1, 5, 2023), (6, 11, 2025)]),
        ("（2023-2025）", [(1, 5, 2023), (6, 10, 2025)]),
        ("（２０２３－２０２５年）", [(1, 5, 2023), (6, 11, 2025)]),
        ("发展(20232025年)", [(3, 7, 2023), (7, 12, 2025)]),
        ("比2020年降低14%", [(1, 6, 2020)]),
        ("共2023个项目", []),
        ("3年", []),
        ("1000年", []),
        ("2023-06-30", []),
        ("电话0531-2023", []),
    ],
)
def test_find_years(text: str, expected: list[tuple[int, int, int]]) -> None:
    assert find_years(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年", 2023),
        ("二〇二三年", 2023),
        ("二零二五年", 2025),
        ("2023", 2023),
        (" ２０２３ ", 2023),
        ("三年", None),
        ("12023", None),
        ("2023年度", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_year(text: str, expected: int | None) -> None:
    assert parse_year(text) == expected

"""policykg.numerals: the one reader of printed numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policykg.numerals import fold, ordinal, ordinal_or_none, parse_number


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1,257,400", 1257400),
        ("１２３", 123),
        ("两千三百万", 23000000),
        ("1920.83亿", 192083000000),
        ("三点五", "3.5"),
    ],
)
def test_printed_numbers_read_exactly(printed: str, value: int | str) -> None:
    assert parse_number(printed) == Decimal(value)


@pytest.mark.parametrize(("numeral", "value"), [("3", 3), ("１２", 12), ("十二", 12), ("二十一", 21)])
def test_ordinals(numeral: str, value: int) -> None:
    assert ordinal(numeral) == ordinal_or_none(numeral) == value


@pytest.mark.parametrize("numeral", ["十十", "十十十", "x"])
def test_what_is_no_number_reads_as_none_or_fails_clearly(numeral: str) -> None:
    assert ordinal_or_none(numeral) is None
    with pytest.raises(ValueError):
        ordinal(numeral)


def test_folding_keeps_offsets() -> None:
    assert fold("２０２５年，３") == "2025年，3"

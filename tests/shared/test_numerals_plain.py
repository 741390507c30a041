"""The plain numerals read without cn2an are read exactly as cn2an reads them: every one of them."""

from __future__ import annotations

import itertools

import cn2an
import pytest

from policykg.numerals import _PLAIN_DIGITS, _PLAIN_UNITS, chinese_integer, plain_integer

DIGITS = "一二三四五六七八九"
ZEROS = "〇零"


def unit_forms() -> list[str]:
    """Every string the plain pattern of units can match: [d千][d百][[d]十][d][万亿]."""
    thousands = ["", *(d + "千" for d in DIGITS + "两")]
    hundreds = ["", *(d + "百" for d in DIGITS + "两")]
    tens = ["", "十", *(d + "十" for d in DIGITS)]
    units = ["", *DIGITS, "两"]
    return ["".join(parts) for parts in itertools.product(thousands, hundreds, tens, units, ["", "万", "亿"])]


def digit_forms() -> list[str]:
    """Every string the plain pattern of digits can match: a non-zero digit and one to three more."""
    rest = DIGITS + ZEROS
    return [
        first + "".join(tail)
        for length in (1, 2, 3)
        for first in DIGITS
        for tail in itertools.product(rest, repeat=length)
    ]


def test_the_enumeration_holds_every_string_the_patterns_match() -> None:
    alphabet = DIGITS + ZEROS + "两十百千万亿"
    known = set(unit_forms()) | set(digit_forms())
    for length in (1, 2, 3):
        for chars in itertools.product(alphabet, repeat=length):
            text = "".join(chars)
            if _PLAIN_UNITS.fullmatch(text) or _PLAIN_DIGITS.fullmatch(text):
                assert text in known


def test_every_plain_numeral_reads_as_cn2an_reads_it() -> None:
    read = 0
    for text in [*unit_forms(), *digit_forms()]:
        value = plain_integer(text)
        if value is None:
            continue
        read += 1
        assert value == cn2an.cn2an(text, "normal"), text
    assert read > 30000


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十二", 12),
        ("三百四十五", 345),
        ("两千", 2000),
        ("五百亿", 50_000_000_000),
        ("二〇二三", 2023),
        ("两", 2),
    ],
)
def test_plain_numerals(numeral: str, value: int) -> None:
    assert plain_integer(numeral) == value
    assert chinese_integer(numeral) == value


@pytest.mark.parametrize("numeral", ["一千二", "三百五", "一百十", "一千零一", "万", "", "十十"])
def test_other_forms_are_left_to_cn2an(numeral: str) -> None:
    assert plain_integer(numeral) is None

"""The one reader of numbers as printed in Chinese text: Arabic digits, Chinese numerals and magnitudes.

Chinese numerals are read by cn2an (imported on first use); around it sit the magnitude words 十 百 千
万 亿 that multiply out, and exact ``Decimal`` arithmetic that refuses to round. The builder's number
grammar (``graph_builder/text/numbers/``), the outline's ordinals and the checks all read here.
"""

from __future__ import annotations

import functools
import re
from decimal import Context, Decimal, Inexact, InvalidOperation

from policykg.patterns import ARABIC

# Full-width digits, letters and signs (U+FF01..U+FF5E) fold to ASCII, one character to one, so that
# offsets into the folded text are offsets into the original. The full-width comma is left alone: in
# Chinese text it separates clauses, and reading "3，200" as 3200 would merge two numbers.
FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if cp != 0xFF0C}

CN_DIGITS = "〇零一二两三四五六七八九"
CN_DECIMALS = "〇零一二三四五六七八九"
CN_NUMERAL = CN_DIGITS + "十百千万亿"
_MAGNITUDE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
BIG = "万亿"

# Decimal arithmetic that refuses to round: a value that does not fit is an error, never a silent
# approximation (1920.83亿 must be exactly 192083000000).
EXACT = Context(prec=60, traps=[Inexact, InvalidOperation])
ONE = Decimal(1)


CHINESE_DECIMAL = rf"点[{CN_DECIMALS}]+"
_NUMBER_RE = re.compile(
    rf"(?P<sign>[-负])?(?:(?P<ar>{ARABIC})|(?P<cn>[{CN_NUMERAL}]+?)(?P<dec>{CHINESE_DECIMAL})?)"
    rf"(?P<mag>[十百千]?万?亿?)"
)


def tidy(value: Decimal) -> Decimal:
    """Return the value without trailing zeros or exponent: 192083000000.00 -> 192083000000."""
    if value == value.to_integral_value():
        return value.quantize(ONE, context=EXACT)
    return value.normalize(EXACT)


def magnitude_value(words: str) -> Decimal:
    """Return the product of magnitude words: 万亿 -> 10**12, '' -> 1."""
    product = 1
    for word in words:
        product *= _MAGNITUDE[word]
    return Decimal(product)


# The plain forms of small numerals (十二, 三百四十五, 两千, 五百亿, 二〇二三), which plans print far more
# often than any other: read here without cn2an, whose import costs half a second, and read exactly as
# cn2an reads them (tests/shared/test_numerals_plain.py compares every string this pattern matches).
_PLAIN_DIGITS = re.compile("[一二三四五六七八九][〇零一二三四五六七八九]{1,3}")
_PLAIN_UNITS = re.compile(
    "(?:(?P<q>[一二两三四五六七八九])千)?(?:(?P<b>[一二两三四五六七八九])百)?"
    "(?:(?P<s>[一二三四五六七八九]?)十)?(?P<g>[一二两三四五六七八九]?)(?P<big>[万亿]?)"
)
_DIGIT_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "": 0}


def plain_integer(numeral: str) -> int | None:
    """Return the value of a numeral in a plain form (十二, 三百四十五, 两千, 五百亿, 二〇二三), else None.

    A bare last digit counts only after 十 or alone (一千二 is 1200 and 三百五 is 350 in cn2an's reading, so
    both are left to it), and 零 inside a numeral is left to cn2an too.
    """
    if _PLAIN_DIGITS.fullmatch(numeral):
        return int("".join(str(_DIGIT_VALUES[c]) for c in numeral))
    match = _PLAIN_UNITS.fullmatch(numeral)
    if match is None:
        return None
    has_ten = match["s"] is not None
    q, b, s, g = (match[group] or "" for group in "qbsg")
    if g and (q or b) and not has_ten:
        return None
    value = 1000 * _DIGIT_VALUES[q] + 100 * _DIGIT_VALUES[b] + _DIGIT_VALUES[g]
    if has_ten:
        if not s and (q or b):
            return None
        value += 10 * (_DIGIT_VALUES[s] if s else 1)
    if value == 0:
        return None
    return value * {"": 1, "万": 10**4, "亿": 10**8}[match["big"]]


def chinese_integer(numeral: str) -> int:
    """Read a Chinese integer numeral (a plain one here, any other with cn2an), raising ValueError for
    anything cn2an rejects."""
    plain = plain_integer(numeral)
    if plain is not None:
        return plain
    # "normal" mode reads 两千三 and 二〇二三 as well as 一千二百五十七万四千. cn2an reports bad input as
    # ValueErrors in Chinese, and some malformed numerals (三百零一亿八千九百二十四, whose 零 before the
    # empty 万 section is missing) as a KeyError; one message naming the input replaces both.
    try:
        value = _cn2an()(numeral, "normal")
    except (ValueError, KeyError):
        raise ValueError(f"cn2an does not read {numeral!r}") from None
    if not isinstance(value, int):
        raise ValueError(f"{numeral!r} is not a whole number")
    return value


@functools.lru_cache(maxsize=8192)
def parse_folded(text: str) -> Decimal:
    """Parse a number that is already stripped and folded (cached: plans repeat their numbers)."""
    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        raise ValueError("not digits, a Chinese numeral or either with 十 百 千 万 亿")
    sign = -1 if match["sign"] else 1
    magnitude = match["mag"]
    if match["ar"] is not None:
        value = Decimal(match["ar"].replace(",", ""))
    elif match["dec"] is None:
        # A Chinese integer is read whole, magnitude and all: 两千三百万 is 23000000, which splitting
        # off 百万 would misread as 两千三 x 百万.
        value, magnitude = Decimal(chinese_integer(match["cn"] + magnitude)), ""
    else:
        digits = _cn2an()(match["dec"][1:], "direct")
        value = Decimal(f"{chinese_integer(match['cn'])}.{digits}")
    return tidy(EXACT.multiply(sign * value, magnitude_value(magnitude)))


def parse_number(text: str) -> Decimal:
    """Parse one number as printed (1,257,400 / １２３ / 两千三百 / 1.5万 / 2.4万亿) to an exact Decimal."""
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r} is not text")
    folded = text.strip().translate(FOLD)
    if not folded:
        raise ValueError(f"not a number: {text!r} is empty")
    try:
        return parse_folded(folded)
    except (InvalidOperation, ArithmeticError):
        raise ValueError(f"not a number: {text!r} has too many digits to keep exact") from None
    except ValueError as error:
        raise ValueError(f"not a number: {text!r} ({error})") from None


def fold(text: str) -> str:
    """Return ``text`` with full-width digits, letters and signs as ASCII, one character for one."""
    return text.translate(FOLD)


def ordinal(numeral: str) -> int:
    """Return the value of a small ordinal as printed: 3, 十二, 二十一 (headings and list markers)."""
    folded = fold(numeral.strip())
    return int(folded) if folded.isdigit() else chinese_integer(folded)


def ordinal_or_none(numeral: str) -> int | None:
    """Return the value of a small ordinal as printed, or None if it is no number (十十, 两两)."""
    try:
        return ordinal(numeral)
    except ValueError:
        return None


@functools.cache
def _cn2an():
    import cn2an

    return cn2an.cn2an

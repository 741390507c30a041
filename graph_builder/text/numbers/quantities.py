"""Find quantities in running text: numbers with their magnitudes and units, alone or as ranges.

A token is a number, an optional approximation marker (余, 多), magnitude words and a unit; two
tokens around a range separator make a range (3至5家, 10-20万人). Values are in the base unit of
their unit key.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from policykg.graph_builder.records import Quantity
from policykg.graph_builder.text.numbers.tables import UnitWord, grammar, unit_words
from policykg.numerals import (
    BIG,
    CHINESE_DECIMAL,
    CN_DECIMALS,
    CN_DIGITS,
    CN_NUMERAL,
    EXACT,
    FOLD,
    ONE,
    magnitude_value,
    parse_folded,
    tidy,
)
from policykg.patterns import ARABIC, CN_COUNT, alternation


@cache
def _token_pattern() -> re.Pattern[str]:
    """Return the pattern of one number token, built from the unit table and the grammar."""
    separators = alternation(grammar().range_separators)
    approx = re.escape(grammar().approximate)
    # The Chinese core and the magnitude are lazy so that the earliest place where a unit fits wins:
    # 三万千瓦 is 三万 + 千瓦, not 三万千 + 瓦. A token without a unit must end in a magnitude (突破300万)
    # or stand before a range separator (the 3 of 3至5家); anything else is a bare number.
    return re.compile(
        rf"""
        百分之(?P<pct>\d+(?:\.\d+)?|[{CN_NUMERAL}]+(?:{CHINESE_DECIMAL})?)
      | (?:(?P<ar>{ARABIC})
          |(?P<cn>[{CN_COUNT}][{CN_NUMERAL}]*?(?:{CHINESE_DECIMAL})?))
        (?P<approx>[{approx}])?
        (?:(?P<mag>[十百千]??万??亿??)(?:[{approx}])?(?P<unit>{alternation(unit_words())})
          |(?P<bare>[十百千]?万?亿?)(?:(?<=[十百千万亿])|(?={separators}))(?![{CN_NUMERAL}点]))
        """,
        re.VERBOSE,
    )


@cache
def _quote_pattern() -> re.Pattern[str] | None:
    """Return the pattern of a short quoted name or book title, or None when the grammar has no quotes."""
    quotes = grammar().quotes
    if not quotes:
        return None
    return re.compile(
        "|".join(
            f"{re.escape(o)}[^{re.escape(o + c)}\\n]{{0,{limit}}}{re.escape(c)}" for o, c, limit in quotes
        )
    )


@dataclass(frozen=True, slots=True)
class _Token:
    """A number found in the text, before ranges are joined and context rules applied."""

    start: int
    end: int
    numeral: str
    value: Decimal
    magnitude: str
    unit: UnitWord | None
    chinese: bool

    @property
    def big(self) -> bool:
        """Whether the number carries a magnitude that makes it a quantity on its own (300万)."""
        if self.chinese:
            return (self.numeral + self.magnitude)[-1] in BIG
        return bool(self.magnitude)

    @property
    def year_like(self) -> bool:
        """Whether this is a calendar year (2023年, 二〇二三年), not a duration (3年)."""
        if self.unit is None or self.unit.key != "YEAR" or self.magnitude:
            return False
        digits = self.numeral.replace(",", "")
        if self.chinese:
            return len(digits) >= 4 and all(c in CN_DECIMALS for c in digits)
        return digits.isdigit() and len(digits) >= 4


def _read_token(text: str, match: re.Match[str]) -> _Token | None:
    """Turn a regex match into a token, or None when its context shows it is not a number."""
    start, end = match.span()
    words = unit_words()
    rules = grammar()
    if match["pct"] is not None:
        numeral = match["pct"]
        # 百分之百 has no leading digit; cn2an reads 一百.
        numeral = "一" + numeral if numeral[0] in "百千" else numeral
        value = _number_or_none(numeral)
        word = words.get("%")
        if value is None or word is None:
            return None
        return _Token(start, end, numeral, value, "", word, chinese=not numeral[0].isdigit())
    chinese = match["cn"] is not None
    numeral = match["cn"] if chinese else match["ar"]
    word = words[match["unit"]] if match["unit"] is not None else None
    magnitude = match["mag"] if word is not None else match["bare"]
    if word is not None and text.startswith(word.not_before, match.end()):
        # 所有, 个人, 条件: the "unit" starts another word; keep the number without it.
        word, end = None, match.end("mag")
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not chinese and ((before.isascii() and before.isalnum()) or before == "."):
        return None  # part of a code or a name: C919, G20, PM2.5
    if text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and after.isalnum():
        return None  # 5G, 3D, 100MWh: digits or an ASCII unit run on into letters
    if chinese and before and before in CN_NUMERAL:
        return None  # the tail of a word such as 万一
    if text.endswith(rules.not_after, 0, start):
        return None  # 第三: an ordinal
    if start and text[start - 1 : start + 1] in rules.vague:
        return None  # 数十万: no definite number
    value = _number_or_none(numeral + magnitude)
    if value is None:
        return None
    return _Token(start, end, numeral, value, magnitude, word, chinese)


def _number_or_none(numeral: str) -> Decimal | None:
    """Parse a numeral found in running text, or return None when it does not read as a number."""
    try:
        return parse_folded(numeral)
    except (ValueError, ArithmeticError):
        return None


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of short quoted names and book titles, where numbers belong to the name."""
    pattern = _quote_pattern()
    return [m.span() for m in pattern.finditer(text)] if pattern is not None else []


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted, non-overlapping spans."""
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and spans[i][1] >= end


def _inherited(first: _Token, second: _Token) -> Decimal:
    """Return the magnitude that the first number of a range borrows from the second (3-5万 is 3万-5万)."""
    if not second.magnitude:
        return ONE
    if first.chinese:
        last = first.numeral[-1] if not first.magnitude else first.magnitude[-1]
        if last in CN_DIGITS:
            return magnitude_value(second.magnitude)
        if last in "十百千" and not any(c in BIG for c in first.numeral + first.magnitude):
            # 二十到三十万 is 二十万 to 三十万: borrow only the 万 or 亿.
            return magnitude_value(second.magnitude.lstrip("十百千"))
        return ONE
    return ONE if first.magnitude else magnitude_value(second.magnitude)


def _quantity(
    text: str, start: int, end: int, unit: UnitWord | None, value: Decimal, upper: Decimal | None = None
) -> Quantity:
    """Build the Quantity record from values already in the unit key's base unit."""
    return Quantity(
        value=tidy(value),
        unit=unit.key if unit is not None else None,
        printed=text[start:end],
        upper=None if upper is None else tidy(upper),
    )


def _base(token: _Token) -> Decimal:
    """Return the token's value in the base unit of its unit key (3兆瓦 -> 3000 KW)."""
    return token.value if token.unit is None else EXACT.multiply(token.value, token.unit.multiplier)


def _join_range(text: str, first: _Token, second: _Token) -> tuple[int, int, Quantity] | None:
    """Join two numbers around a range separator (3至5家, 10-20万人), or return None if they are no range."""
    if second.unit is None and not second.big:
        return None
    if first.unit is not None and (second.unit is None or first.unit.key != second.unit.key):
        return None
    if first.unit is not None:
        low = _base(first)
    else:
        low = EXACT.multiply(first.value, _inherited(first, second))
        if second.unit is not None:
            low = EXACT.multiply(low, second.unit.multiplier)
    high = _base(second)
    if low > high:
        return None
    return first.start, second.end, _quantity(text, first.start, second.end, second.unit, low, high)


# A class of scale named by a bare magnitude, a currency and 级 (千亿元级): its magnitude is the value, the
# span stops before 级, which reads as "at least" to a target. Without a currency (千亿级产业) the class
# names no measure and is left alone.
_SCALE_CLASS = re.compile(
    rf"(?<![{CN_NUMERAL}\d点.])(?P<mag>[十百千万]?亿|[十百千]万)(?P<unit>元|美元)(?=级)"
)


def _scale_classes(text: str) -> list[tuple[int, int, Quantity]]:
    """Return the scale classes of the text (千亿元级 is 1000亿元)."""
    found = []
    for match in _SCALE_CLASS.finditer(text):
        value = _number_or_none("一" + match["mag"])
        word = unit_words().get(match["unit"])
        if value is not None:
            start, end = match.span()
            found.append((start, end, _quantity(text, start, end, word, value)))
    return found


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Find every quantity in running text, with its [start, end) character offsets, in text order."""
    found = _find_quantities(text)
    classes = [
        c for c in _scale_classes(text.translate(FOLD)) if not any(c[0] < q[1] and q[0] < c[1] for q in found)
    ]
    return sorted(found + classes, key=lambda q: q[0]) if classes else found


def _find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    if not isinstance(text, str):
        raise ValueError(f"find_quantities needs text, not {type(text).__name__}")
    folded = text.translate(FOLD)
    rules = grammar()
    tokens = [t for m in _token_pattern().finditer(folded) if (t := _read_token(folded, m)) is not None]
    quoted = _quoted_spans(folded)
    quote_starts = [s for s, _ in quoted]
    found: list[tuple[int, int, Quantity]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and folded[token.end : following.start] in rules.range_separators:
            if following.year_like:
                i += 2  # 2023—2025年 is a period: find_years reports it
                continue
            joined = _join_range(text, token, following)
            if joined is not None:
                if not _inside(quoted, quote_starts, token.start, following.end):
                    found.append(joined)
                i += 2
                continue
        if (
            (token.unit is not None or token.big)
            and not token.year_like
            and token.numeral + token.magnitude not in rules.articles
            and not _inside(quoted, quote_starts, token.start, token.end)
        ):
            found.append(
                (token.start, token.end, _quantity(text, token.start, token.end, token.unit, _base(token)))
            )
        i += 1
    return found


def parse_quantity(text: str) -> Quantity | None:
    """Return the one quantity in a short phrase ("1920.83亿元", "约20%", "3至5家"), else None."""
    found = find_quantities(text.strip() if isinstance(text, str) else text)
    return found[0][2] if len(found) == 1 else None

"""Find and normalize numbers, quantities and years in the running text of Chinese plans.

Pure Python: no spaCy, no rdflib. Chinese numerals are read by cn2an; around it sits a small grammar of
our own: magnitude words (十 百 千 万 亿, and their products 十万 百万 千万 万亿) that multiply out, units
from ``data/units.tsv`` and context rules from ``data/number_grammar.tsv`` (range separators, ordinal
and quote marks). Values are exact ``Decimal``s in the base unit of their unit key: 1920.83亿元 is
192083000000 CNY, 430万千瓦 is 4300000 KW, 14% is 14 PERCENT.

Offsets are character offsets into the text as given. Full-width digits and signs are folded to ASCII
before matching; the fold maps one character to one character, so offsets do not move.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from policykg.data import data_path
from policykg.graph_builder.records import Quantity
from policykg.numerals import (
    ARABIC as _ARABIC,
)
from policykg.numerals import (
    BIG as _BIG,
)
from policykg.numerals import (
    CHINESE_DECIMAL as _CHINESE_DECIMAL,
)
from policykg.numerals import (
    CN_DECIMALS as _CN_DECIMALS,
)
from policykg.numerals import (
    CN_DIGITS as _CN_DIGITS,
)
from policykg.numerals import (
    CN_NUMERAL as _CN_NUMERAL,
)
from policykg.numerals import (
    EXACT as _EXACT,
)
from policykg.numerals import (
    FOLD as _FOLD,
)
from policykg.numerals import (
    ONE as _ONE,
)
from policykg.numerals import (
    chinese_integer as _chinese_integer,
)
from policykg.numerals import (
    magnitude_value as _magnitude,
)
from policykg.numerals import (
    parse_folded as _parse_folded,
)
from policykg.numerals import (
    parse_number,
)
from policykg.numerals import (
    tidy as _tidy,
)

__all__ = [
    "UNITS",
    "UNIT_WORDS",
    "Grammar",
    "UnitInfo",
    "UnitWord",
    "find_quantities",
    "find_years",
    "load_grammar",
    "load_units",
    "parse_number",
    "parse_quantity",
    "parse_year",
]


@dataclass(frozen=True)
class UnitInfo:
    """A unit that quantities are normalized to: its key, IRI and names."""

    key: str
    iri: str
    zh: str
    en: str


@dataclass(frozen=True)
class UnitWord:
    """A unit as printed after a number, with the unit key and the factor to that key's base unit."""

    printed: str
    key: str
    multiplier: Decimal
    not_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grammar:
    """The context rules of the number grammar, as read from ``data/number_grammar.tsv``."""

    range_separators: tuple[str, ...]
    year_joiners: tuple[str, ...]
    approximate: str
    not_after: tuple[str, ...]
    vague: frozenset[str]
    articles: frozenset[str]
    quotes: tuple[tuple[str, str, int], ...]


_UNIT_COLUMNS = ("printed", "key", "multiplier", "iri", "zh", "en", "not_before")
_GRAMMAR_COLUMNS = ("rule", "text", "limit", "why")
_IRI_PREFIXES = (
    "http://qudt.org/vocab/unit/",
    "http://qudt.org/vocab/currency/",
    "https://w3id.org/policykg/unit/",
)


def _tsv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row of a tab-separated table with the given header."""
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise ValueError(f"{path}:{number}: expected the header {'|'.join(columns)}")
            header_seen = True
            continue
        if len(cells) > len(columns):
            raise ValueError(f"{path}:{number}: {len(cells)} columns, expected at most {len(columns)}")
        yield number, dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))
    if not header_seen:
        raise ValueError(f"{path}: no header row {'|'.join(columns)}")


def load_units(path: Path | None = None) -> tuple[Mapping[str, UnitInfo], Mapping[str, UnitWord]]:
    """Read the unit table: unit keys to UnitInfo, and printed units to UnitWord."""
    path = path or data_path("units.tsv")
    infos: dict[str, UnitInfo] = {}
    words: dict[str, UnitWord] = {}
    for number, row in _tsv_rows(path, _UNIT_COLUMNS):
        where = f"{path}:{number}"
        printed, key = row["printed"], row["key"]
        if not printed or not key or not row["zh"] or not row["en"]:
            raise ValueError(f"{where}: printed, key, zh and en must not be empty")
        if not row["iri"].startswith(_IRI_PREFIXES):
            raise ValueError(f"{where}: IRI {row['iri']!r} is neither QUDT nor a pku: unit")
        try:
            multiplier = Decimal(row["multiplier"])
        except InvalidOperation:
            raise ValueError(f"{where}: multiplier {row['multiplier']!r} is not a number") from None
        if not multiplier.is_finite() or multiplier <= 0:
            raise ValueError(f"{where}: multiplier {row['multiplier']!r} must be positive")
        info = UnitInfo(key=key, iri=row["iri"], zh=row["zh"], en=row["en"])
        if infos.setdefault(key, info) != info:
            raise ValueError(f"{where}: unit {key} has another IRI or name on an earlier row")
        if printed in words:
            raise ValueError(f"{where}: the printed unit {printed!r} is listed twice")
        not_before = tuple(t for t in row["not_before"].split(",") if t)
        words[printed] = UnitWord(printed=printed, key=key, multiplier=multiplier, not_before=not_before)
    if not words:
        raise ValueError(f"{path}: no units")
    return MappingProxyType(infos), MappingProxyType(words)


def load_grammar(path: Path | None = None) -> Grammar:
    """Read the context rules of the number grammar."""
    path = path or data_path("number_grammar.tsv")
    rules: dict[str, list[str]] = {
        "range_separator": [],
        "year_joiner": [],
        "approximate": [],
        "not_after": [],
        "vague": [],
        "article": [],
    }
    quotes: list[tuple[str, str, int]] = []
    for number, row in _tsv_rows(path, _GRAMMAR_COLUMNS):
        where = f"{path}:{number}"
        rule, text = row["rule"], row["text"]
        if not text:
            raise ValueError(f"{where}: the rule {rule!r} has no text")
        if rule == "quote":
            if len(text) != 2 or not row["limit"].isdigit():
                raise ValueError(f"{where}: a quote is an opening and a closing mark and a length limit")
            quotes.append((text[0], text[1], int(row["limit"])))
        elif rule in rules:
            rules[rule].append(text)
        else:
            raise ValueError(f"{where}: unknown rule {rule!r}")
    if any(len(a) != 1 for a in rules["approximate"]):
        raise ValueError(f"{path}: approximate markers must be single characters")
    return Grammar(
        range_separators=tuple(rules["range_separator"]),
        year_joiners=tuple(rules["year_joiner"]),
        approximate="".join(rules["approximate"]),
        not_after=tuple(rules["not_after"]),
        vague=frozenset(rules["vague"]),
        articles=frozenset(rules["article"]),
        quotes=tuple(quotes),
    )


UNITS, UNIT_WORDS = load_units()
_GRAMMAR = load_grammar()


def _alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of literal words, longest first so that 千瓦时 wins over 千瓦."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_SEPARATORS = _alternation(_GRAMMAR.range_separators)
_APPROX = re.escape(_GRAMMAR.approximate)

# One token is a number, an optional approximation marker (余, 多), magnitude words and a unit. The
# Chinese core and the magnitude are lazy so that the earliest place where a unit fits wins: 三万千瓦 is
# 三万 + 千瓦, not 三万千 + 瓦. A token without a unit must end in a magnitude (突破300万) or stand
# before a range separator (the 3 of 3至5家); anything else is a bare number and no quantity.
_TOKEN_RE = re.compile(
    rf"""
    百分之(?P<pct>\d+(?:\.\d+)?|[{_CN_NUMERAL}]+(?:{_CHINESE_DECIMAL})?)
  | (?:(?P<ar>{_ARABIC})
      |(?P<cn>[一二两三四五六七八九十][{_CN_NUMERAL}]*?(?:{_CHINESE_DECIMAL})?))
    (?P<approx>[{_APPROX}])?
    (?:(?P<mag>[十百千]??万??亿??)(?:[{_APPROX}])?(?P<unit>{_alternation(UNIT_WORDS)})
      |(?P<bare>[十百千]?万?亿?)(?:(?<=[十百千万亿])|(?={_SEPARATORS}))(?![{_CN_NUMERAL}点]))
    """,
    re.VERBOSE,
)
_QUOTE_RE = re.compile(
    "|".join(
        f"{re.escape(o)}[^{re.escape(o + c)}\\n]{{0,{limit}}}{re.escape(c)}"
        for o, c, limit in _GRAMMAR.quotes
    )
)
_YEAR_RE = re.compile(
    rf"(?<![\d{_CN_DECIMALS}])"
    rf"(?:(?P<ar>(?:1[89]|2[01])\d\d)(?P<ar2>(?:1[89]|2[01])\d\d)?|(?P<cn>[{_CN_DECIMALS}]{{4}}))"
    rf"(?![\d{_CN_DECIMALS}])(?P<nian>年)?"
)
_YEAR_MIN, _YEAR_MAX = 1800, 2199


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
            return (self.numeral + self.magnitude)[-1] in _BIG
        return bool(self.magnitude)

    @property
    def year_like(self) -> bool:
        """Whether this is a calendar year (2023年, 二〇二三年), not a duration (3年)."""
        if self.unit is None or self.unit.key != "YEAR" or self.magnitude:
            return False
        digits = self.numeral.replace(",", "")
        if self.chinese:
            return len(digits) >= 4 and all(c in _CN_DECIMALS for c in digits)
        return digits.isdigit() and len(digits) >= 4


def _read_token(text: str, match: re.Match[str]) -> _Token | None:
    """Turn a regex match into a token, or None when its context shows it is not a number."""
    start, end = match.span()
    if match["pct"] is not None:
        numeral = match["pct"]
        # 百分之百 has no leading digit; cn2an reads 一百.
        numeral = "一" + numeral if numeral[0] in "百千" else numeral
        value = _number_or_none(numeral)
        word = UNIT_WORDS.get("%")
        if value is None or word is None:
            return None
        return _Token(start, end, numeral, value, "", word, chinese=not numeral[0].isdigit())
    chinese = match["cn"] is not None
    numeral = match["cn"] if chinese else match["ar"]
    word = UNIT_WORDS[match["unit"]] if match["unit"] is not None else None
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
    if chinese and before and before in _CN_NUMERAL:
        return None  # the tail of a word such as 万一
    if text.endswith(_GRAMMAR.not_after, 0, start):
        return None  # 第三: an ordinal
    if start and text[start - 1 : start + 1] in _GRAMMAR.vague:
        return None  # 数十万: no definite number
    value = _number_or_none(numeral + magnitude)
    if value is None:
        return None
    return _Token(start, end, numeral, value, magnitude, word, chinese)


def _number_or_none(numeral: str) -> Decimal | None:
    """Parse a numeral found in running text, or return None when it does not read as a number."""
    try:
        return _parse_folded(numeral)
    except (ValueError, ArithmeticError):
        return None


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of short quoted names and book titles, where numbers belong to the name."""
    return [m.span() for m in _QUOTE_RE.finditer(text)] if _GRAMMAR.quotes else []


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted, non-overlapping spans."""
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and spans[i][1] >= end


def _inherited(first: _Token, second: _Token) -> Decimal:
    """Return the magnitude that the first number of a range borrows from the second (3-5万 is 3万-5万)."""
    if not second.magnitude:
        return _ONE
    if first.chinese:
        last = first.numeral[-1] if not first.magnitude else first.magnitude[-1]
        if last in _CN_DIGITS:
            return _magnitude(second.magnitude)
        if last in "十百千" and not any(c in _BIG for c in first.numeral + first.magnitude):
            # 二十到三十万 is 二十万 to 三十万: borrow only the 万 or 亿.
            return _magnitude(second.magnitude.lstrip("十百千"))
        return _ONE
    return _ONE if first.magnitude else _magnitude(second.magnitude)


def _quantity(
    text: str, start: int, end: int, unit: UnitWord | None, value: Decimal, upper: Decimal | None = None
) -> Quantity:
    """Build the Quantity record from values already in the unit key's base unit."""
    return Quantity(
        value=_tidy(value),
        unit=unit.key if unit is not None else None,
        printed=text[start:end],
        upper=None if upper is None else _tidy(upper),
    )


def _base(token: _Token) -> Decimal:
    """Return the token's value in the base unit of its unit key (3兆瓦 -> 3000 KW)."""
    return token.value if token.unit is None else _EXACT.multiply(token.value, token.unit.multiplier)


def _join_range(text: str, first: _Token, second: _Token) -> tuple[int, int, Quantity] | None:
    """Join two numbers around a range separator (3至5家, 10-20万人), or return None if they are no range."""
    if second.unit is None and not second.big:
        return None
    if first.unit is not None and (second.unit is None or first.unit.key != second.unit.key):
        return None
    if first.unit is not None:
        low = _base(first)
    else:
        low = _EXACT.multiply(first.value, _inherited(first, second))
        if second.unit is not None:
            low = _EXACT.multiply(low, second.unit.multiplier)
    high = _base(second)
    if low > high:
        return None
    return first.start, second.end, _quantity(text, first.start, second.end, second.unit, low, high)


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Find every quantity in running text, with its [start, end) character offsets, in text order."""
    if not isinstance(text, str):
        raise ValueError(f"find_quantities needs text, not {type(text).__name__}")
    folded = text.translate(_FOLD)
    tokens = [t for m in _TOKEN_RE.finditer(folded) if (t := _read_token(folded, m)) is not None]
    quoted = _quoted_spans(folded)
    quote_starts = [s for s, _ in quoted]
    found: list[tuple[int, int, Quantity]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and folded[token.end : following.start] in _GRAMMAR.range_separators:
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
            and token.numeral + token.magnitude not in _GRAMMAR.articles
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


def _year_value(match: re.Match[str]) -> int | None:
    """Return the year that a year match names, or None when it is out of the plausible range."""
    if match["ar"] is not None:
        return int(match["ar"])
    year = _chinese_integer(match["cn"])
    return year if _YEAR_MIN <= year <= _YEAR_MAX else None


def parse_year(text: str) -> int | None:
    """Parse a year as printed ("2023年", "二〇二三年", "2023"), or return None when it is not one."""
    if not isinstance(text, str):
        return None
    match = _YEAR_RE.fullmatch(text.strip().translate(_FOLD))
    if match is None or match["ar2"] is not None:
        return None
    return _year_value(match)


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Find calendar years in running text with offsets: 2023年, both years of 2023—2025年, 2024年和2025年."""
    if not isinstance(text, str):
        raise ValueError(f"find_years needs text, not {type(text).__name__}")
    folded = text.translate(_FOLD)
    candidates: list[tuple[int, int, int, bool]] = []  # start, end, year, printed with 年
    for match in _YEAR_RE.finditer(folded):
        has_nian = match["nian"] is not None
        if match["ar2"] is not None:
            # 20232025年: a period whose dash was lost when the text was copied.
            first, second = int(match["ar"]), int(match["ar2"])
            if has_nian and first <= second:
                candidates.append((match.start(), match.start() + 4, first, True))
                candidates.append((match.start() + 4, match.end(), second, True))
            continue
        year = _year_value(match)
        if year is not None:
            candidates.append((match.start(), match.end(), year, has_nian))
    joiners = _GRAMMAR.range_separators + _GRAMMAR.year_joiners
    found: list[tuple[int, int, int]] = []
    group: list[tuple[int, int, int, bool]] = []
    for candidate in [*candidates, None]:
        if candidate is not None and group and folded[group[-1][1] : candidate[0]] in joiners:
            group.append(candidate)
            continue
        found.extend(_years_of_group(folded, group))
        group = [candidate] if candidate is not None else []
    return found


def _years_of_group(folded: str, group: list[tuple[int, int, int, bool]]) -> list[tuple[int, int, int]]:
    """Keep the years of a joined group: those up to its last 年, or a bare two-year period (2023-2025)."""
    last = max((i for i, c in enumerate(group) if c[3]), default=-1)
    if last >= 0:
        return [(s, e, y) for s, e, y, _ in group[: last + 1]]
    if (
        len(group) == 2
        and group[0][2] < group[1][2]
        and folded[group[0][1] : group[1][0]] in _GRAMMAR.range_separators
    ):
        return [(s, e, y) for s, e, y, _ in group]
    return []

"""Find calendar years in running text (2023年, 二〇二三年) and the years of periods (2023—2025年)."""

from __future__ import annotations

import re

from policykg.graph_builder.text.numbers.tables import grammar
from policykg.numerals import CN_DECIMALS, FOLD, chinese_integer
from policykg.patterns import CALENDAR_YEAR

_YEAR_RE = re.compile(
    rf"(?<![\d{CN_DECIMALS}])"
    rf"(?:(?P<ar>{CALENDAR_YEAR})(?P<ar2>{CALENDAR_YEAR})?|(?P<cn>[{CN_DECIMALS}]{{4}}))"
    rf"(?![\d{CN_DECIMALS}])(?P<nian>年)?"
)
_YEAR_MIN, _YEAR_MAX = 1800, 2199


def _year_value(match: re.Match[str]) -> int | None:
    """Return the year that a year match names, or None when it is out of the plausible range."""
    if match["ar"] is not None:
        return int(match["ar"])
    year = chinese_integer(match["cn"])
    return year if _YEAR_MIN <= year <= _YEAR_MAX else None


def parse_year(text: str) -> int | None:
    """Parse a year as printed ("2023年", "二〇二三年", "2023"), or return None when it is not one."""
    if not isinstance(text, str):
        return None
    match = _YEAR_RE.fullmatch(text.strip().translate(FOLD))
    if match is None or match["ar2"] is not None:
        return None
    return _year_value(match)


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Find calendar years in running text with offsets: 2023年, both years of 2023—2025年, 2024年和2025年."""
    if not isinstance(text, str):
        raise ValueError(f"find_years needs text, not {type(text).__name__}")
    folded = text.translate(FOLD)
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
    joiners = grammar().range_separators + grammar().year_joiners
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
        and folded[group[0][1] : group[1][0]] in grammar().range_separators
    ):
        return [(s, e, y) for s, e, y, _ in group]
    return []

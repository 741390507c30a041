"""The years a sentence gives its targets relative to the document or a five-year plan.

A sentence may date its targets relative to the document (今年, 全年, 明年, 未来五年: resolved by the
document's year, left open when it is unknown) or by a five-year plan (十四五末: 2025). The words are
data (``relative_years``, ``year_of_sentence`` and ``five_year_plans`` in data/targets.toml).
"""

from __future__ import annotations

import re
from functools import cache

from policykg.graph_builder.text.targets.wording import DEADLINE, target_words
from policykg.numerals import parse_folded
from policykg.patterns import CN_ORDINAL, YEAR, alternation

# 未来五年, 今后3年, 三年内: a span of years from the document's year.
_SPAN = re.compile(
    rf"(?:未来|今后|此后)(?P<n>[{CN_ORDINAL}两\d]{{1,2}})年|(?P<m>[{CN_ORDINAL}两\d]{{1,2}})年内"
)
_ONE_YEAR = re.compile(rf"(?P<y>{YEAR})年")


@cache
def _relative_pattern() -> re.Pattern[str]:
    """今年, 明年 … (resolved by the document's year) or a five-year plan's end: 十四五末, “十四五”期间."""
    words = target_words()
    plans = alternation(w for w, _ in words["five_year_plans"])
    relative = alternation(w for w, _ in words["relative_years"])
    return re.compile(rf"(?P<plan>{plans})[”\"’]?(?:时期|期间|期末|末)|(?P<rel>{relative})")


def relative_deadline(sentence: str, document_year: int | None) -> tuple[int, int] | None:
    """Return (year, offset) of the first relative deadline in a sentence (今年, 十四五末), or None.

    今年/全年 resolve by ``document_year`` (None leaves them open), 全年 by a year named before it in the
    sentence first (2024年…，全年…: 2024); 未来五年 in a document of year Y is
    the five years from Y: Y+4.
    """
    words = target_words()
    offsets = dict(words["relative_years"])
    plans = dict(words["five_year_plans"])
    found: list[tuple[int, int]] = []
    for match in _relative_pattern().finditer(sentence):
        named = _ONE_YEAR.findall(sentence, 0, match.start())
        if match["plan"]:
            found.append((match.start(), plans[match["plan"]]))
        elif named and match["rel"] in words["year_of_sentence"]:
            found.append((match.start(), int(named[-1])))
        elif document_year is not None:
            found.append((match.start(), document_year + offsets[match["rel"]]))
    if document_year is not None:
        for match in _SPAN.finditer(sentence):
            count = _count(match["n"] or match["m"])
            if count:
                found.append((match.start(), document_year + count - 1))
    if not found:
        return None
    at, year = min(found)
    return year, at


def _count(numeral: str) -> int | None:
    try:
        value = parse_folded(numeral)
    except (ValueError, ArithmeticError):
        return None
    return int(value) if 0 < value <= 30 else None


def deadline_at(sentence: str) -> tuple[int, int, bool] | None:
    """Return the year that governs a sentence, where it stands, and whether it is a 到…年."""
    for m in DEADLINE.finditer(sentence):
        prefix = sentence[max(0, m.start() - 2) : m.start() + 1]
        opens_clause = m.start() == 0 or sentence[m.start() - 1] in "，；：、,;:"
        if m.group(0)[0] in "到至在于截" or "到" in prefix:
            return int(m["y"]), m.start(), m.group(0)[0] in "到至截" or "到" in prefix
        if m.group(0).endswith(("前", "底", "末")) and opens_clause:
            return int(m["y"]), m.start(), False
    return None


def opens_with_own_year(clause: str, opening: re.Match[str]) -> bool:
    """True if a year opens a clause as its date (…，2026年放电量不低于…), not as a past span (2020年以来)."""
    return not clause.strip()[opening.end() :].startswith(("以来", "比", "相比"))

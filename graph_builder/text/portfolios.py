"""Read key-project portfolios: totals with their count and investment, and their parts by status.

Plans state portfolios as "扎实推进总投资1920.83亿元的90个重点项目，其中续建项目37个，总投资
854.58亿元，新增2023年新开工项目37个……以及在2024年和2025年开工的16个谋划储备项目". A sentence is
read clause by clause: a count of projects (90个重点项目, 102项重点项目, 开工9个项目) starts an item;
an investment (总投资…亿元) in the same or the next clause belongs to it; a status word (续建,
新开工, 谋划储备: data/project_status.tsv) and years in its clauses make it a part; an item without a
status is a total (data/portfolio_totals.txt: 重点项目, 共 ...). Parts attach to the latest total in
the same scope (the caller gives scopes: plan or domain).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from policykg.data import load_table, load_words
from policykg.graph_builder.records import Quantity, Status
from policykg.graph_builder.text.clauses import clauses
from policykg.patterns import CN_COUNT, RANGE_MARKS, YEAR

_PROJECT = re.compile(r"项目")
_INVESTMENT = re.compile(r"投资")
# 、 separates parts in some rewrites: 续建项目36个(702.25亿元)、新开工项目20个(530.4亿元); a colon
# ends the total before its parts: 总投资632.54亿元：续建项目38个.
_CLAUSE_SEPARATORS = "，；、："
# 和 or 以及 before a year or a status starts the next part when counts stand on both sides:
# …38个（总投资220.8亿元）和2026—2027年储备项目18个, but not 在2024年和2025年开工的16个储备项目.
_PART_CONJUNCTION = re.compile(rf"(?:以及|和|及)(?={YEAR}|今年|明年|续建|新开工|谋划|储备|计划)")
_COUNT = re.compile(rf"(?:[0-9]+|[{CN_COUNT}百千]+)[个项]")
# Work already done is a record, not a portfolio: 累计实施重点项目480个，完成投资5200亿元; but
# 计划完成投资420亿元 and 三年累计实施重点项目300个 are what a plan intends.
# 已 (already) reports progress too: 南宁市已梳理出项目186个, 目前已有140个项目完工.
_DONE = re.compile(r"(?<!计划)(?<!预计)(?<!力争)(?<![将要])完成投资|(?<![而不自])已|回顾|上一轮")
# An amount that sorts projects is a threshold, not their investment: 单体投资超过50亿元的项目有28个.
# A total bounded the same way (总投资超过300亿元的40个项目) is still the portfolio's investment.
_THRESHOLD_BEFORE = re.compile(
    r"(?:(?:单体|单个|单项)投资额?|(?<!总投资)(?:超过|不低于|不少于|高于))[^，。；、：0-9]{0,2}$"
)
_THRESHOLD_AFTER = re.compile(r"(?:以上|及以上)?的")


@dataclass(frozen=True)
class PortfolioItem:
    """One stated group of projects: its offsets, count, investment, status and years."""

    start: int
    end: int
    sentence_start: int
    count: int | None
    investment: Quantity | None
    status: Status | None
    years: tuple[int, ...]
    opens_with_part_marker: bool = False
    in_headline: bool = False

    @property
    def is_total(self) -> bool:
        """True for a total (no status), False for a part by status."""
        return self.status is None


@dataclass
class PortfolioGroup:
    """A total and the parts attached to it (or a part with no total, standing alone)."""

    total: PortfolioItem
    parts: list[PortfolioItem] = field(default_factory=list)


@cache
def _status_words() -> tuple[tuple[str, Status], ...]:
    """Return the words that give a part its status, in order (data/project_status.tsv)."""
    rows = load_table("project_status.tsv", ("word", "status"))
    return tuple((row["word"], Status(row["status"])) for row in rows)


def _total_words() -> tuple[str, ...]:
    """Return the words that make a count of projects a total (data/portfolio_totals.txt)."""
    return load_words("portfolio_totals.txt")


def _status_in(clause: str) -> Status | None:
    for word, status in _status_words():
        if word in clause:
            return status
    return None


def find_portfolio_items(
    text: str,
    sentences: list[tuple[int, int]],
    quantities: list[tuple[int, int, Quantity]],
    years: list[tuple[int, int, int]],
    first_year: int | None = None,
) -> list[PortfolioItem]:
    """Return every stated group of projects in the text, in order."""
    items: list[PortfolioItem] = []
    starts = [q[0] for q in quantities]
    year_starts = [y[0] for y in years]
    headline_end = _headline_end(text)
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        continues = sentence.startswith("其中") and _status_in(sentence) is not None
        if "项目" not in sentence and not continues:
            continue
        sentence_quantities = quantities[
            bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)
        ]
        sentence_years = years[
            bisect.bisect_left(year_starts, s_start) : bisect.bisect_left(year_starts, s_end)
        ]
        sentence_status = {st for w, st in _status_words() if w in sentence}
        current: dict | None = None
        found: list[dict] = []
        for c_start, c_end in _part_clauses(text, s_start, s_end):
            clause = text[c_start:c_end]
            qs = [q for q in sentence_quantities if c_start <= q[0] and q[1] <= c_end]
            if _DONE.search(clause):
                # The item this clause goes on with is done work too, unless the clause counts its own.
                if current is not None and not any(q[2].unit == "ITEM" for q in qs):
                    current["done"] = True
                current = None
                continue
            # A count is of projects when the clause says 项目, or names a status (其中续建30个).
            counted = _PROJECT.search(clause) or (_status_in(clause) and (current or found or continues))
            counts = [q for q in qs if q[2].unit == "ITEM"] if counted else []
            money = (
                [q for q in qs if q[2].unit in ("CNY", "USD") and not _is_threshold(text, c_start, q)]
                if _INVESTMENT.search(clause) or current
                else []
            )
            clause_years = tuple(y for ys, ye, y in sentence_years if c_start <= ys and ye <= c_end)
            clause_years = _years_of(clause, clause_years) if clause_years else ()
            status = _status_in(clause)
            if counts:
                current = {
                    "start": c_start,
                    "end": c_end,
                    "count": int(counts[-1][2].value),
                    "investment": money[0][2] if money else None,
                    "status": status,
                    "years": clause_years,
                    "total_word": any(w in clause for w in _total_words()),
                    "part_marker": clause.startswith("其中"),
                }
                found.append(current)
            elif money and current is not None and current["investment"] is None:
                current["investment"], current["end"] = money[0][2], c_end
            elif money and current is None and status:
                current = {
                    "start": c_start,
                    "end": c_end,
                    "count": None,
                    "investment": money[0][2],
                    "status": status,
                    "years": clause_years,
                    "total_word": False,
                    "part_marker": clause.startswith("其中"),
                }
                found.append(current)
            elif current is not None:
                if clause_years and not current["years"]:
                    current["years"], current["end"] = clause_years, c_end
                if status and current["status"] is None and not current["total_word"]:
                    current["status"] = status
        for item in found:
            if item.get("done"):
                continue
            if item["status"] is None and not item["total_word"] and item["investment"] is None:
                # 承担国家重大科技项目20项, 30个标志性项目: counts of projects, but not a portfolio.
                continue
            status = item["status"]
            if status is None and not item["total_word"] and len(sentence_status) == 1:
                status = next(iter(sentence_status))
            if status is None and not item["total_word"] and item["years"] and first_year:
                status = Status.NEW_START if min(item["years"]) <= first_year else Status.RESERVE
            items.append(
                PortfolioItem(
                    item["start"],
                    item["end"],
                    s_start,
                    item["count"],
                    item["investment"],
                    status,
                    tuple(sorted(set(item["years"]))),
                    item["part_marker"] or sentence.startswith("其中"),
                    s_start < headline_end,
                )
            )
    return items


def _headline_end(text: str) -> int:
    """Return where a news headline ends (a first line with no full stop, above the report), else 0.

    The headline repeats the lead's figures (三年推进600个重点项目); the lead states the portfolio.
    """
    first_line_end = text.find("\n")
    if first_line_end < 0 or "。" in text[:first_line_end] or "。" not in text[first_line_end:]:
        return 0
    return first_line_end


def _is_threshold(text: str, clause_start: int, quantity: tuple[int, int, Quantity]) -> bool:
    """True if an amount sorts projects by size (单体投资超过50亿元的项目) rather than summing them."""
    start, end, _ = quantity
    before = text[clause_start:start]
    return bool(_THRESHOLD_BEFORE.search(before)) and bool(_THRESHOLD_AFTER.match(text, end))


_YEAR_ONLY = re.compile(rf"{YEAR}年")
_YEAR_RANGE = re.compile(rf"({YEAR})年?[{RANGE_MARKS}]({YEAR})年")


def _years_of(clause: str, years: tuple[int, ...]) -> tuple[int, ...]:
    """Spell out a range of years (2023年至2025年 -> 2023, 2024, 2025)."""
    for m in _YEAR_RANGE.finditer(clause):
        low, high = int(m[1]), int(m[2])
        if 0 < high - low <= 10:
            years = (*years, *range(low, high + 1))
    return tuple(sorted(set(years)))


def _part_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses, and a clause again where 和/以及 starts another part.

    A year listed before another with 、 (2026年、2027年储备项目) stays with the part it dates.
    """
    merged: list[tuple[int, int]] = []
    for c_start, c_end in clauses(text, start, end, _CLAUSE_SEPARATORS):
        if merged and _YEAR_ONLY.fullmatch(text[merged[-1][0] : merged[-1][1]]) and text[c_start - 1] == "、":
            c_start = merged.pop()[0]
        merged.append((c_start, c_end))
    split = []
    for c_start, c_end in merged:
        for m in _PART_CONJUNCTION.finditer(text, c_start, c_end):
            if _COUNT.search(text, c_start, m.start()) and _PROJECT.search(text, m.end(), c_end):
                split.append((c_start, m.start()))
                c_start = m.end()
        split.append((c_start, c_end))
    return split


def group_portfolios(items: list[PortfolioItem]) -> list[PortfolioGroup]:
    """Attach each part to the latest total before it; a part with no total stands alone.

    A headline's figures repeat the lead's and form no group.
    """
    groups: list[PortfolioGroup] = []
    for item in items:
        if item.in_headline:
            continue
        if item.is_total:
            groups.append(PortfolioGroup(item))
        elif groups and groups[-1].total.is_total:
            groups[-1].parts.append(item)
        else:
            groups.append(PortfolioGroup(item))
    return groups

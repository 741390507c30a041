"""Read key-project portfolios: totals with their count and amounts, and their parts on any axis.

Plans state portfolios as "扎实推进总投资1920.83亿元的90个重点项目，其中续建项目37个，总投资
854.58亿元，新增2023年新开工项目37个……以及在2024年和2025年开工的16个谋划储备项目". A sentence is
read clause by clause (portfolio_clauses.py): a count of projects (90个重点项目, 102项重点项目, 开工9个
项目) starts an item; the amounts in the same or the next clauses belong to it, each with its kind (总投资,
年度计划投资, 累计完成, 拟引资: portfolio_figures.py); a change against last year (较去年增加5个) is none
of its figures. A status word (续建, 新开工, 谋划储备: data/project_status.tsv) and years make an item a
part by status; after 其中 (or 3455个项目中) an item is a part of the total before it, on the axis its
name gives (category, investor, size, place); groups listed in a sentence of their own (新罗区26个，总投资…)
are parts of the total before them when they fit in it. Other items are totals (data/portfolio_totals.txt:
重点项目, 共 ...). Parts attach to the latest total in the same scope (the caller gives scopes: plan or
domain).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache

from policykg.data import load_table, load_words
from policykg.graph_builder.records import Amount, AmountKind, PartitionDimension, Quantity, Status
from policykg.graph_builder.text.portfolio_clauses import part_clauses, years_of
from policykg.graph_builder.text.portfolio_figures import (
    amount_kind,
    counts_projects,
    headline_end,
    is_approximate,
    is_bound,
    is_change,
    is_threshold,
    names_a_place,
    outside_brackets,
    part_dimension,
    part_label,
)

_PROJECT = re.compile(r"项目")
_INVESTMENT = re.compile(r"投资")
# Work already done is a record, not a portfolio: 累计实施重点项目480个，完成投资5200亿元; but
# 计划完成投资420亿元 and 三年累计实施重点项目300个 are what a plan intends.
# 已 (already) reports progress too: 南宁市已梳理出项目186个, 目前已有140个项目完工.
_DONE = re.compile(r"(?<!计划)(?<!预计)(?<!力争)(?<![将要])完成投资|(?<![而不自])已|回顾|上一轮")
_PAST = re.compile(r"回顾|上一轮|去年|上年|往年|过去")


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
    amounts: tuple[Amount, ...] = ()
    label: str = ""
    approximate: bool = False
    # "total", "status" (a part by status), "part" (a part after 其中 in its total's sentence) or "listed"
    # (one of several groups listed in a sentence of their own: parts of the total before, if they fit).
    role: str = "total"
    dimension: PartitionDimension | None = None
    restates: bool = False  # 3455个项目中: the total again, to say what its parts are

    @property
    def is_total(self) -> bool:
        """True for a total, False for a part (by status or another axis)."""
        return self.role == "total"


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
    headline_at = headline_end(text)
    last_group_end = -1  # where the last sentence that stated a group ends
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        continues = sentence.startswith("其中") and _status_in(sentence) is not None
        if "项目" not in sentence and "总投资" not in sentence and not continues:
            continue
        # 其中 opens parts of the group the sentence before states, not of one stated further back.
        follows = (
            not text[last_group_end:s_start].strip("。；！？ \n\u3000") if last_group_end >= 0 else False
        )
        sentence_quantities = quantities[
            bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)
        ]
        sentence_years = years[
            bisect.bisect_left(year_starts, s_start) : bisect.bisect_left(year_starts, s_end)
        ]
        found = _sentence_items(text, s_start, s_end, sentence_quantities, sentence_years, continues)
        last_total = next((i.count for i in reversed(items) if i.is_total), None)
        stated = _sentence_portfolios(
            sentence, s_start, found, first_year, s_start < headline_at, follows, last_total
        )
        last_group_end = s_end if stated else last_group_end
        items += stated
    return items


def _sentence_items(
    text: str,
    s_start: int,
    s_end: int,
    sentence_quantities: list[tuple[int, int, Quantity]],
    sentence_years: list[tuple[int, int, int]],
    continues: bool,
) -> list[dict]:
    """Read one sentence clause by clause into the groups of projects it states (as dicts)."""
    current: dict | None = None
    found: list[dict] = []
    marker = text.startswith("其中", s_start)
    clause_spans = part_clauses(text, s_start, s_end)
    for index, (c_start, c_end) in enumerate(clause_spans):
        clause = text[c_start:c_end]
        qs = [
            q
            for q in sentence_quantities
            if c_start <= q[0] and q[1] <= c_end and not is_change(text, c_start, q[0])
        ]
        moneys = [(q, amount_kind(text, c_start, q[0])) for q in qs if q[2].unit in ("CNY", "USD")]
        status = _status_in(clause)
        annual = any(kind is AmountKind.ANNUAL_PLANNED for _, kind in moneys)
        if _DONE.search(clause) and not annual and status is not Status.CONTINUING:
            done = [q for q, kind in moneys if kind is AmountKind.COMPLETED]
            if current and AmountKind.TOTAL in current["amounts"] and done and not _PAST.search(clause):
                # Progress on a portfolio stated with its total: 总投资800亿元，累计完成投资300亿元.
                q = done[0]
                amount = Amount(AmountKind.COMPLETED, q[2], is_approximate(text, c_start, q[0], q[2]))
                current["amounts"].setdefault(AmountKind.COMPLETED, amount)
                current["end"] = c_end
                continue
            # The item this clause goes on with is done work too, unless the clause counts its own.
            if current is not None and not any(q[2].unit == "ITEM" for q in qs):
                current["done"] = True
            current = None
            continue
        following = (
            text[clause_spans[index + 1][0] : clause_spans[index + 1][1]]
            if index + 1 < len(clause_spans)
            else ""
        )
        # A count is of projects when the clause says 项目, names a status (其中续建30个), or is a place's
        # or unit's share followed by its investment (新罗区26个，总投资…; not 建设机柜1500个，总投资…).
        counted = (
            _PROJECT.search(clause)
            or (status and (current or found or continues))
            or (following.startswith("总投资") and names_a_place(clause))
        )
        counts = [q for q in qs if q[2].unit == "ITEM" and counts_projects(clause, q[1] - c_start)]
        counts = outside_brackets(text, c_start, c_end, counts) if counted else []
        bound = any(is_bound(text, c_start, q[0], q[1], q[2]) for q, _ in moneys)
        # Amounts that name a part by size (30亿元以上项目44个, 超1亿美元或10亿元项目) are not its figures.
        label_end = counts[-1][0] if counts and bound else -1
        money = (
            [
                (q, kind or AmountKind.TOTAL)
                for q, kind in moneys
                if not is_threshold(text, c_start, q)
                and not is_bound(text, c_start, q[0], q[1], q[2])
                and q[1] > label_end
            ]
            if _INVESTMENT.search(clause) or current or any(kind for _, kind in moneys)
            else []
        )
        amounts = {}
        for q, kind in money:
            amounts.setdefault(kind, Amount(kind, q[2], is_approximate(text, c_start, q[0], q[2])))
        clause_years = tuple(y for ys, ye, y in sentence_years if c_start <= ys and ye <= c_end)
        clause_years = years_of(clause, clause_years) if clause_years else ()
        opens_parts = clause.startswith("其中")
        if counts:
            q_start, q_end, count = counts[-1]
            current = {
                "start": c_start,
                "end": c_end,
                "count": int(count.value),
                "amounts": amounts,
                "status": status,
                "years": clause_years,
                "total_word": any(w in clause for w in _total_words()),
                "part_marker": opens_parts,
                "after_marker": marker or opens_parts,
                "restates": clause.endswith("中"),
                "label": part_label(clause, q_start - c_start, q_end - c_start),
                "bound": bound,
                "approximate": is_approximate(text, c_start, q_start, count),
            }
            found.append(current)
        elif amounts and current is not None and not current["amounts"].keys() >= amounts.keys():
            # 续建40个、新开工35个、前期10个，年度计划投资150亿元: the amount after a 、 list of parts is
            # the whole's, when the whole stands before the list in the sentence.
            owner = _owner_of_list(text, found, c_start) or current
            for kind, amount in amounts.items():
                owner["amounts"].setdefault(kind, amount)
            owner["end"] = max(owner["end"], c_end)
        elif amounts and current is None and status:
            current = {
                "start": c_start,
                "end": c_end,
                "count": None,
                "amounts": amounts,
                "status": status,
                "years": clause_years,
                "total_word": False,
                "part_marker": opens_parts,
                "after_marker": marker or opens_parts,
                "restates": False,
                "label": "",
                "bound": False,
                "approximate": False,
            }
            found.append(current)
        elif current is not None:
            if clause_years and not current["years"]:
                current["years"], current["end"] = clause_years, c_end
            if status and current["status"] is None and not current["total_word"]:
                current["status"] = status
        if opens_parts or (counts and clause.endswith("中")):
            marker = True
    return found


def _owner_of_list(text: str, found: list[dict], c_start: int) -> dict | None:
    """The item a 、 list of parts ending right before ``c_start`` (after a ，) belongs to, if any.

    The list is the run of the last items joined by 、 (two at least); its owner is the item before the
    run, a whole with no amount of its own yet."""
    if len(found) < 3 or text[c_start - 1 : c_start] not in ("，", ","):
        return None
    run = 1
    while run < len(found) and text[found[-run]["start"] - 1 : found[-run]["start"]] == "、":
        run += 1
    if run < 2 or run >= len(found):
        return None
    owner = found[-run - 1]
    return owner if not owner["amounts"] and owner["count"] and not owner["status"] else None


def _sentence_portfolios(
    sentence: str,
    s_start: int,
    found: list[dict],
    first_year: int | None,
    in_headline: bool,
    follows: bool,
    last_total: int | None,
) -> list[PortfolioItem]:
    """Decide what each group of one sentence is (a total, a part by status or by another axis).

    A bare count equal to the last total's (本次签约的7个项目分别是…) says that total again."""
    sentence_status = {st for w, st in _status_words() if w in sentence}
    kept = []
    for item in found:
        if item.get("done"):
            continue
        status = item["status"]
        if status is None and not item["amounts"] and last_total and item["count"] == last_total:
            item["restates"] = True
        marked = item["total_word"] or item["restates"] or item["after_marker"]
        if status is None and not marked and not item["amounts"]:
            continue  # 承担国家重大科技项目20项, 30个标志性项目: counts of projects, not a portfolio.
        if status is None and not item["total_word"] and len(sentence_status) == 1:
            status = next(iter(sentence_status))
        if status is None and not item["total_word"] and item["years"] and first_year:
            status = Status.NEW_START if min(item["years"]) <= first_year else Status.RESERVE
        whole = kept or (sentence.startswith("其中") and follows)
        if status is not None:
            role = "status"
        elif item["restates"] or (item["total_word"] and not (item["after_marker"] and whole)):
            role = "total"
        elif item["after_marker"]:
            if not whole:
                continue  # parts of a group that is not a portfolio (引进项目110个，其中…20个)
            role = "part"  # 其中省级重点项目12个: a part, though it names 重点项目
        elif not item["amounts"]:
            continue
        else:
            role = "lead"
        kept.append((item, status, role))
    leads = sum(1 for _, _, role in kept if role == "lead")
    has_total = any(role == "total" for _, _, role in kept)
    items = []
    for item, status, role in kept:
        if role == "lead":
            role = "listed" if leads > 1 and not has_total else "total"
        dimension = None
        if role == "status":
            dimension = PartitionDimension.STATUS
        elif role in ("part", "listed"):
            dimension = part_dimension(item["label"], item["bound"])
        items.append(
            PortfolioItem(
                item["start"],
                item["end"],
                s_start,
                item["count"],
                total.quantity if (total := item["amounts"].get(AmountKind.TOTAL)) else None,
                status,
                tuple(sorted(set(item["years"]))),
                item["part_marker"] or sentence.startswith("其中"),
                in_headline,
                tuple(item["amounts"].values()),
                item["label"],
                item["approximate"],
                role,
                dimension,
                item["restates"],
            )
        )
    return items


def group_portfolios(items: list[PortfolioItem]) -> list[PortfolioGroup]:
    """Attach each part to the latest total before it; a part with no total stands alone.

    Groups listed in a sentence of their own (市直12个…；新罗区26个…) are parts of the total before
    them when together they fit in it (their counts add up to no more than its count); otherwise each
    is a total. A headline's figures repeat the lead's and form no group.
    """
    groups: list[PortfolioGroup] = []
    items = [item for item in items if not item.in_headline]
    index = 0
    while index < len(items):
        item = items[index]
        if item.role == "listed":
            run = [i for i in items[index:] if i.role == "listed" and i.sentence_start == item.sentence_start]
            index += len(run)
            total = groups[-1].total if groups and groups[-1].total.is_total else None
            counts = [i.count for i in run]
            if total and total.count and None not in counts and sum(counts) <= total.count:
                groups[-1].parts.extend(run)
            else:
                groups += [PortfolioGroup(replace(i, role="total", dimension=None)) for i in run]
            continue
        index += 1
        if item.restates and groups and groups[-1].total.is_total and groups[-1].total.count == item.count:
            continue  # the total said again: its parts follow
        if item.is_total:
            groups.append(PortfolioGroup(item))
        elif (whole := _whole_of(item, groups)) is not None:
            whole.parts.append(item)
        else:
            groups.append(PortfolioGroup(item))
    return groups


def _whole_of(part: PortfolioItem, groups: list[PortfolioGroup]) -> PortfolioGroup | None:
    """The group a part belongs to: the latest total, unless the part is stated apart from it (not in
    its sentence nor after 其中) and counts more projects than it; then the latest total it fits in."""
    totals = [g for g in groups if g.total.is_total]
    if not totals:
        return None
    latest = totals[-1]
    if part.opens_with_part_marker or part.sentence_start == latest.total.sentence_start:
        return latest
    fits = [g for g in totals if g.total.count is None or part.count is None or part.count <= g.total.count]
    return fits[-1] if fits else None


def scope_offsets(items: list[PortfolioItem], scopes: list[tuple[int, int]]) -> list[int]:
    """The offset that places each item in a scope (plan or domain): its own start, except for a part
    after 其中 that opens a scope with no total of its own before it, which goes with the item before it
    (the total its sentence continues, stated just before the domain's text begins)."""

    def scope_of(offset: int) -> int:
        return next((k for k, (start, end) in enumerate(scopes) if start <= offset < end), -1)

    offsets: list[int] = []
    for k, item in enumerate(items):
        at = item.start
        if item.role == "part" and k and scope_of(offsets[-1]) != scope_of(at):
            mine = [i for i, o in zip(items[:k], offsets, strict=True) if scope_of(o) == scope_of(at)]
            if not any(i.is_total for i in mine):
                at = offsets[-1]
        offsets.append(at)
    return offsets

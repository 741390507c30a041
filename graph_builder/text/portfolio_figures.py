"""What a portfolio's figures are: the kind of an amount, a change against last year, an approximate figure,
and the axis along which a part divides its whole.

A portfolio states several amounts: its total investment (总投资), a year's planned investment
(年度计划投资, 2025年计划投资, 计划年度完成投资, 年内计划完成), investment completed (累计完成, 已完成投资)
or sought (拟引资, 签约金额). The words nearest before an amount in its clause say which. A figure after a
comparison (比上年增加388个, 较去年增加5个) is a change, not the portfolio's figure. A part names its axis
by what it is: a status word (续建), an amount bound (10亿元以上项目: size), an investor (外资, 社会投资),
a division or a unit of one (新罗区, 市直: place); anything else is a category (产业项目). Pure text rules.
"""

from __future__ import annotations

import re

from policykg.graph_builder.records import AmountKind, PartitionDimension, Quantity

_YEARISH = r"(?:[0-9]{4}|今|明|本|当|全)年度?"
# The cue nearest before an amount decides its kind; a longer cue listed first wins at one position.
_KIND_CUES = re.compile(
    r"(?P<annual>计划年度完成投资|年度计划完成投资|年度计划投资|年度投资|年内计划完成|年度计划|年计划投资"
    rf"|{_YEARISH}(?:计划|预计)?(?:完成)?投资|预计完成投资|计划完成投资|年内完成)"
    r"|(?P<sought>拟引资|引进资金|引资|签约(?:金额|总额|额)|协议(?:投资|金额|引资)|意向投资|合同(?:金额|额))"
    r"|(?P<completed>累计完成(?:投资)?|已完成(?:投资)?|已投资|累计投资|完成(?:固定资产)?投资)"
    r"|(?P<total>计划总投资|投资总额|总投资|总额|投资)"
)
_KINDS = {
    "annual": AmountKind.ANNUAL_PLANNED,
    "sought": AmountKind.SOUGHT,
    "completed": AmountKind.COMPLETED,
    "total": AmountKind.TOTAL,
}
# A comparison before the figure in its clause, and a verb of change right before it.
_COMPARISON = re.compile(r"(?:比|较|同比|与)")
_CHANGE_BEFORE = re.compile(r"(?:增加|增长|减少|下降|提高|多出|少了|多了|净增)了?(?:约|近)?$")
_APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|超|达到近|大约|将近|接近)$")
_APPROX_PRINTED = re.compile(r"[多余]")
_INVESTORS = re.compile(r"外资|内资|外商|港资|台资|政府投资|社会投资|民间投资|社会资本|国有|民营|国企|央企")
_PLACE_END = re.compile(r"(?:省|市|区|县|旗|镇|乡|街道|园|[市省县区]直)$")
# An amount that bounds the projects it names: 10亿至30亿元项目, 30亿元以上项目, 超10亿美元项目.
_BOUND_AFTER = re.compile(r"(?:及以上|以上|以下|左右)?(?:的)?[^，。；、：个]{0,12}?项目")
_BOUND_BEFORE = re.compile(r"(?:超过|超|不低于|不少于|单体|单个|单项)[^\d，。；、：]{0,3}$")
_NOUN_AFTER = re.compile(r"(?:[^，。；、：]*?的)?(?P<noun>[^，。；、：\d的]{0,10}?项目)")
_BRACKET = re.compile(r"[（(]")
_SHARE = re.compile(r"(?P<label>[^\d，。；、：]{1,20}?)[0-9]+个")
# Words between a group's name and its count: 项目就达472个, 项目共46个, 项目有13个.
_LABEL_TRAIL = re.compile(r"(?:就|已|共|计|有|为|达到|达|约|近|超过|超|逾|合计|总计|累计)+$")
_LABEL_LEAD = re.compile(r"^(?:其中|另外|此外|包括|分别是|含)?[，,：:]?(?:有|为|共|计)?")


def amount_kind(text: str, clause_start: int, start: int) -> AmountKind | None:
    """Return the kind of the amount at ``start`` from the cue nearest before it in its clause, or None."""
    cues = list(_KIND_CUES.finditer(text, clause_start, start))
    return _KINDS[cues[-1].lastgroup or "total"] if cues else None


def is_change(text: str, clause_start: int, start: int) -> bool:
    """True if the figure at ``start`` is a change against another time (比上年增加388个)."""
    before = text[clause_start:start]
    return bool(_CHANGE_BEFORE.search(before)) and bool(_COMPARISON.search(before))


def is_approximate(text: str, clause_start: int, start: int, quantity: Quantity) -> bool:
    """True if a figure is printed as approximate: 1700多个, 二十余个, 约9500亿元, 超900亿元, 110~120个."""
    if quantity.upper is not None or _APPROX_PRINTED.search(quantity.printed):
        return True
    return bool(_APPROX_BEFORE.search(text[clause_start:start]))


def is_bound(text: str, clause_start: int, start: int, end: int, quantity: Quantity) -> bool:
    """True if an amount bounds the projects it names (30亿元以上项目) rather than summing them."""
    if quantity.unit not in ("CNY", "USD"):
        return False
    after = _BOUND_AFTER.match(text, end)
    before = _BOUND_BEFORE.search(text[clause_start:start])
    return bool(after and (before or quantity.upper is not None or after.group().startswith(("以", "及"))))


def part_label(clause: str, count_start: int, count_end: int) -> str:
    """Return the words that name a group: the noun after its count (49个重点项目, 总投资…的重大项目),
    else the words before its count (工业项目64个, 市直12个)."""
    tail = _BRACKET.split(clause[count_end:])[0]
    noun = _NOUN_AFTER.match(tail)
    if noun:
        return noun["noun"]
    head = clause[:count_start]
    opened = max(head.rfind("（"), head.rfind("("))
    if opened > max(head.rfind("）"), head.rfind(")")):
        head = head[:opened]  # 交通项目（共9个…）: the name stands before the bracket
    head = _LABEL_LEAD.sub("", head).strip("，,、；; \u3000")
    return _LABEL_TRAIL.sub("", head)


def counts_projects(clause: str, count_end: int) -> bool:
    """True unless the count names something else than projects: 5个领域, 3个片区 (not 项目46个, 7个项目)."""
    tail = clause[count_end:]
    if (
        not tail
        or tail[0] in "（(，,；;。：:的以中"
        or clause[:count_end].rstrip("0123456789个项多余").endswith("项目")
    ):
        return True
    return bool(_NOUN_AFTER.match(_BRACKET.split(tail)[0]))


def names_a_place(clause: str) -> bool:
    """True if a clause is a place's or unit's share alone: 新罗区26个, 市直12个 (not 建设机柜1500个)."""
    count = _SHARE.fullmatch(clause)
    return bool(count) and bool(_PLACE_END.search(count["label"]))


def part_dimension(label: str, bound: bool) -> PartitionDimension:
    """Return the axis a part is named by: size, investor, place or (else) category."""
    if bound:
        return PartitionDimension.SIZE
    if _INVESTORS.search(label):
        return PartitionDimension.INVESTOR
    if "项目" not in label and _PLACE_END.search(label):
        return PartitionDimension.PLACE
    return PartitionDimension.CATEGORY


_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def outside_brackets(
    text: str, clause_start: int, clause_end: int, counts: list[tuple[int, int, Quantity]]
) -> list[tuple[int, int, Quantity]]:
    """Prefer counts outside an aside in brackets: 项目142个（不含14个省管项目）counts 142."""
    inside = [(m.start(), m.end()) for m in _BRACKETS.finditer(text, clause_start, clause_end)]
    outside = [q for q in counts if not any(a <= q[0] < b for a, b in inside)]
    return outside or counts


# An amount that sorts projects is a threshold, not their investment: 单体投资超过50亿元的项目有28个.
# A total bounded the same way (总投资超过300亿元的40个项目) is still the portfolio's investment.
_THRESHOLD_BEFORE = re.compile(
    r"(?:(?:单体|单个|单项)投资额?|(?<!总投资)(?:超过|不低于|不少于|高于))[^，。；、：0-9]{0,2}$"
)
_THRESHOLD_AFTER = re.compile(r"(?:以上|及以上)?的")


def is_threshold(text: str, clause_start: int, quantity: tuple[int, int, Quantity]) -> bool:
    """True if an amount sorts projects by size (单体投资超过50亿元的项目) rather than summing them."""
    start, end, _ = quantity
    before = text[clause_start:start]
    return bool(_THRESHOLD_BEFORE.search(before)) and bool(_THRESHOLD_AFTER.match(text, end))


def headline_end(text: str) -> int:
    """Return where a news headline ends (a first line with no full stop, above the report), else 0.

    The headline repeats the lead's figures (三年推进600个重点项目); the lead states the portfolio.
    """
    first_line_end = text.find("\n")
    if first_line_end < 0 or "。" in text[:first_line_end] or "。" not in text[first_line_end:]:
        return 0
    return first_line_end

"""Read quantitative targets: a metric, a value with its unit, a comparator and the years.

A target is a clause that states a value for a metric with a target verb or qualifier:
"到2025年，济南市人才总量突破300万", "能耗强度将比2020年降低14%以上", "稳定在58亿斤左右",
"培育10个省级现代服务业集聚示范区". The verbs and qualifiers and the comparator each implies, the
words stripped from the front of a metric, and the units implied by a metric's words are data
(data/targets.json). The deadline is the year the sentence says the target is due (到2025年,
2025年前); the baseline the year it compares with (比2020年, 较2020年).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import cache

from policykg.data import data_path
from policykg.graph_builder.records import Comparator, Quantity

_CLAUSE_SEPARATORS = "，；：、"


@dataclass(frozen=True)
class TargetMention:
    """A target found in text: offsets of the clause, metric, value, comparator and years."""

    start: int
    end: int
    metric: str
    metric_start: int
    quantity: Quantity
    comparator: Comparator
    deadline_year: int | None
    baseline_year: int | None


@cache
def _rules() -> dict:
    return json.loads(data_path("targets.json").read_text(encoding="utf-8"))


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(r"(?:到|至|在|于|截至)?(?P<y>(?:19|20)\d\d)年(?:年底|底|末|年末)?(?:前|以前|之前)?")


@cache
def _baseline() -> re.Pattern[str]:
    return re.compile(r"(?:比|较|与|相比|同比)(?P<y>(?:19|20)\d\d)年")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    ranges, position = [], start
    for i in range(start, end):
        if text[i] in _CLAUSE_SEPARATORS:
            if i > position:
                ranges.append((position, i))
            position = i + 1
    if end > position:
        ranges.append((position, end))
    return ranges


def _comparator(before: str, after: str, quantity: Quantity) -> tuple[Comparator, int] | None:
    """Return the comparator a value's surroundings imply and where its verb starts in ``before``."""
    rules = _rules()
    if quantity.upper is not None:
        return Comparator.RANGE, len(before)
    for word, name in rules["after_value"]:
        if after.startswith(word):
            verb_at = _verb_position(before)
            return Comparator(name), verb_at if verb_at is not None else len(before)
    if before.endswith("约") or before.endswith("近"):
        verb_at = _verb_position(before[:-1])
        return Comparator.ABOUT, verb_at if verb_at is not None else len(before) - 1
    for word, name in sorted(rules["verbs"], key=lambda wn: len(wn[0]), reverse=True):
        at = before.rfind(word)
        if at >= 0 and len(before) - (at + len(word)) <= 3:
            return Comparator(name), at
    return None


def _verb_position(before: str) -> int | None:
    best = None
    for word, _ in _rules()["verbs"]:
        at = before.rfind(word)
        if at >= 0 and len(before) - (at + len(word)) <= 3 and (best is None or at < best):
            best = at
    return best


def _clean_metric(metric: str, place_names: tuple[str, ...]) -> str:
    rules = _rules()
    metric = _deadline().sub("", metric)
    metric = _baseline().sub("", metric)
    changed = True
    while changed and metric:
        changed = False
        for word in sorted(rules["metric_prefixes"] + list(place_names), key=len, reverse=True):
            if word and metric.startswith(word):
                metric = metric[len(word) :]
                changed = True
    changed = True
    while changed and metric:
        changed = False
        for word in rules["metric_suffixes"]:
            if metric.endswith(word) and len(metric) > len(word):
                metric = metric[: -len(word)]
                changed = True
    if not re.search(r"\d", metric):
        metric = metric.replace("的", "")
    return metric.strip(" ，、的")


def infer_unit(metric: str) -> str:
    """Return the unit a bare number has for this metric (人才总量 -> PERSON), or NUMBER."""
    for word, unit in _rules()["metric_units"]:
        if word in metric:
            return unit
    return "NUMBER"


def find_targets(
    text: str,
    sentences: list[tuple[int, int]],
    quantities: list[tuple[int, int, Quantity]],
    taken: set[tuple[int, int]] = frozenset(),
    place_names: tuple[str, ...] = (),
) -> list[TargetMention]:
    """Return the targets in the text; quantities in ``taken`` (portfolio figures) are skipped."""
    rules = _rules()
    targets: list[TargetMention] = []
    starts = [q[0] for q in quantities]
    for s_start, s_end in sentences:
        in_sentence = quantities[bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)]
        if not in_sentence:
            continue
        sentence = text[s_start:s_end]
        deadline = _deadline_in(sentence)
        baseline_match = _baseline().search(sentence)
        baseline = int(baseline_match["y"]) if baseline_match else None
        counting_list = False
        for c_start, c_end in _clauses(text, s_start, s_end):
            for q_start, q_end, quantity in in_sentence:
                if not (c_start <= q_start and q_end <= c_end) or (q_start, q_end) in taken:
                    continue
                if quantity.unit in ("CNY", "USD") and "投资" in text[c_start:q_start]:
                    continue
                before = text[c_start:q_start]
                after = text[q_end : q_end + 4]
                if any(_ends_with_word(before, w) for w in rules["not_targets_before"]) or any(
                    after.startswith(w) for w in rules["not_targets_after"]
                ):
                    continue
                found = _comparator(before, after, quantity)
                if found is None and counting_list and not before.strip("以及和、 "):
                    found = (Comparator.EQUAL, 0)
                if found is None:
                    counting_list = False
                    continue
                comparator, verb_at = found
                metric_raw = before[:verb_at]
                counting = _counting_verb_before(before) or (counting_list and not before.strip("以及和、 "))
                if counting and quantity.unit in _COUNTED_UNITS:
                    noun = re.match(r"[^，。；、以的]{2,24}", text[q_end:c_end])
                    metric_raw = noun.group(0) if noun else metric_raw
                    if comparator is Comparator.INCREASE_BY and not _counting_verb_before(before):
                        comparator = Comparator.EQUAL
                counting_list = bool(counting) and quantity.unit in _COUNTED_UNITS
                comparator = _change_or_level(before, comparator)
                metric = _clean_metric(metric_raw, place_names)
                if len(metric) < 2:
                    continue
                unit = quantity.unit or infer_unit(metric)
                metric_at = text.find(metric, c_start, c_end)
                metric_at = metric_at if metric_at >= 0 else c_start
                end = max(q_end + _qualifier_length(after), metric_at + len(metric))
                targets.append(
                    TargetMention(
                        min(metric_at, q_start),
                        end,
                        metric,
                        metric_at,
                        Quantity(quantity.value, unit, quantity.printed, quantity.upper),
                        comparator,
                        deadline,
                        baseline if comparator in (Comparator.REDUCE_BY, Comparator.INCREASE_BY) else None,
                    )
                )
    return targets


_COUNTED_UNITS = ("ITEM", "ENTERPRISE", "PERSON")


def _ends_with_word(before: str, word: str) -> bool:
    """True if ``before`` ends with ``word`` not negated (低于 but not 不低于)."""
    return before.endswith(word) and not before[: -len(word)].endswith("不")


def _counting_verb_before(before: str) -> bool:
    """True if a counting verb (培育, 引进 ...) stands right before the value."""
    tail = before.rstrip("约近超")[-4:]
    return any(tail.endswith(w) or tail[:-1].endswith(w) for w in _rules()["counting_verbs"])


def _change_or_level(before: str, comparator: Comparator) -> Comparator:
    """Read 降低14%以上 as a reduction and 提高到30%以上 as a level."""
    tail = before[-6:]
    if any(w in tail for w in _rules()["level_verbs"]):
        return (
            Comparator.EQUAL if comparator in (Comparator.REDUCE_BY, Comparator.INCREASE_BY) else comparator
        )
    for word, name in _rules()["verbs"]:
        if name in ("ReduceBy", "IncreaseBy") and word in tail and comparator is Comparator.AT_LEAST:
            return Comparator(name)
    return comparator


def _qualifier_length(after: str) -> int:
    for word, _ in _rules()["after_value"]:
        if after.startswith(word):
            return len(word)
    return 0


def _deadline_in(sentence: str) -> int | None:
    for m in _deadline().finditer(sentence):
        prefix = sentence[max(0, m.start() - 2) : m.start() + 1]
        if m.group(0)[0] in "到至在于截" or m.group(0).endswith(("前", "底", "末")) or "到" in prefix:
            return int(m["y"])
    return None

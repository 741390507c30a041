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
from policykg.graph_builder.text.clauses import clauses

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


_DOCUMENT = re.compile(r"^.{0,8}?《[^》]{1,60}》")
# List numbering in prose (三是…) is not part of a metric either.
_PROSE_NUMBER = re.compile(r"^[一二三四五六七八九十]+是")


def _clean_metric(metric: str, place_names: tuple[str, ...]) -> str:
    rules = _rules()
    metric = _deadline().sub("", metric)
    metric = _baseline().sub("", metric)
    # 《方案》提出…: the document that states a target is not part of its metric.
    metric = _PROSE_NUMBER.sub("", _DOCUMENT.sub("", metric))
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


# Items of a list under a heading (1. 2） ① 一是); 一、 and （一） open sections instead.
_LIST_ITEM = re.compile(r"^\s*(?:[（(]?[0-9]{1,2}[)）.．、]|[①-⑳]|[一二三四五六七八九十]+是)")
_YEAR_CLAUSE = re.compile(r"^\s*(?:(?:到|至|在|于)?(?P<y>(?:19|20)\d\d)年(?:底|末|年底)?(?:前)?)$")


def find_targets(
    text: str,
    sentences: list[tuple[int, int]],
    quantities: list[tuple[int, int, Quantity]],
    taken: set[tuple[int, int]] = frozenset(),
    place_names: tuple[str, ...] = (),
    first_year: int | None = None,
) -> list[TargetMention]:
    """Return the targets in the text; quantities in ``taken`` (portfolio figures) are skipped.

    A deadline stated before a colon, or in a sentence of its own (到2025年，…取得决定性进展。), governs
    the numbered list that follows until a paragraph that is not a list item;
    a year that opens a clause ("2025年，…") governs the clauses after it. Figures in a clause
    governed by a year before ``first_year`` (the plan's first year) are statistics, not targets.
    """
    targets: list[TargetMention] = []
    starts = [q[0] for q in quantities]
    carried: int | None = None
    in_item = False
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        in_sentence = quantities[bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)]
        found = _deadline_at(sentence)
        own = found[0] if found else None
        starts_line = s_start == 0 or text[s_start - 1] == "\n"
        is_item = bool(_LIST_ITEM.match(sentence))
        if starts_line:
            in_item = is_item
            if not is_item and own is None:
                carried = None
        fallback = carried if in_item else None
        deadline = own if own is not None else fallback
        # Only a 到…年 governs a list (2024年前建成运行 dates one project).
        if found and found[2] and (sentence.rstrip().endswith(("：", ":")) or not in_sentence):
            carried = own
        if in_sentence:
            reader = _SentenceTargets(text, s_start, s_end, in_sentence, taken, place_names)
            targets += reader.read(deadline, first_year, found[1] if found else None, fallback)
    return targets


class _SentenceTargets:
    """Read the targets of one sentence, clause by clause."""

    def __init__(self, text, s_start, s_end, quantities, taken, place_names) -> None:
        self.text = text
        self.s_start, self.s_end = s_start, s_end
        self.quantities = quantities
        self.taken = taken
        self.place_names = place_names
        baseline = _baseline().search(text[s_start:s_end])
        self.baseline = int(baseline["y"]) if baseline else None
        self.baselines = len(_baseline().findall(text[s_start:s_end]))
        self.last_metric: str | None = None

    def read(
        self, deadline: int | None, first_year: int | None, at: int | None = None, fallback: int | None = None
    ) -> list[TargetMention]:
        """Read the sentence's targets, each with the deadline that governs its clause."""
        # A deadline at offset ``at`` past the first clause (…，到2026年A达到…；B…) governs its own
        # clause and those after it up to the next ；, the others keep ``fallback``.
        found: list[TargetMention] = []
        counting_list = False
        year = deadline
        parts = clauses(self.text, self.s_start, self.s_end, _CLAUSE_SEPARATORS)
        scope = None
        if at is not None and parts and self.s_start + at >= parts[0][1]:
            semicolon = self.text.find("；", self.s_start + at, self.s_end)
            scope = (self.s_start + at, semicolon if semicolon >= 0 else self.s_end)
        for c_start, c_end in parts:
            clause = self.text[c_start:c_end]
            if scope is not None:
                year = deadline if c_end > scope[0] and c_start < scope[1] else fallback
            opening = _deadline().match(clause.strip())
            if opening and (_YEAR_CLAUSE.match(clause) or c_start == self.s_start):
                year = int(opening["y"])
            elif opening and first_year and int(opening["y"]) < first_year:
                # 数据显示，2024年全区高新技术企业达到4800家: a past year opening any clause tells statistics.
                year = int(opening["y"])
            if first_year and year and year < first_year:
                counting_list = False
                continue
            for q_start, q_end, quantity in self.quantities:
                if c_start <= q_start and q_end <= c_end and (q_start, q_end) not in self.taken:
                    target, counting_list = self._target(
                        c_start, c_end, q_start, q_end, quantity, counting_list
                    )
                    if target is not None:
                        found.append(_with_years(target, year, self._baseline_for(c_start, c_end)))
        return found

    def _baseline_for(self, c_start: int, c_end: int) -> int | None:
        """The year a change is measured from: its clause's (较2024年), else the sentence's only one."""
        own = _baseline().search(self.text[c_start:c_end])
        if own:
            return int(own["y"])
        return self.baseline if self.baselines == 1 and self._baseline_opens_sentence() else None

    def _baseline_opens_sentence(self) -> bool:
        """True if the sentence's baseline stands before its first clause ends (与2020年相比，…)."""
        first = clauses(self.text, self.s_start, self.s_end, _CLAUSE_SEPARATORS)[0]
        return bool(_baseline().search(self.text[first[0] : first[1]]))

    def _target(self, c_start, c_end, q_start, q_end, quantity, counting_list):
        """Return (target or None, whether a counted list continues) for one figure in a clause."""
        rules = _rules()
        text = self.text
        before = text[c_start:q_start]
        after = text[q_end : q_end + 4]
        if quantity.unit in ("CNY", "USD") and _INVESTED.search(before):
            return None, False
        if any(_ends_with_word(before, w) for w in rules["not_targets_before"]) or any(
            after.startswith(w) for w in rules["not_targets_after"]
        ):
            return None, False
        if _qualifies_a_noun(text[q_end : q_end + 6]) or self._is_past(q_start):
            return None, False
        if any(w in text[c_start:c_end] for w in rules["support_words"]):
            return None, False
        bare_item = counting_list and not before.strip("以及和、 ")
        found = _comparator(before, after, quantity)
        verb = _counting_verb_in(before)
        if found is None and bare_item:
            found = (Comparator.EQUAL, 0)
        if found is None and verb is not None and quantity.unit in _COUNTED_UNITS + _MEASURED_UNITS:
            # 新增全国重点实验室十二个: verb, then what is counted, then the count.
            word, at = verb
            comparator = _after_value_comparator(after) or Comparator(_verb_comparator(word))
            metric_raw = before[at + len(word) :]
            return self._make(c_start, c_end, q_start, q_end, quantity, comparator, metric_raw, after), False
        if found is None:
            return None, False
        comparator, verb_at = found
        metric_raw = before[:verb_at]
        if len(_clean_metric(metric_raw, self.place_names)) < 2:
            # 新建绿道300公里: nothing names the metric before the verb, so its object does.
            verb = max((w for w, _ in rules["verbs"] if before.startswith(w, verb_at)), key=len, default="")
            metric_raw = before[verb_at + len(verb) :] or metric_raw
        counting = _counting_verb_before(before) or bare_item
        if counting and quantity.unit in _COUNTED_UNITS:
            noun = re.match(r"[^，。；、以的]{2,24}", text[q_end:c_end])
            metric_raw = noun.group(0) if noun else metric_raw
            if comparator is Comparator.INCREASE_BY and not _counting_verb_before(before):
                comparator = Comparator.EQUAL
        comparator = _change_or_level(before, comparator)
        target = self._make(c_start, c_end, q_start, q_end, quantity, comparator, metric_raw, after)
        return target, bool(counting) and quantity.unit in _COUNTED_UNITS

    def _is_past(self, q_start: int) -> bool:
        """True if the sentence tells of what is done (去年, 已经, 同比) before the value."""
        before = self.text[self.s_start : q_start]
        for word in _rules()["past_words"]:
            at = before.find(word)
            if at >= 0 and before[max(0, at - 1) : at] not in ("比", "较", "与"):
                return True
        return False

    def _make(self, c_start, c_end, q_start, q_end, quantity, comparator, metric_raw, after):
        metric = _clean_metric(metric_raw, self.place_names)
        if not metric and self.last_metric:
            # …收入年均增长12%以上，2026年突破4500亿元: the clause leaves its metric unsaid.
            metric = self.last_metric
        if len(metric) < 2:
            return None
        self.last_metric = metric
        unit = quantity.unit or infer_unit(metric)
        if unit == "ENTERPRISE" and _counts_institutions(metric):
            unit = "ITEM"
        metric_at = self.text.find(metric, c_start, c_end)
        metric_at = metric_at if metric_at >= 0 else c_start
        end = max(q_end + _qualifier_length(after), metric_at + len(metric))
        return TargetMention(
            min(metric_at, q_start),
            end,
            metric,
            metric_at,
            Quantity(quantity.value, unit, quantity.printed, quantity.upper),
            comparator,
            None,
            None,
        )


def _with_years(target: TargetMention, deadline: int | None, baseline: int | None) -> TargetMention:
    changes = target.comparator in (Comparator.REDUCE_BY, Comparator.INCREASE_BY)
    return TargetMention(
        target.start,
        target.end,
        target.metric,
        target.metric_start,
        target.quantity,
        target.comparator,
        deadline,
        baseline if changes else None,
    )


_INVESTED = re.compile(r"投资(?:额|金额|总额)?(?:达到|高达|达|为|约|共|计)?$")
_MEASURED_UNITS = ("KM", "HECTARE", "KW", "VEHICLE", "TONNE", "M2", "MU")


def _counting_verb_in(before: str) -> tuple[str, int] | None:
    """Return the last counting verb (培育, 新增 …) in ``before`` that has what it counts after it.

    In 完成积水点改造200处 the verb is 完成: 改造 there ends what is counted.
    """
    found = []
    for word in _rules()["counting_verbs"]:
        at = before.rfind(word)
        if at >= 0:
            found.append((at, word))
    for at, word in sorted(found, reverse=True):
        if len(before) - (at + len(word)) >= 2 or at == min(a for a, _ in found):
            return word, at
    return None


def _verb_comparator(word: str) -> str:
    return next((name for w, name in _rules()["verbs"] if w == word), "Equal")


def _after_value_comparator(after: str) -> Comparator | None:
    for word, name in _rules()["after_value"]:
        if after.startswith(word):
            return Comparator(name)
    return None


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
        if name in ("ReduceBy", "IncreaseBy") and word in tail and comparator in _LOOSE:
            return Comparator(name)
    return comparator


# 增长10%以上 and 增长8%左右 are changes, whatever qualifies their size.
_LOOSE = (Comparator.AT_LEAST, Comparator.ABOUT)
# 以上/以下 right before a noun qualify it (3岁以下婴幼儿, 100亿元以上企业); so does 的 (超过1亿元的企业).
_QUALIFIED_NOUN = re.compile(r"^(?:及以上|以上|以下|以内)?(?:的|[\u4e00-\u9fff])")
_AFTER_QUALIFIER_OK = set("并且和或，。；、左")


def _qualifies_a_noun(after: str) -> bool:
    """True if the figure qualifies a noun rather than stating a value: 3岁以下婴幼儿, 1亿元的企业."""
    if after.startswith("的"):
        return True
    for word in ("及以上", "以上", "以下"):
        if after.startswith(word):
            rest = after[len(word) : len(word) + 1]
            return bool(rest) and "\u4e00" <= rest <= "\u9fff" and rest not in _AFTER_QUALIFIER_OK
    return False


def _counts_institutions(metric: str) -> bool:
    """True if what a metric counts with 家 is an institution (新型研发机构), not an enterprise."""
    rules = _rules()

    def last(words: list[str]) -> int:
        return max((metric.rfind(w) for w in words), default=-1)

    return last(rules["institution_nouns"]) > last(rules["enterprise_nouns"])


def _qualifier_length(after: str) -> int:
    for word, _ in _rules()["after_value"]:
        if after.startswith(word):
            return len(word)
    return 0


def _deadline_at(sentence: str) -> tuple[int, int, bool] | None:
    """Return the year that governs a sentence, where it stands, and whether it is a 到…年."""
    for m in _deadline().finditer(sentence):
        prefix = sentence[max(0, m.start() - 2) : m.start() + 1]
        opens_clause = m.start() == 0 or sentence[m.start() - 1] in "，；：、"
        if m.group(0)[0] in "到至在于截" or "到" in prefix:
            return int(m["y"]), m.start(), m.group(0)[0] in "到至截" or "到" in prefix
        if m.group(0).endswith(("前", "底", "末")) and opens_clause:
            return int(m["y"]), m.start(), False
    return None

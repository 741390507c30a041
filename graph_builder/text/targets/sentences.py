"""Read the targets of a text sentence by sentence, with the years that govern each clause."""

from __future__ import annotations

import bisect
import re
from collections.abc import Set
from dataclasses import dataclass

from policykg.graph_builder.records import Comparator, Quantity
from policykg.graph_builder.text.clauses import clauses
from policykg.graph_builder.text.targets.wording import (
    BASELINE,
    COUNTED_UNITS,
    DEADLINE,
    INVESTED,
    MEASURED_UNITS,
    after_value_comparator,
    change_or_level,
    clean_metric,
    comparator,
    counting_verb_before,
    counting_verb_in,
    counts_institutions,
    ends_with_word,
    infer_unit,
    qualifier_length,
    qualifies_a_noun,
    target_words,
    verb_comparator,
)
from policykg.patterns import (
    MARKER_ARABIC,
    MARKER_CIRCLED,
    MARKER_CLOSE_ARABIC,
    MARKER_PAREN_ARABIC,
    MARKER_SHI,
    YEAR,
)

_CLAUSE_SEPARATORS = "，；：、"
# Items of a list under a heading (1. 2） ① 一是); 一、 and （一） open sections instead.
_LIST_ITEM = re.compile(
    rf"^\s*(?:{MARKER_PAREN_ARABIC}|{MARKER_CLOSE_ARABIC}|{MARKER_ARABIC}|{MARKER_CIRCLED}|{MARKER_SHI})"
)
_YEAR_CLAUSE = re.compile(rf"^\s*(?:(?:到|至|在|于)?(?P<y>{YEAR})年(?:底|末|年底)?(?:前)?)$")


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


def find_targets(
    text: str,
    sentences: list[tuple[int, int]],
    quantities: list[tuple[int, int, Quantity]],
    taken: Set[tuple[int, int]] = frozenset(),
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

    def __init__(
        self,
        text: str,
        s_start: int,
        s_end: int,
        quantities: list[tuple[int, int, Quantity]],
        taken: Set[tuple[int, int]],
        place_names: tuple[str, ...],
    ) -> None:
        self.text = text
        self.s_start, self.s_end = s_start, s_end
        self.quantities = quantities
        self.taken = taken
        self.place_names = place_names
        baseline = BASELINE.search(text[s_start:s_end])
        self.baseline = int(baseline["y"]) if baseline else None
        self.baselines = len(BASELINE.findall(text[s_start:s_end]))
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
            opening = DEADLINE.match(clause.strip())
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
        own = BASELINE.search(self.text[c_start:c_end])
        if own:
            return int(own["y"])
        return self.baseline if self.baselines == 1 and self._baseline_opens_sentence() else None

    def _baseline_opens_sentence(self) -> bool:
        """True if the sentence's baseline stands before its first clause ends (与2020年相比，…)."""
        first = clauses(self.text, self.s_start, self.s_end, _CLAUSE_SEPARATORS)[0]
        return bool(BASELINE.search(self.text[first[0] : first[1]]))

    def _target(
        self, c_start: int, c_end: int, q_start: int, q_end: int, quantity: Quantity, counting_list: bool
    ) -> tuple[TargetMention | None, bool]:
        """Return (target or None, whether a counted list continues) for one figure in a clause."""
        words = target_words()
        text = self.text
        before = text[c_start:q_start]
        after = text[q_end : q_end + 4]
        if quantity.unit in ("CNY", "USD") and INVESTED.search(before):
            return None, False
        if any(ends_with_word(before, w) for w in words["not_targets_before"]) or any(
            after.startswith(w) for w in words["not_targets_after"]
        ):
            return None, False
        if qualifies_a_noun(text[q_end : q_end + 6]) or self._is_past(q_start):
            return None, False
        if any(w in text[c_start:c_end] for w in words["support_words"]):
            return None, False
        bare_item = counting_list and not before.strip("以及和、 ")
        found = comparator(before, after, quantity)
        verb = counting_verb_in(before)
        if found is None and bare_item:
            found = (Comparator.EQUAL, 0)
        if found is None and verb is not None and quantity.unit in COUNTED_UNITS + MEASURED_UNITS:
            # 新增全国重点实验室十二个: verb, then what is counted, then the count.
            word, at = verb
            stated = after_value_comparator(after) or Comparator(verb_comparator(word))
            metric_raw = before[at + len(word) :]
            return self._make(c_start, c_end, q_start, q_end, quantity, stated, metric_raw, after), False
        if found is None:
            return None, False
        stated, verb_at = found
        metric_raw = before[:verb_at]
        if len(clean_metric(metric_raw, self.place_names)) < 2:
            # 新建绿道300公里: nothing names the metric before the verb, so its object does.
            verb = max((w for w, _ in words["verbs"] if before.startswith(w, verb_at)), key=len, default="")
            metric_raw = before[verb_at + len(verb) :] or metric_raw
        counting = counting_verb_before(before) or bare_item
        if counting and quantity.unit in COUNTED_UNITS:
            noun = re.match(r"[^，。；、以的]{2,24}", text[q_end:c_end])
            metric_raw = noun.group(0) if noun else metric_raw
            if stated is Comparator.INCREASE_BY and not counting_verb_before(before):
                stated = Comparator.EQUAL
        stated = change_or_level(before, stated)
        target = self._make(c_start, c_end, q_start, q_end, quantity, stated, metric_raw, after)
        return target, bool(counting) and quantity.unit in COUNTED_UNITS

    def _is_past(self, q_start: int) -> bool:
        """True if the sentence tells of what is done (去年, 已经, 同比) before the value."""
        before = self.text[self.s_start : q_start]
        for word in target_words()["past_words"]:
            at = before.find(word)
            if at >= 0 and before[max(0, at - 1) : at] not in ("比", "较", "与"):
                return True
        return False

    def _make(
        self,
        c_start: int,
        c_end: int,
        q_start: int,
        q_end: int,
        quantity: Quantity,
        stated: Comparator,
        metric_raw: str,
        after: str,
    ) -> TargetMention | None:
        metric = clean_metric(metric_raw, self.place_names)
        if not metric and self.last_metric:
            # …收入年均增长12%以上，2026年突破4500亿元: the clause leaves its metric unsaid.
            metric = self.last_metric
        if len(metric) < 2:
            return None
        self.last_metric = metric
        unit = quantity.unit or infer_unit(metric)
        if unit == "ENTERPRISE" and counts_institutions(metric):
            unit = "ITEM"
        metric_at = self.text.find(metric, c_start, c_end)
        metric_at = metric_at if metric_at >= 0 else c_start
        end = max(q_end + qualifier_length(after), metric_at + len(metric))
        return TargetMention(
            min(metric_at, q_start),
            end,
            metric,
            metric_at,
            Quantity(quantity.value, unit, quantity.printed, quantity.upper),
            stated,
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


def _deadline_at(sentence: str) -> tuple[int, int, bool] | None:
    """Return the year that governs a sentence, where it stands, and whether it is a 到…年."""
    for m in DEADLINE.finditer(sentence):
        prefix = sentence[max(0, m.start() - 2) : m.start() + 1]
        opens_clause = m.start() == 0 or sentence[m.start() - 1] in "，；：、"
        if m.group(0)[0] in "到至在于截" or "到" in prefix:
            return int(m["y"]), m.start(), m.group(0)[0] in "到至截" or "到" in prefix
        if m.group(0).endswith(("前", "底", "末")) and opens_clause:
            return int(m["y"]), m.start(), False
    return None

"""Read the targets of a text sentence by sentence, with the years that govern each clause."""

from __future__ import annotations

import bisect
import re
from collections.abc import Set
from dataclasses import dataclass, replace

from policykg.graph_builder.records import Comparator, Quantity
from policykg.graph_builder.text.targets.owners import owner_span, planned_investment
from policykg.graph_builder.text.targets.parts import part_after_qizhong, splits_a_count
from policykg.graph_builder.text.targets.sections import fact_sections, sentence_clauses, year_sections
from policykg.graph_builder.text.targets.tasks import (
    TASK_UNITS,
    ends_the_clause,
    noun_after,
    opens_with_verb,
    states_a_plan,
)
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
    verb_chain_start,
    verb_comparator,
)
from policykg.graph_builder.text.targets.years import deadline_at, opens_with_own_year, relative_deadline
from policykg.patterns import (
    MARKER_ARABIC,
    MARKER_CIRCLED,
    MARKER_CLOSE_ARABIC,
    MARKER_PAREN_ARABIC,
    MARKER_SHI,
    YEAR,
)

# Items of a list under a heading (1. 2） ① 一是); 一、 and （一） open sections instead.
_LIST_ITEM = re.compile(
    rf"^\s*(?:{MARKER_PAREN_ARABIC}|{MARKER_CLOSE_ARABIC}|{MARKER_ARABIC}|{MARKER_CIRCLED}|{MARKER_SHI})"
)
# Counts of things (个, 项, 家): the noun after such a count is what it counts.
_COUNTS_OF_THINGS = ("ITEM", "ENTERPRISE")
_COLON = re.compile("[：:]")
# A building verb, the scale's words and a verb right before a figure followed by 的 (形成总规模达2万亿的…).
_SCALE_OF_BUILT = re.compile(r"(?:形成|打造|建成|建设|培育)[^，；。、]{1,8}(?P<verb>达到|达|超过|突破)$")
# A verb of what is done: 已突破, 已经建成, 增长了.
_DONE = re.compile(r"已(?:经)?[^，。；,]{0,3}$|(?:达到|突破|增长|实现|完成|超过|建成|达)了$")
_AIMED_YEAR = re.compile(rf"(?:到|至){YEAR}年")
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
    owner: tuple[int, int] | None = None


def find_targets(
    text: str,
    sentences: list[tuple[int, int]],
    quantities: list[tuple[int, int, Quantity]],
    taken: Set[tuple[int, int]] = frozenset(),
    place_names: tuple[str, ...] = (),
    first_year: int | None = None,
    document_year: int | None = None,
    title: str | None = None,
) -> list[TargetMention]:
    """Return the targets in the text; quantities in ``taken`` (portfolio figures) are skipped.

    A deadline stated before a colon, or in a sentence of its own (到2025年，…取得决定性进展。), governs
    the numbered list that follows until a paragraph that is not a list item;
    a year that opens a clause ("2025年，…") governs the clauses after it. Figures in a clause
    governed by a year before ``first_year`` (the plan's first year) are statistics, not targets.
    A sentence without a year may date itself relative to the document (今年, 明年: resolved by
    ``document_year``) or by a five-year plan (十四五末); else a heading that names one year dates it
    (not the plan's ``title``: what it dates holds for the plan's period, and stays undated here).
    """
    targets: list[TargetMention] = []
    starts = [q[0] for q in quantities]
    carried: int | None = None
    paragraph: int | None = None
    in_item = False
    sections = year_sections(text, title)
    # Figures of a year before the plan's first year, or before the document's, are statistics.
    first_year = first_year or document_year
    facts = fact_sections(text)
    for s_start, s_end in sentences:
        if any(f.start <= s_start < f.end for f in facts):
            continue  # 现状分析, 需求预测: statistics and forecasts
        sentence = text[s_start:s_end]
        in_sentence = quantities[bisect.bisect_left(starts, s_start) : bisect.bisect_left(starts, s_end)]
        found = explicit = deadline_at(sentence)
        if found is None:
            relative = relative_deadline(sentence, document_year)
            # 今年 governs the whole sentence (where no clause opens with a year of its own).
            found = (relative[0], 0, True) if relative else None
        own = found[0] if found else None
        starts_line = s_start == 0 or text[s_start - 1] == "\n"
        is_item = bool(_LIST_ITEM.match(sentence))
        if starts_line:
            in_item = is_item
            paragraph = None
            if not is_item and own is None:
                carried = None
        fallback = carried if in_item else paragraph
        if fallback is None:
            fallback = next((x.year for x in sections if x.start <= s_start < x.end), None)
        deadline = own if own is not None else fallback
        # Only a 到…年 governs a list (2024年前建成运行 dates one project).
        if found and found[2] and (sentence.rstrip().endswith(("：", ":")) or not in_sentence):
            carried = own
        if found and found[2] and _COLON.search(sentence, found[1]):
            # 今年主要预期目标是：…。…。: a deadline before a colon governs the rest of its paragraph.
            paragraph = own
        if in_sentence:
            reader = _SentenceTargets(text, s_start, s_end, in_sentence, taken, place_names)
            reader.in_item = in_item
            # A list or paragraph under a 到…年 or a deadline before a colon states aims.
            reader.under_aim = own is None and (carried if in_item else paragraph) is not None
            # Only a year printed after 到/至 states an aim (了解到，2024年… does not).
            aim = own if explicit and sentence[explicit[1]] in "到至" else None
            targets += reader.read(deadline, first_year, found[1] if found else None, fallback, aim)
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
        self.last_unit: str | None = None  # the unit of the sentence's last target
        self.in_item = False  # the sentence is in a numbered item of a list
        self.task_list = False  # a task target opened a 、 list in this sentence
        self.under_aim = False  # the sentence is governed by an aim stated before it

    def read(
        self,
        deadline: int | None,
        first_year: int | None,
        at: int | None = None,
        fallback: int | None = None,
        aim: int | None = None,
    ) -> list[TargetMention]:
        """Read the sentence's targets, each with the deadline that governs its clause.

        A past year is statistics, unless it is ``aim``, the year of a 到…年 that states an aim (a
        plan quoted in a later text: 该意见提出，到2022年建成…).
        """
        # A deadline at offset ``at`` past the first clause (…，到2026年A达到…；B…) governs its own
        # clause and those after it up to the next ；, the others keep ``fallback``.
        found: list[TargetMention] = []
        counting_list = False
        year = deadline
        aimed = aim is not None and deadline == aim
        parts = sentence_clauses(self.text, self.s_start, self.s_end)
        scope = None
        if at is not None and parts and self.s_start + at >= parts[0][1]:
            semicolon = self.text.find("；", self.s_start + at, self.s_end)
            scope = (self.s_start + at, semicolon if semicolon >= 0 else self.s_end)
        for c_start, c_end in parts:
            clause = self.text[c_start:c_end]
            if scope is not None:
                year = deadline if c_end > scope[0] and c_start < scope[1] else fallback
                aimed = aim is not None and year == aim
            opening = DEADLINE.match(clause.strip())
            if opening and (
                _YEAR_CLAUSE.match(clause) or c_start == self.s_start or opens_with_own_year(clause, opening)
            ):
                year = int(opening["y"])
                aimed = opening.group(0)[0] in "到至"
            elif opening and first_year and int(opening["y"]) < first_year:
                # 数据显示，2024年全区高新技术企业达到4800家: a past year opening any clause tells statistics.
                year, aimed = int(opening["y"]), False
            if first_year and year and year < first_year and not aimed:
                counting_list = False
                continue
            for q_start, q_end, quantity in self.quantities:
                if (
                    c_start <= q_start
                    and q_end <= c_end
                    and ((q_start, q_end) not in self.taken or planned_investment(self.text[c_start:q_start]))
                ):
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
        first = sentence_clauses(self.text, self.s_start, self.s_end)[0]
        return bool(BASELINE.search(self.text[first[0] : first[1]]))

    def _target(
        self, c_start: int, c_end: int, q_start: int, q_end: int, quantity: Quantity, counting_list: bool
    ) -> tuple[TargetMention | None, bool]:
        """Return (target or None, whether a counted list continues) for one figure in a clause."""
        words = target_words()
        text = self.text
        before = text[c_start:q_start]
        after = text[q_end : q_end + 4]
        planned = planned_investment(before) if quantity.unit in ("CNY", "USD") else None
        if planned:
            # 年度计划投资30亿元: a year's planned investment, the target of the unit that leads it.
            stated = after_value_comparator(after) or Comparator.EQUAL
            target = self._make(c_start, c_end, q_start, q_end, quantity, stated, planned, after)
            owner = owner_span(text, self.s_start, c_start)
            return (replace(target, metric=planned, owner=owner) if target is not None else None), False
        if quantity.unit in ("CNY", "USD") and INVESTED.search(before):
            return None, False
        if any(ends_with_word(before, w) for w in words["not_targets_before"]) or any(
            after.startswith(w) for w in words["not_targets_after"]
        ):
            return None, False
        counted_noun = self._counted_noun(q_end) if quantity.unit in _COUNTS_OF_THINGS else None
        built = _SCALE_OF_BUILT.search(before) if after.startswith("的") else None
        if built and not any(q_end <= q[0] < c_end for q in self.quantities) and not self._is_past(q_start):
            # 形成总规模达2万亿的产业集群: the scale of what is to be built is its target.
            noun = self._counted_noun(q_end)
            if noun:
                stated = Comparator(verb_comparator(built["verb"]))
                lead = c_start + built.start()
                return self._make(c_start, c_end, q_start, q_end, quantity, stated, noun, after, lead), False
        if (qualifies_a_noun(text[q_end : q_end + 6]) and not counted_noun) or self._is_past(q_start, q_end):
            return None, False
        if splits_a_count(self.text, self.s_start, q_start, quantity, self.quantities):
            return None, False  # 充电站20座（改建5座，新建15座）: a breakdown of the count, not a target
        if any(w in text[c_start:c_end] for w in words["support_words"]):
            return None, False
        bare_item = counting_list and not before.strip("以及和、 ")
        found = comparator(before, after, quantity)
        if after.startswith("级") and quantity.unit in ("CNY", "USD"):
            found = (Comparator.AT_LEAST, (found or (None, len(before)))[1])  # 千亿元级: at least that much
        verb = counting_verb_in(before)
        if found is None and bare_item:
            found = (Comparator.EQUAL, 0)
        if found is None and verb is not None and quantity.unit in COUNTED_UNITS + MEASURED_UNITS:
            # 新增全国重点实验室十二个: verb, then what is counted, then the count.
            word, at = verb
            stated = after_value_comparator(after) or Comparator(verb_comparator(word))
            # …打造多个集群和10条卓越产业链: a noun after the count is what it counts.
            metric_raw = counted_noun or before[at + len(word) :]
            lead = c_start + verb_chain_start(before, at)
            target = self._make(c_start, c_end, q_start, q_end, quantity, stated, metric_raw, after, lead)
            return target, False
        part = self._part_of_last(q_start, q_end, quantity, before) if found is None else None
        if part:
            # 建设充电站30座，其中快充站20座，慢充站10座: each part after 其中 is a target too.
            return self._make(c_start, c_end, q_start, q_end, quantity, Comparator.EQUAL, part, after), False
        if found is None:
            return self._task_target(c_start, c_end, q_start, q_end, quantity, before, after), False
        stated, verb_at = found
        metric_raw = before[:verb_at]
        if clean_metric(metric_raw, self.place_names) in words["verb_leads"]:
            metric_raw = ""  # 规划建设充电站30座: 规划 leads the verb, the verb's object names the metric
        if len(clean_metric(metric_raw, self.place_names)) < 2:
            # 新建绿道300公里: nothing names the metric before the verb, so its object does.
            verb = max((w for w, _ in words["verbs"] if before.startswith(w, verb_at)), key=len, default="")
            metric_raw = before[verb_at + len(verb) :] or metric_raw
            named = quantity.unit in TASK_UNITS or quantity.unit == "CNY"
            if named and len(clean_metric(metric_raw, self.place_names)) < 2:
                # 建成120兆瓦调节能力, 投入12亿元扶持企业改造: the noun after the figure names it.
                metric_raw = self._counted_noun(q_end) or metric_raw
        if after.startswith("级"):
            # 打造千亿元级能源基地: what is of that class of scale names the metric.
            metric_raw = noun_after(text, q_end + 1, self.s_end) or metric_raw
        counting = counting_verb_before(before) or bare_item
        if counted_noun:
            metric_raw = counted_noun
        if counting and quantity.unit in COUNTED_UNITS:
            noun = re.match(r"[^，。；、以的]{2,24}", text[q_end:c_end])
            metric_raw = counted_noun or (noun.group(0) if noun else metric_raw)
            if stated is Comparator.INCREASE_BY and not counting_verb_before(before):
                stated = Comparator.EQUAL
        stated = change_or_level(before, stated)
        target = self._make(c_start, c_end, q_start, q_end, quantity, stated, metric_raw, after)
        return target, bool(counting) and quantity.unit in COUNTED_UNITS

    def _task_target(
        self, c_start: int, c_end: int, q_start: int, q_end: int, quantity: Quantity, before: str, after: str
    ) -> TargetMention | None:
        """In a numbered item, 疏解一般制造业企业100家 (a verb, its object, a figure) is a target; so is
        计划搬迁1200户 anywhere (计划, 力争 and a verb)."""
        # 计划搬迁800户3000人: the figure right before this one shares its words.
        joined = [q for q in self.quantities if q[1] == q_start and q[0] >= c_start]
        words = _LIST_ITEM.sub("", self.text[c_start : joined[0][0]] if joined else before)
        if not (self.in_item or states_a_plan(words)) or quantity.unit not in TASK_UNITS:
            return None
        listed = self.text[c_start - 1 : c_start] == "、" and self.task_list
        following = [q for q in self.quantities if q[0] == q_end and q[1] <= c_end]
        rest_start = following[0][1] if following else q_end
        if not ends_the_clause(self.text[rest_start:c_end]):
            # 实施300座立交桥垂直绿化: a verb, the figure, then what it counts.
            noun = self._counted_noun(q_end)
            if not noun or not words or not opens_with_verb(words):
                return None
            words, listed = noun, True
        if len(words) < 2 or not (listed or opens_with_verb(words)):
            return None
        self.task_list = True
        stated = after_value_comparator(after) or Comparator.EQUAL
        return self._make(c_start, c_end, q_start, q_end, quantity, stated, words, after, c_start)

    def _part_of_last(self, q_start: int, q_end: int, quantity: Quantity, before: str) -> str | None:
        """The part a clause names after a 其中 and a target of the same unit in the sentence, if any."""
        if self.last_unit is None or quantity.unit != self.last_unit:
            return None
        return part_after_qizhong(self.text, self.s_start, self.s_end, q_start, q_end, before)

    def _counted_noun(self, q_end: int) -> str | None:
        """Return what a figure counts when a noun follows it (培育3家…的工业互联网平台)."""
        return noun_after(self.text, q_end, self.s_end)

    def _is_past(self, q_start: int, q_end: int | None = None) -> bool:
        """True if the sentence tells of what is done (去年, 已经, 同比) before the value."""
        before = self.text[self.s_start : q_start]
        if _DONE.search(before):
            return True  # 已突破22亿次, 增长了5%: a verb of what is done
        words = target_words()
        for word in words["past_words"]:
            at = before.find(word)
            if at >= 0 and before[max(0, at - 1) : at] not in ("比", "较", "与"):
                return True
            if at >= 0 and before[max(0, at - 1) : at] in ("比", "较") and not self._states_an_aim(q_end):
                return True  # 较去年增长80% in a sentence without an aim: a result reported
        # 目前已有企业1200家, 累计招引企业300家: a result reported.
        reported = any(w in before for w in words["result_words"])
        return reported and not (self.in_item or self._states_an_aim(q_end))

    def _states_an_aim(self, q_end: int | None) -> bool:
        """True if the sentence states an aim: an aim word (目标, 力争), a 到…年 deadline, or a bound on the
        value (增长6%以上: a result is reported as it is, an aim as a floor or ceiling)."""
        sentence = self.text[self.s_start : self.s_end]
        if q_end is not None and after_value_comparator(self.text[q_end : q_end + 3]) is not None:
            return True
        if self.under_aim:
            return True
        return bool(_AIMED_YEAR.search(sentence)) or any(w in sentence for w in target_words()["aim_words"])

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
        lead: int | None = None,
    ) -> TargetMention | None:
        """The target of one figure; its span runs from ``lead`` (its verb, 新建和改造…) when given."""
        metric = clean_metric(metric_raw, self.place_names)
        if not metric and self.last_metric:
            # …收入年均增长12%以上，2026年突破4500亿元: the clause leaves its metric unsaid.
            metric = self.last_metric
        if len(metric) < 2:
            return None
        self.last_metric = metric
        self.last_unit = quantity.unit
        unit = quantity.unit or infer_unit(metric)
        if unit == "ENTERPRISE" and counts_institutions(metric):
            unit = "ITEM"
        metric_at = self.text.find(metric, c_start, self.s_end)
        metric_at = metric_at if metric_at >= 0 else c_start
        end = max(q_end + qualifier_length(after), metric_at + len(metric))
        return TargetMention(
            min(metric_at, q_start, lead if lead is not None else q_start),
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
    return replace(target, deadline_year=deadline, baseline_year=baseline if changes else None)

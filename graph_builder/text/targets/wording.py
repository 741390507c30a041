"""How targets are worded: the verbs and qualifiers around a value and the comparator each implies,
the words stripped from a metric, and the units a metric's words imply (data/targets.toml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policykg.data import load_settings
from policykg.graph_builder.records import Comparator, Quantity
from policykg.patterns import HAN, MARKER_SHI, YEAR

# The year a target is due: 到2025年, 2025年底前, 截至2025年.
DEADLINE = re.compile(rf"(?:到|至|在|于|截至)?(?P<y>{YEAR})年(?:年底|底|末|年末)?(?:前|以前|之前)?")
# The year a change is measured from: 比2020年, 较2020年.
BASELINE = re.compile(rf"(?:比|较|与|相比|同比)(?P<y>{YEAR})年")
# A figure of money after 投资 is an investment, not a target.
INVESTED = re.compile(r"投资(?:额|金额|总额)?(?:达到|高达|达|为|约|共|计)?$")
# Units of what is counted (10家, 300人) and of what is measured (300公里) after a counting verb.
COUNTED_UNITS = ("ITEM", "ENTERPRISE", "PERSON")
MEASURED_UNITS = ("KM", "HECTARE", "KW", "VEHICLE", "TONNE", "M2", "MU")

_DOCUMENT = re.compile(r"^.{0,8}?《[^》]{1,60}》")
# List numbering in prose (三是…) is not part of a metric either.
_PROSE_NUMBER = re.compile("^" + MARKER_SHI)
# 增长10%以上 and 增长8%左右 are changes, whatever qualifies their size.
_LOOSE = (Comparator.AT_LEAST, Comparator.ABOUT)
_AFTER_QUALIFIER_OK = set("并且和或，。；、左")
# The floors and ceilings that may stand between a counting verb and its count (建成不少于2个).
_BOUNDS = ("不少于", "不低于", "不超过", "超过", "至少", "达到")


def target_words() -> Mapping[str, Any]:
    """Return how targets are phrased (data/targets.toml), read once."""
    return load_settings("targets.toml")


def comparator(before: str, after: str, quantity: Quantity) -> tuple[Comparator, int] | None:
    """Return the comparator a value's surroundings imply and where its verb starts in ``before``."""
    words = target_words()
    if quantity.upper is not None:
        return Comparator.RANGE, len(before)
    for word, name in words["after_value"]:
        if after.startswith(word):
            verb_at = _verb_position(before)
            return Comparator(name), verb_at if verb_at is not None else len(before)
    if before.endswith("约") or before.endswith("近"):
        verb_at = _verb_position(before[:-1])
        return Comparator.ABOUT, verb_at if verb_at is not None else len(before) - 1
    for word, name in sorted(words["verbs"], key=lambda wn: len(wn[0]), reverse=True):
        at = before.rfind(word)
        if at >= 0 and len(before) - (at + len(word)) <= 3:
            return Comparator(name), at
    return None


def _verb_position(before: str) -> int | None:
    best = None
    for word, _ in target_words()["verbs"]:
        at = before.rfind(word)
        if at >= 0 and len(before) - (at + len(word)) <= 3 and (best is None or at < best):
            best = at
    return best


def clean_metric(metric: str, place_names: tuple[str, ...]) -> str:
    """Strip years, the document, list numbering, lead-in and trailing words from a metric."""
    words = target_words()
    metric = DEADLINE.sub("", metric)
    metric = BASELINE.sub("", metric)
    # 《方案》提出…: the document that states a target is not part of its metric.
    metric = _PROSE_NUMBER.sub("", _DOCUMENT.sub("", metric))
    changed = True
    while changed and metric:
        changed = False
        for word in sorted(words["metric_prefixes"] + list(place_names), key=len, reverse=True):
            if word and metric.startswith(word):
                metric = metric[len(word) :]
                changed = True
    changed = True
    while changed and metric:
        changed = False
        for word in words["metric_suffixes"]:
            if metric.endswith(word) and len(metric) > len(word):
                metric = metric[: -len(word)]
                changed = True
    return metric.strip(" ，、的")


def infer_unit(metric: str) -> str:
    """Return the unit a bare number has for this metric (人才总量 -> PERSON), or NUMBER."""
    for word, unit in target_words()["metric_units"]:
        if word in metric:
            return unit
    return "NUMBER"


def counting_verb_in(before: str) -> tuple[str, int] | None:
    """Return the last counting verb (培育, 新增 …) in ``before`` that has what it counts after it.

    In 完成积水点改造200处 the verb is 完成: 改造 there ends what is counted.
    """
    found = []
    for word in target_words()["counting_verbs"]:
        at = before.rfind(word)
        if at >= 0:
            found.append((at, word))
    for at, word in sorted(found, reverse=True):
        if len(before) - (at + len(word)) >= 2 or at == min(a for a, _ in found):
            return word, at
    return None


def verb_chain_start(before: str, at: int) -> int:
    """Return where a chain of counting verbs ending at ``at`` starts: 新建和改造 starts at 新建, 规划建设
    at 规划 (a word of ``verb_leads``)."""
    verbs = target_words()["counting_verbs"]
    changed = True
    while changed:
        changed = False
        for joiner in ("和", "及", "、", "并", ""):
            for word in verbs:
                if before.endswith(word + joiner, 0, at) and at - len(word + joiner) >= 0:
                    at -= len(word + joiner)
                    changed = True
                    break
            if changed:
                break
    lead = next((w for w in target_words()["verb_leads"] if before.endswith(w, 0, at)), "")
    return at - len(lead)


def verb_comparator(word: str) -> str:
    """Return the comparator a target verb implies (Equal for a verb that is not listed)."""
    return next((name for w, name in target_words()["verbs"] if w == word), "Equal")


def after_value_comparator(after: str) -> Comparator | None:
    """Return the comparator the qualifier right after a value implies (以上: AtLeast), if any."""
    for word, name in target_words()["after_value"]:
        if after.startswith(word):
            return Comparator(name)
    return None


def ends_with_word(before: str, word: str) -> bool:
    """True if ``before`` ends with ``word`` not negated (低于 but not 不低于)."""
    return before.endswith(word) and not before[: -len(word)].endswith("不")


def counting_verb_before(before: str) -> bool:
    """True if a counting verb (培育, 引进 ...) stands right before the value."""
    before = before.rstrip("约近超")
    # 建成不少于2个…社区: a floor or ceiling between the verb and the count leaves the verb counting.
    for word in _BOUNDS:
        if before.endswith(word):
            before = before[: -len(word)]
            break
    tail = before[-4:]
    return any(tail.endswith(w) or tail[:-1].endswith(w) for w in target_words()["counting_verbs"])


def change_or_level(before: str, found: Comparator) -> Comparator:
    """Read 降低14%以上 as a reduction and 提高到30%以上 as a level."""
    words = target_words()
    tail = before[-6:]
    if any(w in tail for w in words["level_verbs"]):
        return Comparator.EQUAL if found in (Comparator.REDUCE_BY, Comparator.INCREASE_BY) else found
    for word, name in words["verbs"]:
        if name in ("ReduceBy", "IncreaseBy") and word in tail and found in _LOOSE:
            return Comparator(name)
    return found


def qualifies_a_noun(after: str) -> bool:
    """True if the figure qualifies a noun rather than stating a value: 3岁以下婴幼儿, 1亿元的企业.

    以上/以下 right before a noun qualify it (3岁以下婴幼儿, 100亿元以上企业); so does 的 (超过1亿元的企业).
    """
    if after.startswith("的"):
        return True
    for word in ("及以上", "以上", "以下"):
        if after.startswith(word):
            rest = after[len(word) : len(word) + 1]
            return bool(rest) and HAN.match(rest) is not None and rest not in _AFTER_QUALIFIER_OK
    return False


def counts_institutions(metric: str) -> bool:
    """True if what a metric counts with 家 is an institution (新型研发机构), not an enterprise."""
    words = target_words()

    def last(nouns: list[str]) -> int:
        return max((metric.rfind(w) for w in nouns), default=-1)

    return last(words["institution_nouns"]) > last(words["enterprise_nouns"])


def qualifier_length(after: str) -> int:
    """Return the length of the qualifier right after a value (以上, 左右), or 0."""
    for word, _ in target_words()["after_value"]:
        if after.startswith(word):
            return len(word)
    return 0

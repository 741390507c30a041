"""Targets stated as a task: a numbered item's clause that opens with a verb and ends with a figure.

A key-task list states its figures without a target verb: ``疏解一般制造业企业100家``, ``实施留白增绿
220公顷、揭网见绿417公顷``, ``精细治理背街小巷1650条``. In a numbered item, a clause that opens with a
verb (jieba's dictionary tag ``v``, on its first or second word) and ends with a count or a measure is
such a target; so is the next item of its 、 list, and anywhere a clause of intent and a verb
(计划搬迁1200户). The metric is the clause's words before the figure.
"""

from __future__ import annotations

import re

from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.names.tags import is_verb
from policykg.patterns import HAN

# Units of what a task counts or measures (个, 家, 人, 公里, 公顷, 平方公里 …).
TASK_UNITS = frozenset(
    {
        "ITEM",
        "ENTERPRISE",
        "PERSON",
        "HOUSEHOLD",
        "KM",
        "KM2",
        "HECTARE",
        "M2",
        "MU",
        "KW",
        "TONNE",
        "VEHICLE",
    }
)
# The start of another figure after a 、 (5个孵化器、10个众创空间), and the phrase a 、 opens.
_NEXT_COUNT = re.compile(r"[\d０-９一二三四五六七八九十两百千万]")
_PHRASE = re.compile(r"[^，。；;,\n]*")
# Words of intent that make a verb's figure a plan: 计划搬迁1200户.
_INTENTS = ("计划", "力争")
# What may follow the figure in its clause: nothing, or a qualifier.
_CLAUSE_TAILS = ("", "以上", "左右", "及以上")


def opens_with_verb(words: str) -> bool:
    """True if the words open with a verb, on the first word or after a one-word modifier (精细治理)."""
    first = dictionary_words(words.strip())[:2]
    return any(is_verb(w) for w in first)


def ends_the_clause(rest: str) -> bool:
    """True if only a qualifier (以上) or nothing follows the figure in its clause."""
    return rest.strip().rstrip("。；;") in _CLAUSE_TAILS


def states_a_plan(words: str) -> bool:
    """True for words that open with an intent and a verb: 计划搬迁, 力争完成 (what is planned, not done)."""
    words = words.strip()
    return any(words.startswith(i) and opens_with_verb(words[len(i) :]) for i in _INTENTS)


def noun_after(text: str, q_end: int, end: int) -> str | None:
    """Return what a figure counts when a noun follows it (培育3家…的工业互联网平台, 新建800个智能工厂、
    数字化车间), or None.

    The noun runs to the end of the phrase (，。；), past a qualifier (以上) and any 、 between nouns;
    of a phrase with 的 the head after the last 的 is what is counted.
    """
    stop = q_end
    while stop < end and stop - q_end < 40 and text[stop] not in "，。；;,\n（(":
        if text[stop] == "、" and _NEXT_COUNT.search(_PHRASE.match(text, stop + 1).group(0)):
            break  # 5个孵化器、10个众创空间: the next item is a figure of its own
        stop += 1
    phrase = text[q_end:stop]
    for word in ("及以上", "以上", "左右"):
        phrase = phrase.removeprefix(word)
    phrase = phrase[phrase.rfind("的") + 1 :].strip("、和及与 ")
    if (
        len(phrase) < 2
        or not all(HAN.match(c) or c in "、“”" for c in phrase[:2])
        or _NEXT_COUNT.match(phrase)
    ):
        return None
    if any(c.isdigit() for c in phrase):
        return None  # 三年内承担任务30项: a noun holds no figure of its own
    return phrase

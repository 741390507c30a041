"""Parts of a counted target: 其中 names parts that are targets too; a bracket after a count splits it."""

from __future__ import annotations

import re

from policykg.graph_builder.records import Quantity
from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.names.tags import is_verb, word_tag
from policykg.graph_builder.text.targets.wording import counting_verb_in

_QIZHONG = re.compile(r"^\s*其中")
_CLOSES = re.compile(r"\s*(?:[，,；;。）)（(]|$)")


def splits_a_count(
    text: str, s_start: int, q_start: int, quantity: Quantity, quantities: list[tuple[int, int, Quantity]]
) -> bool:
    """True if the figure stands in a bracket opened right after a count of its unit (8座（新建5座…）)."""
    before = text[s_start:q_start]
    opened = max(before.rfind("（"), before.rfind("("))
    if opened < 0 or max(before.rfind("）"), before.rfind(")")) > opened:
        return False
    at = s_start + opened
    return any(q[1] == at and q[2].unit == quantity.unit for q in quantities)


def part_after_qizhong(
    text: str, s_start: int, s_end: int, q_start: int, q_end: int, before: str
) -> str | None:
    """The noun of a clause that, after a 其中 in the sentence, is only a noun and a count (其中快充站20座),
    else None. The caller checks that a target of the same unit comes before it."""
    if text.find("其中", s_start, q_start) < 0:
        return None
    noun = _QIZHONG.sub("", before).strip()
    if not 2 <= len(noun) <= 16 or counting_verb_in(noun) is not None or not _CLOSES.match(text[q_end:s_end]):
        return None
    # 迁建5座, 调整3座: a way of building (a verb or a verbal noun), not a part.
    words = dictionary_words(noun)
    if all(is_verb(w) for w in words) or (len(words) == 1 and word_tag(noun) == "vn"):
        return None
    return noun

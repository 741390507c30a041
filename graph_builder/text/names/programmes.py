"""Find programmes named by the text's own shape rather than by a proper word before a generic head.

Two shapes name a programme: the title of a box (专栏3  某某能力提升工程), which the plan itself gives
to the programme the box describes, and a quotation followed by a programme head (“某某”行动计划,
“某某”提质扩面工程), the quotation being the programme's proper name. A quoted service written as a
platform (“某某通”平台) is a system being built, a project, not an innovation platform.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from policykg.graph_builder.text.boxes import Box
from policykg.graph_builder.text.names.rules import NameMention
from policykg.patterns import CN_ORDINAL

# The heads of a programme's name, longest first.
PROGRAMME_HEADS = ("专项行动", "行动计划", "计划", "行动", "工程")
# After a quotation, only a head that cannot be a plain noun phrase: “X”引进计划 may name a policy's goal.
_QUOTED_HEADS = "专项行动|行动计划|工程"
# A box title after its marker and number: 专栏3  某某工程.
_BOX_TITLE = re.compile(
    rf"[0-9０-９{CN_ORDINAL}]{{1,3}}[\s\u3000:：、.．]*(?P<title>[^\s\u3000]{{4,30}})\s*$"
)
# A quotation (one name: no list inside) and at most six Han characters before a programme head; 的 never
# sits inside a name.
_QUOTED = re.compile(
    rf"[“\"](?P<quoted>[^”\"\n、，,；]{{2,12}})[”\"](?P<rest>[\u4e00-\u9fff]{{0,6}}?)(?P<head>{_QUOTED_HEADS}|平台)"
)


def find_programmes(text: str, boxes: Sequence[Box] = ()) -> list[NameMention]:
    """Return the programmes named by box titles and by quotations before a programme head."""
    found = [m for box in boxes if (m := _box_programme(text, box))]
    for m in _QUOTED.finditer(text):
        if "的" in m.group("rest") or (m.group("head") == "平台" and m.group("rest")):
            continue
        found.append(NameMention(m.start(), m.end(), m.group(), "Project", m.group("head")))
    return found


def _box_programme(text: str, box: Box) -> NameMention | None:
    """The box's title when it names a programme (ends in a programme head), else None."""
    line = text[box.heading_start : box.heading_end]
    title = _BOX_TITLE.search(line)
    if title is None or not title.group("title").endswith(PROGRAMME_HEADS):
        return None
    start = box.heading_start + title.start("title")
    name = title.group("title")
    head = next(h for h in PROGRAMME_HEADS if name.endswith(h))
    return NameMention(start, start + len(name), name, "Project", head)

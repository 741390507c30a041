"""Parts of a counted target: after 其中 a part is a target too; a breakdown in brackets is not."""

from __future__ import annotations

import re

from policykg.graph_builder.documents import normalize
from policykg.graph_builder.text.numbers import find_quantities
from policykg.graph_builder.text.targets import find_targets


def targets(text: str) -> dict[str, float]:
    text = normalize(text)
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    found = find_targets(text, sentences, find_quantities(text), set(), ("某区",))
    return {t.metric: float(t.quantity.value) for t in found}


def test_parts_after_qizhong_are_targets_of_the_same_year():
    text = "到2030年，规划建设充电站30座，其中快充站20座，慢充站10座。"
    assert targets(text) == {"充电站": 30, "快充站": 20, "慢充站": 10}


def test_a_breakdown_in_brackets_is_no_target():
    text = "到2030年，规划建设充电站30座，其中快充站20座（改建5座，新建15座）。"
    assert targets(text) == {"充电站": 30, "快充站": 20}


def test_a_way_of_building_after_qizhong_is_no_part():
    assert targets("到2030年，规划建设充电站30座，其中迁建5座，调整3座。") == {"充电站": 30}


def test_no_part_without_a_target_before_it():
    assert targets("目前全区共有充电站30座，其中快充站20座。") == {}


def test_a_verb_lead_is_no_metric():
    # 规划 leads the building verb: the verb's object names what is counted.
    assert targets("到2030年，规划建设驿站40座。") == {"驿站": 40}

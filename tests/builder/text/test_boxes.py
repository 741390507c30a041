"""Boxed lists (专栏N 标题) in plans: their headings, item names and item specifications."""

from __future__ import annotations

from policykg.graph_builder.pipeline.extract import extract_plan
from policykg.graph_builder.text.boxes import find_boxes

PLAN = (
    "某市某县“十四五”交通发展规划（2021—2025年）\n\n"
    "第一章　完善交通网络\n\n"
    "第一节　建设快速通道\n\n"
    "　　推进沿河快速路建设。到2025年，全县公路总里程达到3200公里。\n\n"
    "　　专栏2　重点交通项目\n"
    "　　1. 县城至新港区快速通道工程：全长24公里，总投资156000万元。\n"
    "　　2. 城北汽车客运站：建设站房1.5万平方米和智能调度研发平台，总投资21000万元。\n"
    "　　3. 老城片区停车场改造：新增停车位2600个，总投资9800万元。\n"
)


def test_a_box_lists_its_numbered_items():
    (box,) = find_boxes(PLAN)
    assert PLAN[box.heading_start : box.heading_end].strip() == "专栏2　重点交通项目"
    names = [PLAN[i.name_start : i.name_end] for i in box.items]
    assert names == ["县城至新港区快速通道工程", "城北汽车客运站", "老城片区停车场改造"]


def test_box_items_are_named_whole_and_their_specifications_are_not_targets(nlp):
    plan = extract_plan(PLAN, nlp)
    names = {e.name: e.cls for e in plan.entities}
    assert names["县城至新港区快速通道工程"] == "TransportProject"
    assert "老城片区停车场改造" in names
    assert "智能调度研发平台" not in names
    assert not any("专栏" in name or name == "重点交通项目" for name in names)
    targets = [t for d in plan.domains for t in [*d.targets, *(x for task in d.tasks for x in task.targets)]]
    targets += plan.targets
    assert [t.quantity.printed for t in targets] == ["3200公里"]


def test_blank_lines_between_box_items_do_not_end_the_box():
    text = "专栏1　重点水利项目\n\n1. 东河水库：新增库容500万立方米。\n\n2. 西河灌区：改造渠道80公里。\n\n第二节　其他\n"
    (box,) = find_boxes(text)
    assert [text[i.name_start : i.name_end] for i in box.items] == ["东河水库", "西河灌区"]

"""Government bodies named by a place or level, a core of nouns and a head (局, 委员会 ...), on sentences
written for the rules: the dictionary's tags decide where a body's name starts and which words are
not bodies at all (格局, 干部, 网上办)."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.components import word_offsets
from policykg.graph_builder.text.names.bodies import find_bodies
from policykg.graph_builder.text.places import place_index


def bodies_in(nlp, text: str) -> set[str]:
    doc = nlp.make_doc(text)
    places = [(p.start, p.end) for p in place_index().find(text)]
    found = find_bodies(text, word_offsets(doc), lambda s, e: any(ps <= s and e <= pe for ps, pe in places))
    return {m.text for m in found}


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        # A level opens the name; the full and the abbreviated forms are both bodies.
        ("由市发展改革委牵头。", "市发展改革委"),
        ("省工业和信息化厅负责。", "省工业和信息化厅"),
        ("市卫健委配合。", "市卫健委"),
        ("市委宣传部、市政府金融办按职责分工负责。", "市委宣传部"),
        ("市委宣传部、市政府金融办按职责分工负责。", "市政府金融办"),
        # A verb between the level and the head stays inside (促进), one before the level does not.
        ("支持市投资促进局开展招商。", "市投资促进局"),
        # 和 joins two parts of one body's name.
        ("人力资源和社会保障局负责培训。", "人力资源和社会保障局"),
        # Without a place or level, a head of several characters or a core of two characters suffices.
        ("会同地方金融监管局推进。", "地方金融监管局"),
        ("推动市场监管局和财政局联合检查。", "财政局"),
        ("推动市场监管局和财政局联合检查。", "市场监管局"),
        # A place's government written short, and a committee abbreviated after a level.
        ("东城区政府负责落实。", "东城区政府"),
        ("市教委、市政府外办配合。", "市教委"),
        # A body and its regional office make one name.
        ("国家能源局西北监管办加强监管。", "国家能源局西北监管办"),
        # An administrative committee named by its area.
        ("某某高新区管委会负责建设。", "某某高新区管委会"),
    ],
)
def test_bodies_are_named(nlp, sentence, body):
    assert body in bodies_in(nlp, sentence)


@pytest.mark.parametrize(
    ("sentence", "not_body"),
    [
        # The dictionary binds the head to the character before it: these are words, not bodies.
        ("加快构建新发展格局。", "新发展格局"),
        ("加强领导干部培训。", "领导干部"),
        ("承接中西部产业转移。", "中西部"),
        ("在某某区布局一批项目。", "某某区布局"),
        # Where or when something is done (网上, 马上) or a numeral (一网通) is no body's core.
        ("事项实现网上办、马上办、一网通办。", "网上办"),
        ("事项实现网上办、马上办、一网通办。", "一网通办"),
        # The plan's own government written bare, and its office as the issuer, are not names.
        ("市政府将加大支持力度。", "市政府"),
        ("某某省人民政府办公厅印发方案。", "某某省人民政府办公厅"),
        # A bare party committee issues with its government; a title is no body.
        ("省委、省政府高度重视。", "省委"),
        ("市委常委出席会议。", "市委常委"),
        # The issuer's code in a document number.
        ("依据某政办〔2024〕3号文件。", "某政办"),
        # A person who holds an office is not the office.
        ("张某同志兼任办公室主任。", "同志兼任办公室"),
    ],
)
def test_words_that_end_in_a_head_are_not_always_bodies(nlp, sentence, not_body):
    assert not_body not in bodies_in(nlp, sentence)


def test_a_governing_verb_does_not_open_a_bare_body(nlp):
    assert bodies_in(nlp, "全力建设科技部重点实验室。") == {"科技部"}

"""Where a name starts, by the dictionary's part-of-speech tags, and the heads of development areas and
designations, on sentences written for the rules."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.components import word_offsets
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names import find_names
from policykg.graph_builder.text.names.shapes import KEPT_FUNCTION_WORDS
from policykg.graph_builder.text.names.tags import never_inside, opens_no_name
from policykg.graph_builder.text.places import place_index


def names_in(nlp, text: str) -> dict[str, str]:
    doc = nlp.make_doc(text)
    places = [(p.start, p.end) for p in place_index().find(text)]
    found = find_names(
        text, word_offsets(doc), lambda s, e: any(ps <= s and e <= pe for ps, pe in places), is_known_word
    )
    return {m.text: m.cls for m in found}


def test_the_tags_tell_function_words_and_verbs():
    assert never_inside("通过") and never_inside("我们") and never_inside("随着")
    assert not never_inside("某省")  # 某 stands for a withheld name
    assert "与" in KEPT_FUNCTION_WORDS and "至" in KEPT_FUNCTION_WORDS  # read by the rules themselves
    assert opens_no_name("完成") and not opens_no_name("平台")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # A leading verb is cut off, a verb inside the name stays.
        ("年底前完成全民健康信息平台建设。", "全民健康信息平台"),
        ("年底前完成某某市信用信息共享平台建设。", "某某市信用信息共享平台"),
        # A preposition or a pronoun ends the name.
        ("商户通过某某虚拟电厂服务平台交易。", "某某虚拟电厂服务平台"),
        ("我们高新区今年引进项目。", None),
        # A noun-verb right before the head belongs to the name of a designation.
        ("创建国家绿色发展示范区。", "国家绿色发展示范区"),
        # A line's two ends joined by 至 stay one name.
        ("建设成都至宜宾高速公路。", "成都至宜宾高速公路"),
    ],
)
def test_tags_decide_where_a_name_starts(nlp, sentence, name):
    found = names_in(nlp, sentence)
    if name is None:
        assert not any(n.startswith("我们") for n in found)
    else:
        assert name in found


@pytest.mark.parametrize(
    ("sentence", "name", "cls"),
    [
        ("推进澜溪组团和云漫片区开发。", "澜溪组团", "DevelopmentArea"),
        ("加快某某产业新城建设。", "某某产业新城", "DevelopmentArea"),
        ("争创国家清洁取暖示范区。", "国家清洁取暖示范区", "DemonstrationZone"),
    ],
)
def test_heads_of_development_areas_and_designations(nlp, sentence, name, cls):
    assert names_in(nlp, sentence).get(name) == cls


def test_a_generic_area_is_no_name(nlp):
    # 片区 and 组团 need a proper word: 主要功能片区 is a category.
    assert "主要功能片区" not in names_in(nlp, "明确主要功能片区定位。")

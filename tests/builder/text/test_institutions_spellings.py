"""One institution written several ways is one entity, and qualifiers around a name are not part of it,
on phrases written for the rules."""

from __future__ import annotations

import pytest

from policykg.graph_builder.pipeline.components import word_offsets
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.entities import EntityMerger
from policykg.graph_builder.text.names import find_names
from policykg.graph_builder.text.places import place_index


def names_in(nlp, text: str) -> set[str]:
    doc = nlp.make_doc(text)
    places = [(p.start, p.end) for p in place_index().find(text)]
    found = find_names(
        text, word_offsets(doc), lambda s, e: any(ps <= s and e <= pe for ps, pe in places), is_known_word
    )
    return {m.text for m in found}


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("省发改委", "省发展和改革委员会"),
        ("省发展改革委", "省发展和改革委员会"),
        ("市人社局", "市人力资源和社会保障局"),
        ("省住房城乡建设厅", "省住房和城乡建设厅"),
        ("市市场监管局", "市市场监督管理局"),
    ],
)
def test_abbreviated_bodies_share_a_key_with_their_full_names(short, full):
    merger = EntityMerger(short + full, [(0, len(short + full))])
    assert merger.key(short) == merger.key(full)


def test_a_former_qualifier_is_not_part_of_the_name(nlp):
    assert "市科技局" in names_in(nlp, "由原市科技局负责。")


def test_two_hospitals_joined_by_a_conjunction_are_two_names(nlp):
    found = names_in(nlp, "原某某医院和某某妇幼保健院合并。")
    assert {"某某医院", "某某妇幼保健院"} <= found
    assert not any("和" in name for name in found)


def test_a_preposition_glued_to_a_level_does_not_open_the_name(nlp):
    assert "市公共资源交易中心" in names_in(nlp, "由市公共资源交易中心负责。")
    assert not any(name.startswith("由") for name in names_in(nlp, "由市公共资源交易中心负责。"))


def test_a_level_standing_alone_makes_a_unit_with_a_generic_head_a_name(nlp):
    assert "省电力公司" in names_in(nlp, "由省电力公司回购。")

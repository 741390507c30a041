"""The fast paths of extraction give what the plain ones give: jieba's words, spaCy's Docs, the trie's
matches. Checked on the project's own plans (tests/fixtures/plans) and the bundled one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.util import get_words_and_spaces

from policykg.data import bundled_documents
from policykg.graph_builder.documents import read_document
from policykg.graph_builder.pipeline.nlp import JiebaTokenizer, words_and_spaces
from policykg.graph_builder.text.dictionary import dictionary_words, fast_segmenter, segmenter
from policykg.graph_builder.text.gazetteer import Gazetteer
from policykg.graph_builder.text.places import place_index
from policykg.graph_builder.text.reading import reading_text

PLANS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
SHORT = [
    "",
    " ",
    "\n\n",
    "  前 后 ",
    "abc  def\t\tghi 中文 测试  ",
    "某某区人民政府办公室关于印发实施方案的通知",
]


def texts() -> list[str]:
    """The reading forms of the project's own plans, and a few short texts with odd spacing."""
    paths = [*bundled_documents(), *sorted(PLANS.glob("*.txt"))]
    return [reading_text(read_document(p).text) for p in paths] + SHORT


@pytest.mark.parametrize("hmm", [True, False])
def test_the_fast_tokenizer_cuts_as_jieba_does(hmm: bool) -> None:
    jieba = segmenter()
    for text in texts():
        assert list(fast_segmenter().cut(text, HMM=hmm)) == jieba.lcut(text, HMM=hmm)


def test_dictionary_words_are_jieba_words_without_hmm() -> None:
    jieba = segmenter()
    for text in ["济南市章丘区人民政府", "某某新材料产业园二期工程", "推进重点项目建设"]:
        assert dictionary_words(text) == jieba.lcut(text, HMM=False)
        assert dictionary_words(text) == dictionary_words(text)


def test_words_and_spaces_align_as_spacy_does() -> None:
    jieba = segmenter()
    for text in texts():
        words = [w for w in jieba.cut(text) if w]
        assert words_and_spaces(words, text) == get_words_and_spaces(words, text)
    with pytest.raises(ValueError):
        words_and_spaces(["甲", "丙"], "甲乙")


def test_the_tokenizer_makes_the_docs_of_spacys_jieba_tokenizer() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ours = JiebaTokenizer(nlp.vocab)
    for text in texts():
        theirs, mine = nlp.tokenizer(text), ours(text)
        assert [(t.text, t.whitespace_) for t in mine] == [(t.text, t.whitespace_) for t in theirs]
        assert mine.text == text


def plain_finditer(gazetteer: Gazetteer, text: str, accept=None) -> Iterator[tuple[int, int, object]]:
    """The trie's longest matches found position by position with ``matches_at`` (the reference)."""
    i = 0
    while i < len(text):
        for end, value in gazetteer.matches_at(text, i):
            if accept is None or accept(i, end):
                yield i, end, value
                i = end - 1
                break
        i += 1


def test_the_trie_finds_what_a_scan_of_every_position_finds() -> None:
    index = place_index()
    for text in texts():
        for gazetteer in (index.full, index.short, index.regions):
            assert list(gazetteer.finditer(text)) == list(plain_finditer(gazetteer, text))
            even = lambda start, end: (end - start) % 2 == 0  # noqa: E731
            assert list(gazetteer.finditer(text, even)) == list(plain_finditer(gazetteer, text, even))


def test_a_phrase_added_later_is_found() -> None:
    gazetteer = Gazetteer([("济南", 1)])
    assert list(gazetteer.finditer("济南和泰安")) == [(0, 2, 1)]
    gazetteer.add("泰安", 2)
    assert list(gazetteer.finditer("济南和泰安")) == [(0, 2, 1), (3, 5, 2)]
    assert list(Gazetteer().finditer("济南")) == []

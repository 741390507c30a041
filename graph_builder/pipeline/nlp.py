"""Make the spaCy pipeline: Chinese with the jieba segmenter, then policykg's rule components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.errors import Errors
from spacy.lang.zh import ChineseTokenizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from policykg.graph_builder.pipeline import components  # noqa: F401  (registers the components)
from policykg.graph_builder.text.dictionary import fast_segmenter, segmenter

PIPELINE = (
    "policykg_sentences",
    "policykg_heading",
    "policykg_quantities",
    "policykg_places",
    "policykg_boxes",
    "policykg_names",
    "policykg_outline",
    "policykg_portfolios",
    "policykg_targets",
)


def make_nlp() -> Language:
    """Return a new pipeline: spacy.blank("zh") segmenting with jieba (offline, ``JiebaTokenizer``), and
    our components."""
    segmenter()  # jieba quietened and its dictionary loaded once, for spaCy's tokenizer and the rules
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


class JiebaTokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer segmenting with jieba, made faster and making the same Docs: it cuts with
    the fast tokenizer (text/dictionary.py, the words of ``jieba.cut``) and aligns the words to the text
    in one pass (``words_and_spaces``)."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__(vocab, segmenter="jieba")
        self.jieba_seg = fast_segmenter()

    def __call__(self, text: str) -> Doc:
        words = [x for x in self.jieba_seg.cut(text, cut_all=False) if x]
        words, spaces = words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """Return the words and spaces of ``text`` as spaCy's ``util.get_words_and_spaces`` does, finding each
    word from an offset rather than in a copy of the rest of the text (quadratic in a long document)."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError(Errors.E194.format(text=text, words=words))
    text_words: list[str] = []
    text_spaces: list[bool] = []
    text_pos = 0
    for word in (word for word in words if not word.isspace()):
        try:
            word_start = text.index(word, text_pos) - text_pos
        except ValueError:
            raise ValueError(Errors.E194.format(text=text, words=words)) from None
        if word_start > 0:
            text_words.append(text[text_pos : text_pos + word_start])
            text_spaces.append(False)
            text_pos += word_start
        text_words.append(word)
        text_spaces.append(False)
        text_pos += len(word)
        if text_pos < len(text) and text[text_pos] == " ":
            text_spaces[-1] = True
            text_pos += 1
    if text_pos < len(text):
        text_words.append(text[text_pos:])
        text_spaces.append(False)
    return text_words, text_spaces


@cache
def shared_nlp() -> Language:
    """Return one pipeline per process, made on first use."""
    return make_nlp()


def make_doc(nlp: Language, text: str) -> Doc:
    """Return the tokenized Doc of ``text``, tokenized in batches of whole lines past spaCy's ``max_length``.

    The batches are joined into one Doc with nothing added between them, so that every offset is the
    text's own and the components see the whole document (they read it as one text).
    """
    if len(text) <= nlp.max_length:
        doc = nlp.make_doc(text)
    else:
        batches = [nlp.make_doc(batch) for batch in line_batches(text, nlp.max_length)]
        doc = Doc.from_docs(batches, ensure_whitespace=False)
    # The tokenizer keeps every character (spaCy's get_words_and_spaces aligns words to the text), so
    # the Doc's text is ``text``: keep it rather than join the tokens again (components.doc_text).
    doc._.text = text
    return doc


def line_batches(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters, each ending at a line break if it can."""
    batches = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut >= start else end
        batches.append(text[start:end])
        start = end
    return batches

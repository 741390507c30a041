"""Make the spaCy pipeline: Chinese with the jieba segmenter, then policykg's rule components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from policykg.graph_builder.pipeline import components  # noqa: F401  (registers the components)
from policykg.graph_builder.text.dictionary import segmenter

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
    """Return a new pipeline: spacy.blank("zh") segmenting with jieba (offline), and our components."""
    segmenter()  # jieba quietened and its dictionary loaded once, for spaCy's tokenizer and the rules
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


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
        return nlp.make_doc(text)
    batches = [nlp.make_doc(batch) for batch in line_batches(text, nlp.max_length)]
    return Doc.from_docs(batches, ensure_whitespace=False)


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

"""Make the spaCy pipeline: Chinese with the jieba segmenter, then policykg's rule components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

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

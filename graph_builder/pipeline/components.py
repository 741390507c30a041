"""The pipeline's named spaCy components.

Each component computes one kind of annotation with a pure function of the text (modules
numbers, places, names, outline, portfolios, targets) and stores the result on a ``Doc._``
extension; names and places are also added to ``doc.spans["policykg"]`` as spaCy spans.
"""

from __future__ import annotations

import bisect
import itertools

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from policykg.graph_builder.text import numbers
from policykg.graph_builder.text.boxes import find_boxes
from policykg.graph_builder.text.dateline import find_document_date, find_document_year
from policykg.graph_builder.text.dictionary import is_known_word
from policykg.graph_builder.text.names import find_names
from policykg.graph_builder.text.names.tags import word_tag
from policykg.graph_builder.text.outline import read_outline
from policykg.graph_builder.text.places import place_index
from policykg.graph_builder.text.plan import find_heading
from policykg.graph_builder.text.portfolios import find_portfolio_items
from policykg.graph_builder.text.targets import find_targets

SPAN_KEY = "policykg"
_SENTENCE_ENDS = set("。！？!?")

for _name in (
    "text",
    "words",
    "sentences",
    "heading",
    "quantities",
    "years",
    "places",
    "boxes",
    "names",
    "outline",
    "portfolio_items",
    "targets",
    "document_date",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """Return the doc's text, joined once (spaCy rebuilds ``doc.text`` on every access)."""
    if doc._.text is None:
        doc._.text = doc.text
    return doc._.text


def word_offsets(doc: Doc) -> list[tuple[int, int]]:
    """Return the (start, end) character offsets of the doc's words (computed once, in bulk)."""
    if doc._.words is None:
        array = doc.to_array([IDX, LENGTH])
        doc._.words = [(s, s + n) for s, n in array.tolist()]
    return doc._.words


def _accept_words(doc: Doc):
    words = word_offsets(doc)
    starts = {s for s, _ in words}
    ends = {e for _, e in words}
    return lambda start, end: start in starts and end in ends


def _opening_words(doc: Doc):
    """Return whether a span opens a longer word that may be a name (上海 in 上海师范大学): a word of
    the dictionary's name or noun tags, or one it does not know (not a verb, adverb, number ...)."""
    text = doc_text(doc)
    word_ends = dict(word_offsets(doc))

    def opens(start: int, end: int) -> bool:
        word_end = word_ends.get(start)
        return word_end is not None and word_end > end and word_tag(text[start:word_end]) in (None, "nt", "j")

    return opens


@Language.component("policykg_sentences")
def set_sentences(doc: Doc) -> Doc:
    """Start a sentence after 。！？ and at line breaks; record sentence offsets."""
    text = doc_text(doc)
    offsets = word_offsets(doc)
    if not offsets:
        doc._.sentences = []
        return doc
    words = [text[s:e] for s, e in offsets]
    starts = [1] + [1 if (w in _SENTENCE_ENDS or "\n" in w) else -1 for w in words[:-1]]
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    bounds = [offsets[i][0] for i, flag in enumerate(starts) if flag == 1] + [len(text)]
    doc._.sentences = [(s, e) for s, e in itertools.pairwise(bounds) if text[s:e].strip()]
    return doc


@Language.component("policykg_heading")
def set_heading(doc: Doc) -> Doc:
    """Find the plan's title and period."""
    doc._.heading = find_heading(doc_text(doc))
    return doc


@Language.component("policykg_quantities")
def set_quantities(doc: Doc) -> Doc:
    """Find numbers with their units, and years."""
    doc._.quantities = numbers.find_quantities(doc_text(doc))
    doc._.years = numbers.find_years(doc_text(doc))
    return doc


@Language.component("policykg_places")
def set_places(doc: Doc) -> Doc:
    """Find administrative divisions and regions, resolved near the plan's own city."""
    index = place_index()
    accept = _accept_words(doc)
    heading = doc._.heading
    home = None
    if heading:
        for mention in index.find(heading.title, None):
            if mention.code:
                home = index.divisions[mention.code]
                break
    if home is None:
        home = index.home_in(doc_text(doc), accept)
    doc._.places = index.find(doc_text(doc), accept, home, _opening_words(doc))
    return doc


@Language.component("policykg_boxes")
def set_boxes(doc: Doc) -> Doc:
    """Find boxed lists (专栏N) and their numbered project items."""
    doc._.boxes = find_boxes(doc_text(doc))
    return doc


@Language.component("policykg_names")
def set_names(doc: Doc) -> Doc:
    """Find the names of institutions and projects."""
    place_spans = sorted((p.start, p.end) for p in doc._.places or [])
    starts = [ps for ps, _ in place_spans]
    # furthest[i]: the furthest end of the first i + 1 places by start, so one bisection answers.
    furthest = list(itertools.accumulate((pe for _, pe in place_spans), max))

    def is_place(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start)
        return i > 0 and end <= furthest[i - 1]

    doc._.names = find_names(doc_text(doc), word_offsets(doc), is_place, is_known_word, doc._.boxes)
    spans = []
    for mention in [*doc._.names, *(doc._.places or [])]:
        span = doc.char_span(mention.start, mention.end, label=mention.cls, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[SPAN_KEY] = spans
    return doc


@Language.component("policykg_outline")
def set_outline(doc: Doc) -> Doc:
    """Find the domains and their numbered tasks."""
    doc._.outline = read_outline(doc_text(doc))
    return doc


@Language.component("policykg_portfolios")
def set_portfolios(doc: Doc) -> Doc:
    """Find the stated groups of key projects with their counts, investments and statuses."""
    heading = doc._.heading
    first_year = heading.start_year if heading else None
    doc._.portfolio_items = find_portfolio_items(
        doc_text(doc), doc._.sentences, doc._.quantities, doc._.years, first_year
    )
    return doc


@Language.component("policykg_targets")
def set_targets(doc: Doc) -> Doc:
    """Find quantitative targets, skipping figures of portfolios and of projects listed in boxes."""
    taken = set()
    for item in doc._.portfolio_items:
        taken |= {(s, e) for s, e, _ in doc._.quantities if item.start <= s and e <= item.end}
    text = doc_text(doc)
    for box in doc._.boxes:
        for item in box.items:
            taken |= {(s, e) for s, e, _ in doc._.quantities if item.name_end <= s and e <= item.end}
    places = doc._.places or []
    names = {p.name for p in places if p.cls in ("City", "Province", "District", "County")}
    names |= {text[p.start : p.end] for p in places}
    heading = doc._.heading
    first_year = heading.start_year if heading else None
    # The document's date resolves 今年 and 明年.
    doc._.document_date = find_document_date(text)
    doc._.targets = find_targets(
        text,
        doc._.sentences,
        doc._.quantities,
        taken,
        tuple(names),
        first_year,
        document_year=find_document_year(text, heading.title if heading else None),
        title=heading.title if heading else None,
    )
    return doc

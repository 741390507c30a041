"""One word of an English label: its Chinese, its English so far, and where the English came from.

``segment`` cuts a piece of a name into tokens, ``resolve`` makes each token a ``Word`` and
``word_rules`` rewrites the words; ``labels`` composes them into a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from policykg.graph_builder.english.glossary import Term
from policykg.graph_builder.english.inflection import gerund
from policykg.numerals import CN_DIGITS

CONJUNCTIONS = frozenset({"and", "or"})
#: The Chinese numerals of line, phase and list numbers: the digits, 十 and 百.
NUMERALS = CN_DIGITS + "十百"


class Source(StrEnum):
    """Where the English of a word came from."""

    GLOSSARY = "glossary"
    CEDICT = "cedict"
    PINYIN = "pinyin"
    LITERAL = "literal"
    PUNCT = "punct"


@dataclass
class Word:
    """One word of a label: its Chinese, its English so far, and what the rules need to know of it."""

    zh: str
    en: str
    source: Source
    term: Term | None = None
    proper: bool = False
    verb: str | None = None
    noun: str | None = None
    ing: str | None = None

    def has(self, flag: str) -> bool:
        """Return whether the word's glossary entry carries ``flag``."""
        return self.term is not None and self.term.has(flag)

    def value(self, key: str) -> str | None:
        """Return a ``key=value`` tag of the word's glossary entry, or None."""
        return self.term.value(key) if self.term is not None else None


def glossary_word(term: Term) -> Word:
    """Make a word from a glossary entry."""
    is_verb = term.has("v")
    return Word(
        term.zh,
        term.en,
        Source.GLOSSARY,
        term,
        proper=term.has("pn"),
        verb=term.en if is_verb else None,
        noun=term.value("noun") or (gerund(term.en) if is_verb else None),
        ing=term.value("ing"),
    )

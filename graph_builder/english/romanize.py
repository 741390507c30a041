"""Pinyin romanization of Chinese names, word by word, for slugs and proper-name labels.

Readings come from ``policykg.pinyin``, the project's one pinyin reading, in ``lazy_pinyin``'s pieces
(text it does not read is kept as it stands); slugs are cut into jieba words first. Neither jieba nor
pypinyin is loaded before the first call.
"""

from __future__ import annotations

import re

from policykg.graph_builder.memo import kept_memo
from policykg.graph_builder.text.dictionary import fast_segmenter
from policykg.patterns import has_han
from policykg.pinyin import pinyin_pieces

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@kept_memo
def pinyin_words(text: str) -> tuple[str, ...]:
    """Return the toneless pinyin of each jieba word of ``text`` (non-Han tokens kept as they are)."""
    words = []
    for word in fast_segmenter().lcut(text):
        if has_han(word):
            words.append("".join(pinyin_pieces(word)).replace("ü", "v"))
        elif word.strip():
            words.append(word.strip())
    return tuple(words)


def romanize(text: str) -> str:
    """Return a proper name in pinyin with capitalized words, e.g. 泉城 -> "Quancheng"."""
    return " ".join(w.capitalize() for w in pinyin_words(text) if any(c.isalnum() for c in w))


def join_syllables(syllables: list[str] | tuple[str, ...]) -> str:
    """Join toneless pinyin syllables into one capitalized word, with the syllable apostrophe: Xi'an."""
    word = ""
    for syllable in syllables:
        syllable = syllable.lower().replace("u:", "u").replace("ü", "u").replace("v", "u")
        # GB/T 16159: a syllable starting with a, o or e after another syllable is marked off with '.
        word += ("'" if word and syllable[:1] in ("a", "o", "e") else "") + syllable
    return word[:1].upper() + word[1:]


# Characters with several readings that names read one way: 都 is du in names (成都, 京都), not the
# adverb dou ("all"); 长 is chang (长沙, 长安), not the verb zhang ("grow"). Labels only: slugs keep
# the general reading, so that IRIs do not change.
_NAME_READINGS = {"都": "du", "长": "chang"}


def romanize_word(word: str) -> str:
    """Return a proper name as one capitalized pinyin word: 泉城 -> "Quancheng", 西安 -> "Xi'an"."""
    pieces = pinyin_pieces(word)
    if len(pieces) == len(word):
        pieces = [_NAME_READINGS.get(char, piece) for char, piece in zip(word, pieces, strict=True)]
    syllables = [s for s in pieces if s.isalpha() and s.replace("ü", "u").isascii()]
    return join_syllables(syllables) if syllables else ""


def slugify(text: str, max_length: int = 80) -> str:
    """Return a lowercase ASCII slug of ``text``: pinyin words joined with hyphens."""
    slug = _NOT_SLUG.sub("-", "-".join(pinyin_words(text)).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "x"

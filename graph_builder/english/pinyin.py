"""Pinyin romanization of Chinese names, word by word, for slugs and proper-name labels.

Readings come from ``policykg.pinyin``, the project's one pinyin reading; slugs are cut into jieba words
first. Neither jieba nor pypinyin is loaded before the first call.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policykg.graph_builder.text.dictionary import segmenter
from policykg.patterns import HAN_RANGES, has_han
from policykg.pinyin import pinyin_syllables

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# pypinyin reads the numeral 〇 (not a Han character) as "ling"; no phrase of its dictionary holds it.
_ZERO, _ZERO_READING = "〇", "ling"
_READABLE_RUNS = re.compile(f"([{HAN_RANGES}{_ZERO}]+)")


@lru_cache(maxsize=8192)
def _has_reading(char: str) -> bool:
    """Return whether pypinyin's dictionary reads the Han character ``char``."""
    return bool(pinyin_syllables(char))


def _readings(text: str) -> list[str]:
    """Return the pinyin of ``text`` in pieces: one toneless syllable (ü as v) per Han character.

    The pieces are those that pypinyin's own converter returns: a run of other text is one piece, as
    it stands, and so is a Han character that has no reading; 〇 reads "ling".
    """
    pieces: list[str] = []
    for index, run in enumerate(_READABLE_RUNS.split(text)):
        if index % 2 == 0:
            if run:
                pieces.append(run)
            continue
        # No phrase spans a character without a reading: the run is read in parts around it.
        start = 0
        for position, char in enumerate(run):
            if char == _ZERO or not _has_reading(char):
                pieces.extend(pinyin_syllables(run[start:position]))
                pieces.append(_ZERO_READING if char == _ZERO else char)
                start = position + 1
        pieces.extend(pinyin_syllables(run[start:]))
    return pieces


@lru_cache(maxsize=65536)
def pinyin_words(text: str) -> tuple[str, ...]:
    """Return the toneless pinyin of each jieba word of ``text`` (non-Han tokens kept as they are)."""
    words = []
    for word in segmenter().lcut(text):
        if has_han(word):
            words.append("".join(_readings(word)).replace("ü", "v"))
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


def romanize_word(word: str) -> str:
    """Return a proper name as one capitalized pinyin word: 泉城 -> "Quancheng", 西安 -> "Xi'an"."""
    syllables = [s for s in _readings(word) if s.isalpha() and s.replace("ü", "u").isascii()]
    return join_syllables(syllables) if syllables else ""


def slugify(text: str, max_length: int = 80) -> str:
    """Return a lowercase ASCII slug of ``text``: pinyin words joined with hyphens."""
    slug = _NOT_SLUG.sub("-", "-".join(pinyin_words(text)).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "x"

"""jieba, the segmenter, and its dictionary: whether a word is in it (a word outside it is likely a
proper name) and how text falls apart by it alone.

jieba is imported, quietened and its dictionary loaded once, on first use, through ``segmenter()``:
every part of the builder that segments (the pipeline, the English labels, pinyin slugs) gets it here.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType


@cache
def segmenter() -> ModuleType:
    """Return the jieba module with its dictionary loaded and its progress messages silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba


def is_known_word(word: str) -> bool:
    """True if jieba's dictionary has the word."""
    return segmenter().dt.FREQ.get(word, 0) > 0


def dictionary_words(text: str) -> list[str]:
    """Segment with the dictionary alone (no HMM guesses), so unknown strings fall apart."""
    return segmenter().lcut(text, HMM=False)

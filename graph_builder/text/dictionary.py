"""Whether a word is in the segmenter's dictionary (a word outside it is likely a proper name)."""

from __future__ import annotations

import jieba


def is_known_word(word: str) -> bool:
    """True if jieba's dictionary has the word."""
    if not jieba.dt.initialized:
        jieba.dt.initialize()
    return jieba.dt.FREQ.get(word, 0) > 0


def dictionary_words(text: str) -> list[str]:
    """Segment with the dictionary alone (no HMM guesses), so unknown strings fall apart."""
    if not jieba.dt.initialized:
        jieba.dt.initialize()
    return jieba.lcut(text, HMM=False)

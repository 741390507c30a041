"""jieba, the segmenter, and its dictionary: whether a word is in it (a word outside it is likely a
proper name) and how text falls apart by it alone.

jieba is imported, quietened and its dictionary loaded once, on first use, through ``segmenter()``:
every part of the builder that segments (the pipeline, the English labels, pinyin slugs) gets it here.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from policykg.graph_builder.memo import kept_memo

if TYPE_CHECKING:
    import jieba


@cache
def segmenter() -> ModuleType:
    """Return the jieba module with its dictionary loaded and its progress messages silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    _load_jieba_cache(jieba)
    jieba.dt.check_initialized()
    return jieba


def _load_jieba_cache(jieba: ModuleType) -> None:
    """Load the default dictionary from jieba's own cache file, as ``jieba.initialize`` would, but with
    ``marshal.loads`` of the whole file: three times faster than jieba's ``marshal.load`` of a stream.

    Anything else (another dictionary, no cache yet, an unreadable one) is left to jieba.
    """
    dictionary = jieba.dt
    if dictionary.initialized or dictionary.dictionary != jieba.DEFAULT_DICT or dictionary.cache_file:
        return
    path = os.path.join(dictionary.tmp_dir or tempfile.gettempdir(), "jieba.cache")
    with dictionary.lock:
        try:
            freq, total = marshal.loads(Path(path).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if isinstance(freq, dict) and isinstance(total, int) and not dictionary.initialized:
            dictionary.FREQ, dictionary.total = freq, total
            dictionary.initialized = True


@cache
def _fast_class() -> type:
    """Return a jieba Tokenizer whose two inner loops (the DAG of dictionary words and the best route
    through it) are written for speed: the same lookups and the same floating-point sums in the same
    order as jieba's own, so the same words, with fewer dictionary lookups and no generator per
    character."""
    from math import log

    jieba = segmenter()

    class FastTokenizer(jieba.Tokenizer):
        def get_DAG(self, sentence: str) -> dict[int, list[int]]:
            self.check_initialized()
            freq = self.FREQ.get
            n = len(sentence)
            dag = {}
            for k in range(n):
                ends = []
                i, fragment = k, sentence[k]
                while (count := freq(fragment)) is not None:
                    if count:
                        ends.append(i)
                    i += 1
                    if i >= n:
                        break
                    fragment = sentence[k : i + 1]
                dag[k] = ends or [k]
            return dag

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:
            n = len(sentence)
            route[n] = (0, 0)
            logtotal = log(self.total)
            freq = self.FREQ.get
            for idx in range(n - 1, -1, -1):
                best = None
                for x in DAG[idx]:
                    # jieba's sum, term for term; the first of equal routes wins, as in max().
                    candidate = (log(freq(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x)
                    if best is None or candidate > best:
                        best = candidate
                route[idx] = best

    return FastTokenizer


def fast_tokenizer(freq: dict[str, int] | None = None, total: int | None = None) -> jieba.Tokenizer:
    """Return a new fast jieba tokenizer on the global dictionary (or on ``freq`` and ``total``)."""
    dictionary = segmenter().dt
    tokenizer = _fast_class()()
    tokenizer.FREQ = dictionary.FREQ if freq is None else freq
    tokenizer.total = dictionary.total if total is None else total
    tokenizer.initialized = True
    return tokenizer


@cache
def fast_segmenter() -> jieba.Tokenizer:
    """Return the one fast tokenizer of the global dictionary: it cuts as ``jieba.cut`` cuts."""
    return fast_tokenizer()


def is_known_word(word: str) -> bool:
    """True if jieba's dictionary has the word."""
    return segmenter().dt.FREQ.get(word, 0) > 0


def dictionary_words(text: str) -> list[str]:
    """Segment with the dictionary alone (no HMM guesses), so unknown strings fall apart."""
    return list(_dictionary_words(text))


@kept_memo
def _dictionary_words(text: str) -> tuple[str, ...]:
    """The words of ``dictionary_words``, kept: the rules ask about the same names and phrases again."""
    return tuple(fast_segmenter().cut(text, HMM=False))

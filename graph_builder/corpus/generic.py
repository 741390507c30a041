"""Whether a name is generic (人民医院, 中医院, 高新区: every word of it common) or proper (之江实验室,
比亚迪), by the part-of-speech tags of jieba's own dictionary: a place (ns), person (nr), organization
(nt), other proper noun (nz) or Latin word (eng), and a word the dictionary does not know, mark a proper
name. A dictionary word is read through the words it is made of (中医院 = 中医 + 院, both common;
宣武医院 = 宣武 + 医院, a place), so that the dictionary's own entries for generic institutions do not
count as proper nouns."""

from __future__ import annotations

import math
import re
from functools import cache

from policykg.graph_builder.text.dictionary import dictionary_words, segmenter

# The dictionary tags of proper nouns.
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz", "eng"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# A Latin word of two letters or more (LAOX, AIRSAT); one letter with digits is a serial (T3, 5G).
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@cache
def _tags() -> dict[str, str]:
    """Return every word of jieba's dictionary with its tag (the dictionary file's third column)."""
    with segmenter().dt.get_dict_file() as handle:
        lines = handle.read().decode("utf-8").splitlines()
    return {word: tag for word, _, tag in (line.split(" ") for line in lines if line.count(" ") == 2)}


def _frequency(word: str) -> int:
    return segmenter().dt.FREQ.get(word, 0)


def _unknown_run(pieces: list[str]) -> bool:
    """True if two or more single characters stand in a row: a word the dictionary does not know."""
    run = 0
    for piece in pieces:
        run = run + 1 if len(piece) == 1 and _HAN.match(piece) else 0
        if run >= 2:
            return True
    return False


@cache
def parts(word: str) -> tuple[str, ...]:
    """Return the dictionary words a word of three characters or more is made of (the likeliest split,
    as jieba scores one), or () when it is no compound of known words."""
    n = len(word)
    if n < 3:
        return ()
    total = math.log(segmenter().dt.total)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[n] = (0.0, n)
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n + 1):
            piece = word[i:j]
            if (i, j) == (0, n) or best[j] is None or not _frequency(piece):
                continue
            score = math.log(_frequency(piece)) - total + best[j][0]
            if best[i] is None or score > best[i][0]:
                best[i] = (score, j)
    if best[0] is None:
        return ()
    out, i = [], 0
    while i < n:
        j = best[i][1]
        out.append(word[i:j])
        i = j
    return () if _unknown_run(out) else tuple(out)


def _proper_word(word: str) -> bool:
    """True if a dictionary word is a proper noun: through its parts when it is a compound, else its tag."""
    if _LATIN_WORD.search(word):
        return True
    if not _HAN.search(word):
        return False
    pieces = parts(word)
    if pieces:
        return any(_proper_word(p) for p in pieces if len(p) > 1)
    return len(word) > 1 and _tags().get(word) in PROPER_TAGS


def is_generic(name: str) -> bool:
    """True if every word of ``name`` is a common word: no place, person, organization or other proper
    noun, no Latin word and no word the dictionary does not know (人民医院, 第一中学, T3航站楼)."""
    words = [w for w in dictionary_words(name) if _HAN.search(w) or _LATIN.search(w)]
    if not words or _unknown_run(words):
        return False
    return not any(_proper_word(w) for w in words)

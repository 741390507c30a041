"""The one pinyin reading of Chinese text: toneless syllables from pypinyin's dictionaries.

Forward maximum matching over pypinyin's phrase dictionary (as pypinyin's own segmenter does) with
plain dictionary look-ups, several times faster than ``lazy_pinyin``. pypinyin's dictionaries cost
some 55 MB, so they are loaded on the first call, never at import: the builder's slugs and labels,
the server's search and the viewer read pinyin here, and a server that never reads pinyin never pays.

The builder writes each entity's reading into the graph (``skos:hiddenLabel "ji nan shi"@zh-latn-pinyin``,
SKOS's label for search that displays do not show), so a server of a built graph finds it there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache

from policykg.patterns import HAN, HAN_RANGES

#: The BCP 47 language tag of a pinyin reading: Chinese in Latin script, the pinyin variant. Written
#: in lower case, as RDF stores (Oxigraph among them) normalize tags, so every format says the same.
PINYIN_LANGUAGE = "zh-latn-pinyin"

#: The longest phrase looked up in pypinyin's phrase dictionary (its longest entries are idioms).
_MAX_PHRASE = 6
_HAN_OR_OTHER_RUNS = re.compile(f"[{HAN_RANGES}]+|[^{HAN_RANGES}]+")
_NOT_PINYIN = re.compile(r"[^a-z0-9]+")


@cache
def _dictionaries() -> tuple[Mapping[str, list[list[str]]], Mapping[int, str], frozenset[str]]:
    """Return pypinyin's phrase and character dictionaries and the openings of its phrases."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    starts = frozenset(phrase[:2] for phrase in PHRASES_DICT if len(phrase) > 1)
    return PHRASES_DICT, PINYIN_DICT, starts


@lru_cache(maxsize=4096)
def _plain(syllable: str) -> str:
    """Return a tone-marked syllable without tones, ü written v: "lǜ" -> "lv"."""
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _han_syllables(run: str) -> list[str]:
    """Return the pinyin of a run of Han characters, longest dictionary phrase first."""
    phrases, characters, starts = _dictionaries()
    syllables: list[str] = []
    position, end = 0, len(run)
    while position < end:
        if run[position : position + 2] in starts:
            for length in range(min(_MAX_PHRASE, end - position), 1, -1):
                readings = phrases.get(run[position : position + length])
                if readings:
                    syllables.extend(_plain(reading[0]) for reading in readings)
                    position += length
                    break
            else:
                readings = None
            if readings:
                continue
        reading = characters.get(ord(run[position]))
        if reading:
            syllables.append(_plain(reading.split(",", 1)[0]))
        position += 1
    return syllables


def pinyin_syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of ``text`` (ü as v); other letters and digits kept whole.

    >>> pinyin_syllables("重庆银行（AI）")
    ['chong', 'qing', 'yin', 'hang', 'ai']
    """
    syllables: list[str] = []
    for run in _HAN_OR_OTHER_RUNS.findall(text):
        if HAN.match(run):
            syllables.extend(_han_syllables(run))
        else:
            syllables.extend(_NOT_PINYIN.sub(" ", run.lower()).split())
    return syllables


def pinyin_reading(text: str) -> str:
    """Return the reading of ``text`` as its syllables separated by spaces: 济南市 -> "ji nan shi"."""
    return " ".join(pinyin_syllables(text))

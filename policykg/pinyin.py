"""The one pinyin reading of Chinese text: toneless syllables from pypinyin's dictionaries.

Forward maximum matching over pypinyin's phrase dictionary (as pypinyin's own segmenter does) with
plain dictionary look-ups, several times faster than ``lazy_pinyin``, and reading as ``lazy_pinyin``
does: one syllable per Han character that has a reading, the numeral 〇 as "ling". pypinyin's
dictionaries cost some 55 MB, so they are loaded on the first call, never at import: the builder's
slugs, labels and readings, the server's search and the viewer read pinyin here, and a server that
never reads pinyin never pays.

The builder writes the reading of each Chinese name into the graph (``skos:hiddenLabel "ji nan
shi"@zh-latn-pinyin``, SKOS's label for search that displays do not show), so a server of a built
graph finds it there: ``reading_syllables`` splits a stored reading and ``pair_readings`` tells which
name it reads, neither with pypinyin.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

from policykg.patterns import HAN_RANGES, has_han

#: The BCP 47 language tag of a pinyin reading: Chinese in Latin script, the pinyin variant. Written
#: in lower case, as RDF stores (Oxigraph among them) normalize tags, so every format says the same.
PINYIN_LANGUAGE = "zh-latn-pinyin"

#: The longest phrase looked up in pypinyin's phrase dictionary (its longest entries are idioms).
_MAX_PHRASE = 6
# Runs of what pypinyin reads (Han characters and the numeral 〇, not a Han character) as the odd
# items of a split, the other text around them as the even ones.
_READABLE_RUNS = re.compile(f"([{HAN_RANGES}〇]+)")
_NOT_PINYIN = re.compile(r"[^a-z0-9]+")


# Bump when what ``_read_dictionaries`` keeps, or how ``_plain`` writes a syllable, changes.
_CACHE_FORMAT = b"pinyin-1"


@cache
def _dictionaries() -> tuple[Mapping[str, tuple[str, ...]], Mapping[int, str], frozenset[str]]:
    """Return the toneless readings of pypinyin's phrases and characters, and the openings of its phrases.

    Importing pypinyin parses its JSON dictionaries (the better part of a second); what is read from
    them is cached (policykg.data.cached), keyed by the checksums of those files.
    """
    from importlib.util import find_spec

    from policykg.data import cached

    spec = find_spec("pypinyin")
    folders = spec.submodule_search_locations if spec else None
    if not folders or os.environ.get("PYPINYIN_NO_PHRASES"):
        return _read_dictionaries()
    try:
        sources = [Path(folders[0], name).read_bytes() for name in ("phrases_dict.json", "pinyin_dict.json")]
    except OSError:
        return _read_dictionaries()
    return cached("pinyin", [*sources, _CACHE_FORMAT], _read_dictionaries, tuple)


def _read_dictionaries() -> tuple[dict[str, tuple[str, ...]], dict[int, str], frozenset[str]]:
    """Read pypinyin's dictionaries: each phrase's syllables and each character's first reading, toneless."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    phrases = {phrase: tuple(_plain(r[0]) for r in readings) for phrase, readings in PHRASES_DICT.items()}
    characters = {code: _plain(r.split(",", 1)[0]) for code, r in PINYIN_DICT.items() if r}
    starts = frozenset(phrase[:2] for phrase in PHRASES_DICT if len(phrase) > 1)
    return phrases, characters, starts


@lru_cache(maxsize=4096)
def _plain(syllable: str) -> str:
    """Return a tone-marked syllable without tones, ü written v: "lǜ" -> "lv"."""
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _han_pieces(run: str) -> Iterator[tuple[str, bool]]:
    """Yield the pinyin of a run of Han characters, longest dictionary phrase first, as (syllable,
    True), and each character without a reading as (character, False).

    A phrase reading has one syllable per character, and no phrase holds a character without one.
    """
    phrases, characters, starts = _dictionaries()
    position, end = 0, len(run)
    while position < end:
        if run[position : position + 2] in starts:
            for length in range(min(_MAX_PHRASE, end - position), 1, -1):
                readings = phrases.get(run[position : position + length])
                if readings:
                    for syllable in readings:
                        yield syllable, True
                    position += length
                    break
            else:
                readings = None
            if readings:
                continue
        syllable = characters.get(ord(run[position]))
        if syllable is not None:
            yield syllable, True
        else:
            yield run[position], False
        position += 1


def _pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Yield the syllables of ``text`` as (syllable, True) and the text left unread as (text, False):
    each run of other text, and each Han character without a reading."""
    for index, run in enumerate(_READABLE_RUNS.split(text)):
        if index % 2:
            yield from _han_pieces(run)
        elif run:
            yield run, False


def reading_syllables(reading: str) -> list[str]:
    """Split a reading into its syllables: lower case, anything but ASCII letters and digits separating.

    >>> reading_syllables("Ji nan shi, 5G")
    ['ji', 'nan', 'shi', '5g']
    """
    return _NOT_PINYIN.sub(" ", reading.lower()).split()


def pinyin_syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of ``text`` (ü as v): other text is split as
    ``reading_syllables`` splits a reading, and Han characters without a reading are dropped.

    >>> pinyin_syllables("重庆银行（AI）二〇二三")
    ['chong', 'qing', 'yin', 'hang', 'ai', 'er', 'ling', 'er', 'san']
    """
    syllables: list[str] = []
    for piece, read in _pieces(text):
        if read:
            syllables.append(piece)
        else:
            syllables.extend(reading_syllables(piece))
    return syllables


def pinyin_pieces(text: str) -> list[str]:
    """Return the pinyin of ``text`` in ``lazy_pinyin``'s pieces: a syllable per Han character that has
    a reading; each run of other text, and each Han character without a reading, as it stands.

    >>> pinyin_pieces("5G基站㐂")
    ['5G', 'ji', 'zhan', '㐂']
    """
    return [piece for piece, _ in _pieces(text)]


def pinyin_reading(text: str) -> str:
    """Return the reading of ``text`` as its syllables separated by spaces: 济南市 -> "ji nan shi"."""
    return " ".join(pinyin_syllables(text))


def syllable_count(name: str) -> int:
    """Return how many syllables ``pinyin_syllables`` gives for ``name`` when each of its Han characters
    has a reading (all but a few rare ones do): one per Han character or 〇, one per ASCII letter and
    digit run of the other text. Pure: no dictionary is loaded.

    >>> syllable_count("泉城算力中心（AI）")
    7
    """
    return sum(
        len(run) if index % 2 else len(reading_syllables(run))
        for index, run in enumerate(_READABLE_RUNS.split(name))
    )


def pair_readings(names: Sequence[str], readings: Iterable[str]) -> list[tuple[str, str | None]]:
    """Pair each stored reading with the name it reads, by syllable count, without a dictionary.

    ``names`` are an entity's names, its preferred label first; the builder stores one reading for
    each name holding Han characters. A reading is paired only where that is certain: it is the one
    reading with its syllable count (``syllable_count``), and then it reads every name of that count
    (names that sound alike share it); the first such name, in the order given, is returned. Readings
    of a count that several names have and that differ (a name and its misprint, 神农 and 神衣) cannot
    be told apart without a dictionary, and a reading that fits no name (a name holding a character
    that has no reading) has no name: both are paired with None rather than guessed.

    >>> pair_readings(["济南市", "泉城", "济南市政府"], ["ji nan shi zheng fu", "quan cheng", "ji nan shi"])
    [('ji nan shi', '济南市'), ('ji nan shi zheng fu', '济南市政府'), ('quan cheng', '泉城')]
    """
    by_count: dict[int, list[str]] = {}
    for name in dict.fromkeys(names):
        if has_han(name):
            by_count.setdefault(syllable_count(name), []).append(name)
    distinct = sorted(set(readings))
    counts = [len(reading_syllables(reading)) for reading in distinct]
    return [
        (reading, by_count[count][0] if count in by_count and counts.count(count) == 1 else None)
        for reading, count in zip(distinct, counts, strict=True)
    ]

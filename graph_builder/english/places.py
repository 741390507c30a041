"""The administrative divisions inside a name, so that their names keep their pinyin.

The division data (the place index of ``policykg.graph_builder.text.places``) knows every province,
city, district and county by its full name (朝阳区) and its short form (朝阳). Inside a name, a full
division name, or the short form of a province or city, is one word where the glossary's entries would
cut it (东 + 城区 + 政府 is wrong, as is 防城 + 港); a province's or city's short form that CC-CEDICT
also reads as a place is a place, even where CC-CEDICT lists a common sense first (大理 is Dali, not
"judicial officer"). Short forms of districts and counties, often common words elsewhere (中原,
白云), and short forms that CC-CEDICT knows only as common words (灯塔) are left to the other rules.
"""

from __future__ import annotations

from functools import lru_cache

from policykg.graph_builder.english import cedict
from policykg.graph_builder.english.glossary import glossary

_UPPER_LEVELS = frozenset({"Province", "City"})


def division_spans(text: str) -> list[tuple[int, int, bool]]:
    """Return (start, end, whole) of division names in ``text`` that the glossary does not hold whole.

    ``whole`` is true for a full name (朝阳区), false for the short form of a province or city (防城港).
    """
    from policykg.graph_builder.text.places import place_index

    terms, index = glossary(), place_index()
    spans = []
    for start, end, _ in index.full.finditer(text):
        if end - start >= 3 and text[start:end] not in terms:
            spans.append((start, end, True))
    taken = {i for start, end, _ in spans for i in range(start, end)}
    for start, end, divisions in index.short.finditer(text):
        upper = any(d.cls in _UPPER_LEVELS for d in divisions)
        if upper and end - start >= 3 and text[start:end] not in terms and not taken & set(range(start, end)):
            spans.append((start, end, False))
    return sorted(spans)


@lru_cache(maxsize=16384)
def is_division_stem(word: str) -> bool:
    """Return whether ``word`` is a province's or city's short form that CC-CEDICT reads as a place."""
    from policykg.graph_builder.text.places import place_index

    divisions = next((ds for end, ds in place_index().short.matches_at(word, 0) if end == len(word)), [])
    upper = any(d.cls in _UPPER_LEVELS for d in divisions)
    return upper and cedict.proper_pinyin(word) is not None

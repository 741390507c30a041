"""Administrative divisions for the corpus decisions: a name's division, whether one division lies within
another (by GB/T 2260 code), and the place a name opens with."""

from __future__ import annotations

from functools import cache

from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.places import Division, place_index

# The classes of the records (EntityRecord.cls) that are places rather than things in them.
PLACE_CLASSES = frozenset({"Province", "City", "District", "County", "Region", "AdministrativeDivision"})


@cache
def _by_full_name() -> dict[str, tuple[Division, ...]]:
    names: dict[str, list[Division]] = {}
    for division in place_index().divisions.values():
        names.setdefault(division.name, []).append(division)
    return {name: tuple(ds) for name, ds in names.items()}


def division_of(name: str | None, near: str | None = None) -> Division | None:
    """Return the one division a full or short name means (the one nearest the code ``near`` if several)."""
    if not name:
        return None
    candidates = _by_full_name().get(name, ())
    if len(candidates) > 1 and near:
        for prefix in (4, 2):
            close = [d for d in candidates if d.code[:prefix] == near[:prefix]]
            if len(close) == 1:
                return close[0]
    if len(candidates) == 1:
        return candidates[0]
    return place_index().division_named(name) if not candidates else None


def division_parent(code: str) -> str:
    """Return the name of the division that the one coded ``code`` lies in ("" for a province or none)."""
    divisions = place_index().divisions
    division = divisions.get(code)
    parent = divisions.get(division.parent) if division and division.parent else None
    return parent.name if parent else ""


def ancestors_of(code: str) -> list[Division]:
    """Return the divisions that the one coded ``code`` lies in, nearest first."""
    divisions = place_index().divisions
    out: list[Division] = []
    division = divisions.get(code)
    while division is not None and division.parent and division.parent in divisions:
        division = divisions[division.parent]
        out.append(division)
    return out


def level(code: str) -> int:
    """Return how many leading digits of a code name the division: 2 province, 4 city, 6 county."""
    return 2 if code.endswith("0000") else 4 if code.endswith("00") else 6


def within(inner: str, outer: str) -> bool:
    """True if the division coded ``inner`` lies inside the one coded ``outer`` (370102 in 370100)."""
    n = level(outer)
    return inner != outer and level(inner) > n and inner[:n] == outer[:n]


def leading_place(name: str, near: str | None = None) -> tuple[str, Division] | None:
    """Return the division a name opens with, as written (济南, 济南市), when it ends on a word boundary
    of the dictionary's segmentation (济南/泉城/实验室, not 山东大学) and something follows it."""
    index = place_index()
    boundaries, at = set(), 0
    for word in dictionary_words(name):
        at += len(word)
        boundaries.add(at)
    for gazetteer in (index.full, index.short):
        for end, candidates in gazetteer.matches_at(name, 0):
            if end >= len(name) or end not in boundaries:
                continue
            division = _pick(candidates, near)
            if division is not None:
                return name[:end], division
    return None


def _pick(candidates: list[Division], near: str | None) -> Division | None:
    """Return the one candidate division: the only one, the one near ``near``, or the only higher one."""
    if len(candidates) == 1:
        return candidates[0]
    if near:
        for prefix in (4, 2):
            close = [d for d in candidates if d.code[:prefix] == near[:prefix]]
            if len(close) == 1:
                return close[0]
    higher = [d for d in candidates if d.cls in ("Province", "City")]
    return higher[0] if len(higher) == 1 else None

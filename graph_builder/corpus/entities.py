"""Named entities across documents: one identity (class, name, place) for each thing, whatever document
names it. A name that identifies its entity on its own (之江实验室, 济南泉城实验室) has no place; a generic
name (人民医院, 市中心医院) is the one of the document's home place, so that two counties' 人民医院 are two
hospitals while 市中心医院 in a plan of 济南市 and 济南市中心医院 are one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from policykg.graph_builder.corpus.classes import depth, on_one_line
from policykg.graph_builder.corpus.generic import is_generic
from policykg.graph_builder.corpus.places import (
    PLACE_CLASSES,
    ancestors_of,
    division_of,
    division_parent,
    leading_place,
    within,
)
from policykg.graph_builder.corpus.text import fold
from policykg.graph_builder.corpus.works import Source, place_code
from policykg.graph_builder.memo import kept_memo
from policykg.graph_builder.records import EntityRecord
from policykg.graph_builder.text.dictionary import dictionary_words
from policykg.graph_builder.text.places import Division

# The words that open the name of a national institution: its place is the country (国家实验室…).
_NATIONAL = ("国家", "全国", "中国", "中华人民共和国")
# The level words that, alone in front of a name, stand for the document's own division (市中心医院).
_LEVELS = frozenset("省市州盟县区旗")


def identity(entity: EntityRecord, home: str | None) -> tuple[str, str, str]:
    """Return (class, name, place): place "" for a name that identifies its entity on its own; for a
    generic name, the document's home place (``home``, PlanRecord.city), written into the name too; for
    a division, the division it lies in."""
    name = fold(entity.name)
    if entity.cls in PLACE_CLASSES:
        return entity.cls, name, _parent(entity)
    return (entity.cls, *_name_and_place(name, home))


def _parent(entity: EntityRecord) -> str:
    """The division a division lies in, by its code (two 朝阳区 are two districts); "" for a province."""
    if entity.division_code:
        return division_parent(entity.division_code)
    return fold(entity.within or "")


@kept_memo
def _name_and_place(name: str, home: str | None) -> tuple[str, str]:
    division = division_of(home)
    lead = leading_place(name, division.code if division else None)
    if lead is not None:
        written, place = lead
        rest = _without_level(name[len(written) :], place.name)
        if rest and _local(rest):
            return place.name + rest, place.name
        return name, ""
    words = dictionary_words(name)
    if not home or not words or words[0] in _NATIONAL:
        return name, ""
    if words[0] in _LEVELS or is_generic(name):
        place_name = _designated(words[0], division) or fold(home)
        return place_name + _without_level(name, place_name), place_name
    return name, ""


def _designated(word: str, home: Division | None) -> str | None:
    """The division a name's opening level word stands for: the home division or the one above it of that
    level (省人民医院 in a city's plan is its province's hospital); the home division for other names."""
    if home is None:
        return None
    chain = [home, *ancestors_of(home.code)]
    if word in _LEVELS:
        return next((d.name for d in chain if d.name.endswith(word)), home.name)
    return home.name


def _without_level(name: str, place: str) -> str:
    """Drop the level word of ``place`` from the front of a name (市中心医院 of 济南市 -> 中心医院)."""
    return name[1:] if len(name) > 2 and name[0] in _LEVELS and name[0] == place[-1] else name


def _local(name: str) -> bool:
    """True for a name that needs its place: generic, or opening with a level word."""
    words = dictionary_words(name)
    return bool(words) and words[0] not in _NATIONAL and (words[0] in _LEVELS or is_generic(name))


@dataclass(frozen=True)
class _Mention:
    source: int
    entity: EntityRecord
    node: tuple[str, str, str]  # (family, name, place)
    name: str
    place: str


def _family(cls: str) -> str:
    return "place" if cls in PLACE_CLASSES else "thing"


def reconcile(sources: Sequence[Source]) -> dict[tuple[int, str, str], tuple[str, str, str]]:
    """Return (source index, class, name) -> the canonical identity of each entity across the sources.

    One name in one place is one entity, of the most specific class the sources give it (Laboratory over
    Institution; between unrelated classes, the one most sources give). A name equal to another source's
    entity's alternative label, of a class on one line with it, joins that entity; so does a name that
    another source writes after a place it lies in (泉城实验室 in a plan of 济南市 and 济南泉城实验室)."""
    homes = [s.plan.city for s in sources]
    codes = [place_code(s.plan) for s in sources]
    mentions: list[_Mention] = []
    for i, source in enumerate(sources):
        for entity in source.plan.entities:
            cls, name, place = identity(entity, homes[i])
            mentions.append(_Mention(i, entity, (_family(cls), name, place), name, place))
    parent: dict[tuple[str, str, str], tuple[str, str, str]] = {m.node: m.node for m in mentions}

    def root(node: tuple[str, str, str]) -> tuple[str, str, str]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_node: dict[tuple[str, str, str], list[_Mention]] = {}
    for m in mentions:
        by_node.setdefault(m.node, []).append(m)
    for m in mentions:
        for alias in _aliases(m, homes[m.source], codes[m.source]):
            for other in by_node.get(alias[0], []):
                if (
                    other.source != m.source
                    and on_one_line(other.entity.cls, m.entity.cls)
                    and (alias[1] is None or _inside(codes[other.source], alias[1]))
                ):
                    join(m.node, other.node)
    groups: dict[tuple[str, str, str], list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(root(m.node), []).append(m)
    out: dict[tuple[int, str, str], tuple[str, str, str]] = {}
    for members in groups.values():
        cls = _most_specific([m.entity.cls for m in members])
        names = Counter((m.name, m.place) for m in members)
        first = {}
        for m in members:
            first.setdefault((m.name, m.place), m.source)
        name, place = min(names, key=lambda k: (-names[k], first[k], k))
        for m in members:
            out[(m.source, m.entity.cls, m.entity.name)] = (cls, name, place)
    return out


def _aliases(
    mention: _Mention, home: str | None, code: str | None
) -> list[tuple[tuple[str, str, str], str | None]]:
    """Return the nodes a mention may join in other sources, each with the division code the other
    source's home must lie in (None: any): its alternative labels, and its name without a leading place."""
    family = mention.node[0]
    out: list[tuple[tuple[str, str, str], str | None]] = []
    for alt in mention.entity.alt_labels:
        name, place = (fold(alt), mention.place) if family == "place" else _name_and_place(fold(alt), home)
        out.append(((family, name, place), None))
    if family == "thing" and not mention.place:
        lead = leading_place(mention.name, code)
        if lead is not None and mention.name[len(lead[0]) :]:
            out.append(((family, mention.name[len(lead[0]) :], ""), lead[1].code))
    return out


def _inside(code: str | None, place: str) -> bool:
    """True if a document's home division is the place or lies within it."""
    return code is not None and (code == place or within(code, place))


def _most_specific(classes: list[str]) -> str:
    """Return the deepest class in the hierarchy; between equals, the most frequent, then the first."""
    counts = Counter(classes)
    return min(dict.fromkeys(classes), key=lambda c: (-depth(c), -counts[c], classes.index(c)))

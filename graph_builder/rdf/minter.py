"""The only place that mints IRIs for named data: entities and plans, from the pinyin of their names.

IRIs are readable, language-neutral and stable: the same document always yields the same IRIs.
Entities: ``{base}id/{class}/{pinyin-slug}``; a generic name that needs its place to identify it (two
counties' 人民医院) is slugged with its place first; plan parts hang under the plan's IRI and target
series under ``{base}id/series/``. When two different identities of one class share a slug, each gets a
short hash of its Chinese name (and place) appended, so that no IRI depends on the order in which names
were met. The IRIs that need no name are
``policykg.iris.IriScheme``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from policykg.graph_builder.english.romanize import slugify
from policykg.iris import DEFAULT_BASE, IriScheme, class_segment, short_hash


class IriMinter(IriScheme):
    """Mint IRIs under one base; entity IRIs are resolved for collisions once all names are known."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        super().__init__(base)
        self._entities: dict[tuple[str, str, str], str] = {}

    def register_entities(self, keys: Iterable[tuple[str, str] | tuple[str, str, str]]) -> None:
        """Assign IRIs to (class, zh name) or (class, zh name, place) identities, hashing slugs that collide.

        All identities that will be minted should be registered at once: a collision found later would
        rename an IRI already handed out.
        """
        by_iri: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        for key in keys:
            cls, name, place = (*key, "")[:3]
            qualified = name if name.startswith(place) else place + name
            by_iri[f"id/{class_segment(cls)}/{slugify(qualified)}"].add((cls, name, place))
        for path, group in by_iri.items():
            for cls, name, place in group:
                suffix = f"-{short_hash(place + name)}" if len(group) > 1 else ""
                self._entities[(cls, name, place)] = self.base + path + suffix

    def entity(self, cls: str, name: str, place: str = "") -> str:
        """Return the IRI of a registered entity identity (registering it alone if it is new)."""
        if (cls, name, place) not in self._entities:
            self.register_entities([(cls, name, place)])
        return self._entities[(cls, name, place)]

    def series(self, place: str, metric: str) -> str:
        """Return the IRI of the series of targets of ``metric`` for ``place``."""
        return f"{self.base}id/series/{slugify(place)}/{slugify(metric, max_length=60)}"

    def plan(self, title: str) -> str:
        """Return the IRI of a plan from its title."""
        return f"{self.base}id/plan/{slugify(title, max_length=100)}"

"""The only place that mints IRIs for named data: entities and plans, from the pinyin of their names.

IRIs are readable, language-neutral and stable: the same document always yields the same IRIs.
Entities: ``{base}id/{class}/{pinyin-slug}``; plan parts hang under the plan's IRI. When two
different names of one class share a slug, each gets a short hash of its Chinese name appended, so
that no IRI depends on the order in which names were met. The IRIs that need no name are
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
        self._entities: dict[tuple[str, str], str] = {}

    def register_entities(self, keys: Iterable[tuple[str, str]]) -> None:
        """Assign IRIs to (class, zh name) keys, hashing the slugs that collide."""
        by_iri: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for cls, name in keys:
            by_iri[f"id/{class_segment(cls)}/{slugify(name)}"].add((cls, name))
        for path, group in by_iri.items():
            for cls, name in group:
                suffix = f"-{short_hash(name)}" if len(group) > 1 else ""
                self._entities[(cls, name)] = self.base + path + suffix

    def entity(self, cls: str, name: str) -> str:
        """Return the IRI of a registered entity (registering it alone if it is new)."""
        if (cls, name) not in self._entities:
            self.register_entities([(cls, name)])
        return self._entities[(cls, name)]

    def plan(self, title: str) -> str:
        """Return the IRI of a plan from its title."""
        return f"{self.base}id/plan/{slugify(title, max_length=100)}"

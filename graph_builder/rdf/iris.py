"""The only place that mints IRIs for data, and turns them into server paths and back.

IRIs are readable, language-neutral and stable: the same document always yields the same IRIs.
Entities: ``{base}id/{class}/{pinyin-slug}``; plan parts hang under the plan's IRI. When two
different names of one class share a slug, each gets a short hash of its Chinese name appended, so
that no IRI depends on the order in which names were met.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from policykg.graph_builder.english.pinyin import slugify
from policykg.ontology.namespaces import DEFAULT_BASE

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def class_segment(cls: str) -> str:
    """Return the path segment for an ontology class local name: IndustrialPark -> industrial-park."""
    return _CAMEL.sub("-", cls).lower()


def short_hash(text: str, length: int = 6) -> str:
    """Return a short, stable hexadecimal hash of ``text``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


class IriMinter:
    """Mint IRIs under one base; entity IRIs are resolved for collisions once all names are known."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._entities: dict[tuple[str, str], str] = {}

    def register_entities(self, keys: Iterable[tuple[str, str]]) -> None:
        """Assign IRIs to (class, zh name) keys, hashing the slugs that collide."""
        by_iri: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for cls, name in keys:
            by_iri[self._entity_path(cls, slugify(name))].add((cls, name))
        for path, group in by_iri.items():
            for cls, name in group:
                suffix = f"-{short_hash(name)}" if len(group) > 1 else ""
                self._entities[(cls, name)] = self.base + path + suffix

    def entity(self, cls: str, name: str) -> str:
        """Return the IRI of a registered entity (registering it alone if it is new)."""
        if (cls, name) not in self._entities:
            self.register_entities([(cls, name)])
        return self._entities[(cls, name)]

    def _entity_path(self, cls: str, slug: str) -> str:
        return f"id/{class_segment(cls)}/{slug}"

    def plan(self, title: str) -> str:
        """Return the IRI of a plan from its title."""
        return f"{self.base}id/plan/{slugify(title, max_length=100)}"

    def document(self, sha256: str) -> str:
        """Return the IRI of a source document from the checksum of its normalized text."""
        return f"{self.base}id/document/{sha256[:16]}"

    def build(self, fingerprint: str) -> str:
        """Return the IRI of a build activity from a fingerprint of its inputs and software."""
        return f"{self.base}id/build/{fingerprint[:16]}"

    def agent(self, version: str) -> str:
        """Return the IRI of the policykg software agent of one version."""
        return f"{self.base}id/agent/policykg-{version}"

    def year(self, year: int) -> str:
        """Return the IRI of a calendar year as an OWL-Time instant."""
        return f"{self.base}id/year/{year}"

    def finding(self, focus: str, check: str, measure: str, other: str | None = None) -> str:
        """Return the IRI of an audit finding about ``focus``, stable across rebuilds of one document.

        ``check`` and ``measure`` name what was compared (``parts-sum``, ``project-count``); ``other``
        is a second entity that the finding compares ``focus`` with, hashed to keep the IRI short.
        """
        suffix = f"-{short_hash(other)}" if other else ""
        return self.child(focus, "finding", f"{check}-{measure}{suffix}")

    def findings_graph(self) -> str:
        """Return the name of the graph that holds the audit findings, apart from the facts."""
        return f"{self.base}graph/findings"

    def audit_report(self, plan: str | None) -> str:
        """Return the IRI of the audit report of a plan (or of the whole graph when there is none)."""
        return self.child(plan, "audit") if plan else f"{self.base}id/audit"

    @staticmethod
    def child(parent: str, *segments: str | int) -> str:
        """Return the IRI of a part under a parent IRI (domain, task, portfolio, target, span)."""
        return parent + "".join(f"/{quote(str(s), safe='-_.')}" for s in segments)


def path_for(iri: str, base: str) -> str | None:
    """Return the server path (``/id/...``) for an IRI under ``base``, or None if it is elsewhere."""
    if not iri.startswith(base):
        return None
    return "/" + iri[len(base) :]


def iri_for(path: str, base: str) -> str:
    """Return the IRI that a server path (``/id/...``) stands for under ``base``."""
    return base + path.lstrip("/")


def void_iri(base: str, part: str | None = None) -> str:
    """Return the IRI of the VoID description (``{base}void``) or of a part of it (``{base}void#dataset``)."""
    return f"{base}void" + (f"#{part}" if part else "")


def void_partition(base: str, kind: str, term: str) -> str:
    """Return the IRI of a VoID class or property partition, e.g. ``{base}void#class-Plan-1a2b3c``."""
    local = re.split(r"[#/]", term.rstrip("/#"))[-1]
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", local).strip("-") or "x"
    return void_iri(base, f"{kind}-{slug}-{short_hash(term)}")

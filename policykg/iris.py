"""The IRI scheme that the builder, the checks and the server share, and IRIs as server paths.

Nothing here needs a name's pinyin: minting entity and plan IRIs from names is the builder's
(``policykg.graph_builder.rdf.minter``). This module imports only the standard library, so the
server can use it without loading the builder, spaCy, jieba or pypinyin.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

#: Default base for minted data IRIs; configurable with ``--base`` or ``POLICYKG_BASE``.
DEFAULT_BASE = "https://w3id.org/policykg/"

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def class_segment(cls: str) -> str:
    """Return the path segment for an ontology class local name: IndustrialPark -> industrial-park."""
    return _CAMEL.sub("-", cls).lower()


def short_hash(text: str, length: int = 6) -> str:
    """Return a short, stable hexadecimal hash of ``text``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def normalized_base(base: str) -> str:
    """Return ``base`` ending with '/' or '#', as every IRI here is made by appending to it."""
    return base if base.endswith(("/", "#")) else base + "/"


class IriScheme:
    """The IRIs under one base that need no name: documents, builds, years, findings and parts."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = normalized_base(base)

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
        return findings_graph(self.base)

    def audit_report(self, plan: str | None) -> str:
        """Return the IRI of the audit report of a plan (or of the whole graph when there is none)."""
        return self.child(plan, "audit") if plan else f"{self.base}id/audit"

    @staticmethod
    def child(parent: str, *segments: str | int) -> str:
        """Return the IRI of a part under a parent IRI (domain, task, portfolio, target, span)."""
        return parent + "".join(f"/{quote(str(s), safe='-_.')}" for s in segments)


def findings_graph(base: str = DEFAULT_BASE) -> str:
    """Return the name of the graph that holds the audit findings under ``base``."""
    return f"{normalized_base(base)}graph/findings"


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

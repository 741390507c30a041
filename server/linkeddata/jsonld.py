"""JSON-LD documents of the server compacted with the project's context (``policykg.ontology.jsonld``).

Entity documents and the graph dump are written with compact keys and one node per subject; the context
they use is also published whole at ``/context.jsonld``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from policykg.ontology.jsonld import compact_ntriples


def jsonld_text(triples: Iterable[ox.Triple]) -> str:
    """Return the triples as a compacted JSON-LD document carrying the part of the context it uses."""
    return compact_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode("utf-8")


def write_jsonld(triples: Iterable[ox.Triple], path: Path) -> None:
    """Write the triples to ``path`` as a compacted JSON-LD document."""
    path.write_bytes(compact_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))

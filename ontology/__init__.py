"""The policykg OWL ontology, its SHACL shapes and the namespaces used across the project."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rdflib


def ontology_path() -> Path:
    """Return the path of the ontology in Turtle."""
    return Path(str(resources.files(__name__) / "policykg.ttl"))


def shapes_path() -> Path:
    """Return the path of the SHACL shapes in Turtle."""
    return Path(str(resources.files(__name__) / "shapes.ttl"))


@cache
def ontology_graph() -> rdflib.Graph:
    """Return the ontology as an rdflib graph, parsed once per process (treat it as read-only)."""
    import rdflib

    return rdflib.Graph().parse(ontology_path(), format="turtle")


@cache
def shapes_graph() -> rdflib.Graph:
    """Return the SHACL shapes as an rdflib graph, parsed once per process (treat it as read-only)."""
    import rdflib

    return rdflib.Graph().parse(shapes_path(), format="turtle")

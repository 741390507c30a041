"""The policykg OWL ontology, its SHACL shapes and the namespaces used across the project."""

from importlib import resources
from pathlib import Path


def ontology_path() -> Path:
    """Return the path of the ontology in Turtle."""
    return Path(str(resources.files(__name__) / "policykg.ttl"))


def shapes_path() -> Path:
    """Return the path of the SHACL shapes in Turtle."""
    return Path(str(resources.files(__name__) / "shapes.ttl"))

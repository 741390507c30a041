"""The ontology's class hierarchy of entities (ontology/policykg.ttl, rdfs:subClassOf within pkg:), as a
table, so that the corpus decisions need no rdflib; tests/builder/corpus checks it against the ontology."""

from __future__ import annotations

# Each pkg class with its pkg superclass.
PARENT = {
    "AdministrativeDivision": "Place",
    "Region": "Place",
    "Province": "AdministrativeDivision",
    "City": "AdministrativeDivision",
    "District": "AdministrativeDivision",
    "County": "AdministrativeDivision",
    "Base": "Institution",
    "CulturalVenue": "Institution",
    "DataCenter": "Institution",
    "DemonstrationZone": "Institution",
    "Enterprise": "Institution",
    "GeneBank": "Institution",
    "GovernmentBody": "Institution",
    "Hospital": "Institution",
    "Hub": "Institution",
    "IndustrialPark": "Institution",
    "InnovationCenter": "Institution",
    "InnovationPlatform": "Institution",
    "Laboratory": "Institution",
    "ResearchInstitute": "Institution",
    "University": "Institution",
    "DevelopmentArea": "IndustrialPark",
    "EnergyProject": "Project",
    "ScientificFacility": "Project",
    "TransportProject": "Project",
    "WaterProject": "Project",
}


def ancestors(cls: str) -> list[str]:
    """Return the superclasses of a class, nearest first."""
    out = []
    while cls in PARENT:
        cls = PARENT[cls]
        out.append(cls)
    return out


def depth(cls: str) -> int:
    """Return how many superclasses a class has: the deeper, the more specific."""
    return len(ancestors(cls))


def on_one_line(a: str, b: str) -> bool:
    """True if one class is the other or one of its superclasses (Laboratory and Institution)."""
    return a == b or a in ancestors(b) or b in ancestors(a)

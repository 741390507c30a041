"""policykg: Chinese policy plans as a bilingual (zh/en) linked-data knowledge graph."""

__version__ = "0.1.0"

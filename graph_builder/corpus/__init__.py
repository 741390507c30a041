"""Identity across documents: which documents describe one plan, which of their records are the same
thing, which entities are one, and how plans and targets link across places and years.

Pure functions over records (``graph_builder.records``) that return plain dataclasses; no rdflib and no
spaCy here. The corpus writer mints one IRI per identity these decisions give.
"""

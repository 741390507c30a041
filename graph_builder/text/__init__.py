"""Rules that read the text of a plan: pure Python over strings, no spaCy and no rdflib."""

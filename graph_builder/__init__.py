"""Read Chinese policy plans and write them as a bilingual RDF graph.

The spaCy half (``nlp``, ``components``, ``extract``) turns text into records; the rdflib half
(``triples``) turns records into triples. ``build`` wires the two and writes files.
"""

"""Read Chinese policy plans and write them as a bilingual RDF graph.

``text`` holds the rules that read the text (pure Python), ``english`` the English labels,
``pipeline`` the spaCy pipeline that runs the rules and turns a Doc into records, ``rdf`` the writer
of records as triples; ``build`` wires them together and writes the build directory.
"""

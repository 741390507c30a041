"""Records to RDF: the IRI minter, the triples writer and fast serialization."""

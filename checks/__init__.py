"""Checks of a built graph: the source audit of a plan's own figures, its findings, and the SHACL shapes."""

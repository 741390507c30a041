"""The Flask server of the graph: SPARQL endpoint, linked-data pages, JSON API and viewer.

It reads the graph from a store and never imports the builder (``policykg.graph_builder``)."""

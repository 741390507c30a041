"""Flask application serving the graph: SPARQL endpoint, linked-data pages, JSON API, viewer."""

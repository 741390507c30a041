"""The network viewer: the plan as a networkx graph, its analytics, and the HTML page."""

"""The network viewer: the plan as a networkx graph, its analytics, its layout and the HTML page."""

"""The blueprints: one module per family of URLs."""

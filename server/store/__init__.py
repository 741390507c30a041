"""The triple store behind the server: its interface, the embedded and remote stores, loading and dumps."""

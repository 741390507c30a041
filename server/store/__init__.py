"""The triple store behind the server: interface, embedded and remote stores, opening, loading, dumps."""

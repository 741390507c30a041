"""Linked data: resource descriptions, VoID, label search, JSON views and the OpenAPI description."""

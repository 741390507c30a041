"""Bare words of SPARQL text with their brace depth, and the parsed checks under the names callers know.

Decisions about a query (SERVICE, LOAD, the protocol's update dataset) are made on the parsed operation in
server/sparql/policy.py and re-exported here; ``keywords`` remains for callers that only look for words.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykg.server.sparql.policy import DatasetConflict, add_using, uses_load, uses_service
from policykg.server.sparql.syntax import Lexer, SparqlSyntaxError, expand_escapes

__all__ = ["DatasetConflict", "Keyword", "add_using", "keywords", "uses_load", "uses_service"]


@dataclass(frozen=True)
class Keyword:
    """A bare word (not a prefixed name) in SPARQL text: upper-cased, its span and its brace depth."""

    word: str
    start: int
    end: int
    depth: int


def keywords(text: str) -> list[Keyword]:
    """Return the bare words of SPARQL text (escapes expanded) with their brace depth, up to any error."""
    found: list[Keyword] = []
    try:
        lexer = Lexer(expand_escapes(text))
        depth = 0
        while (token := lexer.take()).kind != "END":
            if token.key == "{":
                depth += 1
            elif token.key == "}":
                depth = max(depth - 1, 0)
            elif token.word:
                found.append(Keyword(token.word, token.start, token.end, depth))
    except SparqlSyntaxError:
        pass
    return found

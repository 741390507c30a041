"""Just enough SPARQL lexing to find keywords outside strings, IRIs and comments, and the brace depth of each.

Used to refuse operations that would make the server fetch from other hosts (SERVICE, LOAD) and to apply
a protocol-given update dataset (``using-graph-uri``, SPARQL 1.1 Protocol §2.2.3), which pyoxigraph's
Python API cannot take as a parameter, by writing USING clauses into the update's operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.server.store.base import Dataset

# Order matters: long strings before short ones, IRIs before the comparison operators they resemble.
_TOKEN = re.compile(
    r'''(?P<skip>\#[^\n\r]*|"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|[?$][\w\u00b7]+)"""
    r"""|(?P<open>\{)|(?P<close>\})"""
    r"""|(?P<word>[A-Za-z_\u00c0-\uffff][\w\-\u00b7]*(?::[\w\-.:%\u00b7]*)?|:[\w\-.:%\u00b7]*)""",
    re.DOTALL,
)


@dataclass(frozen=True)
class Keyword:
    """A bare word (not a prefixed name) in SPARQL text: upper-cased, its span and its brace depth."""

    word: str
    start: int
    end: int
    depth: int


def keywords(text: str) -> list[Keyword]:
    """Return the bare words of SPARQL text with their brace depth, skipping strings, IRIs and comments."""
    found: list[Keyword] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        if match.group("open"):
            depth += 1
        elif match.group("close"):
            depth = max(depth - 1, 0)
        elif match.group("word") and ":" not in match.group("word"):
            found.append(Keyword(match.group("word").upper(), match.start(), match.end(), depth))
    return found


def uses_service(text: str) -> bool:
    """Return True if a query or update contains a SERVICE clause (federated query)."""
    if "service" not in text.lower():
        return False
    return any(k.word == "SERVICE" for k in keywords(text))


def uses_load(text: str) -> bool:
    """Return True if an update contains a LOAD operation."""
    if "load" not in text.lower():
        return False
    return any(k.word == "LOAD" and k.depth == 0 for k in keywords(text))


class DatasetConflict(ValueError):
    """An update names its own dataset (USING or WITH) and the protocol gives one too (§2.2.3)."""


def _closing_brace(text: str, start: int) -> int:
    """Return the index just past the brace that closes the one opening at or after ``start``."""
    depth = 0
    for match in _TOKEN.finditer(text, start):
        if match.group("open"):
            depth += 1
        elif match.group("close"):
            depth -= 1
            if depth == 0:
                return match.end()
    raise ValueError("unbalanced braces")


def add_using(update: str, using: Dataset) -> str:
    """Return the update with USING and USING NAMED clauses before each operation's WHERE."""
    if not using:
        return update
    words = [k for k in keywords(update) if k.depth == 0]
    conflict = next((k.word for k in words if k.word in ("USING", "WITH")), None)
    if conflict:
        raise DatasetConflict(conflict)
    clause = "".join(f" USING <{iri}>" for iri in using.default_graphs)
    clause += "".join(f" USING NAMED <{iri}>" for iri in using.named_graphs)
    # A protocol dataset with only named graphs leaves the default graph empty, as FROM NAMED alone would;
    # SPARQL has no syntax for an empty USING, so name a graph that cannot exist.
    if not using.default_graphs:
        clause += " USING <urn:policykg:empty-default-graph>"
    edits: list[tuple[int, int, str]] = []
    for previous, keyword in zip([None, *words], words, strict=False):
        if keyword.word != "WHERE":
            continue
        if previous is not None and previous.word == "DELETE":
            # DELETE WHERE { P } has no room for USING: spell it out as DELETE { P } USING ... WHERE { P }.
            end = _closing_brace(update, keyword.end)
            pattern = update[keyword.end : end]
            edits.append((previous.start, end, f"DELETE{pattern}{clause} WHERE{pattern}"))
        else:
            edits.append((keyword.start, keyword.start, clause.lstrip() + " "))
    for start, end, replacement in sorted(edits, reverse=True):
        update = update[:start] + replacement + update[end:]
    return update

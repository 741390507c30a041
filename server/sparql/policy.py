"""What the server allows in a query or update, decided on the parsed operation (server/sparql/grammar.py).

The server never fetches from other hosts on a client's behalf: SERVICE is refused unless the operator lists
the endpoint in ``POLICYKG_SERVICE_ALLOW`` (federation off by default), and LOAD always. A protocol update
dataset (``using-graph-uri``, SPARQL 1.1 Protocol §2.2.3), which pyoxigraph's update cannot take as an
argument, is written into the parsed operations as USING clauses of validated IRIs, and the result is
parsed again to check that it says exactly that.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from flask import current_app, has_app_context

from policykg.server.sparql.grammar import Fetch, Parsed, SparqlSyntaxError, parse_query, parse_update
from policykg.server.store.base import Dataset
from policykg.server.web.errors import fail

#: An absolute IRI as SPARQL writes one between < and > (Query §19.8 [139] IRIREF, with a scheme).
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*\Z")
#: Functions that give a new value at each run (SPARQL 1.1 §17.4): answers using them are never replayed.
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
#: A graph that cannot exist: the default graph of a protocol dataset that names only named graphs.
EMPTY_DEFAULT_GRAPH = "urn:policykg:empty-default-graph"


class DatasetConflict(ValueError):
    """An update names its own dataset (USING or WITH) and the protocol gives one too (§2.2.3)."""


def is_absolute_iri(value: str) -> bool:
    """Return True if ``value`` is an absolute IRI that can stand between < and > in SPARQL."""
    return bool(_ABSOLUTE_IRI.match(value))


#: Characters (and entries) of query and update text whose parse is kept, least recently used out; the parse
#: of a text whose escapes were expanded is kept under both texts, as the engine is given the expanded one.
_KEPT_CHARS = 8 * 1024 * 1024
_KEPT_ENTRIES = 256
_kept: OrderedDict[tuple[str, str], Parsed | SparqlSyntaxError] = OrderedDict()
_kept_chars = 0
_kept_lock = threading.Lock()


def _parse(text: str, kind: str) -> Parsed | SparqlSyntaxError:
    """Return the parse of a query or update, kept: clients repeat texts, and the checks of one request
    (the route's, then the executor's) ask for the same text again, so no request parses its text twice."""
    global _kept_chars
    key = (text, kind)
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    result = _parse_now(text, kind)
    keys = [key]
    if isinstance(result, Parsed) and result.text != text:
        keys.append((result.text, kind))
    with _kept_lock:
        for name in keys:
            if name not in _kept and len(name[0]) <= _KEPT_CHARS:
                _kept[name] = result
                _kept_chars += len(name[0])
        while _kept_chars > _KEPT_CHARS or len(_kept) > _KEPT_ENTRIES:
            (old, _), _ = _kept.popitem(last=False)
            _kept_chars -= len(old)
    return result


def _parse_now(text: str, kind: str) -> Parsed | SparqlSyntaxError:
    try:
        return parse_query(text) if kind == "query" else parse_update(text)
    except SparqlSyntaxError as error:
        return error
    except RecursionError:
        return SparqlSyntaxError("the text is nested too deeply to read")


def parsed(text: str, kind: str) -> Parsed:
    """Return the parsed query or update, or raise ``SparqlSyntaxError``."""
    result = _parse(text, kind)
    if isinstance(result, SparqlSyntaxError):
        raise result.with_traceback(None)
    return result


def parse_or_fail(text: str, kind: str) -> Parsed:
    """Return the parsed query or update, or fail with 400 and the first error's position."""
    try:
        return parsed(text, kind)
    except SparqlSyntaxError as error:
        fail(
            400,
            f"Malformed SPARQL at line {error.line}, column {error.column}: {error.message}",
            f"SPARQL 语法错误（第 {error.line} 行第 {error.column} 列）：{error.message}",
            parser_message=error.message,
            line=error.line,
            column=error.column,
        )


def allowed_services() -> frozenset[str]:
    """Return the SERVICE endpoints the operator allows (``POLICYKG_SERVICE_ALLOW``); empty: none."""
    if not has_app_context():
        return frozenset()
    return frozenset(current_app.config.get("POLICYKG_SERVICE_ALLOW") or ())


def refused_fetches(operation: Parsed) -> list[Fetch]:
    """Return the SERVICE and LOAD operations the server will not run: LOAD always, SERVICE unless allowed."""
    allowed = allowed_services()
    return [f for f in operation.fetches if f.keyword == "LOAD" or f.iri is None or f.iri not in allowed]


def refuse_fetching(operation: Parsed) -> None:
    """Fail with 403 if the operation would make the server fetch from another host."""
    refused = refused_fetches(operation)
    if refused:
        shown = ", ".join(f"{f.keyword} {f.target}" for f in refused[:3])
        fail(
            403,
            f"This server does not fetch data from other hosts: {shown} is refused "
            "(SERVICE is allowed only to endpoints the operator lists; LOAD never).",
            f"本服务器不会从其他主机获取数据：已拒绝 {shown}"
            "（SERVICE 仅限运营者列出的端点；LOAD 一律禁用）。",
            refused=[f"{f.keyword} {f.target}" for f in refused],
        )


def uses_service(text: str) -> bool:
    """Return True if a query or update calls a SERVICE the server refuses, or cannot be read at all."""
    for kind in ("query", "update"):
        result = _parse(text, kind)
        if isinstance(result, Parsed):
            return any(f.keyword == "SERVICE" for f in refused_fetches(result))
    return True


def uses_load(text: str) -> bool:
    """Return True if an update contains LOAD, or if the text reads as neither query nor update."""
    if isinstance(_parse(text, "query"), Parsed):
        return False
    result = _parse(text, "update")
    return not isinstance(result, Parsed) or any(f.keyword == "LOAD" for f in result.fetches)


def deterministic(operation: Parsed) -> bool:
    """Return True unless the query calls a function that gives a new value at each run."""
    return not operation.calls & VOLATILE


def add_using(update: str, using: Dataset) -> str:
    """Return the update (escapes expanded) with USING clauses before each operation's WHERE.

    Raises ``DatasetConflict`` if an operation has its own USING or WITH, ``ValueError`` for an IRI that is
    not absolute, and ``SparqlSyntaxError`` if the update cannot be read.
    """
    if not using:
        return update
    bad = [iri for iri in (*using.default_graphs, *using.named_graphs) if not is_absolute_iri(iri)]
    if bad:
        raise ValueError(f"not an absolute IRI: {bad[0]!r}")
    operation = parsed(update, "update")
    conflict = next((op.own_dataset for op in operation.operations if op.own_dataset), None)
    if conflict:
        raise DatasetConflict(conflict)
    clause = "".join(f" USING <{iri}>" for iri in using.default_graphs)
    clause += "".join(f" USING NAMED <{iri}>" for iri in using.named_graphs)
    # A protocol dataset with only named graphs leaves the default graph empty, as FROM NAMED alone would;
    # SPARQL has no syntax for an empty USING, so name a graph that cannot exist.
    if not using.default_graphs:
        clause += f" USING <{EMPTY_DEFAULT_GRAPH}>"
    text = operation.text
    edits: list[tuple[int, int, str]] = []
    for op in operation.operations:
        if op.kind == "MODIFY" and op.where is not None:
            edits.append((op.where, op.where, clause.lstrip() + " "))
        elif op.kind == "DELETE WHERE" and op.where is not None and op.pattern:
            # DELETE WHERE { P } has no room for USING: spell it out as DELETE { P } USING ... WHERE { P }.
            pattern = text[op.pattern[0] : op.pattern[1]]
            edits.append((op.where, op.pattern[1], f"DELETE {pattern}{clause} WHERE {pattern}"))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    _check_rewrite(operation, parsed(text, "update"))
    return text


def _check_rewrite(before: Parsed, after: Parsed) -> None:
    """Raise ``ValueError`` unless the rewritten update has the same operations, each with its USING."""
    kinds = [op.kind if op.kind != "DELETE WHERE" else "MODIFY" for op in before.operations]
    if (
        kinds != [op.kind for op in after.operations]
        or len(after.fetches) != len(before.fetches)
        or any(op.kind == "MODIFY" and op.own_dataset != "USING" for op in after.operations)
    ):
        raise ValueError("the protocol dataset could not be applied to this update")

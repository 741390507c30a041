"""Pure functions of names memoized in the build's process and kept in the build's cache between builds.

Writing a corpus asks jieba for the words of every entity name (to find its place, to slug its IRI) and
pypinyin for their readings: tens of thousands of names at a few hundred documents, the same names at
every rebuild. A function decorated with ``kept_memo`` remembers its results in a table; ``load`` fills
the tables from the last build's file in the cache and ``save`` writes them back. The file is named by
the software's fingerprint, so that a change of code or word lists starts afresh. Each table holds at
most ``LIMIT`` entries (it is emptied when full), so that memory stays bounded whatever the corpus.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from policykg.graph_builder.cache import software_fingerprint

if TYPE_CHECKING:
    from policykg.graph_builder.cache import BuildCache

P = ParamSpec("P")
R = TypeVar("R")

#: The most entries one table holds.
LIMIT = 1 << 18
_TABLES: dict[str, dict[tuple[object, ...], object]] = {}


def kept_memo(function: Callable[P, R]) -> Callable[P, R]:
    """Memoize a pure function of hashable, picklable positional arguments (see the module's docstring)."""
    table = _TABLES.setdefault(f"{function.__module__}.{function.__qualname__}", {})

    @wraps(function)
    def memoized(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            return function(*args, **kwargs)
        try:
            return table[args]  # type: ignore[return-value]
        except KeyError:
            pass
        if len(table) >= LIMIT:
            table.clear()
        value = table[args] = function(*args)
        return value

    return memoized


def _file_name() -> str:
    return f"memo-{software_fingerprint()[:32]}.pickle"


def load(kept: BuildCache) -> int:
    """Add the entries kept by the last build to the tables (none if they cannot be read); return how many."""
    path = kept.kept_file(_file_name())
    if path is None:
        return 0
    try:
        with path.open("rb") as stream:
            tables = pickle.load(stream)
    except Exception:  # a damaged or foreign file is a miss
        return 0
    added = 0
    if isinstance(tables, dict):
        for name, entries in tables.items():
            table = _TABLES.get(name)
            if table is not None and isinstance(entries, dict) and len(table) + len(entries) <= LIMIT:
                table.update(entries)
                added += len(entries)
    return added


def save(kept: BuildCache) -> None:
    """Keep the tables for the next build (never failing the build: a cache that cannot be written costs
    time only)."""
    written = kept.new_file(_file_name())
    try:
        with written.open("wb") as stream:
            pickle.dump(_TABLES, stream, protocol=pickle.HIGHEST_PROTOCOL)
        kept.keep_file(written, _file_name())
    except OSError:
        written.unlink(missing_ok=True)

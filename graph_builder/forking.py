"""Map a function over items in forked copies of this process, for the writing steps that read the whole
corpus's state (records, identities, the minter) and write each item on its own.

A forked child inherits that state as it is, so only the items and the results cross between processes.
Fork is used only where it is safe and pays: on a platform that has it, from a process with one thread
(a fork copies no other thread, and a lock one of them held would stay held in the child), for at least
``MIN_ITEMS`` items; otherwise the items are mapped here, in order, with the same results.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many items a fork costs more than it saves.
MIN_ITEMS = 8

#: The function the forked children apply (set before they are forked, so they inherit it).
_function: Callable | None = None


def can_fork(workers: int, items: int) -> bool:
    """True if ``items`` items would be mapped in ``workers`` forked processes."""
    return (
        workers > 1
        and items >= MIN_ITEMS
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def forked_map(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int, chunksize: int = 1
) -> Iterator[Result]:
    """Yield ``function(item)`` for each item, in order, computed by ``workers`` forked processes when
    ``can_fork`` says so (else here). An error in a child is raised here; closing the iterator early, or
    an error, stops the children."""
    if not can_fork(workers, len(items)):
        yield from map(function, items)
        return
    global _function
    _function = function
    try:
        pool = multiprocessing.get_context("fork").Pool(workers)
    finally:
        _function = None  # the children have their copy; this process keeps no reference
    try:
        yield from pool.imap(_apply, items, chunksize)
    finally:
        pool.terminate()
        pool.join()


def _apply(item: object) -> object:
    assert _function is not None, "forked_map's function is set in the children"
    return _function(item)

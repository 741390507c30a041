"""Map a function over items in forked copies of this process, for the steps of a build that read a
large state built here and work on each item on their own: writing the plans and entities (the corpus's
records, identities and minter), checking the shapes a window of subjects at a time (every node's types).

A forked child inherits that state as it is, so only the items and the results cross between processes.
Fork is used only where it is safe and pays: on a platform that has it, from a process with one thread
(a fork copies no other thread, and a lock one of them held would stay held in the child), for at least
``MIN_ITEMS`` items (unless the caller knows each is large); otherwise the items are mapped here, in
order, with the same results.
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


def can_fork(workers: int, items: int, min_items: int | None = None) -> bool:
    """True if ``items`` items would be mapped in ``workers`` forked processes (at least ``min_items``,
    default ``MIN_ITEMS``)."""
    return (
        workers > 1
        and items >= (MIN_ITEMS if min_items is None else min_items)
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def forked_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    chunksize: int = 1,
    min_items: int | None = None,
) -> Iterator[Result]:
    """Yield ``function(item)`` for each item, in order, computed by ``workers`` forked processes when
    ``can_fork`` says so (else here). An error in a child is raised here; closing the iterator early, or
    an error, stops the children."""
    if not can_fork(workers, len(items), min_items):
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

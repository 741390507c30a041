"""Mapping a build's steps over forked processes: the same results in the same order, or mapped here.

Forking needs a process with one thread, which the test process is not once a test has run a query
in it (the server's query threads stay), so each check that forks runs in a fresh interpreter
(``in_fresh_process``); the checks are the ``check_*`` functions below.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from policykg import forking
from policykg.forking import MIN_ITEMS, can_fork, forked_map

TESTS = Path(__file__).parent
CORPUS = TESTS / "fixtures" / "corpus"
LINKED = ("lixia-2023-2025-green-development-plan.txt", "jinan-2026-2028-green-development-plan.txt")


def in_fresh_process(check: str) -> None:
    """Run ``check`` (a function of this module) in a new interpreter; fail with its output if it fails."""
    code = f"import sys; sys.path.insert(0, {str(TESTS)!r}); import test_forking; test_forking.{check}()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def check_results_come_back_in_order_from_other_processes() -> None:
    assert threading.active_count() == 1 and can_fork(2, MIN_ITEMS)
    results = list(forked_map(_square_and_pid, range(50), 2, chunksize=3))
    assert [square for square, _ in results] == [n * n for n in range(50)]
    assert os.getpid() not in {pid for _, pid in results}
    state = {n: str(n) * 3 for n in range(20)}  # never pickled: the children inherit it
    found = list(forked_map(lambda n: (state[n], os.getpid()), list(state), 2))
    assert [value for value, _ in found] == list(state.values())
    assert os.getpid() not in {pid for _, pid in found}


def test_forked_results_come_back_in_order_from_other_processes() -> None:
    in_fresh_process("check_results_come_back_in_order_from_other_processes")


def test_few_items_or_one_worker_are_mapped_here() -> None:
    assert {pid for _, pid in forked_map(_square_and_pid, range(MIN_ITEMS - 1), 2)} == {os.getpid()}
    assert {pid for _, pid in forked_map(_square_and_pid, range(30), 1)} == {os.getpid()}


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork(2, 100)
        assert {pid for _, pid in forked_map(_square_and_pid, range(30), 2)} == {os.getpid()}
    finally:
        stop.set()
        other.join()


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def check_an_error_in_a_child_is_raised_here() -> None:
    assert can_fork(2, 20)
    with pytest.raises(ValueError, match="seven"):
        list(forked_map(_fail_on_seven, range(20), 2))


def test_an_error_in_a_child_is_raised_here() -> None:
    in_fresh_process("check_an_error_in_a_child_is_raised_here")


def check_plans_written_in_forked_processes_make_the_same_build() -> None:
    """Three linked plans whose targets form series (the series name the targets' IRIs, which the
    parent takes from the children's plans)."""
    import tempfile

    from policykg.data import bundled_documents
    from policykg.graph_builder.build import build_documents

    forking.MIN_ITEMS = 2  # three plans are enough to fork for
    decided: list[bool] = []
    forking.can_fork = lambda *a: decided.append(can_fork(*a)) or decided[-1]
    documents = [*bundled_documents(), *(CORPUS / name for name in LINKED)]
    with tempfile.TemporaryDirectory() as folder:
        forked = build_documents(documents, Path(folder) / "forked", validate_shapes=False, workers=2)
        assert decided == [True, True]  # the entities, then the plans (no thread left by the extraction)
        here = build_documents(documents, Path(folder) / "here", validate_shapes=False, workers=1)
        assert len(forked.ntriples) > 100_000 and forked.class_counts["TargetSeries"] > 0
        assert without_times(forked.ntriples) == without_times(here.ntriples)
    assert len(forked.audit.reports) == 3
    assert (forked.audit.findings, forked.audit.reports) == (here.audit.findings, here.audit.reports)


def without_times(nt: bytes) -> list[bytes]:
    return [line for line in nt.splitlines() if b"AtTime>" not in line]


def test_plans_written_in_forked_processes_make_the_same_build() -> None:
    in_fresh_process("check_plans_written_in_forked_processes_make_the_same_build")


def check_windows_shared_among_forked_processes_find_the_same() -> None:
    """A synthetic plan's graph, checked in windows of 50 subjects by two processes taking stretches of it."""
    from synthetic import synthetic_plan

    from policykg.checks.validate import validate_ntriples

    data = synthetic_plan(300).serialize(format="nt", encoding="utf-8")
    data = b"".join(sorted(set(data.splitlines(keepends=True))))
    alone = validate_ntriples(data, window=50)
    assert alone.results and can_fork(2, 2, min_items=2)
    assert validate_ntriples(data, window=50, workers=2) == alone
    with tempfile.TemporaryDirectory() as folder:  # each process reads its own stretches of the file
        path = Path(folder) / "graph.nt"
        path.write_bytes(data)
        assert validate_ntriples(path, window=50, workers=2) == alone


def test_windows_shared_among_forked_processes_find_the_same() -> None:
    in_fresh_process("check_windows_shared_among_forked_processes_find_the_same")

"""Mapping a build's steps over forked processes: the same results in the same order, or mapped here."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from policykg import forking
from policykg.data import bundled_documents
from policykg.forking import MIN_ITEMS, can_fork, forked_map
from policykg.graph_builder.build import build_documents

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
LINKED = ("lixia-2023-2025-green-development-plan.txt", "jinan-2026-2028-green-development-plan.txt")


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_forked_results_come_back_in_order_from_other_processes():
    assert threading.active_count() == 1 and can_fork(2, MIN_ITEMS)
    results = list(forked_map(_square_and_pid, range(50), 2, chunksize=3))
    assert [square for square, _ in results] == [n * n for n in range(50)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_closure_over_this_process_state_is_applied_in_the_children():
    state = {n: str(n) * 3 for n in range(20)}  # never pickled: the children inherit it
    assert list(forked_map(lambda n: state[n], list(state), 2)) == list(state.values())


def test_few_items_or_one_worker_are_mapped_here():
    assert {pid for _, pid in forked_map(_square_and_pid, range(MIN_ITEMS - 1), 2)} == {os.getpid()}
    assert {pid for _, pid in forked_map(_square_and_pid, range(30), 1)} == {os.getpid()}


def test_no_fork_while_another_thread_runs():
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


def test_an_error_in_a_child_is_raised_here():
    with pytest.raises(ValueError, match="seven"):
        list(forked_map(_fail_on_seven, range(20), 2))


def test_plans_written_in_forked_processes_make_the_same_build(tmp_path, monkeypatch):
    """Three linked plans whose targets form series (the series name the targets' IRIs, which the
    parent takes from the children's plans)."""
    monkeypatch.setattr(forking, "MIN_ITEMS", 2)  # three plans are enough to fork for
    documents = [*bundled_documents(), *(CORPUS / name for name in LINKED)]
    decided: list[bool] = []
    monkeypatch.setattr(forking, "can_fork", lambda *a: decided.append(can_fork(*a)) or decided[-1])
    forked = build_documents(documents, tmp_path / "forked", validate_shapes=False, workers=2)
    assert decided == [True, True]  # the entities, then the plans (no thread left by the extraction)
    here = build_documents(documents, tmp_path / "here", validate_shapes=False, workers=1)

    def without_times(nt: bytes) -> list[bytes]:
        return [line for line in nt.splitlines() if b"AtTime>" not in line]

    assert len(forked.ntriples) > 100_000
    assert without_times(forked.ntriples) == without_times(here.ntriples)
    assert len(forked.audit.reports) == 3
    assert forked.class_counts["TargetSeries"] > 0
    assert (forked.audit.findings, forked.audit.reports) == (here.audit.findings, here.audit.reports)

"""The memo of names' words and readings, kept in the build's cache between builds (graph_builder.memo)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from policykg.graph_builder import memo
from policykg.graph_builder.cache import BuildCache


@pytest.fixture
def counted() -> Iterator[tuple[list[str], Callable[[str], str]]]:
    """A memoized function, with an empty table, that records each call it really makes."""
    calls: list[str] = []

    @memo.kept_memo
    def double(text: str) -> str:
        calls.append(text)
        return text * 2

    _table(double).clear()
    yield calls, double
    memo._TABLES.pop(f"{double.__module__}.{double.__qualname__}")


def _table(function: Callable[..., object]) -> dict:
    return memo._TABLES[f"{function.__module__}.{function.__qualname__}"]


def test_a_memo_calls_the_function_once_for_each_argument(counted) -> None:
    calls, double = counted
    assert [double("甲"), double("乙"), double("甲")] == ["甲甲", "乙乙", "甲甲"]
    assert calls == ["甲", "乙"]


def test_a_saved_memo_serves_the_next_build_without_calling(counted, tmp_path: Path) -> None:
    calls, double = counted
    double("泉城实验室")
    memo.save(BuildCache(tmp_path))
    table = _table(double)
    table.clear()
    assert memo.load(BuildCache(tmp_path)) >= 1
    assert double("泉城实验室") == "泉城实验室泉城实验室"
    assert calls == ["泉城实验室"]


def test_a_memo_of_other_software_or_a_damaged_one_is_not_read(
    counted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, double = counted
    double("济南")
    memo.save(BuildCache(tmp_path))
    table = _table(double)
    table.clear()
    monkeypatch.setattr(memo, "software_fingerprint", lambda: "another version")
    assert memo.load(BuildCache(tmp_path)) == 0
    monkeypatch.undo()
    (saved,) = tmp_path.glob("memo-*.pickle")
    saved.write_bytes(b"not a pickle")
    assert memo.load(BuildCache(tmp_path)) == 0
    double("济南")
    assert calls == ["济南", "济南"]


def test_a_cache_that_is_not_read_gives_nothing(counted, tmp_path: Path) -> None:
    _, double = counted
    double("历下区")
    memo.save(BuildCache(tmp_path))
    assert memo.load(BuildCache(tmp_path, reading=False)) == 0


def test_a_table_never_holds_more_than_its_limit(counted, monkeypatch: pytest.MonkeyPatch) -> None:
    calls, double = counted
    monkeypatch.setattr(memo, "LIMIT", 3)
    table = _table(double)
    for n in range(10):
        double(str(n))
        assert len(table) <= 3
    assert double("9") == "99" and len(calls) == 10

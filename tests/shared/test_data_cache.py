"""policykg.data.cached: a marshal cache keyed by its sources' checksums, safe to lose."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg import pinyin
from policykg.data import cache_dir, cached


def test_a_cached_value_is_built_once_and_then_read(tmp_path: Path) -> None:
    built = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"济南": 1}

    assert cached("t", [b"source"], build, dict, tmp_path) == {"济南": 1}
    assert cached("t", [b"source"], build, dict, tmp_path) == {"济南": 1}
    assert len(built) == 1
    assert len(list(tmp_path.glob("t-*.marshal"))) == 1


def test_other_sources_make_another_cache(tmp_path: Path) -> None:
    cached("t", [b"one"], lambda: {"a": 1}, dict, tmp_path)
    assert cached("t", [b"two"], lambda: {"b": 2}, dict, tmp_path) == {"b": 2}
    assert len(list(tmp_path.glob("t-*.marshal"))) == 2


def test_a_corrupt_or_foreign_cache_is_built_again(tmp_path: Path) -> None:
    cached("t", [b"source"], lambda: {"a": 1}, dict, tmp_path)
    (cache_file,) = tmp_path.glob("t-*.marshal")
    cache_file.write_bytes(b"\x00not marshal")
    assert cached("t", [b"source"], lambda: {"a": 1}, dict, tmp_path) == {"a": 1}
    cache_file.write_bytes(b"N")  # marshal of None: not a dict
    assert cached("t", [b"source"], lambda: {"a": 1}, dict, tmp_path) == {"a": 1}


def test_an_unwritable_cache_directory_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert cached("t", [b"source"], lambda: (1, 2), tuple, blocked / "cache") == (1, 2)


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYKG_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("POLICYKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "policykg"


def test_pinyin_reads_the_same_from_a_cold_and_a_warm_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POLICYKG_CACHE_DIR", str(tmp_path))
    fresh = pinyin._read_dictionaries()
    pinyin._dictionaries.cache_clear()
    try:
        cold = pinyin._dictionaries()
        pinyin._dictionaries.cache_clear()
        warm = pinyin._dictionaries()
        assert list(tmp_path.glob("pinyin-*.marshal"))
        assert cold == warm == fresh
        assert pinyin.pinyin_syllables("重庆银行二〇二三") == [
            "chong",
            "qing",
            "yin",
            "hang",
            "er",
            "ling",
            "er",
            "san",
        ]
    finally:
        pinyin._dictionaries.cache_clear()

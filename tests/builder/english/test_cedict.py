"""CC-CEDICT lookups: sense choice, proper-noun readings, and the parsed-table cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph_builder.english import cedict

SAMPLE = """\
# CC-CEDICT sample
建設 建设 [jian4 she4] /to build/to construct/construction/constructive/\r
電站 电站 [dian4 zhan4] /a power station/\r
濟南 济南 [Ji3 nan2] /Jinan, subprovincial city and capital of Shandong 山東|山东[Shan1 dong1]/\r
區 区 [qu1] /area/region/district/\r
"""


@pytest.mark.parametrize(
    ("word", "reading", "text", "proper", "verb"),
    [
        ("建设", "noun", "construction", False, False),
        ("建设", "verb", "build", False, True),
        ("发展", "noun", "development", False, False),
        ("监测", "noun", "monitor", False, True),
        ("电站", "noun", "power station", False, False),
        ("强度", "noun", "strength", False, False),
        ("济南", "noun", "Jinan", True, False),
        ("微山", "noun", "Weishan", True, False),
        ("黄河", "noun", "Yellow River", True, False),
        ("中科院", "noun", "Chinese Academy of Sciences", True, False),
        ("天桥", "noun", "overhead walkway", False, False),
    ],
)
def test_cedict_lookup_chooses_a_short_sense(
    word: str, reading: str, text: str, proper: bool, verb: bool
) -> None:
    sense = cedict.lookup(word, reading)
    assert sense == cedict.Sense(text, proper=proper, verb=verb)


@pytest.mark.parametrize("word", ["泉城", "界鲁", "区"])
def test_cedict_lookup_unknown_words(word: str) -> None:
    assert cedict.lookup(word) is None


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("长清", ("chang", "qing")), ("济南", ("ji", "nan")), ("西安", ("xi", "an")), ("建设", None)],
)
def test_cedict_proper_pinyin_reads_place_names(word: str, syllables: tuple[str, ...] | None) -> None:
    assert cedict.proper_pinyin(word) == syllables


def test_cedict_read_table_keeps_words_of_two_characters(tmp_path: Path) -> None:
    source = tmp_path / "cedict.txt"
    source.write_bytes(SAMPLE.encode("utf-8"))
    table = cedict.read_table(source)
    assert set(table) == {"建设", "电站", "济南"}
    assert table["电站"] == "[dian4 zhan4] /a power station/"


def test_cedict_cached_table_writes_and_reuses_its_cache(tmp_path: Path) -> None:
    source = tmp_path / "cedict.txt"
    source.write_bytes(SAMPLE.encode("utf-8"))
    cache = tmp_path / "cache"
    first = cedict.cached_table(source, cache)
    files = list(cache.glob("cedict-*.marshal"))
    assert len(files) == 1
    assert cedict.cached_table(source, cache) == first
    # A changed source gets a new cache file, never the stale table.
    source.write_bytes((SAMPLE + "水庫 水库 [shui3 ku4] /reservoir/\n").encode("utf-8"))
    assert "水库" in cedict.cached_table(source, cache)
    assert len(list(cache.glob("cedict-*.marshal"))) == 2


def test_cedict_cached_table_survives_a_corrupt_or_unwritable_cache(tmp_path: Path) -> None:
    source = tmp_path / "cedict.txt"
    source.write_bytes(SAMPLE.encode("utf-8"))
    cache = tmp_path / "cache"
    cedict.cached_table(source, cache)
    for file in cache.glob("cedict-*.marshal"):
        file.write_bytes(b"not marshal")
    assert "济南" in cedict.cached_table(source, cache)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    assert "济南" in cedict.cached_table(source, blocked)
    assert not list(tmp_path.glob("**/*.tmp"))


def test_cedict_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYKG_CACHE_DIR", str(tmp_path))
    assert cedict.cache_dir() == tmp_path
    monkeypatch.delenv("POLICYKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cedict.cache_dir() == tmp_path / "xdg" / "policykg"

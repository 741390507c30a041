"""The search index on disk: one file per store version beside the store, shared, rebuilt after writes,
and ranking exactly as a plain scan of every key would."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from policykg.server.linkeddata import search_files
from policykg.server.linkeddata.search import TIERS, Entity, SearchIndex, compact, normalize
from policykg.server.linkeddata.search_files import index_folder, load_index
from policykg.server.store.embedded import OxigraphStore
from policykg.server.store.loading import ontology_path

BASE = "https://w3id.org/policykg/"
ID = BASE + "id/"
PKG = "https://w3id.org/policykg/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
KIND = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def place_triples(store: OxigraphStore, path: str, cls: str, zh: str, en: str) -> None:
    """Add one labelled entity to the store."""
    node = ox.NamedNode(ID + path)
    store.raw.add(ox.Quad(node, ox.NamedNode(KIND), ox.NamedNode(PKG + cls)))
    store.raw.add(ox.Quad(node, ox.NamedNode(LABEL), ox.Literal(zh, language="zh")))
    store.raw.add(ox.Quad(node, ox.NamedNode(LABEL), ox.Literal(en, language="en")))


@pytest.fixture
def store_dir(tmp_path):
    """A store on disk holding the ontology and two cities."""
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_all([(ontology_path(), None)], "cities")
    place_triples(store, "city/jinanshi", "City", "济南市", "Jinan")
    place_triples(store, "city/linyishi", "City", "临沂市", "Linyi")
    store.close()
    return path


def found(index: SearchIndex, text: str) -> list[str]:
    """Return the IRIs found for ``text``, best first, without the data prefix."""
    return [hit.entity.iri.removeprefix(ID) for hit in index.search(text, limit=100)[1]]


def test_the_index_of_a_store_on_disk_is_one_file_beside_it_opened_by_every_process(store_dir, monkeypatch):
    first = OxigraphStore(store_dir, read_only=True)
    index = load_index(first, BASE)
    assert index.path.parent == index_folder(first) == store_dir.with_name("store.search")
    assert [p.name for p in index.path.parent.glob("*.sqlite")] == [index.path.name]
    assert found(index, "jinan") == ["city/jinanshi"]
    assert index.class_labels[PKG + "City"]["en"] == "City"

    # Another worker of the same store opens the same file and builds nothing.
    def no_build(*_args):
        raise AssertionError("built again")

    monkeypatch.setattr(search_files, "_build_in_child", no_build)
    second = OxigraphStore(store_dir, read_only=True)
    again = load_index(second, BASE)
    assert again.path == index.path and found(again, "临沂") == ["city/linyishi"]
    first.close()
    second.close()


def test_a_write_makes_the_next_search_see_it_and_the_old_file_goes(store_dir):
    store = OxigraphStore(store_dir)
    before = load_index(store, BASE)
    assert found(before, "qingdao") == []
    store.update(
        f'INSERT DATA {{ <{ID}city/qingdaoshi> a <{PKG}City> ; <{LABEL}> "青岛市"@zh, "Qingdao"@en }}'
    )
    after = load_index(store, BASE)
    assert after.path != before.path and not before.path.exists()
    assert found(after, "qingdao") == found(after, "青岛") == ["city/qingdaoshi"]
    store.close()


def test_a_store_in_memory_gets_an_index_of_its_own():
    store = OxigraphStore()
    place_triples(store, "city/jinanshi", "City", "济南市", "Jinan")
    index = load_index(store, BASE)
    assert index_folder(store) is None and index.path.is_file()
    assert found(index, "济") == ["city/jinanshi"]


@pytest.mark.parametrize(
    "text",
    ['"', '济"南', "AND", "OR jinan", "ji*", "NEAR(a b)", "^ji", "a:b", "（", "\x01", "\x00x", "济南 OR"],
)
def test_query_syntax_is_never_read_from_the_text(text):
    index = SearchIndex([Entity(ID + "x", {"zh": '济"南 OR', "en": "AND ji*"})])
    total, hits = index.search(text)
    assert total == len(hits) <= 1


# --- the same ranking as a scan of every key --------------------------------------------------------

_WORD_START = re.compile(r"[\s\-_/(（,，·:：]")


def reference(entities: list[Entity], query: str) -> list[tuple[str, str, str, str]]:
    """Rank by scanning every key, as the index did before it had a file: (iri, field, matched, tier)."""
    from policykg.pinyin import pinyin_syllables

    best: dict[str, tuple[tuple[int, int, str, str], tuple[str, str, str, str]]] = {}
    for entity in entities:
        names = list(dict.fromkeys([*entity.labels.values(), *entity.alt_labels]))
        keys = [("label", normalize(n), n, None) for n in names]
        for name in names:
            if re.search(r"[\u4e00-\u9fff]", name):
                syllables = pinyin_syllables(name)
                starts, at = set(), 0
                for syllable in syllables:
                    starts.add(at)
                    at += len(syllable)
                keys.append(("pinyin", "".join(syllables), name, starts))
        for field, key, original, starts in keys:
            needle = normalize(query) if field == "label" else compact(query)
            if not needle or not key:
                continue
            for position in (m.start() for m in re.finditer(f"(?={re.escape(needle)})", key)):
                if position == 0:
                    tier = "exact" if needle == key else "prefix"
                elif starts is not None:
                    if position not in starts:
                        continue
                    tier = "word"
                else:
                    tier = "word" if _WORD_START.match(key[position - 1]) else "substring"
                rank = (TIERS.index(tier), len(original), entity.label("zh"), entity.iri)
                if entity.iri not in best or rank < best[entity.iri][0]:
                    best[entity.iri] = (rank, (entity.iri, field, original, tier))
    return [hit for _, hit in sorted(best.values(), key=lambda pair: pair[0])]


def generated_entities(count: int) -> list[Entity]:
    """Return entities named like a plan's institutions and places, with repeats and variants."""
    rng = random.Random(11)
    heads = [("实验室", "Laboratory"), ("医院", "Hospital"), ("产业园", "Industrial Park"), ("银行", "Bank")]
    places = [("济南", "Jinan"), ("济宁", "Jining"), ("南京", "Nanjing"), ("长安", "Chang'an")]
    entities = []
    for n in range(count):
        (pzh, pen), (hzh, hen) = rng.choice(places), rng.choice(heads)
        k = rng.randint(1, 30)
        zh, en = f"{pzh}市第{k}{hzh}", f"{pen} {hen} No. {k}"
        alt = [f"{pzh}{hzh}（{k}）"] if rng.random() < 0.3 else []
        entities.append(Entity(f"{ID}e/{n}", {"zh": zh, "en": en}, alt, [PKG + "Thing"]))
    return entities


def test_the_ranking_is_that_of_a_scan_of_every_key():
    entities = generated_entities(400)
    index = SearchIndex(entities)
    texts = [
        "济",
        "济南",
        "南",
        "ji",
        "jin",
        "nan",
        "nanjing",
        "No. 1",
        "no. 12",
        "1",
        "12",
        "（",
        "(1",
        "hospital",
        "hos",
        "yiyuan",
        "yuan",
        "实验",
        "第1",
        "changan",
        "chang'an",
        "an",
        "i",
        "zz",
    ]
    for text in texts:
        total, hits = index.search(text, limit=1000)
        expected = reference(entities, text)
        assert total == len(expected), text
        assert [(h.entity.iri, h.field, h.matched, h.tier) for h in hits] == expected, text


def test_workers_starting_together_share_one_file(store_dir):
    # Each process opens the store read-only and asks for the index at the same time, as workers do.
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from policykg.server.store.embedded import OxigraphStore\n"
        "from policykg.server.linkeddata.search_files import load_index\n"
        f"index = load_index(OxigraphStore(Path({str(store_dir)!r}), read_only=True), {BASE!r})\n"
        "print(index.path, index.search('jinan')[0])"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    answers = {worker.communicate(timeout=120)[0].strip() for worker in workers}
    assert all(worker.returncode == 0 for worker in workers)
    (answer,) = answers
    path, count = answer.rsplit(" ", 1)
    assert count == "1"
    assert [p.name for p in store_dir.with_name("store.search").iterdir() if p.suffix == ".sqlite"] == [
        Path(path).name
    ]


def test_class_ancestors_are_closed_from_direct_links_cycles_included():
    direct = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "e": set()}
    assert search_files.ancestors("a", direct) == {"a", "b", "c", "d"}
    assert search_files.ancestors("d", direct) == set()
    assert search_files.ancestors("e", direct) == set()


def test_the_index_knows_every_ancestor_of_an_ontology_class(store_dir):
    index = load_index(OxigraphStore(store_dir, read_only=True), BASE)
    assert PKG + "Place" in index.superclasses[PKG + "City"]
    assert index.classes_within([PKG + "Place"]) >= {PKG + "Place", PKG + "City"}

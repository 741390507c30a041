"""The benchmark corpus (benchmarks/make_corpus.py): the gold set's counterpart for throughput.

The generated corpus must stay of the asked size, reproducible, and free of the seed's names.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def make_corpus():
    """The benchmark's corpus generator, loaded from its script."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the script runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_inputs(make_corpus):
    """The cities the corpus draws on and the seed names it must avoid."""
    return make_corpus.areas(), make_corpus.banned_names()


def test_corpus_documents_are_reproducible_and_of_the_asked_length(make_corpus, corpus_inputs):
    documents = [make_corpus.generate(i, 0, *corpus_inputs) for i in range(3)]
    assert documents == [make_corpus.generate(i, 0, *corpus_inputs) for i in range(3)]
    assert make_corpus.generate(0, 1, *corpus_inputs) != documents[0]
    low, high = make_corpus.LENGTH
    assert all(low <= len(d) <= high for d in documents)
    # Documents cycle through the official, news and provincial layouts.
    assert ["政〔" in documents[0], "本报讯" in documents[1], "主要目标" in documents[2]] == [True] * 3


def test_corpus_leaves_out_the_seed_names(make_corpus, corpus_inputs):
    areas, banned = corpus_inputs
    assert {"泉城实验室", "济南市", "章丘"} <= banned
    assert not any(a.province == "山东省" for a in areas)
    text = "".join(make_corpus.generate(i, 7, areas, banned) for i in range(3))
    assert not [name for name in banned if name in text]


def test_corpus_script_writes_the_documents(make_corpus, tmp_path, capsys):
    assert make_corpus.main([str(tmp_path), "-n", "2", "--seed", "3"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan-000.txt", "plan-001.txt"]
    assert "wrote 2 documents" in capsys.readouterr().out

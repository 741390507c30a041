"""Benchmark the English labeller: first-call (loading) time, labels per second, and where words come from.

Usage: python benchmarks/bench_labels.py [PLAN.txt ...]   (default: the bundled plans)

Names are found with a simple suffix pattern (institutions, projects, places), as a build would meet
them: a few hundred per document. The first call is timed in fresh processes, once with the parsed
CC-CEDICT table cached on disk and once without; jieba's and pypinyin's own start-up is timed apart,
since every build pays it for segmentation and IRI slugs anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from policykg.data import bundled_documents

_SUFFIXES = (
    "实验室|医院|中心|基地|产业园|园区|示范区|试验区|合作区|起步区|大学|校区|研究院|平台|博物馆|档案馆|"
    "规划馆|基因库|枢纽|机场|水库|电站|高铁|铁路|公路|工程|项目|科技城|大走廊|公园|集群|省|市|区|县"
)
_CANDIDATE = re.compile(rf"[\u4e00-\u9fff“”·()（）]{{1,20}}?(?:{_SUFFIXES})")
_CUT = re.compile(r"[的和与及等在将把为对向从是、，。：；]")

_FIRST_CALL = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
import jieba, logging
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
from policykg.pinyin import pinyin_syllables
pinyin_syllables("济南")
t1, c1 = time.perf_counter(), time.process_time()
from policykg.graph_builder.english.labels import english_label
english_label("泉城实验室", "Laboratory")
t2, c2 = time.perf_counter(), time.process_time()
english_label("国家健康医疗大数据中心(北方)", "DataCenter")
t3 = time.perf_counter()
print(json.dumps({"segmenter": t1 - t0, "first": t2 - t1, "second": t3 - t2,
                  "segmenter_cpu": c1 - c0, "first_cpu": c2 - c1}))
"""


def candidate_names(text: str) -> list[str]:
    """Return the distinct name-like strings of a plan, cut at function words."""
    names = {_CUT.split(m.group(0))[-1] for m in _CANDIDATE.finditer(text)}
    return sorted(name for name in names if len(name) >= 2)


def first_call(cache_dir: str | None) -> dict[str, float]:
    """Time the labeller's first call in a fresh process, with the CC-CEDICT cache in ``cache_dir``."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["POLICYKG_CACHE_DIR"] = cache_dir
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_CALL], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("documents", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the names")
    args = parser.parse_args()
    documents = args.documents or bundled_documents()
    names = sorted({n for doc in documents for n in candidate_names(doc.read_text(encoding="utf-8"))})

    with tempfile.TemporaryDirectory() as empty:
        cold = first_call(empty)
        warm_cache = first_call(empty)
    default = first_call(None)
    print("first call, in fresh processes (wall / CPU seconds):")
    print(
        f"  jieba + pypinyin start-up (every build pays it): "
        f"{default['segmenter']:.3f} / {default['segmenter_cpu']:.3f}"
    )
    print(
        f"  labeller first call, CC-CEDICT parsed (no cache): {cold['first']:.3f} / {cold['first_cpu']:.3f}"
    )
    print(
        f"  labeller first call, CC-CEDICT cache on disk:     "
        f"{warm_cache['first']:.3f} / {warm_cache['first_cpu']:.3f}"
    )
    print(f"  second call:                                      {default['second'] * 1000:.2f} ms")

    from policykg.graph_builder.english import cedict, labels

    labels.english_label("泉城实验室", "Laboratory")
    elapsed = 0.0
    for _ in range(args.rounds):
        labels._label.cache_clear()
        cedict.lookup.cache_clear()
        start = time.perf_counter()
        for name in names:
            labels.english_label(name)
        elapsed += time.perf_counter() - start
    rate = len(names) * args.rounds / elapsed
    print(f"\n{len(names)} names from {len(documents)} document(s), {args.rounds} uncached rounds:")
    print(f"  {rate:,.0f} labels per second ({elapsed / args.rounds * 1000:.1f} ms per round)")

    sources: Counter[str] = Counter()
    characters: Counter[str] = Counter()
    for name in names:
        for origin in labels.label_origins(name):
            sources[origin.source.value] += 1
            characters[origin.source.value] += len(origin.zh)
    total, total_chars = sum(sources.values()), sum(characters.values())
    print("\nwhere words come from (share of words / of characters):")
    for source, count in sources.most_common():
        print(f"  {source:9} {count / total:6.1%}  {characters[source] / total_chars:6.1%}")


if __name__ == "__main__":
    main()

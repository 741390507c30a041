"""The real published corpus (../shared/real-corpus) and its blind gold (tests/fixtures/real-corpus-gold).

The texts stay outside the project; $POLICYKG_REAL_CORPUS points elsewhere. Gold files hold names and
figures, never sentences. A third of the texts is held out (sets.toml): scored once, never looked at.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import runpy
import sys
import tomllib
import warnings
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "real-corpus-gold"
SCORING_DIR = ROOT.parent / "shared" / "scoring"


def corpus_dir() -> Path:
    """The folder of the real texts: $POLICYKG_REAL_CORPUS, else ../shared/real-corpus."""
    return Path(os.environ.get("POLICYKG_REAL_CORPUS") or ROOT.parent / "shared" / "real-corpus")


@dataclass(frozen=True)
class RealText:
    """One real text with its gold: ``key`` is its short name (a-01), ``held_out`` its set."""

    key: str
    text_path: Path
    gold_path: Path
    held_out: bool

    @property
    def gold(self) -> dict:
        """The gold annotations (parsed on each call)."""
        return json.loads(self.gold_path.read_text(encoding="utf-8"))


def held_out_keys() -> frozenset[str]:
    """The short names of the held-out texts."""
    with (GOLD_DIR / "sets.toml").open("rb") as handle:
        return frozenset(tomllib.load(handle)["held_out"])


def real_texts(which: str = "dev") -> list[RealText]:
    """The texts of one set ("dev", "held-out" or "all") that have both text and gold, sorted."""
    held = held_out_keys()
    texts = []
    for gold_path in sorted(GOLD_DIR.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        key = name[:4]
        is_held = key in held
        if which == "all" or (which == "held-out") == is_held:
            texts.append(RealText(key, corpus_dir() / f"{name}.txt", gold_path, is_held))
    return texts


def score_graph(graph_files: list[Path], gold_path: Path, out: Path) -> dict:
    """The shared scorer's figures for built graph files (the ontology is added) against one gold file."""
    from policykg.ontology import ontology_path

    argv = [str(f) for f in graph_files] + [
        str(ontology_path()),
        "--gold",
        str(gold_path),
        "--json",
        str(out),
    ]
    run_script("score_extraction.py", argv)
    return json.loads(out.read_text(encoding="utf-8"))


def run_script(name: str, argv: list[str]) -> None:
    """Run a shared scoring script in this interpreter with ``argv``, its printed lines swallowed."""
    saved = sys.argv
    sys.argv = [name, *argv]
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.suppress(SystemExit),
            warnings.catch_warnings(),
        ):
            # The shared scripts leave their files to the garbage collector: collect them here, quietly.
            warnings.simplefilter("ignore", ResourceWarning)
            runpy.run_path(str(SCORING_DIR / name), run_name="__main__")
            gc.collect()
    finally:
        sys.argv = saved

"""The real published corpus (../shared/real-corpus) and its blind gold (tests/fixtures/real-corpus-gold).

The texts stay outside the project; $POLICYKG_REAL_CORPUS points elsewhere. Gold files hold names and
figures, never sentences. A third of the texts is held out (sets.toml): scored once, never looked at.
"""

from __future__ import annotations

import json
import os
import tomllib
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

"""The city a plan covers when its heading names none: the most named, the first named on a tie."""

from __future__ import annotations

import os
import subprocess
import sys

TEXT = (
    "关于推进产业发展的若干措施\n一、总体要求\n支持临沂市和德州市建设产业园。推动德州市与临沂市开展合作。\n"
)
CODE = (
    "import sys\nfrom policykg.graph_builder.pipeline.extract import extract_plan\n"
    "plan = extract_plan(sys.stdin.read())\nprint(plan.city)"
)


def plan_city(text: str, hash_seed: int) -> str:
    """Extract the plan in a fresh interpreter with the given string-hash seed; return its city."""
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    result = subprocess.run(
        [sys.executable, "-c", CODE], input=text, capture_output=True, text=True, check=True, env=env
    )
    return result.stdout.strip().splitlines()[-1]


def test_cities_named_as_often_resolve_to_the_first_named_in_every_process() -> None:
    assert {plan_city(TEXT, seed) for seed in range(6)} == {"临沂市"}


def test_the_most_named_city_wins() -> None:
    assert plan_city(TEXT + "德州市将建设示范园区。\n", 0) == "德州市"

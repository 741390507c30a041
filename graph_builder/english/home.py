"""Government bodies named by their level alone (市公安局) read with the place of the document.

A plan of a city names the city's own bodies without the city (市发展改革委, 市公安局); a graph that
holds the plans of several cities needs the city in the English name: 市公安局 in a plan of Jinan is
"Jinan Municipal Public Security Bureau". ``in_home`` wraps a labeller so that a body whose name starts
with the bare level of the document's home division (市 for a city, 省 for a province) takes the home's
name in front. Other names, and bodies named with a place of their own, are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from policykg.graph_builder.english.glossary import glossary

Label = Callable[[str, str], str]

_LEVELS = {"City": ("市", "Municipal "), "Province": ("省", "Provincial ")}


def in_home(label: Label, home: str, home_cls: str) -> Label:
    """Return ``label`` with the home division's name put before its level-named government bodies."""
    level = _LEVELS.get(home_cls)
    if level is None:
        return label
    char, adjective = level
    place = label(home, home_cls).removesuffix(" Province").strip()

    def labelled(zh: str, kind: str) -> str:
        en = label(zh, kind)
        if place and zh.startswith(char) and en.startswith(adjective) and is_body(zh):
            return f"{place} {en}"
        return en

    return labelled


def is_body(zh: str) -> bool:
    """Return whether ``zh`` ends with the head of a government body's name (局, 厅, 委员会, 办 ...)."""
    return zh.endswith(_body_heads())


@cache
def _body_heads() -> tuple[str, ...]:
    """Return the glossary's heads of government bodies' names (tagged gov)."""
    return tuple(zh for zh, term in glossary().items() if term.has("gov"))

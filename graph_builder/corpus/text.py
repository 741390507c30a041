"""Text keys shared by the corpus decisions: folded names, character bigrams and their overlap, titles
without their period, metrics without their filler."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Quotation marks that wrap part of a name (“新黄河”平台) without being part of it.
_QUOTES = re.compile(r"[\s\"'“”‘’「」『』〈〉]")
# A run of characters a bigram may span: Han characters, letters and digits.
_RUN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]+")
# A Q&A label the outline reader may leave at the front of a heading (答：推动…).
_QA_LABEL = re.compile(r"^[问答][:：]")
# Years and periods: (2023—2025年), 2024年, 2023-2025, 三年, 十四五, 年度.
_PERIOD = re.compile(
    r"[(（]?\d{4}\s*(?:年)?\s*(?:[—–\-－~～至到]+\s*\d{4}\s*年?)?[)）]?"
    r"|[一二三四五六七八九十]{1,3}五(?:时期)?|[一二三四五六七八九十两]年|年度"
)
# Filler inside a metric that does not change what it measures: 的, and 全市/全省/全区/全县 in front.
_METRIC_FILLER = re.compile(r"^全[省市区县州旗]|的")


def fold(text: str) -> str:
    """Return ``text`` in one width (NFKC: （北方） and (北方) alike) without quotation marks or spaces."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    """Return the character bigrams of the Han, letter and digit runs of ``text`` (a run of one: itself)."""
    out: set[str] = set()
    for run in _RUN.findall(fold(text)):
        out.update(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return frozenset(out)


def containment(a: str, b: str) -> tuple[float, int]:
    """Return how much of the shorter text's bigrams the other holds (0-1), and how many they share."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0, 0
    shared = len(x & y)
    return shared / min(len(x), len(y)), shared


def dice(a: str, b: str) -> float:
    """Return the Dice coefficient of the two texts' bigrams (0-1)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def heading(title: str) -> str:
    """Return a domain's or task's title without the Q&A label an explainer's reader may leave on it."""
    return _QA_LABEL.sub("", fold(title))


def without_period(title: str) -> str:
    """Return a title without its years and period words (三年, 十四五, (2023—2025年))."""
    return _PERIOD.sub("", fold(title))


def metric_key(metric: str) -> str:
    """Return a target's metric in the form compared across sources (汽车的保有量 = 汽车保有量)."""
    return _METRIC_FILLER.sub("", fold(metric))

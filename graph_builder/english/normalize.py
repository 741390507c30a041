"""The Chinese of a name or title as the labeller reads it: NFKC, no Chinese quotes, year ranges as
2023–2025, a task or domain title without its list number."""

from __future__ import annotations

import re
import unicodedata

from policykg.patterns import (
    HAN_RANGES,
    MARKER_ARABIC,
    MARKER_CIRCLED,
    MARKER_CLOSE_ARABIC,
    MARKER_CN,
    MARKER_DI,
    MARKER_PAREN_ARABIC,
    MARKER_PAREN_CN,
    RANGE_MARKS,
    YEAR,
)

#: The ontology classes whose labels are titles (imperative verb phrases).
TITLE_KINDS = frozenset({"Task", "Domain"})

_QUOTES = str.maketrans("", "", '“”‘’「」『』《》〈〉"')
_DOT = re.compile(rf"(?<=[{HAN_RANGES}])\s*[·•・]\s*(?=[{HAN_RANGES}])")
_YEARS = re.compile(rf"({YEAR})\s*年?\s*[{RANGE_MARKS}]+\s*({YEAR})\s*年?")
# A list number left at the start of a task or domain title, as printed: （一） （1） 1） 一、 1. 第一， ①.
_ENUMERATION = re.compile(
    rf"^\s*(?:{MARKER_PAREN_CN}|{MARKER_PAREN_ARABIC}|{MARKER_CLOSE_ARABIC}|{MARKER_CN}|{MARKER_ARABIC}"
    rf"|{MARKER_DI}|{MARKER_CIRCLED})\s*"
)
_TRAILING = re.compile(r"[。;,:!?\s]+$")


def normalize(zh: str, kind: str | None = None) -> str:
    """Return the name as the labeller reads it: NFKC, no Chinese quotes, year ranges as 2023–2025, and
    a task or domain title without its list number."""
    if kind in TITLE_KINDS:
        # Before NFKC, which turns ① into 1 and the full-width comma of 第一， into a comma.
        zh = _ENUMERATION.sub("", zh)
    text = unicodedata.normalize("NFKC", zh).translate(_QUOTES)
    # Accented Latin letters lose their accents (Café -> Cafe); Chinese has no combining marks.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _DOT.sub("", text)
    text = _YEARS.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)
    return _TRAILING.sub("", text).strip()

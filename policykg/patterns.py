"""The shared vocabulary of text patterns: Han characters, digits and numbers as printed.

One definition of each character class, used by the builder's rules, the English labels, the checks
and the server's search alike. Pure ``re``: importing this module loads nothing else.
"""

from __future__ import annotations

import re

#: Han characters: the CJK Unified Ideographs with Extension A, the compatibility ideographs, and
#: the supplementary planes' extensions B onwards.
HAN_RANGES = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: One Han character.
HAN = re.compile(f"[{HAN_RANGES}]")
#: A run of Han characters.
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
#: An Arabic number as printed: digits with optional thousands separators and decimals (1,257.5).
ARABIC = r"(?:\d{1,3}(?:,\d{3}(?!\d))+|\d+)(?:\.\d+)?"


def has_han(text: str) -> bool:
    """Whether ``text`` holds at least one Han character."""
    return HAN.search(text) is not None

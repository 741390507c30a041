"""The reading form of a stored document: what extraction reads, character for character.

The stored text (graph_builder/documents.py normalize()) is what offsets point into. Extraction reads
a form of the same length, so that every offset found in it is an offset into the stored text too:
- traditional characters read as simplified (OpenCC t2s, one character for one; a line whose phrase
  conversion would change its length is converted character by character);
- full-width digits, letters and the percent sign read as half-width (０１２ -> 012, ％ -> %);
- page chrome (graph_builder/text/chrome.py) is blanked.
Records made from the reading form quote the stored text again with ``restore_spans``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any, TypeVar

from policykg.graph_builder.records import Span
from policykg.graph_builder.text.chrome import find_chrome, mask_chrome
from policykg.patterns import HAN

# A text is read as traditional when this share of its Han characters changes under t2s (simplified
# text changes in well under a thousandth: 乾 or 著 in a phrase).
_TRADITIONAL_SHARE = 0.01
_FULL_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULL_WIDTH |= {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
_FULL_WIDTH |= {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
_FULL_WIDTH |= {"％": "%"}
_FULL_WIDTH_RE = re.compile(f"[{''.join(_FULL_WIDTH)}]")
# A full-width point or dash between digits: １２．５ -> 12.5, ２０２３－０５ -> 2023-05.
_FULL_POINT = re.compile(r"(?<=[0-9０-９])[．－](?=[0-9０-９])")

R = TypeVar("R")


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Return ``text`` in simplified characters, of the same length, if it is written in traditional ones."""
    converter = _converter()
    converted = converter.convert(text)
    if converted == text:  # simplified text, the usual case
        return text
    han = HAN.findall(text)
    if len(converted) == len(text):
        changed = sum(a != b for a, b in zip(text, converted, strict=True))
        return converted if han and changed / len(han) >= _TRADITIONAL_SHARE else text
    lines = []
    for line in text.split("\n"):
        out = converter.convert(line)
        lines.append(out if len(out) == len(line) else "".join(converter.convert(c) or c for c in line))
    joined = "\n".join(lines)
    if len(joined) != len(text):  # a character that converts to two: keep the text as it is
        return text
    changed = sum(a != b for a, b in zip(text, joined, strict=True))
    return joined if han and changed / len(han) >= _TRADITIONAL_SHARE else text


def half_width(text: str) -> str:
    """Return ``text`` with full-width digits, letters, % and points in numbers as half-width."""
    text = _FULL_POINT.sub(lambda m: "." if m.group(0) == "．" else "-", text)
    return _FULL_WIDTH_RE.sub(lambda m: _FULL_WIDTH[m.group(0)], text)


def reading_text(text: str) -> str:
    """Return the reading form of a stored text: same length, simplified, half-width, chrome blanked."""
    reading = half_width(simplified(text))
    reading = mask_chrome(reading, find_chrome(reading))
    assert len(reading) == len(text), "the reading form must keep every offset"
    return reading


def restore_spans(record: R, text: str, reading: str) -> R:
    """Return a record (and the records in it) whose spans quote ``text``, the stored text, again.

    ``reading`` is the reading form the record was made from (a span's sentence is a stripped slice).
    """
    if isinstance(record, Span):
        found = reading.find(record.sentence, record.sentence_start) if record.sentence else -1
        sentence = text[found : found + len(record.sentence)] if found >= 0 else record.sentence
        return dataclasses.replace(record, text=text[record.start : record.end], sentence=sentence)
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        changes = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            restored = _restore_value(value, text, reading)
            if restored is not value:
                changes[f.name] = restored
        return dataclasses.replace(record, **changes) if changes else record
    return record


def _restore_value(value: Any, text: str, reading: str) -> Any:
    if isinstance(value, tuple) and any(dataclasses.is_dataclass(v) for v in value):
        return tuple(restore_spans(v, text, reading) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return restore_spans(value, text, reading)
    return value
